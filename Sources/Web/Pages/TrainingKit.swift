// The shapes the training and consultation pages share: a list over an API list route (its declared
// filters as a form, keyset or local paging, 导出 CSV), a record's facts, a form made from a route's
// body that posts to the API and answers 303 (or the page again with the API's reason), the Chinese
// of the codes these routes answer. Everything through the API as the signed-in user.
import Foundation
import HTTP
import Kernel

/// One column of a list: its heading and how a row shows in it.
struct ListColumn: Sendable {
    var heading: String
    var cell: @Sendable (JSON) -> HTML
    init(_ heading: String, _ cell: @escaping @Sendable (JSON) -> HTML) {
        self.heading = heading
        self.cell = cell
    }
}

/// A list page over `GET /api/v1/…`.
struct ListSpec {
    var title: String
    /// The page's path (`/training/certificates`); its export is `path + "/export"`.
    var path: String
    /// The API path (`/api/v1/training/certificates`).
    var api: String
    /// The filters shown, by name, in order (nil: every declared one).
    var shown: [String]?
    var columns: [ListColumn]
    var empty: String
    var caption: String = ""
    /// A CSS class for a row (a warning), or "".
    var rowClass: (JSON) -> String = { _ in "" }
    /// Whether the API's list is paged (`next`); else the page pages the items itself.
    var keyset = true
    var menu: String? = nil

    var route: String { "GET \(api)" }
}

enum PageKit {
    static let pageSize = 20

    // MARK: - Lists

    /// The declared filters of `route` chosen in the page's query (non-empty), without paging.
    static func chosen(_ context: PageContext, _ route: String) -> [(name: String, value: String)] {
        let known = Set(context.site.params(route).map(\.name))
        return context.query.filter { known.contains($0.name) && !$0.value.isEmpty }
    }

    static func listPage(_ context: PageContext, _ spec: ListSpec, options: ContractForm.Options = [:], toolbar: HTML = .empty,
                         before: HTML = .empty, extra: [(name: String, value: String)] = []) throws -> Response {
        let chosen = self.chosen(context, spec.route)
        var query = chosen + extra
        let offset = max(0, Int(context.request.query("from") ?? "") ?? 0)
        if spec.keyset {
            if let after = context.request.query("after"), !after.isEmpty { query.append(("after", after)) }
            query.append(("limit", String(pageSize)))
        }
        let reply = context.api("GET", spec.api, query: query)
        let filters = filterForm(context, spec, chosen, options: options)
        let active = spec.menu ?? spec.path
        guard reply.ok else {
            if reply.status == 400 || reply.status == 422 {
                return Layout.page(context, title: spec.title, active: active, status: 422,
                                   before + filters + Layout.notice("筛选条件有误：\(reply.problem)", error: true))
            }
            throw PageFailure.from(reply)
        }
        let all = reply.json["items"]?.arrayValue ?? []
        let items = spec.keyset ? all : Array(all.dropFirst(offset).prefix(pageSize))
        let filtersText = Format.query(chosen)
        var pager: [HTML] = []
        let first = spec.path + (filtersText.isEmpty ? "" : "?" + filtersText)
        if spec.keyset {
            if context.request.query("after") != nil { pager.append("<a href=\"\(first)\">第一页</a>") }
            if let next = reply.json["next"]?.stringValue { pager.append("<a href=\"\(spec.path)?\(Format.query(chosen + [("after", next)]))\" rel=\"next\">下一页</a>") }
        } else {
            if offset > 0 { pager.append("<a href=\"\(first)\">第一页</a>") }
            if offset + pageSize < all.count {
                pager.append("<a href=\"\(spec.path)?\(Format.query(chosen + [("from", String(offset + pageSize))]))\" rel=\"next\">下一页</a>")
            }
        }
        let heads: [HTML] = spec.columns.map { "<th scope=\"col\">\($0.heading)</th>" }
        let rows: [HTML] = items.map { item in
            let cells: [HTML] = spec.columns.map { "<td>\($0.cell(item))</td>" }
            let cls = spec.rowClass(item)
            return cls.isEmpty ? "<tr>\(cells)</tr>" : "<tr class=\"\(cls)\">\(cells)</tr>"
        }
        let count = spec.keyset ? "本页 \(items.count) 条（每页 \(pageSize) 条）" : "共 \(all.count) 条，本页第 \(all.isEmpty ? 0 : offset + 1)–\(offset + items.count) 条"
        let table: HTML = items.isEmpty ? "<p class=\"empty\">\(spec.empty)</p>" : """
            <table class="list"><caption>\(count)\(spec.caption.isEmpty ? "" : "；" + spec.caption)</caption>
            <thead><tr>\(heads)</tr></thead><tbody>\(rows)</tbody></table>
            """
        let bar: HTML = "<div class=\"toolbar\"><a class=\"button\" href=\"\(spec.path)/export\(filtersText.isEmpty ? "" : "?" + filtersText)\">导出 CSV</a>\(toolbar)</div>"
        return Layout.page(context, title: spec.title, active: active, before + filters + bar + table + "<nav class=\"pager\" aria-label=\"分页\">\(pager)</nav>")
    }

    static func filterForm(_ context: PageContext, _ spec: ListSpec, _ chosen: [(name: String, value: String)], options: ContractForm.Options) -> HTML {
        let specs = context.site.params(spec.route)
        let shown = spec.shown.map { names in names.compactMap { name in specs.first { $0.name == name } } } ?? specs
        guard !shown.isEmpty else { return .empty }
        var values: [String: String] = [:]
        for (name, value) in chosen { values[name] = value }
        return """
        <form method="get" action="\(spec.path)" class="filters" role="search">
        \(ContractForm.fields(shown, prefix: "filter", values: values, options: options.merging(choiceOptions(shown)) { given, _ in given }, labels: labels, compact: true))
        <div class="actions"><button type="submit" class="primary">查询</button> <a href="\(spec.path)">清除条件</a></div>
        </form>
        """
    }

    /// `GET path/export`: the API's CSV of the same filters.
    static func exportPage(_ path: String, api: String, file: String) -> WebPage {
        WebPage("GET", path + "/export", .signedIn(standsOn: "GET \(api)")) { context in
            let reply = context.api("GET", api, query: chosen(context, "GET \(api)"), accept: "text/csv")
            guard reply.ok else { throw PageFailure.from(reply) }
            var response = Response(status: 200, contentType: "text/csv; charset=utf-8", body: reply.body)
            response.headers.set("Content-Disposition", "attachment; filename=\"\(file).csv\"")
            return response
        }
    }

    // MARK: - Records

    static func facts(_ rows: [(String, HTML)]) -> HTML {
        let shown = rows.filter { !$0.1.markup.isEmpty }
        return "<dl class=\"facts\">\(shown.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" as HTML })</dl>"
    }

    /// A positive id from the path, else the 404 page.
    static func id(_ context: PageContext, _ name: String = "id") throws -> Int64 {
        guard let id = context.request.pathParameter(name).flatMap(Int64.init), id > 0 else { throw PageFailure(status: 404, message: "未找到该记录，或您无权查看。") }
        return id
    }

    /// The `done=` notice of a page after an action.
    static func done(_ context: PageContext, _ words: [String: String]) -> HTML {
        guard let code = context.request.query("done") else { return .empty }
        return Layout.notice(words[code] ?? "已完成。")
    }

    // MARK: - Forms

    /// A form over a route's body: its labelled fields (Chinese choices), the CSRF field, a button.
    static func form(_ context: PageContext, action: String, route: String, prefix: String, button: String, values: [String: String] = [:],
                     options: ContractForm.Options = [:], skip: Set<String> = [], labels: [String: String] = [:], hint: String = "") -> HTML {
        let specs = context.site.body(route).filter { !skip.contains($0.name) }
        return """
        <form method="post" action="\(action)" class="stack">\(context.csrfField)
        \(ContractForm.fields(specs, prefix: prefix, values: values, options: options.merging(choiceOptions(specs)) { given, _ in given }, labels: self.labels.merging(labels) { _, given in given }))
        \(hint.isEmpty ? HTML.empty : "<p class=\"hint\">\(hint)</p>")
        <button type="submit" class="primary">\(button)</button></form>
        """
    }

    /// A form inside a 可办理事项 disclosure.
    static func action(_ title: String, _ form: HTML, open: Bool = false) -> HTML {
        "<details class=\"action\"\(open ? HTML(" open") : .empty)><summary>\(title)</summary>\(form)</details>"
    }

    /// The posted form as the route's JSON body.
    static func body(_ context: PageContext, _ route: String, skip: Set<String> = []) -> JSON {
        ContractForm.json(context.site.body(route).filter { !skip.contains($0.name) }, context.form)
    }

    /// The posted values (to show a refused form again as it was filled in).
    static func values(_ context: PageContext, _ route: String) -> [String: String] {
        var values: [String: String] = [:]
        for spec in context.site.body(route) { values[spec.name] = context.form.value(spec.name) }
        return values
    }

    /// The status a refused action's page answers with: 403 / 404 as the API said, else 422.
    static func status(_ reply: APIReply) -> Int { reply.status == 403 || reply.status == 404 ? reply.status : 422 }

    /// The API's reason as the page shows it (its detail and field messages; a refusal named as one).
    static func reason(_ reply: APIReply) -> String {
        if reply.status == 403 { return "您的账户无权进行此操作（\(reply.problem)）。" }
        return reply.problem
    }

    /// The row errors of a refused CSV import (each `第 N 行 …`), or the problem.
    static func importErrors(_ reply: APIReply) -> HTML {
        let errors = (reply.json["errors"]?.arrayValue ?? []).map { Format.text($0["message"]) }.filter { !$0.isEmpty }
        guard !errors.isEmpty else { return Layout.notice("导入未完成：\(reply.problem)", error: true) }
        let items: [HTML] = errors.map { "<li>\($0)</li>" }
        return "<div class=\"error\" role=\"alert\"><p>导入被拒绝，未写入任何内容：</p><ul class=\"row-errors\">\(items)</ul></div>"
    }

    // MARK: - Choices

    /// The Chinese names of the training and consultation routes' fields (a form may name one otherwise).
    static let labels: [String: String] = [
        "person_id": "人员", "enterprise_id": "生产经营单位", "role": "岗位", "hired_on": "入职日期", "role_since": "任现岗位日期", "left_on": "离职日期",
        "on": "日期", "course": "课程名称", "held_on": "日期", "class_hours": "学时", "provider": "培训机构", "kind": "类别", "level": "三级培训层级",
        "exam_score": "考试成绩", "makeup_score": "补考成绩", "score": "成绩（满分100）", "type": "证书类型", "status": "状态", "year": "年度",
        "by": "统计方式", "territory_id": "属地（镇、景区、开发区）", "industry": "行业", "identity_number": "公民身份号码", "starts_on": "起始日期",
        "ends_on": "截止日期", "legal_basis": "法律依据", "source": "来源（事故记录或处理决定）", "accident_grade": "事故等级", "note": "备注",
        "appointed_on": "任命日期", "unit_id": "成员单位", "topic": "学习内容", "attendees": "参加人数", "leaders": "参加的领导",
        "dry_run": "仅检查，不写入", "csv": "CSV 文件",
        // consultations
        "group_id": "专项领导小组", "quarter": "季度（如 2024-Q2）", "title": "会议名称", "ad_hoc": "临时会议（特殊时期）", "convener": "召集人（主持人）",
        "convener_unit_id": "召集单位", "venue": "地点", "minutes": "会议纪要", "as_of": "截至日期", "meeting_id": "会议编号",
        "lead_unit_id": "牵头单位", "lead_territory_id": "牵头属地", "deadline": "完成期限", "text": "决定事项", "area": "领域或行业",
        "description": "风险描述", "measures": "管控措施", "code": "代码（英文字母和数字）", "name": "名称", "body_kind": "召开主体类别",
        "body_name": "召开主体名称", "required_from": "自该季度起每季度须召开（如 2024-Q1）", "reason": "理由", "result": "结论",
    ]

    /// Select options for declared choices, with the Chinese of each code.
    static func choiceOptions(_ specs: [FieldSpec]) -> ContractForm.Options {
        var options: ContractForm.Options = [:]
        for spec in specs {
            guard case .choice(let choices) = spec.type else { continue }
            options[spec.name] = choices.map { ($0.code, $0.label.isEmpty ? Labels.code($0.code) : $0.label) }
        }
        return options
    }

    /// A registry list as choices (id → name), when the user may read it and it is short enough for
    /// a select (else nil: a text input takes a name or an id, which the API resolves).
    static func registry(_ context: PageContext, _ path: String, most: Int = 120) -> [(code: String, label: String)]? {
        let reply = context.api("GET", path, query: [("limit", String(most))])
        guard reply.ok, reply.json["next"]?.stringValue == nil, let items = reply.json["items"]?.arrayValue, !items.isEmpty else { return nil }
        return items.compactMap { item in
            guard let id = item["id"]?.intValue else { return nil }
            return (String(id), Format.text(item["name"]))
        }
    }

    /// Territories and units as choices for the fields named so.
    static func orgOptions(_ context: PageContext, _ names: [String: String]) -> ContractForm.Options {
        var options: ContractForm.Options = [:]
        for (field, path) in names { options[field] = registry(context, path) }
        return options
    }

    /// A link to a record's page with its name.
    static func link(_ path: String, _ text: String) -> HTML {
        "<a href=\"\(path)\">\(text.isEmpty ? "查看" : text)</a>"
    }
}

extension Labels {
    /// The Chinese of a code the training and consultation routes answer without a label.
    static func code(_ code: String) -> String { codes[code] ?? code }

    static let codes: [String: String] = [
        // certificates
        "valid": "有效", "reviewDue": "待复审", "expired": "已过期", "invalid": "已失效",
        "specialOperation": "特种作业操作证", "specialEquipment": "特种设备作业人员证", "passed": "合格", "failed": "不合格",
        // trainings
        "initial": "初次培训", "refresher": "再培训", "newWorker": "新上岗培训", "retraining": "重新培训", "none": "无考试", "awaitingMakeUp": "待补考",
        "compliant": "达标", "pending": "待完成", "shortfall": "未达标", "jobChange": "转岗", "returned": "离岗后返岗",
        // bans and appointments
        "lifetime": "终身禁入", "term": "期限禁入", "active": "在任", "flagged": "与禁入冲突", "ended": "已结束",
        "general": "一般", "large": "较大", "major": "重大", "especiallyMajor": "特别重大",
        "appointment": "任命", "trainingPerson": "培训人员", "registryPost": "登记职务",
        // consultations
        "open": "办理中", "overdue": "已逾期", "done": "已办结", "noted": "仅记录（不跟踪）",
        "office": "区安委办", "government": "区政府", "partyCommittee": "区委", "committee": "区安委会", "specialGroup": "专项领导小组",
        "unit": "成员单位", "territory": "属地", "person": "个人",
        "held": "已召开", "missed": "未召开", "not_yet_due": "未到期", "due_soon": "即将到期", "in_progress": "季度进行中",
        "red": "红", "yellow": "黄", "green": "绿",
    ]
}

/// A create form over `POST api` at `path/new` (GET shows it, POST sends it and answers 303 to the
/// new record's page, or the form again with the API's reason and what was typed).
struct CreateSpec: Sendable {
    var title: String
    var path: String
    var api: String
    var roles: Set<Role>
    var labels: [String: String] = [:]
    var hint: String = "带 * 的为必填项。"
    var options: @Sendable (PageContext) -> ContractForm.Options = { _ in [:] }
    var active: String? = nil

    var route: String { "POST \(api)" }

    var pages: [WebPage] {
        let spec = self
        return [
            WebPage("GET", path + "/new", .signedIn(standsOn: route)) { context in try spec.page(context, values: [:], error: nil) },
            WebPage("POST", path + "/new", .signedIn(standsOn: route)) { context in
                try TrainingCertificatePages.requireRole(context, spec.roles)
                let reply = context.api("POST", spec.api, json: PageKit.body(context, spec.route))
                guard reply.ok, let id = reply.json["id"]?.intValue else {
                    return try spec.page(context, values: PageKit.values(context, spec.route), error: "\(spec.title)未完成：\(PageKit.reason(reply))", status: PageKit.status(reply))
                }
                return WebSite.redirect("\(spec.path)/\(id)?done=add")
            },
        ]
    }

    func page(_ context: PageContext, values: [String: String], error: String?, status: Int = 200) throws -> Response {
        try TrainingCertificatePages.requireRole(context, roles)
        return Layout.page(context, title: title, active: active ?? path, status: status, """
        \(Layout.notice(error, error: true))
        <div class="card">\(PageKit.form(context, action: "\(path)/new", route: route, prefix: "new", button: "保存", values: values, options: options(context), labels: labels, hint: hint))</div>
        """)
    }

    /// The button to this form, for the roles that may use it.
    func button(_ context: PageContext) -> HTML {
        roles.contains(context.actor?.role ?? .inspector) ? "<a class=\"button\" href=\"\(path)/new\">\(title)</a>" : .empty
    }
}
