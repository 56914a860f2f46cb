// Issue 20 items 4, 5, 7 and issue 19 item 10: a late tick publishes one overdue event per hazard
// (the threshold in the payload, a Chinese summary); the 10-day review reminds once, is a list
// filter, and a failed review clears its due day; search finds codes and enterprise names; a
// 挂牌督办 instrument lists its hazard, once.
import Foundation
import Kernel
import TestSupport
import XCTest

final class HazardFlowTests: HazardsTestCase {
    /// Registers a hazard for 东城鑫源化工第4分公司 (enterprise 3) as the office; returns id and code.
    func register(_ description: String, found: String = "2024-05-01", deadline: String = "2024-06-01") throws -> (id: Int64, code: String) {
        let made = try client("anweiban").post("/api/v1/hazards", ["enterprise_id": 3, "description": .string(description), "found_on": .string(found), "deadline": .string(deadline)])
        XCTAssertEqual(made.status, 201, made.text)
        return (try XCTUnwrap(made.json["id"]?.intValue), try XCTUnwrap(made.json["code"]?.stringValue))
    }

    func events(_ type: String, hazard id: Int64) throws -> [JSON] {
        try sqlite("SELECT payload FROM kernel_events WHERE type = '\(type)' AND json_extract(payload, '$.hazard.hazard_id') = \(id) ORDER BY id")
            .map { try JSONParser.parse($0) }
    }

    func testALateTickPublishesOneOverdueEventPerHazardWithItsThresholdAndAChineseSummary() throws {
        let hazard = try register("消防通道堆放杂物（追赶测试）")
        let registered = try events("hazards.hazard.registered", hazard: hazard.id)
        let headline = try XCTUnwrap(registered.first?["summary"]?.stringValue)
        XCTAssertTrue(headline.contains("一般隐患 \(hazard.code)（东城鑫源化工第4分公司）"), headline)
        XCTAssertTrue(headline.contains("已上报"), headline)
        XCTAssertFalse(headline.contains("registered"), headline)

        // 101 days late at once: thresholds 1, 7, 30 and 90 are all reached, only 90 is published.
        test.clock.set(CalendarDate(year: 2024, month: 9, day: 10)!)
        _ = try test.app.tick()
        _ = try test.app.tick()
        var overdue = try events("hazards.hazard.overdue", hazard: hazard.id)
        XCTAssertEqual(overdue.count, 1, "\(overdue)")
        XCTAssertEqual(overdue.first?["threshold"]?.intValue, 90)
        XCTAssertEqual(overdue.first?["days_overdue"]?.intValue, 101)
        let text = try XCTUnwrap(overdue.first?["summary"]?.stringValue)
        XCTAssertTrue(text.contains("一般隐患 \(hazard.code)（东城鑫源化工第4分公司）逾期 101 天"), text)
        XCTAssertTrue(text.contains("已上报"), text)
        // Later ticks never publish the lower thresholds it skipped.
        test.clock.set(CalendarDate(year: 2024, month: 12, day: 1)!)
        _ = try test.app.tick()
        overdue = try events("hazards.hazard.overdue", hazard: hazard.id)
        XCTAssertEqual(overdue.count, 1)
        // The robot's text is the summary (a WeCom message reads it first).
        let event = try XCTUnwrap(test.core.read { db in
            try db.queryOne("SELECT * FROM kernel_events WHERE type = 'hazards.hazard.overdue' AND json_extract(payload, '$.hazard.hazard_id') = ?", [hazard.id])
        })
        let message = WebhookMessage.text(Event(id: event.requiredInt("id"), type: event.requiredString("type"), payload: event.requiredString("payload"),
                                                actor: event.requiredString("actor"), occurredAt: event.requiredString("occurred_at")))
        XCTAssertTrue(message.hasPrefix("【安委】一般隐患 \(hazard.code)（东城鑫源化工第4分公司）逾期"), message)
        XCTAssertTrue(message.contains("隐患治理逾期（hazards.hazard.overdue）"), message)
        let registeredEvent = try XCTUnwrap(test.core.read { db in
            try db.queryOne("SELECT * FROM kernel_events WHERE type = 'hazards.hazard.registered' AND json_extract(payload, '$.hazard.hazard_id') = ?", [hazard.id])
        })
        let registeredMessage = WebhookMessage.text(Event(id: registeredEvent.requiredInt("id"), type: registeredEvent.requiredString("type"), payload: registeredEvent.requiredString("payload"),
                                                          actor: registeredEvent.requiredString("actor"), occurredAt: registeredEvent.requiredString("occurred_at")))
        XCTAssertFalse(registeredMessage.contains("registered（") || registeredMessage.contains("重大"), registeredMessage)
        XCTAssertTrue(registeredMessage.contains("隐患治理登记"), registeredMessage)
        // The CLI's tick says how many it published; a second run publishes none of these.
        let again = test.cli(["tick", "--json"])
        XCTAssertEqual(again.code, 0, again.err)
    }

    func testTheReviewRemindsOnceIsAFilterAndAFailedReviewClearsItsDueDay() throws {
        let hazard = try register("配电箱无防护门（核查提醒）", found: "2024-06-01", deadline: "2024-07-31")
        let qiye = try client("qiye"), yjj = try client("yjj"), dongcheng = try client("dongcheng"), fgj = try client("fgj")
        XCTAssertEqual(try qiye.post("/api/v1/hazards/\(hazard.id)/actions/finish-rectification", .object([])).status, 200)
        let applied = try qiye.post("/api/v1/hazards/\(hazard.id)/actions/apply-review", .object([]))
        XCTAssertEqual(applied.json["review_due"], "2024-06-25", applied.text)

        // The filter: reviews due by a day, for those who may see the hazard.
        func listed(_ client: HTTPClient, _ query: String) throws -> [Int64] {
            let reply = try client.get("/api/v1/hazards?\(query)&limit=200")
            XCTAssertEqual(reply.status, 200, reply.text)
            return reply.json["items"]?.arrayValue?.compactMap { $0["id"]?.intValue } ?? []
        }
        XCTAssertTrue(try listed(yjj, "review_due_by=2024-06-25").contains(hazard.id))
        XCTAssertTrue(try listed(dongcheng, "review_due_by=2024-06-30").contains(hazard.id))
        XCTAssertFalse(try listed(yjj, "review_due_by=2024-06-24").contains(hazard.id))
        XCTAssertFalse(try listed(fgj, "review_due_by=2024-06-30").contains(hazard.id), "not its hazard")
        XCTAssertEqual(try yjj.get("/api/v1/hazards?review_due_by=2024-13-01").status, 422)
        let cli = test.cli(["hazards", "list", "--review-due-by", "2024-06-25", "--as", "yjj", "--csv"])
        XCTAssertEqual(cli.code, 0, cli.err)
        XCTAssertTrue(cli.out.contains(hazard.code), cli.out)
        // The stats with the filter read the register (the counts cannot answer it) and agree.
        let stats = try yjj.get("/api/v1/hazards/stats?review_due_by=2024-06-25&territory_id=1")
        XCTAssertEqual(stats.status, 200, stats.text)

        // The reminder: not yet 3 days before, then once, however often tick runs.
        test.clock.set(CalendarDate(year: 2024, month: 6, day: 21)!)
        _ = try test.app.tick()
        XCTAssertEqual(try events("hazards.hazard.review_due", hazard: hazard.id).count, 0)
        test.clock.set(CalendarDate(year: 2024, month: 6, day: 22)!)
        _ = try test.app.tick()
        test.clock.set(CalendarDate(year: 2024, month: 6, day: 24)!)
        _ = try test.app.tick()
        let reminders = try events("hazards.hazard.review_due", hazard: hazard.id)
        XCTAssertEqual(reminders.count, 1)
        XCTAssertEqual(reminders.first?["review_due"], "2024-06-25")
        XCTAssertEqual(reminders.first?["days_left"]?.intValue, 3)
        XCTAssertTrue(reminders.first?["summary"]?.stringValue?.contains("现场核查须于 2024-06-25 前完成（还剩 3 天）") ?? false, "\(reminders)")

        // A failed review: back to rectifying, the old due day cleared; the next application sets a new one.
        // Tokens live an hour of the test clock: sign in again on the new day.
        let (qiye2, yjj2) = (try client("qiye"), try client("yjj"))
        let failed = try yjj2.post("/api/v1/hazards/\(hazard.id)/actions/review", ["passed": false, "reasons": "防护门未上锁"])
        XCTAssertEqual(failed.status, 200, failed.text)
        XCTAssertEqual(failed.json["status"], "rectifying")
        XCTAssertEqual(failed.json["review_due"], .null)
        XCTAssertEqual(failed.json["review_applied_on"], .null)
        XCTAssertFalse(try listed(yjj2, "review_due_by=2024-12-31").contains(hazard.id))
        XCTAssertEqual(try qiye2.post("/api/v1/hazards/\(hazard.id)/actions/finish-rectification", .object([])).status, 200)
        let again = try qiye2.post("/api/v1/hazards/\(hazard.id)/actions/apply-review", .object([]))
        XCTAssertEqual(again.json["review_due"], "2024-07-04", again.text)
        // The new application reminds again, once — even when the check runs after the due day.
        test.clock.set(CalendarDate(year: 2024, month: 7, day: 6)!)
        _ = try test.app.tick()
        _ = try test.app.tick()
        let all = try events("hazards.hazard.review_due", hazard: hazard.id)
        XCTAssertEqual(all.count, 2)
        XCTAssertEqual(all.last?["days_left"]?.intValue, -2)
        XCTAssertTrue(all.last?["summary"]?.stringValue?.contains("已超期 2 天") ?? false)
        let (qiye3, yjj3) = (try client("qiye"), try client("yjj"))
        // An enterprise cannot review; the unit can, and the hazard leaves the filter.
        XCTAssertEqual(try qiye3.post("/api/v1/hazards/\(hazard.id)/actions/review", ["passed": true]).status, 403)
        XCTAssertEqual(test.cli(["hazards", "review", String(hazard.id), "--passed", "true", "--as", "yjj"]).code, 0)
        XCTAssertFalse(try listed(yjj3, "review_due_by=2024-12-31").contains(hazard.id))
    }

    func testSearchFindsCodesAndEnterpriseNamesWithinScope() throws {
        let hazard = try register("仓库应急照明损坏（搜索）")
        func found(_ user: String, _ q: String) throws -> [Int64] {
            let query = q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? q
            let reply = try client(user).get("/api/v1/hazards?q=\(query)&limit=200")
            XCTAssertEqual(reply.status, 200, reply.text)
            return reply.json["items"]?.arrayValue?.compactMap { $0["id"]?.intValue } ?? []
        }
        XCTAssertEqual(try found("anweiban", hazard.code), [hazard.id], "by its code")
        XCTAssertEqual(try found("anweiban", hazard.code.lowercased()), [hazard.id], "case does not matter")
        XCTAssertTrue(try found("anweiban", String(hazard.code.dropLast(2))).contains(hazard.id), "by the start of its code")
        XCTAssertTrue(try found("anweiban", "鑫源化工").contains(hazard.id), "by the enterprise's name")
        XCTAssertTrue(try found("dongcheng", "鑫源化工 照明").contains(hazard.id), "every term must match somewhere")
        XCTAssertFalse(try found("anweiban", "鑫源化工 不存在的词").contains(hazard.id))
        XCTAssertTrue(try found("anweiban", "应急照明").contains(hazard.id), "the description as before")
        XCTAssertEqual(try found("xiling", hazard.code), [], "out of scope is not found")
        XCTAssertEqual(try found("fgj", "鑫源化工"), [])
        XCTAssertEqual(try found("anweiban", "YH-%' OR 1=1 --"), [], "hostile text is a term like any other")
        // The CLI and the CSV export search the same way; the stats too.
        let cli = test.cli(["hazards", "list", "--q", hazard.code, "--as", "qiye", "--csv"])
        XCTAssertEqual(cli.code, 0, cli.err)
        XCTAssertTrue(cli.out.contains(hazard.code))
        let stats = try client("anweiban").get("/api/v1/hazards/stats?q=\(hazard.code)")
        XCTAssertEqual(stats.json["items"]?.arrayValue?.last?["total"]?.intValue, 1, stats.text)
    }

    func testAListedSupervisionInstrumentListsItsHazardOnceAndFollowsAMerge() throws {
        let hazard = try register("储罐区报警器失效（挂牌）")
        func issue(_ id: Int64, instrument: Int64, kind: String = "listedSupervision", hazard: Int64?) throws {
            try test.core.write(.system("supervision")) { tx in
                try tx.publish(InstrumentIssued(instrumentId: id, kind: kind, number: "区安委办挂〔2024〕\(instrument)号", targetKind: "enterprise", targetId: 3,
                                                reason: "逾期未整改", followUpDeadline: nil, hazardId: hazard, issuedOn: CalendarDate(year: 2024, month: 6, day: 14)))
                try tx.audit(action: "test.instrument", entity: "instrument", entityID: String(id))
            }
            test.app.dispatcher.deliverDue()
        }
        try issue(9101, instrument: 7, kind: "urgingLetter", hazard: hazard.id)
        XCTAssertEqual(try client("anweiban").get("/api/v1/hazards/\(hazard.id)").json["listed"], false, "only 挂牌督办 lists")
        try issue(9102, instrument: 8, hazard: hazard.id)
        try issue(9102, instrument: 8, hazard: hazard.id)  // redelivered
        let listed = try client("yjj").get("/api/v1/hazards/\(hazard.id)")
        XCTAssertEqual(listed.json["listed"], true, listed.text)
        XCTAssertEqual(listed.json["listing"]?["notice_number"], "区安委办挂〔2024〕8号")
        XCTAssertEqual(listed.json["listing"]?["listed_on"], "2024-06-14")
        let timeline = try client("qiye").get("/api/v1/hazards/\(hazard.id)/timeline")
        let entries = timeline.json["items"]?.arrayValue?.filter { $0["action"] == "list-for-supervision" } ?? []
        XCTAssertEqual(entries.count, 1, timeline.text)
        XCTAssertEqual(entries.first?["details"]?["instrument_id"]?.intValue, 9102)
        XCTAssertTrue(try client("anweiban").get("/api/v1/hazards?listed=true&limit=200").json["items"]?.arrayValue?.contains { $0["id"]?.intValue == hazard.id } ?? false)

        // A merged duplicate's instrument lists the survivor; an unknown hazard changes nothing.
        let duplicate = try register("储罐区报警器失效（重复）")
        let merged = try client("anweiban").post("/api/v1/hazards/\(duplicate.id)/actions/merge", ["into": .int(hazard.id)])
        XCTAssertEqual(merged.status, 200, merged.text)
        try issue(9103, instrument: 9, hazard: duplicate.id)
        XCTAssertEqual(try client("anweiban").get("/api/v1/hazards/\(hazard.id)").json["listing"]?["notice_number"], "区安委办挂〔2024〕9号")
        try issue(9104, instrument: 10, hazard: 99_999_999)
        XCTAssertEqual(try sqliteInt("SELECT count(*) FROM kernel_deliveries d JOIN kernel_events e ON e.id = d.event_id WHERE d.subscriber = 'hazards.list-from-instrument' AND d.status <> 'done'"), 0)
    }
}
