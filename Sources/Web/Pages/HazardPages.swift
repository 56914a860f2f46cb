// 隐患排查治理: the register (filters, search, paging, 导出 CSV), a hazard's page (its record,
// timeline, attachments and the actions this user may take now, as forms), reporting a hazard.
// Everything through `/api/v1/hazards…`: the API decides what each user sees and may do.
import Foundation
import HTTP
import Kernel

enum HazardPages {
    static let list = "GET /api/v1/hazards"
    static let register = "POST /api/v1/hazards"
    static let attach = "POST /api/v1/hazards/{id:int}/attachments"
    static func action(_ verb: String) -> String { "POST /api/v1/hazards/{id:int}/actions/\(verb)" }

    /// The filters the register's form shows, in order (the API takes more; a link may carry them).
    static let shownFilters = ["q", "status", "grade", "territory_id", "sector", "supervising_unit_id", "overdue", "listed"]
    static let pageSize = 20

    static let pages: [WebPage] = [
        WebPage("GET", "/hazards", .signedIn(standsOn: list), registerPage),
        WebPage("GET", "/hazards/export", .signedIn(standsOn: list)) { context in
            let reply = context.api("GET", "/api/v1/hazards", query: filters(context), accept: "text/csv")
            guard reply.ok else { throw PageFailure.from(reply) }
            var response = Response(status: 200, contentType: "text/csv; charset=utf-8", body: reply.body)
            response.headers.set("Content-Disposition", "attachment; filename=\"hazards.csv\"; filename*=UTF-8''%E9%9A%90%E6%82%A3%E5%8F%B0%E8%B4%A6.csv")
            return response
        },
        WebPage("GET", "/hazards/new", .signedIn(standsOn: register)) { context in try newPage(context, values: [:], error: nil) },
        WebPage("POST", "/hazards/new", .signedIn(standsOn: register)) { context in
            let fields = registerFields(context)
            let reply = context.api("POST", "/api/v1/hazards", json: ContractForm.json(fields, context.form))
            guard reply.ok, let id = reply.json["id"]?.intValue else {
                var values: [String: String] = [:]
                for field in fields { values[field.name] = context.form.value(field.name) }
                return try newPage(context, values: values, error: reply.problem, status: reply.status == 403 ? 403 : 422)
            }
            return WebSite.redirect("/hazards/\(id)?done=register")
        },
        WebPage("GET", "/hazards/{id:int}", .signedIn(standsOn: "GET /api/v1/hazards/{id:int}")) { context in
            try hazardPage(context, error: nil)
        },
        WebPage("POST", "/hazards/{id:int}/actions/{verb}", .signedIn(standsOn: nil)) { context in
            let id = try hazardID(context)
            let verb = context.request.pathParameter("verb") ?? ""
            guard Labels.hazardActions[verb] != nil, context.may(action(verb)) else { throw PageFailure(status: 403, message: "您的账户无权进行此操作。") }
            let name = Labels.hazardActions[verb] ?? verb
            var body = ContractForm.json(actionFields(verb, context), context.form)
            if verb == "merge", let given = context.form.value("into")?.trimmingCharacters(in: .whitespaces), !given.isEmpty, Int64(given) == nil {
                guard let into = hazardByCode(context, given) else {
                    return try hazardPage(context, error: "\(name)未完成：并入的隐患：未找到编号为 \(given) 的隐患，或您无权查看。", status: 422)
                }
                body = .object([JSON.Member("into", .int(into))])
            }
            let reply = context.api("POST", "/api/v1/hazards/\(id)/actions/\(verb)", json: body)
            guard reply.ok else { return try hazardPage(context, error: "\(name)未完成：\(readable(reply.problem))", status: reply.status == 403 || reply.status == 404 ? reply.status : 422) }
            // The plan's document or a photo of the work, sent with the action's form.
            if let file = context.form.file("file"), evidenceActions[verb] != nil, context.may(attach) {
                let uploaded = upload(context, id: id, file)
                guard uploaded.ok else {
                    return try hazardPage(context, error: "\(name)已完成，但附件未能上传：\(uploaded.problem)。请在“上传附件”中重新上传。", status: 422)
                }
            }
            return WebSite.redirect("/hazards/\(id)?done=\(verb)")
        },
        WebPage("POST", "/hazards/{id:int}/attachments", .signedIn(standsOn: attach)) { context in
            let id = try hazardID(context)
            guard let file = context.form.file("file") else { return try hazardPage(context, error: "请选择要上传的文件。", status: 422) }
            let reply = upload(context, id: id, file)
            guard reply.ok else { return try hazardPage(context, error: "上传未完成：\(reply.problem)", status: reply.status == 404 ? 404 : 422) }
            return WebSite.redirect("/hazards/\(id)?done=attach")
        },
        WebPage("GET", "/hazards/{id:int}/attachments/{attachment:int}", .signedIn(standsOn: "GET /api/v1/hazards/{id:int}/attachments/{attachment:int}")) { context in
            let id = try hazardID(context)
            let attachment = context.request.pathParameter("attachment") ?? ""
            let reply = context.api("GET", "/api/v1/hazards/\(id)/attachments/\(attachment)")
            guard reply.ok else { throw PageFailure.from(reply) }
            var response = Response(status: 200, contentType: reply.header("Content-Type") ?? "application/octet-stream", body: reply.body)
            response.headers.set("Content-Disposition", reply.header("Content-Type")?.hasPrefix("image/") == true ? "inline" : "attachment; filename=\"attachment-\(attachment)\"")
            return response
        },
    ]

    /// Uploads a posted file to the hazard's attachments.
    static func upload(_ context: PageContext, id: Int64, _ file: UploadedFile) -> APIReply {
        context.api("POST", "/api/v1/hazards/\(id)/attachments", json: .object([
            "name": .string(file.name.isEmpty ? "附件" : String(file.name.suffix(200))), "media_type": .string(file.type),
            "content_base64": .string(Data(file.bytes).base64EncodedString()),
        ]))
    }

    /// The id of the hazard with this code (YH-2024-000123), among those the user may see.
    static func hazardByCode(_ context: PageContext, _ code: String) -> Int64? {
        let reply = context.api("GET", "/api/v1/hazards", query: [("q", code), ("limit", "5")])
        guard reply.ok else { return nil }
        return reply.json["items"]?.arrayValue?.first { Format.text($0["code"]).uppercased() == code.uppercased() }?["id"]?.intValue
    }

    static func hazardID(_ context: PageContext) throws -> Int64 {
        guard let id = context.request.pathParameter("id").flatMap(Int64.init), id > 0 else { throw PageFailure(status: 404, message: "未找到该隐患。") }
        return id
    }

    /// The register's filters from a page's query (only what the API declares, and the cursor).
    static func filters(_ context: PageContext, paging: Bool = false) -> [(name: String, value: String)] {
        let known = Set(context.site.params(list).map(\.name) + (paging ? ["after", "limit"] : []))
        let query = context.query
        return query.filter { known.contains($0.name) && !$0.value.isEmpty }
    }

    // MARK: - The register

    static func registerPage(_ context: PageContext) throws -> Response {
        let chosen = filters(context)
        var query = filters(context, paging: true).filter { $0.name != "limit" }
        query.append(("limit", String(pageSize)))
        let reply = context.api("GET", "/api/v1/hazards", query: query)
        guard reply.ok else {
            if reply.status == 400 || reply.status == 422 {
                return Layout.page(context, title: "隐患台账", active: "/hazards", status: reply.status,
                                   filterForm(context, chosen) + Layout.notice("筛选条件有误：\(reply.problem)", error: true))
            }
            throw PageFailure.from(reply)
        }
        let page = reply.json
        let items = page["items"]?.arrayValue ?? []
        let specs = context.site.params(list)
        let rows: [HTML] = items.map { item in
            let id = item["id"]?.intValue ?? 0
            let who = Format.text(item["enterprise_name"]).isEmpty ? Format.text(item["place"]) : Format.text(item["enterprise_name"])
            return """
            <tr><td class="nowrap">\(Format.dot(item["colour"]?.stringValue, reason: item["colour_reason"]?.stringValue)) <a href="/hazards/\(id)">\(Format.text(item["code"]))</a></td>\
            <td>\(choiceLabel(specs, "grade", item["grade"]))</td><td>\(choiceLabel(specs, "status", item["status"]))</td>\
            <td>\(who)</td><td>\(Format.text(item["territory_name"]))</td><td>\(Format.text(item["supervising_unit_name"]))</td>\
            <td class="nowrap">\(Format.date(item["deadline"]?.stringValue))</td><td class="clip">\(Format.text(item["description"]))</td></tr>
            """
        }
        let filtersText = Format.query(chosen)
        var pager: [HTML] = []
        if context.query.contains(where: { $0.name == "after" }) { pager.append("<a href=\"/hazards\(filtersText.isEmpty ? "" : "?" + filtersText)\">第一页</a>") }
        if let next = page["next"]?.stringValue {
            pager.append("<a href=\"/hazards?\(Format.query(chosen + [("after", next)]))\" rel=\"next\">下一页</a>")
        }
        let table: HTML = items.isEmpty ? "<p class=\"empty\">没有符合条件的隐患。</p>" : """
            <table class="list"><caption>本页 \(items.count) 条（每页 \(pageSize) 条）；圆点：红色逾期，黄色7日内到期，绿色按期或已办结（悬停可见原因）</caption>
            <thead><tr><th scope="col">编号</th><th scope="col">等级</th><th scope="col">状态</th><th scope="col">单位或地点</th><th scope="col">属地</th><th scope="col">监管部门</th><th scope="col">整改期限</th><th scope="col">隐患描述</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        let toolbar: HTML = """
            <div class="toolbar"><a class="button" href="/hazards/export\(filtersText.isEmpty ? "" : "?" + filtersText)">导出 CSV</a>\
            \(context.may(register) ? HTML("<a class=\"button\" href=\"/hazards/new\">上报隐患</a>") : .empty)</div>
            """
        return Layout.page(context, title: "隐患台账", active: "/hazards",
                           filterForm(context, chosen) + toolbar + table + "<nav class=\"pager\" aria-label=\"分页\">\(pager)</nav>")
    }

    static func filterForm(_ context: PageContext, _ chosen: [(name: String, value: String)]) -> HTML {
        let specs = context.site.params(list)
        let shown = shownFilters.compactMap { name in specs.first { $0.name == name } }
        var values: [String: String] = [:]
        for (name, value) in chosen { values[name] = value }
        var options: ContractForm.Options = [:]
        options["territory_id"] = registryOptions(context, "/api/v1/org/territories")
        options["supervising_unit_id"] = registryOptions(context, "/api/v1/org/units")
        return """
        <form method="get" action="/hazards" class="filters" role="search">
        \(ContractForm.fields(shown, prefix: "filter", values: values, options: options, compact: true))
        <div class="actions"><button type="submit" class="primary">查询</button> <a href="/hazards">清除条件</a></div>
        </form>
        """
    }

    /// A registry list as choices (id → name), when the user may read it; nil leaves a text input.
    /// The registry's lists are open to every signed-in user: read once per database change (`Directory`).
    static func registryOptions(_ context: PageContext, _ path: String) -> [(code: String, label: String)]? {
        if path == "/api/v1/org/territories" || path == "/api/v1/org/units" {
            return Directory.registry(context.site.core, territories: path.hasSuffix("territories"))
        }
        let reply = context.api("GET", path, query: [("limit", "200")])
        guard reply.ok, let items = reply.json["items"]?.arrayValue, !items.isEmpty else { return nil }
        return items.compactMap { item in
            guard let id = item["id"]?.intValue else { return nil }
            return (String(id), Format.text(item["name"]))
        }
    }

    /// A code's Chinese label from the declaration's choices.
    static func choiceLabel(_ specs: [FieldSpec], _ name: String, _ value: JSON?) -> String {
        let code = Format.text(value)
        guard let spec = specs.first(where: { $0.name == name }), case .choice(let choices) = spec.type,
              let label = choices.first(where: { $0.code == code })?.label, !label.isEmpty else { return code }
        return label
    }

    // MARK: - Reporting a hazard

    /// What the report form asks of this user: an enterprise reports its own (the API fills in its
    /// territory, department and source); officials name the enterprise or the public place.
    static func registerFields(_ context: PageContext) -> [FieldSpec] {
        let all = context.site.body(register)
        guard context.actor?.role == .enterprise else { return all }
        let theirs: Set<String> = ["enterprise_id", "place", "territory_id", "supervising_unit_id", "source"]
        return all.filter { !theirs.contains($0.name) }
    }

    static func newPage(_ context: PageContext, values: [String: String], error: String?, status: Int = 200) throws -> Response {
        var options: ContractForm.Options = [:]
        options["standard_clause_id"] = clauseOptions(context)
        if context.actor?.role != .enterprise {
            options["territory_id"] = registryOptions(context, "/api/v1/org/territories")
            options["supervising_unit_id"] = registryOptions(context, "/api/v1/org/units")
        }
        return Layout.page(context, title: "上报隐患", active: "/hazards/new", status: status, """
        \(Layout.notice(error, error: true))
        <form method="post" action="/hazards/new" class="stack card">
        \(context.csrfField)
        \(ContractForm.fields(registerFields(context), prefix: "new", values: values, options: options))
        <p class="hint">带 * 的为必填项。重大隐患须选择判定标准条款，并填写现状及产生原因、危害程度和整改难易程度。</p>
        <button type="submit" class="primary">提交</button>
        </form>
        """)
    }

    /// The determination-standard clauses as choices: 标准代码 条款号 条款内容.
    static func clauseOptions(_ context: PageContext) -> [(code: String, label: String)]? {
        let reply = context.api("GET", "/api/v1/hazards/standards")
        guard reply.ok, let standards = reply.json["items"]?.arrayValue else { return nil }
        var options: [(code: String, label: String)] = []
        for standard in standards {
            for clause in standard["clauses"]?.arrayValue ?? [] {
                guard let id = clause["id"]?.intValue else { continue }
                options.append((String(id), "\(Format.text(standard["code"])) \(Format.text(clause["clause"])) \(Format.text(clause["text"]).prefix(40))"))
            }
        }
        return options.isEmpty ? nil : options
    }
}

