// 风险会商: meetings — the list (quarter, kind, year), recording a held meeting (its attendees and
// agenda, the office's form able to start from the generated agenda), a meeting's page with its
// attendees, agenda, carried decisions, risks (红橙黄蓝), decisions with their live status and
// attachments, the forms to add risks, decisions and files, and 打印会议纪要 (the print view).
// Over `/api/v1/consultations/meetings…`: the office records any meeting, a special leading group's
// host unit that group's; the API scopes who sees which meeting (404 otherwise).
import Foundation
import HTTP
import Kernel

enum ConsultationPages {
    static let base = "/api/v1/consultations"
    static let list = "GET \(base)/meetings"
    static let record = "POST \(base)/meetings"
    static let addRisk = "POST \(base)/meetings/{id:int}/risks"
    static let addDecision = "POST \(base)/meetings/{id:int}/decisions"
    static let attach = "POST \(base)/meetings/{id:int}/attachments"
    static let update = "PATCH \(base)/meetings/{id:int}"

    static let pages: [WebPage] = [
        WebPage("GET", "/consultations/meetings", .signedIn(standsOn: list), listPage),
        PageKit.exportPage("/consultations/meetings", api: "\(base)/meetings", file: "meetings"),
        WebPage("GET", "/consultations/meetings/new", .signedIn(standsOn: record)) { context in try newPage(context, values: [:], error: nil) },
        WebPage("POST", "/consultations/meetings/new", .signedIn(standsOn: record)) { context in
            let reply = context.api("POST", "\(base)/meetings", json: meetingBody(context))
            guard reply.ok, let id = reply.json["id"]?.intValue else {
                var values = PageKit.values(context, record)
                for name in ["agenda_lines", "people_lines"] { values[name] = context.form.value(name) }
                return try newPage(context, values: values, error: "会议未录入：\(PageKit.reason(reply))", status: PageKit.status(reply))
            }
            return WebSite.redirect("/consultations/meetings/\(id)?done=record")
        },
        WebPage("GET", "/consultations/meetings/{id:int}", .signedIn(standsOn: "GET \(base)/meetings/{id:int}")) { context in try meetingPage(context, error: nil) },
        WebPage("POST", "/consultations/meetings/{id:int}/risks", .signedIn(standsOn: addRisk)) { context in
            var body = PageKit.body(context, addRisk, skip: ["units", "territories"])
            body = adding(body, ["units": ids(context, "units"), "territories": ids(context, "territories")])
            return try part(context, "risks", body, what: "风险研判", done: "risk")
        },
        WebPage("POST", "/consultations/meetings/{id:int}/decisions", .signedIn(standsOn: addDecision)) { context in
            try part(context, "decisions", PageKit.body(context, addDecision), what: "决定事项", done: "decision")
        },
        WebPage("POST", "/consultations/meetings/{id:int}/attachments", .signedIn(standsOn: attach)) { context in
            guard let file = context.form.file("file") else { return try meetingPage(context, error: "请选择要上传的文件。", status: 422) }
            return try part(context, "attachments", .object([
                "name": .string(file.name.isEmpty ? "附件" : file.name), "media_type": .string(file.type),
                "content_base64": .string(Data(file.bytes).base64EncodedString()),
            ]), what: "上传附件", done: "attach")
        },
        WebPage("POST", "/consultations/meetings/{id:int}/edit", .signedIn(standsOn: update)) { context in
            let id = try PageKit.id(context)
            let reply = context.api("PATCH", "\(base)/meetings/\(id)", json: PageKit.body(context, update, skip: ["agenda", "held_on"]))
            guard reply.ok else { return try meetingPage(context, error: "修改未完成：\(PageKit.reason(reply))", status: PageKit.status(reply)) }
            return WebSite.redirect("/consultations/meetings/\(id)?done=edit")
        },
        WebPage("GET", "/consultations/meetings/{id:int}/attachments/{attachment:int}", .signedIn(standsOn: "GET \(base)/meetings/{id:int}/attachments/{attachment:int}")) { context in
            let id = try PageKit.id(context)
            let attachment = try PageKit.id(context, "attachment")
            let reply = context.api("GET", "\(base)/meetings/\(id)/attachments/\(attachment)")
            guard reply.ok else { throw PageFailure.from(reply) }
            var response = Response(status: 200, contentType: reply.header("Content-Type") ?? "application/octet-stream", body: reply.body)
            let type = reply.header("Content-Type") ?? ""
            response.headers.set("Content-Disposition", type.hasPrefix("image/") || type.hasPrefix("application/pdf") ? "inline" : "attachment; filename=\"attachment-\(attachment)\"")
            return response
        },
    ] + ConsultationOtherPages.pages

    static let menu = MenuSection(title: "风险会商", entries: [
        MenuEntry(label: "会商会议", path: "/consultations/meetings", standsOn: list),
        MenuEntry(label: "录入会议", path: "/consultations/meetings/new", standsOn: record),
        MenuEntry(label: "生成议程", path: "/consultations/agenda", standsOn: "GET \(base)/agenda"),
        MenuEntry(label: "决定事项", path: "/consultations/decisions", standsOn: "GET \(base)/decisions"),
        MenuEntry(label: "季度会商情况", path: "/consultations/compliance", standsOn: "GET \(base)/compliance"),
        MenuEntry(label: "会议类别", path: "/consultations/kinds", standsOn: "GET \(base)/kinds"),
    ])

    // MARK: - The list

    static func listPage(_ context: PageContext) throws -> Response {
        let spec = ListSpec(title: "会商会议", path: "/consultations/meetings", api: "\(base)/meetings", shown: ["kind", "quarter", "year", "group_id"], columns: [
            ListColumn("日期") { row in "\(Format.date(row["held_on"]?.stringValue))" },
            ListColumn("会议") { row in PageKit.link("/consultations/meetings/\(row["id"]?.intValue ?? 0)", Format.text(row["title"])) },
            ListColumn("类别") { row in "\(Format.text(row["kind_name"]))\(row["ad_hoc"] == .bool(true) ? "（临时）" : "")\(Format.text(row["group_name"]).isEmpty ? "" : "：" + Format.text(row["group_name"]))" },
            ListColumn("召集人") { row in "\(Format.text(row["convener"]))" },
            ListColumn("出席/缺席") { row in "\(Format.text(row["present_count"])) / \(Format.text(row["absent_count"]))" },
            ListColumn("研判风险") { row in "\(Format.text(row["risk_count"]))" },
            ListColumn("决定事项（未办结/已办结）") { row in "\(Format.text(row["decision_count"]))（\(Format.text(row["open_decisions"])) / \(Format.text(row["done_decisions"]))）" },
        ], empty: "没有您可查看的会议。")
        let add: HTML = context.may(record) ? "<a class=\"button\" href=\"/consultations/meetings/new\">录入会议</a>" : .empty
        return try PageKit.listPage(context, spec, options: filterOptions(context), toolbar: add)
    }

    static func filterOptions(_ context: PageContext) -> ContractForm.Options {
        var options: ContractForm.Options = [:]
        options["kind"] = kindOptions(context)
        options["group_id"] = PageKit.registry(context, "/api/v1/org/groups")
        return options
    }

    static func kindOptions(_ context: PageContext) -> [(code: String, label: String)]? {
        let kinds = (try? context.get("\(base)/kinds"))?["items"]?.arrayValue ?? []
        return kinds.isEmpty ? nil : kinds.map { (Format.text($0["code"]), Format.text($0["name"])) }
    }

    // MARK: - Recording a meeting

    /// The form's lists: several selected units / territories, and text lines.
    static func ids(_ context: PageContext, _ name: String) -> [JSON] {
        context.form.fields.filter { $0.name == name && !$0.value.isEmpty }.map { Int64($0.value).map(JSON.int) ?? .string($0.value) }
    }

    static func lines(_ context: PageContext, _ name: String) -> [String] {
        (context.form.value(name) ?? "").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    static func adding(_ body: JSON, _ lists: [String: [JSON]]) -> JSON {
        guard case .object(var members) = body else { return body }
        for (name, items) in lists.sorted(by: { $0.key < $1.key }) where !items.isEmpty { members.append(JSON.Member(name, .array(items))) }
        return .object(members)
    }

    static func meetingBody(_ context: PageContext) -> JSON {
        var attendees: [JSON] = ids(context, "attendee_units").map { .object(["unit_id": $0]) }
        attendees += ids(context, "attendee_territories").map { .object(["territory_id": $0]) }
        attendees += lines(context, "people_lines").map { line in
            let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
            return parts.count > 1 ? .object(["person": .string(parts[0]), "role": .string(parts[1])]) : .object(["person": .string(line)])
        }
        return adding(PageKit.body(context, record, skip: ["agenda", "attendees", "absent_units", "absent_territories", "risks", "decisions", "attachments"]), [
            "agenda": lines(context, "agenda_lines").map(JSON.string), "attendees": attendees,
            "absent_units": ids(context, "absent_units"), "absent_territories": ids(context, "absent_territories"),
        ])
    }

    static func multiSelect(_ name: String, id: String, label: String, options: [(code: String, label: String)]?, hint: String = "") -> HTML {
        guard let options, !options.isEmpty else { return .empty }
        let items: [HTML] = options.map { "<option value=\"\($0.code)\">\($0.label)</option>" }
        return "<div class=\"field\"><label for=\"\(id)\">\(label)</label><select id=\"\(id)\" name=\"\(name)\" multiple size=\"6\">\(items)</select>\(hint.isEmpty ? HTML.empty : "<p class=\"hint\">\(hint)</p>")</div>"
    }

    static func newPage(_ context: PageContext, values: [String: String], error: String?, status: Int = 200) throws -> Response {
        var values = values
        var note: HTML = .empty
        // The office may start from the generated agenda of the kind's next meeting.
        if context.request.query("from_agenda") != nil, values["agenda_lines"] == nil {
            let kind = context.request.query("kind") ?? "riskConsultation"
            let reply = context.api("GET", "\(base)/agenda", query: [("kind", kind)])
            if reply.ok {
                let sections = reply.json["sections"]?.arrayValue ?? []
                values["agenda_lines"] = sections.filter { ($0["count"]?.intValue ?? 0) > 0 }.map { "\(Format.text($0["title"]))（\(Format.text($0["count"])) 项）" }.joined(separator: "\n")
                values["kind"] = kind
                note = Layout.notice("议程已按生成的议程填入，可修改。")
            }
        }
        let units = PageKit.registry(context, "/api/v1/org/units")
        let territories = PageKit.registry(context, "/api/v1/org/territories")
        var options = filterOptions(context)
        options["convener_unit_id"] = units
        // A member unit records only the meetings of the special leading groups whose office it hosts.
        if context.actor?.isOffice == false, case .unit(let unitID)? = context.actor?.scope {
            let groups = ((try? context.get("/api/v1/org/groups", query: [("limit", "200")]))?["items"]?.arrayValue ?? [])
                .filter { $0["host_unit_id"]?.intValue == unitID }
            guard !groups.isEmpty else {
                return Layout.page(context, title: "录入会议", active: "/consultations/meetings/new", status: status,
                                   Layout.notice(error, error: true) + Layout.notice("贵单位不承办专项领导小组办公室，没有需要录入的会议；区安委办录入各类会商会议。"))
            }
            let kinds = ((try? context.get("\(base)/kinds"))?["items"]?.arrayValue ?? []).filter { $0["body_kind"]?.stringValue == "specialGroup" }
            options["kind"] = kinds.map { (Format.text($0["code"]), Format.text($0["name"])) }
            options["group_id"] = groups.map { (Format.text($0["id"]), Format.text($0["name"])) }
        }
        let scalars = context.site.body(record)
        let fields = ContractForm.fields(scalars, prefix: "meeting", values: values, options: options.merging(PageKit.choiceOptions(scalars)) { a, _ in a },
                                         labels: PageKit.labels.merging(["kind": "会议类别", "held_on": "召开日期", "minutes": "会议纪要（可稍后补充）"]) { _, b in b })
        let agendaLink: HTML = context.may("GET \(base)/agenda") ? "<p><a href=\"/consultations/meetings/new?from_agenda=1\">按生成的议程填入</a>（季度风险会商）</p>" : .empty
        return Layout.page(context, title: "录入会议", active: "/consultations/meetings/new", status: status, """
        \(note)\(Layout.notice(error, error: true))
        <p class="hint">会议召开后录入：出席单位和人员、议程；研判的风险和决定事项可在会议页面逐条添加。区安委办可录入各类会议，专项领导小组会议由其办公室所在单位录入。</p>
        \(agendaLink)
        <form method="post" action="/consultations/meetings/new" class="stack card">\(context.csrfField)
        \(fields)
        <div class="field"><label for="meeting-agenda">议程（每行一项）</label><textarea id="meeting-agenda" name="agenda_lines" rows="5">\(values["agenda_lines"] ?? "")</textarea></div>
        \(multiSelect("attendee_units", id: "meeting-units", label: "出席的成员单位", options: units, hint: "按住 Ctrl 可多选"))
        \(multiSelect("attendee_territories", id: "meeting-territories", label: "出席的镇（景区、开发区）", options: territories))
        <div class="field"><label for="meeting-people">出席人员（每行一人：姓名 角色）</label><textarea id="meeting-people" name="people_lines" rows="3">\(values["people_lines"] ?? "")</textarea></div>
        \(multiSelect("absent_units", id: "meeting-absent-units", label: "应到未到的成员单位", options: units))
        \(multiSelect("absent_territories", id: "meeting-absent-territories", label: "应到未到的镇（景区、开发区）", options: territories))
        <p class="hint">带 * 的为必填项。会议日期不得晚于今天。</p>
        <button type="submit" class="primary">录入</button></form>
        """)
    }

    // MARK: - A meeting

    static func part(_ context: PageContext, _ path: String, _ body: JSON, what: String, done: String) throws -> Response {
        let id = try PageKit.id(context)
        let reply = context.api("POST", "\(base)/meetings/\(id)/\(path)", json: body)
        guard reply.ok else { return try meetingPage(context, error: "\(what)未完成：\(PageKit.reason(reply))", status: PageKit.status(reply)) }
        return WebSite.redirect("/consultations/meetings/\(id)?done=\(done)")
    }

    static func meetingPage(_ context: PageContext, error: String?, status: Int = 200) throws -> Response {
        let id = try PageKit.id(context)
        let m = try context.get("\(base)/meetings/\(id)")
        let present = (m["attendees"]?.arrayValue ?? []).map { a in Format.text(a["name"]) + (Format.text(a["role"]).isEmpty ? "" : "（\(Format.text(a["role"]))）") }
        let absent = (m["absent_units"]?.arrayValue ?? []).map { Format.text($0["name"]) }
        let facts = PageKit.facts([
            ("类别", "\(Format.text(m["kind_name"]))\(m["ad_hoc"] == .bool(true) ? "（临时会议）" : "")\(Format.text(m["group_name"]).isEmpty ? "" : "：" + Format.text(m["group_name"]))"),
            ("召开日期", "\(Format.date(m["held_on"]?.stringValue))（\(Format.text(m["quarter"]))）"),
            ("召集人", "\(Format.text(m["convener"]))\(Format.text(m["convener_unit_name"]).isEmpty ? "" : "，" + Format.text(m["convener_unit_name"]))"),
            ("地点", "\(Format.text(m["venue"]))"),
            ("出席", "\(present.joined(separator: "、"))"),
            ("应到未到", "\(absent.joined(separator: "、"))"),
            ("录入人", "\(Format.actor(m["recorded_by"]))"),
        ])
        let agenda: [HTML] = (m["agenda"]?.arrayValue ?? []).map { "<li>\(Format.text($0))</li>" }
        let risks = m["risks"]?.arrayValue ?? []
        let riskRows: [HTML] = risks.map { r in
            let bodies = (r["bodies"]?.arrayValue ?? []).map { Format.text($0["name"]) }.joined(separator: "、")
            return "<tr><td class=\"nowrap\"><span class=\"risk risk-\(Format.text(r["level"]))\">\(Format.text(r["level_colour"]))</span> \(Format.text(r["level_name"]))</td><td>\(Format.text(r["area"]))</td><td>\(Format.text(r["description"]))</td><td>\(Format.text(r["measures"]))</td><td>\(bodies)</td></tr>"
        }
        let riskTable: HTML = risks.isEmpty ? "<p class=\"empty\">尚未记录研判的风险。</p>" : """
            <table><thead><tr><th scope="col">等级</th><th scope="col">领域</th><th scope="col">风险</th><th scope="col">管控措施</th><th scope="col">涉及单位</th></tr></thead><tbody>\(riskRows)</tbody></table>
            """
        let attachments: [HTML] = (m["attachments"]?.arrayValue ?? []).map { a in
            "<li><a href=\"/consultations/meetings/\(id)/attachments/\(a["id"]?.intValue ?? 0)\">\(Format.text(a["name"]))</a></li>"
        }
        var forms: [HTML] = []
        // The registry's units and territories, read once for all the forms that choose them.
        let units = context.may(addRisk) || context.may(addDecision) || context.may(update) ? PageKit.registry(context, "/api/v1/org/units") : nil
        let territories = context.may(addRisk) || context.may(addDecision) ? PageKit.registry(context, "/api/v1/org/territories") : nil
        if context.may(addRisk) {
            let specs = context.site.body(addRisk)
            forms.append(PageKit.action("记录研判的风险", """
            <form method="post" action="/consultations/meetings/\(id)/risks" class="stack">\(context.csrfField)
            \(ContractForm.fields(specs, prefix: "risk", options: PageKit.choiceOptions(specs), labels: PageKit.labels.merging(["level": "风险等级（红橙黄蓝）"]) { _, b in b }))
            \(multiSelect("units", id: "risk-units", label: "涉及的成员单位", options: units))\(multiSelect("territories", id: "risk-territories", label: "涉及的镇（景区、开发区）", options: territories))
            <button type="submit" class="primary">记录风险</button></form>
            """))
        }
        if context.may(addDecision) {
            forms.append(PageKit.action("记录决定事项", PageKit.form(context, action: "/consultations/meetings/\(id)/decisions", route: addDecision, prefix: "decision", button: "记录决定事项",
                                                                options: ["lead_unit_id": units ?? [], "lead_territory_id": territories ?? []].filter { !$0.value.isEmpty },
                                                                hint: "有牵头单位（或属地）和完成期限的决定事项将转为督办任务；期限不得早于会议日期。")))
        }
        if context.may(attach) {
            forms.append(PageKit.action("上传附件", """
            <form method="post" action="/consultations/meetings/\(id)/attachments" enctype="multipart/form-data" class="stack">\(context.csrfField)
            <div class="field"><label for="attach-file">文件（签到表、会议材料等，不超过 5 MB）</label><input id="attach-file" name="file" type="file" required></div>
            <button type="submit" class="primary">上传</button></form>
            """))
        }
        if context.may(update) {
            forms.append(PageKit.action("修改会议信息和纪要", PageKit.form(context, action: "/consultations/meetings/\(id)/edit", route: update, prefix: "edit", button: "保存",
                                                                     values: ["title": Format.text(m["title"]), "convener": Format.text(m["convener"]), "venue": Format.text(m["venue"]),
                                                                              "minutes": Format.text(m["minutes"]), "convener_unit_id": Format.text(m["convener_unit_id"])],
                                                                     options: ["convener_unit_id": units ?? []].filter { !$0.value.isEmpty }, skip: ["agenda", "held_on", "ad_hoc"])))
        }
        let minutes = Format.text(m["minutes"])
        return Layout.page(context, title: Format.text(m["title"]), active: "/consultations/meetings", status: status, """
        \(PageKit.done(context, ["record": "会议已录入。", "risk": "风险已记录。", "decision": "决定事项已记录。", "attach": "附件已上传。", "edit": "会议信息已修改。"]))\(Layout.notice(error, error: true))
        <div class="toolbar"><a class="button" href="/print/meetings/\(id)/minutes">打印会议纪要</a></div>
        \(facts)
        <section><h2>议程</h2>\(agenda.isEmpty ? HTML("<p class=\"empty\">未录入议程。</p>") : "<ol>\(agenda)</ol>")</section>
        \(decisionSection("上次会议未办结的决定事项（转入本次会议）", m["carried_decisions"]?.arrayValue ?? [], empty: ""))
        <section><h2>研判的风险</h2>\(riskTable)</section>
        \(decisionSection("决定事项", m["decisions"]?.arrayValue ?? [], empty: "尚未记录决定事项。"))
        <section><h2>会议纪要</h2>\(minutes.isEmpty ? HTML("<p class=\"empty\">尚未录入纪要。</p>") : "<div class=\"minutes\">\(minutes)</div>")</section>
        <section><h2>附件</h2>\(attachments.isEmpty ? HTML("<p class=\"empty\">暂无附件。</p>") : "<ul class=\"files\">\(attachments)</ul>")</section>
        \(forms.isEmpty ? HTML.empty : "<section><h2>可办理事项</h2>\(forms)</section>")
        """)
    }

    static func decisionSection(_ title: String, _ decisions: [JSON], empty: String) -> HTML {
        if decisions.isEmpty { return empty.isEmpty ? .empty : "<section><h2>\(title)</h2><p class=\"empty\">\(empty)</p></section>" }
        let rows: [HTML] = decisions.map(ConsultationOtherPages.decisionRow)
        return "<section><h2>\(title)</h2>\(ConsultationOtherPages.decisionTable(rows))</section>"
    }
}
