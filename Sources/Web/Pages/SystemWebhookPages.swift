// 外部推送 (webhooks, administrators): the receivers (企业微信, 钉钉 or JSON), adding one — its
// signing secret shown on the answer, this once —, pausing and resuming, and the delivery log with
// 重新投递. Through `/api/v1/webhooks…` (admin only).
import HTTP
import Kernel

enum SystemWebhookPages {
    static let list = "GET /api/v1/webhooks"
    static let add = "POST /api/v1/webhooks"
    static let deliveries = "GET /api/v1/webhooks/deliveries"
    static let labels = ["url": "接收地址（http:// 或 https://）", "events": "推送的事件（多个用分号隔开，如 hazards.*；* 为全部）",
                         "secret": "签名密钥（8 至 200 个字符，不填则自动生成）", "format": "消息格式", "webhook": "接收地址编号", "status": "投递状态"]

    static let pages: [WebPage] = [
        WebPage("GET", "/system/webhooks", .signedIn(standsOn: list)) { context in try listPage(context, values: [:], error: nil) },
        WebPage("POST", "/system/webhooks", .signedIn(standsOn: add)) { context in
            var members: [JSON.Member] = []
            for name in ["url", "secret", "format"] {
                if let value = context.form.value(name)?.trimmingCharacters(in: .whitespaces), !value.isEmpty { members.append(JSON.Member(name, .string(value))) }
            }
            let events = (context.form.value("events") ?? "").split { $0 == ";" || $0 == "；" || $0 == "," || $0 == "，" || $0 == " " || $0 == "\n" }
                .map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if !events.isEmpty { members.append(JSON.Member("events", .array(events.map(JSON.string)))) }
            let reply = context.api("POST", "/api/v1/webhooks", json: .object(members))
            guard reply.ok, let secret = reply.json["secret"]?.stringValue else {
                var values: [String: String] = [:]
                for name in ["url", "events", "format"] { values[name] = context.form.value(name) }
                return try listPage(context, values: values, error: "新增推送未完成：\(reply.problem)", status: SystemPages.failureStatus(reply))
            }
            return Layout.page(context, title: "外部推送已新增", active: "/system/webhooks", status: 201, """
                <p class="notice" role="status">已新增推送：\(Format.text(reply.json["url"]))（\(formatLabel(Format.text(reply.json["format"])))）。</p>
                <div class="receipt"><p><strong>签名密钥（只显示这一次）：</strong></p><p class="key" id="webhook-secret">\(secret)</p>
                <p class="hint">接收方用它校验每条推送的签名。离开本页后无法再次查看。</p></div>
                <p><a href="/system/webhooks">返回外部推送列表</a></p>
                """)
        },
        WebPage("POST", "/system/webhooks/{id:int}/{verb}", .signedIn(standsOn: list)) { context in
            let id = try SystemPages.recordID(context)
            let verb = context.request.pathParameter("verb") ?? ""
            guard verb == "pause" || verb == "resume" else { throw PageFailure(status: 404, message: "没有这项操作。") }
            let reply = context.api("POST", "/api/v1/webhooks/\(id)/actions/\(verb)")
            guard reply.ok else { return try listPage(context, values: [:], error: "\(verb == "pause" ? "暂停" : "恢复")未完成：\(reply.problem)", status: SystemPages.failureStatus(reply)) }
            return WebSite.redirect("/system/webhooks?done=\(verb)")
        },
        WebPage("GET", "/system/webhooks/deliveries", .signedIn(standsOn: deliveries)) { context in try deliveriesPage(context, error: nil) },
        WebPage("POST", "/system/webhooks/deliveries/{id:int}/redeliver", .signedIn(standsOn: deliveries)) { context in
            let id = try SystemPages.recordID(context)
            let reply = context.api("POST", "/api/v1/webhooks/deliveries/\(id)/actions/redeliver")
            guard reply.ok else { return try deliveriesPage(context, error: "重新投递未完成：\(reply.problem)", status: SystemPages.failureStatus(reply)) }
            return WebSite.redirect("/system/webhooks/deliveries?done=redeliver")
        },
    ]

    static func formatLabel(_ code: String) -> String { ["json": "JSON", "wecom": "企业微信", "dingtalk": "钉钉"][code] ?? code }

    static func listPage(_ context: PageContext, values: [String: String], error: String?, status: Int = 200) throws -> Response {
        let after = context.request.query("after")
        let page = try context.get("/api/v1/webhooks", query: [("limit", "50")] + (after.map { [("after", $0)] } ?? []))
        let items = page["items"]?.arrayValue ?? []
        let rows: [HTML] = items.map { hook in
            let id = hook["id"]?.intValue ?? 0
            let paused = hook["status"]?.stringValue == "paused"
            let verb = paused ? "resume" : "pause"
            let state: HTML = paused ? "已暂停\(Format.text(hook["paused_reason"]).isEmpty ? "" : "（\(Format.text(hook["paused_reason"]))）")" : "启用"
            let events = (hook["events"]?.arrayValue ?? []).map { Format.text($0) }.joined(separator: "；")
            return """
            <tr><td class="num">\(id)</td><td class="clip">\(Format.text(hook["url"]))</td><td>\(events)</td><td>\(formatLabel(Format.text(hook["format"])))</td>\
            <td>\(state)</td><td class="num">\(Format.text(hook["pending"]))</td><td class="num">\(Format.text(hook["delivered"]))</td>\
            <td class="nowrap"><form method="post" action="/system/webhooks/\(id)/\(verb)" class="inline">\(context.csrfField)<button type="submit" aria-label="\(paused ? "恢复" : "暂停")推送 \(id)">\(paused ? "恢复" : "暂停")</button></form> \
            <a href="/system/webhooks/deliveries?webhook=\(id)">投递记录</a></td></tr>
            """
        }
        let done = context.request.query("done").map { ["pause": "推送已暂停，事件继续排队。", "resume": "推送已恢复。"][$0] ?? "已完成。" }
        let table: HTML = items.isEmpty ? "<p class=\"empty\">尚未配置外部推送。</p>" : """
            <table class="list"><caption>本页 \(items.count) 个接收地址；签名密钥不再显示，地址中的查询参数（可能含机器人密钥）不显示</caption>
            <thead><tr><th scope="col">编号</th><th scope="col">接收地址</th><th scope="col">事件</th><th scope="col">格式</th><th scope="col">状态</th><th scope="col">待发送</th><th scope="col">已送达</th><th scope="col">操作</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        let fields = context.site.body(add)
        return Layout.page(context, title: "外部推送", active: "/system/webhooks", status: status, """
            \(Layout.notice(done))\(Layout.notice(error, error: true))
            <div class="toolbar"><a class="button" href="/system/webhooks/deliveries">全部投递记录</a></div>
            \(table)\(SystemPages.pager("/system/webhooks", [], next: page["next"]?.stringValue, onFirst: after == nil))
            <section><h2>新增推送</h2><form method="post" action="/system/webhooks" class="stack card">\(context.csrfField)
            \(ContractForm.fields(fields, prefix: "hook", values: values, labels: labels))
            <button type="submit" class="primary">新增推送</button></form></section>
            """)
    }

    static func deliveriesPage(_ context: PageContext, error: String?, status: Int = 200) throws -> Response {
        let specs = context.site.params(deliveries)
        let filters = context.query.filter { item in specs.contains { $0.name == item.name } && !item.value.isEmpty }
        let after = context.request.query("after")
        let reply = context.api("GET", "/api/v1/webhooks/deliveries", query: filters + [("limit", "50")] + (after.map { [("after", $0)] } ?? []))
        guard reply.ok else {
            if reply.status == 400 || reply.status == 422 {
                return Layout.page(context, title: "投递记录", active: "/system/webhooks", status: reply.status,
                                   filterForm(context, filters) + Layout.notice("筛选条件有误：\(reply.problem)", error: true))
            }
            throw PageFailure.from(reply)
        }
        let items = reply.json["items"]?.arrayValue ?? []
        let rows: [HTML] = items.map { delivery in
            let id = delivery["id"]?.intValue ?? 0
            let state = delivery["status"]?.stringValue == "delivered" ? "已送达" : "待发送"
            return """
            <tr><td class="num">\(id)</td><td class="num">\(Format.text(delivery["webhook_id"]))</td><td>\(Format.text(delivery["event_type"]))（事件 \(Format.text(delivery["event_id"]))）</td>\
            <td>\(state)</td><td class="num">\(Format.text(delivery["attempts"]))</td><td class="num">\(Format.text(delivery["last_status"]))</td>\
            <td class="clip">\(Format.text(delivery["last_error"]))</td><td class="nowrap">\(Format.date(delivery["delivered_at"]?.stringValue ?? delivery["next_attempt_at"]?.stringValue))</td>\
            <td><form method="post" action="/system/webhooks/deliveries/\(id)/redeliver" class="inline">\(context.csrfField)<button type="submit" aria-label="重新投递 \(id)">重新投递</button></form></td></tr>
            """
        }
        let done: String? = context.request.query("done") == "redeliver" ? "已安排重新投递。" : nil
        let table: HTML = items.isEmpty ? "<p class=\"empty\">没有符合条件的投递记录。</p>" : """
            <table class="list"><caption>本页 \(items.count) 条，最新的在前；时间列：已送达为送达时间，待发送为下次尝试时间</caption>
            <thead><tr><th scope="col">编号</th><th scope="col">接收地址编号</th><th scope="col">事件</th><th scope="col">状态</th><th scope="col">尝试次数</th><th scope="col">最近状态码</th><th scope="col">最近错误</th><th scope="col">时间</th><th scope="col">操作</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        return Layout.page(context, title: "投递记录", active: "/system/webhooks", status: status, """
            \(Layout.notice(done))\(Layout.notice(error, error: true))\(filterForm(context, filters))
            \(table)\(SystemPages.pager("/system/webhooks/deliveries", filters, next: reply.json["next"]?.stringValue, onFirst: after == nil))
            <p><a href="/system/webhooks">返回外部推送</a></p>
            """)
    }

    static func filterForm(_ context: PageContext, _ chosen: [(name: String, value: String)]) -> HTML {
        var values: [String: String] = [:]
        for (name, value) in chosen { values[name] = value }
        return """
        <form method="get" action="/system/webhooks/deliveries" class="filters" role="search">\(ContractForm.fields(context.site.params(deliveries), prefix: "filter", values: values, labels: labels, compact: true))
        <div class="actions"><button type="submit" class="primary">查询</button> <a href="/system/webhooks/deliveries">清除条件</a></div></form>
        """
    }
}
