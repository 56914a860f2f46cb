// libFuzzer target: request bodies as the kernel's JSON parser reads them. Checked besides "no crash":
// - a refusal is a JSONParseError whose offset lies within the input;
// - an accepted value serializes to JSON that parses to the same value (numbers compared as
//   numbers: 2.0 is written "2" and reads back as the integer 2), and serializing that again gives
//   the same bytes; the indented form reads back as the same value too.
import FuzzSupport
import Kernel

@main
enum FuzzJSON {
    static func main() { Fuzz.run(testOneInput) }
}

@_cdecl("LLVMFuzzerTestOneInput")
func testOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Fuzz.bytes(data, size)
    let value: JSON
    do {
        value = try JSONParser.parse(bytes)
    } catch let error as JSONParseError {
        Fuzz.check(error.offset >= 0 && error.offset <= bytes.count, "error offset \(error.offset) outside \(bytes.count) bytes")
        return 0
    } catch {
        Fuzz.check(false, "parser threw \(error)")
        return 0
    }
    let compact = value.bytes
    let again = reparse(compact, "compact")
    Fuzz.check(sameValue(value, again), "compact round trip changed the value: \(value) → \(again)")
    Fuzz.check(again.bytes == compact, "serializing twice differs: \(value.serialized) / \(again.serialized)")
    let pretty = reparse(Array(value.pretty.utf8), "pretty")
    Fuzz.check(pretty.bytes == compact, "the indented form reads back differently: \(pretty.serialized) / \(value.serialized)")
    return 0
}

func reparse(_ bytes: [UInt8], _ form: String) -> JSON {
    do {
        return try JSONParser.parse(bytes)
    } catch {
        Fuzz.check(false, "the \(form) serialization does not parse (\(error)): \(String(decoding: bytes, as: UTF8.self))")
        return .null
    }
}

/// The same JSON value, strings compared scalar by scalar (not by Swift's canonical equivalence)
/// and numbers as numbers.
func sameValue(_ a: JSON, _ b: JSON) -> Bool {
    switch (a, b) {
    case (.null, .null): return true
    case let (.bool(x), .bool(y)): return x == y
    case let (.string(x), .string(y)): return Array(x.unicodeScalars) == Array(y.unicodeScalars)
    case let (.array(x), .array(y)): return x.count == y.count && zip(x, y).allSatisfy { sameValue($0, $1) }
    case let (.object(x), .object(y)):
        return x.count == y.count && zip(x, y).allSatisfy {
            Array($0.key.unicodeScalars) == Array($1.key.unicodeScalars) && sameValue($0.value, $1.value)
        }
    case (.int, .int), (.int, .double), (.double, .int), (.double, .double):
        return number(a) == number(b)
    default: return false
    }
}

func number(_ value: JSON) -> Double? {
    switch value {
    case .int(let v): return Double(v)
    case .double(let v): return v
    default: return nil
    }
}
