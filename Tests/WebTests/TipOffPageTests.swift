// The public tip-off pages: no account, a photo, the key kept out of URLs, progress and "not fixed".
import Foundation
import Kernel
import TestSupport
@testable import Web
import XCTest

/// The builder's escaping, reachable from the page tests.
enum HTMLEscapeProbe {
    static func escape(_ text: String) -> String { HTML.escape(text) }
}

final class TipOffPageTests: WebPagesTestCase {
    func testAMemberOfThePublicSubmitsWithAPhotoAndFollowsWithTheKey() throws {
        let phone = WebBrowser(port: server.port)
        let form = try phone.get("/tipoff")
        XCTAssertEqual(form.status, 200)
        XCTAssertTrue(form.text.contains("举报安全隐患"))
        XCTAssertTrue(try WebBrowser(port: server.port).get("/login").text.contains("href=\"/tipoff\">群众举报</a>"))
        let csrf = try XCTUnwrap(WebBrowser.csrf(form))
        let sent = try phone.postMultipart("/tipoff", [("text", "小区车库堆放液化气钢瓶"), ("place", "东城镇幸福小区"), ("territory_id", "东城镇")],
                                           file: ("photo", "photo.png", "image/png", tinyPNG), csrf: csrf)
        XCTAssertEqual(sent.status, 303)
        XCTAssertEqual(sent.location, "/tipoff/receipt")
        let cookie = try XCTUnwrap(sent.setCookies.first { $0.hasPrefix("anwei_receipt=") })
        XCTAssertTrue(cookie.contains("HttpOnly") && cookie.contains("Path=/tipoff"))
        let key = try XCTUnwrap(phone.cookies["anwei_receipt"])
        let receipt = try phone.get("/tipoff/receipt")
        XCTAssertTrue(receipt.text.contains(key))
        XCTAssertFalse(server.log.current.contains { $0.contains(key) }, "the key is in no access-log line")
        let progress = try phone.get("/tipoff/progress")
        XCTAssertEqual(progress.status, 200)
        XCTAssertTrue(progress.text.contains("已受理"))
        XCTAssertTrue(progress.text.contains("东城镇幸福小区"))
        let photos = try test.core.read { try $0.scalarInt("SELECT count(*) FROM hazards_attachments") }
        XCTAssertGreaterThan(photos, 0)

        // Another phone follows with the key typed in.
        let other = WebBrowser(port: server.port)
        let start = try other.get("/tipoff")
        XCTAssertEqual(try other.post("/tipoff/follow", [("receipt_key", key)], csrf: WebBrowser.csrf(start)).location, "/tipoff/progress")
        XCTAssertTrue(try other.get("/tipoff/progress").text.contains("东城镇幸福小区"))
        let wrong = WebBrowser(port: server.port)
        let page = try wrong.get("/tipoff")
        try wrong.post("/tipoff/follow", [("receipt_key", "no-such-key")], csrf: WebBrowser.csrf(page))
        let unknown = try wrong.get("/tipoff/progress")
        XCTAssertEqual(unknown.status, 404)
        XCTAssertTrue(unknown.text.contains("查询码无效"))
    }

    func testAClosedHazardCanBeSaidNotFixed() throws {
        let phone = WebBrowser(port: server.port)
        let form = try phone.get("/tipoff")
        try phone.postMultipart("/tipoff", [("text", "路口护栏缺失"), ("place", "东城镇人民路口")], file: nil, csrf: WebBrowser.csrf(form) ?? "")
        let key = try XCTUnwrap(phone.cookies["anwei_receipt"])
        // The office registers it as a hazard and the department closes it (over the API).
        let office = server.client(token: try test.token(for: "anweiban"))
        let id = try test.core.read { try $0.scalarInt("SELECT max(id) FROM hazards_tipoffs") }
        let made = try office.post("/api/v1/tipoffs/\(id)/actions/create-hazard", JSON.object(["grade": "general", "sector": "traffic", "supervising_unit_id": "区交通运输局", "territory_id": "东城镇"]))
        XCTAssertEqual(made.status, 200, made.text)
        let hazard = try XCTUnwrap(made.json["hazard_id"]?.intValue)
        for (action, body) in [("finish-rectification", JSON.object([:])), ("apply-review", .object([:])), ("review", JSON.object(["passed": true, "on_behalf_of_unit_id": "区交通运输局", "on_behalf_reason": "演示：区安委办代为核查"]))] {
            let actor = action == "review" ? server.client(token: try test.token(for: "admin")) : office
            let reply = try actor.post("/api/v1/hazards/\(hazard)/actions/\(action)", body); XCTAssertEqual(reply.status, 200, action + reply.text)
        }
        let progress = try phone.get("/tipoff/progress")
        XCTAssertTrue(progress.text.contains("隐患未整改"))
        let said = try phone.post("/tipoff/not-fixed", [("note", "护栏仍未安装")], csrf: WebBrowser.csrf(progress))
        XCTAssertEqual(said.location, "/tipoff/progress?done=not-fixed")
        XCTAssertTrue(try phone.get("/tipoff/progress?done=not-fixed").text.contains("隐患已重新打开"))
        XCTAssertNotEqual(try office.get("/api/v1/hazards/\(hazard)").json["status"], "closed")
        _ = key
        // The office's page of the tip-off says so.
        let desk = WebBrowser(port: server.port)
        try desk.signIn("anweiban")
        let page = try desk.get("/tipoffs/\(id)")
        XCTAssertTrue(page.text.contains("<dt>举报人称未整改</dt><dd>1 次"))
    }

    func testTheBuilderEscapesEveryInterpolatedText() {
        let name = "<b>\"A&B\"</b>'"
        let html: HTML = "<p title=\"\(name)\">\(name)</p>"
        XCTAssertEqual(html.markup, "<p title=\"&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;&#39;\">&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt;&#39;</p>")
        let nested: HTML = "<div>\(html)</div>"
        XCTAssertEqual(nested.markup, "<div>" + html.markup + "</div>", "markup is not escaped twice")
        XCTAssertEqual(Format.date("2024-02-29"), "2024年2月29日")
        XCTAssertEqual(Format.date("2024-03-01T02:03:04.000Z"), "2024年3月1日 10:03")
        XCTAssertEqual(Labels.colourReason("overdue: deadline 2024-05-01, 3 day(s) late"), "整改逾期：期限2024年5月1日，已逾期 3 天")
        XCTAssertEqual(Labels.colourReason("due soon: deadline 2024-06-20, 5 day(s) left"), "即将到期：期限2024年6月20日，剩余 5 天")
        XCTAssertEqual(Labels.colourReason("review overdue: on-site review due 2023-04-18, 424 day(s) late"), "销号核查逾期：应于2023年4月18日前完成现场核查，已逾期 424 天")
    }
}
