// Print views (打印): the documents the office signs and sends — 整改通知书, 督办文书, 会议纪要 and
// the 考核通报 — laid out after GB/T 9704 on A4 by the API's own HTML routes (the kernel's
// `OfficialDocument`). Each page calls its route as the signed-in user, so who may print what, and
// the 404 for what is out of scope, are the API's. The document's one stylesheet (a constant) is
// served from this site (`/print/official.css`) in place of its inline <style>, so the site's
// Content-Security-Policy (`style-src 'self'`, no inline styles) holds on these pages too; a
// screen-only bar (hidden in print) leads back to the desk.
import Foundation
import HTTP
import Kernel

enum PrintPages {
    static let notice = "GET /api/v1/supervision/notices/{id:int}/html"
    static let instrument = "GET /api/v1/supervision/instruments/{id:int}/html"
    static let minutes = "GET /api/v1/consultations/meetings/{id:int}/minutes"
    static let assessment = "GET /api/v1/supervision/assessment/report/html"

    /// The stylesheet's URL, versioned by its hash (cached for a year).
    static let cssVersion = String(Crypto.sha256Hex(OfficialDocument.css).prefix(10))
    static let cssURL = "/print/official.css?v=\(cssVersion)"
    static let inlineStyle = "<style>" + OfficialDocument.css + "</style>"

    static let pages: [WebPage] = [
        WebPage("GET", "/print/official.css", .open) { _ in
            var response = Response(status: 200, contentType: "text/css; charset=utf-8", body: Array(OfficialDocument.css.utf8))
            response.headers.set("Cache-Control", "public, max-age=31536000, immutable")
            return response
        },
        WebPage("GET", "/print/notices/{id:int}", .signedIn(standsOn: notice)) { context in
            try document(context, "/api/v1/supervision/notices/\(try id(context))/html")
        },
        WebPage("GET", "/print/instruments/{id:int}", .signedIn(standsOn: instrument)) { context in
            try document(context, "/api/v1/supervision/instruments/\(try id(context))/html")
        },
        WebPage("GET", "/print/meetings/{id:int}/minutes", .signedIn(standsOn: minutes)) { context in
            try document(context, "/api/v1/consultations/meetings/\(try id(context))/minutes")
        },
        WebPage("GET", "/print/assessment", .signedIn(standsOn: assessment)) { context in
            let query = context.query.filter { ["year", "as_of"].contains($0.name) && !$0.value.isEmpty }
            return try document(context, "/api/v1/supervision/assessment/report/html", query: query)
        },
    ]

    static func id(_ context: PageContext) throws -> Int64 {
        guard let id = context.request.pathParameter("id").flatMap(Int64.init), id > 0 else { throw PageFailure(status: 404, message: "未找到该文书。") }
        return id
    }

    /// The API's document as the signed-in user may read it, its style linked, with the bar on screen.
    static func document(_ context: PageContext, _ path: String, query: [(name: String, value: String)] = []) throws -> Response {
        let reply = context.api("GET", path, query: query, accept: "text/html")
        guard reply.ok else { throw PageFailure.from(reply) }
        guard reply.header("Content-Type")?.hasPrefix("text/html") == true else { throw PageFailure(status: 502, message: "文书未能生成，请稍后再试。") }
        var html = String(decoding: reply.body, as: UTF8.self)
        html = html.replacingOccurrences(of: inlineStyle, with: "<link rel=\"stylesheet\" href=\"\(cssURL)\">")
        let bar: HTML = """
            <nav class="screen-bar" aria-label="打印"><a href="/">返回安委工作台</a><span>按 Ctrl+P（或浏览器菜单中的“打印”）打印，纸张选 A4，边距选“默认”。</span></nav>
            """
        if let body = html.range(of: "<body class=\"official\">") {
            html.insert(contentsOf: "\n" + bar.markup, at: body.upperBound)
        }
        return Response(status: 200, contentType: "text/html; charset=utf-8", body: Array(html.utf8))
    }
}
