// 待明确单位: a plan's 有关/相关 clauses name no unit; they wait for the office to designate them
// (明确有关单位). The list (by state), and a clause's page where the office ticks the member units
// and towns by name; then their ledger lines are made for the periods not yet ended (once only).
import HTTP
import Kernel

enum ResponsibilityDesignationPages {
    typealias R = ResponsibilityPages

    static let pages: [WebPage] = [
        WebPage("GET", "/responsibilities/designations", .signedIn(standsOn: R.designations), listPage),
        WebPage("GET", "/responsibilities/designations/export", .signedIn(standsOn: R.designations)) { context in
            try R.csv(context, "\(R.api)/designations", query: R.chosen(context, R.designations), file: "designations.csv", chinese: "待明确单位.csv")
        },
        WebPage("GET", "/responsibilities/designations/{id:int}", .signedIn(standsOn: R.designation)) { context in
            try designationPage(context, error: nil)
        },
        WebPage("POST", "/responsibilities/designations/{id:int}", .signedIn(standsOn: R.designate)) { context in
            let id = try R.id(context, what: "待明确事项")
            var members: [JSON.Member] = []
            let units = context.form.fields.filter { $0.name == "units" && !$0.value.isEmpty }.map { ContractForm.value(.reference("units"), $0.value) }
            let towns = context.form.fields.filter { $0.name == "territories" && !$0.value.isEmpty }.map { ContractForm.value(.reference("territories"), $0.value) }
            if !units.isEmpty { members.append(JSON.Member("units", .array(units))) }
            if !towns.isEmpty { members.append(JSON.Member("territories", .array(towns))) }
            if case .object(let rest) = ContractForm.json(context.site.body(R.designate).filter { $0.name == "note" || $0.name == "due" }, context.form) { members += rest }
            let reply = context.api("POST", "\(R.api)/designations/\(id)/actions/designate", json: .object(members))
            guard reply.ok else {
                if reply.status == 404 { throw PageFailure.from(reply) }
                let problem = units.isEmpty && towns.isEmpty ? "请至少勾选一个成员单位或镇（景区、开发区）。" : reply.problem
                return try designationPage(context, error: "明确单位未完成：\(problem)", status: reply.status == 403 ? 403 : 422)
            }
            let result = reply.json
            let lines = result["ledger_lines_created"]?.intValue ?? 0
            let task = result["task_id"]?.intValue ?? 0
            return WebSite.redirect("/responsibilities/tasks/\(task)?done=designate&lines=\(lines)")
        },
    ]

    static func listPage(_ context: PageContext) throws -> Response {
        let chosen = R.chosen(context, R.designations)
        let reply = context.api("GET", "\(R.api)/designations", query: chosen)
        guard reply.ok else { throw PageFailure.from(reply) }
        let items = reply.json["items"]?.arrayValue ?? []
        let rows: [HTML] = items.map { item in
            let id = item["id"]?.intValue ?? 0
            let units = R.unitNames(item["units"]?.arrayValue ?? [], withRole: false)
            return """
            <tr><td class="nowrap"><a href="/responsibilities/designations/\(id)">\(R.label(R.designationStatuses, item["status"]))</a></td>\
            <td><a href="/responsibilities/tasks/\(item["task_id"]?.intValue ?? 0)">\(Format.text(item["task_number"])) \(Format.text(item["task_title"]))</a></td>\
            <td>\(Format.text(item["phrase"]))</td><td class="nowrap">\(Format.text(item["role_label"]))</td>\
            <td class="nowrap">\(Format.date(item["since"]?.stringValue))</td><td>\(units)</td></tr>
            """
        }
        var values: [String: String] = [:]
        for (name, value) in chosen { values[name] = value }
        let filter: HTML = """
        <form method="get" action="/responsibilities/designations" class="filters" role="search">
        \(ContractForm.fields(context.site.params(R.designations), prefix: "filter", values: values, options: ["status": R.designationStatuses], labels: ["status": "状态"], compact: true))
        <div class="actions"><button type="submit" class="primary">查询</button> <a href="/responsibilities/designations">清除条件</a></div></form>
        """
        let hint: HTML = "<p class=\"hint\">工作要点中“有关成员单位”“有关部门”“相关单位”等表述未写明具体单位，须由区安委办明确；明确前不生成台账、不计颜色和考核。</p>"
        let table = R.table(["状态", "任务", "原文表述", "职责", "起始日期", "已明确的单位"], rows, caption: "共 \(items.count) 项", empty: "没有待明确的事项。")
        let query = Format.query(chosen)
        let toolbar: HTML = "<div class=\"toolbar\"><a class=\"button\" href=\"/responsibilities/designations/export\(query.isEmpty ? "" : "?" + query)\">导出 CSV</a></div>"
        return Layout.page(context, title: "待明确单位", active: "/responsibilities/designations", hint + filter + toolbar + table)
    }

    static func designationPage(_ context: PageContext, error: String?, status: Int = 200) throws -> Response {
        let id = try R.id(context, what: "待明确事项")
        let item = try context.get("\(R.api)/designations/\(id)")
        let periods = (item["periods"]?.arrayValue ?? []).map { Format.text($0) }.joined(separator: "、")
        var facts: [(String, HTML)] = [
            ("任务", "<a href=\"/responsibilities/tasks/\(item["task_id"]?.intValue ?? 0)\">\(Format.text(item["task_number"])) \(Format.text(item["task_title"]))</a>"),
            ("原文表述", "\(Format.text(item["phrase"]))（计划文本第 \(Format.text(item["line"])) 行）"),
            ("职责", "\(Format.text(item["role_label"]))"),
            ("状态", "\(R.label(R.designationStatuses, item["status"]))"),
            ("期次", "\(periods.isEmpty ? "无" : periods)"),
            ("起始日期", "\(Format.date(item["since"]?.stringValue))"),
        ]
        if let on = item["designated_on"]?.stringValue {
            facts.append(("已明确", "\(R.unitNames(item["units"]?.arrayValue ?? [], withRole: false))（\(Format.date(on))，\(Format.actor(item["designated_by"]))）"))
            facts.append(("台账", "<a href=\"/responsibilities/ledger?task_id=\(item["task_id"]?.intValue ?? 0)\">查看该任务的台账</a>"))
        }
        var content = Layout.notice(error, error: true) + "<dl class=\"facts\">\(facts.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" as HTML })</dl>"
        if item["status"]?.stringValue == "pending", context.may(R.designate) {
            content += designateForm(context, id: id)
        }
        return Layout.page(context, title: "明确有关单位", active: "/responsibilities/designations", status: status, content)
    }

    static func designateForm(_ context: PageContext, id: Int64) -> HTML {
        let chosenUnits = Set(context.form.fields.filter { $0.name == "units" }.map(\.value))
        let chosenTowns = Set(context.form.fields.filter { $0.name == "territories" }.map(\.value))
        func boxes(_ name: String, _ options: [(code: String, label: String)]?, _ chosen: Set<String>) -> HTML {
            guard let options else { return "<p class=\"hint\">无法读取名单。</p>" }
            let items: [HTML] = options.map { option in
                let id = "designate-\(name)-\(option.code)"
                return "<li><input type=\"checkbox\" id=\"\(id)\" name=\"\(name)\" value=\"\(option.code)\"\(chosen.contains(option.code) ? HTML(" checked") : .empty)><label for=\"\(id)\">\(option.label)</label></li>"
            }
            return "<ul class=\"checks\">\(items)</ul>"
        }
        let extra = context.site.body(R.designate).filter { $0.name == "note" || $0.name == "due" }
        var values: [String: String] = [:]
        for spec in extra { values[spec.name] = context.form.value(spec.name) ?? "" }
        return """
        <section><h2>明确单位</h2>
        <form method="post" action="/responsibilities/designations/\(id)" class="stack card">\(context.csrfField)
        <fieldset><legend>成员单位</legend>\(boxes("units", R.units(context), chosenUnits))</fieldset>
        <fieldset><legend>镇（景区、开发区）</legend>\(boxes("territories", R.territories(context), chosenTowns))</fieldset>
        \(ContractForm.fields(extra, prefix: "designate", values: values, labels: ["note": "说明（记入审计记录）", "due": "统一截止日期（期次均已结束时填写）"]))
        <p class="hint">明确后为所选单位生成尚未结束期次的台账；每项只能明确一次。</p>
        <button type="submit" class="primary">确认明确</button></form></section>
        """
    }
}
