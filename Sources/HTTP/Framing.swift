// How a request's body is delimited (RFC 9112 6), and the refusals that stop request smuggling.

enum BodyFraming: Equatable {
    case none
    case length(Int)
    case chunked
}

enum Framing {
    /// Decides the body framing of `head`. Throws 400 for ambiguous or malformed framing
    /// (Content-Length with Transfer-Encoding, differing Content-Lengths, chunked not last or
    /// repeated), 501 for transfer codings other than chunked, 413 for a declared length over the limit.
    static func bodyFraming(_ head: RequestHead, maxBodyBytes: Int) throws -> BodyFraming {
        if head.serverFields.isDisjoint(with: [.contentLength, .transferEncoding]) { return .none }
        let te = head.headers.values("Transfer-Encoding")
        let cl = head.headers.values("Content-Length")
        if !te.isEmpty {
            if !cl.isEmpty {
                throw HTTPError(400, "请求不能同时带 Content-Length 和 Transfer-Encoding (A request must not carry both Content-Length and Transfer-Encoding.)")
            }
            if head.minorVersion == 0 {
                throw HTTPError(400, "HTTP/1.0 请求不能带 Transfer-Encoding (Transfer-Encoding is not allowed in an HTTP/1.0 request.)")
            }
            var codings: [String] = []
            for value in te {
                for part in value.split(separator: ",", omittingEmptySubsequences: false) {
                    let coding = part.trimmingOWS().lowercased()
                    if coding.isEmpty { throw HTTPError(400, "传输编码为空 (Empty transfer coding.)") }
                    codings.append(coding)
                }
            }
            let chunkedCount = codings.filter { $0 == "chunked" }.count
            if chunkedCount > 1 || (chunkedCount == 1 && codings.last != "chunked") {
                throw HTTPError(400, "chunked 须是最后一个传输编码，且只能出现一次 (chunked must be the final transfer coding, applied once.)")
            }
            for coding in codings where coding != "chunked" {
                if !coding.utf8.allSatisfy({ ByteClass.isTokenChar($0) || $0 == UInt8(ascii: ";") || $0 == UInt8(ascii: "=") || $0 == 32 }) {
                    throw HTTPError(400, "Transfer-Encoding 格式有误 (Malformed Transfer-Encoding.)")
                }
                throw HTTPError(501, "不支持传输编码 \"\(coding)\" (Transfer coding \"\(coding)\" is not implemented.)")
            }
            return .chunked
        }
        if cl.isEmpty { return .none }
        var length: Int? = nil
        for value in cl {
            for part in value.split(separator: ",", omittingEmptySubsequences: false) {
                let text = part.trimmingOWS()
                guard let parsed = parseDecimal(text) else {
                    throw HTTPError(400, "Content-Length 无效 (Invalid Content-Length.)")
                }
                if let length, length != parsed {
                    throw HTTPError(400, "Content-Length 的值不一致 (Differing Content-Length values.)")
                }
                length = parsed
            }
        }
        guard let length else { throw HTTPError(400, "Content-Length 无效 (Invalid Content-Length.)") }
        if length > maxBodyBytes {
            throw HTTPError(413, "请求体超过 \(maxBodyBytes) 字节 (The request body is larger than \(maxBodyBytes) bytes.)")
        }
        return length == 0 ? .none : .length(length)
    }

    /// 1*DIGIT without overflow; nil when not digits or absurdly large.
    static func parseDecimal(_ s: Substring) -> Int? {
        guard !s.isEmpty, s.utf8.count <= 18 else {
            // 19+ digits: only valid if leading zeros; treat as overflow (refused).
            return nil
        }
        var v = 0
        for b in s.utf8 {
            guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
            v = v * 10 + Int(b - UInt8(ascii: "0"))
        }
        return v
    }

    /// Whether the connection may carry another request after this one (RFC 9112 9.3).
    static func keepAlive(_ head: RequestHead) -> Bool {
        if !head.serverFields.contains(.connection) { return head.minorVersion >= 1 }
        let tokens = head.headers.values("Connection").flatMap { $0.split(separator: ",").map { $0.trimmingOWS().lowercased() } }
        if tokens.contains("close") { return false }
        return head.minorVersion >= 1 || tokens.contains("keep-alive")
    }

    /// RFC 9112 3.2: an HTTP/1.1 request has exactly one Host field; more than one is always refused.
    /// The first Host's value is vetted (no SP, HTAB, `/` or `@`) by the parser, as it reads it.
    static func checkHost(_ head: RequestHead) throws {
        if head.hostCount > 1 { throw HTTPError(400, "Host 头字段不止一个 (More than one Host header field.)") }
        if head.minorVersion >= 1, head.hostCount == 0 { throw HTTPError(400, "HTTP/1.1 请求须带 Host 头字段 (An HTTP/1.1 request needs a Host header field.)") }
        if !head.hostIsSane { throw HTTPError(400, "Host 头字段无效 (Invalid Host header field.)") }
    }

    /// The expectation, if any: true when 100-continue is expected; throws 417 for others.
    static func expectsContinue(_ head: RequestHead) throws -> Bool {
        guard head.serverFields.contains(.expect), let expect = head.headers["Expect"] else { return false }
        if expect.trimmingOWS().lowercased() == "100-continue" { return head.minorVersion >= 1 }
        throw HTTPError(417, "Expect 只支持 100-continue (Only the 100-continue expectation is supported.)")
    }
}

extension StringProtocol {
    /// Trims spaces and tabs (optional whitespace) at both ends.
    func trimmingOWS() -> Substring {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}
