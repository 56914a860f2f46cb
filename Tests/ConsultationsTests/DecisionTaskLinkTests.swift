// #19 item 14: an open decision shows the task and ledger lines it produced as soon as
// Responsibilities says they exist (responsibilities.task.created), or, for a task made before that
// event was published, as soon as a deadline event of the task names them; not only once verified.
import App
import Consultations
import Kernel
import TestSupport
import XCTest

final class DecisionTaskLinkTests: XCTestCase {
    func testOpenDecisionShowsItsTaskAndLinesAsSoonAsTheyExist() throws {
        let test = try TestApplication(demo: true, today: Fixtures.date("2024-03-20"))
        let (core, dispatcher) = try Fixtures.core(on: test, extra: [])
        let meetingID = try Fixtures.record(Fixtures.consultation(), on: core)
        let decisions = try core.read { try $0.query("SELECT id, lead_unit_id FROM consultations_decisions WHERE meeting_id = ? ORDER BY position", [meetingID]) }
        let first = decisions[0].requiredInt("id"), second = decisions[1].requiredInt("id")
        let emergency = try test.id("units", "区应急管理局")

        // The decision event carries the sentence a person reads, naming the meeting and the lead unit.
        let payload = try core.read { try $0.queryOne("SELECT payload FROM kernel_events WHERE type = 'consultations.decision.recorded' AND json_extract(payload, '$.decision_id') = ?", [first]) }
        let summary = Fixtures.json(payload?.requiredString("payload") ?? "")["summary"]?.stringValue ?? ""
        XCTAssertTrue(summary.contains("区应急管理局牵头") && summary.contains("安全风险会商研判会议") && summary.contains("2024-04-30前完成"), summary)

        // Responsibilities made the task: the decision, still open, shows it and its line.
        try Fixtures.publish(TaskCreated(taskId: 501, origin: "consultations.decision:\(first)", title: "开展危化品特殊作业专项检查",
                                         lines: [TaskCreatedLine(ledgerLineId: 9001, unitId: emergency, unitKind: "unit", due: Fixtures.date("2024-04-30"))]),
                             on: core, as: .system("responsibilities"))
        // Another module's task (a finding) leaves decisions alone.
        try Fixtures.publish(TaskCreated(taskId: 502, origin: "supervision.finding:4", lines: []), on: core, as: .system("responsibilities"))
        try Fixtures.deliverTwice(core, dispatcher)

        let shown = Fixtures.json(test.cli(["consultations", "decisions", "show", String(first), "--json"]).out)
        XCTAssertEqual(shown["status"], "open")
        XCTAssertEqual(shown["task_id"], 501)
        XCTAssertEqual(shown["task_link"], "/api/v1/responsibilities/tasks/501")
        XCTAssertEqual(shown["ledger_line_id"], 9001)
        XCTAssertEqual(shown["ledger_lines"]?.arrayValue?.first?["link"], "/api/v1/responsibilities/ledger/9001")
        XCTAssertEqual(shown["ledger_lines"]?.arrayValue?.first?["due"], "2024-04-30")
        XCTAssertEqual(shown["reason_code"], "on_track")
        XCTAssertTrue(shown["reason"]?.stringValue?.hasPrefix("正常推进") ?? false, shown["reason"]?.stringValue ?? "")

        // A task made before task.created existed: its overdue event names it.
        test.clock.set(Fixtures.date("2024-06-05"))
        let line = TaskDeadlineReached(ledgerLineId: 9002, taskId: 503, unitId: decisions[1].requiredInt("lead_unit_id"), unitKind: "unit",
                                       due: Fixtures.date("2024-05-31"), period: nil, colourReason: "逾期", origin: "consultations.decision:\(second)")
        try Fixtures.publish(TaskOverdue(line), on: core, as: .system("responsibilities"))
        try Fixtures.deliverTwice(core, dispatcher)

        // Over HTTP, as the office and as the lead unit; not as a town that had nothing to do with it.
        let server = try TestServer(test)
        defer { server.stop() }
        let office = server.client(token: try test.token(for: "anweiban"))
        let overdue = try office.get("/api/v1/consultations/decisions/\(second)")
        XCTAssertEqual(overdue.status, 200, overdue.text)
        XCTAssertEqual(overdue.json["task_id"], 503)
        XCTAssertEqual(overdue.json["status"], "overdue")
        XCTAssertEqual(overdue.json["reason_code"], "overdue")
        XCTAssertTrue(overdue.json["reason"]?.stringValue?.contains("逾期 5 天") ?? false, overdue.json["reason"]?.stringValue ?? "")
        let list = try office.get("/api/v1/consultations/decisions?meeting_id=\(meetingID)&status=overdue")
        XCTAssertEqual(list.json["items"]?.arrayValue?.compactMap { $0["id"]?.intValue }, [first, second], "both deadlines have passed")
        // The day before it was learnt (the CLI's --today), the decision did not know its task yet.
        let before = Fixtures.json(test.cli(["consultations", "decisions", "show", String(second), "--json", "--today", "2024-06-04"]).out)
        XCTAssertEqual(before["task_id"], .null)
        XCTAssertEqual(before["ledger_lines"]?.arrayValue?.count, 0)
        XCTAssertEqual(try server.client(token: try test.token(for: "qiye")).get("/api/v1/consultations/decisions/\(first)").status, 404)
        XCTAssertEqual(try server.client(token: try test.token(for: "inspector1")).get("/api/v1/consultations/decisions/\(first)").status, 404)

        // Completion keeps the task already known and adds when it was done.
        try Fixtures.publish(TaskCompleted(ledgerLineId: 9001, taskId: 501, unitId: emergency, unitKind: "unit", onTime: true, origin: "consultations.decision:\(first)"),
                             on: core, as: .system("responsibilities"))
        try Fixtures.deliverTwice(core, dispatcher)
        let done = Fixtures.json(test.cli(["consultations", "decisions", "show", String(first), "--json"]).out)
        XCTAssertEqual(done["status"], "done")
        XCTAssertEqual(done["task_id"], 501)
        XCTAssertEqual(done["ledger_lines"]?.arrayValue?.count, 1)
        // As of a day before completion (the CLI's --today), it was open then.
        let earlier = Fixtures.json(test.cli(["consultations", "decisions", "show", String(first), "--json", "--today", "2024-04-01"]).out)
        XCTAssertEqual(earlier["status"], "open")
        XCTAssertEqual(earlier["completed_at"], .null)
    }
}
