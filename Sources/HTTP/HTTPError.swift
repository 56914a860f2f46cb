// Errors that carry their HTTP answer, and the RFC 9457 problem documents that render them.

/// An error with the status a client should see. Thrown by the parser, the router and handlers.
public struct HTTPError: Error, Sendable {
    public var status: Int
    public var title: String
    public var detail: String
    public var headers: [(String, String)]

    public init(status: Int, title: String, detail: String, headers: [(String, String)] = []) {
        self.status = status
        self.title = title
        self.detail = detail
        self.headers = headers
    }

    /// An error whose title is the status's reason phrase.
    public init(_ status: Int, _ detail: String, headers: [(String, String)] = []) {
        self.init(status: status, title: HTTPStatus.reasonPhrase(status), detail: detail, headers: headers)
    }

    /// The problem+json response for this error.
    public var response: Response {
        Problem.response(status: status, title: title, detail: detail, headers: headers)
    }
}

/// `application/problem+json` documents (RFC 9457).
public enum Problem {
    public static let contentType = "application/problem+json"

    /// `{"type":"about:blank","title":..,"status":..,"detail":..}` with the given status and extra headers.
    public static func response(status: Int, title: String, detail: String, headers: [(String, String)] = []) -> Response {
        let body = "{\"type\":\"about:blank\",\"title\":\(JSONText.quote(title)),\"status\":\(status),\"detail\":\(JSONText.quote(detail))}"
        var fields = HTTPHeaders([("Content-Type", contentType)])
        for (name, value) in headers { fields.add(name, value) }
        return Response(status: status, headers: fields, body: Array(body.utf8))
    }
}

/// Minimal JSON text helpers for documents the server writes itself.
enum JSONText {
    /// `s` as a JSON string literal, quotes included.
    static func quote(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
        return out
    }
}
