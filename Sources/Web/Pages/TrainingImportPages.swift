// 批量导入: people, trainings and certificates from a CSV file, all or nothing, with a 仅检查 (dry
// run) choice. The file is uploaded as a form's file; its text goes to the API's import route, whose
// per-row errors (第 N 行 …) are listed on the page when it refuses (nothing is written then).
import Foundation
import HTTP
import Kernel

enum TrainingImportPages {
    static let kinds: [(code: String, name: String, api: String)] = [
        ("people", "培训人员", "/api/v1/training/people/import"),
        ("records", "培训记录", "/api/v1/training/records/import"),
        ("certificates", "特种作业证书", "/api/v1/training/certificates/import"),
    ]
    static let route = "POST /api/v1/training/people/import"

    static let pages: [WebPage] = [
        WebPage("GET", "/training/import", .signedIn(standsOn: route)) { context in try page(context, result: .empty) },
        WebPage("POST", "/training/import/{kind}", .signedIn(standsOn: route)) { context in
            try TrainingCertificatePages.requireRole(context, TrainingCertificatePages.writers)
            guard let kind = kinds.first(where: { $0.code == context.request.pathParameter("kind") }) else { throw PageFailure(status: 404, message: "未找到该导入类型。") }
            guard let file = context.form.file("file") else {
                return try page(context, result: Layout.notice("\(kind.name)：请选择要导入的 CSV 文件。", error: true), status: 422)
            }
            var bytes = file.bytes
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                return try page(context, result: Layout.notice("\(kind.name)：文件不是 UTF-8 编码的 CSV 文本（请在表格软件中另存为“CSV UTF-8”）。", error: true), status: 422)
            }
            let dryRun = context.form.value("dry_run") == "true"
            let reply = context.api("POST", kind.api, query: [("dry_run", dryRun ? "true" : "false")],
                                    json: .object(["csv": .string(text.replacingOccurrences(of: "\r\n", with: "\n"))]))
            guard reply.ok else {
                if reply.status == 403 { throw PageFailure.from(reply) }
                return try page(context, result: "<h2>\(kind.name)导入结果</h2>" + PageKit.importErrors(reply), status: 422)
            }
            let rows = Format.text(reply.json["rows"])
            let message = dryRun ? "\(kind.name)：检查通过，共 \(rows) 行，未写入（取消“仅检查”后再导入）。"
                                 : "\(kind.name)：已导入 \(Format.text(reply.json["imported"])) 条。"
            return try page(context, result: Layout.notice(message))
        },
    ]

    /// The 批量导入 button of a list, for the roles that may import.
    static func button(_ context: PageContext) -> HTML {
        TrainingCertificatePages.writers.contains(context.actor?.role ?? .inspector) ? "<a class=\"button\" href=\"/training/import\">批量导入</a>" : .empty
    }

    static func page(_ context: PageContext, result: HTML, status: Int = 200) throws -> Response {
        try TrainingCertificatePages.requireRole(context, TrainingCertificatePages.writers)
        let forms: [HTML] = kinds.map { kind in
            let columns = Format.text(context.site.declarations["POST \(kind.api)"].map { JSON.string($0.summary) })
                .components(separatedBy: "columns: ").last ?? ""
            return """
            <section class="card"><h2>导入\(kind.name)</h2><p class="hint">CSV 文件（UTF-8），首行为列名：<code>\(columns)</code>。人员、单位可填编号或名称；全部行无误才写入。</p>
            <form method="post" action="/training/import/\(kind.code)" enctype="multipart/form-data" class="stack">\(context.csrfField)
            <div class="field"><label for="\(kind.code)-file">CSV 文件</label><input id="\(kind.code)-file" name="file" type="file" accept=".csv,text/csv" required></div>
            <div class="field"><label for="\(kind.code)-dry">仅检查，不写入</label><select id="\(kind.code)-dry" name="dry_run"><option value="true">是</option><option value="false" selected>否</option></select></div>
            <button type="submit" class="primary">导入</button></form></section>
            """
        }
        return Layout.page(context, title: "批量导入", active: "/training/import", status: status, result + forms.joined())
    }
}
