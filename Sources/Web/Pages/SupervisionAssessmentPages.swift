// 年度考核: the ranking of towns and of member units with their scores (`?year=`); a body's result —
// its indicators and every deduction or bonus with its reason and a link to the record it comes
// from (a hazard, a ledger line, a finding, an instrument …: the report names its source as a
// stable reference, which becomes the API path of that record, shown as a link exactly when the
// site has a page for it); 打印考核通报; the manual items (加减分项: add, withdraw with a reason) and
// the escalation rules, for the office. Over `/api/v1/supervision/assessment…` and `…/rules`.
// The office sees every body's lines; a unit or a town its own result and the ranking only.
import Foundation
import HTTP
import Kernel

extension SupervisionPages {
    static let reportRoute = route("GET", "/assessment/report")
    static let itemsRoute = route("GET", "/assessment/items")
    static let addItem = route("POST", "/assessment/items")
    static let withdrawItem = route("POST", "/assessment/items/{id:int}/actions/withdraw")
    static let rulesRoute = route("GET", "/rules")

    static var assessmentPages: [WebPage] {
        [
            WebPage("GET", "/supervision/assessment", .signedIn(standsOn: reportRoute), rankingPage),
            WebPage("GET", "/supervision/assessment/export", .signedIn(standsOn: reportRoute)) { context in
                try export(context, api + "/assessment/report", filters: context.site.params(reportRoute), filename: "assessment")
            },
            WebPage("GET", "/supervision/assessment/unit/{id:int}", .signedIn(standsOn: reportRoute)) { context in try resultPage(context, kind: "unit") },
            WebPage("GET", "/supervision/assessment/territory/{id:int}", .signedIn(standsOn: reportRoute)) { context in try resultPage(context, kind: "territory") },
            WebPage("GET", "/supervision/assessment/items", .signedIn(standsOn: itemsRoute)) { context in try itemsPage(context, values: [:], error: nil) },
            WebPage("POST", "/supervision/assessment/items", .signedIn(standsOn: addItem)) { context in
                let specs = context.site.body(addItem)
                let reply = context.api("POST", api + "/assessment/items", json: json(specs, context.form))
                guard reply.ok else {
                    return try itemsPage(context, values: typed(specs, context.form), error: "加减分项未登记：\(problem(reply))", status: status(reply))
                }
                return WebSite.redirect("/supervision/assessment/items?\(Format.query([("year", Format.text(reply.json["year"])), ("done", "add")]))")
            },
            WebPage("POST", "/supervision/assessment/items/{id:int}/withdraw", .signedIn(standsOn: withdrawItem)) { context in
                let id = try id(context)
                let reply = context.api("POST", api + "/assessment/items/\(id)/actions/withdraw", json: json(context.site.body(withdrawItem), context.form))
                guard reply.ok else { return try itemsPage(context, values: [:], error: "加减分项 \(id) 未撤销：\(problem(reply))", status: status(reply)) }
                return WebSite.redirect("/supervision/assessment/items?\(Format.query([("year", Format.text(reply.json["year"])), ("done", "withdraw")]))")
            },
            WebPage("GET", "/supervision/rules", .signedIn(standsOn: rulesRoute), rulesPage),
        ]
    }

    /// The report for `?year=` (and `?as_of=`), as this user may read it.
    static func report(_ context: PageContext) throws -> JSON {
        var query = yearQuery(context)
        if let day = context.request.query("as_of"), CalendarDate(iso: day) != nil { query.append(("as_of", day)) }
        return try context.get(api + "/assessment/report", query: query)
    }

    static func rankingPage(_ context: PageContext) throws -> Response {
        let report = try report(context)
        let year = Format.text(report["year"])
        let results = report["results"]?.arrayValue ?? []
        func table(_ kind: String, _ title: String) -> HTML {
            let rows: [HTML] = results.filter { $0["kind"]?.stringValue == kind }.map { result in
                let id = result["id"]?.intValue ?? 0
                let lines = result["lines"]?.arrayValue
                let deducted = (lines ?? []).compactMap { $0["points"]?.intValue }.filter { $0 < 0 }.reduce(0, +)
                let added = (lines ?? []).compactMap { $0["points"]?.intValue }.filter { $0 > 0 }.reduce(0, +)
                let own = lines != nil && !(context.actor?.isOffice ?? false)
                let detail: HTML = lines.map { lines in
                    "<a href=\"/supervision/assessment/\(kind)/\(id)?year=\(year)\">\(lines.isEmpty ? "无扣分" : "扣分明细（\(lines.count) 项）")</a>"
                } ?? .empty
                return """
                <tr\(own ? HTML(" class=\"own\"") : .empty)><td class="num">\(Format.text(result["rank"]))</td><th scope="row">\(Format.text(result["name"]))\(own ? HTML("（本单位）") : .empty)</th>\
                <td class="num">\(Format.text(result["score"]))</td><td class="num">\(lines == nil ? "" : String(deducted))</td><td class="num">\(lines == nil ? "" : (added > 0 ? "+\(added)" : "0"))</td><td>\(detail)</td></tr>
                """
            }
            return """
            <section><h2>\(title)</h2><table><thead><tr><th scope="col">名次</th><th scope="col">名称</th><th scope="col">得分（百分制）</th>\
            <th scope="col">扣分</th><th scope="col">加分</th><th scope="col">明细</th></tr></thead><tbody>\(rows)</tbody></table></section>
            """
        }
        let scope = context.actor?.isOffice == true ? "区安委办可查看全部单位的扣分明细。" : "本单位可查看自己的扣分明细和全区排名。"
        let items: HTML = context.may(itemsRoute) ? "<a class=\"button\" href=\"/supervision/assessment/items?year=\(year)\">加减分项</a>" : .empty
        return Layout.page(context, title: "\(year)年度安全生产考核", active: "/supervision/assessment", """
        <form method="get" action="/supervision/assessment" class="filters" role="search">
        <div class="field compact"><label for="assess-year">年度</label><input id="assess-year" name="year" type="text" inputmode="numeric" value="\(year)"></div>
        <div class="actions"><button type="submit" class="primary">查询</button></div></form>
        <div class="toolbar"><a class="button" href="/print/assessment?year=\(year)">打印考核通报</a>\
        <a class="button" href="/supervision/assessment/export?year=\(year)">导出 CSV</a>\(items)</div>
        <p class="hint">考核截至 \(Format.date(report["as_of"]?.stringValue))。\(scope)得分按适用指标的权重折算为百分制；同分同名次。报告摘要（SHA-256）：<code class="hash">\(Format.text(report["digest"]))</code></p>
        \(table("territory", "镇（景区、开发区）"))
        \(table("unit", "成员单位"))
        """)
    }

    static func resultPage(_ context: PageContext, kind: String) throws -> Response {
        let id = try id(context)
        let report = try report(context)
        let year = Format.text(report["year"])
        // Only a result whose lines this user may read (the office: all; a unit or a town: its own).
        guard let result = (report["results"]?.arrayValue ?? []).first(where: { $0["kind"]?.stringValue == kind && $0["id"]?.intValue == id }),
              let lines = result["lines"]?.arrayValue else {
            throw PageFailure(status: 404, message: "未找到该记录，或您无权查看。")
        }
        var names: [String: String] = [:]
        func walk(_ indicators: [JSON]) -> [HTML] {
            indicators.flatMap { indicator -> [HTML] in
                let code = Format.text(indicator["code"])
                names[code] = Format.text(indicator["name"])
                let children = indicator["children"]?.arrayValue ?? []
                let row: HTML = """
                <tr\(children.isEmpty ? .empty : HTML(" class=\"group\""))><td>\(code)</td><td>\(Format.text(indicator["name"]))\
                \(indicator["note"]?.stringValue.map { "<span class=\"detail\">（\(String($0.prefix { $0 != "(" }).trimmingCharacters(in: .whitespaces))）</span>" as HTML } ?? .empty)</td>\
                <td class="num">\(Format.text(indicator["weight"]))</td><td class="num">\(Format.text(indicator["score"]))</td></tr>
                """
                return [row] + walk(children)
            }
        }
        let tree = walk(result["indicators"]?.arrayValue ?? [])
        let rows: [HTML] = lines.map { line in
            let code = Format.text(line["indicator"])
            let points = line["points"]?.intValue ?? 0
            return """
            <tr><td>\(code) \(names[code] ?? "")</td><td class="num">\(points > 0 ? "+\(points)" : String(points))</td>\
            <td>\(Format.text(line["reason"]))</td><td>\(sourceLink(context, Format.text(line["source"]), year: year, reason: Format.text(line["reason"])))</td></tr>
            """
        }
        let deductions: HTML = rows.isEmpty ? "<p class=\"empty\">本年度无扣分和加分。</p>" : """
            <table><caption>每项扣分（负）或加分（正）及其理由；“来源”链接到产生该项的记录</caption>
            <thead><tr><th scope="col">指标</th><th scope="col">分值</th><th scope="col">理由</th><th scope="col">来源</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        return Layout.page(context, title: "\(year)年度考核：\(Format.text(result["name"]))", active: "/supervision/assessment", """
        \(facts([
            ("考核对象", "\(Format.text(result["name"]))（\(Format.text(result["kind_label"]))）"),
            ("得分（百分制）", "\(Format.text(result["score"]))，第 \(Format.text(result["rank"])) 名"),
            ("原始得分 / 适用权重", "\(Format.text(result["points"])) / \(Format.text(result["applicable_weight"]))"),
            ("考核截至", "\(Format.date(report["as_of"]?.stringValue))"),
        ]))
        <div class="toolbar"><a class="button" href="/supervision/assessment?year=\(year)">返回排名</a><a class="button" href="/print/assessment?year=\(year)">打印考核通报</a></div>
        <section><h2>扣分和加分明细（\(lines.count) 项）</h2>\(deductions)</section>
        <section><h2>指标得分</h2><table><thead><tr><th scope="col">代码</th><th scope="col">指标</th><th scope="col">权重</th><th scope="col">得分</th></tr></thead>
        <tbody>\(tree)</tbody></table></section>
        """)
    }

    /// The record a line comes from, as the API path of that record (and the query its page wants),
    /// with what to call it. The report's `source` is a stable reference: `event 859 (hazard:268)`,
    /// `supervision finding 7`, `supervision coverage 2024-Q1 territory 3 group 2`, `assessment item 4` …
    static func source(_ source: String, year: String) -> (api: String, query: String, label: String)? {
        let words = source.split(separator: " ").map(String.init)
        if source.hasPrefix("event "), let open = source.firstIndex(of: "("), let close = source.lastIndex(of: ")"), open < close {
            let reference = source[source.index(after: open)..<close].split(separator: ":").map(String.init)
            guard reference.count >= 2 else { return nil }
            let id = reference[1]
            switch reference[0] {
            case "hazard": return ("/api/v1/hazards/\(id)", "", "隐患")
            case "ledger-line": return ("/api/v1/responsibilities/ledger/\(id)", "", "责任台账 \(id)")
            case "enterprise": return ("/api/v1/training/enterprises/\(id)", "", "企业培训情况")
            case "meeting": return ("/api/v1/consultations/meetings", "", "会商研判（\(reference.dropFirst().joined(separator: " "))）")
            default: return nil
            }
        }
        if words.count >= 3, words[0] == "supervision" {
            switch words[1] {
            case "finding": return ("\(api)/findings/\(words[2])", "", "督导问题 \(words[2])")
            case "instrument": return ("\(api)/instruments/\(words[2])", "", "督办问责文书")
            case "draw": return ("\(api)/draws/\(words[2])", "", "四不两直抽签 \(words[2])")
            case "coverage":
                let quarter = words[2].split(separator: "Q").last.map(String.init) ?? ""
                return ("\(api)/coverage", Format.query([("year", year), ("quarter", quarter)]), "督导覆盖矩阵 \(words[2])")
            default: return nil
            }
        }
        if words.count == 3, words[0] == "assessment", words[1] == "item" {
            return ("\(api)/assessment/items", Format.query([("year", year)]) + "#item-\(words[2])", "加减分项 \(words[2])")
        }
        return nil
    }

    /// The link to a line's source record when the site has a page for it and the user may open it; else its name.
    static func sourceLink(_ context: PageContext, _ text: String, year: String, reason: String = "") -> HTML {
        guard var found = source(text, year: year) else { return "\(text)" }
        // A hazard by its code, as the reason names it (隐患 YH-2024-000027).
        if found.label == "隐患", let code = reason.range(of: "YH-[0-9]+-[0-9]+", options: .regularExpression) { found.label = "隐患 \(reason[code])" }
        guard let page = context.site.pagePath(forAPI: found.api), mayOpen(context, page) else { return "\(found.label)" }
        let query = found.query.isEmpty ? "" : (found.query.hasPrefix("#") ? found.query : "?" + found.query)
        return "<a href=\"\(page)\(query)\">\(found.label)</a>"
    }

    /// Whether the GET page at `path` admits this user's role (the record's own scope is the API's).
    static func mayOpen(_ context: PageContext, _ path: String) -> Bool {
        let parts = WebSite.segments(path)
        guard let page = context.site.pages.first(where: { page in
            let template = WebSite.segments(page.path)
            return page.method == "GET" && template.count == parts.count && zip(template, parts).allSatisfy { pattern, part in
                pattern.hasSuffix(":int}") ? Int64(part) != nil : pattern == part
            }
        }) else { return false }
        if case .signedIn(let route?) = page.access { return context.may(route) }
        return true
    }

    static func itemsPage(_ context: PageContext, values: [String: String], error: String?, status: Int = 200) throws -> Response {
        let year = yearQuery(context).first?.value ?? values["year"].flatMap { $0.count == 4 ? $0 : nil } ?? String(context.site.core.today.year)
        let items = try context.get(api + "/assessment/items", query: [("year", year)])["items"]?.arrayValue ?? []
        let rows: [HTML] = items.map { item in
            let id = item["id"]?.intValue ?? 0
            let points = item["points"]?.intValue ?? 0
            let withdrawn = item["status"]?.stringValue == "withdrawn"
            let state: HTML = withdrawn
                ? "已撤销（\(who(item["withdrawn_by"]))，\(Format.date(item["withdrawn_at"]?.stringValue))：\(Format.text(item["withdrawal_reason"]))）"
                : (context.may(withdrawItem) ? actionForm(context, title: "撤销", action: "/supervision/assessment/items/\(id)/withdraw",
                                                           fields(context.site.body(withdrawItem), prefix: "withdraw-\(id)", labels: ["reason": "撤销理由"])) : "有效")
            return """
            <tr id="item-\(id)"><td>\(id)</td><td>\(Format.text(item["subject_name"]))</td><td>\(Format.text(item["indicator"]))</td>\
            <td class="num">\(points > 0 ? "+\(points)" : String(points))</td><td>\(Format.text(item["reason"]))<div class="detail">依据：\(Format.text(item["evidence"]))</div></td>\
            <td>\(who(item["recorded_by"]))<div class="detail">\(Format.date(item["created_at"]?.stringValue))</div></td><td>\(state)</td></tr>
            """
        }
        let table: HTML = items.isEmpty ? "<p class=\"empty\">\(year)年尚无加减分项。</p>" : """
            <table><thead><tr><th scope="col">编号</th><th scope="col">考核对象</th><th scope="col">指标</th><th scope="col">分值</th><th scope="col">理由及依据</th>\
            <th scope="col">登记人</th><th scope="col">状态</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        var form: HTML = .empty
        if context.may(addItem) {
            let specs = context.site.body(addItem)
            var shown = values
            if shown["year"] == nil { shown["year"] = year }
            form = actionForm(context, title: "登记加减分项", action: "/supervision/assessment/items",
                              fields(specs, prefix: "item", values: shown, options: options(context, specs), labels: ["reason": "理由", "evidence": "依据（证据）"]), open: error != nil)
        }
        return Layout.page(context, title: "\(year)年度考核加减分项", active: "/supervision/assessment/items", status: status, """
        \(done(context, ["add": "加减分项已登记。", "withdraw": "加减分项已撤销，记录保留。"]))\(Layout.notice(error, error: true))
        <form method="get" action="/supervision/assessment/items" class="filters" role="search">
        <div class="field compact"><label for="items-year">年度</label><input id="items-year" name="year" type="text" inputmode="numeric" value="\(year)"></div>
        <div class="actions"><button type="submit" class="primary">查询</button></div></form>
        <div class="toolbar"><a class="button" href="/supervision/assessment?year=\(year)">考核排名</a></div>
        \(form)
        <p class="hint">考核对象（成员单位或镇）只填一个；指标须为该年度指标体系中的末级指标。撤销的项目保留在此，不再计分。</p>
        \(table)
        """)
    }

    static func rulesPage(_ context: PageContext) throws -> Response {
        let rules = try context.get(api + "/rules")["items"]?.arrayValue ?? []
        let rows: [HTML] = rules.map { rule in
            """
            <tr><td>\(Format.text(rule["code"]))</td><td>\(Format.text(rule["description"]))</td><td class="num">\(Format.text(rule["threshold"]))</td>\
            <td class="num">\(Format.text(rule["window_days"])) 天</td><td>\(label(instrumentKinds, rule["proposes"]))</td><td>\(rule["enabled"] == .bool(true) ? "启用" : "停用")</td></tr>
            """
        }
        return Layout.page(context, title: "升级规则", active: "/supervision/rules", """
        <p class="hint">规则按事实自动提出升级建议（不自动签发），由区安委办在“升级建议”中采纳或不予采纳。</p>
        <div class="toolbar"><a class="button" href="/supervision/proposals">升级建议</a></div>
        <table><thead><tr><th scope="col">代码</th><th scope="col">规则</th><th scope="col">次数阈值</th><th scope="col">统计期</th><th scope="col">建议措施</th><th scope="col">状态</th></tr></thead>
        <tbody>\(rows)</tbody></table>
        """)
    }
}
