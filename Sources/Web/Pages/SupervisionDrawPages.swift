// 四不两直 抽查: planning a sealed draw (the form is the route's declaration; the sealed envelope —
// the drawn list and its secret — is shown once, on the answer to the POST, never stored in a page
// again), a draw's page (its public commitment, what it drew from, the re-draw it replaced or that
// replaced it), revealing it after the visit with the envelope, and the verification plainly:
// the secret, the commitment, whether the SHA-256 matches and whether the secret draws the same list.
// A group has one sealed draw per quarter: drawing again needs a recorded reason, keeps the earlier
// draw and tells the office (the API refuses otherwise, and the page says so).
import HTTP
import Kernel

extension SupervisionPages {
    static let drawsRoute = route("GET", "/draws")
    static let planDraw = route("POST", "/draws")
    static let revealDraw = route("POST", "/draws/{id:int}/actions/reveal")
    static let verifyDraw = route("GET", "/draws/{id:int}/verify")

    static let drawRule = "每个督导组每季度只有一份密封抽签：抽签后名单即密封，不能重新抽取来挑选对象。确需重新抽签的，须写明理由；原抽签保留可查，并列入区安委办待办和年度考核。"

    static var drawPages: [WebPage] {
        [
            WebPage("GET", "/supervision/draws", .signedIn(standsOn: drawsRoute)) { context in
                try listPage(context, title: "四不两直抽签", path: "/supervision/draws", apiPath: api + "/draws", route: drawsRoute, columns: [
                    Column("编号") { "<a href=\"/supervision/draws/\($0["id"]?.intValue ?? 0)\">抽签 \(Format.text($0["id"]))</a>" },
                    Column("督导组") { "\(Format.text($0["group_name"]))" },
                    Column("季度") { "\(Format.text($0["quarter"]))" },
                    Column("状态") { drawState($0) },
                    Column("密封承诺值（SHA-256）") { "<code class=\"hash\">\(String(Format.text($0["commitment"]).prefix(16)))…</code>" },
                    Column("重新抽签") { redrawNote($0) },
                    Column("抽签时间") { "\(Format.date($0["planned_at"]?.stringValue))" },
                ], tools: context.may(planDraw) ? "<a class=\"button\" href=\"/supervision/draws/new\">密封抽签</a>" : .empty,
                before: "<p class=\"hint\">\(drawRule)</p>", empty: "尚无抽签。")
            },
            WebPage("GET", "/supervision/draws/export", .signedIn(standsOn: drawsRoute)) { context in
                try export(context, api + "/draws", filters: [], filename: "draws")
            },
            WebPage("GET", "/supervision/draws/new", .signedIn(standsOn: planDraw)) { context in try planPage(context, values: [:], error: nil) },
            WebPage("POST", "/supervision/draws/new", .signedIn(standsOn: planDraw)) { context in
                let specs = context.site.body(planDraw)
                let reply = context.api("POST", api + "/draws", json: json(specs, context.form))
                guard reply.ok, let draw = reply.json["draw"], let id = draw["id"]?.intValue else {
                    return try planPage(context, values: typed(specs, context.form), error: "未抽签：\(problem(reply))", status: status(reply))
                }
                return envelopePage(context, id: id, draw: draw, envelope: reply.json["envelope"] ?? .null)
            },
            WebPage("GET", "/supervision/draws/{id:int}", .signedIn(standsOn: route("GET", "/draws/{id:int}"))) { context in
                try drawPage(context, error: nil)
            },
            WebPage("POST", "/supervision/draws/{id:int}/reveal", .signedIn(standsOn: revealDraw)) { context in
                let id = try id(context)
                let text = context.form.value("envelope")?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                guard let parsed = try? JSONParser.parse(Array(text.utf8)) else {
                    return try drawPage(context, error: "未揭晓：请粘贴抽签时显示的密封信封全文（JSON 格式，含 targets 和 secret）。", status: 422)
                }
                // The envelope as shown, or the whole answer of the plan that holds it.
                let envelope = parsed["envelope"] ?? parsed
                let body = JSON.object([JSON.Member("targets", envelope["targets"] ?? .array([])), JSON.Member("secret", envelope["secret"] ?? .string(""))])
                let reply = context.api("POST", api + "/draws/\(id)/actions/reveal", json: body)
                guard reply.ok else { return try drawPage(context, error: "未揭晓：\(problem(reply))", status: status(reply)) }
                return WebSite.redirect("/supervision/draws/\(id)?done=reveal")
            },
            WebPage("GET", "/supervision/draws/{id:int}/verify", .signedIn(standsOn: verifyDraw), verifyPage),
        ]
    }

    static func drawState(_ draw: JSON) -> HTML {
        draw["status"]?.stringValue == "revealed" ? "已揭晓（\(Format.date(draw["revealed_at"]?.stringValue))）" : "密封中"
    }

    static func redrawNote(_ draw: JSON) -> HTML {
        var notes: [HTML] = []
        if let earlier = draw["redraw_of"]?.intValue {
            notes.append("取代 <a href=\"/supervision/draws/\(earlier)\">抽签 \(earlier)</a>，理由：\(Format.text(draw["redraw_reason"]))")
        }
        if let later = draw["superseded_by"]?.intValue {
            notes.append("已被 <a href=\"/supervision/draws/\(later)\">抽签 \(later)</a> 取代（本抽签保留）")
        }
        return notes.isEmpty ? "—" : notes.joined()
    }

    static func planPage(_ context: PageContext, values: [String: String], error: String?, status: Int = 200) throws -> Response {
        let specs = context.site.body(planDraw)
        let hint = context.actor?.role == .inspector ? "督导组成员为本组抽签（督导组默认本组）。" : "区安委办须选择督导组。"
        return Layout.page(context, title: "四不两直密封抽签", active: "/supervision/draws", status: status, """
        \(Layout.notice(error, error: true))
        <p class="hint">\(drawRule)</p>
        <form method="post" action="/supervision/draws/new" class="stack card">\(context.csrfField)
        \(fields(specs, prefix: "draw", values: values, options: options(context, specs)))
        <p class="hint">\(hint)从本季度该组负责、上季度未到访的属地中随机抽取（不足时再从其余属地中抽取）。抽中名单和密钥只显示一次，请妥善保管，检查后凭此揭晓。</p>
        <button type="submit" class="primary">抽签并密封</button></form>
        """)
    }

    /// The answer to planning: the public record and, this once, the sealed envelope.
    static func envelopePage(_ context: PageContext, id: Int64, draw: JSON, envelope: JSON) -> Response {
        let names = SupervisionNames(context)
        let targets: [HTML] = (envelope["targets"]?.arrayValue ?? []).map { target in
            let enterprises = (target["enterprise_ids"]?.arrayValue ?? []).map { names.enterprise($0.intValue) }.joined(separator: "、")
            return "<li><strong>\(names.territory(target["territory_id"]?.intValue))</strong>：\(enterprises.isEmpty ? "（不抽取企业）" : enterprises)</li>"
        }
        let kept = JSON.object([JSON.Member("draw_id", .int(id)), JSON.Member("targets", envelope["targets"] ?? .array([])),
                                JSON.Member("secret", envelope["secret"] ?? .string(""))]).serialized
        let first = envelope["targets"]?.arrayValue?.first
        let inspect = Format.query([("mode", "unannounced"), ("draw_id", String(id))] + (first?["territory_id"]?.intValue.map { [("territory_id", String($0))] } ?? [])
                                   + [("enterprise_ids", (first?["enterprise_ids"]?.arrayValue ?? []).map { Format.text($0) }.joined(separator: ","))])
        return Layout.page(context, title: "抽签 \(id) 已密封", active: "/supervision/draws", """
        <p class="notice" role="status">\(Format.text(draw["group_name"])) \(Format.text(draw["quarter"])) 抽签已密封。公开的只有承诺值：<code class="hash">\(Format.text(draw["commitment"]))</code></p>
        <section class="envelope"><h2>密封信封（仅此一次显示，请保存）</h2>
        <p class="error" role="alert">离开本页后名单和密钥不再显示，系统也不保存密钥。请复制下框全文另行保管，检查结束后粘贴到抽签页面揭晓。</p>
        <ol>\(targets)</ol>
        <div class="field"><label for="envelope-text">密封信封全文（JSON）</label><textarea id="envelope-text" rows="4" readonly>\(kept)</textarea></div>
        </section>
        <p><a class="button" href="/supervision/inspections/new?\(inspect)">登记依据本抽签的四不两直检查</a> <a href="/supervision/draws/\(id)">查看抽签记录</a></p>
        """)
    }

    static func drawPage(_ context: PageContext, error: String?, status: Int = 200) throws -> Response {
        let id = try id(context)
        let draw = try context.get(api + "/draws/\(id)")
        let names = SupervisionNames(context)
        let pool = draw["pool"] ?? .null
        let eligible = (pool["eligible"]?.arrayValue ?? []).map { names.territory($0.intValue) }.joined(separator: "、")
        let fallback = (pool["fallback"]?.arrayValue ?? []).map { names.territory($0.intValue) }.joined(separator: "、")
        let candidates: Int = {
            guard case .object(let members)? = pool["enterprises"] else { return 0 }
            return members.reduce(0) { $0 + ($1.value.arrayValue?.count ?? 0) }
        }()
        let revealed = draw["status"]?.stringValue == "revealed"
        var rows: [(String, HTML)] = [
            ("督导组", "\(Format.text(draw["group_name"]))"),
            ("季度", "\(Format.text(draw["quarter"]))"),
            ("状态", drawState(draw)),
            ("抽取数量", "属地 \(Format.text(draw["territory_count"])) 个，每个属地企业 \(Format.text(draw["enterprises_per_territory"])) 家"),
            ("候选范围（公开）", "上季度未到访：\(eligible.isEmpty ? "无" : eligible)；其余：\(fallback.isEmpty ? "无" : fallback)；候选企业共 \(candidates) 家"),
            ("密封承诺值（SHA-256）", "<code class=\"hash\">\(Format.text(draw["commitment"]))</code>"),
            ("重新抽签", redrawNote(draw)),
            ("抽签人", "\(who(draw["planned_by"]))，\(Format.date(draw["planned_at"]?.stringValue))"),
        ]
        let inspections: [HTML] = (draw["inspection_ids"]?.arrayValue ?? []).compactMap(\.intValue).map { "<a href=\"/supervision/inspections/\($0)\">督导检查 \($0)</a> " }
        rows.append(("依据本抽签的检查", inspections.isEmpty ? "尚无" : "\(inspections)"))
        var sections: [HTML] = [done(context, ["reveal": "抽签已揭晓：名单与密封承诺值核验一致。"]), Layout.notice(error, error: true), facts(rows)]
        if revealed {
            let targets: [HTML] = (draw["targets"]?.arrayValue ?? []).map { target in
                let enterprises = (target["enterprise_ids"]?.arrayValue ?? []).map { names.enterprise($0.intValue) }.joined(separator: "、")
                return "<li><strong>\(names.territory(target["territory_id"]?.intValue))</strong>：\(enterprises.isEmpty ? "（不抽取企业）" : enterprises)</li>"
            }
            let deviations: [HTML] = (draw["deviations"]?.arrayValue ?? []).map { "<li>\(Format.text($0["reason"]))</li>" }
            sections.append("""
            <section><h2>揭晓的名单</h2><ol>\(targets)</ol>
            <p>密钥：<code class="hash">\(Format.text(draw["secret"]))</code></p>
            <h2>检查与名单的偏差</h2>\(deviations.isEmpty ? HTML("<p>无偏差：到访的属地和企业与抽中名单一致。</p>") : "<ul>\(deviations)</ul>")
            <p><a class="button" href="/supervision/draws/\(id)/verify">核验抽签</a></p></section>
            """)
        } else {
            sections.append("<section><h2>揭晓</h2><p class=\"hint\">名单密封中。检查结束后（须先登记依据本抽签的四不两直检查），凭抽签时保存的密封信封揭晓；揭晓后任何人可核验名单与承诺值是否一致。</p>")
            if context.may(revealDraw) {
                sections.append(actionForm(context, title: "揭晓抽签", action: "/supervision/draws/\(id)/reveal", """
                <div class="field"><label for="reveal-envelope">密封信封全文（JSON，抽签时显示）<span class="req" aria-hidden="true">*</span></label>\
                <textarea id="reveal-envelope" name="envelope" rows="4" required></textarea></div>
                """, open: error != nil))
            }
            sections.append("</section>")
        }
        sections.append("<p class=\"hint\">\(drawRule)</p>")
        return Layout.page(context, title: "四不两直抽签 \(id)", active: "/supervision/draws", status: status, sections.joined())
    }

    static func verifyPage(_ context: PageContext) throws -> Response {
        let id = try id(context)
        let draw = try context.get(api + "/draws/\(id)")
        let reply = context.api("GET", api + "/draws/\(id)/verify")
        guard reply.ok else {
            if reply.status == 409 {
                return Layout.page(context, title: "核验抽签 \(id)", active: "/supervision/draws", status: 409, """
                <p class="error" role="alert">\(problem(reply))</p><p><a href="/supervision/draws/\(id)">返回抽签 \(id)</a></p>
                """)
            }
            throw PageFailure.from(reply)
        }
        let check = reply.json
        func yes(_ value: JSON?) -> HTML {
            value == .bool(true) ? "<strong class=\"ok\">一致</strong>" : "<strong class=\"bad\">不一致</strong>"
        }
        let valid = check["valid"] == .bool(true)
        let problems: [HTML] = (check["problems"]?.arrayValue ?? []).map { "<li>\(Format.text($0))</li>" }
        return Layout.page(context, title: "核验抽签 \(id)", active: "/supervision/draws", """
        <p class="\(valid ? "notice" : "error")" role="status">\(valid ? "核验通过" : "核验不通过")：\(Format.text(check["message"]))</p>
        \(facts([
            ("密封承诺值（抽签时公开）", "<code class=\"hash\">\(Format.text(check["commitment"]))</code>"),
            ("密钥（揭晓时公开）", "<code class=\"hash\">\(Format.text(draw["secret"]))</code>"),
            ("名单与密钥的 SHA-256 是否等于承诺值", yes(check["commitment_matches"])),
            ("由密钥和候选范围重新抽取是否得到同一名单", yes(check["draw_matches"])),
            ("被哈希的原文", "<code class=\"hash\">\(Format.text(check["canonical"]))</code>"),
        ]))
        \(problems.isEmpty ? HTML.empty : "<h2>不一致之处</h2><ul>\(problems)</ul>")
        <p class="hint">任何人都可以自行核验：对“被哈希的原文”计算 SHA-256，应等于抽签时公开的承诺值。</p>
        <p><a href="/supervision/draws/\(id)">返回抽签 \(id)</a></p>
        """)
    }
}
