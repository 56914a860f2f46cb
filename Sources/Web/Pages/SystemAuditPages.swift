// 审计日志 and 系统自检 (administrators): the audit log with its filters, paging and 导出 CSV, and
// the verification of its hash chain with the result; `anwei check`'s report (integrity, foreign
// keys, audit chain, schema, deliveries) from `GET /api/v1/system/check`, each check in Chinese.
import HTTP
import Kernel

enum SystemAuditPages {
    static let list = "GET /api/v1/audit"
    static let verify = "GET /api/v1/audit/verify"
    static let check = "GET /api/v1/system/check"
    static let labels = ["entity": "对象类型（如 hazard）", "entity_id": "对象编号", "actor": "操作人", "since": "起始日期（含）", "until": "截止日期（不含）"]

    static let pages: [WebPage] = [
        WebPage("GET", "/system/audit", .signedIn(standsOn: list), auditPage),
        WebPage("GET", "/system/audit/export", .signedIn(standsOn: list)) { context in
            try SystemPages.csv(context, "/api/v1/audit", query: filters(context), filename: "audit.csv")
        },
        WebPage("GET", "/system/check", .signedIn(standsOn: check), checkPage),
    ]

    static func filters(_ context: PageContext) -> [(name: String, value: String)] {
        let specs = context.site.params(list)
        return context.query.filter { item in specs.contains { $0.name == item.name } && !item.value.isEmpty }
    }

    static func auditPage(_ context: PageContext) throws -> Response {
        let chosen = filters(context)
        let after = context.request.query("after")
        var values: [String: String] = [:]
        for (name, value) in chosen { values[name] = value }
        let filterText = Format.query(chosen)
        let form: HTML = """
            <form method="get" action="/system/audit" class="filters" role="search">\(ContractForm.fields(context.site.params(list), prefix: "filter", values: values, labels: labels, compact: true))
            <div class="actions"><button type="submit" class="primary">查询</button> <a href="/system/audit">清除条件</a></div></form>
            """
        let toolbar: HTML = """
            <div class="toolbar"><a class="button" href="/system/audit/export\(filterText.isEmpty ? "" : "?" + filterText)">导出 CSV</a>\
            <form method="get" action="/system/audit" class="inline">\(chosen.map { Layout.hidden($0.name, $0.value) })<input type="hidden" name="verify" value="1"><button type="submit">校验审计链</button></form></div>
            """
        var verdict: HTML = .empty
        if context.request.query("verify") == "1" {
            let result = try context.get("/api/v1/audit/verify")
            let records = Format.text(result["records"])
            if result["intact"] == .bool(true) {
                verdict = Layout.notice("审计链完整：共 \(records) 条记录，每一环的哈希均已校验通过。")
            } else {
                verdict = Layout.notice("审计链已断开：第 \(Format.text(result["first_broken_id"])) 条记录校验未通过（\(Format.text(result["reason"]))）。共校验 \(records) 条记录。请立即报告并从最近一次完好的备份恢复。", error: true)
            }
        }
        let reply = context.api("GET", "/api/v1/audit", query: chosen + [("limit", "50")] + (after.map { [("after", $0)] } ?? []))
        guard reply.ok else {
            if reply.status == 400 || reply.status == 422 {
                return Layout.page(context, title: "审计日志", active: "/system/audit", status: reply.status, form + Layout.notice("筛选条件有误：\(reply.problem)", error: true))
            }
            throw PageFailure.from(reply)
        }
        let items = reply.json["items"]?.arrayValue ?? []
        let rows: [HTML] = items.map { record in
            """
            <tr><td class="num">\(Format.text(record["id"]))</td><td class="nowrap">\(Format.date(record["at"]?.stringValue))</td><td>\(Format.actor(record["actor"]))</td>\
            <td>\(Format.text(record["action"]))</td><td>\(Format.text(record["entity"])) \(Format.text(record["entity_id"]))</td><td>\(Format.text(record["summary"]))</td></tr>
            """
        }
        let table: HTML = items.isEmpty ? "<p class=\"empty\">没有符合条件的审计记录。</p>" : """
            <table class="list"><caption>本页 \(items.count) 条，最新的在前（每页 50 条）</caption>
            <thead><tr><th scope="col">序号</th><th scope="col">时间</th><th scope="col">操作人</th><th scope="col">操作</th><th scope="col">对象</th><th scope="col">摘要</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        return Layout.page(context, title: "审计日志", active: "/system/audit",
                           verdict + form + toolbar + table + SystemPages.pager("/system/audit", chosen, next: reply.json["next"]?.stringValue, onFirst: after == nil))
    }

    static let checkNames = [
        "integrity": "数据库完整性", "foreign_keys": "外键引用", "audit_chain": "审计链", "schema": "数据库结构版本",
        "event_deliveries": "模块间事件投递", "webhooks": "外部推送", "registry_forms": "登记记录的 JSON 形式",
    ]

    static func checkPage(_ context: PageContext) throws -> Response {
        let report = try context.get("/api/v1/system/check")
        let findings = report["findings"]?.arrayValue ?? []
        let rows: [HTML] = findings.map { finding in
            let code = Format.text(finding["check"])
            let verdict = Format.text(finding["verdict"])
            let label = ["ok": "正常", "warning": "注意", "failed": "失败"][verdict] ?? verdict
            return """
            <tr><td>\(checkNames[code] ?? code)<div class="detail">\(code)</div></td><td class="verdict-\(verdict)">\(label)</td><td>\(Format.text(finding["detail"]))</td></tr>
            """
        }
        let failed = report["failed"]?.intValue ?? 0
        let warnings = findings.filter { $0["verdict"]?.stringValue == "warning" }.count
        let summary: HTML = failed == 0
            ? Layout.notice("全部 \(findings.count) 项检查通过\(warnings > 0 ? "，其中 \(warnings) 项需要注意" : "")。")
            : Layout.notice("\(failed) 项检查失败：请停止写入，并从最近一次完好的备份恢复（anwei restore）。", error: true)
        return Layout.page(context, title: "系统自检", active: "/system/check", """
            \(summary)
            <p class="hint">与命令 anwei check 相同的检查，只读，服务运行中也可执行。每次打开本页重新检查。</p>
            <table class="list"><thead><tr><th scope="col">检查项</th><th scope="col">结果</th><th scope="col">说明</th></tr></thead><tbody>\(rows)</tbody></table>
            """)
    }
}
