// A withdrawn line that comes back (responsibilities.lines.restored) counts again from the day
// restored; in between it does not; and E1 does not count withdrawn lines towards its threshold.
import Kernel
import TestSupport
import XCTest
@testable import Supervision

final class RestoredLinesTests: XCTestCase {
    private func overdue(_ line: Int64, unit: Int64, due: String) -> TaskOverdue {
        TaskOverdue(TaskDeadlineReached(ledgerLineId: line, taskId: 9, unitId: unit, unitKind: "unit", due: date(due), period: "2024-Q2",
                                        colourReason: "逾期:截止\(due),未报完成", taskNumber: "(九)", taskTitle: "开展燃气安全专项整治", unitName: "区住房城乡建设局"))
    }

    private func ref(_ line: Int64, unit: Int64) -> LedgerLineRef {
        LedgerLineRef(ledgerLineId: line, taskId: 9, unitId: unit, unitKind: "unit", period: "2024-Q2")
    }

    func testAWithdrawnThenRestoredLineCountsOutsideItsWithdrawnSpanOnly() throws {
        let test = try DemoFixture.make()
        let unit = try test.id("units", "区住房城乡建设局")
        try test.core.write(.system("responsibilities")) { tx in
            try tx.audit(action: "test.publish", entity: "test", entityID: "lines")
            _ = try tx.publish(overdue(8001, unit: unit, due: "2024-05-31"))
            _ = try tx.publish(LinesWithdrawn(lines: [ref(8001, unit: unit)], withdrawnOn: date("2024-06-20"), reason: "计划修订删去"), summary: "撤销")
            _ = try tx.publish(LinesRestored(lines: [ref(8001, unit: unit)], restoredOn: date("2024-06-25")), summary: "恢复")
        }
        test.app.dispatcher.deliverDue()
        func deducted(_ asOf: String) throws -> Bool {
            let report = try test.core.read { try AssessmentService(core: test.core).report(year: 2024, asOf: date(asOf), $0) }
            let result = (report["results"]?.arrayValue ?? []).first { $0["kind"] == "unit" && $0["id"] == .int(unit) }
            return (result?["lines"]?.arrayValue ?? []).contains { ($0["source"]?.stringValue ?? "").contains("ledger-line:8001") }
        }
        // The fact is learnt on the demo's today (06-15).
        XCTAssertTrue(try deducted("2024-06-19"), "in force before the withdrawal")
        XCTAssertFalse(try deducted("2024-06-20"), "out from the day withdrawn")
        XCTAssertFalse(try deducted("2024-06-24"))
        XCTAssertTrue(try deducted("2024-06-25"), "back from the day restored")
        let report = try test.core.read { try AssessmentService(core: test.core).report(year: 2024, asOf: date("2024-06-16"), $0) }
        let reason = (report["results"]?.arrayValue ?? []).first { $0["kind"] == "unit" && $0["id"] == .int(unit) }?["lines"]?.arrayValue?
            .first { ($0["source"]?.stringValue ?? "").contains("ledger-line:8001") }?["reason"]?.stringValue ?? ""
        XCTAssertTrue(reason.contains("任务(九)“开展燃气安全专项整治”") && reason.contains("台账行 8001"), reason)
    }

    func testWithdrawnLinesDoNotReachTheLaddersThreshold() throws {
        let test = try DemoFixture.make()
        let unit = try test.id("units", "区住房城乡建设局")
        try test.core.write(.system("responsibilities")) { tx in
            try tx.audit(action: "test.publish", entity: "test", entityID: "lines")
            _ = try tx.publish(LinesWithdrawn(lines: [ref(8101, unit: unit)], withdrawnOn: date("2024-06-01"), reason: "移除责任单位"), summary: "撤销")
            _ = try tx.publish(overdue(8101, unit: unit, due: "2024-04-30"))
            _ = try tx.publish(overdue(8102, unit: unit, due: "2024-05-31"))
        }
        test.app.dispatcher.deliverDue()
        let proposals = try InstrumentService(core: test.core).proposals(status: .proposed, actor: .localAdministrator, nil).items
            .filter { $0["target_id"] == .int(unit) && $0["target_kind"] == "unit" && $0["period"] == "2024-Q2" }
        XCTAssertEqual(proposals.count, 0, "one red line in force is below E1's threshold of two: \(proposals)")
    }
}
