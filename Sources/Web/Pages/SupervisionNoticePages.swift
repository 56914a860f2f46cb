// 整改通知书: the rectification notices (each merging a body's open findings), a notice's page with
// its findings and the 打印 link (the print view is `/print/notices/{id}`), and issuing one (the
// office). Over `/api/v1/supervision/notices…`.
import HTTP
import Kernel

extension SupervisionPages {
    static let noticesRoute = route("GET", "/notices")
    static let issueNotice = route("POST", "/notices")

    static var noticePages: [WebPage] {
        [
            WebPage("GET", "/supervision/notices", .signedIn(standsOn: noticesRoute)) { context in
                try listPage(context, title: "整改通知书", path: "/supervision/notices", apiPath: api + "/notices", route: noticesRoute, columns: [
                    Column("文号") { "<a href=\"/supervision/notices/\($0["id"]?.intValue ?? 0)\">\(Format.text($0["number"]))</a>" },
                    Column("责任主体") { "\(Format.text($0["responsible_name"]))" },
                    Column("日期") { "\(Format.date($0["date"]?.stringValue))" },
                    Column("报送期限") { "\(Format.date($0["deadline"]?.stringValue))" },
                    Column("问题") { "\($0["findings"]?.arrayValue?.count ?? 0) 项" },
                ], tools: context.may(issueNotice) ? "<a class=\"button\" href=\"/supervision/notices/new\">下发整改通知书</a>" : .empty,
                empty: "尚无整改通知书。")
            },
            WebPage("GET", "/supervision/notices/export", .signedIn(standsOn: noticesRoute)) { context in
                try export(context, api + "/notices", filters: [], filename: "notices")
            },
            WebPage("GET", "/supervision/notices/new", .signedIn(standsOn: issueNotice)) { context in try noticeForm(context, values: [:], error: nil) },
            WebPage("POST", "/supervision/notices/new", .signedIn(standsOn: issueNotice)) { context in
                let specs = context.site.body(issueNotice)
                let reply = context.api("POST", api + "/notices", json: json(specs, context.form))
                guard reply.ok, let id = reply.json["id"]?.intValue else {
                    return try noticeForm(context, values: typed(specs, context.form), error: "整改通知书未下发：\(problem(reply))", status: status(reply))
                }
                return WebSite.redirect("/supervision/notices/\(id)?done=issue")
            },
            WebPage("GET", "/supervision/notices/{id:int}", .signedIn(standsOn: route("GET", "/notices/{id:int}"))) { context in
                let id = try id(context)
                let notice = try context.get(api + "/notices/\(id)")
                let findings = notice["findings"]?.arrayValue ?? []
                return Layout.page(context, title: "整改通知书 \(Format.text(notice["number"]))", active: "/supervision/notices", """
                \(done(context, ["issue": "整改通知书已下发。"]))
                \(facts([
                    ("文号", "\(Format.text(notice["number"]))"),
                    ("主送（责任主体）", "\(Format.text(notice["responsible_name"]))（\(label(bodyKinds, notice["responsible_kind"]))）"),
                    ("日期", "\(Format.date(notice["date"]?.stringValue))"),
                    ("报送期限", "\(Format.date(notice["deadline"]?.stringValue))"),
                    ("签发人", "\(who(notice["issued_by"]))"),
                ]))
                <div class="toolbar"><a class="button" href="/print/notices/\(id)">打印</a></div>
                <section><h2>责令整改的问题（\(findings.count) 项）</h2>\(findingsTable(findings))</section>
                """)
            },
        ]
    }

    static func noticeForm(_ context: PageContext, values: [String: String], error: String?, status: Int = 200) throws -> Response {
        let specs = context.site.body(issueNotice)
        return Layout.page(context, title: "下发整改通知书", active: "/supervision/notices", status: status, """
        \(Layout.notice(error, error: true))
        <form method="post" action="/supervision/notices/new" class="stack card">\(context.csrfField)
        \(fields(specs, prefix: "notice", values: values, options: options(context, specs), labels: ["deadline": "报送期限（默认取问题中最早的整改期限，不得早于今天）",
                                                                                                       "finding_ids": "只列入这些问题（编号，多个用逗号分隔；默认该主体尚未下发通知书的全部未整改问题）"]))
        <p class="hint">责任主体（部门、属地或企业）只填一个。通知书合并该主体的未整改问题，逐项列明整改期限。</p>
        <button type="submit" class="primary">下发</button></form>
        """)
    }
}
