// RFC 9112 request-head parsing: the request line and the header section, over raw bytes.
// Pure functions: no sockets, so every refusal can be tested directly.
#if canImport(Glibc)
import Glibc
#endif

/// The limits the parser enforces (taken from `ServerConfiguration`).
struct ParserLimits: Sendable {
    var maxRequestLineBytes: Int
    var maxHeaderBytes: Int
    var maxHeaderCount: Int
    var maxBodyBytes: Int

    init(_ c: ServerConfiguration) {
        maxRequestLineBytes = c.maxRequestLineBytes
        maxHeaderBytes = c.maxHeaderBytes
        maxHeaderCount = c.maxHeaderCount
        maxBodyBytes = c.maxBodyBytes
    }
}

/// A parsed request line and header section.
struct RequestHead: Sendable {
    var method: String
    var target: String
    var minorVersion: Int  // HTTP/1.x
    var headers: HTTPHeaders
    /// The fields the server reads itself, noted as they were parsed: a request without them (most
    /// have only Host) is not searched for them again.
    var serverFields = ServerFields()
    /// How many Host fields came, and whether the first one's value has none of SP, HTAB, `/`, `@`.
    var hostCount = 0
    var hostIsSane = true
}

/// The header fields the server reads for framing and the connection, as a set.
struct ServerFields: OptionSet, Sendable {
    let rawValue: UInt8
    static let host = ServerFields(rawValue: 1)
    static let contentLength = ServerFields(rawValue: 2)
    static let transferEncoding = ServerFields(rawValue: 4)
    static let connection = ServerFields(rawValue: 8)
    static let expect = ServerFields(rawValue: 16)

    /// Which of them a field name is (letters compared without case; the length is checked first,
    /// so a prefix of the name's length is the whole name); empty for any other name.
    static func named(_ name: UnsafeBufferPointer<UInt8>) -> ServerFields {
        switch name.count {
        case 4: return ASCIIBytes.hasPrefix(name, ignoringCase: "host") ? .host : []
        case 6: return ASCIIBytes.hasPrefix(name, ignoringCase: "expect") ? .expect : []
        case 10: return ASCIIBytes.hasPrefix(name, ignoringCase: "connection") ? .connection : []
        case 14: return ASCIIBytes.hasPrefix(name, ignoringCase: "content-length") ? .contentLength : []
        case 17: return ASCIIBytes.hasPrefix(name, ignoringCase: "transfer-encoding") ? .transferEncoding : []
        default: return []
        }
    }
}

enum HeadParseResult {
    case incomplete
    case complete(RequestHead, consumed: Int)
}

enum ByteClass {
    /// tchar (RFC 9110 5.6.2): ALPHA, DIGIT and ``!#$%&'*+-.^_`|~``, as one bit per ASCII byte
    /// (bytes 0–63 in the first mask, 64–127 in the second; tests hold it to the list).
    static func isTokenChar(_ b: UInt8) -> Bool {
        if b < 64 { return tokenBitsLow >> b & 1 != 0 }
        return b < 128 && tokenBitsHigh >> (b - 64) & 1 != 0
    }

    private static let tokenBitsLow: UInt64 = 0x03FF_6CFA_0000_0000
    private static let tokenBitsHigh: UInt64 = 0x57FF_FFFF_C7FF_FFFE

    /// field-vchar, SP or HTAB (obs-text allowed).
    static func isFieldValueChar(_ b: UInt8) -> Bool { b == 0x09 || (b >= 0x20 && b != 0x7F) }

    /// Whether every byte of `b[start..<end]` is a field-vchar, SP or HTAB. Eight bytes at a time:
    /// a word with no byte below 0x20 and none equal to 0x7F is passed whole (a set high bit in
    /// `suspect` marks a byte that may be either; only such words are looked at byte by byte).
    static func areFieldValueChars(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        var k = start
        while k + 8 <= end {
            let word = UnsafeRawPointer(b.baseAddress! + k).loadUnaligned(as: UInt64.self)
            let delete = word ^ (0x7F &* ones)
            let suspect = ((word &- 0x20 &* ones) & ~word) | ((delete &- ones) & ~delete)
            if suspect & highs != 0 {
                for i in k..<(k + 8) where !isFieldValueChar(b[i]) { return false }
            }
            k += 8
        }
        while k < end {
            if !isFieldValueChar(b[k]) { return false }
            k += 1
        }
        return true
    }
}

enum HeadParser {
    static let cr: UInt8 = 13, lf: UInt8 = 10, sp: UInt8 = 32, htab: UInt8 = 9

    /// Parses one request head at the start of `bytes`, or reports that more bytes are needed.
    /// Throws `HTTPError` (400, 414, 431, 501, 505) when the bytes cannot become a valid head.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, limits: ParserLimits) throws -> HeadParseResult {
        let n = bytes.count
        var i = 0
        // RFC 9112 2.2: ignore empty lines received before the request line.
        while i < n, bytes[i] == cr || bytes[i] == lf {
            if bytes[i] == cr, i + 1 < n, bytes[i + 1] != lf { throw HTTPError(400, "请求行前有多余的 CR (Stray CR before the request line.)") }
            i += 1
            if i > 64 { throw HTTPError(400, "请求行前的空行过多 (Too many empty lines before the request line.)") }
        }
        guard let lineEnd = ASCIIBytes.firstIndex(of: lf, in: bytes, from: i) else {
            try checkPartialRequestLine(bytes, from: i, limits: limits)
            return .incomplete
        }
        var lineStop = lineEnd
        if lineStop > i, bytes[lineStop - 1] == cr { lineStop -= 1 }
        if lineStop - i > limits.maxRequestLineBytes {
            throw HTTPError(414, "请求行超过 \(limits.maxRequestLineBytes) 字节 (The request line is longer than \(limits.maxRequestLineBytes) bytes.)")
        }
        let (method, target, minor) = try parseRequestLine(bytes, i, lineStop)

        // Header section: checked field by field, kept as the bytes that arrived and where each field lies.
        let headerStart = lineEnd + 1
        var p = headerStart
        var head = RequestHead(method: method, target: target, minorVersion: minor, headers: HTTPHeaders())
        var spans: [HTTPHeaders.Span] = []
        spans.reserveCapacity(16)
        while true {
            guard let end = ASCIIBytes.firstIndex(of: lf, in: bytes, from: p) else {
                if n - headerStart > limits.maxHeaderBytes {
                    throw HTTPError(431, "请求头超过 \(limits.maxHeaderBytes) 字节 (The header section is larger than \(limits.maxHeaderBytes) bytes.)")
                }
                // Fail early on a partial line that can never become valid.
                if p < n, bytes[p] == sp || bytes[p] == htab {
                    throw HTTPError(400, "不接受过时的头字段折行 (Obsolete line folding is not accepted.)")
                }
                return .incomplete
            }
            if end + 1 - headerStart > limits.maxHeaderBytes {
                throw HTTPError(431, "请求头超过 \(limits.maxHeaderBytes) 字节 (The header section is larger than \(limits.maxHeaderBytes) bytes.)")
            }
            var stop = end
            if stop > p, bytes[stop - 1] == cr { stop -= 1 }
            if stop == p { p = end + 1; break }  // empty line: end of the head
            if spans.count == limits.maxHeaderCount {
                throw HTTPError(431, "头字段超过 \(limits.maxHeaderCount) 个 (More than \(limits.maxHeaderCount) header fields.)")
            }
            let (name, value) = try fieldLine(bytes, p, stop)
            let which = ServerFields.named(UnsafeBufferPointer(rebasing: bytes[name]))
            if !which.isEmpty {
                head.serverFields.formUnion(which)
                if which == .host {
                    if head.hostCount == 0 {
                        head.hostIsSane = !bytes[value].contains { $0 == sp || $0 == htab || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "@") }
                    }
                    head.hostCount += 1
                }
            }
            spans.append(HTTPHeaders.Span(name: (name.lowerBound - headerStart)..<(name.upperBound - headerStart),
                                          value: (value.lowerBound - headerStart)..<(value.upperBound - headerStart)))
            p = end + 1
        }
        head.headers = HTTPHeaders(section: UnsafeBufferPointer(rebasing: bytes[headerStart..<p]), spans: spans)
        return .complete(head, consumed: p)
    }

    /// Whether bytes just received can change the outcome of parsing a head that was incomplete:
    /// a line ended, the request line is still short enough to vet byte by byte, or a limit may be
    /// crossed. Skipping the rest keeps a head sent one byte per packet linear, not quadratic, work.
    static func worthParsing(newBytes: ArraySlice<UInt8>, unread: Int, limits: ParserLimits) -> Bool {
        let before = unread - newBytes.count
        let lineLimit = limits.maxRequestLineBytes + 2
        let headLimit = limits.maxRequestLineBytes + limits.maxHeaderBytes + 2
        return newBytes.contains(lf) || unread <= lineLimit || (before <= lineLimit && unread > lineLimit) || unread > headLimit
    }

    /// Rejects early a request line that is already too long or contains bytes no request line has.
    static func checkPartialRequestLine(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, limits: ParserLimits) throws {
        if bytes.count - start > limits.maxRequestLineBytes {
            throw HTTPError(414, "请求行超过 \(limits.maxRequestLineBytes) 字节 (The request line is longer than \(limits.maxRequestLineBytes) bytes.)")
        }
        var inMethod = true
        for k in start..<bytes.count {
            let b = bytes[k]
            if inMethod {
                if b == sp { inMethod = false; continue }
                if !ByteClass.isTokenChar(b) { throw HTTPError(400, "请求行格式有误 (Malformed request line.)") }
            } else if b == cr {
                if k + 1 < bytes.count { throw HTTPError(400, "请求行格式有误 (Malformed request line.)") }
            } else if b < 0x20 || b >= 0x7F {
                throw HTTPError(400, "请求行格式有误 (Malformed request line.)")
            }
        }
    }

    static func parseRequestLine(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int) throws -> (String, String, Int) {
        // method SP request-target SP HTTP-version, single spaces.
        var first = -1, second = -1
        for k in start..<stop {
            let c = b[k]
            if c == sp {
                if first < 0 { first = k } else if second < 0 { second = k } else { throw HTTPError(400, "请求行格式有误 (Malformed request line.)") }
            } else if c < 0x21 || c == 0x7F || c >= 0x80 {
                throw HTTPError(400, "请求行格式有误 (Malformed request line.)")
            }
        }
        guard first > start, second > first + 1, stop > second + 1 else {
            throw HTTPError(400, "请求行格式有误 (Malformed request line.)")
        }
        for k in start..<first where !ByteClass.isTokenChar(b[k]) {
            throw HTTPError(400, "Invalid method.")
        }
        let method = String(decoding: UnsafeBufferPointer(rebasing: b[start..<first]), as: UTF8.self)
        let target = String(decoding: UnsafeBufferPointer(rebasing: b[(first + 1)..<second]), as: UTF8.self)
        let version = UnsafeBufferPointer(rebasing: b[(second + 1)..<stop])
        // The usual two without building an array.
        if version.count == 8, memcmp(version.baseAddress!, ("HTTP/1." as StaticString).utf8Start, 7) == 0,
           version[7] == UInt8(ascii: "1") || version[7] == UInt8(ascii: "0") {
            return (method, target, Int(version[7] - UInt8(ascii: "0")))
        }
        return (method, target, try parseVersion(Array(version)))
    }

    /// "HTTP/1.1" -> 1, "HTTP/1.0" -> 0; another well-formed version -> 505; anything else -> 400.
    static func parseVersion(_ v: [UInt8]) throws -> Int {
        let prefix = Array("HTTP/".utf8)
        guard v.count == 8, Array(v[0..<5]) == prefix, v[6] == UInt8(ascii: "."),
              (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(v[5]),
              (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(v[7]) else {
            throw HTTPError(400, "Malformed HTTP version.")
        }
        let major = Int(v[5] - UInt8(ascii: "0")), minor = Int(v[7] - UInt8(ascii: "0"))
        guard major == 1, minor <= 1 else {
            throw HTTPError(505, "Only HTTP/1.0 and HTTP/1.1 are supported.")
        }
        return minor
    }

    /// field-name ":" OWS field-value OWS. No whitespace before the colon, no obs-fold. Where the
    /// name and the value (without the whitespace around it) lie in `b`.
    static func fieldLine(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ stop: Int) throws -> (name: Range<Int>, value: Range<Int>) {
        if b[start] == sp || b[start] == htab { throw HTTPError(400, "不接受过时的头字段折行 (Obsolete line folding is not accepted.)") }
        var colon = start
        while colon < stop, b[colon] != UInt8(ascii: ":") {
            if !ByteClass.isTokenChar(b[colon]) { throw HTTPError(400, "Invalid header field name.") }
            colon += 1
        }
        guard colon < stop, colon > start else { throw HTTPError(400, "Malformed header field.") }
        var vs = colon + 1, ve = stop
        while vs < ve, b[vs] == sp || b[vs] == htab { vs += 1 }
        while ve > vs, b[ve - 1] == sp || b[ve - 1] == htab { ve -= 1 }
        if !ByteClass.areFieldValueChars(b, vs, ve) { throw HTTPError(400, "Invalid character in a header field value.") }
        return (start..<colon, vs..<ve)
    }
}
