// 系统管理 (administrators): users and roles — the list (导出 CSV), adding a user, a user's page
// with its change form, 停用/启用 and 重置密码. Everything through `/api/v1/users…` (admin only):
// others get the 403 page, and the menu section shows only to those the routes admit.
import Foundation
import HTTP
import Kernel

enum SystemPages {
    static let users = "GET /api/v1/users"
    static let addUser = "POST /api/v1/users"
    static let changeUser = "PATCH /api/v1/users/{id:int}"

    /// The menu section (each entry shows to the roles its route admits: administrators).
    static let menu = MenuSection(title: "系统管理", entries: [
        MenuEntry(label: "用户和角色", path: "/system/users", standsOn: users),
        MenuEntry(label: "访问令牌", path: "/system/tokens", standsOn: SystemTokenPages.standsOn),
        MenuEntry(label: "外部推送", path: "/system/webhooks", standsOn: SystemWebhookPages.list),
        MenuEntry(label: "审计日志", path: "/system/audit", standsOn: SystemAuditPages.list),
        MenuEntry(label: "系统自检", path: "/system/check", standsOn: SystemAuditPages.check),
    ])

    static var all: [WebPage] { pages + SystemTokenPages.pages + SystemWebhookPages.pages + SystemAuditPages.pages }

    /// The Chinese of the user fields the forms ask.
    static let userLabels = ["username": "用户名", "display_name": "姓名（显示名称）", "role": "角色", "scope": "数据范围"]
    static let scopeHint: HTML = "<p class=\"hint\">数据范围：系统管理员和区安委办填 all；成员单位填 unit:单位编号，镇（景区、开发区）填 territory:属地编号，督导组填 group:督导组编号，生产经营单位填 enterprise:企业编号。密码至少 10 个字符。</p>"

    static let pages: [WebPage] = [
        WebPage("GET", "/system/users", .signedIn(standsOn: users)) { context in try listPage(context, values: [:], error: nil) },
        WebPage("GET", "/system/users/export", .signedIn(standsOn: users)) { context in
            try csv(context, "/api/v1/users", filename: "users.csv")
        },
        WebPage("POST", "/system/users", .signedIn(standsOn: addUser)) { context in
            let fields = context.site.body(addUser).filter { $0.name != "password" }
            var body = ContractForm.json(fields, context.form)
            if let password = context.form.value("password"), !password.isEmpty, case .object(var members) = body {
                members.append(JSON.Member("password", .string(password)))
                body = .object(members)
            }
            let reply = context.api("POST", "/api/v1/users", json: body)
            guard reply.ok, let id = reply.json["id"]?.intValue else {
                var values: [String: String] = [:]
                for field in fields { values[field.name] = context.form.value(field.name) }
                return try listPage(context, values: values, error: "新增用户未完成：\(reply.problem)", status: reply.status == 403 ? 403 : 422)
            }
            return WebSite.redirect("/system/users/\(id)?done=create")
        },
        WebPage("GET", "/system/users/{id:int}", .signedIn(standsOn: users)) { context in try userPage(context, error: nil) },
        WebPage("POST", "/system/users/{id:int}", .signedIn(standsOn: changeUser)) { context in
            let id = try recordID(context)
            let reply = context.api("PATCH", "/api/v1/users/\(id)", json: ContractForm.json(context.site.body(changeUser), context.form))
            guard reply.ok else { return try userPage(context, error: "修改未完成：\(reply.problem)", status: failureStatus(reply)) }
            return WebSite.redirect("/system/users/\(id)?done=update")
        },
        WebPage("POST", "/system/users/{id:int}/{verb}", .signedIn(standsOn: users)) { context in
            let id = try recordID(context)
            let verb = context.request.pathParameter("verb") ?? ""
            let reply: APIReply
            switch verb {
            case "disable", "enable":
                guard context.may("POST /api/v1/users/{id:int}/actions/\(verb)") else { throw PageFailure(status: 403, message: "您的账户无权进行此操作。") }
                reply = context.api("POST", "/api/v1/users/\(id)/actions/\(verb)")
            case "password":
                reply = context.api("POST", "/api/v1/users/\(id)/actions/passwd", json: .object(["password": .string(context.form.value("password") ?? "")]))
            default:
                throw PageFailure(status: 404, message: "没有这项操作。")
            }
            let name = ["disable": "停用", "enable": "启用", "password": "重置密码"][verb] ?? verb
            guard reply.ok else { return try userPage(context, error: "\(name)未完成：\(reply.problem)", status: failureStatus(reply)) }
            return WebSite.redirect("/system/users/\(id)?done=\(verb)")
        },
    ]

    // MARK: - Shared by the system pages

    static func recordID(_ context: PageContext) throws -> Int64 {
        guard let id = context.request.pathParameter("id").flatMap(Int64.init), id > 0 else { throw PageFailure(status: 404, message: "未找到该记录。") }
        return id
    }

    /// A failed action's page status: the API's 403/404, else 422.
    static func failureStatus(_ reply: APIReply) -> Int { [403, 404, 409].contains(reply.status) ? reply.status : 422 }

    /// A list as CSV through the API (`Accept: text/csv`), as a download.
    static func csv(_ context: PageContext, _ path: String, query: [(name: String, value: String)] = [], filename: String) throws -> Response {
        let reply = context.api("GET", path, query: query, accept: "text/csv")
        guard reply.ok else { throw PageFailure.from(reply) }
        var response = Response(status: 200, contentType: "text/csv; charset=utf-8", body: reply.body)
        response.headers.set("Content-Disposition", "attachment; filename=\"\(filename)\"")
        return response
    }

    /// Every user (the API pages them; an office has a few hundred at most).
    static func allUsers(_ context: PageContext) throws -> [JSON] {
        var users: [JSON] = []
        var after: String?
        for _ in 0..<50 {
            let page = try context.get("/api/v1/users", query: [("limit", "200")] + (after.map { [("after", $0)] } ?? []))
            users += page["items"]?.arrayValue ?? []
            guard let next = page["next"]?.stringValue else { break }
            after = next
        }
        return users
    }

    static func roleLabel(_ code: String) -> String { Role(rawValue: code).map(Labels.role) ?? code }

    static func state(_ user: JSON) -> String {
        if user["disabled"] == .bool(true) { return "已停用" }
        if let locked = user["locked_until"]?.stringValue, !locked.isEmpty { return "登录锁定至 \(Format.date(locked))" }
        return "正常"
    }

    /// The pager of a list: 第一页 when not on it, 下一页 when there is one.
    static func pager(_ path: String, _ filters: [(name: String, value: String)], next: String?, onFirst: Bool) -> HTML {
        var links: [HTML] = []
        let query = Format.query(filters)
        if !onFirst { links.append("<a href=\"\(path)\(query.isEmpty ? "" : "?" + query)\">第一页</a>") }
        if let next { links.append("<a href=\"\(path)?\(Format.query(filters + [("after", next)]))\" rel=\"next\">下一页</a>") }
        return "<nav class=\"pager\" aria-label=\"分页\">\(links)</nav>"
    }

    // MARK: - Users

    static func listPage(_ context: PageContext, values: [String: String], error: String?, status: Int = 200) throws -> Response {
        let after = context.request.query("after")
        let page = try context.get("/api/v1/users", query: [("limit", "50")] + (after.map { [("after", $0)] } ?? []))
        let items = page["items"]?.arrayValue ?? []
        let rows: [HTML] = items.map { user in
            let id = user["id"]?.intValue ?? 0
            return """
            <tr><td><a href="/system/users/\(id)">\(Format.text(user["username"]))</a></td><td>\(Format.text(user["display_name"]))</td>\
            <td>\(roleLabel(Format.text(user["role"])))</td><td>\(Format.text(user["scope"]))</td><td>\(state(user))</td></tr>
            """
        }
        let fields = context.site.body(addUser).filter { $0.name != "password" }
        let form: HTML = """
            <section><h2>新增用户</h2><form method="post" action="/system/users" class="stack card">\(context.csrfField)
            \(ContractForm.fields(fields, prefix: "new", values: values, labels: userLabels))
            <div class="field"><label for="new-password">初始密码</label><input id="new-password" name="password" type="password" autocomplete="new-password" minlength="10" maxlength="1024"></div>
            \(scopeHint)<button type="submit" class="primary">新增用户</button></form></section>
            """
        let table: HTML = items.isEmpty ? "<p class=\"empty\">没有用户。</p>" : """
            <table class="list"><caption>本页 \(items.count) 个用户；点用户名修改角色、停用或重置密码</caption>
            <thead><tr><th scope="col">用户名</th><th scope="col">姓名</th><th scope="col">角色</th><th scope="col">数据范围</th><th scope="col">状态</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        return Layout.page(context, title: "用户和角色", active: "/system/users", status: status, """
            \(Layout.notice(error, error: true))
            <div class="toolbar"><a class="button" href="/system/users/export">导出 CSV</a></div>
            \(table)\(pager("/system/users", [], next: page["next"]?.stringValue, onFirst: after == nil))\(form)
            """)
    }

    static func userPage(_ context: PageContext, error: String?, status: Int = 200) throws -> Response {
        let id = try recordID(context)
        guard let user = try allUsers(context).first(where: { $0["id"]?.intValue == id }) else {
            throw PageFailure(status: 404, message: "未找到该用户。")
        }
        let done = context.request.query("done").map { verb in
            ["create": "用户已新增。", "update": "修改已保存。", "disable": "用户已停用，其会话和令牌随即失效。", "enable": "用户已启用。",
             "password": "密码已重置，该用户的其他会话和令牌已结束。"][verb] ?? "已完成。"
        }
        let grants = (user["grants"]?.arrayValue ?? []).map { Format.text($0) }.joined(separator: "、")
        let facts: [(String, String)] = [
            ("用户名", Format.text(user["username"])), ("姓名", Format.text(user["display_name"])), ("角色", roleLabel(Format.text(user["role"]))),
            ("数据范围", Format.text(user["scope"])), ("附加权限", grants.isEmpty ? "无" : grants), ("状态", state(user)),
            ("创建时间", Format.date(user["created_at"]?.stringValue)),
        ]
        let values = ["display_name": Format.text(user["display_name"]), "role": Format.text(user["role"]), "scope": Format.text(user["scope"])]
        let change = context.site.body(changeUser)
        let disabled = user["disabled"] == .bool(true)
        let toggle = disabled ? ("enable", "启用该用户") : ("disable", "停用该用户")
        return Layout.page(context, title: "用户 \(Format.text(user["username"]))", active: "/system/users", status: status, """
            \(Layout.notice(done))\(Layout.notice(error, error: true))
            <dl class="facts">\(facts.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" as HTML })</dl>
            <section><h2>修改姓名、角色和数据范围</h2><form method="post" action="/system/users/\(id)" class="stack card">\(context.csrfField)
            \(ContractForm.fields(change, prefix: "edit", values: values, labels: userLabels))\(scopeHint)
            <button type="submit" class="primary">保存修改</button></form></section>
            <section><h2>\(disabled ? "启用" : "停用")</h2><form method="post" action="/system/users/\(id)/\(toggle.0)" class="card">\(context.csrfField)
            <p class="hint">\(disabled ? "启用后该用户可重新登录。" : "停用后该用户不能登录，其会话和访问令牌随即失效。")</p>
            <button type="submit">\(toggle.1)</button></form></section>
            <section><h2>重置密码</h2><form method="post" action="/system/users/\(id)/password" class="stack card">\(context.csrfField)
            <div class="field"><label for="reset-password">新密码（至少 10 个字符）</label><input id="reset-password" name="password" type="password" autocomplete="new-password" minlength="10" maxlength="1024" required></div>
            <p class="hint">重置后该用户的其他会话和访问令牌全部结束。</p>
            <button type="submit" class="primary">重置密码</button></form></section>
            <p><a href="/system/users">返回用户列表</a></p>
            """)
    }
}
