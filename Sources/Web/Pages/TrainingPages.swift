// 安全培训: compliance by enterprise (each red enterprise's reasons and each shortfall explained in
// Chinese), by territory, industry, person or shortfall, with filters, paging and 导出 CSV; an
// enterprise's training page with its people, records and certificates. Over
// `/api/v1/training/compliance` and `/api/v1/training/enterprises/{id}`: the API scopes the rows
// (the office the district, a unit its sector, a town its territory, an enterprise itself).
import HTTP
import Kernel

enum TrainingPages {
    static let compliance = "GET /api/v1/training/compliance"
    static let enterprise = "GET /api/v1/training/enterprises/{id:int}"

    static let pages: [WebPage] = [
        WebPage("GET", "/training/compliance", .signedIn(standsOn: compliance), compliancePage),
        PageKit.exportPage("/training/compliance", api: "/api/v1/training/compliance", file: "training-compliance"),
        WebPage("GET", "/training/enterprises/{id:int}", .signedIn(standsOn: enterprise), enterprisePage),
    ] + TrainingCertificatePages.pages + TrainingBanPages.pages + TrainingPeoplePages.pages + TrainingRecordPages.pages + TrainingImportPages.pages

    static let menu = MenuSection(title: "安全培训", entries: [
        MenuEntry(label: "培训达标情况", path: "/training/compliance", standsOn: compliance),
        MenuEntry(label: "特种作业证书", path: "/training/certificates", standsOn: "GET /api/v1/training/certificates"),
        MenuEntry(label: "禁入人员", path: "/training/bans", standsOn: "GET /api/v1/training/bans"),
        MenuEntry(label: "培训人员", path: "/training/people", standsOn: "GET /api/v1/training/people"),
        MenuEntry(label: "培训记录", path: "/training/records", standsOn: "GET /api/v1/training/records"),
        MenuEntry(label: "任职记录", path: "/training/appointments", standsOn: "GET /api/v1/training/appointments"),
        MenuEntry(label: "领导干部学习", path: "/training/leader-sessions", standsOn: "GET /api/v1/training/leader-sessions"),
    ])

    // MARK: - Compliance

    static func compliancePage(_ context: PageContext) throws -> Response {
        let by = context.request.query("by").flatMap { $0.isEmpty ? nil : $0 } ?? "enterprise"
        let columns: [ListColumn]
        switch by {
        case "territory", "industry":
            columns = [
                ListColumn(by == "territory" ? "属地" : "行业") { row in "\(Format.text(row[by == "territory" ? "territory" : "industry_label"]))" },
                ListColumn("单位数") { row in "\(Format.text(row["enterprises"]))" },
                ListColumn("红色单位") { row in "\(Format.text(row["red_enterprises"]))" },
                ListColumn("人数") { row in "\(Format.text(row["people"]))" },
                ListColumn("达标") { row in "\(Format.text(row["compliant"]))" },
                ListColumn("待完成") { row in "\(Format.text(row["pending"]))" },
                ListColumn("未达标") { row in "\(Format.text(row["shortfall"]))" },
                ListColumn("达标率") { row in "\(Format.text(row["compliance_rate"]))%" },
            ]
        case "person":
            columns = [
                ListColumn("人员") { row in "\(Format.text(row["person_name"]))" },
                ListColumn("岗位") { row in "\(Labels.trainingRole(row["role"]))" },
                ListColumn("生产经营单位") { row in enterpriseLink(row) },
                ListColumn("应修/已修学时") { row in "\(Format.text(row["attended_hours"])) / \(Format.text(row["required_hours"]))" },
                ListColumn("状态") { row in "\(Labels.code(Format.text(row["status"])))" },
                ListColumn("差距说明") { row in explained(row["shortfalls"]) },
            ]
        case "shortfall":
            columns = [
                ListColumn("生产经营单位") { row in enterpriseLink(row) },
                ListColumn("人员") { row in "\(Format.text(row["person_name"]))（\(Labels.trainingRole(row["role"]))）" },
                ListColumn("差距") { row in "\(Labels.shortfallOnly(Format.text(row["message"])))" },
                ListColumn("期限") { row in
                    // A special-operation worker holds a valid certificate from the first day on the job.
                    let due = row["rule"]?.stringValue == "certificate" ? "上岗即须持证" : Format.date(row["due"]?.stringValue)
                    return "\(due)\(row["overdue"] == .bool(true) ? "（已逾期）" : "")"
                },
            ]
        default:
            columns = [
                ListColumn("状态") { row in colourDot(row) },
                ListColumn("生产经营单位") { row in enterpriseLink(row) },
                ListColumn("属地") { row in "\(Format.text(row["territory"]))" },
                ListColumn("行业") { row in "\(Format.text(row["industry_label"]))\(row["high_risk"] == .bool(true) ? "（高危）" : "")" },
                ListColumn("人数") { row in "\(Format.text(row["people"]))" },
                ListColumn("达标/待完成/未达标") { row in "\(Format.text(row["compliant"])) / \(Format.text(row["pending"])) / \(Format.text(row["shortfall"]))" },
                ListColumn("达标率") { row in "\(Format.text(row["compliance_rate"]))%" },
                ListColumn("不达标原因") { row in reasons(row["reasons"]) },
            ]
        }
        let spec = ListSpec(title: "培训达标情况", path: "/training/compliance", api: "/api/v1/training/compliance",
                            shown: ["by", "year", "on", "territory_id", "industry", "enterprise_id", "status"], columns: columns,
                            empty: "没有符合条件的记录。", caption: by == "enterprise" ? "红色：主要负责人、安全管理人员培训或特种作业人员持证不符合要求（原因见末列）" : "",
                            rowClass: { row in
                                row["colour"]?.stringValue == "red" || row["overdue"] == .bool(true) || row["status"]?.stringValue == "shortfall" ? "warn" : ""
                            }, keyset: by != "territory" && by != "industry")
        var options = PageKit.orgOptions(context, ["territory_id": "/api/v1/org/territories"])
        options["enterprise_id"] = PageKit.registry(context, "/api/v1/org/enterprises")
        options["status"] = [("compliant", "达标"), ("pending", "待完成"), ("shortfall", "未达标")]
        return try PageKit.listPage(context, spec, options: options)
    }

    static func enterpriseLink(_ row: JSON) -> HTML {
        guard let id = row["enterprise_id"]?.intValue else { return "\(Format.text(row["enterprise_name"]))" }
        return PageKit.link("/training/enterprises/\(id)", Format.text(row["enterprise_name"]))
    }

    static func colourDot(_ row: JSON) -> HTML {
        let colour = row["colour"]?.stringValue
        let why = (row["reasons"]?.arrayValue ?? []).map { Labels.redReason(Format.text($0)) }.joined(separator: "；")
        let name = colour == "red" ? "红" : "绿"
        let reason = colour == "red" ? why : "培训和持证符合要求"
        return "<span class=\"dot dot-\(colour ?? "")\" title=\"\(reason)\"><span class=\"sr\">\(name)：\(reason)</span></span> \(name)"
    }

    static func reasons(_ value: JSON?) -> HTML {
        let items = (value?.arrayValue ?? []).map { Labels.redReason(Format.text($0)) }
        guard !items.isEmpty else { return .empty }
        return "<ul class=\"reasons\">\(items.map { "<li>\($0)</li>" as HTML })</ul>"
    }

    /// A person's shortfalls, beside their name (so without the name the API's words begin with).
    static func explained(_ value: JSON?) -> HTML {
        let items = (value?.arrayValue ?? []).map { Labels.shortfallOnly(Format.text($0)) }
        guard !items.isEmpty else { return .empty }
        return "<ul class=\"reasons\">\(items.map { "<li>\($0)</li>" as HTML })</ul>"
    }

    // MARK: - An enterprise

    static func enterprisePage(_ context: PageContext) throws -> Response {
        let id = try PageKit.id(context)
        let year = context.request.query("year").flatMap { Int($0) }
        let view = try context.get("/api/v1/training/enterprises/\(id)", query: year.map { [("year", String($0))] } ?? [])
        let name = Format.text(view["enterprise_name"])
        let people = view["people_compliance"]?.arrayValue ?? []
        let facts = PageKit.facts([
            ("培训状态", colourDot(view)),
            ("年度", "\(Format.text(view["year"]))年"),
            ("属地", "\(Format.text(view["territory"]))"),
            ("行业", "\(Format.text(view["industry_label"]))\(view["high_risk"] == .bool(true) ? "（高危行业）" : "")"),
            ("人员", "\(Format.text(view["people"])) 人：达标 \(Format.text(view["compliant"]))，待完成 \(Format.text(view["pending"]))，未达标 \(Format.text(view["shortfall"]))（达标率 \(Format.text(view["compliance_rate"]))%）"),
            ("不达标原因", reasons(view["reasons"])),
        ])
        let rows: [HTML] = people.map { person in
            let tp = person["training_person_id"]?.intValue ?? 0
            return """
            <tr class="\(person["status"]?.stringValue == "shortfall" ? "warn" : "")"><td><a href="/training/people/\(tp)">\(Format.text(person["person_name"]))</a></td>\
            <td>\(Labels.trainingRole(person["role"]))</td><td class="num">\(Format.text(person["attended_hours"])) / \(Format.text(person["required_hours"]))</td>\
            <td>\(Labels.code(Format.text(person["status"])))</td><td>\(explained(person["shortfalls"]))</td></tr>
            """
        }
        let peopleTable: HTML = people.isEmpty ? "<p class=\"empty\">本年度没有须培训的人员。</p>" : """
            <table><caption>各人员本年度培训情况（已修/应修学时）</caption><thead><tr><th scope="col">人员</th><th scope="col">岗位</th><th scope="col">学时</th>\
            <th scope="col">状态</th><th scope="col">差距说明</th></tr></thead><tbody>\(rows)</tbody></table>
            """
        let records = (try? context.get("/api/v1/training/records", query: [("enterprise_id", String(id)), ("limit", "20")])["items"]?.arrayValue) ?? []
        let certificates = (try? context.get("/api/v1/training/certificates", query: [("enterprise_id", String(id)), ("limit", "20")])["items"]?.arrayValue) ?? []
        let recordRows: [HTML] = records.map { r in
            "<tr><td>\(Format.date(r["held_on"]?.stringValue))</td><td><a href=\"/training/records/\(r["id"]?.intValue ?? 0)\">\(Format.text(r["course"]))</a></td><td>\(Format.text(r["person_name"]))</td><td class=\"num\">\(Format.text(r["class_hours"]))</td><td>\(Labels.code(Format.text(r["kind"])))</td><td>\(Labels.code(Format.text(r["exam"])))</td></tr>"
        }
        let certificateRows: [HTML] = certificates.map(TrainingCertificatePages.row)
        let recordTable: HTML = records.isEmpty ? "<p class=\"empty\">暂无培训记录。</p>" : """
            <table><thead><tr><th scope="col">日期</th><th scope="col">课程</th><th scope="col">人员</th><th scope="col">学时</th><th scope="col">类别</th><th scope="col">考试</th></tr></thead><tbody>\(recordRows)</tbody></table>
            """
        let certificateTable: HTML = certificates.isEmpty ? "<p class=\"empty\">暂无证书。</p>" : TrainingCertificatePages.table(certificateRows)
        return Layout.page(context, title: "\(name)：安全培训", active: "/training/compliance", """
        \(facts)
        <section><h2>人员培训情况</h2>\(peopleTable)<p><a href="/training/people?enterprise_id=\(id)">全部培训人员</a></p></section>
        <section><h2>培训记录</h2>\(recordTable)<p><a href="/training/records?enterprise_id=\(id)">全部培训记录</a></p></section>
        <section><h2>特种作业证书</h2>\(certificateTable)<p><a href="/training/certificates?enterprise_id=\(id)">全部证书</a></p></section>
        """)
    }
}

extension Labels {
    static func trainingRole(_ value: JSON?) -> String {
        let code = Format.text(value)
        return ["principalPerson": "主要负责人", "safetyManager": "安全生产管理人员", "specialOperator": "特种作业人员",
                "newWorker": "新上岗从业人员", "worker": "从业人员"][code] ?? code
    }
}
