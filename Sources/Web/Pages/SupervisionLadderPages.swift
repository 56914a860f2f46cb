// 问责措施: the escalation proposals (each with the reason the rules give, accepted — which issues
// the instrument — or declined with a reason, by the office; 立即评估 runs the rules now) and the
// instruments of the ladder (催办, 督促函, 警示通报, 约谈, 挂牌督办, 提级调查): lists, a page each
// with its 打印 link, issuing one (the office) and recording the written correction report after a
// 约谈 (the target or the office). Over `/api/v1/supervision/proposals…` and `…/instruments…`.
import HTTP
import Kernel

extension SupervisionPages {
    static let proposalsRoute = route("GET", "/proposals")
    static let evaluateRoute = route("POST", "/proposals/evaluate")
    static func proposalAction(_ verb: String) -> String { route("POST", "/proposals/{id:int}/actions/\(verb)") }
    static let instrumentsRoute = route("GET", "/instruments")
    static let issueInstrument = route("POST", "/instruments")
    static let receiveReport = route("POST", "/instruments/{id:int}/actions/receive-report")

    static var ladderPages: [WebPage] {
        [
            WebPage("GET", "/supervision/proposals", .signedIn(standsOn: proposalsRoute)) { context in
                let names = SupervisionNames(context)
                let evaluated = context.request.query("proposed").flatMap(Int.init).map { "已按升级规则评估，新增建议 \($0) 条。" }
                let evaluate: HTML = context.may(evaluateRoute) ? """
                    <form method="post" action="/supervision/proposals/evaluate" class="inline">\(context.csrfField)<button type="submit">立即评估升级规则</button></form>
                    """ : .empty
                return try listPage(context, title: "升级建议", path: "/supervision/proposals", apiPath: api + "/proposals", route: proposalsRoute, columns: [
                    Column("编号") { "<a href=\"/supervision/proposals/\($0["id"]?.intValue ?? 0)\">建议 \(Format.text($0["id"]))</a>" },
                    Column("对象") { "\(names.body($0["target_kind"]?.stringValue, $0["target_id"]?.intValue))" },
                    Column("建议措施") { "\(Format.text($0["proposes_label"]))" },
                    Column("理由") { "\(Format.text($0["reason"]))" },
                    Column("状态") { "\(label(proposalStates, $0["status"]))" },
                    Column("决定") { decision($0) },
                ], options: ["status": proposalStates], tools: evaluate, before: Layout.notice(evaluated), empty: "没有符合条件的升级建议。")
            },
            WebPage("GET", "/supervision/proposals/export", .signedIn(standsOn: proposalsRoute)) { context in
                try export(context, api + "/proposals", filters: context.site.params(proposalsRoute), filename: "proposals")
            },
            WebPage("POST", "/supervision/proposals/evaluate", .signedIn(standsOn: evaluateRoute)) { context in
                let reply = context.api("POST", api + "/proposals/evaluate")
                guard reply.ok else { throw PageFailure.from(reply) }
                return WebSite.redirect("/supervision/proposals?proposed=\(reply.json["proposed"]?.intValue ?? 0)")
            },
            WebPage("GET", "/supervision/proposals/{id:int}", .signedIn(standsOn: proposalsRoute)) { context in try proposalPage(context, error: nil) },
            WebPage("POST", "/supervision/proposals/{id:int}/{verb}", .signedIn(standsOn: nil)) { context in
                let id = try id(context)
                let verb = context.request.pathParameter("verb") ?? ""
                guard verb == "accept" || verb == "decline" else { throw PageFailure(status: 404, message: "没有这项操作。") }
                try require(context, proposalAction(verb))
                let reply = context.api("POST", api + "/proposals/\(id)/actions/\(verb)", json: json(context.site.body(proposalAction(verb)), context.form))
                guard reply.ok else {
                    return try proposalPage(context, error: "\(verb == "accept" ? "采纳" : "不予采纳")未完成：\(problem(reply))", status: status(reply))
                }
                return WebSite.redirect("/supervision/proposals/\(id)?done=\(verb)")
            },
            WebPage("GET", "/supervision/instruments", .signedIn(standsOn: instrumentsRoute)) { context in
                try listPage(context, title: "督办问责文书", path: "/supervision/instruments", apiPath: api + "/instruments", route: instrumentsRoute, columns: [
                    Column("文号") { "<a href=\"/supervision/instruments/\($0["id"]?.intValue ?? 0)\">\(Format.text($0["number"]))</a>" },
                    Column("类型") { "\(Format.text($0["kind_label"]))" },
                    Column("对象") { "\(Format.text($0["target_name"]))" },
                    Column("日期") { "\(Format.date($0["date"]?.stringValue))" },
                    Column("事由") { "\(Format.text($0["reason"]))" },
                    Column("跟进期限") { "\(Format.date($0["follow_up_deadline"]?.stringValue))" },
                    Column("书面整改报告") { reportState($0) },
                ], tools: context.may(issueInstrument) ? "<a class=\"button\" href=\"/supervision/instruments/new\">签发文书</a>" : .empty,
                empty: "没有符合条件的文书。")
            },
            WebPage("GET", "/supervision/instruments/export", .signedIn(standsOn: instrumentsRoute)) { context in
                try export(context, api + "/instruments", filters: context.site.params(instrumentsRoute), filename: "instruments")
            },
            WebPage("GET", "/supervision/instruments/new", .signedIn(standsOn: issueInstrument)) { context in try issuePage(context, values: [:], error: nil) },
            WebPage("POST", "/supervision/instruments/new", .signedIn(standsOn: issueInstrument)) { context in
                let specs = context.site.body(issueInstrument)
                let reply = context.api("POST", api + "/instruments", json: json(specs, context.form))
                guard reply.ok, let id = reply.json["id"]?.intValue else {
                    return try issuePage(context, values: typed(specs, context.form), error: "文书未签发：\(problem(reply))", status: status(reply))
                }
                return WebSite.redirect("/supervision/instruments/\(id)?done=issue")
            },
            WebPage("GET", "/supervision/instruments/{id:int}", .signedIn(standsOn: route("GET", "/instruments/{id:int}"))) { context in
                try instrumentPage(context, error: nil)
            },
            WebPage("POST", "/supervision/instruments/{id:int}/receive-report", .signedIn(standsOn: receiveReport)) { context in
                let id = try id(context)
                let reply = context.api("POST", api + "/instruments/\(id)/actions/receive-report", json: json(context.site.body(receiveReport), context.form))
                guard reply.ok else { return try instrumentPage(context, error: "书面整改报告未登记：\(problem(reply))", status: status(reply)) }
                return WebSite.redirect("/supervision/instruments/\(id)?done=report")
            },
        ]
    }

    static func decision(_ proposal: JSON) -> HTML {
        guard proposal["status"]?.stringValue != "proposed" else { return "—" }
        let instrument: HTML = proposal["instrument_id"]?.intValue.map { "，<a href=\"/supervision/instruments/\($0)\">查看签发的文书</a>" } ?? .empty
        return "\(who(proposal["decided_by"]))\(proposal["decision_note"]?.stringValue.map { "：\($0)" } ?? "")\(instrument)"
    }

    static func reportState(_ instrument: JSON) -> HTML {
        guard instrument["kind"]?.stringValue == "admonitoryInterview" else { return "—" }
        if let received = instrument["correction_report_received_on"]?.stringValue { return "已于\(Format.date(received))收到" }
        return "应于\(Format.date(instrument["correction_report_due"]?.stringValue))前报送，尚未收到"
    }

    /// A proposal, found in the office's list (the API has no single-proposal route).
    static func proposal(_ context: PageContext, _ id: Int64) throws -> JSON {
        var after: String?
        for _ in 0..<50 {
            let page = try context.get(api + "/proposals", query: [("limit", "100")] + (after.map { [("after", $0)] } ?? []))
            if let found = (page["items"]?.arrayValue ?? []).first(where: { $0["id"]?.intValue == id }) { return found }
            guard let next = page["next"]?.stringValue else { break }
            after = next
        }
        throw PageFailure(status: 404, message: "未找到该记录，或您无权查看。")
    }

    static func proposalPage(_ context: PageContext, error: String?, status: Int = 200) throws -> Response {
        let id = try id(context)
        let proposal = try proposal(context, id)
        let names = SupervisionNames(context)
        var rows: [(String, HTML)] = [
            ("对象", "\(names.body(proposal["target_kind"]?.stringValue, proposal["target_id"]?.intValue))"),
            ("建议措施", "\(Format.text(proposal["proposes_label"]))"),
            ("理由", "\(Format.text(proposal["reason"]))"),
            ("依据的规则", "\(Format.text(proposal["rule"]))（<a href=\"/supervision/rules\">升级规则</a>）"),
            ("状态", "\(label(proposalStates, proposal["status"]))"),
            ("决定", decision(proposal)),
        ]
        // The period the facts fall in, when it reads as one (2024-Q2); other keys are the rule's own.
        let period = Format.text(proposal["period"])
        if !period.isEmpty, !period.contains(":") { rows.insert(("期间", "\(period)"), at: 4) }
        var forms: [HTML] = []
        if proposal["status"]?.stringValue == "proposed" {
            if context.may(proposalAction("accept")) {
                forms.append(actionForm(context, title: "采纳并签发\(Format.text(proposal["proposes_label"]))", action: "/supervision/proposals/\(id)/accept",
                                        fields(context.site.body(proposalAction("accept")), prefix: "accept", labels: ["note": "决定说明", "reason": "事由（默认取建议理由）"])))
            }
            if context.may(proposalAction("decline")) {
                forms.append(actionForm(context, title: "不予采纳", action: "/supervision/proposals/\(id)/decline",
                                        fields(context.site.body(proposalAction("decline")), prefix: "decline", labels: ["note": "不予采纳的理由"])))
            }
        }
        return Layout.page(context, title: "升级建议 \(id)", active: "/supervision/proposals", status: status, """
        \(done(context, ["accept": "已采纳，文书已签发。", "decline": "已不予采纳，理由已记录。"]))\(Layout.notice(error, error: true))
        \(facts(rows))
        <section><h2>可办理事项</h2>\(forms.isEmpty ? HTML("<p class=\"empty\">该建议已决定，无需办理。</p>") : "\(forms)")</section>
        """)
    }

    static func issuePage(_ context: PageContext, values: [String: String], error: String?, status: Int = 200) throws -> Response {
        let specs = context.site.body(issueInstrument)
        return Layout.page(context, title: "签发督办问责文书", active: "/supervision/instruments", status: status, """
        \(Layout.notice(error, error: true))
        <form method="post" action="/supervision/instruments/new" class="stack card">\(context.csrfField)
        \(fields(specs, prefix: "issue", values: values, options: options(context, specs)))
        <p class="hint">带 * 的为必填项。对象（部门、属地或企业）只填一个。约谈须填写书面整改报告报送期限；挂牌督办须关联所督办的隐患。</p>
        <button type="submit" class="primary">签发</button></form>
        """)
    }

    static func instrumentPage(_ context: PageContext, error: String?, status: Int = 200) throws -> Response {
        let id = try id(context)
        let instrument = try context.get(api + "/instruments/\(id)")
        func links(_ name: String, _ api: String, _ word: String) -> HTML {
            let ids = (instrument[name]?.arrayValue ?? []).compactMap(\.intValue)
            return ids.map { id -> HTML in
                context.site.pagePath(forAPI: "\(api)/\(id)").map { "<a href=\"\($0)\">\(word) \(id)</a> " } ?? "\(word) \(id) "
            }.joined()
        }
        var rows: [(String, HTML)] = [
            ("类型", "\(Format.text(instrument["kind_label"]))"),
            ("文号", "\(Format.text(instrument["number"]))"),
            ("对象", "\(Format.text(instrument["target_name"]))（\(label(bodyKinds, instrument["target_kind"]))）"),
            ("日期", "\(Format.date(instrument["date"]?.stringValue))"),
            ("事由", "\(Format.text(instrument["reason"]))"),
            ("跟进期限", "\(Format.date(instrument["follow_up_deadline"]?.stringValue))"),
        ]
        if let hazard = instrument["hazard_id"]?.intValue {
            rows.append(("挂牌督办的隐患", "<a href=\"/hazards/\(hazard)\">\(Format.text(instrument["hazard_code"]).isEmpty ? "隐患 \(hazard)" : Format.text(instrument["hazard_code"]))</a>"))
        }
        let linked = links("finding_ids", api + "/findings", "问题") + links("hazard_ids", "/api/v1/hazards", "隐患") + links("task_ids", "/api/v1/responsibilities/tasks", "任务")
        if !linked.markup.isEmpty { rows.append(("关联事项", linked)) }
        if instrument["kind"]?.stringValue == "admonitoryInterview" {
            rows.append(("书面整改报告", reportState(instrument)))
            if let report = instrument["correction_report"]?.stringValue { rows.append(("报告内容", "\(report)")) }
        }
        if let proposal = instrument["proposal_id"]?.intValue {
            rows.append(("来源", context.may(proposalsRoute) ? "<a href=\"/supervision/proposals/\(proposal)\">升级建议 \(proposal)</a>" : "升级建议 \(proposal)"))
        }
        rows.append(("签发人", "\(who(instrument["issued_by"]))"))
        var sections: [HTML] = [done(context, ["issue": "文书已签发。", "report": "书面整改报告已登记。"]), Layout.notice(error, error: true), facts(rows),
                                "<div class=\"toolbar\"><a class=\"button\" href=\"/print/instruments/\(id)\">打印</a></div>"]
        if instrument["kind"]?.stringValue == "admonitoryInterview", instrument["correction_report_received_on"] == nil || instrument["correction_report_received_on"] == .null,
           context.may(receiveReport) {
            sections.append("<section><h2>可办理事项</h2>\(actionForm(context, title: "登记书面整改报告", action: "/supervision/instruments/\(id)/receive-report", fields(context.site.body(receiveReport), prefix: "report")))</section>")
        }
        return Layout.page(context, title: "\(Format.text(instrument["kind_label"])) \(Format.text(instrument["number"]))", active: "/supervision/instruments",
                           status: status, sections.joined())
    }
}
