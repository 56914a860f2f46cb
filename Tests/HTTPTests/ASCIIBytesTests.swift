import XCTest
@testable import HTTP

/// A header value searched for a lowercase ASCII text (`Accept` for `text/csv`) without lowering
/// a copy of it: the same answers as `lowercased().contains("text/csv")`, for cases, parameters,
/// lists and non-ASCII text.
final class ASCIIBytesTests: XCTestCase {
    func testFindsTextCSVInAnyCaseAsLoweringTheFieldDid() {
        var fields = ["", "*/*", "text/csv", "TEXT/CSV", "Text/Csv; charset=utf-8", "application/json, text/csv;q=0.9",
                      "text/cs", "ext/csv", "text/csvx", "application/json", "text /csv", "text/\u{17F}v", "\u{212A}text/csv",
                      "TEXT/ＣＳＶ", "文本/csv", "text/csv文本", "İtext/csv", "t", "text/CSV\u{0}"]
        let pieces = ["text", "/", "csv", "TEXT", "CSV", "t", "c", "ß", "İ", "\u{212A}", ",", ";", " ", "é", "文"]
        var seed: UInt64 = 0x5EED
        for _ in 0..<3_000 {
            var field = ""
            for _ in 0..<Int(seed % 7) {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                field += pieces[Int(seed >> 33) % pieces.count]
            }
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            fields.append(field)
        }
        var found = 0
        for field in fields {
            let expected = field.lowercased().contains("text/csv")
            XCTAssertEqual(HTTPHeaders([("Accept", field)]).value("Accept", containsIgnoringCase: "text/csv"), expected, field)
            if expected { found += 1 }
        }
        XCTAssertGreaterThan(found, 10, "enough fields that contain it")
    }
}
