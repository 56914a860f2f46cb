// 禁入人员 (Law Art 94): the bans list (导出 CSV), a ban's page with the appointments it conflicts
// with, and the ban form for the office and the member units (who investigate accidents); others
// are refused with a 403 page, as the API would refuse them.
import HTTP
import Kernel

enum TrainingBanPages {
    static let list = "GET /api/v1/training/bans"
    static let add = "POST /api/v1/training/bans"
    /// Who may record a ban (the API's rule, TrainingScope.banWriters).
    static let banWriters: Set<Role> = [.admin, .office, .unit]

    static let pages: [WebPage] = [
        WebPage("GET", "/training/bans", .signedIn(standsOn: list)) { context in
            let spec = ListSpec(title: "禁入人员", path: "/training/bans", api: "/api/v1/training/bans", shown: ["industry"], columns: [
                ListColumn("人员") { row in PageKit.link("/training/bans/\(row["id"]?.intValue ?? 0)", Format.text(row["person_name"])) },
                ListColumn("禁入行业") { row in "\(row["kind"]?.stringValue == "term" ? "所有行业" : Format.text(row["industry_label"]))" },
                ListColumn("类别") { row in "\(Labels.code(Format.text(row["kind"])))" },
                ListColumn("起始") { row in "\(Format.date(row["starts_on"]?.stringValue))" },
                ListColumn("截止") { row in "\(row["ends_on"]?.stringValue.map { Format.date($0) } ?? "终身")" },
                ListColumn("来源") { row in "\(Format.text(row["source"]))" },
            ], empty: "没有禁入记录。", caption: "期限禁入：五年内不得担任任何生产经营单位的主要负责人；终身禁入：不得担任本行业生产经营单位的主要负责人")
            let add: HTML = banWriters.contains(context.actor?.role ?? .inspector) ? "<a class=\"button\" href=\"/training/bans/new\">登记禁入</a>" : .empty
            return try PageKit.listPage(context, spec, toolbar: add)
        },
        PageKit.exportPage("/training/bans", api: "/api/v1/training/bans", file: "bans"),
        WebPage("GET", "/training/bans/new", .signedIn(standsOn: add)) { context in try newPage(context, values: [:], error: nil) },
        WebPage("POST", "/training/bans/new", .signedIn(standsOn: add)) { context in
            try TrainingCertificatePages.requireRole(context, banWriters)
            let reply = context.api("POST", "/api/v1/training/bans", json: PageKit.body(context, add))
            guard reply.ok, let id = reply.json["id"]?.intValue else {
                return try newPage(context, values: PageKit.values(context, add), error: "禁入未登记：\(PageKit.reason(reply))", status: PageKit.status(reply))
            }
            return WebSite.redirect("/training/bans/\(id)?done=add")
        },
        WebPage("GET", "/training/bans/{id:int}", .signedIn(standsOn: "GET /api/v1/training/bans/{id:int}")) { context in
            let id = try PageKit.id(context)
            let ban = try context.get("/api/v1/training/bans/\(id)")
            let conflicts = ban["conflicts"]?.arrayValue ?? []
            let rows: [HTML] = conflicts.map { c in
                "<tr><td>\(TrainingPages.enterpriseLink(c))</td><td>\(Labels.code(Format.text(c["source"])))</td><td>\(Labels.code(Format.text(c["status"])))</td></tr>"
            }
            let table: HTML = conflicts.isEmpty ? "<p class=\"empty\">该人员目前未在禁入范围内担任主要负责人。</p>" : """
                <table class="warn-table"><caption>该人员仍在禁入范围内担任主要负责人的单位（须依法更换）</caption><thead><tr><th scope="col">生产经营单位</th><th scope="col">依据</th><th scope="col">状态</th></tr></thead><tbody>\(rows)</tbody></table>
                """
            let facts = PageKit.facts([
                ("人员", "\(Format.text(ban["person_name"]))"),
                ("类别", "\(Labels.code(Format.text(ban["kind"])))"),
                ("禁入行业", "\(ban["kind"]?.stringValue == "term" ? "所有行业" : Format.text(ban["industry_label"]))"),
                ("起始日期", "\(Format.date(ban["starts_on"]?.stringValue))"),
                ("截止日期", "\(ban["ends_on"]?.stringValue.map { Format.date($0) } ?? "终身")"),
                ("法律依据", "\(Format.text(ban["legal_basis"]))"),
                ("来源", "\(Format.text(ban["source"]))"),
                ("事故等级", "\(Labels.code(Format.text(ban["accident_grade"])))"),
                ("备注", "\(Format.text(ban["note"]))"),
            ])
            return Layout.page(context, title: "禁入：\(Format.text(ban["person_name"]))", active: "/training/bans", """
            \(PageKit.done(context, ["add": "禁入已登记。"]))\(facts)<section><h2>任职冲突</h2>\(table)</section>
            """)
        },
    ]

    static func newPage(_ context: PageContext, values: [String: String], error: String?, status: Int = 200) throws -> Response {
        try TrainingCertificatePages.requireRole(context, banWriters)
        let options = TrainingPeoplePages.personOptions(context)
        return Layout.page(context, title: "登记禁入", active: "/training/bans", status: status, """
        \(Layout.notice(error, error: true))
        <div class="card">\(PageKit.form(context, action: "/training/bans/new", route: add, prefix: "ban", button: "登记禁入", values: values, options: options,
                                          labels: ["person_id": "被禁入人员", "industry": "禁入行业", "kind": "禁入类别"],
                                          hint: "人员与公民身份号码至少填一项。未填类别时：重大、特别重大事故负有责任的为终身禁入，其余为五年期限禁入。"))</div>
        """)
    }
}
