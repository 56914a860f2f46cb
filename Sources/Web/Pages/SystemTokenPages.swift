// 访问令牌 (administrators): every user's API tokens (sessions of the web pages included, labelled
// web), creating one for a user — its secret shown on the answer to the POST, this once, never
// again — and revoking one. Through `/api/v1/tokens`; the page stands on `GET /api/v1/users`
// because it names whose token by the user list, which only administrators may read.
import Foundation
import HTTP
import Kernel

enum SystemTokenPages {
    static let standsOn = SystemPages.users
    static let create = "POST /api/v1/tokens"
    static let labels = ["user_id": "用户", "days": "有效天数（1 至 3650，默认 30）", "label": "用途说明（默认 api）"]

    static let pages: [WebPage] = [
        WebPage("GET", "/system/tokens", .signedIn(standsOn: standsOn)) { context in try listPage(context, error: nil) },
        WebPage("GET", "/system/tokens/export", .signedIn(standsOn: standsOn)) { context in
            try SystemPages.csv(context, "/api/v1/tokens", filename: "tokens.csv")
        },
        WebPage("POST", "/system/tokens", .signedIn(standsOn: standsOn)) { context in
            let reply = context.api("POST", "/api/v1/tokens", json: ContractForm.json(context.site.body(create), context.form))
            guard reply.ok, let secret = reply.json["token"]?.stringValue else {
                return try listPage(context, error: "创建令牌未完成：\(reply.problem)", status: SystemPages.failureStatus(reply))
            }
            let record = reply.json["record"] ?? .null
            // The secret is on this answer only (Cache-Control: no-store): neither a redirect's URL nor a cookie carries it.
            return Layout.page(context, title: "访问令牌已创建", active: "/system/tokens", status: 201, """
                <p class="notice" role="status">令牌已创建：用户 \(Format.text(record["username"]))，用途 \(Format.text(record["label"]))，有效期至 \(Format.date(record["expires_at"]?.stringValue))。</p>
                <div class="receipt"><p><strong>令牌（只显示这一次，离开本页后无法再次查看）：</strong></p>
                <p class="key" id="token-secret">\(secret)</p>
                <p class="hint">请立即复制并妥善保存。调用接口时放在请求头 Authorization: Bearer 之后。遗失后只能撤销并重新创建。</p></div>
                <p><a href="/system/tokens">返回令牌列表</a></p>
                """)
        },
        WebPage("POST", "/system/tokens/{id:int}/revoke", .signedIn(standsOn: standsOn)) { context in
            let id = try SystemPages.recordID(context)
            let reply = context.api("DELETE", "/api/v1/tokens/\(id)")
            guard reply.ok else { return try listPage(context, error: "撤销未完成：\(reply.problem)", status: SystemPages.failureStatus(reply)) }
            return WebSite.redirect("/system/tokens?done=revoke")
        },
    ]

    static func state(_ token: JSON, now: Date) -> String {
        if let revoked = token["revoked_at"]?.stringValue, !revoked.isEmpty { return "已撤销（\(Format.date(revoked))）" }
        if let expires = token["expires_at"]?.stringValue.flatMap(Instant.parse), expires < now { return "已过期" }
        return "有效"
    }

    static func listPage(_ context: PageContext, error: String?, status: Int = 200) throws -> Response {
        let after = context.request.query("after")
        let page = try context.get("/api/v1/tokens", query: [("limit", "50")] + (after.map { [("after", $0)] } ?? []))
        let items = page["items"]?.arrayValue ?? []
        let now = context.site.core.clock.now()
        let rows: [HTML] = items.map { token in
            let id = token["id"]?.intValue ?? 0
            let live = state(token, now: now) == "有效"
            let revoke: HTML = live ? """
                <form method="post" action="/system/tokens/\(id)/revoke" class="inline">\(context.csrfField)<button type="submit" aria-label="撤销令牌 \(id)">撤销</button></form>
                """ : .empty
            return """
            <tr><td class="num">\(id)</td><td>\(Format.text(token["username"]))</td><td>\(Format.text(token["label"]))</td>\
            <td class="nowrap">\(Format.date(token["created_at"]?.stringValue))</td><td class="nowrap">\(Format.date(token["expires_at"]?.stringValue))</td>\
            <td class="nowrap">\(Format.date(token["last_used_at"]?.stringValue))</td><td>\(state(token, now: now))</td><td>\(revoke)</td></tr>
            """
        }
        var users: [(code: String, label: String)] = []
        for user in try SystemPages.allUsers(context) where user["disabled"] != .bool(true) {
            users.append((Format.text(user["id"]), "\(Format.text(user["username"]))（\(Format.text(user["display_name"]))，\(SystemPages.roleLabel(Format.text(user["role"]))))"))
        }
        let done: String? = context.request.query("done") == "revoke" ? "令牌已撤销，随即失效。" : nil
        let table: HTML = items.isEmpty ? "<p class=\"empty\">没有令牌。</p>" : """
            <table class="list"><caption>本页 \(items.count) 个令牌（网页登录的会话也是令牌，用途为 web）；令牌本身不再显示</caption>
            <thead><tr><th scope="col">编号</th><th scope="col">用户</th><th scope="col">用途</th><th scope="col">创建时间</th><th scope="col">到期时间</th><th scope="col">最近使用</th><th scope="col">状态</th><th scope="col">操作</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        return Layout.page(context, title: "访问令牌", active: "/system/tokens", status: status, """
            \(Layout.notice(done))\(Layout.notice(error, error: true))
            <div class="toolbar"><a class="button" href="/system/tokens/export">导出 CSV</a></div>
            \(table)\(SystemPages.pager("/system/tokens", [], next: page["next"]?.stringValue, onFirst: after == nil))
            <section><h2>创建令牌</h2><form method="post" action="/system/tokens" class="stack card">\(context.csrfField)
            \(ContractForm.fields(context.site.body(create), prefix: "token", options: ["user_id": users], labels: labels))
            <p class="hint">令牌用于其他系统调用接口，创建后只显示一次。</p>
            <button type="submit" class="primary">创建令牌</button></form></section>
            """)
    }
}
