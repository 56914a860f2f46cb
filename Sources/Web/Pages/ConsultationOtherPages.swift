// 风险会商, beside the meetings: decisions with their live follow-up (红黄绿 with the reason, the task
// and ledger lines made from them), 季度会商情况 (which bodies held their quarterly meeting), the
// generated agenda of a body's next meeting (the office's), and the meeting kinds (the office adds
// and changes them).
import HTTP
import Kernel

enum ConsultationOtherPages {
    static let base = ConsultationPages.base
    static let addKind = "POST \(base)/kinds"
    static let updateKind = "PATCH \(base)/kinds/{id:int}"

    static let pages: [WebPage] = [
        WebPage("GET", "/consultations/decisions", .signedIn(standsOn: "GET \(base)/decisions")) { context in
            let spec = ListSpec(title: "决定事项", path: "/consultations/decisions", api: "\(base)/decisions", shown: ["status", "lead_unit_id", "lead_territory_id"],
                                columns: decisionColumns, empty: "没有符合条件的决定事项。", caption: "圆点：红色逾期，黄色即将到期，绿色按期或已办结（悬停可见原因）")
            return try PageKit.listPage(context, spec, options: PageKit.orgOptions(context, ["lead_unit_id": "/api/v1/org/units", "lead_territory_id": "/api/v1/org/territories"]))
        },
        PageKit.exportPage("/consultations/decisions", api: "\(base)/decisions", file: "decisions"),
        WebPage("GET", "/consultations/decisions/{id:int}", .signedIn(standsOn: "GET \(base)/decisions/{id:int}")) { context in
            let id = try PageKit.id(context)
            let d = try context.get("\(base)/decisions/\(id)")
            let lines: [HTML] = (d["ledger_lines"]?.arrayValue ?? []).map { line in
                let path = context.site.pagePath(forAPI: line["link"]?.stringValue)
                let text = "台账 \(Format.text(line["id"]))，期限\(Format.date(line["due"]?.stringValue))"
                return path.map { "<li><a href=\"\($0)\">\(text)</a></li>" } ?? "<li>\(text)</li>"
            }
            let facts = PageKit.facts([
                ("决定事项", "\(Format.text(d["text"]))"),
                ("会议", PageKit.link("/consultations/meetings/\(d["meeting_id"]?.intValue ?? 0)", "\(Format.text(d["meeting_title"]))（\(Format.date(d["meeting_held_on"]?.stringValue))）")),
                ("牵头", "\(Format.text(d["lead"]?["name"]))"),
                ("完成期限", "\(Format.date(d["deadline"]?.stringValue))"),
                ("办理状态", "\(colourDot(d)) \(Labels.code(Format.text(d["status"])))\(Format.text(d["reason"]).isEmpty ? "" : "（\(Labels.chineseDates(Format.text(d["reason"])))）")"),
                ("是否转为督办任务", "\(d["tracked"] == .bool(true) ? "是" : "否（仅记录）")"),
                // The task's page when the responsibilities pages have one (else its number).
                ("督办任务", d["task_id"]?.intValue.map { task in
                    context.site.pagePath(forAPI: d["task_link"]?.stringValue).map { PageKit.link($0, "任务 \(task)") } ?? "任务 \(task)"
                } ?? .empty),
                ("办结时间", "\(Format.date(d["completed_at"]?.stringValue))\(d["completed_on_time"] == .bool(false) ? "（逾期办结）" : "")"),
                ("台账", lines.isEmpty ? .empty : "<ul>\(lines)</ul>"),
            ])
            return Layout.page(context, title: "决定事项", active: "/consultations/decisions", facts)
        },
        WebPage("GET", "/consultations/compliance", .signedIn(standsOn: "GET \(base)/compliance")) { context in
            let spec = ListSpec(title: "季度会商情况", path: "/consultations/compliance", api: "\(base)/compliance", shown: ["quarter", "as_of"], columns: [
                ListColumn("状态") { row in colourDot(row) },
                ListColumn("召开主体") { row in "\(Format.text(row["body"]))" },
                ListColumn("会议类别") { row in "\(Format.text(row["kind_name"]))" },
                ListColumn("季度") { row in "\(Format.text(row["quarter"]))" },
                ListColumn("是否召开") { row in "\(row["held"] == .bool(true) ? "已召开" : "未召开")" },
                ListColumn("会议") { row in
                    let links: [HTML] = (row["meetings"]?.arrayValue ?? []).map { m in
                        "<li>\(PageKit.link("/consultations/meetings/\(m["id"]?.intValue ?? 0)", "\(Format.text(m["title"]))（\(Format.date(m["held_on"]?.stringValue))）"))</li>"
                    }
                    return links.isEmpty ? .empty : "<ul class=\"reasons\">\(links)</ul>"
                },
                ListColumn("说明") { row in "\(Labels.chineseDates(Format.text(row["reason"])))" },
            ], empty: "本季度没有须召开会议的主体。", caption: "每季度须召开的会议：红色已过季度未召开，黄色季度将尽尚未召开", keyset: false)
            return try PageKit.listPage(context, spec)
        },
        PageKit.exportPage("/consultations/compliance", api: "\(base)/compliance", file: "meeting-compliance"),
        WebPage("GET", "/consultations/agenda", .signedIn(standsOn: "GET \(base)/agenda"), agendaPage),
        WebPage("GET", "/consultations/kinds", .signedIn(standsOn: "GET \(base)/kinds")) { context in try kindsPage(context, values: [:], error: nil) },
        WebPage("POST", "/consultations/kinds", .signedIn(standsOn: addKind)) { context in
            let reply = context.api("POST", "\(base)/kinds", json: PageKit.body(context, addKind))
            guard reply.ok else { return try kindsPage(context, values: PageKit.values(context, addKind), error: "会议类别未添加：\(PageKit.reason(reply))", status: PageKit.status(reply)) }
            return WebSite.redirect("/consultations/kinds?done=add")
        },
        WebPage("POST", "/consultations/kinds/{id:int}", .signedIn(standsOn: updateKind)) { context in
            let id = try PageKit.id(context)
            var body = PageKit.body(context, updateKind)
            // An emptied 每季度 field means held as needed (null), as the API takes it.
            if context.form.value("required_from")?.isEmpty == true, case .object(var members) = body {
                members.append(JSON.Member("required_from", .null))
                body = .object(members)
            }
            let reply = context.api("PATCH", "\(base)/kinds/\(id)", json: body)
            guard reply.ok else { return try kindsPage(context, values: [:], error: "会议类别未修改：\(PageKit.reason(reply))", status: PageKit.status(reply)) }
            return WebSite.redirect("/consultations/kinds?done=edit")
        },
    ]

    // MARK: - Decisions

    static func colourDot(_ row: JSON) -> HTML {
        let colour = row["colour"]?.stringValue
        let reason = Labels.chineseDates(Format.text(row["reason"]))
        let name = colour == "red" ? "红" : colour == "yellow" ? "黄" : colour == "green" ? "绿" : ""
        guard !name.isEmpty else { return .empty }
        return "<span class=\"dot dot-\(colour ?? "")\" title=\"\(reason)\"><span class=\"sr\">\(name)：\(reason)</span></span>"
    }

    static let decisionColumns: [ListColumn] = [
        ListColumn("状态") { row in "\(colourDot(row)) \(Labels.code(Format.text(row["status"])))" },
        ListColumn("决定事项") { row in PageKit.link("/consultations/decisions/\(row["id"]?.intValue ?? 0)", Format.text(row["text"])) },
        ListColumn("会议") { row in PageKit.link("/consultations/meetings/\(row["meeting_id"]?.intValue ?? 0)", Format.text(row["meeting_title"])) },
        ListColumn("牵头") { row in "\(Format.text(row["lead"]?["name"]))" },
        ListColumn("完成期限") { row in "\(Format.date(row["deadline"]?.stringValue))" },
        ListColumn("说明") { row in "\(Labels.chineseDates(Format.text(row["reason"])))" },
    ]

    static func decisionRow(_ row: JSON) -> HTML { "<tr>\(decisionColumns.map { "<td>\($0.cell(row))</td>" as HTML })</tr>" }

    static func decisionTable(_ rows: [HTML]) -> HTML {
        "<table><thead><tr>\(decisionColumns.map { "<th scope=\"col\">\($0.heading)</th>" as HTML })</tr></thead><tbody>\(rows)</tbody></table>"
    }

    // MARK: - The generated agenda

    static func agendaPage(_ context: PageContext) throws -> Response {
        let chosen = PageKit.chosen(context, "GET \(base)/agenda")
        var values: [String: String] = [:]
        for (name, value) in chosen { values[name] = value }
        let specs = context.site.params("GET \(base)/agenda")
        var options = ConsultationPages.filterOptions(context)
        options["group_id"] = PageKit.registry(context, "/api/v1/org/groups")
        let form: HTML = """
            <form method="get" action="/consultations/agenda" class="filters" role="search">
            \(ContractForm.fields(specs, prefix: "agenda", values: values, options: options, labels: PageKit.labels.merging(["kind": "会议类别"]) { _, b in b }, compact: true))
            <div class="actions"><button type="submit" class="primary">生成</button></div></form>
            """
        let reply = context.api("GET", "\(base)/agenda", query: chosen)
        guard reply.ok else {
            if reply.status == 400 || reply.status == 422 {
                return Layout.page(context, title: "生成议程", active: "/consultations/agenda", status: 422, form + Layout.notice("议程未生成：\(reply.problem)", error: true))
            }
            throw PageFailure.from(reply)
        }
        let agenda = reply.json
        let last: HTML = agenda["last_meeting"]?["id"]?.intValue.map { id in
            "上次会议：\(PageKit.link("/consultations/meetings/\(id)", Format.text(agenda["last_meeting"]?["title"])))（\(Format.date(agenda["last_meeting"]?["held_on"]?.stringValue))），以下为此后的新情况。"
        } ?? "尚无上次会议。"
        let sections: [HTML] = (agenda["sections"]?.arrayValue ?? []).map { section in
            let items: [HTML] = (section["items"]?.arrayValue ?? []).map { item in
                let summary = sectorInChinese(Labels.chineseDates(Format.text(item["summary"])), context)
                let link = context.site.pagePath(forAPI: item["link"]?.stringValue) ?? item["decision_id"]?.intValue.map { "/consultations/decisions/\($0)" }
                let text: HTML = link.map { "<a href=\"\($0)\">\(summary)</a>" } ?? "\(summary)"
                return "<li>\(colourDot(item)) \(text)</li>"
            }
            return "<section><h2>\(Format.text(section["title"]))（\(Format.text(section["count"])) 项）</h2>\(items.isEmpty ? HTML("<p class=\"empty\">无。</p>") : "<ol>\(items)</ol>")</section>"
        }
        let start: HTML = context.may(ConsultationPages.record)
            ? "<a class=\"button\" href=\"/consultations/meetings/new?\(Format.query([("from_agenda", "1"), ("kind", Format.text(agenda["kind"]))]))\">按此议程录入会议</a>" : .empty
        return Layout.page(context, title: "生成议程", active: "/consultations/agenda", """
        \(form)
        <p>\(Format.text(agenda["body"]))「\(Format.text(agenda["kind_name"]))」下次会议议程，生成于\(Format.date(agenda["generated_on"]?.stringValue))，共 \(Format.text(agenda["total"])) 项。\(last)</p>
        <div class="toolbar">\(start)</div>
        \(sections)
        """)
    }

    /// A new hazard's summary ends with its sector's code (`…有限公司，manufacturing`): its Chinese name.
    static func sectorInChinese(_ summary: String, _ context: PageContext) -> String {
        guard let comma = summary.range(of: "，", options: .backwards) else { return summary }
        let code = String(summary[comma.upperBound...])
        let label = HazardPages.choiceLabel(context.site.params(HazardPages.list), "sector", .string(code))
        return label == code ? summary : String(summary[..<comma.upperBound]) + label
    }

    // MARK: - Kinds

    static func kindsPage(_ context: PageContext, values: [String: String], error: String?, status: Int = 200) throws -> Response {
        let kinds = try context.get("\(base)/kinds")["items"]?.arrayValue ?? []
        let office = context.may(addKind)
        let rows: [HTML] = kinds.map { kind in
            let id = kind["id"]?.intValue ?? 0
            let edit: HTML = office ? """
                <details class="action"><summary>修改</summary>\(PageKit.form(context, action: "/consultations/kinds/\(id)", route: updateKind, prefix: "kind\(id)", button: "保存",
                    values: ["name": Format.text(kind["name"]), "body_name": Format.text(kind["body_name"]), "required_from": Format.text(kind["required_from"])],
                    hint: "清空“每季度须召开”一项即改为按需召开。"))</details>
                """ : .empty
            return """
            <tr><td>\(Format.text(kind["name"]))</td><td><code>\(Format.text(kind["code"]))</code></td><td>\(Format.text(kind["body_name"]))</td>\
            <td>\(kind["required_each_quarter"] == .bool(true) ? "每季度（自 \(Format.text(kind["required_from"])) 起）" : "按需")</td><td>\(edit)</td></tr>
            """
        }
        let add: HTML = office ? "<section class=\"card\"><h2>添加会议类别</h2>\(PageKit.form(context, action: "/consultations/kinds", route: addKind, prefix: "newkind", button: "添加", values: values, hint: "带 * 的为必填项。代码须为英文字母开头的字母和数字，且未被使用。"))</section>" : .empty
        return Layout.page(context, title: "会议类别", active: "/consultations/kinds", status: status, """
        \(PageKit.done(context, ["add": "会议类别已添加。", "edit": "会议类别已修改。"]))\(Layout.notice(error, error: true))
        <table><thead><tr><th scope="col">名称</th><th scope="col">代码</th><th scope="col">召开主体</th><th scope="col">频次</th><th scope="col">操作</th></tr></thead><tbody>\(rows)</tbody></table>
        \(add)
        """)
    }
}
