// The pages read and act through the API itself: each call is an HTTP request handed to the API's
// router in this process (no socket), with the signed-in user's token. So a page sees exactly what
// the API answers that user, with the same checks, scopes, audit and events, and the Web module
// needs no domain module: it knows the API's paths and the routes' declarations, nothing else.
import HTTP
import Kernel

/// What the API answered.
struct APIReply: Sendable {
    let status: Int
    let headers: HTTPHeaders
    let body: [UInt8]
    /// The body parsed once, when the reply is JSON (`.null` for CSV, HTML or a file): a page
    /// reads many fields of a reply, and parsing on every read cost a list page a fifth of its time.
    let json: JSON

    init(status: Int, headers: HTTPHeaders, body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
        let type = headers["Content-Type"]?.lowercased() ?? "application/json"
        json = type.contains("json") ? (try? JSONParser.parse(body)) ?? .null : .null
    }

    var ok: Bool { (200..<300).contains(status) }
    func header(_ name: String) -> String? { headers[name] }

    /// What went wrong, for a person: the problem's detail and its field messages.
    var problem: String {
        let problem = json
        var text = Format.text(problem["detail"])
        if let errors = problem["errors"]?.arrayValue, !errors.isEmpty {
            text = errors.map { "\(Labels.field(Format.text($0["field"])))：\(Format.text($0["message"]))" }.joined(separator: "；")
        }
        return text.isEmpty ? "请求未能完成 (HTTP \(status))" : text
    }
}

/// Calls the API in-process.
struct APICaller: Sendable {
    let handler: Handler

    func call(_ method: String, _ path: String, query: [(name: String, value: String)] = [], json: JSON? = nil,
              token: String?, accept: String? = nil, extraHeaders: [(String, String)] = [], remoteAddress: String) -> APIReply {
        var headers = HTTPHeaders()
        if let token { headers.add("Authorization", "Bearer \(token)") }
        if json != nil { headers.add("Content-Type", "application/json") }
        if let accept { headers.add("Accept", accept) }
        for (name, value) in extraHeaders { headers.add(name, value) }
        let target = query.isEmpty ? path : path + "?" + Format.query(query)
        let request = Request(method: method, target: target, path: path, queryItems: query, headers: headers,
                              body: json.map(\.bytes) ?? [], remoteAddress: remoteAddress)
        do {
            let response = try handler(request)
            return APIReply(status: response.status, headers: response.headers, body: response.body)
        } catch {
            return APIReply(status: 500, headers: HTTPHeaders(), body: JSON.object(["detail": .string("服务器内部错误 (internal error)")]).bytes)
        }
    }
}
