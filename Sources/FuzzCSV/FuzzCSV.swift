// libFuzzer target: spreadsheet files as `CSV.parse` reads them (the input as UTF-8, invalid bytes
// replaced as the CLI's file reader does). Checked besides "no crash":
// - a refusal is a CSVError naming a line of the text;
// - records start on increasing lines, each has at least one field;
// - the records written back by `CSV.render` (with and without a BOM) parse to the same fields,
//   compared scalar by scalar, after the writer's formula neutralising (a leading ', see
//   `CSV.neutralise`), and `CSV.line` writes each record as `render` does.
import CLI
import FuzzSupport

@main
enum FuzzCSV {
    static func main() { Fuzz.run(testOneInput) }
}

@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let text = String(decoding: Fuzz.bytes(data, size), as: UTF8.self)
    let lineCount = text.unicodeScalars.reduce(into: (count: 1, previous: Unicode.Scalar(0))) { state, scalar in
        if scalar == "\r" || (scalar == "\n" && state.previous != "\r") { state.count += 1 }
        state.previous = scalar
    }.count
    let records: [CSVRecord]
    do {
        records = try CSV.parse(text)
    } catch let error as CSVError {
        Fuzz.check(error.line >= 1 && error.line <= lineCount, "error on line \(error.line) of \(lineCount)")
        return 0
    } catch {
        Fuzz.check(false, "parser threw \(error)")
        return 0
    }
    var last = 0
    for record in records {
        Fuzz.check(record.line > last && record.line <= lineCount, "record on line \(record.line) after line \(last) of \(lineCount)")
        Fuzz.check(!record.fields.isEmpty, "a record without fields on line \(record.line)")
        last = record.line
    }
    guard let columns = records.first?.fields else { return 0 }
    let rows = records.dropFirst().map(\.fields)
    let expected = records.map { $0.fields.map { scalars(CSV.neutralise($0)) } }
    for bom in [true, false] {
        let written = CSV.render(columns: columns, rows: Array(rows), byteOrderMark: bom)
        Fuzz.check(written == (bom ? "\u{FEFF}" : "") + records.map { CSV.line($0.fields) }.joined(), "render and line differ")
        do {
            let back = try CSV.parse(written).map { $0.fields.map(scalars) }
            Fuzz.check(back == expected, "records written back (BOM: \(bom)) read as \(back), expected \(expected)")
        } catch {
            Fuzz.check(false, "records written back (BOM: \(bom)) do not parse: \(error)\n\(written.debugDescription)")
        }
    }
    return 0
}

func scalars(_ text: String) -> [UInt32] { text.unicodeScalars.map(\.value) }
