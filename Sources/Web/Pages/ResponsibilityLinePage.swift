// A ledger line's page: its task, unit, due instance, colour with its reason, its history with the
// evidence files, and the actions this user may take now — those the line's state allows (the API's
// `allowed_actions`) whose route admits the user's role: 签收, 报送进展 and 报送完成 (with files),
// for the office 核验办结 and 退回. Out of scope: the API's 404, so the 404 page and nothing else.
import Foundation
import HTTP
import Kernel

enum ResponsibilityLinePage {
    typealias R = ResponsibilityPages

    static let pages: [WebPage] = [
        WebPage("GET", "/responsibilities/ledger/{id:int}", .signedIn(standsOn: R.line)) { context in try linePage(context, error: nil) },
        WebPage("POST", "/responsibilities/ledger/{id:int}/actions/{verb}", .signedIn(standsOn: nil)) { context in
            let id = try R.id(context, what: "台账")
            let verb = context.request.pathParameter("verb") ?? ""
            guard R.actions.contains(where: { $0.verb == verb }), context.may(R.lineAction(verb)) else {
                throw PageFailure(status: 403, message: "您的账户无权进行此操作。")
            }
            var body = ContractForm.json(context.site.body(R.lineAction(verb)), context.form)
            let files = context.form.files.filter { $0.name == "file" && !$0.file.bytes.isEmpty }.map(\.file)
            if !files.isEmpty, case .object(var members) = body {
                members.append(JSON.Member("attachments", .array(files.map { file in
                    .object(["file_name": .string(file.name.isEmpty ? "附件" : file.name), "content_base64": .string(Data(file.bytes).base64EncodedString())])
                })))
                body = .object(members)
            }
            let reply = context.api("POST", "\(R.api)/ledger/\(id)/actions/\(verb)", json: body)
            guard reply.ok else {
                let status = [403, 404].contains(reply.status) ? reply.status : 422
                if reply.status == 404 { throw PageFailure.from(reply) }
                return try linePage(context, error: "\(R.actionLabel(verb))未完成：\(problem(reply))", status: status)
            }
            return WebSite.redirect("/responsibilities/ledger/\(id)?done=\(verb)")
        },
        WebPage("GET", "/responsibilities/attachments/{sha256}", .signedIn(standsOn: R.attachment)) { context in
            let hash = context.request.pathParameter("sha256") ?? ""
            guard hash.count == 64, hash.allSatisfy(\.isHexDigit) else { throw PageFailure(status: 404, message: "未找到该附件。") }
            let reply = context.api("GET", "\(R.api)/attachments/\(hash)")
            guard reply.ok else { throw PageFailure.from(reply) }
            var response = Response(status: 200, contentType: reply.header("Content-Type") ?? "application/octet-stream", body: reply.body)
            response.headers.set("Content-Disposition", reply.header("Content-Disposition") ?? "attachment; filename=\"attachment\"")
            return response
        },
    ]

    /// The API's problem, with an attachment's field named as a person would.
    static func problem(_ reply: APIReply) -> String {
        var text = reply.problem
        for index in 0..<10 { text = text.replacingOccurrences(of: "attachments[\(index)].content_base64", with: "附件\(index + 1)") }
        for index in 0..<10 { text = text.replacingOccurrences(of: "attachments[\(index)]", with: "附件\(index + 1)") }
        return text
    }

    static func linePage(_ context: PageContext, error: String?, status: Int = 200) throws -> Response {
        let id = try R.id(context, what: "台账")
        let line = try context.get("\(R.api)/ledger/\(id)")
        let done = context.request.query("done").map { "\(R.actionLabel($0))已完成。" }
        var facts: [(String, HTML)] = [
            ("任务", "<a href=\"/responsibilities/tasks/\(line["task_id"]?.intValue ?? 0)\">\(Format.text(line["task_number"])) \(Format.text(line["task_title"]))</a>"),
            ("责任单位", "\(Format.text(line["unit_name"]))（\(R.label(R.roles, line["role"]))）"),
            ("状态", "\(Format.dot(line["colour"]?.stringValue, reason: line["colour_reason"]?.stringValue)) \(R.label(R.statuses, line["status"]))<span class=\"reason\">（\(Format.text(line["colour_reason"]))）</span>"),
            ("期次", "\(Format.text(line["period"]))\(line["recurring"] == .bool(true) ? "（周期性任务）" : "")"),
            ("计划表述", "\(Format.text(line["deadline_phrase"]))"),
            ("起算日期", "\(Format.date(line["start"]?.stringValue))"),
            ("截止日期", "\(Format.date(line["due"]?.stringValue))"),
            ("进度", "\(line["progress"]?.intValue.map { "\($0)%" } ?? "尚未报送")"),
            ("来源", "\(R.sources[Format.text(line["source"])] ?? Format.text(line["source"]))"),
        ]
        if let completed = line["completed_on"]?.stringValue { facts.append(("报完成日期", "\(Format.date(completed))")) }
        if let withdrawn = line["withdrawn_on"]?.stringValue {
            facts.append(("撤销", "\(Format.date(withdrawn))：\(Format.text(line["withdrawn_reason"]))"))
        }
        let record: HTML = "<dl class=\"facts\">\(facts.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" as HTML })</dl>"
        let title = "台账：\(Format.text(line["unit_name"])) \(Format.text(line["period"]))"
        return Layout.page(context, title: title, active: "/responsibilities/ledger", status: status,
                           Layout.notice(done) + Layout.notice(error, error: true) + record + actionForms(context, id: id, line: line) + history(context, line))
    }

    static func actionForms(_ context: PageContext, id: Int64, line: JSON) -> HTML {
        let allowed = Set((line["allowed_actions"]?.arrayValue ?? []).compactMap(\.stringValue))
        let mine = R.actions.filter { allowed.contains($0.verb) && context.may(R.lineAction($0.verb)) && line["withdrawn_on"]?.stringValue == nil }
        let forms: [HTML] = mine.map { action in
            let fields = context.site.body(R.lineAction(action.verb))
            let takesFiles = fields.contains { $0.name == "attachments" }
            let labels = ["percent": "完成进度（0–100，%）", "text": action.verb == "progress" ? "进展情况" : "完成情况", "reporter": "填报人（默认为当前账户）", "reason": "退回理由"]
            let upload: HTML = takesFiles ? """
                <div class="field"><label for="\(action.verb)-file">佐证材料（图片、PDF 或文本，可多选，每个不超过 10 MB）</label>\
                <input id="\(action.verb)-file" name="file" type="file" multiple accept="image/jpeg,image/png,application/pdf,text/plain"></div>
                """ : .empty
            let hint: HTML = action.verb == "sign" ? "<p class=\"hint\">签收即确认本单位承担此项任务。</p>"
                : action.verb == "verify" ? "<p class=\"hint\">核验报送的完成情况和佐证材料无误后办结。</p>" : .empty
            return """
            <details class="action"><summary>\(action.label)</summary>
            <form method="post" action="/responsibilities/ledger/\(id)/actions/\(action.verb)" enctype="multipart/form-data" class="stack">\(context.csrfField)
            \(hint)\(ContractForm.fields(fields, prefix: action.verb, labels: labels))\(upload)
            <button type="submit" class="primary">\(action.label)</button></form></details>
            """
        }
        guard !forms.isEmpty else { return "<section><h2>可办理事项</h2><p class=\"empty\">当前状态下您没有可办理的事项。</p></section>" }
        return "<section><h2>可办理事项</h2>\(forms)</section>"
    }

    static func history(_ context: PageContext, _ line: JSON) -> HTML {
        let rows: [HTML] = (line["history"]?.arrayValue ?? []).map { event in
            let files: [HTML] = (event["attachments"]?.arrayValue ?? []).map { file in
                "<li><a href=\"/responsibilities/attachments/\(Format.text(file["sha256"]))\">\(Format.text(file["file_name"]))</a>（\(size(file["size"]?.intValue ?? 0))）</li>"
            }
            let percent: HTML = event["percent"]?.intValue.map { "\($0)%" } ?? .empty
            // Who acted by name (系统自动 for the system); the reporter when someone else filled it in.
            let raw = Format.text(event["actor"]), reporter = Format.text(event["reporter"])
            let actor = HazardPages.person(context, event["actor"])
            let filledBy = reporter.isEmpty || reporter == raw || reporter == actor ? "" : "（填报人：\(reporter)）"
            return """
            <tr><td class="nowrap">\(Format.date(event["at"]?.stringValue))</td><td class="nowrap">\(R.actionLabel(Format.text(event["action"])))</td>\
            <td class="nowrap">\(R.label(R.statuses, event["status_after"]))</td><td>\(actor)\(filledBy)</td>\
            <td class="num">\(percent)</td><td>\(Format.text(event["text"]))\(files.isEmpty ? HTML.empty : "<ul class=\"files\">\(files)</ul>")</td></tr>
            """
        }
        return "<section><h2>办理过程</h2>" + R.table(["时间", "事项", "办理后状态", "办理人", "进度", "说明及佐证材料"], rows, empty: "尚无办理记录。") + "</section>"
    }

    static func size(_ bytes: Int64) -> String {
        bytes >= 1024 * 1024 ? String(format: "%.1f MB", Double(bytes) / 1_048_576) : bytes >= 1024 ? "\(bytes / 1024) KB" : "\(bytes) 字节"
    }
}
