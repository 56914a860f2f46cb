import XCTest
@testable import CLI

final class CSVRenderTests: XCTestCase {
    func testPlainFieldsWithCRLF() {
        let text = CSV.render(columns: ["id", "name"], rows: [["1", "区安委办"], ["2", "东城镇"]], byteOrderMark: false)
        XCTAssertEqual(text, "id,name\r\n1,区安委办\r\n2,东城镇\r\n")
    }

    func testQuotingOfCommasQuotesAndLineBreaks() {
        let text = CSV.render(columns: ["a", "b", "c", "d", "e"],
                              rows: [["x,y", "say \"hi\"", "one\ntwo", "cr\rlf", "plain"]], byteOrderMark: false)
        XCTAssertEqual(text, "a,b,c,d,e\r\n\"x,y\",\"say \"\"hi\"\"\",\"one\ntwo\",\"cr\rlf\",plain\r\n")
    }

    func testByteOrderMark() {
        let text = CSV.render(columns: ["单位"], rows: [], byteOrderMark: true)
        XCTAssertEqual(Array(text.unicodeScalars).first, "\u{FEFF}")
        XCTAssertEqual(String(text.unicodeScalars.dropFirst()), "单位\r\n")
        XCTAssertEqual(Array(text.utf8.prefix(3)), [0xEF, 0xBB, 0xBF])
    }

    func testOutputCSVWritesWithBOMToStdout() {
        let capture = Capture()
        capture.output.csv(columns: ["a"], rows: [["1,5"]])
        XCTAssertEqual(capture.stdout, "\u{FEFF}a\r\n\"1,5\"\r\n")
        XCTAssertEqual(capture.stderr, "")
    }
}

final class CSVParseTests: XCTestCase {
    func testSimpleRecordsWithLineNumbers() throws {
        let records = try CSV.parse("a,b\n1,2\n3,4\n")
        XCTAssertEqual(records, [CSVRecord(line: 1, fields: ["a", "b"]),
                                 CSVRecord(line: 2, fields: ["1", "2"]),
                                 CSVRecord(line: 3, fields: ["3", "4"])])
    }

    func testCRLFAndNoFinalLineBreak() throws {
        let records = try CSV.parse("a,b\r\n1,2")
        XCTAssertEqual(records.map(\.fields), [["a", "b"], ["1", "2"]])
        XCTAssertEqual(records.map(\.line), [1, 2])
    }

    func testLeadingBOMIsStripped() throws {
        let records = try CSV.parse("\u{FEFF}单位,人数\r\n区安委办,3\r\n")
        XCTAssertEqual(records.first?.fields, ["单位", "人数"])
        XCTAssertEqual(records.last?.fields, ["区安委办", "3"])
    }

    func testQuotedFieldsWithCommasQuotesAndNewlines() throws {
        let records = try CSV.parse("\"x,y\",\"say \"\"hi\"\"\",\"one\r\ntwo\"\r\n")
        XCTAssertEqual(records, [CSVRecord(line: 1, fields: ["x,y", "say \"hi\"", "one\r\ntwo"])])
    }

    func testLineNumbersAfterAMultiLineQuotedField() throws {
        let text = "id,note\n1,\"first\nsecond\nthird\"\n2,short\n3,\"a\r\nb\"\r\n4,end\n"
        let records = try CSV.parse(text)
        XCTAssertEqual(records.map(\.line), [1, 2, 5, 6, 8])
        XCTAssertEqual(records[1].fields, ["1", "first\nsecond\nthird"])
        XCTAssertEqual(records[2].fields, ["2", "short"])
        XCTAssertEqual(records[3].fields, ["3", "a\r\nb"])
        XCTAssertEqual(records[4].fields, ["4", "end"])
    }

    func testEmptyFieldsAndBlankLines() throws {
        let records = try CSV.parse("a,,c\n\n,\n\"\"\n\r\nz\n")
        XCTAssertEqual(records, [CSVRecord(line: 1, fields: ["a", "", "c"]),
                                 CSVRecord(line: 3, fields: ["", ""]),
                                 CSVRecord(line: 4, fields: [""]),
                                 CSVRecord(line: 6, fields: ["z"])])
    }

    func testEmptyInput() throws {
        XCTAssertEqual(try CSV.parse(""), [])
        XCTAssertEqual(try CSV.parse("\u{FEFF}"), [])
    }

    func testUnterminatedQuoteNamesTheLineItOpenedOn() {
        XCTAssertThrowsError(try CSV.parse("a,b\n1,2\n3,\"never closed\n4,5\n")) { error in
            guard let error = error as? CSVError else { return XCTFail("\(error)") }
            XCTAssertEqual(error.line, 3)
            XCTAssertTrue(error.message.contains("unterminated"), error.message)
            XCTAssertTrue(error.description.hasPrefix("line 3: "), error.description)
        }
    }

    func testTextAfterAClosingQuoteIsAnError() {
        XCTAssertThrowsError(try CSV.parse("a\n\"x\"y,z\n")) { error in
            XCTAssertEqual((error as? CSVError)?.line, 2)
        }
    }

    func testRoundTrip() throws {
        let columns = ["编号", "名称", "备注"]
        let rows = [["1", "区安委办", "含,逗号"], ["2", "say \"hi\"", "多\n行\r\n文本"], ["3", "", " spaces "]]
        let text = CSV.render(columns: columns, rows: rows, byteOrderMark: true)
        let records = try CSV.parse(text)
        XCTAssertEqual(records.map(\.fields), [columns] + rows)
        XCTAssertEqual(records.map(\.line), [1, 2, 3, 6])
    }
}

/// The one CSV writer neutralises cells a spreadsheet would run as formulas (OWASP).
final class CSVFormulaTests: XCTestCase {
    func testFormulaCellsGetALeadingQuote() {
        let text = CSV.render(columns: ["a"], rows: [["=HYPERLINK(\"http://x\",\"点此\")"], ["+cmd|' /C calc'!A0"], ["-2+3"], ["@SUM(1)"], ["\tx"], ["\rx"], ["东城镇"], ["3"]], byteOrderMark: false)
        let lines = text.components(separatedBy: "\r\n")
        XCTAssertEqual(lines[1], "\"'=HYPERLINK(\"\"http://x\"\",\"\"点此\"\")\"")
        XCTAssertEqual(lines[2], "'+cmd|' /C calc'!A0")
        XCTAssertEqual(lines[3], "'-2+3")
        XCTAssertEqual(lines[4], "'@SUM(1)")
        XCTAssertEqual(lines[5], "'\tx")
        XCTAssertTrue(lines[6].hasPrefix("\"'\r"))
        XCTAssertTrue(text.contains("\r\n东城镇\r\n3\r\n"))
    }
}
