// Issue 20 items 9 and 10: the intake's limits count each client's accepted submissions only (the
// client behind a trusted proxy is the one X-Forwarded-For names, never one a client claims), and
// one client's flood leaves every other client room; a tip-off linked to a merged hazard follows
// the survivor; a dismissed tip-off can be contested by its reporter, which reopens its triage.
import Foundation
import HTTP
import Kernel
import TestSupport
import XCTest

final class TipOffFlowTests: HazardsTestCase {
    func submit(_ client: HTTPClient, _ text: String, headers: [(String, String)] = []) throws -> HTTPReply {
        try client.post("/api/v1/tipoffs", ["text": .string(text), "place": "东城镇幸福小区", "territory_id": "东城镇"], headers: headers)
    }

    func testBehindATrustedProxyEachClientHasItsOwnBudgetAndRefusedSubmissionsDoNotCount() throws {
        test.clock.set(CalendarDate(year: 2024, month: 5, day: 1)!)
        let proxied = try TestServer(test, trustedProxies: ["127.0.0.1", "::1"])
        defer { proxied.stop() }
        let nginx = proxied.client()
        let flooder = [("X-Forwarded-For", "203.0.113.7")]
        // Refused submissions (a fake photo: the service's 422) do not count, however many.
        let fake = Data("<svg/>".utf8).base64EncodedString()
        for _ in 0..<8 {
            let refused = try nginx.post("/api/v1/tipoffs", ["text": "有隐患", "place": "某处", "photos": .array([.object(["name": "a.jpg", "content_base64": .string(fake)])])], headers: flooder)
            XCTAssertEqual(refused.status, 422, refused.text)
        }
        var statuses: [Int] = []
        for index in 0..<6 { statuses.append(try submit(nginx, "楼道堆放杂物 \(index)", headers: flooder).status) }
        XCTAssertEqual(statuses, [201, 201, 201, 201, 201, 429], "five accepted per hour")
        let limited = try submit(nginx, "再来一条", headers: flooder)
        XCTAssertEqual(limited.status, 429)
        XCTAssertNotNil(limited.header("Retry-After"))
        // Another reporter behind the same proxy is not blocked; nor one who claims the flooder's address.
        XCTAssertEqual(try submit(nginx, "另一位群众", headers: [("X-Forwarded-For", "198.51.100.20")]).status, 201)
        XCTAssertEqual(try submit(nginx, "伪造前缀", headers: [("X-Forwarded-For", "203.0.113.7, 198.51.100.21")]).status, 201,
                       "the client is the address the trusted proxy appended, not what the client wrote before it")
        XCTAssertEqual(try submit(nginx, "多个头", headers: [("X-Forwarded-For", "10.9.9.9"), ("X-Forwarded-For", "198.51.100.22")]).status, 201)
        // The reporter's follow-ups have a budget of their own: the flooder may still say "not fixed".
        let followUp = try nginx.post("/api/v1/tipoffs/receipt/not-fixed", .object([]), headers: flooder + [("X-Receipt-Key", String(repeating: "x", count: 43))])
        XCTAssertEqual(followUp.status, 404, followUp.text)

        // Without a trusted proxy the header is ignored: a client cannot choose its address.
        test.clock.set(CalendarDate(year: 2024, month: 5, day: 2)!)
        let direct = server.client()
        var direct429 = 0
        for index in 0..<7 where try submit(direct, "直连 \(index)", headers: [("X-Forwarded-For", "192.0.2.\(index)")]).status == 429 { direct429 += 1 }
        XCTAssertEqual(direct429, 2, "every request counts for the socket's peer")
    }

    func testTrustedProxiesParseAddressesAndBlocks() throws {
        let proxies = try TrustedProxies(parsing: ["127.0.0.1", "10.0.0.0/8", "fd00::/8"])
        XCTAssertTrue(proxies.isTrusted("10.20.30.40"))
        XCTAssertTrue(proxies.isTrusted("::ffff:127.0.0.1"))
        XCTAssertTrue(proxies.isTrusted("fd12::1"))
        XCTAssertFalse(proxies.isTrusted("11.0.0.1"))
        XCTAssertFalse(proxies.isTrusted("not an address"))
        XCTAssertEqual(proxies.client(peer: "127.0.0.1", forwardedFor: ["198.51.100.1, 10.1.1.1"]), "198.51.100.1", "through two proxies")
        XCTAssertEqual(proxies.client(peer: "127.0.0.1", forwardedFor: ["garbage"]), "127.0.0.1", "an unreadable hop stops the walk")
        XCTAssertEqual(proxies.client(peer: "192.0.2.5", forwardedFor: ["198.51.100.1"]), "192.0.2.5", "an untrusted peer's header is ignored")
        XCTAssertEqual(proxies.client(peer: "127.0.0.1", forwardedFor: ["2001:DB8::1"]), "2001:db8::1")
        XCTAssertThrowsError(try TrustedProxies(parsing: ["127.0.0.300"]))
        XCTAssertThrowsError(try TrustedProxies(parsing: ["10.0.0.0/33"]))
    }

    func testATipOffFollowsItsMergedHazardAndADismissalCanBeContested() throws {
        test.clock.set(CalendarDate(year: 2024, month: 4, day: 1)!)
        let public_ = server.client()
        let office = try client("anweiban"), town = try client("dongcheng")
        // Two tip-offs; the first becomes a hazard which is then merged into another.
        let first = try submit(public_, "饭店后厨燃气管道漏气（合并）")
        let firstKey = try XCTUnwrap(first.json["receipt_key"]?.stringValue)
        let firstID = try sqliteInt("SELECT max(id) FROM hazards_tipoffs")
        let created = try town.post("/api/v1/tipoffs/\(firstID)/actions/create-hazard", ["sector": "gas", "supervising_unit_id": "区应急管理局", "deadline": "2024-04-30"])
        XCTAssertEqual(created.status, 200, created.text)
        let duplicate = try XCTUnwrap(created.json["hazard_id"]?.intValue)
        let survivor = try office.post("/api/v1/hazards", ["place": "东城镇美食街8号", "territory_id": "东城镇", "sector": "gas", "supervising_unit_id": "区应急管理局",
                                                           "description": "美食街燃气管道老化", "found_on": "2024-03-30", "deadline": "2024-04-30"])
        let survivorID = try XCTUnwrap(survivor.json["id"]?.intValue), survivorCode = try XCTUnwrap(survivor.json["code"]?.stringValue)
        XCTAssertEqual(try town.post("/api/v1/hazards/\(duplicate)/actions/merge", ["into": .int(survivorID)]).status, 200)
        // A second tip-off linked to the merged duplicate is linked to the survivor.
        let second = try submit(public_, "美食街燃气味道很重")
        let secondKey = try XCTUnwrap(second.json["receipt_key"]?.stringValue)
        let secondID = try sqliteInt("SELECT max(id) FROM hazards_tipoffs")
        let linked = try town.post("/api/v1/tipoffs/\(secondID)/actions/link", ["hazard_id": .int(duplicate)])
        XCTAssertEqual(linked.status, 200, linked.text)
        XCTAssertEqual(linked.json["hazard_id"]?.intValue, survivorID)
        // An older link to the merged hazard (as data written before) is followed at reading.
        _ = try sqlite("UPDATE hazards_tipoffs SET hazard_id = \(duplicate) WHERE id = \(firstID)")
        let progress = try public_.get("/api/v1/tipoffs/receipt", headers: [("X-Receipt-Key", firstKey)])
        XCTAssertEqual(progress.json["hazard"]?["code"]?.stringValue, survivorCode, progress.text)
        XCTAssertEqual(progress.json["hazard"]?["status"], "reported")
        XCTAssertNotNil(progress.json["hazard"]?["merged_from_code"]?.stringValue)
        // The survivor is fixed and closed; both reporters may say it is not fixed.
        let cgj = try client("yjj")
        _ = try cgj.post("/api/v1/hazards/\(survivorID)/actions/finish-rectification", .object([]))
        _ = try cgj.post("/api/v1/hazards/\(survivorID)/actions/apply-review", .object([]))
        XCTAssertEqual(try cgj.post("/api/v1/hazards/\(survivorID)/actions/review", ["passed": true]).json["status"], "closed")
        let closedView = try public_.get("/api/v1/tipoffs/receipt", headers: [("X-Receipt-Key", firstKey)])
        XCTAssertEqual(closedView.json["can_say_not_fixed"], true, closedView.text)
        let notFixed = test.cli(["hazards", "tipoffs", "not-fixed", "--key", secondKey, "--note", "仍有燃气味", "--json"])
        XCTAssertEqual(notFixed.code, 0, notFixed.err)
        XCTAssertEqual(try office.get("/api/v1/hazards/\(survivorID)").json["status"], "rectifying")

        // A dismissed tip-off: the reporter contests it and triage reopens; a third party cannot.
        let third = try submit(public_, "小区地下车库堆放液化气钢瓶")
        let thirdKey = try XCTUnwrap(third.json["receipt_key"]?.stringValue)
        let thirdID = try sqliteInt("SELECT max(id) FROM hazards_tipoffs")
        let early = try public_.post("/api/v1/tipoffs/receipt/contest", ["note": "还没处理"], headers: [("X-Receipt-Key", thirdKey)])
        XCTAssertEqual(early.status, 409, "only a dismissal can be contested")
        XCTAssertEqual(try town.post("/api/v1/tipoffs/\(thirdID)/actions/dismiss", ["reason": "经核查已整改"]).status, 200)
        let view = try public_.get("/api/v1/tipoffs/receipt", headers: [("X-Receipt-Key", thirdKey)])
        XCTAssertEqual(view.json["can_contest"], true, view.text)
        XCTAssertEqual(try public_.post("/api/v1/tipoffs/receipt/contest", ["note": "x"], headers: [("X-Receipt-Key", firstKey)]).status, 409, "another tip-off's key")
        XCTAssertEqual(try public_.post("/api/v1/tipoffs/receipt/contest", ["note": "x"], headers: [("X-Receipt-Key", String(repeating: "A", count: 43))]).status, 404)
        XCTAssertEqual(try public_.post("/api/v1/tipoffs/receipt/contest", .object([]), headers: [("X-Receipt-Key", thirdKey)]).status, 422, "the note is required")
        XCTAssertEqual(try public_.post("/api/v1/tipoffs/receipt/contest", ["note": "钢瓶\u{1B}[31m"], headers: [("X-Receipt-Key", thirdKey)]).status, 422)
        let contested = try public_.post("/api/v1/tipoffs/receipt/contest", ["note": "钢瓶仍在，并未整改"], headers: [("X-Receipt-Key", thirdKey)])
        XCTAssertEqual(contested.status, 200, contested.text)
        XCTAssertEqual(contested.json["status"], "received")
        XCTAssertEqual(contested.json["contest_count"]?.intValue, 1)
        let official = try town.get("/api/v1/tipoffs/\(thirdID)")
        XCTAssertEqual(official.json["status"], "received")
        XCTAssertEqual(official.json["contest_note"], "钢瓶仍在，并未整改")
        XCTAssertEqual(try client("xiling").get("/api/v1/tipoffs/\(thirdID)").status, 404)
        XCTAssertEqual(try sqliteInt("SELECT count(*) FROM kernel_events WHERE type = 'hazards.tipoff.contested' AND json_extract(payload, '$.tip_off_id') = \(thirdID)"), 1)
        // Triage goes on: a hazard now; the contest is over.
        XCTAssertEqual(try town.post("/api/v1/tipoffs/\(thirdID)/actions/create-hazard", ["sector": "gas", "supervising_unit_id": "区应急管理局"]).status, 200)
        let after = try public_.post("/api/v1/tipoffs/receipt/contest", ["note": "再次"], headers: [("X-Receipt-Key", thirdKey)])
        XCTAssertEqual(after.status, 409)
        // The triage clock restarts at the contest: overdue 7 days after it, once.
        let fourth = try submit(public_, "路边配电箱门敞开")
        let fourthKey = try XCTUnwrap(fourth.json["receipt_key"]?.stringValue)
        let fourthID = try sqliteInt("SELECT max(id) FROM hazards_tipoffs")
        XCTAssertEqual(try town.post("/api/v1/tipoffs/\(fourthID)/actions/dismiss", ["reason": "已整改"]).status, 200)
        test.clock.set(CalendarDate(year: 2024, month: 4, day: 20)!)
        let cli = test.cli(["hazards", "tipoffs", "contest", "--key", fourthKey, "--note", "配电箱仍敞开", "--json"])
        XCTAssertEqual(cli.code, 0, cli.err)
        func overdue() throws -> Int64 { try sqliteInt("SELECT count(*) FROM kernel_events WHERE type = 'hazards.tipoff.overdue' AND json_extract(payload, '$.tip_off_id') = \(fourthID)") }
        _ = try test.app.tick()
        XCTAssertEqual(try overdue(), 0, "received on 04-01, but contested on 04-20")
        test.clock.set(CalendarDate(year: 2024, month: 4, day: 28)!)
        _ = try test.app.tick()
        _ = try test.app.tick()
        XCTAssertEqual(try overdue(), 1)
        // Officials cannot contest on the public's behalf through their own routes; the enterprise cannot list tip-offs.
        XCTAssertEqual(try client("qiye").get("/api/v1/tipoffs").status, 403)
    }
}
