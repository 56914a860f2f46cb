// Sign-in, sign-out, the session cookie's flags, CSRF refusal, change of password: over the real server.
import Foundation
import Kernel
import TestSupport
import XCTest

final class SessionPageTests: WebPagesTestCase {
    func testSignInSetsAStrictHttpOnlyCookieAndSignOutEndsTheSession() throws {
        let browser = WebBrowser(port: server.port)
        let signedIn = try browser.signIn("anweiban")
        XCTAssertEqual(signedIn.status, 303)
        XCTAssertEqual(signedIn.location, "/")
        let cookie = try XCTUnwrap(signedIn.setCookies.first { $0.hasPrefix("anwei_session=anw_") })
        XCTAssertTrue(cookie.contains("HttpOnly"))
        XCTAssertTrue(cookie.contains("SameSite=Strict"))
        XCTAssertTrue(cookie.contains("Path=/"))
        XCTAssertFalse(cookie.contains("Secure"), "plain HTTP: no Secure flag")
        let home = try browser.get("/")
        XCTAssertEqual(home.status, 200)
        XCTAssertTrue(home.text.contains("<h1>我的待办</h1>"))
        XCTAssertTrue(home.text.contains("区安委办 工作人员"), "the header shows the display name, not the username")
        XCTAssertEqual(home.header("Cache-Control"), "no-store")
        XCTAssertNotNil(home.header("Content-Security-Policy"))

        let token = try XCTUnwrap(browser.cookies["anwei_session"])
        let out = try browser.post("/logout", [], csrf: WebBrowser.csrf(home))
        XCTAssertEqual(out.status, 303)
        XCTAssertEqual(out.location, "/login")
        XCTAssertNil(browser.cookies["anwei_session"])
        // The token is revoked, not only forgotten by the browser.
        XCTAssertEqual(try server.client(token: token).get("/api/v1/overview").status, 401)
        browser.cookies["anwei_session"] = token
        XCTAssertEqual(try browser.get("/").status, 303)
    }

    func testSignOutWorksFromAPageTheRoleMayNotOpen() throws {
        let browser = WebBrowser(port: server.port)
        XCTAssertEqual(try browser.signIn("qiye").status, 303)
        let refused = try browser.get("/tipoffs")
        XCTAssertEqual(refused.status, 403)
        XCTAssertTrue(refused.text.contains("无权使用此页面"))
        let out = try browser.post("/logout", [], csrf: WebBrowser.csrf(refused))
        XCTAssertEqual(out.status, 303, "the 403 page's own 退出登录 form carries a valid CSRF token")
        XCTAssertEqual(out.location, "/login")
        XCTAssertNil(browser.cookies["anwei_session"])
    }

    func testBehindTLSTheCookieIsSecure() throws {
        let browser = WebBrowser(port: server.port)
        browser.extraHeaders = [("X-Forwarded-Proto", "https")]
        let signedIn = try browser.signIn("fgj")
        XCTAssertTrue(try XCTUnwrap(signedIn.setCookies.first { $0.hasPrefix("anwei_session=") }).contains("; Secure"))
    }

    func testAWrongPasswordIsRefusedInChineseCountedAndAudited() throws {
        let browser = WebBrowser(port: server.port)
        let refused = try browser.signIn("fgj", password: "not-the-password")
        XCTAssertEqual(refused.status, 401)
        XCTAssertTrue(refused.text.contains("用户名或密码错误"))
        XCTAssertNil(browser.cookies["anwei_session"])
        let failures = try test.core.read { try $0.scalarInt("SELECT failed_sign_ins FROM access_users WHERE username = 'fgj'") }
        XCTAssertEqual(failures, 1)
        let audited = try test.core.read { try $0.scalarInt("SELECT count(*) FROM kernel_audit WHERE action = 'user.sign_in_failed'") }
        XCTAssertEqual(audited, 1)
    }

    func testSignedOutPagesGoToTheSignInPageAndComeBack() throws {
        let browser = WebBrowser(port: server.port)
        for path in ["/", "/hazards", "/hazards/new", "/password", "/hazards/1"] {
            let reply = try browser.get(path)
            XCTAssertEqual(reply.status, 303, path)
            XCTAssertTrue(reply.location?.hasPrefix("/login") == true, path)
        }
        let reply = try browser.get("/hazards?status=open")
        XCTAssertEqual(reply.location, "/login?next=%2Fhazards%3Fstatus%3Dopen")
        let login = try browser.get(reply.location!)
        let back = try browser.post("/login", [("username", "fgj"), ("password", "anwei-demo-2024"), ("next", "/hazards?status=open")], csrf: WebBrowser.csrf(login))
        XCTAssertEqual(back.location, "/hazards?status=open")
        // Never to another site.
        let page = WebBrowser(port: server.port)
        let other = try page.get("/login")
        XCTAssertEqual(try page.post("/login", [("username", "fgj"), ("password", "anwei-demo-2024"), ("next", "//evil.example/x")], csrf: WebBrowser.csrf(other)).location, "/")
    }

    func testAPostWithoutOrWithAWrongCSRFTokenIs403InChinese() throws {
        let browser = WebBrowser(port: server.port)
        let login = try browser.get("/login")
        let missing = try browser.post("/login", [("username", "fgj"), ("password", "anwei-demo-2024")], csrf: nil)
        XCTAssertEqual(missing.status, 403)
        XCTAssertTrue(missing.text.contains("CSRF 校验未通过"))
        XCTAssertNil(browser.cookies["anwei_session"])
        // The real token with its first character changed (to another one: a token that already
        // began with "0" stayed the same, and this passed or failed by chance).
        let token = try XCTUnwrap(WebBrowser.csrf(login))
        let altered = (token.first == "0" ? "1" : "0") + token.dropFirst()
        XCTAssertNotEqual(altered, token)
        XCTAssertEqual(try browser.post("/login", [("username", "fgj"), ("password", "anwei-demo-2024")], csrf: altered).status, 403)
        try browser.signIn("qiye")
        let before = try test.core.read { try $0.scalarInt("SELECT count(*) FROM hazards_hazards") }
        let forged = try browser.post("/hazards/new", [("grade", "general"), ("description", "伪造的请求")], csrf: nil)
        XCTAssertEqual(forged.status, 403)
        XCTAssertEqual(try test.core.read { try $0.scalarInt("SELECT count(*) FROM hazards_hazards") }, before)
        // Another session's token does not do either.
        let other = WebBrowser(port: server.port)
        try other.signIn("fgj")
        XCTAssertEqual(try browser.post("/hazards/new", [("grade", "general"), ("description", "伪造的请求")], csrf: other.csrf()).status, 403)
        XCTAssertEqual(try browser.post("/logout", [], csrf: "wrong").status, 403)
    }

    func testChangingThePasswordAsksForTheCurrentOneAndEndsOtherSessions() throws {
        let browser = WebBrowser(port: server.port), elsewhere = WebBrowser(port: server.port)
        try browser.signIn("yjj")
        try elsewhere.signIn("yjj")
        let csrf = try browser.csrf()
        let wrong = try browser.post("/password", [("current", "nope-nope-nope"), ("password", "a-new-password-2024"), ("again", "a-new-password-2024")], csrf: csrf)
        XCTAssertEqual(wrong.status, 422)
        XCTAssertTrue(wrong.text.contains("当前密码不正确"))
        let mismatch = try browser.post("/password", [("current", "anwei-demo-2024"), ("password", "a-new-password-2024"), ("again", "another-2024-pass")], csrf: csrf)
        XCTAssertTrue(mismatch.text.contains("两次输入的新密码不一致"))
        let changed = try browser.post("/password", [("current", "anwei-demo-2024"), ("password", "a-new-password-2024"), ("again", "a-new-password-2024")], csrf: csrf)
        XCTAssertEqual(changed.status, 303)
        XCTAssertTrue(try browser.get("/password?done=1").text.contains("密码已修改"))
        XCTAssertEqual(try elsewhere.get("/").status, 303, "the other session ended")
        XCTAssertEqual(try WebBrowser(port: server.port).signIn("yjj", password: "a-new-password-2024").status, 303)
    }
}
