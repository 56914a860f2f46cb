// 举报线索: the tip-offs officials triage (the office, administrators, towns for their own), with
// the state filter and 导出 CSV; each linked to the hazard it became. Never the reporter's contact
// (the API's list leaves it out). Open to the roles `GET /api/v1/tipoffs` admits; 403 for others.
import HTTP
import Kernel

enum TipOffTriagePages {
    static let list = "GET /api/v1/tipoffs"

    static var pages: [WebPage] { listPages + recordPages }

    static let listPages: [WebPage] = [
        WebPage("GET", "/tipoffs", .signedIn(standsOn: list)) { context in
            let specs = context.site.params(list)
            let chosen = context.query.filter { name, value in !value.isEmpty && (specs.contains { $0.name == name } || name == "after") }
            let reply = context.api("GET", "/api/v1/tipoffs", query: chosen + [("limit", "20")])
            guard reply.ok else { throw PageFailure.from(reply) }
            let items = reply.json["items"]?.arrayValue ?? []
            let rows: [HTML] = items.map { item in
                let id = item["id"]?.intValue ?? 0
                let hazard: HTML = item["hazard_id"]?.intValue.map { "<a href=\"/hazards/\($0)\">查看隐患</a> " } ?? .empty
                let open: HTML = item["status"]?.stringValue == "received" ? "办理" : "查看"
                return """
                <tr><td class="nowrap"><a href="/tipoffs/\(id)">\(open)</a> \(Format.date(item["received_at"]?.stringValue))</td><td>\(HazardPages.choiceLabel(specs, "status", item["status"]))</td>\
                <td>\(Format.text(item["place"]))</td><td class="clip">\(Format.text(item["text"]))</td>\
                <td>\(hazard)\(Format.text(item["dismiss_reason"]))</td><td class="num">\(Format.text(item["not_fixed_count"]))</td><td class="num">\(Format.text(item["contest_count"]))</td></tr>
                """
            }
            var values: [String: String] = [:]
            for (name, value) in chosen { values[name] = value }
            let filters = chosen.filter { $0.name != "after" }
            var pager: [HTML] = []
            if chosen.contains(where: { $0.name == "after" }) { pager.append("<a href=\"/tipoffs\(filters.isEmpty ? "" : "?" + Format.query(filters))\">第一页</a>") }
            if let next = reply.json["next"]?.stringValue { pager.append("<a href=\"/tipoffs?\(Format.query(filters + [("after", next)]))\" rel=\"next\">下一页</a>") }
            let table: HTML = items.isEmpty ? "<p class=\"empty\">没有符合条件的举报。</p>" : """
                <table><caption>本页 \(items.count) 条；举报人联系方式不在此列出</caption><thead><tr><th scope="col">受理时间</th><th scope="col">状态</th><th scope="col">地点</th>\
                <th scope="col">举报内容</th><th scope="col">办理结果</th><th scope="col">称未整改次数</th><th scope="col">申诉次数</th></tr></thead><tbody>\(rows)</tbody></table>
                """
            return Layout.page(context, title: "举报线索", active: "/tipoffs", """
            <form method="get" action="/tipoffs" class="filters" role="search">\(ContractForm.fields(specs, prefix: "filter", values: values, compact: true))
            <div class="actions"><button type="submit" class="primary">查询</button> <a href="/tipoffs">清除条件</a></div></form>
            <div class="toolbar"><a class="button" href="/tipoffs/export\(filters.isEmpty ? "" : "?" + Format.query(filters))">导出 CSV</a></div>
            \(table)<nav class="pager" aria-label="分页">\(pager)</nav>
            """)
        },
        WebPage("GET", "/tipoffs/export", .signedIn(standsOn: list)) { context in
            let specs = context.site.params(list)
            let reply = context.api("GET", "/api/v1/tipoffs", query: context.query.filter { item in specs.contains { $0.name == item.name } && !item.value.isEmpty }, accept: "text/csv")
            guard reply.ok else { throw PageFailure.from(reply) }
            var response = Response(status: 200, contentType: "text/csv; charset=utf-8", body: reply.body)
            response.headers.set("Content-Disposition", "attachment; filename=\"tipoffs.csv\"")
            return response
        },
    ]
}
