// 培训人员: people of enterprises in their training roles (list, 导出, adding one, a person's page with
// 转岗 / 离岗 / 返岗), and 任职记录: appointments of principal persons and safety managers (a banned
// person is refused by the API, with the ban's record) and ending one. Inspectors read only.
import HTTP
import Kernel

enum TrainingPeoplePages {
    static let writers = TrainingCertificatePages.writers
    static func action(_ verb: String) -> String { "POST /api/v1/training/people/{id:int}/actions/\(verb)" }
    static let verbs: [(verb: String, name: String)] = [("change-job", "转岗"), ("leave", "离岗"), ("return", "返岗")]

    static let newPerson = CreateSpec(title: "新增培训人员", path: "/training/people", api: "/api/v1/training/people", roles: writers,
                                      hint: "带 * 的为必填项。人员须先在组织机构中登记；主要负责人会核对禁入记录。", options: { personOptions($0) })
    static let newAppointment = CreateSpec(title: "任命主要负责人或安全管理人员", path: "/training/appointments", api: "/api/v1/training/appointments", roles: writers,
                                           labels: ["role": "任命岗位"], hint: "带 * 的为必填项。被禁入人员不得任命为主要负责人。", options: { personOptions($0) })

    static let pages: [WebPage] = [
        WebPage("GET", "/training/people", .signedIn(standsOn: "GET /api/v1/training/people")) { context in
            let spec = ListSpec(title: "培训人员", path: "/training/people", api: "/api/v1/training/people", shown: ["enterprise_id", "role"], columns: [
                ListColumn("人员") { row in PageKit.link("/training/people/\(row["id"]?.intValue ?? 0)", Format.text(row["person_name"])) },
                ListColumn("岗位") { row in "\(Format.text(row["role_label"]))" },
                ListColumn("生产经营单位") { row in TrainingPages.enterpriseLink(row) },
                ListColumn("任现岗位日期") { row in "\(Format.date(row["role_since"]?.stringValue))" },
                ListColumn("在岗") { row in "\(row["left_on"]?.stringValue.map { "\(Format.date($0))离岗" } ?? "在岗")" },
                ListColumn("须重新培训") { row in "\(row["retraining_since"]?.stringValue.map { "自\(Format.date($0))（\(Labels.code(Format.text(row["retraining_reason"])))）" } ?? "")" },
            ], empty: "没有符合条件的人员。")
            return try PageKit.listPage(context, spec, options: enterpriseOptions(context), toolbar: newPerson.button(context) + TrainingImportPages.button(context))
        },
        PageKit.exportPage("/training/people", api: "/api/v1/training/people", file: "training-people"),
        WebPage("GET", "/training/people/{id:int}", .signedIn(standsOn: "GET /api/v1/training/people/{id:int}")) { context in try personPage(context, error: nil) },
        WebPage("POST", "/training/people/{id:int}/{verb}", .signedIn(standsOn: "GET /api/v1/training/people/{id:int}")) { context in
            let id = try PageKit.id(context)
            let verb = context.request.pathParameter("verb") ?? ""
            guard let name = verbs.first(where: { $0.verb == verb })?.name else { throw PageFailure(status: 404, message: "未找到该操作。") }
            try TrainingCertificatePages.requireRole(context, writers)
            let reply = context.api("POST", "/api/v1/training/people/\(id)/actions/\(verb)", json: PageKit.body(context, action(verb)))
            guard reply.ok else { return try personPage(context, error: "\(name)未完成：\(PageKit.reason(reply))", status: PageKit.status(reply)) }
            return WebSite.redirect("/training/people/\(id)?done=\(verb)")
        },
        WebPage("GET", "/training/appointments", .signedIn(standsOn: "GET /api/v1/training/appointments")) { context in
            let spec = ListSpec(title: "任职记录", path: "/training/appointments", api: "/api/v1/training/appointments", shown: ["enterprise_id", "status"], columns: [
                ListColumn("人员") { row in PageKit.link("/training/appointments/\(row["id"]?.intValue ?? 0)", Format.text(row["person_name"])) },
                ListColumn("岗位") { row in "\(Labels.trainingRole(row["role"]))" },
                ListColumn("生产经营单位") { row in TrainingPages.enterpriseLink(row) },
                ListColumn("任命日期") { row in "\(Format.date(row["appointed_on"]?.stringValue))" },
                ListColumn("状态") { row in "\(Labels.code(Format.text(row["status"])))" },
            ], empty: "没有任职记录。", rowClass: { $0["status"]?.stringValue == "flagged" ? "warn" : "" })
            return try PageKit.listPage(context, spec, options: enterpriseOptions(context), toolbar: newAppointment.button(context))
        },
        PageKit.exportPage("/training/appointments", api: "/api/v1/training/appointments", file: "appointments"),
        WebPage("GET", "/training/appointments/{id:int}", .signedIn(standsOn: "GET /api/v1/training/appointments/{id:int}")) { context in try appointmentPage(context, error: nil) },
        WebPage("POST", "/training/appointments/{id:int}/end", .signedIn(standsOn: "POST /api/v1/training/appointments/{id:int}/actions/end")) { context in
            let id = try PageKit.id(context)
            try TrainingCertificatePages.requireRole(context, writers)
            let reply = context.api("POST", "/api/v1/training/appointments/\(id)/actions/end", json: .object([]))
            guard reply.ok else { return try appointmentPage(context, error: "结束任职未完成：\(PageKit.reason(reply))", status: PageKit.status(reply)) }
            return WebSite.redirect("/training/appointments/\(id)?done=end")
        },
    ] + newPerson.pages + newAppointment.pages

    /// Enterprises as choices for a list's filter, when few enough.
    static func enterpriseOptions(_ context: PageContext) -> ContractForm.Options {
        var options: ContractForm.Options = [:]
        options["enterprise_id"] = PageKit.registry(context, "/api/v1/org/enterprises")
        return options
    }

    /// Enterprises and registry people as choices, when the user may read them (else text inputs).
    static func personOptions(_ context: PageContext) -> ContractForm.Options {
        var options: ContractForm.Options = [:]
        options["enterprise_id"] = PageKit.registry(context, "/api/v1/org/enterprises")
        options["person_id"] = PageKit.registry(context, "/api/v1/org/people")
        return options
    }

    static func personPage(_ context: PageContext, error: String?, status: Int = 200) throws -> Response {
        let id = try PageKit.id(context)
        let p = try context.get("/api/v1/training/people/\(id)")
        let facts = PageKit.facts([
            ("人员", "\(Format.text(p["person_name"]))"),
            ("岗位", "\(Format.text(p["role_label"]))"),
            ("生产经营单位", TrainingPages.enterpriseLink(p)),
            ("入职日期", "\(Format.date(p["hired_on"]?.stringValue))"),
            ("任现岗位日期", "\(Format.date(p["role_since"]?.stringValue))"),
            ("须重新培训", "\(p["retraining_since"]?.stringValue.map { "自\(Format.date($0))起（\(Labels.code(Format.text(p["retraining_reason"])))）" } ?? "")"),
            ("离岗日期", "\(Format.date(p["left_on"]?.stringValue))"),
        ])
        var forms: [HTML] = []
        if writers.contains(context.actor?.role ?? .inspector) {
            let atWork = p["left_on"] == nil || p["left_on"] == .null
            for (verb, name) in verbs where (verb == "return") != atWork {
                forms.append(PageKit.action(name, PageKit.form(context, action: "/training/people/\(id)/\(verb)", route: action(verb), prefix: verb, button: name,
                                                               labels: ["on": "\(name)日期", "role": "新岗位"])))
            }
        }
        let formsHTML: HTML = forms.isEmpty ? "<p class=\"empty\">您没有可办理的事项。</p>" : forms.joined()
        let records = (try? context.get("/api/v1/training/records", query: [("person_id", Format.text(p["person_id"])), ("enterprise_id", Format.text(p["enterprise_id"])), ("limit", "20")])["items"]?.arrayValue) ?? []
        let rows: [HTML] = records.map(TrainingRecordPages.row)
        let table: HTML = records.isEmpty ? "<p class=\"empty\">暂无培训记录。</p>" : TrainingRecordPages.table(rows)
        return Layout.page(context, title: "培训人员：\(Format.text(p["person_name"]))", active: "/training/people", status: status, """
        \(PageKit.done(context, ["add": "培训人员已登记。", "change-job": "转岗已记录，须重新培训。", "leave": "离岗已记录。", "return": "返岗已记录。"]))\(Layout.notice(error, error: true))
        \(facts)<section><h2>可办理事项</h2>\(formsHTML)</section>
        <section><h2>培训记录</h2>\(table)</section>
        """)
    }

    static func appointmentPage(_ context: PageContext, error: String?, status: Int = 200) throws -> Response {
        let id = try PageKit.id(context)
        let a = try context.get("/api/v1/training/appointments/\(id)")
        let facts = PageKit.facts([
            ("人员", "\(Format.text(a["person_name"]))"), ("岗位", "\(Labels.trainingRole(a["role"]))"),
            ("生产经营单位", TrainingPages.enterpriseLink(a)), ("任命日期", "\(Format.date(a["appointed_on"]?.stringValue))"),
            ("状态", "\(Labels.code(Format.text(a["status"])))"), ("冲突说明", "\(Format.text(a["flag_reason"]))"),
            ("冲突的禁入记录", a["ban_id"]?.intValue.map { PageKit.link("/training/bans/\($0)", "查看禁入记录") } ?? .empty),
        ])
        let end: HTML = writers.contains(context.actor?.role ?? .inspector) && a["status"]?.stringValue != "ended"
            ? PageKit.action("结束任职", "<form method=\"post\" action=\"/training/appointments/\(id)/end\" class=\"stack\">\(context.csrfField)<button type=\"submit\" class=\"primary\">结束任职</button></form>")
            : "<p class=\"empty\">您没有可办理的事项。</p>"
        return Layout.page(context, title: "任职：\(Format.text(a["person_name"]))", active: "/training/appointments", status: status, """
        \(PageKit.done(context, ["add": "任命已登记。", "end": "任职已结束。"]))\(Layout.notice(error, error: true))\(facts)<section><h2>可办理事项</h2>\(end)</section>
        """)
    }
}
