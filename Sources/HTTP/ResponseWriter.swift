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
    /// any the handler set are replaced. It is on every response, so it is written straight into
    /// one buffer of the size it can at most need, with no growing and no per-byte checks.
    static func head(_ response: Response, method: String, close: Bool, keepAliveHeader: Bool, date: String) -> [UInt8] {
        let reason = HTTPStatus.reasonPhrase(response.status)
        // At most: status line 9 + 20 + 1 + reason + 2, Date 6 + date + 2, Content-Length 16 + 20 + 2,
        // Connection 24, the empty line 2; each field name + ": " + value + CRLF.
        let fields = response.headers.byteCount
        let bound = 104 + reason.utf8.count + date.utf8.count + fields.bytes + 4 * fields.fields + Self.securityFieldsBound
        return [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
            var out = SizedBytes(buffer.baseAddress!)
            out.put("HTTP/1.1 ")
            out.putDigits(response.status, 3)
            out.put(32)
            out.put(reason)
            out.put("\r\n")
            var document = false, ownPolicy = false
            response.headers.forEachField { name, value in
                guard isWritable(name: name, value: value) else { return }
                if name.count == 22, ASCIIBytes.hasPrefix(name, ignoringCase: "x-content-type-options") { return }
                if name.count == 12, ASCIIBytes.hasPrefix(name, ignoringCase: "content-type") { document = isDocument(value) }
                if name.count == 23, ASCIIBytes.hasPrefix(name, ignoringCase: "content-security-policy") { ownPolicy = true }
                out.put(name)
                out.put(": ")
                out.put(value)
                out.put("\r\n")
            }
            // No browser guesses a type other than the one given; a document runs no script.
            out.put("X-Content-Type-Options: nosniff\r\n")
            if document && !ownPolicy {
                out.put("Content-Security-Policy: ")
                out.put(Self.documentPolicy)
                out.put("\r\n")
            }
            out.put("Date: ")
            out.put(date)
            out.put("\r\n")
            if response.status != 204, response.status != 304, !(100..<200).contains(response.status) {
                // A HEAD handler may state the length of the body it would send without sending it.
                let stated = method == "HEAD" && response.body.isEmpty
                    ? response.headers["Content-Length"].flatMap { Framing.parseDecimal(Substring($0)) } : nil
                out.put("Content-Length: ")
                out.putDigits(stated ?? response.body.count, 1)
                out.put("\r\n")
            }
            if close {
                out.put("Connection: close\r\n")
            } else if keepAliveHeader {
                out.put("Connection: keep-alive\r\n")
            }
            out.put("\r\n")
            count = out.count
        }
    }

    /// The policy of every HTML (or SVG, XML) document the server sends unless its handler gave
    /// one: nothing loads or runs but the document's own inline styles and inline images.
    static let documentPolicy: StaticString = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

    /// The room `X-Content-Type-Options` and `Content-Security-Policy` take at most.
    static let securityFieldsBound = 40 + 27 + documentPolicy.utf8CodeUnitCount

    /// Whether a Content-Type is a document a browser would run (HTML, XHTML, SVG, XML).
    static func isDocument(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        ASCIIBytes.hasPrefix(value, ignoringCase: "text/html") || ASCIIBytes.hasPrefix(value, ignoringCase: "application/xhtml")
            || ASCIIBytes.hasPrefix(value, ignoringCase: "image/svg") || ASCIIBytes.hasPrefix(value, ignoringCase: "text/xml")
            || ASCIIBytes.hasPrefix(value, ignoringCase: "application/xml")
    }

    /// Whether a handler's field goes out: not one the server owns, a token for a name, and no
    /// CR, LF or NUL in the value (a handler must never split the response).
    static func isWritable(name: String, value: String) -> Bool {
        name.withUTF8Bytes { name in value.withUTF8Bytes { value in isWritable(name: name, value: value) } }
    }

    static func isWritable(name: UnsafeBufferPointer<UInt8>, value: UnsafeBufferPointer<UInt8>) -> Bool {
        switch name.count {
        case 0: return false
        case 4: if ASCIIBytes.hasPrefix(name, ignoringCase: "date") { return false }
        case 10: if ASCIIBytes.hasPrefix(name, ignoringCase: "connection") { return false }
        case 14: if ASCIIBytes.hasPrefix(name, ignoringCase: "content-length") { return false }
        case 17: if ASCIIBytes.hasPrefix(name, ignoringCase: "transfer-encoding") { return false }
        default: break
        }
        for b in name where !ByteClass.isTokenChar(b) { return false }
        for b in value where b == 13 || b == 10 || b == 0 { return false }
        return true
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
    /// Appends a string's UTF-8 from its storage.
    mutating func appendUTF8(of text: String) {
        text.withUTF8Bytes { append(contentsOf: $0) }
    }
}

/// Bytes being written into a buffer their writer has sized beforehand: a response head, an
/// access-log line, a date, a page's `Link`.
public struct SizedBytes {
    private let base: UnsafeMutablePointer<UInt8>
    public private(set) var count = 0

    public init(_ base: UnsafeMutablePointer<UInt8>) { self.base = base }

    public mutating func put(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    public mutating func put(_ literal: StaticString) {
        (base + count).update(from: literal.utf8Start, count: literal.utf8CodeUnitCount)
        count += literal.utf8CodeUnitCount
    }

    public mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let from = bytes.baseAddress else { return }
        (base + count).update(from: from, count: bytes.count)
        count += bytes.count
    }

    public mutating func put(_ text: String) {
        text.withUTF8Bytes { bytes in
            guard let from = bytes.baseAddress else { return }
            (base + count).update(from: from, count: bytes.count)
            count += bytes.count
        }
    }

    /// What `write` writes at the end so far (at most the room the writer sized for it); `write`
    /// returns how many bytes it wrote.
    public mutating func put(_ write: (UnsafeMutablePointer<UInt8>) -> Int) {
        count += write(base + count)
    }

    /// `value` (0–99) as two decimal digits.
    mutating func putTwoDigits(_ value: Int) {
        base[count] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value / 10)
        base[count + 1] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
        count += 2
    }

    /// `value` in decimal, zero-padded to at least `width` digits (value ≥ 0, width ≤ 20).
    mutating func putDigits(_ value: Int, _ width: Int) {
        count += ASCIIBytes.writeDecimal(value, width: width, at: base + count)
    }
}
