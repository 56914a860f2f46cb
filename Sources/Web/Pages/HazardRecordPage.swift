// A hazard's page: its record, the major hazard's report and plan, the listing, its timeline with
// attachments, and the actions this user may take now: those its state allows (the API's
// `allowed_actions`) whose route admits the user's role, each a form made from the route's body.
import HTTP
import Kernel

extension HazardPages {
    /// What an action's form asks: the route's body, without the office's 代为 fields for others.
    static func actionFields(_ verb: String, _ context: PageContext) -> [FieldSpec] {
        let fields = context.site.body(action(verb))
        return context.actor?.isOffice == true ? fields : fields.filter { !$0.name.hasPrefix("on_behalf") }
    }

    /// The actions whose form also takes a file (the plan's text, a photo of the work), and what it is called.
    static let evidenceActions: [String: String] = [
        "file-plan": "治理方案附件", "report-progress": "整改照片或材料", "finish-rectification": "整改完成照片或材料", "submit-assessment": "评估报告",
    ]

    /// Labels that say more than the field's own name on a given action's form.
    static let actionLabels: [String: [String: String]] = [
        "review": ["passed": "核查结论（是：通过并销号；否：退回整改）", "reasons": "未通过理由（退回整改时必填）"],
        "merge": ["into": "并入的隐患（填写编号，如 YH-2024-000123）"],
        "transfer": ["supervising_unit_id": "改派后的监管部门"],
        "regrade": ["grade": "重新认定的等级"],
        "extend-deadline": ["deadline": "新的整改期限"],
        "list-for-supervision": ["level": "督办级别（如 区级）"],
    ]

    /// An API problem as a page user reads it: no operator's hints or English glosses, field
    /// codes by their Chinese names.
    static func readable(_ problem: String) -> String {
        var text = HomePage.forPeople(problem)
        for (code, label) in Labels.fields where code.contains("_") { text = text.replacingOccurrences(of: code, with: "“\(label)”") }
        return text
    }

    /// Who acted, as a person reads it: 系统自动 for the system, else the user's display name.
    static func person(_ context: PageContext, _ value: JSON?) -> String {
        let raw = Format.text(value)
        let shown = Format.actor(value)
        guard shown == raw, !raw.isEmpty else { return shown }
        return Directory.actorName(context.site.core, raw) ?? raw
    }

    /// A timeline note as a person reads it: the register's internal origin (`from finding:3`) as
    /// where the hazard came from, a merge as 并入; anything else as written.
    static func note(_ text: String) -> String {
        let parts = text.components(separatedBy: "; ").compactMap { part -> String? in
            if part.hasPrefix("from finding:") { return "由督导检查发现的问题转为隐患" }
            if part.hasPrefix("from tipoff:") { return "由群众举报立案" }
            if part.hasPrefix("from ") { return nil }
            if part.hasSuffix(" merged in") { return "重复隐患 \(part.dropLast(" merged in".count)) 并入本隐患" }
            return part
        }
        return parts.joined(separator: "；")
    }

    static func hazardPage(_ context: PageContext, error: String?, status: Int = 200) throws -> Response {
        let id = try hazardID(context)
        let hazard = try context.get("/api/v1/hazards/\(id)")
        let timeline = try context.get("/api/v1/hazards/\(id)/timeline")["items"]?.arrayValue ?? []
        let specs = context.site.params(list)
        let code = Format.text(hazard["code"])
        let done = context.request.query("done").map { verb in
            verb == "register" ? "隐患已登记。" : verb == "attach" ? "附件已上传。" : "\(Labels.hazardActions[verb] ?? "操作")已完成。"
        }
        let who = Format.text(hazard["enterprise_name"]).isEmpty ? Format.text(hazard["place"]) : Format.text(hazard["enterprise_name"])
        var facts: [(String, HTML)] = [
            ("状态", "\(Format.dot(hazard["colour"]?.stringValue, reason: hazard["colour_reason"]?.stringValue)) \(Format.text(hazard["status_label"]))<span class=\"reason\">（\(Labels.colourReason(hazard["colour_reason"]?.stringValue))）</span>"),
            ("等级", "\(choiceLabel(specs, "grade", hazard["grade"]))\(hazard["stock"] == .bool(true) ? "（存量）" : "")"),
            ("单位或地点", "\(who)"),
            ("属地", "\(Format.text(hazard["territory_name"]))"),
            ("行业领域", "\(choiceLabel(specs, "sector", hazard["sector"]))"),
            ("监管部门", "\(Format.text(hazard["supervising_unit_name"]))"),
            ("发现方式", "\(choiceLabel(specs, "source", hazard["source"]))"),
            ("发现日期", "\(Format.date(hazard["found_on"]?.stringValue))"),
            ("整改期限", "\(Format.date(hazard["deadline"]?.stringValue))"),
            ("隐患描述", "\(Format.text(hazard["description"]))"),
        ]
        if let clause = hazard["standard_clause"]?.stringValue { facts.append(("判定标准条款", "\(clause)")) }
        if let listing = hazard["listing"], listing != .null {
            facts.append(("挂牌督办", "\(Format.text(listing["level"])) \(Format.text(listing["notice_number"]))（\(Format.text(listing["supervising_body"]))，\(Format.date(listing["listed_on"]?.stringValue))）"))
        }
        if let closed = hazard["closed_on"]?.stringValue { facts.append(("销号日期", "\(Format.date(closed))（\(person(context, hazard["closed_by"]))）")) }
        facts.append(("登记人", "\(person(context, hazard["reported_by"]))"))
        let record: HTML = "<dl class=\"facts\">\(facts.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" as HTML })</dl>"

        var sections: [HTML] = [Layout.notice(done), Layout.notice(error, error: true), record]
        if hazard["grade"]?.stringValue == "major" {
            let plan = context.site.body(action("file-plan"))
            sections.append(parts("重大隐患报告", hazard["report"], plan, prefix: ""))
            sections.append(parts("治理方案", hazard["plan"], plan, prefix: "plan_"))
        }
        sections.append(actionForms(context, id: id, hazard: hazard))
        sections.append(timelineTable(context, id: id, timeline, specs))
        return Layout.page(context, title: "隐患 \(code)", active: "/hazards", status: status, sections.joined())
    }

    /// The parts of the report or plan that are filled in.
    /// Their labels are the filing action's (`plan_goals` … declared with the Chinese of GB/T rules).
    static func parts(_ title: String, _ object: JSON?, _ declared: [FieldSpec], prefix: String) -> HTML {
        guard case .object(let members)? = object else { return .empty }
        let filled = members.filter { !Format.text($0.value).isEmpty && $0.key != "filed_at" }
        guard !filled.isEmpty else { return .empty }
        let rows: [HTML] = filled.map { member in
            let label = declared.first { $0.name == prefix + member.key }.map { Labels.field($0) } ?? Labels.field(member.key)
            return "<dt>\(label)</dt><dd>\(Format.text(member.value))</dd>"
        }
        return "<section><h2>\(title)</h2><dl class=\"facts\">\(rows)</dl></section>"
    }

    static func actionForms(_ context: PageContext, id: Int64, hazard: JSON) -> HTML {
        let allowed = (hazard["allowed_actions"]?.arrayValue ?? []).compactMap(\.stringValue).filter { context.may(action($0)) }
        // The clause of a determination standard is chosen from the catalogue, when a form asks for it.
        var options: ContractForm.Options = [:]
        if allowed.contains(where: { verb in actionFields(verb, context).contains { $0.name == "standard_clause_id" } }) {
            options["standard_clause_id"] = clauseOptions(context)
        }
        if allowed.contains(where: { verb in actionFields(verb, context).contains { $0.name == "supervising_unit_id" || $0.name == "on_behalf_of_unit_id" } }) {
            let units = Directory.registry(context.site.core, territories: false)
            options["supervising_unit_id"] = units
            options["on_behalf_of_unit_id"] = units
        }
        // The office acts in the supervising department's place (代为) for that department only.
        let values = ["on_behalf_of_unit_id": hazard["supervising_unit_id"]?.intValue.map { String($0) } ?? ""]
        let mayAttach = context.may(attach)
        var forms: [HTML] = allowed.map { verb in
            let name = Labels.hazardActions[verb] ?? verb
            let labels = actionLabels[verb] ?? [:]
            let withFile = mayAttach && evidenceActions[verb] != nil
            let file: HTML = withFile ? """
                <div class="field"><label for="\(verb)-file">\(evidenceActions[verb] ?? "附件")（JPEG、PNG 或 PDF，选填）</label>\
                <input id="\(verb)-file" name="file" type="file" accept="image/jpeg,image/png,application/pdf"></div>
                """ : .empty
            return """
            <details class="action"><summary>\(name)</summary>
            <form method="post" action="/hazards/\(id)/actions/\(verb)" class="stack"\(withFile ? HTML(" enctype=\"multipart/form-data\"") : .empty)>\(context.csrfField)
            \(ContractForm.fields(actionFields(verb, context), prefix: verb, values: values, options: options, labels: labels))\(file)
            <button type="submit" class="primary">\(name)</button></form></details>
            """
        }
        if context.may(attach), hazard["status"]?.stringValue != "merged" {
            forms.append("""
            <details class="action"><summary>上传附件</summary>
            <form method="post" action="/hazards/\(id)/attachments" enctype="multipart/form-data" class="stack">\(context.csrfField)
            <div class="field"><label for="attach-file">照片或文件（JPEG、PNG 或 PDF）</label><input id="attach-file" name="file" type="file" accept="image/jpeg,image/png,application/pdf" required></div>
            <button type="submit" class="primary">上传</button></form></details>
            """)
        }
        guard !forms.isEmpty else { return "<section><h2>可办理事项</h2><p class=\"empty\">当前状态下您没有可办理的事项。</p></section>" }
        return "<section><h2>可办理事项</h2>\(forms)</section>"
    }

    static func timelineTable(_ context: PageContext, id: Int64, _ timeline: [JSON], _ specs: [FieldSpec]) -> HTML {
        let rows: [HTML] = timeline.map { entry in
            let attached = entry["attachments"]?.arrayValue ?? []
            // An upload's note is its file's name: the link says it already.
            let written = note(Format.text(entry["note"]))
            let shown = attached.contains { Format.text($0["name"]) == written } ? "" : written
            let files: [HTML] = attached.map { file in
                "<li><a href=\"/hazards/\(id)/attachments/\(file["id"]?.intValue ?? 0)\">\(Format.text(file["name"]))</a></li>"
            }
            return """
            <tr><td class="nowrap">\(Format.date(entry["at"]?.stringValue))</td><td>\(Labels.timelineAction(Format.text(entry["action"])))</td>\
            <td>\(choiceLabel(specs, "status", entry["to_status"]))</td><td>\(person(context, entry["actor"]))</td>\
            <td>\(shown)\(files.isEmpty ? HTML.empty : "<ul class=\"files\">\(files)</ul>")</td></tr>
            """
        }
        return """
        <section><h2>办理过程</h2><table><thead><tr><th scope="col">时间</th><th scope="col">事项</th><th scope="col">办理后状态</th><th scope="col">办理人</th><th scope="col">说明及附件</th></tr></thead>
        <tbody>\(rows)</tbody></table></section>
        """
    }
}
