// The hazard pages over the real server: every role's pages, an enterprise's report through the
// forms to its department's review, escaping of hostile text, page sizes, links of the 待办.
import Foundation
import Kernel
import TestSupport
import XCTest

final class HazardPageTests: WebPagesTestCase {
    static let roles = ["admin", "anweiban", "fgj", "yjj", "dongcheng", "xiling", "inspector1", "qiye"]

    func testEveryPageAnswersEveryDemoRoleUnder60KB() throws {
        for user in Self.roles {
            let browser = WebBrowser(port: server.port)
            XCTAssertEqual(try browser.signIn(user).status, 303, user)
            for path in ["/", "/hazards", "/hazards?status=open&grade=major", "/hazards/new", "/password"] + (["admin", "anweiban", "dongcheng", "xiling"].contains(user) ? ["/tipoffs"] : []) {
                let page = try browser.get(path)
                XCTAssertEqual(page.status, 200, "\(user) \(path)")
                XCTAssertTrue(page.text.hasPrefix("<!DOCTYPE html>"), "\(user) \(path)")
                XCTAssertLessThan(page.body.count, 60 * 1024, "\(user) \(path)")
            }
            let csv = try browser.get("/hazards/export?status=open")
            XCTAssertEqual(csv.status, 200, user)
            XCTAssertEqual(csv.header("Content-Type"), "text/csv; charset=utf-8")
            XCTAssertTrue(csv.text.contains("code,grade,status"), user)
        }
    }

    func testTheTipOffListIsTheOfficialsAndRefusedToOthersIn403() throws {
        for user in ["admin", "anweiban", "dongcheng"] {
            let browser = WebBrowser(port: server.port)
            try browser.signIn(user)
            let page = try browser.get("/tipoffs")
            XCTAssertEqual(page.status, 200, user)
            XCTAssertTrue(page.text.contains("href=\"/tipoffs\""), "\(user) has it in the menu")
            XCTAssertEqual(try browser.get("/tipoffs/export").status, 200, user)
        }
        for user in ["fgj", "inspector1", "qiye"] {
            let browser = WebBrowser(port: server.port)
            try browser.signIn(user)
            let page = try browser.get("/tipoffs")
            XCTAssertEqual(page.status, 403, user)
            XCTAssertTrue(page.text.contains("无权使用此页面"), user)
            XCTAssertFalse(try browser.get("/").text.contains("href=\"/tipoffs\""), "\(user) has no such menu entry")
        }
    }

    func testTheWaitingListLinksOnlyToPagesThatExist() throws {
        for user in ["anweiban", "yjj", "dongcheng"] {
            let browser = WebBrowser(port: server.port)
            try browser.signIn(user)
            let home = try browser.get("/")
            let links = home.text.components(separatedBy: "href=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
            XCTAssertFalse(links.isEmpty)
            for link in links where link.hasPrefix("/") && !link.hasPrefix("/assets/") {
                let reply = try browser.get(link)
                XCTAssertEqual(reply.status, 200, "\(user): \(link)")
                XCTAssertLessThan(reply.body.count, 60 * 1024, link)
            }
        }
    }

    func testAHazardOutOfScopeIsNotFoundAndTheFormsAreOnlyTheUsersActions() throws {
        let office = WebBrowser(port: server.port)
        try office.signIn("anweiban")
        let list = try office.get("/hazards?status=open")
        let firstID = try XCTUnwrap(list.text.components(separatedBy: "href=\"/hazards/").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }.first)
        let qiye = WebBrowser(port: server.port)
        try qiye.signIn("qiye")
        let own = try qiye.get("/hazards").text.components(separatedBy: "href=\"/hazards/").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
        if !own.contains(firstID) {
            let refused = try qiye.get("/hazards/\(firstID)")
            XCTAssertEqual(refused.status, 404)
            XCTAssertTrue(refused.text.contains("未找到"))
        }
        // The office's page offers the office's actions; no enterprise's page offers a review.
        XCTAssertTrue(try office.get("/hazards/\(firstID)").text.contains("改派监管部门"))
        for id in own.prefix(3) { XCTAssertFalse(try qiye.get("/hazards/\(id)").text.contains("action=\"/hazards/\(id)/actions/review\"")) }
        XCTAssertEqual(try qiye.post("/hazards/\(firstID)/actions/transfer", [("reason", "x")], csrf: qiye.csrf()).status, 403)
    }

    func testAnEnterpriseReportsAHazardAndItsDepartmentClosesIt() throws {
        let qiye = WebBrowser(port: server.port)
        try qiye.signIn("qiye")
        let form = try qiye.get("/hazards/new")
        XCTAssertFalse(form.text.contains("name=\"enterprise_id\""), "an enterprise reports its own")
        let csrf = try XCTUnwrap(WebBrowser.csrf(form))
        let refused = try qiye.post("/hazards/new", [("grade", "general"), ("description", "")], csrf: csrf)
        XCTAssertEqual(refused.status, 422)
        let made = try qiye.post("/hazards/new", [("grade", "general"), ("description", "配电房灭火器过期"), ("deadline", "2024-07-15")], csrf: csrf)
        XCTAssertEqual(made.status, 303)
        let path = try XCTUnwrap(made.location?.components(separatedBy: "?").first)
        let page = try qiye.get(made.location!)
        XCTAssertTrue(page.text.contains("隐患已登记"))
        XCTAssertTrue(page.text.contains("配电房灭火器过期"))
        XCTAssertTrue(page.text.contains("2024年7月15日"))
        let uploaded = try qiye.postMultipart("\(path)/attachments", [], file: ("file", "现场.png", "image/png", tinyPNG), csrf: csrf)
        XCTAssertEqual(uploaded.status, 303)
        let withFile = try qiye.get(path)
        let fileLink = try XCTUnwrap(withFile.text.components(separatedBy: "href=\"\(path)/attachments/").dropFirst().first.map { "\(path)/attachments/" + $0.prefix { $0 != "\"" } })
        XCTAssertEqual(try qiye.get(fileLink).body, tinyPNG)
        XCTAssertEqual(try qiye.post("\(path)/actions/finish-rectification", [("note", "已更换灭火器")], csrf: csrf).status, 303)
        XCTAssertEqual(try qiye.post("\(path)/actions/apply-review", [], csrf: csrf).status, 303)
        XCTAssertFalse(try qiye.get(path).text.contains("actions/review\""))

        let yjj = WebBrowser(port: server.port)
        try yjj.signIn("yjj")
        let review = try yjj.get(path)
        XCTAssertTrue(review.text.contains("action=\"\(path)/actions/review\""))
        XCTAssertFalse(review.text.contains("on_behalf_of_unit_id"), "代为 is the office's")
        let wrong = try yjj.post("\(path)/actions/review", [("passed", "false")], csrf: try XCTUnwrap(WebBrowser.csrf(review)))
        XCTAssertEqual(wrong.status, 422, "a failed review needs its reasons")
        XCTAssertTrue(wrong.text.contains("销号核查未完成"))
        let passed = try yjj.post("\(path)/actions/review", [("passed", "true")], csrf: try XCTUnwrap(WebBrowser.csrf(review)))
        XCTAssertEqual(passed.status, 303)
        let closed = try yjj.get(try XCTUnwrap(passed.location))
        XCTAssertTrue(closed.text.contains("销号核查已完成"))
        XCTAssertTrue(closed.text.contains("已销号") || closed.text.contains("销号日期"))
    }

    func testWhoActedIsWrittenAsAPersonReadsIt() throws {
        // The demo's hazards made from supervision findings and its seeded actions: no internal
        // actor names (system:…, demo:…) on the page.
        let made = try XCTUnwrap(try test.core.read { try $0.scalarInt("SELECT id FROM hazards_hazards WHERE reported_by LIKE 'system:%' ORDER BY id LIMIT 1") })
        let office = WebBrowser(port: server.port)
        try office.signIn("anweiban")
        let page = try office.get("/hazards/\(made)")
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.text.contains("系统自动"))
        XCTAssertFalse(page.text.contains("system:"))
        XCTAssertFalse(page.text.contains("demo:"))
    }

    func testHostileTextIsEscapedEverywhere() throws {
        XCTAssertEqual(HTMLEscapeProbe.escape("<script>\"'&"), "&lt;script&gt;&quot;&#39;&amp;")
        let qiye = WebBrowser(port: server.port)
        try qiye.signIn("qiye")
        let hostile = "<script>alert(\"x\")</script> & 'q' <img src=x onerror=alert(1)>"
        let made = try qiye.post("/hazards/new", [("grade", "general"), ("description", hostile)], csrf: qiye.csrf())
        let page = try qiye.get(try XCTUnwrap(made.location))
        XCTAssertFalse(page.text.contains("<script>alert"))
        XCTAssertFalse(page.text.contains("<img src=x"))
        XCTAssertTrue(page.text.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;q&#39;"))
        let list = try qiye.get("/hazards?q=" + APIResponse.percentEncode("\"><script>"))
        XCTAssertFalse(list.text.contains("\"><script>"))
        let login = try WebBrowser(port: server.port).get("/login?next=" + APIResponse.percentEncode("\"><script>alert(1)</script>"))
        XCTAssertFalse(login.text.contains("<script>alert(1)"))
        XCTAssertTrue(login.text.contains("&quot;&gt;&lt;script&gt;"))
    }
}
