// 督导考核: the pages of the Supervision module, over `/api/v1/supervision/*` only — the coverage
// matrix, groups, inspections and findings, 四不两直 draws, escalation proposals, notices and
// instruments, the assessment. This file holds what they share: route names, the Chinese labels of
// Supervision's fields and codes (its declarations carry English help), forms that also take lists
// (comma-separated), names of territories, units and groups for the ids the API answers, and the
// list page (filters, paging, 导出 CSV) every register uses.
import Foundation
import HTTP
import Kernel

enum SupervisionPages {
    static let api = "/api/v1/supervision"
    static func route(_ method: String, _ path: String) -> String { "\(method) \(api)\(path)" }

    static var pages: [WebPage] {
        coveragePages + inspectionPages + findingPages + drawPages + ladderPages + noticePages + assessmentPages
    }

    static let pageSize = 20

    // MARK: - Chinese for Supervision's fields and codes

    /// Field labels for Supervision's forms (its declarations' help is English); passed as `labels:`
    /// so that the shared `Labels.fields` (the hazards' meanings of `description`, `deadline` …) stay as they are.
    static let labels: [String: String] = [
        "group_id": "督导组", "unit_id": "检查部门（成员单位）", "mode": "检查方式", "campaign_id": "专项时段", "date": "日期",
        "territory_id": "属地（镇、景区、开发区）", "enterprise_ids": "检查的企业（名称或编号，多个用逗号分隔）",
        "inspectors": "检查人员（多个用逗号分隔）", "checklist_id": "检查表", "summary": "检查情况", "draw_id": "依据的密封抽签编号（四不两直）",
        "description": "发现的问题", "enterprise_id": "所在企业（名称或编号）", "severity": "严重程度", "is_hazard": "是否隐患",
        "hazard_grade": "隐患等级", "sector": "行业领域（英文代码，默认取企业所属行业）",
        "responsible_unit_id": "责任部门（成员单位）", "responsible_territory_id": "责任属地", "responsible_enterprise_id": "责任企业（名称或编号）",
        "deadline": "整改期限", "wants_task": "是否生成责任任务", "progress": "完成进度（百分比，0–99）", "note": "说明",
        "evidence": "佐证材料（照片、文件的名称或链接，多个用逗号分隔）", "passed": "回头看结论（是：通过并销号；否：退回整改）",
        "finding_ids": "问题编号（多个用逗号分隔）", "hazard_ids": "关联隐患编号（多个用逗号分隔）", "task_ids": "关联任务编号（多个用逗号分隔）",
        "quarter": "季度（如 2024-Q3）", "territory_count": "抽取属地数", "enterprises_per_territory": "每个属地抽取企业数",
        "redraw_reason": "重新抽签理由（已有未揭晓的密封抽签时必填，原抽签保留并报区安委办）",
        "kind": "文书类型", "target_unit_id": "对象部门（成员单位）", "target_territory_id": "对象属地", "target_enterprise_id": "对象企业（名称或编号）",
        "reason": "事由", "follow_up_deadline": "跟进期限", "correction_report_due": "书面整改报告报送期限（约谈必填）",
        "number": "文号（默认自动编号）", "report": "书面整改报告", "received_on": "收到日期（默认今天）",
        "subject_unit_id": "考核对象：成员单位", "subject_territory_id": "考核对象：镇（景区、开发区）", "year": "年度",
        "indicator": "指标代码（末级指标，如 A2）", "points": "分值（加分为正，扣分为负）", "status": "状态",
        "responsible_kind": "责任主体类型", "responsible_id": "责任主体编号", "overdue": "是否逾期", "as_of": "考核截止日期",
    ]

    static let bodyKinds: [(code: String, label: String)] = [("unit", "成员单位"), ("territory", "镇（景区、开发区）"), ("enterprise", "生产经营单位")]
    static let modes: [(code: String, label: String)] = [("overt", "明查"), ("covert", "暗访"), ("unannounced", "四不两直"), ("expert", "专家指导")]
    static let severities: [(code: String, label: String)] = [("minor", "轻微"), ("general", "一般"), ("serious", "严重")]
    static let findingStates: [(code: String, label: String)] = [("open", "待整改"), ("rectifying", "整改中"), ("rectified", "已整改待回头看"), ("closed", "已销号")]
    static let hazardGrades: [(code: String, label: String)] = [("general", "一般隐患"), ("major", "重大隐患")]
    static let instrumentKinds: [(code: String, label: String)] = [
        ("reminder", "催办"), ("urgingLetter", "督促函"), ("warningNotice", "警示通报"), ("admonitoryInterview", "约谈"),
        ("listedSupervision", "挂牌督办"), ("escalatedInvestigation", "提级调查"),
    ]
    static let proposalStates: [(code: String, label: String)] = [("proposed", "待决定"), ("accepted", "已采纳"), ("declined", "不予采纳")]
    static let memberRoles: [(code: String, label: String)] = [("member", "成员"), ("deputy", "副组长"), ("expert", "专家"), ("liaison", "联络员")]

    /// The Chinese of a code among `choices`, else the code.
    static func label(_ choices: [(code: String, label: String)], _ value: JSON?) -> String {
        let code = Format.text(value)
        return choices.first { $0.code == code }?.label ?? code
    }

    /// The choices every Supervision form shows in Chinese, by field name.
    static let choiceOptions: ContractForm.Options = [
        "mode": modes, "severity": severities, "hazard_grade": hazardGrades, "kind": instrumentKinds, "proposes": instrumentKinds,
        "responsible_kind": bodyKinds, "target_kind": bodyKinds, "role": memberRoles,
    ]

    // MARK: - Forms that also take lists

    /// A list of plain values (texts, ids, names) is asked as one text input, comma-separated.
    static func isPlainList(_ spec: FieldSpec) -> Bool {
        guard case .list(let element, _) = spec.type else { return false }
        switch element {
        case .text, .recordID, .reference, .integer: return true
        default: return false
        }
    }

    /// The labelled inputs of `specs` (lists of plain values as comma-separated text).
    static func fields(_ specs: [FieldSpec], prefix: String, values: [String: String] = [:], options: ContractForm.Options = [:],
                       labels extra: [String: String] = [:], compact: Bool = false) -> HTML {
        let all = labels.merging(extra) { _, new in new }
        let chosen = choiceOptions.merging(options) { _, new in new }
        return specs.map { spec -> HTML in
            if isPlainList(spec) {
                let id = "\(prefix)-\(spec.name)"
                let mark: HTML = spec.required ? "<span class=\"req\" aria-hidden=\"true\">*</span>" : .empty
                return """
                <div class="field\(compact ? " compact" : "")"><label for="\(id)">\(all[spec.name] ?? Labels.field(spec))\(mark)</label>\
                <input id="\(id)" name="\(spec.name)" type="text" value="\(values[spec.name] ?? "")"\(spec.required ? HTML(" required") : .empty)></div>
                """
            }
            let own = chosen.filter { $0.key == spec.name }
            return ContractForm.fields([spec], prefix: prefix, values: values, options: own, labels: all, compact: compact)
        }.joined()
    }

    /// The JSON body of `specs` from a posted form: ContractForm's, with the comma-separated lists as arrays.
    static func json(_ specs: [FieldSpec], _ form: FormData) -> JSON {
        guard case .object(var members) = ContractForm.json(specs.filter { !isPlainList($0) }, form) else { return .object([]) }
        for spec in specs where isPlainList(spec) {
            guard case .list(let element, _) = spec.type, let text = form.value(spec.name) else { continue }
            let parts = text.split { ",，、;；\n".contains($0) }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !parts.isEmpty else { continue }
            members.append(JSON.Member(spec.name, .array(parts.map { ContractForm.value(element, $0) })))
        }
        return .object(members)
    }

    /// What was typed into `specs`, to show the form again after an error.
    static func typed(_ specs: [FieldSpec], _ form: FormData) -> [String: String] {
        var values: [String: String] = [:]
        for spec in specs { values[spec.name] = form.value(spec.name) }
        return values
    }

    /// A form's select choices from the registry and Supervision's own lists, for the fields `specs` has.
    static func options(_ context: PageContext, _ specs: [FieldSpec]) -> ContractForm.Options {
        let names = Set(specs.map(\.name))
        var options: ContractForm.Options = [:]
        let territoryFields = names.filter { $0 == "territory_id" || $0.hasSuffix("_territory_id") }
        let unitFields = names.filter { $0 == "unit_id" || $0.hasSuffix("_unit_id") }
        if !territoryFields.isEmpty, let list = HazardPages.registryOptions(context, "/api/v1/org/territories") {
            for name in territoryFields { options[name] = list }
        }
        if !unitFields.isEmpty, let list = HazardPages.registryOptions(context, "/api/v1/org/units") {
            for name in unitFields { options[name] = list }
        }
        for (field, path) in [("group_id", "/groups"), ("checklist_id", "/checklists"), ("campaign_id", "/campaigns")] where names.contains(field) {
            let reply = context.api("GET", api + path)
            let items = reply.ok ? reply.json["items"]?.arrayValue ?? [] : []
            if !items.isEmpty {
                options[field] = items.compactMap { item in item["id"]?.intValue.map { (String($0), Format.text(item["name"])) } }
            }
        }
        return options
    }

    // MARK: - Ids, acting, answering

    /// The `{id}` of a page's path; a path that is no id is not found.
    static func id(_ context: PageContext, _ name: String = "id") throws -> Int64 {
        guard let id = context.request.pathParameter(name).flatMap(Int64.init), id > 0 else { throw PageFailure(status: 404, message: "未找到该记录，或您无权查看。") }
        return id
    }

    /// The status a failed action's page answers with: the API's 403/404/409, else 422.
    static func status(_ reply: APIReply) -> Int { [403, 404, 409].contains(reply.status) ? reply.status : 422 }

    /// The Chinese names of the states a refusal (409) names in `current_state`.
    static let stateNames: [String: String] = [
        "proposed": "待决定", "accepted": "已采纳", "declined": "不予采纳", "sealed": "密封中", "revealed": "已揭晓", "report_received": "已收到书面整改报告",
        "open": "待整改", "rectifying": "整改中", "rectified": "已整改待回头看", "closed": "已销号", "withdrawn": "已撤销", "active": "有效",
    ]

    /// What went wrong, in Chinese: the API's text when it is Chinese; for a refusal in English, the
    /// state it names (409) or the refusal itself (403), with the API's words beside.
    static func problem(_ reply: APIReply) -> String {
        // A field's error names the field as the form labels it.
        if let errors = reply.json["errors"]?.arrayValue, !errors.isEmpty {
            return errors.map { error in
                let field = Format.text(error["field"])
                let name = labels[field].map { String($0.prefix { $0 != "（" }) } ?? Labels.field(field)
                return "\(name)：\(Format.text(error["message"]))"
            }.joined(separator: "；")
        }
        let text = reply.problem
        // The house style puts Chinese first ("抽签 2 已揭示 (draw 2 …)"); a refusal that begins in
        // English ("proposal 1 is already accepted") is said again in Chinese.
        let firstWord = text.unicodeScalars.first { $0.properties.isAlphabetic }
        guard let firstWord, firstWord.isASCII else { return text }
        switch reply.status {
        case 409:
            let state = Format.text(reply.json["current_state"])
            return "操作顺序不符：当前状态为“\(stateNames[state] ?? state)”，不能进行此操作 (\(text))"
        case 403: return "您无权办理此事项 (\(text))"
        case 404: return "未找到该记录，或您无权查看。"
        default: return text
        }
    }

    /// A 403 page when the user's role may not call `route`.
    static func require(_ context: PageContext, _ route: String) throws {
        guard context.may(route) else { throw PageFailure(status: 403, message: "您的账户无权进行此操作。") }
    }

    /// The `?done=` notice after an action.
    static func done(_ context: PageContext, _ messages: [String: String]) -> HTML {
        Layout.notice(context.request.query("done").flatMap { messages[$0] })
    }

    /// A CSV export of an API list, with the list's own filters.
    static func export(_ context: PageContext, _ path: String, filters: [FieldSpec], filename: String) throws -> Response {
        let known = Set(filters.map(\.name))
        let reply = context.api("GET", path, query: context.query.filter { known.contains($0.name) && !$0.value.isEmpty }, accept: "text/csv")
        guard reply.ok else { throw PageFailure.from(reply) }
        var response = Response(status: 200, contentType: "text/csv; charset=utf-8", body: reply.body)
        response.headers.set("Content-Disposition", "attachment; filename=\"\(filename).csv\"")
        return response
    }

    /// Who acted, as a person reads it (`Format.actor`), and the command line's own administrator
    /// (the demo's records, `anwei … --as local-admin`) as such.
    static func who(_ value: JSON?) -> String {
        let name = Format.actor(value)
        return name == "local-admin" ? "本机管理员（命令行）" : name
    }

    /// A `<dl>` of facts.
    static func facts(_ rows: [(String, HTML)]) -> HTML {
        "<dl class=\"facts\">\(rows.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" as HTML })</dl>"
    }

    /// An action's form folded in a `<details>`, as on a hazard's page.
    static func actionForm(_ context: PageContext, title: String, action: String, _ inputs: HTML, open: Bool = false) -> HTML {
        """
        <details class="action"\(open ? HTML(" open") : .empty)><summary>\(title)</summary>
        <form method="post" action="\(action)" class="stack">\(context.csrfField)
        \(inputs)
        <button type="submit" class="primary">\(title)</button></form></details>
        """
    }

    // MARK: - A register: filters, paging, 导出

    struct Column {
        var header: String
        var cell: (JSON) -> HTML
        init(_ header: String, _ cell: @escaping (JSON) -> HTML) { self.header = header; self.cell = cell }
    }

    /// A list page over an API list route: its filter form (from the declaration), 导出 CSV, the table
    /// and 下一页 / 第一页 (the API's cursor).
    static func listPage(_ context: PageContext, title: String, path: String, apiPath: String, route: String, columns: [Column],
                         options: ContractForm.Options = [:], tools: HTML = .empty, before: HTML = .empty, empty: String) throws -> Response {
        let specs = context.site.params(route)
        let chosen = context.query.filter { item in !item.value.isEmpty && specs.contains { $0.name == item.name } }
        let after = context.query.first { $0.name == "after" && !$0.value.isEmpty }
        let reply = context.api("GET", apiPath, query: chosen + (after.map { [$0] } ?? []) + [("limit", String(pageSize))])
        var values: [String: String] = [:]
        for (name, value) in chosen { values[name] = value }
        let filterForm: HTML = specs.isEmpty ? .empty : """
            <form method="get" action="\(path)" class="filters" role="search">\(fields(specs, prefix: "filter", values: values, options: options, compact: true))
            <div class="actions"><button type="submit" class="primary">查询</button> <a href="\(path)">清除条件</a></div></form>
            """
        let query = Format.query(chosen)
        let toolbar: HTML = "<div class=\"toolbar\"><a class=\"button\" href=\"\(path)/export\(query.isEmpty ? "" : "?" + query)\">导出 CSV</a>\(tools)</div>"
        guard reply.ok else {
            if reply.status == 400 || reply.status == 422 {
                return Layout.page(context, title: title, active: path, status: 422, before + filterForm + Layout.notice("筛选条件有误：\(problem(reply))", error: true))
            }
            throw PageFailure.from(reply)
        }
        let items = reply.json["items"]?.arrayValue ?? []
        let head: [HTML] = columns.map { "<th scope=\"col\">\($0.header)</th>" }
        let rows: [HTML] = items.map { item in "<tr>\(columns.map { "<td>\($0.cell(item))</td>" as HTML })</tr>" }
        var pager: [HTML] = []
        if after != nil { pager.append("<a href=\"\(path)\(query.isEmpty ? "" : "?" + query)\">第一页</a>") }
        if let next = reply.json["next"]?.stringValue { pager.append("<a href=\"\(path)?\(Format.query(chosen + [("after", next)]))\" rel=\"next\">下一页</a>") }
        let table: HTML = items.isEmpty ? "<p class=\"empty\">\(empty)</p>" : """
            <table class="list"><caption>本页 \(items.count) 条（每页 \(pageSize) 条）</caption><thead><tr>\(head)</tr></thead><tbody>\(rows)</tbody></table>
            """
        return Layout.page(context, title: title, active: path, before + filterForm + toolbar + table + "<nav class=\"pager\" aria-label=\"分页\">\(pager)</nav>")
    }
}

/// Names for the ids the Supervision API answers (a draw's territories, a proposal's target): the
/// registry's lists as this user may read them, fetched once per page; an enterprise by its own record.
final class SupervisionNames {
    let context: PageContext
    private var territories: [Int64: String]?
    private var units: [Int64: String]?
    private var enterprises: [Int64: String] = [:]

    init(_ context: PageContext) { self.context = context }

    private func load(_ path: String) -> [Int64: String] {
        var names: [Int64: String] = [:]
        let reply = context.api("GET", path, query: [("limit", "200")])
        for item in reply.ok ? reply.json["items"]?.arrayValue ?? [] : [] {
            if let id = item["id"]?.intValue { names[id] = Format.text(item["name"]) }
        }
        return names
    }

    func territory(_ id: Int64?) -> String {
        guard let id else { return "" }
        if territories == nil { territories = load("/api/v1/org/territories") }
        return territories?[id] ?? "属地 \(id)"
    }

    func unit(_ id: Int64?) -> String {
        guard let id else { return "" }
        if units == nil { units = load("/api/v1/org/units") }
        return units?[id] ?? "成员单位 \(id)"
    }

    func enterprise(_ id: Int64?) -> String {
        guard let id else { return "" }
        if let known = enterprises[id] { return known }
        let reply = context.api("GET", "/api/v1/org/enterprises/\(id)")
        let name = reply.ok ? Format.text(reply.json["name"]) : ""
        enterprises[id] = name.isEmpty ? "企业 \(id)" : name
        return enterprises[id] ?? ""
    }

    /// A body (`unit`, `territory`, `enterprise`) by kind and id.
    func body(_ kind: String?, _ id: Int64?) -> String {
        switch kind {
        case "unit": return unit(id)
        case "territory": return territory(id)
        case "enterprise": return enterprise(id)
        default: return id.map { "\(kind ?? "") \($0)" } ?? ""
        }
    }
}
