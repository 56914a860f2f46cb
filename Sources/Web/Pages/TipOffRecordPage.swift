// A tip-off's page for the officials who triage it (the office, administrators, a town for its
// own): what the reporter said, the photos' names, what the reporter did since ("not fixed",
// contesting a dismissal), what became of it; and the triage actions its state allows — link to an
// existing hazard (by code), register a hazard from it, dismiss with a reason, record a reward.
// The contact only when the API gives it (the tipoffs.contact.read grant). Out of scope: 404.
import HTTP
import Kernel

extension TipOffTriagePages {
    static let one = "GET /api/v1/tipoffs/{id:int}"
    static func action(_ verb: String) -> String { "POST /api/v1/tipoffs/{id:int}/actions/\(verb)" }

    static let actionNames: [(verb: String, name: String)] = [
        ("link", "并入已有隐患"), ("create-hazard", "立为隐患"), ("dismiss", "不予立案"), ("reward", "登记奖励决定"),
    ]

    /// The actions a tip-off's state allows (the API's rule: triage once, from 已受理; a reward once it became a hazard).
    static func allowed(_ status: String) -> [String] {
        switch status {
        case "received": return ["link", "create-hazard", "dismiss"]
        case "linked", "hazardCreated": return ["reward"]
        default: return []
        }
    }

    static func tipOffID(_ context: PageContext) throws -> Int64 {
        guard let id = context.request.pathParameter("id").flatMap(Int64.init), id > 0 else { throw PageFailure(status: 404, message: "未找到该举报。") }
        return id
    }

    static let recordPages: [WebPage] = [
        WebPage("GET", "/tipoffs/{id:int}", .signedIn(standsOn: one)) { context in try tipOffPage(context, error: nil) },
        WebPage("POST", "/tipoffs/{id:int}/actions/{verb}", .signedIn(standsOn: nil)) { context in
            let id = try tipOffID(context)
            let verb = context.request.pathParameter("verb") ?? ""
            guard let name = actionNames.first(where: { $0.verb == verb })?.name, context.may(action(verb)) else {
                throw PageFailure(status: 403, message: "您的账户无权进行此操作。")
            }
            var body = ContractForm.json(actionFields(verb, context), context.form)
            if verb == "link", let given = context.form.value("hazard_id")?.trimmingCharacters(in: .whitespaces), !given.isEmpty, Int64(given) == nil {
                guard let hazard = HazardPages.hazardByCode(context, given) else {
                    return try tipOffPage(context, error: "\(name)未完成：未找到编号为 \(given) 的隐患，或您无权查看。", status: 422)
                }
                body = .object([JSON.Member("hazard_id", .int(hazard))])
            }
            let reply = context.api("POST", "/api/v1/tipoffs/\(id)/actions/\(verb)", json: body)
            guard reply.ok else {
                if reply.status == 404 || reply.status == 403 { throw PageFailure.from(reply) }
                let state = reply.json["current_state"]?.stringValue ?? ""
                // A reward in a state that allows rewards: one is recorded already (it is never overwritten).
                let why = reply.status == 409 && verb == "reward" && allowed(state).contains("reward")
                    ? "该举报已登记奖励决定，不能重复登记或覆盖。"
                    : reply.status == 409
                    ? "该举报当前为“\(TipOffTriagePages.statusLabel(context, Format.text(reply.json["current_state"])))”，不能\(name)。"
                    : HazardPages.readable(reply.problem)
                return try tipOffPage(context, error: "\(name)未完成：\(why)", status: 422)
            }
            return WebSite.redirect("/tipoffs/\(id)?done=\(verb)")
        },
    ]

    /// What an action's form asks (registering a hazard: the register's fields).
    static func actionFields(_ verb: String, _ context: PageContext) -> [FieldSpec] { context.site.body(action(verb)) }

    static func statusLabel(_ context: PageContext, _ code: String) -> String {
        HazardPages.choiceLabel(context.site.params(list), "status", .string(code))
    }

    static func tipOffPage(_ context: PageContext, error: String?, status: Int = 200) throws -> Response {
        let id = try tipOffID(context)
        let tip = try context.get("/api/v1/tipoffs/\(id)")
        let state = Format.text(tip["status"])
        let done = context.request.query("done").flatMap { verb in actionNames.first { $0.verb == verb }.map { "\($0.name)已完成。" } }
        var facts: [(String, HTML)] = [
            ("状态", "\(statusLabel(context, state))"),
            ("受理时间", "\(Format.date(tip["received_at"]?.stringValue))"),
            ("地点", "\(Format.text(tip["place"]))"),
        ]
        if let territory = tip["territory_id"]?.intValue,
           let name = Directory.registry(context.site.core, territories: true)?.first(where: { $0.code == String(territory) })?.label {
            facts.append(("属地", "\(name)"))
        }
        facts.append(("举报内容", "\(Format.text(tip["text"]))"))
        if let contact = tip["contact"]?.stringValue, !contact.isEmpty { facts.append(("联系方式（保密）", "\(contact)")) }
        let photos = (tip["photos"]?.arrayValue ?? []).map { Format.text($0["name"]) }.filter { !$0.isEmpty }
        if !photos.isEmpty { facts.append(("现场照片", "\(photos.joined(separator: "、"))（立为隐患或并入隐患后，照片随附于隐患）")) }
        if let hazard = tip["hazard_id"]?.intValue { facts.append(("对应隐患", "<a href=\"/hazards/\(hazard)\">查看隐患</a>")) }
        if let reason = tip["dismiss_reason"]?.stringValue { facts.append(("不予立案理由", "\(reason)")) }
        if let decision = tip["reward_decision"]?.stringValue {
            let amount = tip["reward_amount"]?.intValue.map { "（\($0) 元）" } ?? ""
            facts.append(("奖励决定", "\(decision)\(amount)"))
        }
        if let at = tip["triaged_at"]?.stringValue {
            facts.append(("办理", "\(Format.date(at)) \(HazardPages.person(context, tip["triaged_by"]))"))
        }
        let notFixed = tip["not_fixed_count"]?.intValue ?? 0
        if notFixed > 0 { facts.append(("举报人称未整改", "\(notFixed) 次（隐患已重新打开，见对应隐患的办理过程）")) }
        let contests = tip["contest_count"]?.intValue ?? 0
        if contests > 0 {
            facts.append(("举报人申诉", "\(contests) 次，最近 \(Format.date(tip["contested_at"]?.stringValue))：\(Format.text(tip["contest_note"]))"))
        }
        let record: HTML = "<dl class=\"facts\">\(facts.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" as HTML })</dl>"
        let contested: HTML = state == "received" && contests > 0
            ? Layout.notice("举报人对不予立案提出申诉，此举报已退回待办理，请重新核查。")
            : .empty
        return Layout.page(context, title: "举报线索 \(id)", active: "/tipoffs", status: status, """
        \(Layout.notice(done))\(Layout.notice(error, error: true))\(contested)\(record)\(actionForms(context, id: id, tip: tip, state: state))
        <p><a href="/tipoffs">返回举报线索</a></p>
        """)
    }

    static func actionForms(_ context: PageContext, id: Int64, tip: JSON, state: String) -> HTML {
        // A reward decision is recorded once (the API refuses a second one).
        let verbs = allowed(state).filter { context.may(action($0)) && ($0 != "reward" || tip["reward_decision"]?.stringValue == nil) }
        guard !verbs.isEmpty else { return "<section><h2>可办理事项</h2><p class=\"empty\">当前状态下您没有可办理的事项。</p></section>" }
        var options: ContractForm.Options = [:]
        if verbs.contains("create-hazard") {
            options["standard_clause_id"] = HazardPages.clauseOptions(context)
            options["territory_id"] = Directory.registry(context.site.core, territories: true)
            options["supervising_unit_id"] = Directory.registry(context.site.core, territories: false)
        }
        let labels: [String: [String: String]] = [
            "link": ["hazard_id": "并入的隐患（填写编号，如 YH-2024-000123）"],
            "create-hazard": ["description": "隐患描述（不填则取举报内容）", "enterprise_id": "生产经营单位（名称或编号，选填）", "place": "地点（无生产经营单位时填写）"],
            "dismiss": ["reason": "不予立案理由（举报人凭查询码可见）"],
            "reward": ["decision": "奖励决定", "amount": "奖励金额（元）"],
        ]
        let values: [String: [String: String]] = [
            "create-hazard": ["place": Format.text(tip["place"]), "territory_id": tip["territory_id"]?.intValue.map { String($0) } ?? ""],
        ]
        let forms: [HTML] = verbs.map { verb in
            let name = actionNames.first { $0.verb == verb }?.name ?? verb
            return """
            <details class="action"><summary>\(name)</summary>
            <form method="post" action="/tipoffs/\(id)/actions/\(verb)" class="stack">\(context.csrfField)
            \(ContractForm.fields(actionFields(verb, context), prefix: verb, values: values[verb] ?? [:], options: options, labels: labels[verb] ?? [:]))
            <button type="submit" class="primary">\(name)</button></form></details>
            """
        }
        return "<section><h2>可办理事项</h2>\(forms)</section>"
    }
}
