// 任务台账: the ledger's lines (task × unit × due instance) with filters (status, colour, unit or
// town, due instance), the 红/黄/绿 dot with its reason, keyset paging and 导出 CSV. The API scopes
// the rows: a unit sees its own lines, a town its territory's, the office all.
import HTTP
import Kernel

enum ResponsibilityLedgerPages {
    typealias R = ResponsibilityPages

    static let pages: [WebPage] = [
        WebPage("GET", "/responsibilities/ledger", .signedIn(standsOn: R.ledger), ledgerPage),
        WebPage("GET", "/responsibilities/ledger/export", .signedIn(standsOn: R.ledger)) { context in
            try R.csv(context, "\(R.api)/ledger", query: R.chosen(context, R.ledger), file: "ledger.csv", chinese: "任务台账.csv")
        },
    ]

    /// The filters the form shows (the API takes more — task_id, plan_id, on — and a link may carry them).
    static func shown(_ context: PageContext) -> [String] {
        context.actor?.isOffice == true ? ["status", "colour", "unit_id", "territory_id", "period", "withdrawn"] : ["status", "colour", "period"]
    }

    static func ledgerPage(_ context: PageContext) throws -> Response {
        let chosen = R.chosen(context, R.ledger)
        let reply = context.api("GET", "\(R.api)/ledger", query: R.chosen(context, R.ledger, paging: true) + [("limit", String(R.pageSize))])
        let form = filterForm(context, chosen)
        guard reply.ok else {
            if reply.status == 400 || reply.status == 422 {
                return Layout.page(context, title: "任务台账", active: "/responsibilities/ledger", status: 422,
                                   form + Layout.notice("筛选条件有误：\(reply.problem)", error: true))
            }
            throw PageFailure.from(reply)
        }
        let page = reply.json  // parsed once
        let items = page["items"]?.arrayValue ?? []
        let rows: [HTML] = items.map(row)
        let query = Format.query(chosen)
        let toolbar: HTML = "<div class=\"toolbar\"><a class=\"button\" href=\"/responsibilities/ledger/export\(query.isEmpty ? "" : "?" + query)\">导出 CSV</a></div>"
        let table = R.table(["状态", "任务", "责任单位", "职责", "期次", "截止日期", "进度", "颜色说明"], rows,
                            caption: "本页 \(items.count) 条（每页 \(R.pageSize) 条）；圆点：红色逾期或严重滞后，黄色即将到期或进度偏慢，绿色按期或已完成",
                            empty: "没有符合条件的台账。")
        return Layout.page(context, title: "任务台账", active: "/responsibilities/ledger",
                           form + toolbar + table + R.pager("/responsibilities/ledger", chosen, context: context, next: page["next"]?.stringValue))
    }

    static func row(_ item: JSON) -> HTML {
        let id = item["id"]?.intValue ?? 0
        let progress: HTML = item["progress"]?.intValue.map { "\($0)%" } ?? .empty
        let withdrawn: HTML = item["withdrawn_on"]?.stringValue.map { "<div class=\"detail\">已于\(Format.date($0))撤销</div>" } ?? .empty
        return """
        <tr><td class="nowrap">\(Format.dot(item["colour"]?.stringValue, reason: item["colour_reason"]?.stringValue)) <a href="/responsibilities/ledger/\(id)">\(R.label(R.statuses, item["status"]))</a></td>\
        <td><a href="/responsibilities/tasks/\(item["task_id"]?.intValue ?? 0)">\(Format.text(item["task_number"])) \(Format.text(item["task_title"]))</a></td>\
        <td>\(Format.text(item["unit_name"]))</td><td class="nowrap">\(R.label(R.roles, item["role"]))</td>\
        <td class="nowrap">\(Format.text(item["period"]))</td><td class="nowrap">\(Format.date(item["due"]?.stringValue))</td>\
        <td class="num">\(progress)</td><td class="clip">\(Format.text(item["colour_reason"]))\(withdrawn)</td></tr>
        """
    }

    static func filterForm(_ context: PageContext, _ chosen: [(name: String, value: String)]) -> HTML {
        let specs = context.site.params(R.ledger)
        let fields = shown(context).compactMap { name in specs.first { $0.name == name } }
        var values: [String: String] = [:]
        for (name, value) in chosen { values[name] = value }
        var options: ContractForm.Options = ["status": R.statuses]
        if context.actor?.isOffice == true {
            options["unit_id"] = R.units(context)
            options["territory_id"] = R.territories(context)
        }
        let kept: [HTML] = chosen.filter { pair in !fields.contains { $0.name == pair.name } }.map { Layout.hidden($0.name, $0.value) }
        return """
        <form method="get" action="/responsibilities/ledger" class="filters" role="search">\(kept)
        \(ContractForm.fields(fields, prefix: "filter", values: values, options: options, labels: labels, compact: true))
        <div class="actions"><button type="submit" class="primary">查询</button> <a href="/responsibilities/ledger">清除条件</a></div>
        </form>
        """
    }

    static let labels = ["status": "办理状态", "colour": "颜色", "unit_id": "成员单位", "territory_id": "镇（景区、开发区）",
                         "period": "期次（如 2024-Q1、2024-02-29）", "withdrawn": "已撤销的台账", "task_id": "任务", "plan_id": "工作要点"]
}
