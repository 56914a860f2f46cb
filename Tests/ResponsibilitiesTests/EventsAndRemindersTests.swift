// Events in and out: a meeting decision or a finding that wants a task creates one (once, even
// when delivered twice); the scheduled check publishes due_soon / overdue once per line per threshold.
import Foundation
import Kernel
import TestSupport
import XCTest
@testable import Responsibilities

final class EventsAndRemindersTests: XCTestCase {
    func testDecisionsAndFindingsCreateTasksOnceAndRemindersFireOncePerThreshold() throws {
        let test = try LedgerTestSupport.demoWithoutPlan(today: CalendarDate(year: 2024, month: 2, day: 20)!)
        let fgj = try test.id("units", "区发改局")
        let town = try test.id("territories", "东城镇")
        let decision = DecisionRecorded(decisionId: 41, meetingId: 7, text: "区发改局牵头开展新业态安全风险排查。3月底前报送结果。", leadUnitId: fgj, leadUnitKind: "unit",
                                        deadline: CalendarDate(year: 2024, month: 2, day: 26)!)
        let finding = FindingRecorded(findingId: 9, inspectionId: 3, text: "东城镇未建立隐患排查台账", severity: "general", isHazard: false, hazardGrade: nil, sector: nil,
                                      enterpriseId: nil, territoryId: town, responsibleUnitId: fgj, deadline: nil, wantsTask: true)
        let ignored = FindingRecorded(findingId: 10, inspectionId: 3, text: "现场整改完毕", severity: "general", isHazard: false, hazardGrade: nil, sector: nil,
                                      enterpriseId: nil, territoryId: town, responsibleUnitId: fgj, deadline: nil, wantsTask: false)
        for _ in 0..<2 {  // the same decision published twice (e.g. a retried publisher)
            try test.core.write(.localAdministrator) { tx in
                try tx.publish(decision)
                try tx.publish(finding)
                try tx.publish(ignored)
                try tx.audit(action: "test.publish", entity: "event", entityID: "41")
            }
        }
        test.app.dispatcher.deliverDue()
        let tasks = try test.core.read { try $0.query("SELECT id, origin, title FROM responsibilities_tasks ORDER BY id") }
        XCTAssertEqual(tasks.map { $0.requiredString("origin") }, ["consultations.decision:41", "supervision.finding:9"])
        XCTAssertEqual(tasks.first?.requiredString("title"), "区发改局牵头开展新业态安全风险排查")
        let lines = try test.core.read { try $0.query("SELECT task_id, unit_id, due, role FROM responsibilities_lines ORDER BY id") }
        XCTAssertEqual(lines.map { $0.requiredInt("unit_id") }, [fgj, fgj])
        XCTAssertEqual(lines.map { $0.requiredString("due") }, ["2024-02-26", "2024-03-21"])
        XCTAssertEqual(try LedgerTestSupport.count(test, "SELECT count(*) FROM kernel_deliveries WHERE subscriber LIKE 'responsibilities.%' AND status != 'done'"), 0)

        // The decision's line is due in 6 days: due soon, once however often the check runs.
        func published(_ type: String) throws -> Int64 { try LedgerTestSupport.count(test, "SELECT count(*) FROM kernel_events WHERE type = ?", [type]) }
        XCTAssertEqual(try DeadlineReminders.run(test.core), 1)
        XCTAssertEqual(try DeadlineReminders.run(test.core), 0)
        _ = try test.app.tick()
        XCTAssertEqual(try published(TaskDueSoon.type), 1)
        XCTAssertEqual(try published(TaskOverdue.type), 0)
        test.clock.set(CalendarDate(year: 2024, month: 2, day: 27)!)
        XCTAssertEqual(try DeadlineReminders.run(test.core), 1)
        XCTAssertEqual(try DeadlineReminders.run(test.core), 0)
        XCTAssertEqual(try published(TaskOverdue.type), 1)
        let payload = try test.core.read { try $0.queryOne("SELECT payload FROM kernel_events WHERE type = ?", [TaskOverdue.type])?.requiredString("payload") ?? "" }
        let overdue = try JSONDecoder.snake.decode(TaskOverdue.self, from: Data(payload.utf8))
        XCTAssertEqual(overdue.line.unitId, fgj)
        XCTAssertEqual(overdue.line.due.iso, "2024-02-26")
        XCTAssertTrue(overdue.line.colourReason.contains("R1"))

        // Verifying the decision's line tells Consultations, with the origin.
        let line = String(lines[0].requiredInt("task_id") > 0 ? try LedgerTestSupport.count(test, "SELECT id FROM responsibilities_lines WHERE task_id = ?", [lines[0].requiredInt("task_id")]) : 0)
        XCTAssertEqual(test.cli(["responsibilities", "ledger", "sign", line, "--as", "fgj"]).code, 0)
        XCTAssertEqual(test.cli(["responsibilities", "ledger", "complete", line, "--text", "已报送排查结果", "--as", "fgj"]).code, 0)
        XCTAssertEqual(test.cli(["responsibilities", "ledger", "verify", line]).code, 0)
        let completed = try test.core.read { try $0.queryOne("SELECT payload FROM kernel_events WHERE type = ? ORDER BY id DESC", [TaskCompleted.type])?.requiredString("payload") ?? "" }
        let event = try JSONDecoder.snake.decode(TaskCompleted.self, from: Data(completed.utf8))
        XCTAssertEqual(event.origin, "consultations.decision:41")
        XCTAssertEqual(event.onTime, false, "completed 2024-02-27, due 2024-02-26")
    }
}
