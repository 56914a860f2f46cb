// The print views (GB/T 9704 on A4) over the real server: each document for every demo role answers
// as the API's HTML route answers that role (200, 404 out of scope, 403), with the document's frame
// (红头, 发文字号, 标题, 落款, 成文日期 in 汉字, 版记), its stylesheet linked from this site so that the
// page's policy allows no inline style, and hostile text escaped.
import Foundation
import Kernel
import TestSupport
@testable import Web
import XCTest

final class PrintPagesTests: WebPagesTestCase {
    static let roles = ["admin", "anweiban", "fgj", "yjj", "dongcheng", "xiling", "inspector1", "qiye"]

    func ids(_ table: String) throws -> [Int64] {
        try test.core.read { try $0.query("SELECT id FROM \(table) ORDER BY id").map { $0.requiredInt("id") } }
    }

    /// Every print page answers each role as its API route does; a 200 is the framed document.
    func testEveryDocumentAnswersEachRoleAsTheAPIDoes() throws {
        let notices = try ids("supervision_notices"), instruments = try ids("supervision_instruments"), meetings = try ids("consultations_meetings")
        XCTAssertFalse(notices.isEmpty || instruments.isEmpty || meetings.isEmpty, "the demo has documents")
        var cases: [(page: String, api: String)] = []
        for id in notices.prefix(2) { cases.append(("/print/notices/\(id)", "/api/v1/supervision/notices/\(id)/html")) }
        for id in instruments { cases.append(("/print/instruments/\(id)", "/api/v1/supervision/instruments/\(id)/html")) }
        for id in meetings.prefix(3) { cases.append(("/print/meetings/\(id)/minutes", "/api/v1/consultations/meetings/\(id)/minutes")) }
        cases.append(("/print/assessment?year=2024", "/api/v1/supervision/assessment/report/html?year=2024"))
        var seen: [Int: Int] = [:]
        for user in Self.roles {
            let browser = WebBrowser(port: server.port)
            XCTAssertEqual(try browser.signIn(user).status, 303, user)
            let api = server.client(token: try test.token(for: user))
            for (page, path) in cases {
                let expected = try api.get(path).status
                let reply = try browser.get(page)
                XCTAssertEqual(reply.status, expected, "\(user) \(page)")
                seen[reply.status, default: 0] += 1
                switch reply.status {
                case 200:
                    XCTAssertTrue(reply.text.hasPrefix("<!DOCTYPE html>"), page)
                    for part in ["class=\"mark ", "class=\"number\">", "class=\"rule\"", "class=\"title\">", "class=\"signoff\"", "class=\"imprint\"", "印发</span>"] {
                        XCTAssertTrue(reply.text.contains(part), "\(user) \(page): \(part)")
                    }
                    XCTAssertTrue(reply.text.contains("<link rel=\"stylesheet\" href=\"/print/official.css?v="), page)
                    XCTAssertFalse(reply.text.contains("<style"), "no inline style: the site's policy forbids it")
                    XCTAssertFalse(reply.text.contains("style=\""), "no style attribute either")
                    XCTAssertTrue(reply.text.contains("二〇二四年"), "成文日期 in 汉字: \(page)")
                    XCTAssertTrue(reply.text.contains("返回安委工作台"), "the screen bar")
                    let policy = try XCTUnwrap(reply.header("Content-Security-Policy"))
                    XCTAssertTrue(policy.contains("style-src 'self'") && !policy.contains("unsafe-inline"), policy)
                case 404:
                    XCTAssertTrue(reply.text.contains("未找到"), "\(user) \(page)")
                    XCTAssertFalse(reply.text.contains("class=\"mark "), "no document out of scope")
                case 403:
                    XCTAssertTrue(reply.text.contains("无权"), "\(user) \(page)")
                default:
                    XCTFail("\(user) \(page): \(reply.status)")
                }
            }
        }
        XCTAssertGreaterThan(seen[200] ?? 0, 0)
        XCTAssertGreaterThan(seen[404] ?? 0, 0, "some documents are out of some user's scope")
        XCTAssertGreaterThan(seen[403] ?? 0, 0, "the assessment bulletin is refused to enterprises and inspectors")
    }

    func testTheDocumentsCarryTheirNumbersAndTheStylesheetIsServedFromTheSite() throws {
        let browser = WebBrowser(port: server.port)
        try browser.signIn("anweiban")
        let notice = try XCTUnwrap(ids("supervision_notices").first)
        let number = try test.core.read { try $0.queryOne("SELECT number FROM supervision_notices WHERE id = ?", [notice])?.string("number") }
        let page = try browser.get("/print/notices/\(notice)")
        XCTAssertTrue(page.text.contains("<p class=\"number\">\(try XCTUnwrap(number))</p>"), "the record's own number")
        XCTAssertTrue(page.text.contains("整改问题清单"), "the findings are the annex")
        let instrument = try XCTUnwrap(ids("supervision_instruments").first)
        let numbered = try test.core.read { try $0.queryOne("SELECT number FROM supervision_instruments WHERE id = ?", [instrument])?.string("number") }
        XCTAssertTrue(try browser.get("/print/instruments/\(instrument)").text.contains("<p class=\"number\">\(try XCTUnwrap(numbered))</p>"))
        let meeting = try XCTUnwrap(ids("consultations_meetings").first)
        let minutes = try browser.get("/print/meetings/\(meeting)/minutes")
        XCTAssertTrue(minutes.text.contains("区安全生产委员会会议纪要") && minutes.text.contains("安委办纪〔2024〕\(meeting)号"), "a derived number")
        XCTAssertTrue(try browser.get("/print/assessment?year=2024").text.contains("安委办考核〔2024〕1号"))
        XCTAssertEqual(try browser.get("/print/assessment?year=abc").status, 422, "the API's refusal, as a page")

        let css = try browser.get(PrintPages.cssURL)
        XCTAssertEqual(css.status, 200)
        XCTAssertEqual(css.text, OfficialDocument.css)
        XCTAssertTrue(css.text.contains("@page{size:A4;margin:37mm 26mm 35mm 28mm}"))
        XCTAssertTrue(css.header("Content-Type")?.hasPrefix("text/css") ?? false)
        XCTAssertEqual(try WebBrowser(port: server.port).get("/print/notices/\(notice)").status, 303, "signed out: to the sign-in page")
        XCTAssertEqual(try browser.get("/print/notices/999999").status, 404)
    }

    func testHostileTextInADocumentIsEscaped() throws {
        let office = server.client(token: try test.token(for: "anweiban"))
        let hostile = "<script>alert('x')</script>\"&<img src=x onerror=alert(1)>"
        let issued = try office.post("/api/v1/supervision/instruments", .object([
            "kind": "urgingLetter", "target_territory_id": "西岭镇", "reason": .string(hostile), "follow_up_deadline": "2024-07-15",
        ]))
        XCTAssertEqual(issued.status, 201, issued.text)
        let id = try XCTUnwrap(issued.json["id"]?.intValue)
        for user in ["anweiban", "xiling"] {
            let browser = WebBrowser(port: server.port)
            try browser.signIn(user)
            let page = try browser.get("/print/instruments/\(id)")
            XCTAssertEqual(page.status, 200, user)
            XCTAssertFalse(page.text.contains("<script>"), user)
            XCTAssertFalse(page.text.contains("<img"), user)
            XCTAssertTrue(page.text.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;&lt;img src=x onerror=alert(1)&gt;"), user)
            XCTAssertTrue(page.text.contains("西岭镇："), "主送机关: \(user)")
            XCTAssertTrue(page.text.contains("2024年7月15日前"), "the deadline in the 正文")
        }
        let dongcheng = WebBrowser(port: server.port)
        try dongcheng.signIn("dongcheng")
        let refused = try dongcheng.get("/print/instruments/\(id)")
        XCTAssertEqual(refused.status, 404)
        XCTAssertFalse(refused.text.contains("onerror") || refused.text.contains("督促"), "nothing of it leaks")
    }
}
