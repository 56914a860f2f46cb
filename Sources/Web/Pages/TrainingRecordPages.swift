// 培训记录: trainings (course, day, class hours, kind, exam) — list, 导出, recording one, a record's
// page with its exam result and the exam / make-up form; 领导干部学习: leaders' study sessions of a
// unit or a territory — list, 导出, recording one, a session's page.
import HTTP
import Kernel

enum TrainingRecordPages {
    static let exam = "POST /api/v1/training/records/{id:int}/actions/exam"
    static let writers = TrainingCertificatePages.writers

    static let newRecord = CreateSpec(title: "登记培训记录", path: "/training/records", api: "/api/v1/training/records", roles: writers,
                                      hint: "带 * 的为必填项。新上岗从业人员培训须选择三级培训层级；考试 80 分合格，不合格可补考一次。",
                                      options: { TrainingPeoplePages.personOptions($0) })
    /// Leaders' study: the office, units and towns record their own (the API's rule; enterprises have none).
    static let newSession = CreateSpec(title: "登记领导干部学习", path: "/training/leader-sessions", api: "/api/v1/training/leader-sessions", roles: [.admin, .office, .unit, .town],
                                       hint: "带 * 的为必填项。成员单位和镇（景区、开发区）登记本单位的学习，可不选单位。",
                                       options: { PageKit.orgOptions($0, ["unit_id": "/api/v1/org/units", "territory_id": "/api/v1/org/territories"]) })

    static let columns: [ListColumn] = [
        ListColumn("日期") { row in "\(Format.date(row["held_on"]?.stringValue))" },
        ListColumn("课程") { row in PageKit.link("/training/records/\(row["id"]?.intValue ?? 0)", Format.text(row["course"])) },
        ListColumn("人员") { row in "\(Format.text(row["person_name"]))" },
        ListColumn("生产经营单位") { row in TrainingPages.enterpriseLink(row) },
        ListColumn("学时") { row in "\(Format.text(row["class_hours"]))" },
        ListColumn("类别") { row in "\(Labels.code(Format.text(row["kind"])))" },
        ListColumn("考试") { row in examText(row) },
    ]

    static func examText(_ row: JSON) -> HTML {
        let state = Labels.code(Format.text(row["exam"]))
        var scores: [String] = []
        if let first = row["exam_score"]?.intValue { scores.append("\(first) 分") }
        if let makeUp = row["makeup_score"]?.intValue { scores.append("补考 \(makeUp) 分") }
        return "\(state)\(scores.isEmpty ? "" : "（\(scores.joined(separator: "，"))）")"
    }

    static func row(_ row: JSON) -> HTML { "<tr>\(columns.map { "<td>\($0.cell(row))</td>" as HTML })</tr>" }

    static func table(_ rows: [HTML]) -> HTML {
        "<table><thead><tr>\(columns.map { "<th scope=\"col\">\($0.heading)</th>" as HTML })</tr></thead><tbody>\(rows)</tbody></table>"
    }

    static let pages: [WebPage] = [
        WebPage("GET", "/training/records", .signedIn(standsOn: "GET /api/v1/training/records")) { context in
            let spec = ListSpec(title: "培训记录", path: "/training/records", api: "/api/v1/training/records", shown: ["enterprise_id", "kind", "year"],
                                columns: columns, empty: "没有符合条件的培训记录。", caption: "考试不合格（含补考）的学时不计入")
            return try PageKit.listPage(context, spec, options: TrainingPeoplePages.enterpriseOptions(context), toolbar: newRecord.button(context) + TrainingImportPages.button(context))
        },
        PageKit.exportPage("/training/records", api: "/api/v1/training/records", file: "training-records"),
        WebPage("GET", "/training/records/{id:int}", .signedIn(standsOn: "GET /api/v1/training/records/{id:int}")) { context in try recordPage(context, error: nil) },
        WebPage("POST", "/training/records/{id:int}/exam", .signedIn(standsOn: exam)) { context in
            let id = try PageKit.id(context)
            try TrainingCertificatePages.requireRole(context, writers)
            let reply = context.api("POST", "/api/v1/training/records/\(id)/actions/exam", json: PageKit.body(context, exam))
            guard reply.ok else { return try recordPage(context, error: "考试成绩未记录：\(PageKit.reason(reply))", status: PageKit.status(reply)) }
            return WebSite.redirect("/training/records/\(id)?done=exam")
        },
        WebPage("GET", "/training/leader-sessions", .signedIn(standsOn: "GET /api/v1/training/leader-sessions")) { context in
            let spec = ListSpec(title: "领导干部学习", path: "/training/leader-sessions", api: "/api/v1/training/leader-sessions", shown: ["unit_id", "territory_id", "year"], columns: [
                ListColumn("日期") { row in "\(Format.date(row["held_on"]?.stringValue))" },
                ListColumn("单位") { row in PageKit.link("/training/leader-sessions/\(row["id"]?.intValue ?? 0)", Format.text(row["unit_name"]) + Format.text(row["territory_name"])) },
                ListColumn("学习内容") { row in "\(Format.text(row["topic"]))" },
                ListColumn("学时") { row in "\(Format.text(row["class_hours"]))" },
                ListColumn("参加人数") { row in "\(Format.text(row["attendees"]))" },
            ], empty: "没有学习记录。", caption: "学习习近平总书记关于安全生产的重要论述纳入干部教育培训")
            return try PageKit.listPage(context, spec, options: PageKit.orgOptions(context, ["unit_id": "/api/v1/org/units", "territory_id": "/api/v1/org/territories"]),
                                        toolbar: newSession.button(context))
        },
        PageKit.exportPage("/training/leader-sessions", api: "/api/v1/training/leader-sessions", file: "leader-sessions"),
        WebPage("GET", "/training/leader-sessions/{id:int}", .signedIn(standsOn: "GET /api/v1/training/leader-sessions/{id:int}")) { context in
            let id = try PageKit.id(context)
            let s = try context.get("/api/v1/training/leader-sessions/\(id)")
            return Layout.page(context, title: "领导干部学习", active: "/training/leader-sessions", PageKit.done(context, ["add": "学习记录已登记。"]) + PageKit.facts([
                ("单位", "\(Format.text(s["unit_name"]))\(Format.text(s["territory_name"]))"), ("日期", "\(Format.date(s["held_on"]?.stringValue))"),
                ("学习内容", "\(Format.text(s["topic"]))"), ("学时", "\(Format.text(s["class_hours"]))"), ("参加人数", "\(Format.text(s["attendees"]))"),
                ("参加的领导", "\(Format.text(s["leaders"]))"), ("备注", "\(Format.text(s["note"]))"),
            ]))
        },
    ] + newRecord.pages + newSession.pages

    static func recordPage(_ context: PageContext, error: String?, status: Int = 200) throws -> Response {
        let id = try PageKit.id(context)
        let r = try context.get("/api/v1/training/records/\(id)")
        let facts = PageKit.facts([
            ("课程", "\(Format.text(r["course"]))"), ("人员", "\(Format.text(r["person_name"]))"), ("生产经营单位", TrainingPages.enterpriseLink(r)),
            ("日期", "\(Format.date(r["held_on"]?.stringValue))"), ("学时", "\(Format.text(r["class_hours"]))"), ("培训机构", "\(Format.text(r["provider"]))"),
            ("类别", "\(Labels.code(Format.text(r["kind"])))"), ("三级培训层级", "\(Format.text(r["level"]))"),
            ("考试结果", examText(r)), ("学时是否计入", "\(r["counts"] == .bool(true) ? "计入" : "不计入（考试未通过或待补考）")"),
        ])
        let state = r["exam"]?.stringValue ?? ""
        let form: HTML = writers.contains(context.actor?.role ?? .inspector) && (state == "none" || state == "awaitingMakeUp")
            ? PageKit.action(state == "none" ? "记录考试成绩" : "记录补考成绩",
                             PageKit.form(context, action: "/training/records/\(id)/exam", route: exam, prefix: "exam", button: "保存成绩"))
            : "<p class=\"empty\">您没有可办理的事项。</p>"
        return Layout.page(context, title: "培训记录：\(Format.text(r["course"]))", active: "/training/records", status: status, """
        \(PageKit.done(context, ["add": "培训记录已登记。", "exam": "考试成绩已记录。"]))\(Layout.notice(error, error: true))\(facts)<section><h2>可办理事项</h2>\(form)</section>
        """)
    }
}
