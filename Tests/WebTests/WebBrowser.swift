// A small browser over the real server for the page tests: it keeps cookies (as a browser would
// with SameSite=Strict on one site), follows nothing by itself, and posts forms with their CSRF token.
import Foundation
import Kernel
import TestSupport

final class WebBrowser {
    let client: HTTPClient
    var cookies: [String: String] = [:]
    var extraHeaders: [(String, String)] = []

    init(port: Int) { client = HTTPClient(port: port) }

    private var cookieHeader: [(String, String)] {
        cookies.isEmpty ? [] : [("Cookie", cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))]
    }

    private func keep(_ reply: HTTPReply) {
        for (name, value) in reply.headers where name.lowercased() == "set-cookie" {
            let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { continue }
            if value.contains("Max-Age=0") { cookies[String(pair[0])] = nil } else { cookies[String(pair[0])] = String(pair[1]) }
        }
    }

    @discardableResult
    func get(_ path: String) throws -> HTTPReply {
        let reply = try client.send("GET", path, headers: cookieHeader + extraHeaders)
        keep(reply)
        return reply
    }

    /// Posts `fields` urlencoded; `csrf` nil sends none.
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)], csrf: String?) throws -> HTTPReply {
        var all = fields
        if let csrf { all.append(("_csrf", csrf)) }
        let body = all.map { "\(APIResponse.percentEncode($0.0))=\(APIResponse.percentEncode($0.1))" }.joined(separator: "&")
        let reply = try client.send("POST", path, body: Array(body.utf8),
                                    headers: cookieHeader + extraHeaders + [("Content-Type", "application/x-www-form-urlencoded")])
        keep(reply)
        return reply
    }

    /// Posts a multipart form with one file.
    @discardableResult
    func postMultipart(_ path: String, _ fields: [(String, String)], file: (field: String, name: String, type: String, bytes: [UInt8])?, csrf: String) throws -> HTTPReply {
        let boundary = "----anweitest7d1f"
        var body: [UInt8] = []
        for (name, value) in fields + [("_csrf", csrf)] {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        if let file {
            body += Array("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\nContent-Type: \(file.type)\r\n\r\n".utf8)
            body += file.bytes + Array("\r\n".utf8)
        }
        body += Array("--\(boundary)--\r\n".utf8)
        let reply = try client.send("POST", path, body: body, headers: cookieHeader + extraHeaders + [("Content-Type", "multipart/form-data; boundary=\(boundary)")])
        keep(reply)
        return reply
    }

    /// The CSRF token in a page's forms.
    static func csrf(_ page: HTTPReply) -> String? {
        guard let range = page.text.range(of: "name=\"_csrf\" value=\"") else { return nil }
        return String(page.text[range.upperBound...].prefix { $0 != "\"" })
    }

    /// Signs in through the sign-in page; returns the answer to the POST.
    @discardableResult
    func signIn(_ username: String, password: String = "anwei-demo-2024") throws -> HTTPReply {
        let page = try get("/login")
        return try post("/login", [("username", username), ("password", password)], csrf: WebBrowser.csrf(page))
    }

    /// The CSRF token of the signed-in (or not) session, read from a page.
    func csrf(from path: String = "/password") throws -> String {
        try WebBrowser.csrf(get(path)) ?? ""
    }
}

extension HTTPReply {
    var location: String? { header("Location") }
    var setCookies: [String] { headers.filter { $0.0.lowercased() == "set-cookie" }.map(\.1) }
}

/// A 1×1 PNG.
let tinyPNG: [UInt8] = Array(Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")!)
