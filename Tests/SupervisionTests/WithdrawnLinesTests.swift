// Ledger lines withdrawn in Responsibilities (a plan revision, `plan withdraw`, a unit removed from a
// task) leave the assessment and the ladder from the day withdrawn, through
// `responsibilities.lines.withdrawn`; a date before still shows them. The office is never a target of
// its own ladder, and the reasons name the task by number and title.
import Foundation
import Kernel
import TestSupport
import XCTest
@testable import Supervision

final class WithdrawnLinesTests: XCTestCase {
    /// The seed plan with task (七) 强化组织领导 struck out, as a file.
    private func editedPlan() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let source = try String(contentsOf: root.appendingPathComponent("Sources/Responsibilities/Demo/SeedPlan.swift"), encoding: .utf8)
        let open = try XCTUnwrap(source.range(of: "#\"\"\"\n"))
        let close = try XCTUnwrap(source.range(of: "\n\"\"\"#", range: open.upperBound..<source.endIndex))
        let seed = String(source[open.upperBound..<close.lowerBound])
        XCTAssertTrue(seed.contains("(七)强化组织领导") || seed.contains("(七)"), "the seed has a task (七)")
        let edited = seed.components(separatedBy: "\n").filter { !$0.hasPrefix("(七)") }.joined(separator: "\n")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("anwei-withdrawn-\(UUID().uuidString).txt")
        try edited.write(to: url, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(at: url) }
        return url.path
    }

    private func row(_ csv: String, _ name: String) -> String {
        csv.split(whereSeparator: \.isNewline).map(String.init).first { $0.hasPrefix("成员单位,\(name),") } ?? ""
    }

    func testAWithdrawnTaskLeavesTheAssessmentFromTheDayItWasWithdrawn() throws {
        let test = try DemoFixture.make()
        XCTAssertEqual(test.cli(["tick", "--at", "2024-06-16"]).code, 0)
        func export(_ asOf: String, as user: String = "fgj") -> String {
            let run = test.cli(["supervision", "assessment", "export", "--year", "2024", "--as-of", asOf, "--as", user, "--today", "2024-07-02"])
            XCTAssertEqual(run.code, 0, run.err)
            return run.out
        }
        let before0630 = export("2024-06-30"), before0702 = export("2024-07-02"), officeBefore = export("2024-07-02", as: "anweiban")
        XCTAssertTrue(row(before0702, "区发改局").contains("任务(七)“强化组织领导”"), "the overdue (七) line counts before the withdrawal")
        XCTAssertFalse(before0702.contains("任务 7（"), "the task is named by number and title, not id")

        let imported = test.cli(["responsibilities", "plan", "import", try editedPlan(), "--year", "2024", "--as", "anweiban", "--today", "2024-07-01"])
        XCTAssertEqual(imported.code, 0, imported.err)
        XCTAssertTrue(imported.out.contains("撤销55条"), imported.out)
        XCTAssertEqual(try eventCount(test, "responsibilities.lines.withdrawn"), 1, "one event for the task's 55 lines")
        let summary = try test.core.read { try $0.queryOne("SELECT payload FROM kernel_events WHERE type = 'responsibilities.lines.withdrawn'")?.string("payload") ?? "" }
        XCTAssertTrue(summary.contains("强化组织领导") && summary.contains("2024-07-01"), summary)
        let changes = try test.core.read { try $0.scalarInt("SELECT count(*) FROM supervision_line_changes WHERE action = 'withdrawn' AND date = '2024-07-01'") }
        XCTAssertEqual(changes, 55)

        // After: gone for the unit and for the office; before: the same bytes as before the withdrawal.
        let after0702 = export("2024-07-02")
        XCTAssertFalse(row(after0702, "区发改局").contains("强化组织领导"), row(after0702, "区发改局"))
        XCTAssertNotEqual(row(after0702, "区发改局"), row(before0702, "区发改局"), "区发改局 gets its points back")
        XCTAssertFalse(export("2024-07-02", as: "anweiban").contains("强化组织领导"), "no unit keeps a deduction for the withdrawn task")
        XCTAssertTrue(officeBefore.contains("强化组织领导"))
        XCTAssertEqual(export("2024-06-30"), before0630, "a date before the withdrawal does not change")
        XCTAssertTrue(export("2024-07-01", as: "anweiban").components(separatedBy: "强化组织领导").count == 1, "the day withdrawn already drops them")

        // HTTP: the same report, as of either side of the day.
        let server = try serve(test)
        let office = try server.client(as: "anweiban", of: test)
        func lines(_ asOf: String) throws -> [JSON] {
            let reply = try office.get("/api/v1/supervision/assessment/report?year=2024&as_of=\(asOf)")
            XCTAssertEqual(reply.status, 200, reply.text)
            return (reply.json["results"]?.arrayValue ?? []).flatMap { $0["lines"]?.arrayValue ?? [] }
        }
        let named = { (line: JSON) in (line["reason"]?.stringValue ?? "").contains("强化组织领导") }
        XCTAssertGreaterThan(try lines("2024-06-30").filter(named).count, 0)
        XCTAssertEqual(try lines("2024-07-02").filter(named).count, 0)
        let unit = try server.client(as: "fgj", of: test).get("/api/v1/supervision/assessment/report?year=2024&as_of=2024-07-02")
        XCTAssertFalse(unit.text.contains("强化组织领导"), unit.text)

        // A later tick changes nothing as of 07-02.
        let csv0702 = export("2024-07-02", as: "anweiban")
        XCTAssertEqual(test.cli(["tick", "--at", "2024-12-31"]).code, 0)
        XCTAssertEqual(export("2024-07-02", as: "anweiban"), csv0702, "the same bytes whether or not tick has run")
        XCTAssertEqual(export("2024-06-30"), before0630)
    }

    func testRemovingAUnitFromATaskDropsItsDeductionsFromThatDay() throws {
        let test = try DemoFixture.make()
        XCTAssertEqual(test.cli(["tick", "--at", "2024-06-16"]).code, 0)
        let task = try XCTUnwrap(try test.core.read { try $0.queryOne("SELECT id FROM responsibilities_tasks WHERE number = '(七)'")?.int("id") })
        let removed = test.cli(["responsibilities", "tasks", "remove-unit", String(task), "--unit", "区发改局", "--reason", "不涉及该单位职责",
                                "--as", "anweiban", "--today", "2024-07-01"])
        XCTAssertEqual(removed.code, 0, removed.err)
        func row(_ asOf: String) -> String {
            self.row(test.cli(["supervision", "assessment", "export", "--year", "2024", "--as-of", asOf, "--as", "anweiban", "--today", "2024-07-02"]).out, "区发改局")
        }
        XCTAssertTrue(row("2024-06-30").contains("强化组织领导"))
        XCTAssertFalse(row("2024-07-02").contains("强化组织领导"))
        let payload = try test.core.read { try $0.queryOne("SELECT payload FROM kernel_events WHERE type = 'responsibilities.lines.withdrawn'")?.string("payload") ?? "" }
        XCTAssertTrue(payload.contains("区发改局") && payload.contains("不涉及该单位职责"), payload)
    }

    func testOverHTTPRemovingAUnitDropsItsDeductionFromThatDay() throws {
        let test = try DemoFixture.make(today: date("2024-07-02"))
        XCTAssertEqual(test.cli(["tick", "--at", "2024-06-16"]).code, 0)
        let server = try serve(test)
        let office = try server.client(as: "anweiban", of: test)
        let task = try XCTUnwrap(try test.core.read { try $0.queryOne("SELECT id FROM responsibilities_tasks WHERE number = '(七)'")?.int("id") })
        func named(_ asOf: String, as user: String = "fgj") throws -> Bool {
            let reply = try server.client(as: user, of: test).get("/api/v1/supervision/assessment/report?year=2024&as_of=\(asOf)")
            XCTAssertEqual(reply.status, 200, reply.text)
            return reply.text.contains("强化组织领导")
        }
        XCTAssertTrue(try named("2024-07-01"), "区发改局's red (七) line counts before")
        let removed = try office.post("/api/v1/responsibilities/tasks/\(task)/actions/remove-unit", .object(["unit": "区发改局", "reason": "不涉及该单位职责"]))
        XCTAssertEqual(removed.status, 200, removed.text)
        test.app.dispatcher.deliverDue()
        XCTAssertFalse(try named("2024-07-02"), "gone from the day removed")
        XCTAssertTrue(try named("2024-07-01"), "a date before is unchanged")
        XCTAssertEqual(try server.client(as: "fgj", of: test).post("/api/v1/responsibilities/tasks/\(task)/actions/remove-unit",
                                                                   .object(["unit": "区发改局", "reason": "x"])).status, 403, "only the office removes a unit")
    }

    func testTheOfficeIsNeverATargetOfItsOwnLadderAndReasonsNameTheTask() throws {
        let test = try DemoFixture.make()
        XCTAssertEqual(test.cli(["tick", "--at", "2024-12-31"]).code, 0)
        let office = try XCTUnwrap(try test.core.read { try $0.queryOne("SELECT id FROM registry_units WHERE is_office = 1")?.int("id") })
        let red = try test.core.read { try $0.scalarInt("SELECT count(*) FROM supervision_facts WHERE subject_kind = 'unit' AND subject_id = ? AND kind = 'taskOverdue'", [office]) }
        XCTAssertGreaterThanOrEqual(red, 2, "the office has red lines of its own after a late tick")
        let evaluated = test.cli(["supervision", "proposals", "evaluate", "--as", "anweiban", "--today", "2024-12-31"])
        XCTAssertEqual(evaluated.code, 0, evaluated.err)

        let listed = test.cli(["supervision", "proposals", "list", "--json", "--as", "anweiban", "--today", "2024-12-31"])
        XCTAssertEqual(listed.code, 0, listed.err)
        let proposals = try JSONParser.parse(listed.out).arrayValue ?? []
        XCTAssertFalse(proposals.isEmpty)
        XCTAssertFalse(proposals.contains { $0["target_kind"] == "unit" && $0["target_id"] == .int(office) }, "区安委办 is not proposed a 督促函 by itself")
        let e1 = proposals.filter { $0["rule"] == "E1" }
        XCTAssertFalse(e1.isEmpty)
        for proposal in e1 {
            let reason = proposal["reason"]?.stringValue ?? ""
            XCTAssertFalse(reason.contains("ledger-line:"), reason)
            XCTAssertTrue(reason.contains("任务") && reason.contains("“") && reason.contains("台账行"), "the task by title, the line beside: \(reason)")
        }

        // HTTP: the same list.
        let server = try serve(test)
        let reply = try server.client(as: "anweiban", of: test).get("/api/v1/supervision/proposals?limit=200")
        XCTAssertEqual(reply.status, 200, reply.text)
        XCTAssertFalse(reply.json.items.contains { $0["target_kind"] == "unit" && $0["target_id"] == .int(office) })
        XCTAssertFalse(reply.text.contains("ledger-line:"))
    }
}
