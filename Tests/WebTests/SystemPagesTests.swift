// 系统管理 over the real server: the administrator's users, tokens, webhooks, audit log and check,
// each action's happy path through the forms, bad input answered on the page with nothing written,
// and every other role refused with the 403 page (and no 系统管理 menu).
import Foundation
import Kernel
import TestSupport
@testable import Web
import XCTest

final class SystemPagesTests: WebPagesTestCase {
    static let pages = ["/system/users", "/system/tokens", "/system/webhooks", "/system/webhooks/deliveries", "/system/audit", "/system/check",
                        "/system/users/export", "/system/audit/export"]

    func admin() throws -> WebBrowser {
        let browser = WebBrowser(port: server.port)
        XCTAssertEqual(try browser.signIn("admin").status, 303)
        return browser
    }

    func count(_ sql: String) throws -> Int64 { try test.core.read { try $0.scalarInt(sql) } }

    func testEveryPageIsTheAdministratorsAndA403ForEveryoneElse() throws {
        let admin = try admin()
        for path in Self.pages {
            let page = try admin.get(path)
            XCTAssertEqual(page.status, 200, path)
            if !path.hasSuffix("/export") { XCTAssertLessThan(page.body.count, 60 * 1024, path) }
        }
        XCTAssertTrue(try admin.get("/").text.contains("<h2>系统管理</h2>"), "the menu section")
        for user in ["anweiban", "fgj", "dongcheng", "inspector1", "qiye"] {
            let browser = WebBrowser(port: server.port)
            try browser.signIn(user)
            for path in Self.pages {
                let page = try browser.get(path)
                XCTAssertEqual(page.status, 403, "\(user) \(path)")
                XCTAssertTrue(page.text.contains("无权使用此页面"), "\(user) \(path)")
            }
            let csrf = try browser.csrf()
            let before = try count("SELECT count(*) FROM access_users")
            XCTAssertEqual(try browser.post("/system/users", [("username", "sneaky"), ("role", "admin"), ("scope", "all")], csrf: csrf).status, 403, user)
            XCTAssertEqual(try count("SELECT count(*) FROM access_users"), before, "nothing written")
            XCTAssertFalse(try browser.get("/").text.contains("系统管理"), "\(user): no such menu section")
        }
    }

    func testUsersAreAddedChangedDisabledEnabledAndTheirPasswordReset() throws {
        let admin = try admin()
        let csrf = try admin.csrf(from: "/system/users")
        // Bad input: a Chinese error on the page, nothing written.
        let before = try count("SELECT count(*) FROM access_users")
        let bad = try admin.post("/system/users", [("username", "zjj"), ("role", "unit"), ("scope", "somewhere")], csrf: csrf)
        XCTAssertEqual(bad.status, 422)
        XCTAssertTrue(bad.text.contains("新增用户未完成") && bad.text.contains("scope"), bad.text)
        XCTAssertTrue(bad.text.contains("value=\"zjj\""), "the form keeps what was typed")
        XCTAssertEqual(try count("SELECT count(*) FROM access_users"), before)

        let made = try admin.post("/system/users", [("username", "zjj"), ("display_name", "区住建局 联络员"), ("role", "office"), ("scope", "all"),
                                                     ("password", "a-long-first-password")], csrf: csrf)
        XCTAssertEqual(made.status, 303, made.text)
        let location = try XCTUnwrap(made.location)
        XCTAssertTrue(location.hasPrefix("/system/users/") && location.hasSuffix("?done=create"), location)
        let path = String(location.prefix { $0 != "?" })
        let page = try admin.get(location)
        XCTAssertTrue(page.text.contains("用户已新增") && page.text.contains("区住建局 联络员") && page.text.contains("区安委办"))
        XCTAssertEqual(try WebBrowser(port: server.port).signIn("zjj", password: "a-long-first-password").status, 303, "the new user signs in")

        let changed = try admin.post(path, [("display_name", "住建联络员"), ("role", "office"), ("scope", "all")], csrf: csrf)
        XCTAssertEqual(changed.status, 303)
        XCTAssertTrue(try admin.get(path).text.contains("住建联络员"))

        XCTAssertEqual(try admin.post(path + "/disable", [], csrf: csrf).status, 303)
        XCTAssertTrue(try admin.get(path).text.contains("已停用"))
        XCTAssertNotEqual(try WebBrowser(port: server.port).signIn("zjj", password: "a-long-first-password").location, "/", "a disabled user cannot sign in")
        XCTAssertEqual(try admin.post(path + "/enable", [], csrf: csrf).status, 303)
        XCTAssertTrue(try admin.get(path + "?done=enable").text.contains("用户已启用"))

        let short = try admin.post(path + "/password", [("password", "short")], csrf: csrf)
        XCTAssertEqual(short.status, 422)
        XCTAssertTrue(short.text.contains("重置密码未完成"))
        XCTAssertEqual(try admin.post(path + "/password", [("password", "another-long-password")], csrf: csrf).status, 303)
        XCTAssertEqual(try WebBrowser(port: server.port).signIn("zjj", password: "another-long-password").status, 303)
        XCTAssertEqual(try admin.get("/system/users/999999").status, 404)
        let csv = try admin.get("/system/users/export")
        XCTAssertTrue(csv.header("Content-Type")?.hasPrefix("text/csv") ?? false)
        XCTAssertTrue(csv.text.contains("zjj"))
    }

    func testATokenIsShownOnceAndRevoked() throws {
        let admin = try admin()
        let csrf = try admin.csrf(from: "/system/tokens")
        let userID = try count("SELECT id FROM access_users WHERE username = 'fgj'")
        let made = try admin.post("/system/tokens", [("user_id", String(userID)), ("days", "7"), ("label", "对接OA")], csrf: csrf)
        XCTAssertEqual(made.status, 201, made.text)
        XCTAssertTrue(made.text.contains("只显示这一次"))
        let secret = try XCTUnwrap(made.text.components(separatedBy: "id=\"token-secret\">").dropFirst().first.map { String($0.prefix { $0 != "<" }) })
        XCTAssertFalse(secret.isEmpty)
        XCTAssertEqual(made.header("Cache-Control"), "no-store")
        XCTAssertEqual(try server.client(token: secret).get("/api/v1/overview").status, 200, "the token works")
        let list = try admin.get("/system/tokens")
        XCTAssertTrue(list.text.contains("对接OA"))
        XCTAssertFalse(list.text.contains(secret), "never shown again")
        let id = try count("SELECT max(id) FROM access_tokens WHERE label = '对接OA'")
        let revoked = try admin.post("/system/tokens/\(id)/revoke", [], csrf: csrf)
        XCTAssertEqual(revoked.status, 303)
        XCTAssertTrue(try admin.get(try XCTUnwrap(revoked.location)).text.contains("令牌已撤销"))
        XCTAssertEqual(try server.client(token: secret).get("/api/v1/overview").status, 401)
        let bad = try admin.post("/system/tokens", [("days", "99999")], csrf: csrf)
        XCTAssertEqual(bad.status, 422)
        XCTAssertTrue(bad.text.contains("创建令牌未完成"))
    }

    func testAWebhookIsAddedPausedResumedAndADeliveryRedelivered() throws {
        let admin = try admin()
        let csrf = try admin.csrf(from: "/system/webhooks")
        let bad = try admin.post("/system/webhooks", [("url", "ftp://x"), ("events", "hazards.*")], csrf: csrf)
        XCTAssertEqual(bad.status, 422)
        XCTAssertTrue(bad.text.contains("新增推送未完成"))
        XCTAssertEqual(try count("SELECT count(*) FROM kernel_webhooks"), 0)
        let made = try admin.post("/system/webhooks", [("url", "http://127.0.0.1:9/anwei"), ("events", "hazards.*；supervision.*"), ("format", "wecom")], csrf: csrf)
        XCTAssertEqual(made.status, 201, made.text)
        XCTAssertTrue(made.text.contains("id=\"webhook-secret\"") && made.text.contains("企业微信"))
        let id = try count("SELECT max(id) FROM kernel_webhooks")
        XCTAssertTrue(try admin.get("/system/webhooks").text.contains("hazards.*；supervision.*"))
        XCTAssertEqual(try admin.post("/system/webhooks/\(id)/pause", [], csrf: csrf).status, 303)
        XCTAssertTrue(try admin.get("/system/webhooks?done=pause").text.contains("已暂停"))
        XCTAssertEqual(try admin.post("/system/webhooks/\(id)/resume", [], csrf: csrf).status, 303)
        XCTAssertTrue(try admin.get("/system/webhooks?done=resume").text.contains("推送已恢复"))
        // An event queues a delivery; it is redelivered from its page.
        try test.core.write(.localAdministrator) { tx in
            let event = try tx.publish(type: "hazards.hazard.registered", payload: JSON.object(["hazard_id": 7]).serialized)
            try tx.audit(action: "test.publish", entity: "event", entityID: String(event), summary: "published")
        }
        _ = WebhookSender(core: test.core, timeout: 1).runOnce()
        let delivery = try count("SELECT coalesce(max(id), 0) FROM kernel_webhook_deliveries")
        XCTAssertGreaterThan(delivery, 0)
        let log = try admin.get("/system/webhooks/deliveries?webhook=\(id)")
        XCTAssertTrue(log.text.contains("hazards.hazard.registered"), log.text)
        let again = try admin.post("/system/webhooks/deliveries/\(delivery)/redeliver", [], csrf: csrf)
        XCTAssertEqual(again.status, 303)
        XCTAssertTrue(try admin.get(try XCTUnwrap(again.location)).text.contains("已安排重新投递"))
        XCTAssertEqual(try count("SELECT count(*) FROM kernel_webhook_deliveries WHERE redelivery_of = \(delivery)"), 1)
    }

    func testTheAuditLogFiltersPagesExportsAndVerifiesItsChain() throws {
        let admin = try admin()
        let page = try admin.get("/system/audit?actor=admin")
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.text.contains("校验审计链") && page.text.contains("导出 CSV"))
        let verified = try admin.get("/system/audit?verify=1")
        XCTAssertTrue(verified.text.contains("审计链完整"), verified.text)
        let all = try admin.get("/system/audit")
        let next = try XCTUnwrap(all.text.components(separatedBy: "href=\"/system/audit?after=").dropFirst().first.map { String($0.prefix { $0 != "\"" }) })
        XCTAssertEqual(try admin.get("/system/audit?after=\(next)").status, 200)
        let bad = try admin.get("/system/audit?since=not-a-day")
        XCTAssertEqual(bad.status, 422)
        XCTAssertTrue(bad.text.contains("筛选条件有误"))
        let csv = try admin.get("/system/audit/export?actor=admin")
        XCTAssertTrue(csv.header("Content-Type")?.hasPrefix("text/csv") ?? false)
        // A record altered behind Anwei's back: the verification names it.
        let raw = try Connection(path: test.path)
        try raw.executeScript("UPDATE kernel_audit SET summary = 'nothing happened' WHERE id = 2")
        let broken = try admin.get("/system/audit?verify=1")
        XCTAssertTrue(broken.text.contains("审计链已断开：第 2 条记录"), broken.text)
        let check = try admin.get("/system/check")
        XCTAssertTrue(check.text.contains("审计链") && check.text.contains("verdict-failed") && check.text.contains("项检查失败"), check.text)
    }

    func testTheCheckPageShowsAnweiChecksResult() throws {
        let page = try admin().get("/system/check")
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.text.contains("全部 7 项检查通过"), page.text)
        for name in ["数据库完整性", "外键引用", "审计链", "数据库结构版本", "模块间事件投递", "外部推送"] {
            XCTAssertTrue(page.text.contains(name), name)
        }
    }
}
