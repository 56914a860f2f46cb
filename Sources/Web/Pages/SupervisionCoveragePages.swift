// 督导全覆盖: the coverage matrix (a row per town or area, a column per quarter: which group covers
// it, visits done, the gap marked with its reason) and the supervision groups (members, the towns
// each covers by quarter). Over `GET /api/v1/supervision/coverage` and `…/groups`.
import HTTP
import Kernel

extension SupervisionPages {
    static let coverageRoute = route("GET", "/coverage")
    static let groupsRoute = route("GET", "/groups")

    static let coverageStates: [String: String] = [
        "done": "已督导", "planned": "待督导", "due_soon": "即将到期", "overdue": "逾期未督导", "missing": "无督导组负责", "unassigned": "尚未安排",
    ]

    static var coveragePages: [WebPage] {
        [
            WebPage("GET", "/supervision/coverage", .signedIn(standsOn: coverageRoute), coveragePage),
            WebPage("GET", "/supervision/coverage/export", .signedIn(standsOn: coverageRoute)) { context in
                try export(context, api + "/coverage", filters: context.site.params(coverageRoute), filename: "coverage")
            },
            WebPage("GET", "/supervision/groups", .signedIn(standsOn: groupsRoute), groupsPage),
            WebPage("GET", "/supervision/groups/{id:int}", .signedIn(standsOn: route("GET", "/groups/{id:int}")), groupPage),
        ]
    }

    /// `?year=` as the API reads it (four digits), else none (the API's default: this year).
    static func yearQuery(_ context: PageContext) -> [(name: String, value: String)] {
        guard let year = context.request.query("year"), year.count == 4, Int(year) != nil else { return [] }
        return [("year", year)]
    }

    static func coveragePage(_ context: PageContext) throws -> Response {
        let year = yearQuery(context)
        let quarter: String? = context.request.query("quarter").flatMap { ["1", "2", "3", "4"].contains($0) ? $0 : nil }
        let matrix = try context.get(api + "/coverage", query: year + (quarter.map { [("quarter", $0)] } ?? []))
        let cells = matrix["cells"]?.arrayValue ?? []
        let quarters = (matrix["summary"]?.arrayValue ?? []).map { Format.text($0["quarter"]) }
        // Territories in the order the API answers them (by id), each with its quarters' cells.
        var order: [Int64] = []
        var names: [Int64: String] = [:]
        var byCell: [String: JSON] = [:]
        for cell in cells {
            guard let territory = cell["territory_id"]?.intValue else { continue }
            if names[territory] == nil { order.append(territory); names[territory] = Format.text(cell["territory_name"]) }
            byCell["\(territory) \(Format.text(cell["quarter"]))"] = cell
        }
        let head: [HTML] = quarters.map { "<th scope=\"col\">\(String($0.suffix(2)).replacingOccurrences(of: "Q", with: "第"))季度</th>" }
        let rows: [HTML] = order.map { territory in
            let tds: [HTML] = quarters.map { quarter in
                guard let cell = byCell["\(territory) \(quarter)"] else { return "<td></td>" }
                let status = Format.text(cell["status"])
                let group = Format.text(cell["group_name"])
                // Red: a gap (no group, or the quarter ended unvisited); yellow: due soon or not yet arranged.
                let mark = ["red": " gap", "yellow": " warn"][Format.text(cell["colour"])] ?? ""
                let visits: HTML = "已督导 \(Int(cell["visits_done"]?.intValue ?? 0)) 次" + (cell["other_visits"]?.intValue ?? 0 > 0 ? "，其他检查 \(Int(cell["other_visits"]?.intValue ?? 0)) 次" : "")
                return """
                <td class="cell-\(status)\(mark)">\(dot(cell))\
                <strong>\(group.isEmpty ? "（无督导组）" : group)</strong> \(coverageStates[status] ?? status)\
                <div class="detail">\(visits)\(cell["last_visit"]?.stringValue.map { "，最近 \(Format.date($0))" } ?? "")</div>\
                <div class="detail">\(Format.text(cell["reason"]))</div></td>
                """
            }
            return "<tr><th scope=\"row\">\(names[territory] ?? "")</th>\(tds)</tr>"
        }
        let summary: [HTML] = (matrix["summary"]?.arrayValue ?? []).map { (row: JSON) -> HTML in
            """
            <tr><th scope="row">\(Format.text(row["quarter"]))</th><td class="num">\(Format.text(row["territories"]))</td><td class="num">\(Format.text(row["done"]))</td>\
            <td class="num">\(Format.text(row["planned"]))</td><td class="num">\(Format.text(row["overdue"]))</td><td class="num">\(Format.text(row["missing"]))</td>\
            <td class="num">\(Format.text(row["unassigned"]))</td></tr>
            """
        }
        let shownYear = Format.text(matrix["year"])
        var quarterOptions: [HTML] = [quarter == nil ? "<option value=\"\" selected>全年</option>" : "<option value=\"\">全年</option>"]
        for number in 1...4 {
            let selected: HTML = quarter == String(number) ? " selected" : .empty
            quarterOptions.append("<option value=\"\(number)\"\(selected)>第\(number)季度</option>")
        }
        let exportQuery = Format.query(year + (quarter.map { [("quarter", $0)] } ?? []))
        return Layout.page(context, title: "督导覆盖矩阵", active: "/supervision/coverage", """
        <form method="get" action="/supervision/coverage" class="filters" role="search">
        <div class="field compact"><label for="cov-year">年度</label><input id="cov-year" name="year" type="text" inputmode="numeric" value="\(shownYear)"></div>
        <div class="field compact"><label for="cov-quarter">季度</label><select id="cov-quarter" name="quarter">\(quarterOptions)</select></div>
        <div class="actions"><button type="submit" class="primary">查询</button></div></form>
        <div class="toolbar"><a class="button" href="/supervision/coverage/export\(exportQuery.isEmpty ? "" : "?" + exportQuery)">导出 CSV</a>\
        <a class="button" href="/supervision/groups\(year.isEmpty ? "" : "?" + Format.query(year))">督导组及分工</a></div>
        <table class="coverage"><caption>\(shownYear)年 各镇（景区、开发区）× 季度：负责的督导组、督导次数；截至 \(Format.date(matrix["as_of"]?.stringValue))。\
        红色为缺口（逾期未督导或无督导组），黄色为即将到期或尚未安排（悬停圆点可见原因）</caption>
        <thead><tr><th scope="col">属地</th>\(head)</tr></thead><tbody>\(rows)</tbody></table>
        <h2>各季度汇总</h2>
        <table><thead><tr><th scope="col">季度</th><th scope="col">属地数</th><th scope="col">已督导</th><th scope="col">待督导</th>\
        <th scope="col">逾期未督导</th><th scope="col">无督导组</th><th scope="col">尚未安排</th></tr></thead><tbody>\(summary)</tbody></table>
        """)
    }

    /// A cell's dot: its colour with the API's reason (already Chinese).
    static func dot(_ cell: JSON) -> HTML {
        let colour = Format.text(cell["colour"])
        let name = ["red": "红", "yellow": "黄", "green": "绿"][colour] ?? ""
        guard !name.isEmpty else { return .empty }
        let why = Format.text(cell["reason"])
        return "<span class=\"dot dot-\(colour)\" title=\"\(why)\"><span class=\"sr\">\(name)：\(why)</span></span> "
    }

    static func groupsPage(_ context: PageContext) throws -> Response {
        let year = yearQuery(context)
        let groups = try context.get(api + "/groups", query: year)["items"]?.arrayValue ?? []
        let rows: [HTML] = groups.map { group in
            let id = group["id"]?.intValue ?? 0
            let members = (group["members"]?.arrayValue ?? []).map { "\(Format.text($0["name"]))（\(Format.text($0["unit_name"]))）" }.joined(separator: "、")
            let covers = (group["coverage"]?.arrayValue ?? []).map { quarter in
                "\(Format.text(quarter["quarter"]))：" + (quarter["territories"]?.arrayValue ?? []).map { Format.text($0["name"]) }.joined(separator: "、")
            }
            return """
            <tr><td><a href="/supervision/groups/\(id)">\(Format.text(group["name"]))</a></td><td>\(Format.text(group["leader"]))\
            \(group["leader_unit_name"]?.stringValue.map { "（\($0)）" } ?? "")</td><td>\(members)</td>\
            <td>\(covers.map { "<div>\($0)</div>" as HTML })</td></tr>
            """
        }
        let table: HTML = groups.isEmpty ? "<p class=\"empty\">尚无督导组。</p>" : """
            <table><thead><tr><th scope="col">督导组</th><th scope="col">组长</th><th scope="col">成员</th><th scope="col">负责的属地（按季度）</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        return Layout.page(context, title: "督导组", active: "/supervision/groups", """
        <div class="toolbar"><a class="button" href="/supervision/coverage">督导覆盖矩阵</a></div>
        \(table)
        """)
    }

    static func groupPage(_ context: PageContext) throws -> Response {
        let id = try id(context)
        let group = try context.get(api + "/groups/\(id)", query: yearQuery(context))
        let members: [HTML] = (group["members"]?.arrayValue ?? []).map { member in
            "<tr><td>\(Format.text(member["name"]))</td><td>\(Format.text(member["unit_name"]))</td><td>\(label(memberRoles, member["role"]))</td></tr>"
        }
        let coverage: [HTML] = (group["coverage"]?.arrayValue ?? []).map { quarter in
            "<tr><th scope=\"row\">\(Format.text(quarter["quarter"]))</th><td>\((quarter["territories"]?.arrayValue ?? []).map { Format.text($0["name"]) }.joined(separator: "、"))</td></tr>"
        }
        return Layout.page(context, title: Format.text(group["name"]), active: "/supervision/groups", """
        \(facts([("组长", "\(Format.text(group["leader"]))\(group["leader_unit_name"]?.stringValue.map { "（\($0)）" } ?? "")"), ("备注", "\(Format.text(group["note"]))")]))
        <section><h2>成员</h2><table><thead><tr><th scope="col">姓名</th><th scope="col">单位</th><th scope="col">分工</th></tr></thead><tbody>\(members)</tbody></table></section>
        <section><h2>负责的属地</h2><table><thead><tr><th scope="col">季度</th><th scope="col">属地</th></tr></thead><tbody>\(coverage)</tbody></table></section>
        <p><a href="/supervision/inspections?group_id=\(id)">本组的督导检查</a></p>
        """)
    }
}
