// 特种作业证书: the list with those expiring (到期预警: in their review window, past it, or within 90
// days) marked and filterable, 导出 CSV; a certificate's page with its status explained and the
// review (复审) and revoke forms for the roles the API admits; recording a certificate.
import HTTP
import Kernel

enum TrainingCertificatePages {
    static let list = "GET /api/v1/training/certificates"
    static let add = "POST /api/v1/training/certificates"
    static let review = "POST /api/v1/training/certificates/{id:int}/actions/review"
    static let revoke = "POST /api/v1/training/certificates/{id:int}/actions/revoke"

    /// Who may record training facts (the API's rule, TrainingScope.writers: inspectors read only).
    static let writers: Set<Role> = [.admin, .office, .unit, .town, .enterprise]
    /// Who may record a review as passed (the issuing side: TrainingScope.reviewers).
    static let reviewers: Set<Role> = [.admin, .office, .unit]
    /// Who may revoke a certificate (CertificateService.revokeCertificate).
    static let revokers: Set<Role> = [.admin, .office, .unit, .town]
    /// Days ahead a certificate counts as expiring (the reminders' longest, 90/60/30/7).
    static let warningDays: Int64 = 90

    static let pages: [WebPage] = [
        WebPage("GET", "/training/certificates", .signedIn(standsOn: list), listPage),
        PageKit.exportPage("/training/certificates", api: "/api/v1/training/certificates", file: "certificates"),
        WebPage("GET", "/training/certificates/new", .signedIn(standsOn: add)) { context in try newPage(context, values: [:], error: nil) },
        WebPage("POST", "/training/certificates/new", .signedIn(standsOn: add)) { context in
            try requireRole(context, writers)
            let reply = context.api("POST", "/api/v1/training/certificates", json: PageKit.body(context, add))
            guard reply.ok, let id = reply.json["id"]?.intValue else {
                return try newPage(context, values: PageKit.values(context, add), error: "证书未登记：\(PageKit.reason(reply))", status: PageKit.status(reply))
            }
            return WebSite.redirect("/training/certificates/\(id)?done=add")
        },
        WebPage("GET", "/training/certificates/{id:int}", .signedIn(standsOn: "GET /api/v1/training/certificates/{id:int}")) { context in
            try certificatePage(context, error: nil)
        },
        WebPage("POST", "/training/certificates/{id:int}/review", .signedIn(standsOn: review)) { context in
            try act(context, "review", route: review, roles: writers, what: "复审")
        },
        WebPage("POST", "/training/certificates/{id:int}/revoke", .signedIn(standsOn: revoke)) { context in
            try act(context, "revoke", route: revoke, roles: revokers, what: "撤销")
        },
    ]

    /// A 403 page for a role the API refuses (its rule, not the route's declaration, decides).
    static func requireRole(_ context: PageContext, _ roles: Set<Role>) throws {
        guard let actor = context.actor, roles.contains(actor.role) else {
            throw PageFailure(status: 403, message: "您的账户（\(context.actor.map { Labels.role($0.role) } ?? "")）无权进行此操作。")
        }
    }

    static func act(_ context: PageContext, _ verb: String, route: String, roles: Set<Role>, what: String) throws -> Response {
        let id = try PageKit.id(context)
        try requireRole(context, roles)
        let reply = context.api("POST", "/api/v1/training/certificates/\(id)/actions/\(verb)", json: PageKit.body(context, route))
        guard reply.ok else { return try certificatePage(context, error: "\(what)未完成：\(PageKit.reason(reply))", status: PageKit.status(reply)) }
        return WebSite.redirect("/training/certificates/\(id)?done=\(verb)")
    }

    // MARK: - The list

    static func expiring(_ row: JSON) -> Bool {
        let status = row["status"]?.stringValue
        if status == "reviewDue" || status == "expired" { return true }
        return status == "valid" && (row["days_left"]?.intValue ?? Int64.max) <= warningDays
    }

    static func listPage(_ context: PageContext) throws -> Response {
        let spec = ListSpec(title: "特种作业证书", path: "/training/certificates", api: "/api/v1/training/certificates",
                            shown: ["enterprise_id", "type", "status", "on"], columns: columns, empty: "没有符合条件的证书。",
                            caption: "标黄为到期预警：已进入复审期、逾期未复审或 \(warningDays) 天内到期",
                            rowClass: { expiring($0) ? "warn" : "" })
        let quick: HTML = """
            <a class="button" href="/training/certificates?status=reviewDue">到期预警（待复审）</a>\
            <a class="button" href="/training/certificates?status=expired">逾期未复审</a>\
            <a class="button" href="/training/certificates?status=invalid">已失效</a>
            """
        let add: HTML = writers.contains(context.actor?.role ?? .inspector) ? "<a class=\"button\" href=\"/training/certificates/new\">登记证书</a>" : .empty
        return try PageKit.listPage(context, spec, options: ["enterprise_id": PageKit.registry(context, "/api/v1/org/enterprises") ?? []].filter { !$0.value.isEmpty },
                                    toolbar: quick + add + TrainingImportPages.button(context))
    }

    static let columns: [ListColumn] = [
        ListColumn("状态") { row in "\(Labels.code(Format.text(row["status"])))" },
        ListColumn("证号") { row in PageKit.link("/training/certificates/\(row["id"]?.intValue ?? 0)", Format.text(row["number"])) },
        ListColumn("持证人") { row in "\(Format.text(row["person_name"]))" },
        ListColumn("生产经营单位") { row in TrainingPages.enterpriseLink(row) },
        ListColumn("类别及作业项目") { row in "\(Format.text(row["category_label"]))：\(Format.text(row["item"]))" },
        ListColumn("下次复审") { row in "\(Format.date(row["next_review_on"]?.stringValue))" },
        ListColumn("剩余天数") { row in "\(Format.text(row["days_left"]))" },
    ]

    static func row(_ row: JSON) -> HTML {
        let cells: [HTML] = columns.map { "<td>\($0.cell(row))</td>" }
        return expiring(row) ? "<tr class=\"warn\">\(cells)</tr>" : "<tr>\(cells)</tr>"
    }

    static func table(_ rows: [HTML]) -> HTML {
        let heads: [HTML] = columns.map { "<th scope=\"col\">\($0.heading)</th>" }
        return "<table><caption>标黄为到期预警</caption><thead><tr>\(heads)</tr></thead><tbody>\(rows)</tbody></table>"
    }

    // MARK: - A certificate

    static func certificatePage(_ context: PageContext, error: String?, status: Int = 200) throws -> Response {
        let id = try PageKit.id(context)
        let c = try context.get("/api/v1/training/certificates/\(id)")
        let facts = PageKit.facts([
            ("状态", "\(Labels.code(Format.text(c["status"])))\(expiring(c) ? "（到期预警）" : "")"),
            ("说明", "\(Labels.certificateReason(Format.text(c["reason"])))"),
            ("证书类型", "\(Labels.code(Format.text(c["type"])))"),
            ("证号", "\(Format.text(c["number"]))"),
            ("持证人", "\(Format.text(c["person_name"]))"),
            ("生产经营单位", TrainingPages.enterpriseLink(c)),
            ("类别", "\(Format.text(c["category_label"]))"),
            ("作业项目", "\(Format.text(c["item"]))"),
            ("发证日期", "\(Format.date(c["issued_on"]?.stringValue))"),
            ("有效期至", "\(Format.date(c["valid_to"]?.stringValue))"),
            ("上次复审", "\(Format.date(c["last_reviewed_on"]?.stringValue))"),
            ("下次复审", "\(Format.date(c["next_review_on"]?.stringValue))（\(Format.date(c["review_window_opens"]?.stringValue))起可申请，每 \(Format.text(c["review_interval_years"])) 年复审一次）"),
            ("连续安全作业起始", "\(Format.date(c["compliant_since"]?.stringValue))"),
        ])
        let role = context.actor?.role ?? .inspector
        var forms: [HTML] = []
        if writers.contains(role), c["status"]?.stringValue != "invalid" {
            // A town or an enterprise records only a failed review; the issuing side a passed one.
            let options: ContractForm.Options = reviewers.contains(role) ? [:] : ["result": [("failed", "不合格")]]
            forms.append(PageKit.action("复审", PageKit.form(context, action: "/training/certificates/\(id)/review", route: review, prefix: "review",
                                                           button: "记录复审结果", options: options, labels: ["on": "复审日期", "result": "复审结论", "compliant_since": "连续安全作业起始日期"])))
        }
        if revokers.contains(role), c["status"]?.stringValue != "invalid" {
            forms.append(PageKit.action("撤销证书", PageKit.form(context, action: "/training/certificates/\(id)/revoke", route: revoke, prefix: "revoke",
                                                               button: "撤销", labels: ["reason": "撤销理由"])))
        }
        let actions: HTML = forms.isEmpty ? "<section><h2>可办理事项</h2><p class=\"empty\">您没有可办理的事项。</p></section>" : "<section><h2>可办理事项</h2>\(forms)</section>"
        return Layout.page(context, title: "证书 \(Format.text(c["number"]))", active: "/training/certificates", status: status, """
        \(PageKit.done(context, ["add": "证书已登记。", "review": "复审结果已记录。", "revoke": "证书已撤销。"]))\(Layout.notice(error, error: true))
        \(facts)\(actions)
        """)
    }

    static func newPage(_ context: PageContext, values: [String: String], error: String?, status: Int = 200) throws -> Response {
        try requireRole(context, writers)
        var options = TrainingPeoplePages.personOptions(context)
        options["category"] = (try? context.get("/api/v1/training/certificate-categories"))?["items"]?.arrayValue?.map { (Format.text($0["code"]), Format.text($0["label"])) }
        return Layout.page(context, title: "登记证书", active: "/training/certificates", status: status, """
        \(Layout.notice(error, error: true))
        <div class="card">\(PageKit.form(context, action: "/training/certificates/new", route: add, prefix: "new", button: "登记", values: values, options: options,
                                          labels: ["person_id": "持证人", "category": "类别", "item": "作业项目", "number": "证号", "issued_on": "发证日期", "valid_to": "有效期至",
                                                   "reviewed_for": "上次复审对应的应复审日期", "last_reviewed_on": "上次复审日期", "compliant_since": "连续安全作业起始日期", "type": "证书类型"],
                                          hint: "带 * 的为必填项。有效期不填为发证后 6 年。"))</div>
        """)
    }
}
