// Serializes a response head: status line, the handler's fields, and the framing fields the server owns.
#if canImport(Glibc)
import Glibc
#endif

enum ResponseWriter {
    /// Whether a response with this status to this method carries no body (RFC 9110 6.4.1).
    static func bodyless(status: Int, method: String) -> Bool {
        method == "HEAD" || status == 204 || status == 304 || (100..<200).contains(status)
    }

    /// The response head. The server owns Content-Length, Transfer-Encoding, Connection and Date:
    /// any the handler set are replaced. Built as bytes: it is on every response.
    static func head(_ response: Response, method: String, close: Bool, keepAliveHeader: Bool, date: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        out.appendLiteral("HTTP/1.1 ")
        HTTPDate.appendDigits(&out, response.status, 3)
        out.append(32)
        out.appendUTF8(of: HTTPStatus.reasonPhrase(response.status))
        out.append(13); out.append(10)
        for (name, value) in response.headers where isWritable(name: name, value: value) {
            out.appendUTF8(of: name)
            out.append(58); out.append(32)
            out.appendUTF8(of: value)
            out.append(13); out.append(10)
        }
        out.appendLiteral("Date: ")
        out.appendUTF8(of: date)
        out.append(13); out.append(10)
        if response.status != 204, response.status != 304, !(100..<200).contains(response.status) {
            // A HEAD handler may state the length of the body it would send without sending it.
            let stated = method == "HEAD" && response.body.isEmpty
                ? response.headers["Content-Length"].flatMap { Framing.parseDecimal(Substring($0)) } : nil
            out.appendLiteral("Content-Length: ")
            HTTPDate.appendDigits(&out, stated ?? response.body.count, 1)
            out.append(13); out.append(10)
        }
        if close {
            out.appendLiteral("Connection: close\r\n")
        } else if keepAliveHeader {
            out.appendLiteral("Connection: keep-alive\r\n")
        }
        out.append(13); out.append(10)
        return out
    }

    /// Whether a handler's field goes out: not one the server owns, a token for a name, and no
    /// CR, LF or NUL in the value (a handler must never split the response).
    static func isWritable(name: String, value: String) -> Bool {
        let n = name.utf8.count
        if n == 14 || n == 17 || n == 10 || n == 4,
           HTTPHeaders.sameName(name, "Content-Length") || HTTPHeaders.sameName(name, "Transfer-Encoding")
            || HTTPHeaders.sameName(name, "Connection") || HTTPHeaders.sameName(name, "Date") { return false }
        guard n > 0, name.utf8.allSatisfy(ByteClass.isTokenChar) else { return false }
        return !value.utf8.contains { $0 == 13 || $0 == 10 || $0 == 0 }
    }

    /// A refusal the server sends on its own (408, 503): the whole response without waiting for a
    /// client that does not read, then no more sending on `fd`.
    static func sendFinal(_ response: Response, to fd: Int32) {
        let head = head(response, method: "GET", close: true, keepAliveHeader: false, date: HTTPDate.imfFixdate(Clock.wall().seconds))
        _ = Socket.sendAll(fd, head, response.body, flags: Int32(MSG_DONTWAIT))
        shutdown(fd, Int32(SHUT_WR))
    }
}

extension Array where Element == UInt8 {
    /// Appends the bytes of a literal straight from where the program keeps them (a `String`'s
    /// UTF-8 view goes the long way round, and heads and log lines append a dozen a request).
    mutating func appendLiteral(_ text: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends a string's UTF-8 from its storage (made contiguous first, should it not be).
    mutating func appendUTF8(of text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }
}
