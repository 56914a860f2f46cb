// 工作任务: the tasks with their colour (the worst of their lines) and counts of red/yellow/green,
// filters and 导出 CSV; a task's page with its ledger lines and, for the office, 增加/移除责任单位.
import HTTP
import Kernel

enum ResponsibilityTaskPages {
    typealias R = ResponsibilityPages

    static let pages: [WebPage] = [
        WebPage("GET", "/responsibilities/tasks", .signedIn(standsOn: R.tasks), listPage),
        WebPage("GET", "/responsibilities/tasks/export", .signedIn(standsOn: R.tasks)) { context in
            try R.csv(context, "\(R.api)/tasks", query: R.chosen(context, R.tasks), file: "tasks.csv", chinese: "工作任务.csv")
        },
        WebPage("GET", "/responsibilities/tasks/{id:int}", .signedIn(standsOn: R.task)) { context in try taskPage(context, error: nil) },
        WebPage("POST", "/responsibilities/tasks/{id:int}/actions/{verb}", .signedIn(standsOn: nil)) { context in
            let id = try R.id(context, what: "任务")
            let verb = context.request.pathParameter("verb") ?? ""
            guard ["add-unit", "remove-unit"].contains(verb), context.may(R.taskUnit(verb)) else { throw PageFailure(status: 403, message: "您的账户无权进行此操作。") }
            let reply = context.api("POST", "\(R.api)/tasks/\(id)/actions/\(verb)", json: ContractForm.json(context.site.body(R.taskUnit(verb)), context.form))
            guard reply.ok else {
                if reply.status == 404 { throw PageFailure.from(reply) }
                return try taskPage(context, error: "\(verb == "add-unit" ? "增加" : "移除")责任单位未完成：\(reply.problem)", status: reply.status == 403 ? 403 : 422)
            }
            return WebSite.redirect("/responsibilities/tasks/\(id)?done=\(verb)&lines=\(reply.json["ledger_lines"]?.intValue ?? 0)")
        },
    ]

    static func listPage(_ context: PageContext) throws -> Response {
        let chosen = R.chosen(context, R.tasks)
        let reply = context.api("GET", "\(R.api)/tasks", query: R.chosen(context, R.tasks, paging: true) + [("limit", String(R.pageSize))])
        let form = filterForm(context, chosen)
        guard reply.ok else {
            if reply.status == 400 || reply.status == 422 {
                return Layout.page(context, title: "工作任务", active: "/responsibilities/tasks", status: 422, form + Layout.notice("筛选条件有误：\(reply.problem)", error: true))
            }
            throw PageFailure.from(reply)
        }
        let page = reply.json  // parsed once
        let items = page["items"]?.arrayValue ?? []
        let rows: [HTML] = items.map { task in
            let id = task["id"]?.intValue ?? 0
            let pending: HTML = (task["to_designate"]?.intValue ?? 0) > 0 ? "<div class=\"detail\">\(task["to_designate"]?.intValue ?? 0) 处待明确单位</div>" : .empty
            return """
            <tr><td class="nowrap">\(Format.dot(task["colour"]?.stringValue, reason: task["colour_reason"]?.stringValue)) \(Format.text(task["number"]))</td>\
            <td><a href="/responsibilities/tasks/\(id)">\(Format.text(task["title"]))</a>\(pending)</td>\
            <td class="num">\(Format.text(task["lines"]))</td><td class="num">\(Format.text(task["red"]))</td><td class="num">\(Format.text(task["yellow"]))</td>\
            <td class="num">\(Format.text(task["green"]))</td><td class="clip">\(Format.text(task["colour_reason"]))</td></tr>
            """
        }
        let query = Format.query(chosen)
        let toolbar: HTML = "<div class=\"toolbar\"><a class=\"button\" href=\"/responsibilities/tasks/export\(query.isEmpty ? "" : "?" + query)\">导出 CSV</a></div>"
        let table = R.table(["序号", "任务", "台账", "红", "黄", "绿", "颜色说明"], rows,
                            caption: "本页 \(items.count) 项（每页 \(R.pageSize) 项）；圆点为任务中最差的台账颜色", empty: "没有符合条件的任务。")
        return Layout.page(context, title: "工作任务", active: "/responsibilities/tasks",
                           form + toolbar + table + R.pager("/responsibilities/tasks", chosen, context: context, next: page["next"]?.stringValue))
    }

    static func filterForm(_ context: PageContext, _ chosen: [(name: String, value: String)]) -> HTML {
        let specs = context.site.params(R.tasks)
        let names = context.actor?.isOffice == true ? ["colour", "unit_id", "territory_id", "withdrawn"] : ["colour"]
        let fields = names.compactMap { name in specs.first { $0.name == name } }
        var values: [String: String] = [:]
        for (name, value) in chosen { values[name] = value }
        var options: ContractForm.Options = [:]
        if context.actor?.isOffice == true {
            options["unit_id"] = R.units(context)
            options["territory_id"] = R.territories(context)
        }
        let kept: [HTML] = chosen.filter { pair in !fields.contains { $0.name == pair.name } }.map { Layout.hidden($0.name, $0.value) }
        return """
        <form method="get" action="/responsibilities/tasks" class="filters" role="search">\(kept)
        \(ContractForm.fields(fields, prefix: "filter", values: values, options: options, labels: ResponsibilityLedgerPages.labels, compact: true))
        <div class="actions"><button type="submit" class="primary">查询</button> <a href="/responsibilities/tasks">清除条件</a></div>
        </form>
        """
    }

    /// A task's page lists this many of its lines (a task of every unit has hundreds: the ledger pages them).
    static let shownLines = 40

    static func taskPage(_ context: PageContext, error: String?, status: Int = 200) throws -> Response {
        let id = try R.id(context, what: "任务")
        let task = try context.get("\(R.api)/tasks/\(id)")
        let lines = task["ledger_lines"]?.arrayValue ?? []
        let count = context.request.query("lines") ?? "0"
        let done: String? = context.request.query("done").map { verb in
            switch verb {
            case "designate": return "已明确有关单位，生成台账 \(count) 条。"
            case "add-unit": return "已增加责任单位，生成台账 \(count) 条。"
            case "remove-unit": return "已移除责任单位，撤销台账 \(count) 条（保留办理记录）。"
            default: return "已完成。"
            }
        }
        var facts: [(String, HTML)] = [
            ("颜色", "\(Format.dot(task["colour"]?.stringValue, reason: task["colour_reason"]?.stringValue)) \(Format.text(task["colour_reason"]))"),
            ("起算日期", "\(Format.date(task["start_date"]?.stringValue))"),
            ("台账", "共 \(Format.text(task["lines"])) 条：红 \(Format.text(task["red"])) 条，黄 \(Format.text(task["yellow"])) 条，绿 \(Format.text(task["green"])) 条"),
        ]
        if let plan = task["plan_id"]?.intValue { facts.append(("工作要点", "<a href=\"/responsibilities/plans/\(plan)\">查看所属工作要点</a>")) }
        if let origin = task["origin"]?.stringValue, !origin.isEmpty { facts.append(("来源", "\(origin)")) }
        if (task["to_designate"]?.intValue ?? 0) > 0 {
            let link: HTML = context.may(R.designations) ? " <a href=\"/responsibilities/designations?status=pending\">去明确</a>" : .empty
            facts.append(("待明确", "\(task["to_designate"]?.intValue ?? 0) 处“有关单位”待区安委办明确\(link)"))
        }
        if let withdrawn = task["withdrawn_on"]?.stringValue { facts.append(("撤销", "\(Format.date(withdrawn))")) }
        let rows: [HTML] = lines.prefix(shownLines).map(ResponsibilityLedgerPages.row)
        let more: HTML = lines.count > shownLines ? "<p class=\"hint\">此处列出前 \(shownLines) 条，<a href=\"/responsibilities/ledger?task_id=\(id)\">在任务台账中查看全部 \(lines.count) 条</a>。</p>" : .empty
        let table = R.table(["状态", "任务", "责任单位", "职责", "期次", "截止日期", "进度", "颜色说明"], rows, caption: "该任务您可见的台账 \(lines.count) 条", empty: "该任务暂无您可见的台账。") + more
        let title = "任务 \(Format.text(task["number"])) \(Format.text(task["title"]))"
        return Layout.page(context, title: title, active: "/responsibilities/tasks", status: status,
                           Layout.notice(done) + Layout.notice(error, error: true) + "<dl class=\"facts\">\(facts.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" as HTML })</dl>"
                           + unitForms(context, id: id, task: task) + "<section><h2>台账</h2>\(table)</section>")
    }

    static func unitForms(_ context: PageContext, id: Int64, task: JSON) -> HTML {
        guard task["withdrawn_on"]?.stringValue == nil else { return .empty }
        var options: ContractForm.Options = ["role": R.roles]
        options["unit"] = R.units(context)
        options["territory"] = R.territories(context)
        let labels = ["unit": "成员单位", "territory": "或镇（景区、开发区）", "role": "职责（默认牵头）", "due": "截止日期（选填）", "reason": "理由（记入审计记录）"]
        let forms: [HTML] = [("add-unit", "增加责任单位"), ("remove-unit", "移除责任单位")].filter { context.may(R.taskUnit($0.0)) }.map { verb, label in
            let fields = context.site.body(R.taskUnit(verb)).filter { verb == "add-unit" || ["unit", "territory", "reason"].contains($0.name) }
            return """
            <details class="action"><summary>\(label)</summary>
            <form method="post" action="/responsibilities/tasks/\(id)/actions/\(verb)" class="stack">\(context.csrfField)
            \(ContractForm.fields(fields, prefix: verb, options: options, labels: labels))
            <button type="submit" class="primary">\(label)</button></form></details>
            """
        }
        return forms.isEmpty ? .empty : "<section><h2>可办理事项</h2>\(forms)</section>"
    }
}
