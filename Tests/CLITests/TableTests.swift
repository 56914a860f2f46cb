import XCTest
@testable import CLI

final class TableTests: XCTestCase {
    /// The display column each cell starts at, found by walking the line with the known widths.
    private func startColumns(_ line: String, cells: [String]) -> [Int] {
        var columns: [Int] = []
        var rest = Substring(line)
        var column = 0
        for cell in cells {
            while rest.first == " " { rest = rest.dropFirst(); column += 1 }
            columns.append(column)
            XCTAssertTrue(rest.hasPrefix(cell), "'\(rest)' should start with '\(cell)'")
            rest = rest.dropFirst(cell.count)
            column += displayWidth(cell)
        }
        XCTAssertTrue(rest.isEmpty, "trailing text '\(rest)'")
        return columns
    }

    func testChineseAndASCIIColumnsStartAtTheSameDisplayColumn() {
        let rows = [["1", "区安委办", "open"], ["22", "Fire brigade", "closed"], ["333", "东城镇", "待整改"]]
        let text = Table.render(columns: ["ID", "单位", "Status"], rows: rows)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        XCTAssertEqual(lines.count, 6) // header, separator, three rows, and the empty tail after the last newline
        XCTAssertEqual(lines.last, "")
        let expected = [0, 5, 19]
        XCTAssertEqual(startColumns(lines[0], cells: ["ID", "单位", "Status"]), expected)
        for (index, row) in rows.enumerated() {
            XCTAssertEqual(startColumns(lines[index + 2], cells: row), expected, lines[index + 2])
        }
        XCTAssertEqual(lines[1], "---  ------------  ------")
        XCTAssertEqual(lines[2], "1    区安委办      open")
        XCTAssertEqual(lines[4], "333  东城镇        待整改")
    }

    func testEveryLineHasTheSameWidthWhenTheLastColumnIsFull() {
        let text = Table.render(columns: ["单位", "N"], rows: [["区安委办", "1"], ["abc", "2"], ["区应急管理局", "3"]])
        let widths = text.split(separator: "\n").map { displayWidth(String($0)) }
        XCTAssertEqual(widths, [15, 15, 15, 15, 15])
    }

    func testNoTrailingSpacesAndEmptyCells() {
        let text = Table.render(columns: ["A", "B", "C"], rows: [["x", "", ""], ["", "y", "long value"]])
        for line in text.split(separator: "\n") { XCTAssertFalse(line.hasSuffix(" "), "'\(line)'") }
        XCTAssertEqual(text, "A  B  C\n-  -  ----------\nx\n   y  long value\n")
    }

    func testNewlinesAndTabsInCellsStayOnOneLine() {
        let text = Table.render(columns: ["Note"], rows: [["first\nsecond\tthird"]])
        XCTAssertEqual(text, "Note\n------------------\nfirst second third\n")
    }

    func testShortRowsArePaddedAndLongRowsKept() {
        let text = Table.render(columns: ["A", "B"], rows: [["1"], ["1", "2", "3"]])
        XCTAssertEqual(text, "A  B\n-  -  -\n1\n1  2  3\n")
    }

    func testHeaderOnlyWhenThereAreNoRows() {
        XCTAssertEqual(Table.render(columns: ["编号", "名称"], rows: []), "编号  名称\n----  ----\n")
        XCTAssertEqual(Table.render(columns: [], rows: []), "")
    }

    func testOutputTableWritesToStdout() {
        let capture = Capture()
        capture.output.table(columns: ["A"], rows: [["区"]])
        XCTAssertEqual(capture.stdout, "A\n--\n区\n")
        XCTAssertEqual(capture.stderr, "")
    }
}
