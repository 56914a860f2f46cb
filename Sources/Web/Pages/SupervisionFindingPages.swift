// 整改问题清单: the findings (filters, paging, 导出), a finding's page with its history and the
// actions its state allows to this user — 整改进展 and 整改完成 for the responsible body or the
// office, 回头看 for the office or a supervision group (as the API decides; the page offers no
// more). Over `/api/v1/supervision/findings…`.
import HTTP
import Kernel

extension SupervisionPages {
    static let findingsRoute = route("GET", "/findings")
    static func findingAction(_ verb: String) -> String { route("POST", "/findings/{id:int}/actions/\(verb)") }
    static let findingVerbs: [String: String] = ["progress": "报告整改进展", "complete": "报告整改完成", "recheck": "回头看"]
    static let stepKinds: [String: String] = ["progress": "整改进展", "completion": "整改完成", "recheckPassed": "回头看通过（销号）", "recheckFailed": "回头看未通过（退回整改）"]

    static var findingPages: [WebPage] {
        [
            WebPage("GET", "/supervision/findings", .signedIn(standsOn: findingsRoute)) { context in
                var options = options(context, context.site.params(findingsRoute))
                options["status"] = findingStates
                return try listPage(context, title: "整改问题清单", path: "/supervision/findings", apiPath: api + "/findings", route: findingsRoute, columns: [
                    Column("编号") { "<a href=\"/supervision/findings/\($0["id"]?.intValue ?? 0)\">问题 \(Format.text($0["id"]))</a>" },
                    Column("问题") { item in
                        "\(Format.text(item["description"]))\(item["is_hazard"] == .bool(true) ? HTML("<div class=\"detail\">隐患（\(label(hazardGrades, item["hazard_grade"]))）</div>") : .empty)"
                    },
                    Column("责任主体") { "\(Format.text($0["responsible_name"]))" },
                    Column("属地") { "\(Format.text($0["territory_name"]))" },
                    Column("整改期限") { deadline($0) },
                    Column("状态") { "\(Format.text($0["status_label"]))" },
                    Column("进度") { "\(Format.text($0["progress"]))%" },
                    Column("整改通知书") { item in
                        item["notice_id"]?.intValue.map { "<a href=\"/supervision/notices/\($0)\">\(Format.text(item["notice_number"]))</a>" as HTML } ?? .empty
                    },
                ], options: options, empty: "没有符合条件的问题。")
            },
            WebPage("GET", "/supervision/findings/export", .signedIn(standsOn: findingsRoute)) { context in
                try export(context, api + "/findings", filters: context.site.params(findingsRoute), filename: "findings")
            },
            WebPage("GET", "/supervision/findings/{id:int}", .signedIn(standsOn: route("GET", "/findings/{id:int}"))) { context in
                try findingPage(context, error: nil)
            },
            WebPage("POST", "/supervision/findings/{id:int}/actions/{verb}", .signedIn(standsOn: nil)) { context in
                let id = try id(context)
                let verb = context.request.pathParameter("verb") ?? ""
                guard let name = findingVerbs[verb] else { throw PageFailure(status: 404, message: "没有这项操作。") }
                try require(context, findingAction(verb))
                let specs = context.site.body(findingAction(verb))
                let reply = context.api("POST", api + "/findings/\(id)/actions/\(verb)", json: json(specs, context.form))
                guard reply.ok else { return try findingPage(context, error: "\(name)未完成：\(problem(reply))", status: status(reply)) }
                return WebSite.redirect("/supervision/findings/\(id)?done=\(verb)")
            },
        ]
    }

    /// Whether the page offers `verb` to this user: the state allows it and the user is one the API
    /// lets act (the responsible body or the office reports; the office or a group re-checks).
    static func offers(_ verb: String, _ finding: JSON, _ actor: Actor?) -> Bool {
        guard let actor, (finding["allowed_actions"]?.arrayValue ?? []).contains(.string(verb)) else { return false }
        if verb == "recheck" { return actor.isOffice || actor.role == .inspector }
        if actor.isOffice { return true }
        let id = finding["responsible_id"]?.intValue
        switch (actor.scope, Format.text(finding["responsible_kind"])) {
        case (.unit(let own), "unit"), (.territory(let own), "territory"), (.enterprise(let own), "enterprise"): return own == id
        default: return false
        }
    }

    static func findingPage(_ context: PageContext, error: String?, status: Int = 200) throws -> Response {
        let id = try id(context)
        let finding = try context.get(api + "/findings/\(id)")
        var rows: [(String, HTML)] = [
            ("状态", "\(Format.text(finding["status_label"]))，进度 \(Format.text(finding["progress"]))%"),
            ("发现的问题", "\(Format.text(finding["description"]))"),
            ("严重程度", "\(label(severities, finding["severity"]))\(finding["is_hazard"] == .bool(true) ? "；属隐患（\(label(hazardGrades, finding["hazard_grade"]))），已转隐患治理" : "")"),
            ("所在企业", "\(Format.text(finding["enterprise_name"]))"),
            ("属地", "\(Format.text(finding["territory_name"]))"),
            ("责任主体", "\(Format.text(finding["responsible_name"]))（\(label(bodyKinds, finding["responsible_kind"]))）"),
            ("整改期限", deadline(finding)),
        ]
        if let inspection = finding["inspection_id"]?.intValue {
            rows.append(("来源", "<a href=\"/supervision/inspections/\(inspection)\">督导检查 \(inspection)</a>"))
        } else if finding["source"]?.stringValue == "higherAssessment" {
            rows.append(("来源", "上级考核反馈问题"))
        }
        if let notice = finding["notice_id"]?.intValue {
            rows.append(("整改通知书", "<a href=\"/supervision/notices/\(notice)\">\(Format.text(finding["notice_number"]))</a>"))
        }
        let steps: [HTML] = (finding["steps"]?.arrayValue ?? []).map { step in
            let evidence = (step["evidence"]?.arrayValue ?? []).map { Format.text($0) }.joined(separator: "、")
            return """
            <tr><td class="nowrap">\(Format.date(step["at"]?.stringValue))</td><td>\(stepKinds[Format.text(step["kind"])] ?? Format.text(step["kind"]))</td>\
            <td class="num">\(Format.text(step["progress"]))\(step["progress"]?.intValue == nil ? "" : "%")</td><td>\(Format.text(step["note"]))\
            \(evidence.isEmpty ? HTML.empty : "<div class=\"detail\">佐证：\(evidence)</div>")</td><td>\(who(step["actor"]))</td></tr>
            """
        }
        let history: HTML = steps.isEmpty ? "<p class=\"empty\">尚无整改记录。</p>" : """
            <table><thead><tr><th scope="col">时间</th><th scope="col">事项</th><th scope="col">进度</th><th scope="col">说明及佐证</th><th scope="col">办理人</th></tr></thead><tbody>\(steps)</tbody></table>
            """
        let forms: [HTML] = ["progress", "complete", "recheck"].filter { offers($0, finding, context.actor) && context.may(findingAction($0)) }.map { verb in
            actionForm(context, title: findingVerbs[verb] ?? verb, action: "/supervision/findings/\(id)/actions/\(verb)",
                       fields(context.site.body(findingAction(verb)), prefix: verb))
        }
        let actions: HTML = forms.isEmpty ? "<p class=\"empty\">当前状态下您没有可办理的事项。</p>" : "\(forms)"
        return Layout.page(context, title: "督导问题 \(id)", active: "/supervision/findings", status: status, """
        \(done(context, ["record": "问题已登记。", "progress": "整改进展已报告。", "complete": "整改完成已报告，待回头看。", "recheck": "回头看已登记。"]))
        \(Layout.notice(error, error: true))\(facts(rows))
        <section><h2>可办理事项</h2>\(actions)</section>
        <section><h2>整改过程</h2>\(history)</section>
        """)
    }
}
