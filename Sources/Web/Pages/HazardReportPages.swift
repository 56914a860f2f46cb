// 隐患统计报告 (季报、年报, Order 16 Art 14): the enterprises' filed reports of a period with their
// figures, beside those that have not filed, from `GET /api/v1/hazards/statistics-reports/items`
// (scoped by the API: the office every enterprise, a unit its sector, a town its territory, an
// enterprise its own); an enterprise (or the office naming one) files its report here too.
import HTTP
import Kernel

enum HazardReportPages {
    static let list = "GET /api/v1/hazards/statistics-reports/items"
    static let file = "POST /api/v1/hazards/statistics-reports"
    static let pageSize = 50

    static let pages: [WebPage] = [
        WebPage("GET", "/hazards/reports", .signedIn(standsOn: list)) { context in try reportsPage(context, error: nil) },
        WebPage("POST", "/hazards/reports", .signedIn(standsOn: file)) { context in
            let fields = fileFields(context)
            let reply = context.api("POST", "/api/v1/hazards/statistics-reports", json: ContractForm.json(fields, context.form))
            guard reply.ok else {
                let why = reply.status == 409 ? "该单位这一报告期的统计报告已报送，不能重复报送。" : reply.problem
                return try reportsPage(context, error: "报告未报送：\(why)", status: reply.status == 403 ? 403 : 422)
            }
            return WebSite.redirect("/hazards/reports?\(Format.query([("period", context.form.value("period") ?? ""), ("done", "1")]))")
        },
        export,
    ]

    /// The last quarter that has ended: the period a report is due for now.
    static func lastQuarter(_ context: PageContext) -> String {
        let today = CalendarDate(context.site.core.clock.now())
        let quarter = (today.month - 1) / 3 + 1
        return quarter == 1 ? "\(today.year - 1)-Q4" : "\(today.year)-Q\(quarter - 1)"
    }

    /// What the filing form asks: an enterprise files its own (no enterprise field).
    static func fileFields(_ context: PageContext) -> [FieldSpec] {
        let all = context.site.body(file)
        return context.actor?.role == .enterprise ? all.filter { $0.name != "enterprise_id" } : all
    }

    static func reportsPage(_ context: PageContext, error: String?, status: Int = 200) throws -> Response {
        let specs = context.site.params(list)
        let known = Set(specs.map(\.name) + ["after"])
        var chosen = context.query.filter { known.contains($0.name) && !$0.value.isEmpty }
        if !chosen.contains(where: { $0.name == "period" }) { chosen.insert(("period", lastQuarter(context)), at: 0) }
        let period = chosen.first { $0.name == "period" }?.value ?? ""
        let reply = context.api("GET", "/api/v1/hazards/statistics-reports/items", query: chosen + [("limit", String(pageSize))])
        var values: [String: String] = [:]
        for (name, value) in chosen { values[name] = value }
        let shown = specs.filter { $0.name == "period" || $0.name == "filed" }
        let filterForm: HTML = """
            <form method="get" action="/hazards/reports" class="filters" role="search">\(ContractForm.fields(shown, prefix: "filter", values: values, labels: ["period": "报告期（如 2024-Q1 或 2023）", "filed": "是否已报送"], compact: true))
            <div class="actions"><button type="submit" class="primary">查询</button></div></form>
            """
        let done = context.request.query("done") == nil ? nil : "统计报告已报送。"
        guard reply.ok else {
            if reply.status == 400 || reply.status == 422 {
                return Layout.page(context, title: "隐患统计报告", active: "/hazards/reports", status: reply.status,
                                   filterForm + Layout.notice("查询条件有误：\(reply.problem)", error: true))
            }
            throw PageFailure.from(reply)
        }
        let items = reply.json["items"]?.arrayValue ?? []
        let rows: [HTML] = items.map { item in
            let filed = item["filed"] == .bool(true)
            let state: String = filed ? (item["on_time"] == .bool(true) ? "已按期报送" : "已逾期报送") : "未报送"
            func count(_ name: String) -> String { filed ? Format.text(item[name]) : "" }
            return """
            <tr><td>\(Format.text(item["enterprise_name"]))</td><td>\(Format.text(item["territory_name"]))</td><td>\(Format.text(item["supervising_unit_name"]))</td>\
            <td class="nowrap">\(state)</td><td class="nowrap">\(Format.date(item["filed_at"]?.stringValue))</td><td>\(Format.text(item["signed_by"]))</td>\
            <td class="num">\(count("found"))</td><td class="num">\(count("closed"))</td><td class="num">\(count("open"))</td><td class="num">\(count("major_open"))</td></tr>
            """
        }
        let due = items.first.map { Format.date($0["due"]?.stringValue) } ?? ""
        let filters = chosen.filter { $0.name != "after" }
        var pager: [HTML] = []
        if chosen.contains(where: { $0.name == "after" }) { pager.append("<a href=\"/hazards/reports?\(Format.query(filters))\">第一页</a>") }
        if let next = reply.json["next"]?.stringValue { pager.append("<a href=\"/hazards/reports?\(Format.query(filters + [("after", next)]))\" rel=\"next\">下一页</a>") }
        let table: HTML = items.isEmpty ? "<p class=\"empty\">您可查看的范围内没有生产经营单位。</p>" : """
            <table><caption>\(period) 隐患排查治理统计报告\(due.isEmpty ? "" : "，报送截止 " + due)；本页 \(items.count) 家单位</caption>
            <thead><tr><th scope="col">生产经营单位</th><th scope="col">属地</th><th scope="col">监管部门</th><th scope="col">报送情况</th><th scope="col">报送时间</th>\
            <th scope="col">主要负责人签字</th><th scope="col">本期发现</th><th scope="col">本期销号</th><th scope="col">期末未销号</th><th scope="col">期末重大未销号</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        var fileForm: HTML = .empty
        if context.may(file) {
            fileForm = """
            <details class="action"><summary>报送统计报告</summary>
            <form method="post" action="/hazards/reports" class="stack">\(context.csrfField)
            \(ContractForm.fields(fileFields(context), prefix: "file", values: ["period": period], labels: ["period": "报告期（已结束的季度 2024-Q1 或年度 2023）", "signed_by": "主要负责人（签字）"]))
            <button type="submit" class="primary">报送</button></form></details>
            """
        }
        return Layout.page(context, title: "隐患统计报告", active: "/hazards/reports", status: status, """
        \(Layout.notice(done))\(Layout.notice(error, error: true))\(filterForm)
        <div class="toolbar"><a class="button" href="/hazards/reports/export?\(Format.query(filters))">导出 CSV</a></div>
        \(fileForm)\(table)<nav class="pager" aria-label="分页">\(pager)</nav>
        """)
    }
}

extension HazardReportPages {
    static let export = WebPage("GET", "/hazards/reports/export", .signedIn(standsOn: list)) { context in
        let known = Set(context.site.params(list).map(\.name))
        var query = context.query.filter { known.contains($0.name) && !$0.value.isEmpty }
        if !query.contains(where: { $0.name == "period" }) { query.append(("period", lastQuarter(context))) }
        let reply = context.api("GET", "/api/v1/hazards/statistics-reports/items", query: query, accept: "text/csv")
        guard reply.ok else { throw PageFailure.from(reply) }
        var response = Response(status: 200, contentType: "text/csv; charset=utf-8", body: reply.body)
        response.headers.set("Content-Disposition", "attachment; filename=\"hazard-reports.csv\"")
        return response
    }
}
