// 隐患统计: the stock (存量) and 动态清零 of hazards by territory, by sector or by supervising
// department, from `GET /api/v1/hazards/stats` (rows scoped by the API for the user), and the
// enterprises flagged for closure (`closure-warnings`) for the roles that route admits. Every count
// links to the register filtered to exactly the hazards it counts.
import HTTP
import Kernel

enum HazardDashboardPage {
    static let stats = "GET /api/v1/hazards/stats"
    static let warnings = "GET /api/v1/hazards/closure-warnings"

    static let dimensions: [(code: String, label: String, key: String)] = [
        ("territory", "按属地", "territory_id"), ("sector", "按行业领域", "sector"), ("unit", "按监管部门", "supervising_unit_id"),
    ]

    /// A count column: its heading and the register filters that list what it counts (nil: no link).
    struct Column {
        var name: String
        var heading: String
        var filters: [(name: String, value: String)]?
    }

    static let columns: [Column] = [
        Column(name: "total", heading: "隐患总数", filters: []),
        Column(name: "open", heading: "未销号", filters: [("status", "open")]),
        Column(name: "overdue", heading: "逾期未销号", filters: [("overdue", "true")]),
        Column(name: "major", heading: "重大隐患", filters: [("grade", "major")]),
        Column(name: "stock", heading: "存量重大隐患", filters: [("stock", "true")]),
        Column(name: "stock_open", heading: "存量未销号", filters: [("stock", "true"), ("status", "open")]),
        Column(name: "stock_closed", heading: "存量已销号", filters: [("stock", "true"), ("status", "closed")]),
        Column(name: "new", heading: "本年新增", filters: nil),
        Column(name: "closed_this_year", heading: "本年销号", filters: nil),
    ]

    static let pages: [WebPage] = [
        WebPage("GET", "/hazards/dashboard", .signedIn(standsOn: stats), dashboard),
        WebPage("GET", "/hazards/dashboard/export", .signedIn(standsOn: stats)) { context in
            let by = context.request.query("by") ?? "territory"
            guard dimensions.contains(where: { $0.code == by }) else { throw PageFailure(status: 422, message: "统计维度有误：只能按属地、行业领域或监管部门统计。") }
            let reply = context.api("GET", "/api/v1/hazards/stats", query: [("by", by)], accept: "text/csv")
            guard reply.ok else { throw PageFailure.from(reply) }
            var response = Response(status: 200, contentType: "text/csv; charset=utf-8", body: reply.body)
            response.headers.set("Content-Disposition", "attachment; filename=\"hazard-stats-\(by).csv\"")
            return response
        },
    ]

    static func dashboard(_ context: PageContext) throws -> Response {
        let chosen = context.request.query("by") ?? "territory"
        guard let dimension = dimensions.first(where: { $0.code == chosen }) else {
            throw PageFailure(status: 422, message: "统计维度有误：只能按属地、行业领域或监管部门统计。")
        }
        let reply = try context.get("/api/v1/hazards/stats", query: [("by", dimension.code)])
        let rows = reply["items"]?.arrayValue ?? []
        let total = rows.last { $0[dimension.key] == nil || $0[dimension.key] == .null } ?? .null
        let tabs: [HTML] = dimensions.map { item in
            item.code == dimension.code
                ? "<li><a href=\"/hazards/dashboard?by=\(item.code)\" aria-current=\"page\">\(item.label)</a></li>"
                : "<li><a href=\"/hazards/dashboard?by=\(item.code)\">\(item.label)</a></li>"
        }
        let body: [HTML] = rows.map { row in
            let isTotal = row[dimension.key] == nil || row[dimension.key] == .null
            let scope: [(name: String, value: String)] = isTotal ? [] : [(dimension.key, Format.text(row[dimension.key]))]
            let name = Format.text(row["name"]).isEmpty ? "（未填写）" : Format.text(row["name"])
            let cells: [HTML] = columns.map { column in
                let count = row[column.name]?.intValue ?? 0
                guard let filters = column.filters, count > 0 else { return "<td class=\"num\">\(count)</td>" }
                return "<td class=\"num\"><a href=\"/hazards?\(Format.query(scope + filters))\">\(count)</a></td>"
            }
            let head: HTML = isTotal ? "<th scope=\"row\">\(name)</th>" : "<td>\(name)</td>"
            return "<tr\(isTotal ? HTML(" class=\"total\"") : .empty)>\(head)\(cells)<td class=\"num\">\(rate(row))</td><td>\(zero(row))</td></tr>"
        }
        let headings: [HTML] = columns.map { "<th scope=\"col\">\($0.heading)</th>" }
        let table: HTML = rows.count <= 1 && (total["total"]?.intValue ?? 0) == 0
            ? "<p class=\"empty\">您可查看的范围内没有隐患。</p>"
            : """
            <table class="stats"><caption>\(dimension.label)统计（截至 \(Format.date(reply["as_of"]?.stringValue))）；点击数字查看对应隐患；销号率 = 已销号 ÷ 隐患总数（已合并的重复隐患不计）</caption>
            <thead><tr><th scope="col">\(dimension.label.dropFirst())</th>\(headings)<th scope="col">销号率</th><th scope="col">存量动态清零</th></tr></thead>
            <tbody>\(body)</tbody></table>
            """
        let summary: HTML = """
            <ul class="figures">\
            <li><span>存量重大隐患</span><strong>\(total["stock"]?.intValue ?? 0)</strong></li>\
            <li><span>存量未销号</span><strong>\(total["stock_open"]?.intValue ?? 0)</strong></li>\
            <li><span>未销号隐患</span><strong>\(total["open"]?.intValue ?? 0)</strong></li>\
            <li><span>逾期未销号</span><strong>\(total["overdue"]?.intValue ?? 0)</strong></li>\
            <li><span>本年新增 / 销号</span><strong>\(total["new"]?.intValue ?? 0) / \(total["closed_this_year"]?.intValue ?? 0)</strong></li>\
            <li><span>存量动态清零</span><strong>\(zero(total))</strong></li></ul>
            """
        let export: HTML = "<div class=\"toolbar\"><a class=\"button\" href=\"/hazards/dashboard/export?by=\(dimension.code)\">导出 CSV</a></div>"
        return Layout.page(context, title: "隐患统计", active: "/hazards/dashboard", """
        <nav aria-label="统计维度"><ul class="tabs">\(tabs)</ul></nav>
        \(summary)\(export)\(table)\(closureWarnings(context))
        """)
    }

    /// 已销号 ÷ 总数, one decimal; a dash when there is nothing to count.
    static func rate(_ row: JSON) -> String {
        let total = row["total"]?.intValue ?? 0
        guard total > 0 else { return "—" }
        let closed = total - (row["open"]?.intValue ?? 0)
        let tenths = (closed * 1000 + total / 2) / total
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// 动态清零: no stock left open.
    static func zero(_ row: JSON) -> String {
        let stock = row["stock"]?.intValue ?? 0
        let open = row["stock_open"]?.intValue ?? 0
        if stock == 0 { return "无存量" }
        return open == 0 ? "已清零" : "未清零（余 \(open) 项）"
    }

    /// "penalised 3 times within 180 days (rule: 3 in 180)" → 180日内受到3次行政处罚（规则：180日内3次）.
    static func reason(_ text: String) -> String {
        let numbers = text.split { !$0.isNumber }.compactMap { Int($0) }
        guard text.hasPrefix("penalised"), numbers.count == 4 else { return text }
        return "\(numbers[1])日内因重大隐患受到\(numbers[0])次行政处罚（规则：\(numbers[3])日内\(numbers[2])次）"
    }

    /// The enterprises flagged for closure (Law Art 113), for those the route admits.
    static func closureWarnings(_ context: PageContext) -> HTML {
        guard context.may(warnings) else { return .empty }
        let reply = context.api("GET", "/api/v1/hazards/closure-warnings")
        guard reply.ok else { return .empty }
        let items = reply.json["items"]?.arrayValue ?? []
        guard !items.isEmpty else {
            return "<section><h2>提请关闭的生产经营单位</h2><p class=\"empty\">没有因重大隐患多次受到行政处罚而应提请关闭的单位。</p></section>"
        }
        let rows: [HTML] = items.map { item in
            let id = item["enterprise_id"]?.intValue ?? 0
            let reasons = (item["reasons"]?.arrayValue ?? []).map { reason(Format.text($0)) }.joined(separator: "；")
            let penalties = (item["penalties"]?.arrayValue ?? []).map { "\(Format.date($0["penalised_on"]?.stringValue)) \(Format.text($0["decision_number"]))" }.joined(separator: "；")
            return """
            <tr><td><a href="/hazards?\(Format.query([("enterprise_id", String(id)), ("grade", "major")]))">\(Format.text(item["enterprise_name"]))</a></td>\
            <td>\(reasons)</td><td>\(penalties)</td></tr>
            """
        }
        return """
        <section><h2>提请关闭的生产经营单位</h2>
        <table><caption>《安全生产法》第一百一十三条：因重大隐患180日内3次或1年内4次受到行政处罚</caption>
        <thead><tr><th scope="col">生产经营单位</th><th scope="col">依据</th><th scope="col">处罚记录</th></tr></thead><tbody>\(rows)</tbody></table></section>
        """
    }
}
