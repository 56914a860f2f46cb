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
}
