// 群众举报, for anyone without an account, phone-first: submit (with a photo), see the receipt key,
// follow the progress with it, say "not fixed" or contest a dismissal. Over the API's open tip-off
// routes. The receipt key never travels in a URL (nor so in an access log): after a submission or
// when typed in, it is kept in an HttpOnly cookie of /tipoff pages, and sent to the API in X-Receipt-Key.
import Foundation
import HTTP
import Kernel

enum TipOffPublicPages {
    static let submit = "POST /api/v1/tipoffs"
    static let keyCookie = "anwei_receipt"

    static let pages: [WebPage] = [
        WebPage("GET", "/tipoff", .open) { context in submitPage(context, values: [:], error: nil) },
        WebPage("POST", "/tipoff", .open) { context in
            var body = ContractForm.json(context.site.body(submit), context.form)
            if let photo = context.form.file("photo"), case .object(var members) = body {
                members.append(JSON.Member("photos", .array([.object([
                    "name": .string(photo.name.isEmpty ? "现场照片" : photo.name), "media_type": .string(photo.type),
                    "content_base64": .string(Data(photo.bytes).base64EncodedString()),
                ])])))
                body = .object(members)
            }
            let reply = context.api("POST", "/api/v1/tipoffs", json: body)
            guard reply.ok, let key = reply.json["receipt_key"]?.stringValue else {
                var values: [String: String] = [:]
                for name in ["text", "place", "territory_id", "contact"] { values[name] = context.form.value(name) }
                return submitPage(context, values: values, error: "举报未能提交：\(reply.problem)", status: reply.status == 429 ? 429 : 422)
            }
            context.setCookies.append(context.cookie(keyCookie, key, path: "/tipoff"))
            return WebSite.redirect("/tipoff/receipt")
        },
        WebPage("GET", "/tipoff/receipt", .open) { context in
            guard let key = context.cookies[keyCookie] else { return WebSite.redirect("/tipoff") }
            return Layout.publicPage(title: "举报已受理", """
            <p class="notice" role="status">感谢您的举报，我们已受理。</p>
            <div class="receipt"><p>您的查询码（请截图或抄写保存，凭此码查询办理进度）：</p><p class="key" id="receipt-key">\(key)</p></div>
            <p>查询码是查询进度的唯一凭证，我们不会通过其他方式告知。请勿告诉他人。</p>
            <p><a class="button primary" href="/tipoff/progress">查看办理进度</a></p>
            <p><a href="/tipoff">再举报一条</a></p>
            """)
        },
        WebPage("POST", "/tipoff/follow", .open) { context in
            let key = (context.form.value("receipt_key") ?? "").trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.count <= 200, key.allSatisfy({ $0.isASCII && !$0.isWhitespace && $0 != ";" && $0 != "," }) else {
                return submitPage(context, values: [:], error: "请输入完整的查询码。", status: 422)
            }
            context.setCookies.append(context.cookie(keyCookie, key, path: "/tipoff"))
            return WebSite.redirect("/tipoff/progress")
        },
        WebPage("GET", "/tipoff/progress", .open) { context in try progressPage(context, error: nil) },
        WebPage("POST", "/tipoff/not-fixed", .open) { context in try followUp(context, "not-fixed") },
        WebPage("POST", "/tipoff/contest", .open) { context in try followUp(context, "contest") },
    ]

    static func followUp(_ context: PageContext, _ verb: String) throws -> Response {
        guard let key = context.cookies[keyCookie] else { return WebSite.redirect("/tipoff") }
        var members: [JSON.Member] = []
        if let note = context.form.value("note")?.trimmingCharacters(in: .whitespaces), !note.isEmpty { members.append(JSON.Member("note", .string(note))) }
        let reply = context.api("POST", "/api/v1/tipoffs/receipt/\(verb)", json: .object(members), headers: [("X-Receipt-Key", key)])
        guard reply.ok else { return try progressPage(context, error: "未能提交：\(reply.problem)", status: reply.status == 429 ? 429 : 422) }
        return WebSite.redirect("/tipoff/progress?done=\(verb)")
    }

    static func submitPage(_ context: PageContext, values: [String: String], error: String?, status: Int = 200) -> Response {
        let fields = context.site.body(submit).filter { $0.name != "photos" }
        let labels = ["text": "您看到的安全隐患", "place": "具体地点", "territory_id": "所在镇（景区、开发区，选填）"]
        return Layout.publicPage(title: "举报安全隐患", status: status, """
        \(Layout.notice(error, error: true))
        <p class="hint">无需登录。请如实描述，可附一张现场照片。提交后您会得到一个查询码，凭码查询办理进度。</p>
        <form method="post" action="/tipoff" enctype="multipart/form-data" class="stack card">\(context.csrfField)
        \(ContractForm.fields(fields, prefix: "tip", values: values, labels: labels))
        <div class="field"><label for="tip-photo">现场照片（选填，JPEG 或 PNG）</label><input id="tip-photo" name="photo" type="file" accept="image/jpeg,image/png" capture="environment"></div>
        <button type="submit" class="primary">提交举报</button>
        </form>
        <h2>查询办理进度</h2>
        <form method="post" action="/tipoff/follow" class="stack card">\(context.csrfField)
        <div class="field"><label for="follow-key">查询码</label><input id="follow-key" name="receipt_key" type="text" autocomplete="off" required></div>
        <button type="submit">查询</button>
        </form>
        <p><a href="/login">工作人员登录</a></p>
        """)
    }

    static func progressPage(_ context: PageContext, error: String?, status: Int = 200) throws -> Response {
        guard let key = context.cookies[keyCookie] else { return WebSite.redirect("/tipoff") }
        let reply = context.api("GET", "/api/v1/tipoffs/receipt", headers: [("X-Receipt-Key", key)])
        guard reply.ok else {
            context.setCookies.append(context.cookie(keyCookie, "", path: "/tipoff", maxAge: 0))
            return Layout.publicPage(title: "查询办理进度", status: reply.status == 404 ? 404 : reply.status, """
            <p class="error" role="alert">\(reply.status == 404 ? "查询码无效，请核对后重新输入。" : reply.problem)</p><p><a href="/tipoff">返回</a></p>
            """)
        }
        let progress = reply.json
        let statusLabel = HazardPages.choiceLabel([FieldSpec.choice("status", TipOffStatus.labels, "")], "status", progress["status"])
        var facts: [(String, HTML)] = [
            ("受理时间", "\(Format.date(progress["received_at"]?.stringValue))"),
            ("地点", "\(Format.text(progress["place"]))"),
            ("办理情况", "\(statusLabel)"),
        ]
        if let hazard = progress["hazard"], hazard != .null {
            facts.append(("隐患编号", "\(Format.text(hazard["code"]))"))
            facts.append(("整改状态", "\(Format.text(hazard["status_label"]))"))
            facts.append(("整改期限", "\(Format.date(hazard["deadline"]?.stringValue))"))
            if let closed = hazard["closed_on"]?.stringValue { facts.append(("销号日期", "\(Format.date(closed))")) }
        }
        if let reason = progress["dismiss_reason"]?.stringValue { facts.append(("不予立案理由", "\(reason)")) }
        if let reward = progress["reward_decision"]?.stringValue { facts.append(("奖励决定", "\(reward)")) }
        var actions: [HTML] = []
        if progress["can_say_not_fixed"] == .bool(true) {
            actions.append("""
            <form method="post" action="/tipoff/not-fixed" class="stack card">\(context.csrfField)
            <p>如果隐患仍然存在，请告诉我们，隐患将重新打开。</p>
            <div class="field"><label for="nf-note">仍存在的问题（选填）</label><textarea id="nf-note" name="note" rows="3" maxlength="1000"></textarea></div>
            <button type="submit" class="primary">隐患未整改</button></form>
            """)
        }
        if progress["can_contest"] == .bool(true) {
            actions.append("""
            <form method="post" action="/tipoff/contest" class="stack card">\(context.csrfField)
            <p>如果您不同意不予立案的决定，请说明理由，我们将重新研判。</p>
            <div class="field"><label for="contest-note">理由</label><textarea id="contest-note" name="note" rows="3" maxlength="1000" required></textarea></div>
            <button type="submit" class="primary">提出异议</button></form>
            """)
        }
        let done: String? = switch context.request.query("done") {
        case "not-fixed": "已收到您的反馈，隐患已重新打开。"
        case "contest": "已收到您的异议，将重新研判。"
        default: nil
        }
        return Layout.publicPage(title: "办理进度", status: status, """
        \(Layout.notice(done))\(Layout.notice(error, error: true))
        <dl class="facts">\(facts.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" as HTML })</dl>
        \(actions)
        <p><a href="/tipoff">返回举报首页</a></p>
        """)
    }
}

/// A tip-off's states as the reporter reads them.
enum TipOffStatus {
    static let labels: [(code: String, label: String)] = [
        ("received", "已受理，正在核查"), ("linked", "已并入已有隐患办理"), ("hazardCreated", "已立为隐患，正在整改"), ("dismissed", "经核查不予立案"),
    ]
}
