// 工作要点: the plans imported (year, title, revision, state), a plan's page (its sections, tasks,
// clauses and units; 撤销 for the office), and importing a plan: the text pasted or its file uploaded
// → the dry run shown as a table of sections, tasks and clauses with every warning (a 有关 clause
// that names no unit: 待明确) → 确认导入 posts the real import. The confirmation re-runs the dry run
// first: a text edited after its preview is previewed again, never imported unseen.
import Foundation
import HTTP
import Kernel

enum ResponsibilityPlanPages {
    typealias R = ResponsibilityPages

    static let pages: [WebPage] = [
        WebPage("GET", "/responsibilities/plans", .signedIn(standsOn: R.plans), listPage),
        WebPage("GET", "/responsibilities/plans/import", .signedIn(standsOn: R.importPlan)) { context in
            importPage(context, values: [:], preview: nil, error: nil)
        },
        WebPage("POST", "/responsibilities/plans/import", .signedIn(standsOn: R.importPlan), importAction),
        WebPage("GET", "/responsibilities/plans/{id:int}", .signedIn(standsOn: R.plan)) { context in try planPage(context, error: nil) },
        WebPage("POST", "/responsibilities/plans/{id:int}/withdraw", .signedIn(standsOn: R.withdrawPlan)) { context in
            let id = try R.id(context, what: "工作要点")
            let reply = context.api("POST", "\(R.api)/plans/\(id)/actions/withdraw", json: ContractForm.json(context.site.body(R.withdrawPlan), context.form))
            guard reply.ok else {
                if reply.status == 404 { throw PageFailure.from(reply) }
                return try planPage(context, error: "撤销未完成：\(reply.problem)", status: reply.status == 403 ? 403 : 422)
            }
            return WebSite.redirect("/responsibilities/plans/\(id)?done=withdraw")
        },
    ]

    // MARK: - The list

    static func listPage(_ context: PageContext) throws -> Response {
        let reply = context.api("GET", "\(R.api)/plans", query: R.chosen(context, R.plans, paging: true) + [("limit", String(R.pageSize))])
        guard reply.ok else { throw PageFailure.from(reply) }
        let page = reply.json  // parsed once
        let items = page["items"]?.arrayValue ?? []
        let rows: [HTML] = items.map { plan in
            let id = plan["id"]?.intValue ?? 0
            let title = Format.text(plan["title"]).isEmpty ? "\(Format.text(plan["year"]))年工作要点" : Format.text(plan["title"])
            let state: HTML = plan["withdrawn_on"]?.stringValue.map { "已于\(Format.date($0))撤销" } ?? "执行中"
            return """
            <tr><td class="nowrap">\(Format.text(plan["year"]))</td><td><a href="/responsibilities/plans/\(id)">\(title)</a></td><td class="nowrap">\(state)</td>\
            <td class="num">\(Format.text(plan["revision"]))</td><td class="num">\(Format.text(plan["task_count"]))</td><td class="num">\(Format.text(plan["ledger_line_count"]))</td>\
            <td class="num">\(plan["warnings"]?.arrayValue?.count ?? 0)</td><td class="nowrap">\(Format.date(plan["import_date"]?.stringValue))</td><td>\(Format.actor(plan["created_by"]))</td></tr>
            """
        }
        let toolbar: HTML = context.may(R.importPlan) ? "<div class=\"toolbar\"><a class=\"button primary\" href=\"/responsibilities/plans/import\">导入工作要点</a></div>" : .empty
        let table = R.table(["年度", "标题", "状态", "修订版次", "任务数", "台账条数", "提示数", "导入日期", "导入人"], rows, empty: "尚未导入工作要点。")
        return Layout.page(context, title: "工作要点", active: "/responsibilities/plans",
                           toolbar + table + R.pager("/responsibilities/plans", [], context: context, next: page["next"]?.stringValue))
    }

    // MARK: - A plan

    static func planPage(_ context: PageContext, error: String?, status: Int = 200) throws -> Response {
        let id = try R.id(context, what: "工作要点")
        let plan = try context.get("\(R.api)/plans/\(id)")
        let done: String? = context.request.query("done").map { $0 == "withdraw" ? "工作要点已撤销，其任务和台账保留办理记录，不再计颜色和考核。" : $0 == "revise" ? "已按新文本修订本年度工作要点。" : "工作要点已导入。" }
        let year = Format.text(plan["year"])
        let title = Format.text(plan["title"]).isEmpty ? "\(year)年工作要点" : Format.text(plan["title"])
        var facts: [(String, HTML)] = [
            ("年度", "\(year)"), ("文件", "\(Format.text(plan["source_name"]))"), ("导入", "\(Format.date(plan["import_date"]?.stringValue))（\(Format.actor(plan["created_by"]))）"),
            ("修订版次", "\(Format.text(plan["revision"]))"), ("任务数", "\(Format.text(plan["task_count"]))"), ("台账条数", "\(Format.text(plan["ledger_line_count"]))"),
            ("台账", "<a href=\"/responsibilities/ledger?plan_id=\(id)\">查看本计划的台账</a> · <a href=\"/responsibilities/tasks?plan_id=\(id)\">查看本计划的任务</a>"),
        ]
        if let withdrawn = plan["withdrawn_on"]?.stringValue { facts.append(("撤销", "\(Format.date(withdrawn))：\(Format.text(plan["withdrawn_reason"]))")) }
        var rows: [HTML] = []
        for section in plan["sections"]?.arrayValue ?? [] {
            rows.append("<tr class=\"section\"><th scope=\"rowgroup\" colspan=\"4\">\(R.sectionNumber(section))\(Format.text(section["title"]))</th></tr>")
            for task in section["tasks"]?.arrayValue ?? [] {
                let clauses = task["clauses"]?.arrayValue ?? []
                let units: [HTML] = clauses.map { clause in
                    let names = R.unitNames(clause["units"]?.arrayValue ?? [])
                    let raw = Format.text(clause["raw"])
                    let relevant: HTML = raw.contains("有关") || raw.contains("相关") ? " <span class=\"tag\">含有关单位，由区安委办明确</span>" : .empty
                    return "<li>\(names.isEmpty ? "（待明确）" : names)\(relevant)</li>"
                }
                let dates = R.deadlines(clauses.flatMap { $0["deadlines"]?.arrayValue ?? [] })
                rows.append("""
                <tr><td class="nowrap">\(Format.text(task["number"]))</td><td class="task"><a href="/responsibilities/tasks/\(task["id"]?.intValue ?? 0)">\(Format.text(task["title"]))</a></td>\
                <td><ul class="plain">\(units)</ul></td><td class="dates">\(dates)</td></tr>
                """)
            }
        }
        let withdrawnTasks = plan["withdrawn_tasks"]?.arrayValue ?? []
        let withdrawnNote: HTML = withdrawnTasks.isEmpty ? .empty : "<p class=\"hint\">另有 \(withdrawnTasks.count) 项任务已因修订或撤销而撤销（保留办理记录）。</p>"
        let withdrawForm: HTML = context.may(R.withdrawPlan) && plan["withdrawn_on"]?.stringValue == nil ? """
            <section><h2>可办理事项</h2><details class="action"><summary>撤销工作要点</summary>
            <form method="post" action="/responsibilities/plans/\(id)/withdraw" class="stack">\(context.csrfField)
            <p class="hint">撤销后本计划的任务和台账保留办理记录，但不再计入颜色和考核。重新导入修改后的文本即为修订，无须撤销。</p>
            \(ContractForm.fields(context.site.body(R.withdrawPlan), prefix: "withdraw", labels: ["reason": "撤销理由"]))
            <button type="submit" class="primary">撤销</button></form></details></section>
            """ : .empty
        let content = Layout.notice(done) + Layout.notice(error, error: true) + "<dl class=\"facts\">\(facts.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" as HTML })</dl>"
            + withdrawForm + "<section><h2>任务及责任单位</h2>" + R.table(["序号", "任务", "责任单位", "期限"], rows, empty: "本计划没有任务。") + withdrawnNote + "</section>"
        return Layout.page(context, title: title, active: "/responsibilities/plans", status: status, content)
    }

    // MARK: - Importing a plan

    static let importFields = ["year", "text", "source_name"]

    static func importAction(_ context: PageContext) throws -> Response {
        var values: [String: String] = [:]
        for name in importFields + ["content_base64", "previewed"] { values[name] = context.form.value(name) ?? "" }
        // A file chosen now replaces what was pasted; a file previewed before travels as base64.
        if let file = context.form.file("file") {
            values["content_base64"] = Data(file.bytes).base64EncodedString()
            values["text"] = ""
            if (values["source_name"] ?? "").isEmpty { values["source_name"] = file.name }
        }
        if !(values["text"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { values["content_base64"] = "" }
        var body: [JSON.Member] = []
        if let year = Int64(values["year"] ?? "") { body.append(JSON.Member("year", .int(year))) } else if let year = values["year"], !year.isEmpty { body.append(JSON.Member("year", .string(year))) }
        if let text = values["text"], !text.isEmpty { body.append(JSON.Member("text", .string(text))) }
        if let encoded = values["content_base64"], !encoded.isEmpty { body.append(JSON.Member("content_base64", .string(encoded))) }
        if let name = values["source_name"], !name.isEmpty { body.append(JSON.Member("source_name", .string(name))) }

        let dry = context.api("POST", "\(R.api)/plans", json: .object(body + [JSON.Member("dry_run", .bool(true))]))
        guard dry.ok else {
            return importPage(context, values: values, preview: nil, error: "无法读取该计划：\(dry.problem)", status: dry.status == 403 ? 403 : 422)
        }
        let preview = dry.json
        let hash = Format.text(preview["content_hash"])
        values["previewed"] = hash
        guard context.form.value("step") == "confirm" else { return importPage(context, values: values, preview: preview, error: nil) }
        guard context.form.value("previewed") == hash else {
            return importPage(context, values: values, preview: preview, error: "计划文本或年度在预览后有改动，请核对下面新的预览后再确认导入。", status: 422)
        }
        let reply = context.api("POST", "\(R.api)/plans", json: .object(body))
        let imported = reply.json
        guard reply.ok, let id = imported["plan_id"]?.intValue else {
            return importPage(context, values: values, preview: preview, error: "导入未完成：\(reply.problem)", status: reply.status == 403 ? 403 : 422)
        }
        let revised = imported["revision"].map { $0 != .null } ?? false
        return WebSite.redirect("/responsibilities/plans/\(id)?done=\(revised ? "revise" : "import")")
    }

    static func importPage(_ context: PageContext, values: [String: String], preview: JSON?, error: String?, status: Int = 200) -> Response {
        let specs = context.site.body(R.importPlan).filter { importFields.contains($0.name) }
        let previewed = values["previewed"] ?? ""
        let carried = values["content_base64"] ?? ""
        let labels = ["year": "年度", "text": "计划文本（粘贴全文）", "source_name": "文件名（选填）"]
        let importable = preview?["importable"] == .bool(true)
        // 确认导入 is a form of its own carrying what was previewed (a button's name is not sent once
        // app.js has disabled it, so the step is a hidden field, not the button's value).
        var kept: [HTML] = [Layout.hidden("step", "confirm"), Layout.hidden("previewed", previewed)]
        for name in importFields + ["content_base64"] { if let value = values[name], !value.isEmpty { kept.append(Layout.hidden(name, value)) } }
        let confirm: HTML = preview != nil && importable ? """
            <form method="post" action="/responsibilities/plans/import" enctype="multipart/form-data" class="card confirm">\(context.csrfField)\(kept)
            <p>核对上面的预览无误后，确认导入即按预览的内容写入工作要点并生成台账。</p>
            <button type="submit" class="primary">确认导入</button></form>
            """ : .empty
        let form: HTML = """
        <form method="post" action="/responsibilities/plans/import" enctype="multipart/form-data" class="stack card">\(context.csrfField)
        \(previewed.isEmpty ? HTML.empty : Layout.hidden("previewed", previewed))\(carried.isEmpty ? HTML.empty : Layout.hidden("content_base64", carried))
        \(ContractForm.fields(specs, prefix: "plan", values: values, labels: labels))
        <div class="field"><label for="plan-file">或上传计划文件（UTF-8 或 GB18030 编码的文本文件）</label><input id="plan-file" name="file" type="file" accept=".txt,text/plain"></div>
        \(carried.isEmpty ? HTML.empty : "<p class=\"hint\">已预览上传的文件\(values["source_name"] ?? "")；确认导入将导入该文件，选择新文件或粘贴文本则重新预览。</p>")
        <p class="hint">先预览：系统列出识别出的章节、任务、责任条款和期限及全部提示，不写入任何数据；核对无误后再确认导入。同一年度再次导入修改后的文本即为修订。</p>
        <div class="actions"><button type="submit"\(preview == nil ? HTML(" class=\"primary\"") : .empty)>\(preview == nil ? "预览" : "修改后重新预览")</button></div>
        </form>
        """
        var content = Layout.notice(error, error: true)
        if let preview { content += previewSection(preview) + confirm + "<h2>修改计划文本</h2>" }
        content += form
        return Layout.page(context, title: "导入工作要点", active: "/responsibilities/plans", status: status, content)
    }

    /// The dry run: what the import would create, with every warning.
    static func previewSection(_ preview: JSON) -> HTML {
        let importable = preview["importable"] == .bool(true)
        let revision = preview["revision"].flatMap { $0 == .null ? nil : $0 }
        var summary: HTML = "<p class=\"\(importable ? "notice" : "error")\" role=\"status\">预览（未写入）：\(Format.text(preview["year"]))年，\(Format.text(preview["section_count"])) 个部分，\(Format.text(preview["task_count"])) 项任务，将生成台账 \(Format.text(preview["ledger_line_count"])) 条\(importable ? "。核对无误后点击“确认导入”。" : "；有单位名称无法识别，须修改文本后才能导入。")</p>"
        if preview["created"] == .bool(false), revision == nil, preview["plan_id"]?.intValue != nil {
            summary += "<p class=\"hint\">该年度已导入相同文本，确认导入不会有任何改动。</p>"
        }
        if let revision {
            let changed = revision["tasks_changed"]?.arrayValue?.count ?? 0
            summary += "<p class=\"hint\">该年度已有工作要点（第 \(Format.text(revision["from_revision"])) 版）：确认导入将修订为第 \(Format.text(revision["to_revision"])) 版——新增任务 \(revision["tasks_added"]?.arrayValue?.count ?? 0) 项，撤销任务 \(revision["tasks_withdrawn"]?.arrayValue?.count ?? 0) 项，变更任务 \(changed) 项；台账新增 \(Format.text(revision["lines_added"])) 条、撤销 \(Format.text(revision["lines_withdrawn"])) 条、保留 \(Format.text(revision["lines_kept"])) 条。</p>"
        }
        // What the office must settle: 有关 units (待明确), names that match nothing, other warnings.
        let pending: [HTML] = (preview["to_designate"]?.arrayValue ?? []).map { item in
            "<tr><td class=\"num\">\(Format.text(item["line"]))</td><td>\(Format.text(item["task_number"]))</td><td>\(Format.text(item["phrase"]))</td><td>\(R.label(R.roles, item["role"]))</td><td><strong>待明确</strong>：导入后由区安委办明确具体单位，明确前不生成台账</td></tr>"
        }
        let unresolved: [HTML] = (preview["unresolved"]?.arrayValue ?? []).map { item in
            "<tr><td class=\"num\">\(Format.text(item["line"]))</td><td colspan=\"3\">\(Format.text(item["text"]))</td><td><strong>单位名称无法识别</strong>（须修改文本）</td></tr>"
        }
        let warnings: [HTML] = (preview["warnings"]?.arrayValue ?? []).filter { $0["code"]?.stringValue != "assignment_to_designate" }.map { item in
            "<tr><td class=\"num\">\(Format.text(item["line"]))</td><td colspan=\"3\">\(Format.text(item["message"]))</td><td><code>\(Format.text(item["code"]))</code></td></tr>"
        }
        let notes: [HTML] = (preview["notes"]?.arrayValue ?? []).map { item in
            "<tr><td class=\"num\">\(Format.text(item["line"]))</td><td colspan=\"3\">\(Format.text(item["text"]))</td><td>\(Format.text(item["message"]))</td></tr>"
        }
        let problems = unresolved + pending + warnings + notes
        let warningTable: HTML = problems.isEmpty ? "<p class=\"empty\">没有提示。</p>"
            : "<table class=\"list\"><caption>共 \(problems.count) 条提示</caption><thead><tr><th scope=\"col\">行</th><th scope=\"col\">任务</th><th scope=\"col\">原文</th><th scope=\"col\">职责</th><th scope=\"col\">说明</th></tr></thead><tbody>\(problems)</tbody></table>"

        var rows: [HTML] = []
        for section in preview["sections"]?.arrayValue ?? [] {
            rows.append("<tr class=\"section\"><th scope=\"rowgroup\" colspan=\"5\">\(R.sectionNumber(section))\(Format.text(section["title"]))</th></tr>")
            for task in section["tasks"]?.arrayValue ?? [] {
                let clauses = task["clauses"]?.arrayValue ?? []
                let clauseCells: [HTML] = clauses.map { clause in
                    let units = clause["units"]?.arrayValue ?? []
                    let names = R.unitNames(units)
                    let missing = (clause["unresolved"]?.arrayValue ?? []).map { Format.text($0["text"]) }
                    let designate = Format.text(clause["raw"]).contains("有关") || Format.text(clause["raw"]).contains("相关")
                    let flag: HTML = designate ? " <span class=\"tag\">含待明确单位</span>" : .empty
                    let bad: HTML = missing.isEmpty ? .empty : " <span class=\"tag tag-bad\">无法识别：\(missing.joined(separator: "、"))</span>"
                    return "<li><span class=\"detail\">\(Format.text(clause["raw"]))</span>\(names.isEmpty ? "（无已识别单位）" : names)\(flag)\(bad)</li>"
                }
                let own = task["deadlines"]?.arrayValue ?? []
                let dates = R.deadlines(own.isEmpty ? clauses.flatMap { $0["deadlines"]?.arrayValue ?? [] } : own)
                rows.append("""
                <tr><td class="num">\(Format.text(task["line"]))</td><td class="nowrap">\(Format.text(task["number"]))</td><td class="task">\(Format.text(task["title"]))</td>\
                <td><ul class="plain">\(clauseCells)</ul>\(dates.isEmpty ? "" : "期限：" + dates)</td><td class="num">\(Format.text(task["ledger_lines"]))</td></tr>
                """)
            }
        }
        return """
        <section class="preview"><h2>预览结果</h2>\(summary)
        <h3>提示</h3>\(warningTable)
        <h3>章节、任务和责任条款</h3>\(R.table(["行", "序号", "任务", "责任条款、单位及期限", "台账"], rows, empty: "未识别出任何任务。"))</section>
        """
    }
}
