// 督导检查: the inspections (filters, paging, 导出), recording one (the office names the group or
// the department; an inspector records for its own group), an inspection's page with its scores
// and findings, and recording a finding on it. Over `/api/v1/supervision/inspections…`.
import HTTP
import Kernel

extension SupervisionPages {
    static let inspectionsRoute = route("GET", "/inspections")
    static let recordInspection = route("POST", "/inspections")
    static let recordFinding = route("POST", "/inspections/{id:int}/findings")

    static var inspectionPages: [WebPage] {
        [
            WebPage("GET", "/supervision/inspections", .signedIn(standsOn: inspectionsRoute)) { context in
                let specs = context.site.params(inspectionsRoute)
                return try listPage(context, title: "督导检查", path: "/supervision/inspections", apiPath: api + "/inspections", route: inspectionsRoute, columns: [
                    Column("日期") { "<a href=\"/supervision/inspections/\($0["id"]?.intValue ?? 0)\">\(Format.date($0["date"]?.stringValue))</a>" },
                    Column("检查组或部门") { "\(Format.text($0["group_name"]).isEmpty ? Format.text($0["unit_name"]) : Format.text($0["group_name"]))" },
                    Column("方式") { "\(Format.text($0["mode_label"]))" },
                    Column("属地") { "\(Format.text($0["territory_name"]))" },
                    Column("检查企业") { "\(($0["enterprises"]?.arrayValue ?? []).map { Format.text($0["name"]) }.joined(separator: "、"))" },
                    Column("发现问题") { "\(Format.text($0["finding_count"])) 项" },
                    Column("检查表得分") { $0["score"]?.intValue.map { "\($0)" } ?? .empty },
                ], options: options(context, specs),
                tools: context.may(recordInspection) ? "<a class=\"button\" href=\"/supervision/inspections/new\">登记督导检查</a>" : .empty,
                empty: "没有符合条件的督导检查。")
            },
            WebPage("GET", "/supervision/inspections/export", .signedIn(standsOn: inspectionsRoute)) { context in
                try export(context, api + "/inspections", filters: context.site.params(inspectionsRoute), filename: "inspections")
            },
            WebPage("GET", "/supervision/inspections/new", .signedIn(standsOn: recordInspection)) { context in
                // A link may fill the form in (the draw's page: 四不两直, the draw, the drawn town and enterprises).
                let names = Set(context.site.body(recordInspection).map(\.name))
                var values: [String: String] = [:]
                for (name, value) in context.query where names.contains(name) { values[name] = value }
                return try newInspectionPage(context, values: values, error: nil)
            },
            WebPage("POST", "/supervision/inspections/new", .signedIn(standsOn: recordInspection)) { context in
                let specs = context.site.body(recordInspection)
                let reply = context.api("POST", api + "/inspections", json: json(specs, context.form))
                guard reply.ok, let id = reply.json["id"]?.intValue else {
                    return try newInspectionPage(context, values: typed(specs, context.form), error: "督导检查未登记：\(problem(reply))", status: status(reply))
                }
                return WebSite.redirect("/supervision/inspections/\(id)?done=record")
            },
            WebPage("GET", "/supervision/inspections/{id:int}", .signedIn(standsOn: route("GET", "/inspections/{id:int}"))) { context in
                try inspectionPage(context, error: nil)
            },
            WebPage("POST", "/supervision/inspections/{id:int}/findings", .signedIn(standsOn: recordFinding)) { context in
                let id = try id(context)
                let specs = context.site.body(recordFinding)
                let reply = context.api("POST", api + "/inspections/\(id)/findings", json: json(specs, context.form))
                guard reply.ok, let finding = reply.json["id"]?.intValue else {
                    return try inspectionPage(context, error: "发现问题未登记：\(problem(reply))", values: typed(specs, context.form), status: status(reply))
                }
                return WebSite.redirect("/supervision/findings/\(finding)?done=record")
            },
        ]
    }

    static func newInspectionPage(_ context: PageContext, values: [String: String], error: String?, status: Int = 200) throws -> Response {
        let specs = context.site.body(recordInspection)
        let hint = context.actor?.role == .inspector ? "督导组成员登记本组的检查（督导组默认本组）。" : "须指明督导组，或开展检查的成员单位。"
        return Layout.page(context, title: "登记督导检查", active: "/supervision/inspections", status: status, """
        \(Layout.notice(error, error: true))
        <form method="post" action="/supervision/inspections/new" class="stack card">\(context.csrfField)
        \(fields(specs, prefix: "insp", values: values, options: options(context, specs)))
        <p class="hint">带 * 的为必填项。\(hint)四不两直检查须填写依据的密封抽签编号；检查日期不得晚于今天。发现的问题在检查登记后逐项登记。</p>
        <button type="submit" class="primary">登记</button></form>
        """)
    }

    static func inspectionPage(_ context: PageContext, error: String?, values: [String: String] = [:], status: Int = 200) throws -> Response {
        let id = try id(context)
        let inspection = try context.get(api + "/inspections/\(id)")
        let enterprises = (inspection["enterprises"]?.arrayValue ?? []).map { Format.text($0["name"]) }.joined(separator: "、")
        var rows: [(String, HTML)] = [
            ("检查组或部门", "\(Format.text(inspection["group_name"]).isEmpty ? Format.text(inspection["unit_name"]) : Format.text(inspection["group_name"]))"),
            ("检查方式", "\(Format.text(inspection["mode_label"]))"),
            ("检查日期", "\(Format.date(inspection["date"]?.stringValue))（\(Format.text(inspection["quarter"]))）"),
            ("属地", "\(Format.text(inspection["territory_name"]))"),
            ("检查企业", "\(enterprises)"),
            ("检查人员", "\((inspection["inspectors"]?.arrayValue ?? []).map { Format.text($0) }.joined(separator: "、"))"),
        ]
        if let campaign = inspection["campaign_name"]?.stringValue { rows.append(("专项时段", "\(campaign)")) }
        if let checklist = inspection["checklist_name"]?.stringValue {
            rows.append(("检查表得分", "\(checklist)：\(Format.text(inspection["score"])) / \(Format.text(inspection["max_score"])) 分"))
        }
        if let draw = inspection["draw_id"]?.intValue, context.may(route("GET", "/draws/{id:int}")) {
            rows.append(("依据的抽签", "<a href=\"/supervision/draws/\(draw)\">四不两直抽签 \(draw)</a>"))
        }
        rows.append(("检查情况", "\(Format.text(inspection["summary"]))"))
        rows.append(("登记人", "\(who(inspection["recorded_by"]))"))
        let scores: [HTML] = (inspection["scores"]?.arrayValue ?? []).map { score in
            "<tr><td>\(Format.text(score["item"]))</td><td class=\"num\">\(Format.text(score["score"]))</td><td>\(Format.text(score["note"]))</td></tr>"
        }
        let findings = inspection["findings"]?.arrayValue ?? []
        var sections: [HTML] = [done(context, ["record": "督导检查已登记。"]), Layout.notice(error, error: true), facts(rows)]
        if !scores.isEmpty {
            sections.append("<section><h2>检查表评分</h2><table><thead><tr><th scope=\"col\">项目</th><th scope=\"col\">得分</th><th scope=\"col\">说明</th></tr></thead><tbody>\(scores)</tbody></table></section>")
        }
        sections.append("<section><h2>发现的问题（\(findings.count) 项）</h2>\(findingsTable(findings))</section>")
        if context.may(recordFinding) {
            let specs = context.site.body(recordFinding)
            sections.append(actionForm(context, title: "登记发现问题", action: "/supervision/inspections/\(id)/findings",
                                       fields(specs, prefix: "finding", values: values, options: options(context, specs)), open: error != nil))
        }
        return Layout.page(context, title: "督导检查：\(Format.text(inspection["territory_name"])) \(Format.date(inspection["date"]?.stringValue))",
                           active: "/supervision/inspections", status: status, sections.joined())
    }

    /// Findings as a table, each linking to its page.
    static func findingsTable(_ findings: [JSON]) -> HTML {
        guard !findings.isEmpty else { return "<p class=\"empty\">没有发现问题。</p>" }
        let rows: [HTML] = findings.map { finding in
            """
            <tr><td><a href="/supervision/findings/\(finding["id"]?.intValue ?? 0)">问题 \(Format.text(finding["id"]))</a></td>\
            <td>\(Format.text(finding["description"]))\(finding["is_hazard"] == .bool(true) ? HTML("<div class=\"detail\">隐患（\(label(hazardGrades, finding["hazard_grade"]))）</div>") : .empty)</td>\
            <td>\(Format.text(finding["responsible_name"]))</td><td class="nowrap">\(deadline(finding))</td><td>\(Format.text(finding["status_label"]))</td>\
            <td class="num">\(Format.text(finding["progress"]))%</td></tr>
            """
        }
        return """
        <table><thead><tr><th scope="col">编号</th><th scope="col">问题</th><th scope="col">责任主体</th><th scope="col">整改期限</th><th scope="col">状态</th><th scope="col">进度</th></tr></thead>
        <tbody>\(rows)</tbody></table>
        """
    }

    /// A finding's deadline, marked when it is past and not rectified.
    static func deadline(_ finding: JSON) -> HTML {
        let day = Format.date(finding["deadline"]?.stringValue)
        guard finding["overdue"] == .bool(true) else { return "\(day)" }
        return "\(day) <span class=\"dot dot-red\" title=\"已逾期未整改\"><span class=\"sr\">红：已逾期未整改</span></span> <span class=\"overdue\">逾期</span>"
    }
}
