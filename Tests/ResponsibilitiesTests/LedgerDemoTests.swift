// The demo's living ledger: the seed plan imported, a spread of states, (四)'s 2月底前 line
// green on 2024-02-01 and red on 2024-03-01, filters by colour and unit, CSV.
import Foundation
import Kernel
import TestSupport
import XCTest
@testable import Responsibilities

final class LedgerDemoTests: ResponsibilitiesTestCase {

    func testDemoHoldsTheSeedPlanWithARealisticSpread() throws {
        let test = try app()
        let plans = try LedgerTestSupport.json(test.cli(["responsibilities", "plan", "list", "--json"]).out)
        XCTAssertEqual(plans.arrayValue?.count, 1)
        XCTAssertEqual(plans.arrayValue?.first?["task_count"]?.intValue, 8)
        let lines = try LedgerTestSupport.allPages(test, ["responsibilities", "ledger", "list"])
        // 有关成员单位 clauses wait for the office (待明确): no lines for 55 units that were never given the task (issue 19).
        XCTAssertGreaterThan(lines.count, 200)
        XCTAssertLessThan(lines.count, 400)
        XCTAssertEqual(Set(lines.compactMap { $0["id"]?.intValue }).count, lines.count, "each line once across the pages")
        let statuses = Set(lines.compactMap { $0["status"]?.stringValue })
        XCTAssertEqual(statuses, ["assigned", "signed", "inProgress", "reported", "closed"])
        let colours = Dictionary(grouping: lines, by: { $0["colour"]?.stringValue ?? "" }).mapValues(\.count)
        XCTAssertGreaterThan(colours["red"] ?? 0, 20)
        XCTAssertGreaterThan(colours["green"] ?? 0, colours["red"] ?? 0)
        XCTAssertGreaterThan(colours["yellow"] ?? 0, 0)
        XCTAssertTrue(lines.allSatisfy { !($0["colour_reason"]?.stringValue ?? "").isEmpty })
        XCTAssertTrue(lines.contains { $0["unit_kind"]?.stringValue == "territory" }, "territories have lines too")
        // Importing the seed again on the demo database changes nothing.
        let again = test.cli(["responsibilities", "plan", "import", LedgerTestSupport.seedFile(test), "--year", "2024", "--json"])
        XCTAssertEqual(try LedgerTestSupport.json(again.out)["created"], .bool(false))
        XCTAssertEqual(try LedgerTestSupport.count(test, "SELECT count(*) FROM responsibilities_plans"), 1)
    }

    func testTaskFourFebruaryLineIsGreenOnFebruaryFirstAndRedOnMarchFirst() throws {
        let test = try app()
        let four = try LedgerTestSupport.taskID(test, "(四)")
        let arguments = ["responsibilities", "ledger", "list", "--task-id", String(four), "--unit", "区安委办", "--period", "2024-02-29", "--json"]
        test.clock.set(CalendarDate(year: 2024, month: 2, day: 1)!)
        defer { test.clock.set(CalendarDate(year: 2024, month: 6, day: 15)!) }
        let february = try XCTUnwrap(LedgerTestSupport.json(test.cli(arguments).out).arrayValue?.first)
        XCTAssertEqual(february["colour"]?.stringValue, "green", Render.cell(february["colour_reason"]))
        XCTAssertEqual(february["due"]?.stringValue, "2024-02-29")
        XCTAssertEqual(february["progress"]?.intValue, 45, "only what was reported by that day counts")
        test.clock.set(CalendarDate(year: 2024, month: 3, day: 1)!)
        let march = try XCTUnwrap(LedgerTestSupport.json(test.cli(arguments).out).arrayValue?.first)
        XCTAssertEqual(march["colour"]?.stringValue, "red")
        XCTAssertEqual(march["colour_reason"]?.stringValue, "逾期:截止2024-02-29,已逾期1天,未报完成(规则R1)")
        XCTAssertEqual(march["colour_code"]?.stringValue, "overdue")
        // The task's own colour follows its worst line.
        let task = try LedgerTestSupport.json(test.cli(["responsibilities", "tasks", "show", String(four), "--json"]).out)
        XCTAssertEqual(task["colour"]?.stringValue, "red")
        XCTAssertTrue(task["colour_reason"]?.stringValue?.contains("区安委办 2024-02-29") ?? false, Render.cell(task["colour_reason"]))
    }

    func testTasksListFiltersByColourAndUnit() throws {
        let test = try app()
        let run = test.cli(["responsibilities", "tasks", "list", "--colour", "red", "--unit", "区发改局", "--json"])
        XCTAssertEqual(run.code, 0, run.err)
        let tasks = try LedgerTestSupport.json(run.out).arrayValue ?? []
        XCTAssertFalse(tasks.isEmpty)
        XCTAssertTrue(tasks.allSatisfy { $0["colour"]?.stringValue == "red" && ($0["red"]?.intValue ?? 0) > 0 })
        XCTAssertTrue(tasks.contains { $0["number"]?.stringValue == "(七)" })
        let lines = try LedgerTestSupport.json(test.cli(["responsibilities", "ledger", "list", "--colour", "red", "--unit", "区发改局", "--json"]).out).arrayValue ?? []
        XCTAssertTrue(lines.allSatisfy { $0["unit_name"]?.stringValue == "区发改局" && $0["colour"]?.stringValue == "red" })
        let table = test.cli(["responsibilities", "tasks", "list", "--colour", "红", "--unit", "区发改局"])
        XCTAssertTrue(table.out.contains("强化组织领导"), table.out)
        let csv = test.cli(["responsibilities", "tasks", "list", "--colour", "red", "--csv"])
        XCTAssertTrue(csv.out.hasPrefix("\u{FEFF}id,") || csv.out.hasPrefix("id,"), String(csv.out.prefix(40)))
        let bad = test.cli(["responsibilities", "tasks", "list", "--colour", "purple"])
        XCTAssertEqual(bad.code, 5)
        XCTAssertTrue(bad.err.contains("colour"), bad.err)
        let unknown = test.cli(["responsibilities", "tasks", "list", "--unit", "区火星局"])
        XCTAssertEqual(unknown.code, 5)
        XCTAssertTrue(unknown.err.contains("区火星局"), unknown.err)
    }
}
