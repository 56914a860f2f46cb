import CLI
import XCTest

/// Inputs the CSV fuzz target (Sources/FuzzCSV) found, each kept as the failure it showed: records
/// written by `CSV.render` must read back as the same records.
final class CSVFuzzRegressionTests: XCTestCase {
    /// `,,\n""\n`: the second record is one empty field; written as an empty line it was read back
    /// as no record at all (blank lines are skipped), so a row went missing on re-import.
    func testARecordOfOneEmptyFieldSurvivesTheRoundTrip() throws {
        let records = try CSV.parse(",,\n\"\"\n")
        XCTAssertEqual(records.map(\.fields), [["", "", ""], [""]])
        let text = CSV.render(columns: records[0].fields, rows: [records[1].fields], byteOrderMark: true)
        XCTAssertEqual(text, "\u{FEFF},,\r\n\"\"\r\n")
        XCTAssertEqual(try CSV.parse(text).map(\.fields), [["", "", ""], [""]])
        XCTAssertEqual(CSV.line([""]), "\"\"\r\n")
        XCTAssertEqual(try CSV.parse(CSV.render(columns: ["备注"], rows: [[""], ["x"], [""]], byteOrderMark: false)).map(\.fields),
                       [["备注"], [""], ["x"], [""]])
    }

    /// The fuzzer's input below holds a field with a quote followed by a combining mark (U+0610).
    /// The writer compared Characters, and a quote with a combining mark is one Character that is
    /// not `"`: the quote was not doubled and the written field did not parse.
    func testAQuoteFollowedByACombiningMarkIsDoubled() throws {
        let input: [UInt8] = [
            0x2c, 0xcd, 0x24, 0x31, 0xcd, 0xcd, 0xcd, 0xcd, 0xcd, 0xcd, 0xcd, 0xcd, 0xcd, 0xcd, 0xcd, 0xcd,
            0x1e, 0x00, 0x00, 0x00, 0x00, 0x15, 0x00, 0x00, 0x00, 0x00, 0x00, 0x61, 0x8b, 0x00, 0x22, 0xd8,
            0x90, 0x00, 0x7d, 0x9a, 0x6d,
        ]
        let records = try CSV.parse(String(decoding: input, as: UTF8.self))
        let text = CSV.render(columns: records[0].fields, rows: [], byteOrderMark: true)
        XCTAssertEqual(try CSV.parse(text).map { $0.fields.map { Array($0.unicodeScalars) } },
                       records.map { $0.fields.map { Array($0.unicodeScalars) } })

        let field = "say \"\u{301}hi\""
        XCTAssertEqual(CSV.field(field), "\"say \"\"\u{301}hi\"\"\"")
        XCTAssertEqual(try CSV.parse(CSV.line(["a", field])).map(\.fields), [["a", field]])
    }

    /// `EF BB BF EF BB BF`: a BOM, then a record whose one field is U+FEFF. Written without a BOM the
    /// field came first in the file, unquoted, and the reader dropped it as a BOM: the record was lost.
    func testALeadingZeroWidthNoBreakSpaceIsNotTakenForABOM() throws {
        let input: [UInt8] = [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF]
        let records = try CSV.parse(String(decoding: input, as: UTF8.self))
        XCTAssertEqual(records.map { $0.fields.map { Array($0.unicodeScalars) } }, [[["\u{FEFF}"]]])
        for bom in [false, true] {
            let text = CSV.render(columns: records[0].fields, rows: [["\u{FEFF}x", "y"]], byteOrderMark: bom)
            XCTAssertEqual(try CSV.parse(text).map { $0.fields.map { Array($0.unicodeScalars) } },
                           [[Array("\u{FEFF}".unicodeScalars)], [Array("\u{FEFF}x".unicodeScalars), ["y"]]])
        }
        XCTAssertEqual(CSV.field("\u{FEFF}x"), "\"\u{FEFF}x\"")
    }
}
