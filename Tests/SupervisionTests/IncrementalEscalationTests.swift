// Issue 23: a fact recorded from an event evaluates only what it can change (its quarter, its
// hazard, the interviews whose window holds it). Here a sequence of facts is delivered by the real
// dispatcher, and after each one a full evaluation of every subject (rolled back) must find
// nothing the incremental one missed, and propose what it proposed, word for word.
import Kernel
import TestSupport
import XCTest
@testable import Supervision

final class IncrementalEscalationTests: XCTestCase {
    struct Proposal: Hashable {
        var rule: Int64, targetKind: String, targetID: Int64, period: String, reason: String, sourceEvents: String
        var key: String { "\(rule)/\(targetKind)/\(targetID)/\(period)" }
    }

    struct Rollback: Error {}

    func proposals(_ db: Connection) throws -> [String: Proposal] {
        var all: [String: Proposal] = [:]
        for row in try db.query("SELECT rule_id, target_kind, target_id, period, reason, source_events FROM supervision_proposals") {
            let proposal = Proposal(rule: row.requiredInt("rule_id"), targetKind: row.requiredString("target_kind"), targetID: row.requiredInt("target_id"),
                                    period: row.requiredString("period"), reason: row.requiredString("reason"), sourceEvents: row.requiredString("source_events"))
            all[proposal.key] = proposal
        }
        return all
    }

    /// What a full evaluation of every subject proposes on top of what is there, and what it
    /// proposes for `keys` when those are made again: computed in a transaction rolled back.
    func fullEvaluation(_ test: TestApplication, remaking keys: Set<String>) throws -> (added: Int, remade: [String: Proposal]) {
        var result: (Int, [String: Proposal]) = (0, [:])
        XCTAssertThrowsError(try test.core.write(.system("test")) { tx in
            let added = try Escalation.evaluateAll(tx)
            let before = try proposals(tx.db)
            for key in keys {
                guard let proposal = before[key] else { continue }
                try tx.db.execute("DELETE FROM supervision_proposals WHERE rule_id = ? AND target_kind = ? AND target_id = ? AND period = ?",
                                  [proposal.rule, proposal.targetKind, proposal.targetID, proposal.period])
            }
            _ = try Escalation.evaluateAll(tx)
            let after = try proposals(tx.db)
            result = (added, after.filter { keys.contains($0.key) })
            throw Rollback()
        }) { XCTAssertTrue($0 is Rollback, "\($0)") }
        return result
    }

    func hazard(_ id: Int64, grade: String, territory: Int64, unit: Int64) -> HazardFacts {
        HazardFacts(hazardId: id, code: "YH-TEST-\(id)", grade: grade, territoryId: territory, sector: "hazardousChemicals", supervisingUnitId: unit,
                    enterpriseId: nil, source: "departmentInspection")
    }

    func overdue(_ line: Int64, kind: String, id: Int64, due: String) -> TaskOverdue {
        TaskOverdue(TaskDeadlineReached(ledgerLineId: line, taskId: line * 10, unitId: id, unitKind: kind, due: date(due), period: nil,
                                        colourReason: "overdue: due \(due), no completion report (rule R1)"))
    }

    func testIncrementalEvaluationProposesWhatAFullOneWouldAfterEveryFact() throws {
        let test = try DemoFixture.make()
        let unit = try test.id("units", "区住房城乡建设局")
        let territory = try test.id("territories", "东城镇")
        test.app.dispatcher.deliverDue()
        // The demo's own state fully evaluated first: from here on only the sequence makes proposals.
        _ = try test.core.write(.system("test")) { try Escalation.evaluateAll($0) }

        enum Step {
            case publish(String, (WriteTransaction) throws -> Void)
            case interview(String, kind: String, id: Int64, on: String)
            case advance(days: Int)
        }
        let steps: [Step] = [
            .publish("a red task of the unit in Q2") { tx in try tx.publish(self.overdue(8001, kind: "unit", id: unit, due: "2024-04-30")) },
            .publish("a red task of the town in Q1") { tx in try tx.publish(self.overdue(8002, kind: "territory", id: territory, due: "2024-01-31")) },
            .publish("a general hazard (no rule counts it)") { tx in try tx.publish(HazardRegistered(hazard: self.hazard(9001, grade: "general", territory: territory, unit: unit))) },
            .publish("a second red task of the unit in Q2: E1") { tx in try tx.publish(self.overdue(8003, kind: "unit", id: unit, due: "2024-05-31")) },
            .publish("a red task of the unit in Q1") { tx in try tx.publish(self.overdue(8004, kind: "unit", id: unit, due: "2024-02-29")) },
            .publish("a third red task of the unit in Q2 (already proposed)") { tx in try tx.publish(self.overdue(8006, kind: "unit", id: unit, due: "2024-06-10")) },
            .publish("a hazard 10 days overdue") { tx in try tx.publish(HazardOverdue(hazard: self.hazard(9001, grade: "general", territory: territory, unit: unit), daysOverdue: 10, listed: false)) },
            .publish("the same hazard 35 days overdue: E2") { tx in try tx.publish(HazardOverdue(hazard: self.hazard(9001, grade: "general", territory: territory, unit: unit), daysOverdue: 35, listed: false)) },
            .publish("another hazard 40 days overdue but listed") { tx in try tx.publish(HazardOverdue(hazard: self.hazard(9002, grade: "general", territory: territory, unit: unit), daysOverdue: 40, listed: true)) },
            .interview("an interview of the unit", kind: "unit", id: unit, on: "2024-06-15"),
            .advance(days: 5),
            .publish("a general hazard after the interview (no rule counts it)") { tx in try tx.publish(HazardRegistered(hazard: self.hazard(9003, grade: "general", territory: territory, unit: unit))) },
            .publish("a major hazard after the interview: E3 for the unit") { tx in try tx.publish(HazardRegistered(hazard: self.hazard(9004, grade: "major", territory: territory, unit: unit))) },
            .publish("a second red task of the town in Q1: E1") { tx in try tx.publish(self.overdue(8005, kind: "territory", id: territory, due: "2024-01-15")) },
            .interview("an interview of the town", kind: "territory", id: territory, on: "2024-06-20"),
            .advance(days: 3),
            .publish("a hazard of the town overdue after its interview: E3 for the town") { tx in try tx.publish(HazardOverdue(hazard: self.hazard(9005, grade: "general", territory: territory, unit: unit), daysOverdue: 1, listed: false)) },
        ]
        var made = 0
        for step in steps {
            let before = try test.core.read { try proposals($0) }
            let label: String
            switch step {
            case .publish(let what, let publish):
                label = what
                try test.core.write(.system("test")) { tx in
                    try tx.audit(action: "test.publish", entity: "test", entityID: what)
                    try publish(tx)
                }
                let report = test.app.dispatcher.deliverDue()
                XCTAssertEqual(report.failed, 0, what)
            case .interview(let what, let kind, let id, let day):
                label = what
                // As `InstrumentService.issue` does: the instrument, then a full evaluation of its target.
                try test.core.write(.system("test")) { tx in
                    try tx.db.execute("""
                        INSERT INTO supervision_instruments (kind, number, target_kind, target_id, date, year, reason, issued_by, created_at)
                        VALUES ('admonitoryInterview', ?, ?, ?, ?, 2024, '屡次逾期', 'test', ?)
                        """, ["测试约谈〔2024〕\(id)号", kind, id, day, tx.nowText])
                    try tx.audit(action: "test.interview", entity: "supervision_instrument", entityID: String(tx.db.lastInsertRowID))
                    try Escalation.evaluate(subject: FactRecorder.Subject(kind: kind, id: id), tx)
                }
            case .advance(let days):
                test.clock.advance(seconds: Double(days) * 86_400)
                continue
            }
            let after = try test.core.read { try proposals($0) }
            let new = Set(after.keys).subtracting(before.keys)
            made += new.count
            let full = try fullEvaluation(test, remaking: new)
            XCTAssertEqual(full.added, 0, "after “\(label)” a full evaluation found a proposal the incremental one missed")
            for key in new { XCTAssertEqual(full.remade[key], after[key], "after “\(label)”, \(key)") }
        }
        XCTAssertGreaterThanOrEqual(made, 5)
        let all = try test.core.read { try proposals($0) }.values
        func periods(_ kind: String, _ id: Int64, rule code: String) throws -> [String] {
            let rule = try test.core.read { try $0.scalarInt("SELECT id FROM supervision_escalation_rules WHERE code = ?", [code]) }
            return all.filter { $0.targetKind == kind && $0.targetID == id && $0.rule == rule }.map(\.period)
        }
        XCTAssertTrue(try periods("unit", unit, rule: "E1").contains("2024-Q2"))
        XCTAssertFalse(try periods("unit", unit, rule: "E1").contains("2024-Q1"), "one red task in Q1")
        XCTAssertTrue(try periods("territory", territory, rule: "E1").contains("2024-Q1"))
        XCTAssertTrue(try periods("territory", territory, rule: "E2").contains("hazard:9001"))
        XCTAssertFalse(try periods("territory", territory, rule: "E2").contains("hazard:9002"), "listed")
        XCTAssertTrue(try periods("unit", unit, rule: "E3").contains { $0.hasPrefix("interview:") })
        XCTAssertTrue(try periods("territory", territory, rule: "E3").contains { $0.hasPrefix("interview:") })
    }

    func testAFactNoRuleCountsEvaluatesNothing() {
        XCTAssertEqual(Escalation.kinds(counting: .hazardRegistered, subjectKind: "territory"), [])
        XCTAssertEqual(Escalation.kinds(counting: .taskCompletedLate, subjectKind: "unit"), [])
        XCTAssertEqual(Escalation.kinds(counting: .taskOverdue, subjectKind: "unit"), ["repeatedRedTasks"])
        XCTAssertEqual(Escalation.kinds(counting: .hazardOverdue, subjectKind: "unit"), ["relapseAfterInterview"])
        XCTAssertEqual(Escalation.kinds(counting: .hazardOverdue, subjectKind: "territory"), ["hazardOverdue", "relapseAfterInterview"])
        XCTAssertEqual(Escalation.kinds(counting: .hazardMajorRegistered, subjectKind: "territory"), ["relapseAfterInterview"])
    }
}
