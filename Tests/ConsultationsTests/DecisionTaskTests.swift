// Done when: a quarterly consultation with two decisions makes two tasks exactly once, even when
// every event is delivered twice; completing a task shows the decision done in the meeting view.
import App
import Consultations
import Kernel
import TestSupport
import XCTest

final class DecisionTaskTests: XCTestCase {
    /// Stands in for Responsibilities: one task per decision, keyed by its origin (idempotent).
    static let standIn = Subscription.on(DecisionRecorded.self, id: "test.responsibilities-stand-in") { decision, event, tx in
        let inserted = try tx.db.execute("INSERT OR IGNORE INTO test_tasks (origin, unit_id, unit_kind, deadline, text) VALUES (?, ?, ?, ?, ?)",
                                         ["consultations.decision:\(decision.decisionId)", decision.leadUnitId, decision.leadUnitKind, decision.deadline.iso, decision.text])
        if inserted > 0 { try tx.audit(action: "test.task.create", entity: "task", entityID: String(decision.decisionId), summary: "task from event \(event.id)") }
    }

    func testTwoDecisionsBecomeTwoTasksOnceAndCompletionShowsDone() throws {
        let test = try TestApplication(demo: true, today: Fixtures.date("2024-03-20"))
        let (core, dispatcher) = try Fixtures.core(on: test, extra: [Self.standIn])
        try core.database.write { db in
            try db.executeScript("CREATE TABLE test_tasks (id INTEGER PRIMARY KEY, origin TEXT NOT NULL UNIQUE, unit_id INTEGER, unit_kind TEXT, deadline TEXT, text TEXT)")
        }
        let meetingID = try Fixtures.record(Fixtures.consultation(), on: core)

        // The decisions were published in the meeting's own transaction: two events, not three.
        let published = try core.read { try $0.query("SELECT payload FROM kernel_events WHERE type = 'consultations.decision.recorded' AND json_extract(payload, '$.meeting_id') = ?", [meetingID]) }
        XCTAssertEqual(published.count, 2)

        // Every event delivered twice, and the stand-in's handler run a third time by hand, bypassing the kernel's receipts.
        XCTAssertGreaterThanOrEqual(try Fixtures.deliverTwice(core, dispatcher), 2)
        let events = try core.read { try $0.query("SELECT * FROM kernel_events WHERE type = 'consultations.decision.recorded' AND json_extract(payload, '$.meeting_id') = ?", [meetingID]) }
        for row in events {
            let event = Event(id: row.requiredInt("id"), type: row.requiredString("type"), payload: row.requiredString("payload"), actor: row.requiredString("actor"), occurredAt: row.requiredString("occurred_at"))
            try core.write(.system("test")) { tx in try Self.standIn.handle(event, tx) }
        }
        let tasks = try core.read { try $0.query("SELECT * FROM test_tasks ORDER BY id") }
        XCTAssertEqual(tasks.count, 2, "two decisions with a lead and deadline → two tasks, exactly once")
        XCTAssertEqual(Set(tasks.map { $0.requiredString("deadline") }), ["2024-04-30", "2024-05-31"])
        let emergency = try test.id("units", "区应急管理局")
        XCTAssertTrue(tasks.contains { $0.int("unit_id") == emergency && $0.string("unit_kind") == "unit" })

        // The meeting shows both decisions open.
        var view = Fixtures.json(test.cli(["consultations", "meetings", "show", String(meetingID), "--json"]).out)
        let decisions = view["decisions"]?.arrayValue ?? []
        XCTAssertEqual(decisions.map { $0["status"]?.stringValue }, ["open", "open", "noted"])
        let first = try XCTUnwrap(decisions.first?["id"]?.intValue)

        // Responsibilities verifies the first task's line (办结) and says so; the event arrives twice.
        try Fixtures.publish(TaskCompleted(ledgerLineId: 900, taskId: 77, unitId: emergency, unitKind: "unit", onTime: true, origin: "consultations.decision:\(first)"),
                             on: core, as: .system("responsibilities"))
        try Fixtures.publish(TaskCompleted(ledgerLineId: 901, taskId: 78, unitId: emergency, unitKind: "unit", onTime: true, origin: "supervision.finding:3"),
                             on: core, as: .system("responsibilities"))
        try Fixtures.deliverTwice(core, dispatcher)

        view = Fixtures.json(test.cli(["consultations", "meetings", "show", String(meetingID), "--json"]).out)
        let after = view["decisions"]?.arrayValue ?? []
        XCTAssertEqual(after.map { $0["status"]?.stringValue }, ["done", "open", "noted"])
        XCTAssertEqual(after.first?["colour"], "green")
        XCTAssertEqual(after.first?["task_id"], 77)
        XCTAssertEqual(after.first?["completed_on_time"], true)
        XCTAssertEqual(view["done_decisions"], 1)
        XCTAssertEqual(view["open_decisions"], 1)
        // One audit record of the decision turning done, not two.
        let audits = try core.read { try $0.scalarInt("SELECT count(*) FROM kernel_audit WHERE action = 'consultations.decision.done' AND entity_id = ?", [String(first)]) }
        XCTAssertEqual(audits, 1)
    }

    func testOpenDecisionsCarryIntoTheNextMeetingOfThatKindUntilDone() throws {
        let test = try TestApplication(demo: true, today: Fixtures.date("2024-06-20"))
        let record = { (body: [String: JSON]) throws -> Int64 in try Fixtures.record(body, on: test.core) }
        let a = try record(["kind": "riskConsultation", "held_on": "2024-06-16", "convener": "王建国",
                            "decisions": .array([.object(["text": "开展汛前检查", "lead_unit_id": "区水务局", "deadline": "2024-07-15"]), .object(["text": "只记录不交办"])])])
        let aView = Fixtures.json(test.cli(["consultations", "meetings", "show", String(a), "--json"]).out)
        let tracked = try XCTUnwrap(aView["decisions"]?.arrayValue?.first?["id"]?.intValue)
        let noted = try XCTUnwrap(aView["decisions"]?.arrayValue?.last?["id"]?.intValue)

        let b = try record(["kind": "riskConsultation", "held_on": "2024-06-18", "convener": "王建国"])
        let carried = Fixtures.json(test.cli(["consultations", "meetings", "show", String(b), "--json"]).out)["carried_decisions"]?.arrayValue ?? []
        XCTAssertTrue(carried.contains { $0["id"]?.intValue == tracked }, "an open decision comes onto the next meeting of its kind")
        XCTAssertFalse(carried.contains { $0["id"]?.intValue == noted }, "a decision only noted is not tracked")

        let other = try record(["kind": "governmentStudy", "held_on": "2024-06-18", "convener": "区长"])
        let otherCarried = Fixtures.json(test.cli(["consultations", "meetings", "show", String(other), "--json"]).out)["carried_decisions"]?.arrayValue ?? []
        XCTAssertFalse(otherCarried.contains { $0["id"]?.intValue == tracked }, "another kind's meeting does not carry it")

        let agenda = Fixtures.json(test.cli(["consultations", "agenda", "--next", "--json"]).out)
        let carriedSection = agenda["sections"]?.arrayValue?.first { $0["type"] == "carried_decision" }
        XCTAssertTrue(carriedSection?["items"]?.arrayValue?.contains { $0["decision_id"]?.intValue == tracked } ?? false)
        XCTAssertEqual(agenda["last_meeting"]?["id"]?.intValue, b)

        try Fixtures.publish(TaskCompleted(ledgerLineId: 5, taskId: 5, unitId: 1, unitKind: "unit", onTime: true, origin: "consultations.decision:\(tracked)"), on: test.core)
        test.app.dispatcher.deliverDue()
        let c = try record(["kind": "riskConsultation", "held_on": "2024-06-19", "convener": "王建国"])
        let cCarried = Fixtures.json(test.cli(["consultations", "meetings", "show", String(c), "--json"]).out)["carried_decisions"]?.arrayValue ?? []
        XCTAssertFalse(cCarried.contains { $0["id"]?.intValue == tracked }, "a done decision is not carried again")
        let decision = Fixtures.json(test.cli(["consultations", "decisions", "show", String(tracked), "--json"]).out)
        XCTAssertEqual(decision["status"], "done")
    }
}
