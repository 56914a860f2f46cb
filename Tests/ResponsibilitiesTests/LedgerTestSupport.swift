// Shared helpers: a demo database per test class (optionally without this module's demo plan),
// the seed as a file, and small queries.
import Foundation
import Kernel
import TestSupport
import XCTest
@testable import Responsibilities

/// One demo database per test class (building it costs seconds), shared by the class's tests.
class ResponsibilitiesTestCase: XCTestCase {
    nonisolated(unsafe) private static var shared: [ObjectIdentifier: TestApplication] = [:]

    /// The class's database: the demo on 2024-06-15 unless the class makes another.
    class func makeApplication() throws -> TestApplication {
        try TestApplication(demo: true, today: CalendarDate(year: 2024, month: 6, day: 15)!)
    }

    override class func setUp() {
        super.setUp()
        shared[ObjectIdentifier(self)] = try? makeApplication()
    }

    override class func tearDown() {
        shared[ObjectIdentifier(self)] = nil
        super.tearDown()
    }

    func app() throws -> TestApplication { try XCTUnwrap(Self.shared[ObjectIdentifier(type(of: self))], "demo database") }
}

enum LedgerTestSupport {
    /// A demo database whose responsibilities tables are emptied (a registry, users, no plan yet).
    static func demoWithoutPlan(today: CalendarDate) throws -> TestApplication {
        let test = try TestApplication(demo: true, today: today)
        try test.core.database.write { db in
            for table in ["responsibilities_event_attachments", "responsibilities_attachments", "responsibilities_line_events", "responsibilities_lines",
                          "responsibilities_clause_units", "responsibilities_clauses", "responsibilities_designations", "responsibilities_tasks", "responsibilities_sections",
                          "responsibilities_plan_revisions", "responsibilities_plans"] {
                try db.execute("DELETE FROM \(table)")
            }
        }
        return test
    }

    /// Writes `bytes` to a file in the test's folder; returns its path.
    static func file(_ test: TestApplication, _ name: String, _ bytes: [UInt8]) -> String {
        let path = test.folder.file(name)
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    static func seedFile(_ test: TestApplication) -> String { file(test, "seed.txt", Array(PlanSeedFixture.text.utf8)) }

    static func count(_ test: TestApplication, _ sql: String, _ args: [any DatabaseValueConvertible] = []) throws -> Int64 {
        try test.core.read { try $0.scalarInt(sql, args) }
    }

    static func json(_ text: String, file: StaticString = #filePath, line: UInt = #line) throws -> JSON {
        do { return try JSONParser.parse(Array(text.utf8)) } catch {
            XCTFail("not JSON: \(text.prefix(300))", file: file, line: line)
            throw error
        }
    }

    /// Every item of a paged list command: its pages (`--limit 200`) one after another, each
    /// following the cursor the previous one printed on stderr.
    static func allPages(_ test: TestApplication, _ arguments: [String], file: StaticString = #filePath, line: UInt = #line) throws -> [JSON] {
        var items: [JSON] = []
        var after: String?
        repeat {
            let run = test.cli(arguments + ["--json", "--limit", "200"] + (after.map { ["--after", $0] } ?? []))
            XCTAssertEqual(run.code, 0, run.err, file: file, line: line)
            items += try json(run.out, file: file, line: line).arrayValue ?? []
            after = run.err.components(separatedBy: "--after ").dropFirst().first?.trimmingCharacters(in: .whitespacesAndNewlines)
        } while after != nil && items.count < 100_000
        return items
    }

    /// The id of the plan task numbered `number`.
    static func taskID(_ test: TestApplication, _ number: String) throws -> Int64 {
        try count(test, "SELECT id FROM responsibilities_tasks WHERE number = ? AND plan_id IS NOT NULL", [number])
    }
}

extension Date {
    static func at(_ date: CalendarDate) -> Date { date.startInstant }
}
