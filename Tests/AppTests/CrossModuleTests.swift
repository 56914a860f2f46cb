import App
import Foundation
import Kernel
import TestSupport
import XCTest

/// The modules together, wired by the real composition root: they meet only through events.
final class CrossModuleTests: XCTestCase {
    func json(_ text: String) -> JSON { (try? JSONParser.parse(text)) ?? .null }

    /// Delivers every delivery of `type` to `subscriber` once more, as a duplicated delivery would.
    func redeliver(_ test: TestApplication, type: String, to subscriber: String) throws -> DeliveryReport {
        var report = DeliveryReport()
        let events = try test.core.read { try EventLog.list($0, after: 0, type: type, limit: 1000) }
        for event in events { test.app.dispatcher.deliver(event, to: subscriber, attempts: 0, report: &report) }
        return report
    }

    func testAConsultationsTwoDecisionsBecomeTwoTasksOnceAndClosingATaskMarksItsDecisionDone() throws {
        let test = try TestApplication(demo: true, today: CalendarDate(year: 2024, month: 6, day: 15)!)
        let added = test.cli(["consultations", "meetings", "add", "--kind", "riskConsultation", "--held-on", "2024-06-14", "--convener", "王建国",
                              "--unit", "区应急管理局", "--unit", "区发改局",
                              "--decision", "完成防汛物资储备核查|区应急管理局|2024-07-31",
                              "--decision", "梳理重点项目安全评估清单|区发改局|2024-07-15", "--json"])
        XCTAssertEqual(added.code, 0, added.err)
        let decisions = json(added.out)["decisions"]?.arrayValue ?? []
        let ids = decisions.compactMap { $0["id"]?.intValue }
        XCTAssertEqual(ids.count, 2)
        func tasks() throws -> [Row] {
            try test.core.read { db in
                try db.query("SELECT id, origin FROM responsibilities_tasks WHERE origin IN (?, ?) ORDER BY origin", ["consultations.decision:\(ids[0])", "consultations.decision:\(ids[1])"])
            }
        }
        XCTAssertEqual(try tasks().count, 2, "each decision became a tracked task")
        let duplicate = try redeliver(test, type: DecisionRecorded.type, to: "responsibilities.task-from-decision")
        XCTAssertGreaterThanOrEqual(duplicate.skippedDuplicates, 2)
        XCTAssertEqual(duplicate.delivered, 0)
        XCTAssertEqual(try tasks().count, 2, "exactly once, even with duplicated delivery")

        // The unit signs, reports completion; the office verifies (办结): the decision is done.
        let fgjTask = try XCTUnwrap(try tasks().first { $0.string("origin") == "consultations.decision:\(ids[1])" }?.int("id"))
        let line = try test.core.read { try $0.scalarInt("SELECT id FROM responsibilities_lines WHERE task_id = ?", [fgjTask]) }
        XCTAssertGreaterThan(line, 0)
        XCTAssertEqual(test.cli(["responsibilities", "ledger", "sign", String(line), "--as", "fgj"]).code, 0)
        XCTAssertEqual(test.cli(["responsibilities", "ledger", "complete", String(line), "--text", "清单已报送", "--as", "fgj"]).code, 0)
        let verified = test.cli(["responsibilities", "ledger", "verify", String(line)])
        XCTAssertEqual(verified.code, 0, verified.err)
        let shown = json(test.cli(["consultations", "decisions", "show", String(ids[1]), "--json"]).out)
        XCTAssertEqual(shown["status"], "done", shown.serialized)
        let other = json(test.cli(["consultations", "decisions", "show", String(ids[0]), "--json"]).out)
        XCTAssertEqual(other["status"], "open", "the other decision is still open")
    }

    func testAFindingFlaggedAsAHazardAppearsInHazardsExactlyOnce() throws {
        let test = try TestApplication(demo: true, today: CalendarDate(year: 2024, month: 6, day: 15)!)
        let enterprise = try test.core.read { try $0.scalarInt("SELECT min(id) FROM registry_enterprises WHERE territory_id = (SELECT id FROM registry_territories WHERE name = '东城镇')") }
        let inspection = test.cli(["supervision", "inspections", "add", "--group-id", "3", "--mode", "overt", "--date", "2024-06-11", "--territory", "东城镇",
                                   "--inspectors", "检查员甲", "--json"])
        XCTAssertEqual(inspection.code, 0, inspection.err)
        let inspectionID = try XCTUnwrap(json(inspection.out)["id"]?.intValue)
        let finding = test.cli(["supervision", "findings", "add", String(inspectionID), "--description", "液化气钢瓶与明火同处一室，未设置燃气泄漏报警装置",
                                "--enterprise", String(enterprise), "--severity", "serious", "--is-hazard", "true", "--hazard-grade", "general",
                                "--sector", "gas", "--deadline", "2024-07-15", "--json"])
        XCTAssertEqual(finding.code, 0, finding.err)
        let findingID = try XCTUnwrap(json(finding.out)["id"]?.intValue)
        func hazards() throws -> Int64 {
            try test.core.read { try $0.scalarInt("SELECT count(*) FROM hazards_hazards WHERE origin_key = ?", ["finding:\(findingID)"]) }
        }
        XCTAssertEqual(try hazards(), 1, "Hazards created the hazard from the event")
        let again = try redeliver(test, type: FindingRecorded.type, to: "hazards.create-from-finding")
        XCTAssertEqual(again.delivered, 0)
        XCTAssertEqual(try hazards(), 1, "exactly once, even when the event is delivered twice")
        let hazard = try test.core.read { try $0.queryOne("SELECT source, enterprise_id FROM hazards_hazards WHERE origin_key = ?", ["finding:\(findingID)"]) }
        XCTAssertEqual(hazard?.int("enterprise_id"), enterprise)
    }

    func testEverySubscriberHasAStableUniqueIdAndTheDemoLeavesNoDeliveryBehind() throws {
        let test = try TestApplication(demo: true, today: CalendarDate(year: 2024, month: 6, day: 15)!)
        let ids = test.core.bus.subscriptions.map(\.id)
        XCTAssertEqual(Set(ids).count, ids.count)
        XCTAssertTrue(ids.allSatisfy { $0.contains(".") && !$0.contains("(") }, "ids are written, never derived from function names")
        test.app.dispatcher.deliverDue()
        let stuck = try test.core.read { try $0.scalarInt("SELECT count(*) FROM kernel_deliveries WHERE status != 'done'") }
        XCTAssertEqual(stuck, 0, "every demo event was handled")
        XCTAssertTrue(try test.core.read { try AuditLog.verify($0) }.isIntact)
    }
}
