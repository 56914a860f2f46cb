// #19 item 16: what a person reads is Chinese, with a stable code beside it for scripts; the events
// this module publishes carry a Chinese summary naming the body and the meeting kind, not ids.
import App
import Consultations
import Kernel
import TestSupport
import XCTest

final class ChineseReasonsTests: XCTestCase {
    func testReasonsSummariesAndRefusalsReadInChinese() throws {
        let test = try TestApplication(demo: false, today: Fixtures.date("2024-04-01"))
        let result = test.cli(["consultations", "compliance", "--quarter", "2024-Q1", "--json"])
        XCTAssertEqual(result.code, 0, result.err)
        let line = try XCTUnwrap(Fixtures.json(result.out).arrayValue?.first { $0["kind"] == "riskConsultation" })
        XCTAssertEqual(line["colour"], "red")
        XCTAssertEqual(line["reason_code"], "missed")
        XCTAssertEqual(line["reason"], "2024-Q1 未召开：该季度已于 2024-03-31 结束")

        _ = try test.app.tick()
        let summaries = try test.core.read {
            try $0.query("SELECT json_extract(payload, '$.summary') AS s FROM kernel_events WHERE type = 'consultations.meeting.missing' ORDER BY id")
        }.compactMap { $0.string("s") }
        XCTAssertTrue(summaries.contains("区安委办2024-Q1未召开安全风险会商研判会议（该季度已于 2024-03-31 结束）"), "\(summaries)")

        // Not found: Chinese first, the same words for a record out of scope.
        let missing = test.cli(["consultations", "meetings", "show", "9999"])
        XCTAssertNotEqual(missing.code, 0)
        XCTAssertTrue(missing.err.contains("会议 9999 不存在"), missing.err)
        let decision = test.cli(["consultations", "decisions", "show", "9999"])
        XCTAssertTrue(decision.err.contains("决定事项 9999 不存在"), decision.err)
    }

    func testAgendaSentencesAreChineseWhateverTheEventCarried() throws {
        let test = try TestApplication(demo: false, today: Fixtures.date("2024-05-10"))
        let (core, dispatcher) = try Fixtures.core(on: test, extra: [])
        try Fixtures.publish(CertificateExpiring(certificateId: 9, personId: 1, enterpriseId: nil, kind: "review", date: Fixtures.date("2024-06-01"), daysLeft: 22), on: core)
        let line = TaskDeadlineReached(ledgerLineId: 12, taskId: 3, unitId: 1, unitKind: "unit", due: Fixtures.date("2024-04-30"), period: "2024-Q1",
                                       colourReason: "overdue: due 2024-04-30, no completion report (rule R1)")
        try Fixtures.publish(TaskOverdue(line), on: core)
        try Fixtures.deliverTwice(core, dispatcher)
        let agenda = Fixtures.json(test.cli(["consultations", "agenda", "--next", "--json"]).out)
        let summaries = (agenda["sections"]?.arrayValue ?? []).flatMap { $0["items"]?.arrayValue ?? [] }.compactMap { $0["summary"]?.stringValue }
        XCTAssertTrue(summaries.contains { $0.contains("特种作业操作证 2024-06-01 须复审，剩 22 天") }, "\(summaries)")
        let red = try XCTUnwrap(summaries.first { $0.contains("的任务逾期") })
        XCTAssertTrue(red.hasSuffix("的任务逾期：应于 2024-04-30 完成"), red)
        XCTAssertFalse(summaries.contains { $0.contains("overdue") || $0.contains("review") }, "\(summaries)")
    }
}
