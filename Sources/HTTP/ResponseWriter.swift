// Serializes a response head: status line, the handler's fields, and the framing fields the server owns.

enum ResponseWriter {
    /// Whether a response with this status to this method carries no body (RFC 9110 6.4.1).
    static func bodyless(status: Int, method: String) -> Bool {
        method == "HEAD" || status == 204 || status == 304 || (100..<200).contains(status)
    }

    /// The response head. The server owns Content-Length, Transfer-Encoding, Connection and Date:
    /// any the handler set are replaced.
    static func head(_ response: Response, method: String, close: Bool, keepAliveHeader: Bool, date: String) -> [UInt8] {
        var out = "HTTP/1.1 \(response.status) \(HTTPStatus.reasonPhrase(response.status))\r\n"
        for (name, value) in response.headers {
            let lower = name.lowercased()
            if lower == "content-length" || lower == "transfer-encoding" || lower == "connection" || lower == "date" { continue }
            // Never let a handler split the response with CR/LF.
            if value.utf8.contains(where: { $0 == 13 || $0 == 10 || $0 == 0 }) || name.isEmpty
                || !name.utf8.allSatisfy(ByteClass.isTokenChar) { continue }
            out += name + ": " + value + "\r\n"
        }
        out += "Date: " + date + "\r\n"
        if response.status != 204, response.status != 304, !(100..<200).contains(response.status) {
            // A HEAD handler may state the length of the body it would send without sending it.
            let stated = method == "HEAD" && response.body.isEmpty
                ? response.headers["Content-Length"].flatMap { Framing.parseDecimal(Substring($0)) } : nil
            out += "Content-Length: \(stated ?? response.body.count)\r\n"
        }
        if close {
            out += "Connection: close\r\n"
        } else if keepAliveHeader {
            out += "Connection: keep-alive\r\n"
        }
        out += "\r\n"
        return Array(out.utf8)
    }
}
