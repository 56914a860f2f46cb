// Sign-in, sign-out and changing one's password. Sign-in is the API's own (`POST /api/v1/session`):
// the same lock-out after repeated failures, the same audit records; the token it gives is the
// session, kept in an HttpOnly, SameSite=Strict cookie (Secure behind TLS) that scripts never see.
import Foundation
import HTTP
import Kernel

enum SessionPages {
    static let pages: [WebPage] = [
        WebPage("GET", "/login", .open) { context in
            if context.actor != nil { return WebSite.redirect("/") }
            return loginPage(context, username: "", error: nil)
        },
        WebPage("POST", "/login", .open) { context in
            let username = context.form.value("username") ?? ""
            let reply = context.site.api.call("POST", "/api/v1/session",
                                              json: .object(["username": .string(username), "password": .string(context.form.value("password") ?? ""), "label": "web"]),
                                              token: nil, remoteAddress: context.request.remoteAddress)
            guard reply.ok, let token = reply.json["token"]?.stringValue else {
                let message: String
                switch reply.status {
                case 429: message = "该账户因多次登录失败已被暂时锁定，请稍后再试，或请区安委办解锁。"
                case 401: message = "用户名或密码错误。多次输错后账户将被暂时锁定。"
                default: message = "登录未能完成：\(reply.problem)"
                }
                return loginPage(context, username: username, error: message, status: reply.status == 429 ? 429 : 401)
            }
            context.setCookies.append(context.cookie(WebSite.sessionCookie, token))
            return WebSite.redirect(safeNext(context.form.value("next")))
        },
        WebPage("POST", "/logout", .open) { context in
            if context.token != nil { _ = context.api("DELETE", "/api/v1/session") }
            context.setCookies.append(context.cookie(WebSite.sessionCookie, "", maxAge: 0))
            return WebSite.redirect("/login")
        },
        WebPage("GET", "/password", .signedIn(standsOn: nil)) { context in
            passwordPage(context, notice: context.request.query("done") == "1" ? "密码已修改。您在其他地方的登录已全部退出。" : nil, error: nil)
        },
        WebPage("POST", "/password", .signedIn(standsOn: nil)) { context in
            guard let actor = context.actor, let id = actor.userID else { throw PageFailure(status: 403, message: "此账户不能在此修改密码。") }
            let current = context.form.value("current") ?? "", new = context.form.value("password") ?? "", again = context.form.value("again") ?? ""
            let stored = try context.site.core.read { db in try Accounts(core: context.site.core).findUser(String(id), db).string("password_hash") }
            guard let stored, PasswordHash.verify(current, against: stored) else {
                Thread.sleep(forTimeInterval: 0.3)
                return passwordPage(context, notice: nil, error: "当前密码不正确。", status: 422)
            }
            guard new == again else { return passwordPage(context, notice: nil, error: "两次输入的新密码不一致。", status: 422) }
            let reply = context.api("POST", "/api/v1/users/\(id)/actions/passwd", json: .object(["password": .string(new)]))
            guard reply.ok else {
                return passwordPage(context, notice: nil, error: "新密码不符合要求：\(reply.problem)（至少 10 个字符）", status: 422)
            }
            return WebSite.redirect("/password?done=1")
        },
    ]

    /// Where to go after signing in: a path on this site, never another site (`//host`, `https:`).
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"), !next.contains("\r"), !next.contains("\n") else { return "/" }
        return next
    }

    static func loginPage(_ context: PageContext, username: String, error: String?, status: Int = 200) -> Response {
        let next = context.request.query("next") ?? context.form.value("next") ?? ""
        return Layout.html("""
        \(Layout.head("登录"))<body class="login">
        <main id="main" class="login-box">
        <div class="login-title"><img src="\(Assets.url("icon.svg"))" alt="" width="40" height="40"><div><h1>\(Layout.systemName)</h1><p>\(Layout.office)</p></div></div>
        \(Layout.notice(error, error: true))
        <form method="post" action="/login" class="stack">
        \(context.csrfField)\(Layout.hidden("next", next))
        <div class="field"><label for="username">用户名</label><input id="username" name="username" type="text" autocomplete="username" value="\(username)" required autofocus></div>
        <div class="field"><label for="password">密码</label><input id="password" name="password" type="password" autocomplete="current-password" required></div>
        <button type="submit" class="primary">登录</button>
        </form>
        <p class="public-link"><a href="/tipoff">群众举报</a>：发现安全隐患，无需登录即可举报、查询办理进度。</p>
        </main></body></html>
        """, status: status)
    }

    static func passwordPage(_ context: PageContext, notice: String?, error: String?, status: Int = 200) -> Response {
        Layout.page(context, title: "修改密码", active: "/password", status: status, """
        \(Layout.notice(notice))\(Layout.notice(error, error: true))
        <form method="post" action="/password" class="stack card">
        \(context.csrfField)
        <div class="field"><label for="current">当前密码</label><input id="current" name="current" type="password" autocomplete="current-password" required></div>
        <div class="field"><label for="new-password">新密码（至少 10 个字符）</label><input id="new-password" name="password" type="password" autocomplete="new-password" minlength="10" required></div>
        <div class="field"><label for="again">再次输入新密码</label><input id="again" name="again" type="password" autocomplete="new-password" minlength="10" required></div>
        <button type="submit" class="primary">修改密码</button>
        </form>
        <p class="hint">修改后，您在其他设备和程序上的登录（含 API 令牌）都将退出，本次登录保留。</p>
        """)
    }
}
