// Imports of thousands of rows through the real CLI (issue 23): one transaction, all or nothing,
// every bad row named by its line; progress on a terminal only, never with --json or when piped.
import App
import CLI
import Foundation
import Kernel
import TestSupport
import XCTest

final class BulkImportTests: XCTestCase {
    /// `rows` people with distinct valid identity numbers; the row on line `badLine` (the header is
    /// line 1) gets a wrong check character.
    static func peopleCSV(rows: Int, badLine: Int? = nil) -> String {
        var lines = ["name,identity_number,phone"]
        for index in 0..<rows {
            let month = 1 + (index / 28) % 12, day = 1 + index % 28, order = index / 336
            let first17 = "110101" + "1980" + pad(month, 2) + pad(day, 2) + pad(order, 3)
            var number = IdentityNumber.complete(first17)!
            if index + 2 == badLine {
                let right = number.removeLast()
                number.append(right == "1" ? "2" : "1")
            }
            lines.append("批量\(index),\(number),1380000\(pad(index, 4))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func pad(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }

    func count(_ test: TestApplication, _ sql: String) throws -> Int64 { try test.core.read { try $0.scalarInt(sql) } }

    func testFiveThousandRowsWithOneBadRowWriteNothingAndNameItsLine() throws {
        let test = try TestApplication(demo: true)
        let people = try count(test, "SELECT count(*) FROM registry_people")
        let audit = try count(test, "SELECT count(*) FROM kernel_audit")
        let file = test.folder.file("people.csv")
        try Self.peopleCSV(rows: 5_000, badLine: 4_321).write(toFile: file, atomically: true, encoding: .utf8)

        let rejected = test.cli(["org", "people", "import", file])
        XCTAssertNotEqual(rejected.code, 0)
        XCTAssertTrue(rejected.err.contains("line 4321"), rejected.err)
        XCTAssertTrue(rejected.err.contains("1 bad row"), "only that row is bad: \(rejected.err)")
        XCTAssertEqual(try count(test, "SELECT count(*) FROM registry_people"), people, "nothing written")
        XCTAssertEqual(try count(test, "SELECT count(*) FROM kernel_audit"), audit, "not even an audit record")

        try Self.peopleCSV(rows: 5_000).write(toFile: file, atomically: true, encoding: .utf8)
        let imported = test.cli(["org", "people", "import", file])
        XCTAssertEqual(imported.code, 0, imported.err)
        XCTAssertEqual(try count(test, "SELECT count(*) FROM registry_people"), people + 5_000)
        XCTAssertEqual(try count(test, "SELECT count(*) FROM kernel_audit"), audit + 5_000, "one audit record per person, as one by one")
        XCTAssertTrue(try test.core.read { try AuditLog.verify($0) }.isIntact)
    }

    /// Runs the real command tree with stderr taken for a terminal (or not).
    func run(_ test: TestApplication, _ arguments: [String], terminal: Bool) -> (code: Int32, out: String, err: String) {
        let out = Locked(""), err = Locked("")
        let output = Output(writeOut: { text in out.withLock { $0 += text } }, writeErr: { text in err.withLock { $0 += text } },
                            stderrIsTerminal: terminal)
        let code = App.run(arguments + ["--db", test.path], output: output, clock: test.clock)
        return (code, out.current, err.current)
    }

    func testProgressOnlyOnATerminalAndNeverWithJSON() throws {
        let test = try TestApplication(demo: true)
        let csv = Self.peopleCSV(rows: 600)
        let lines = csv.split(separator: "\n")
        func file(_ name: String, _ rows: ArraySlice<Substring>) throws -> String {
            let path = test.folder.file(name)
            try ([String(lines[0])] + rows.map(String.init)).joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
            return path
        }

        let shown = run(test, ["org", "people", "import", try file("a.csv", lines[1...200])], terminal: true)
        XCTAssertEqual(shown.code, 0, shown.err)
        XCTAssertTrue(shown.err.contains("\r导入 (import) people 200/200"), shown.err)
        XCTAssertTrue(shown.err.hasSuffix("\n"), "the progress line is ended before the result")
        XCTAssertFalse(shown.out.contains("\r"), "progress goes to stderr only")
        XCTAssertTrue(shown.out.contains("imported 200 people"), shown.out)

        let json = run(test, ["org", "people", "import", try file("b.csv", lines[201...400]), "--json"], terminal: true)
        XCTAssertEqual(json.code, 0, json.err)
        XCTAssertEqual(json.err, "", "no progress with --json")
        XCTAssertEqual((try JSONParser.parse(json.out))["imported"]?.intValue, 200)

        let piped = run(test, ["org", "people", "import", try file("c.csv", lines[401...])], terminal: false)
        XCTAssertEqual(piped.code, 0, piped.err)
        XCTAssertEqual(piped.err, "", "no progress when stderr is not a terminal")
        XCTAssertEqual(try count(test, "SELECT count(*) FROM registry_people WHERE name LIKE '批量%'"), 600)
    }
}
