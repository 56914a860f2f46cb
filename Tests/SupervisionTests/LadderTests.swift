// The enforcement ladder: facts from events (idempotent), a rule proposing the next step with its
// reason, the office deciding, the instrument published.
import Kernel
import TestSupport
import XCTest
@testable import Supervision

final class LadderTests: XCTestCase {
    func overdue(_ line: Int64, unit: Int64, due: String) -> TaskOverdue {
        TaskOverdue(TaskDeadlineReached(ledgerLineId: line, taskId: line * 10, unitId: unit, unitKind: "unit", due: date(due), period: nil,
                                        colourReason: "overdue: due \(due), no completion report (rule R1)"))
    }

    func testTwoRedTasksInAQuarterProposeAnUrgingLetterThatTheOfficeDecides() throws {
        let test = try DemoFixture.make()
        let unit = try test.id("units", "区住房城乡建设局")
        let events = try test.core.write(.system("responsibilities")) { tx in
            try tx.audit(action: "test.publish", entity: "test", entityID: "overdue")
            return [try tx.publish(overdue(7001, unit: unit, due: "2024-04-30")), try tx.publish(overdue(7002, unit: unit, due: "2024-05-31"))]
        }
        test.app.dispatcher.deliverDue()
        // Delivered again: the facts stay one per event.
        let row = try XCTUnwrap(try test.core.read { try $0.queryOne("SELECT * FROM kernel_events WHERE id = ?", [events[0]]) })
        let event = Event(id: events[0], type: row.requiredString("type"), payload: row.requiredString("payload"), actor: row.requiredString("actor"), occurredAt: row.requiredString("occurred_at"))
        var report = DeliveryReport()
        test.app.dispatcher.deliver(event, to: "supervision.facts.task-overdue", attempts: 0, report: &report)
        try test.core.write(.system("test")) { tx in try test.core.bus.subscription(id: "supervision.facts.task-overdue")!.handle(event, tx) }
        XCTAssertEqual(try test.core.read { try $0.scalarInt("SELECT count(*) FROM supervision_facts WHERE kind = 'taskOverdue' AND subject_id = ?", [unit]) }, 2)

        let service = InstrumentService(core: test.core)
        let proposals = try service.proposals(status: .proposed, actor: .localAdministrator, nil).items.filter { $0["target_id"] == .int(unit) && $0["target_kind"] == "unit" }
        XCTAssertEqual(proposals.count, 1)
        let proposal = try XCTUnwrap(proposals.first)
        XCTAssertEqual(proposal["proposes"], "urgingLetter")
        XCTAssertEqual(proposal["period"], "2024-Q2")
        // Issue 19 item 16: the reason names the unit and the task, the line id beside (was "ledger-line:7001").
        XCTAssertTrue((proposal["reason"]?.stringValue ?? "").contains("台账行 7001"), proposal["reason"]?.stringValue ?? "")
        XCTAssertTrue((proposal["reason"]?.stringValue ?? "").contains("区住房城乡建设局"))
        XCTAssertEqual(proposal["source_events"], .array(events.map { .int($0) }))
        XCTAssertEqual(try test.core.write(.localAdministrator) { try Escalation.evaluateAll($0) }, 0, "no duplicate proposal")
        XCTAssertEqual(try service.list(actor: .localAdministrator, kind: .urgingLetter, nil).items.filter { $0["target_id"] == .int(unit) }.count, 0, "never applied silently")

        let server = try serve(test)
        let admin = try server.client(as: "admin", of: test)
        let issuedBefore = try eventCount(test, InstrumentIssued.type)
        let accepted = try admin.post("/api/v1/supervision/proposals/\(proposal["id"]?.intValue ?? 0)/actions/accept", .object(["follow_up_deadline": "2024-07-15"]))
        XCTAssertEqual(accepted.status, 200, accepted.text)
        XCTAssertEqual(accepted.json["status"], "accepted")
        let instrument = try admin.get("/api/v1/supervision/instruments/\(accepted.json["instrument_id"]?.intValue ?? 0)")
        XCTAssertEqual(instrument.json["kind"], "urgingLetter")
        XCTAssertTrue((instrument.json["number"]?.stringValue ?? "").hasPrefix("安委办督促〔2024〕"))
        XCTAssertEqual(try eventCount(test, InstrumentIssued.type), issuedBefore + 1)
        XCTAssertEqual(try admin.post("/api/v1/supervision/proposals/\(proposal["id"]?.intValue ?? 0)/actions/decline", .object(["note": "x"])).status, 409)
        // The unit sees the instrument addressed to it; another unit does not.
        XCTAssertEqual(try server.client(as: "fgj", of: test).get("/api/v1/supervision/instruments/\(accepted.json["instrument_id"]?.intValue ?? 0)").status, 404)
        // A 约谈 needs the date its correction report is due.
        let interview = try admin.post("/api/v1/supervision/instruments", .object(["kind": "admonitoryInterview", "target_unit_id": .int(unit), "reason": "屡次逾期"]))
        XCTAssertEqual(interview.status, 422)
        XCTAssertEqual(interview.json["errors"]?.arrayValue?.first?["field"], "correction_report_due")
        XCTAssertEqual(interview.json["errors"]?.arrayValue?.first?["code"], "due_required")
    }
}
