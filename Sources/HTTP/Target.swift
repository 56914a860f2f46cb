// The request target (RFC 9112 3.2): its form, the decoded path and the query parameters.
// Read on bytes: every request has one, and most list requests have a query.

enum Target {
    /// Splits `target` into a percent-decoded path and query items. Accepts origin-form,
    /// absolute-form (http/https) and, for OPTIONS, asterisk-form; refuses others with 400.
    static func parse(_ target: String, method: String) throws -> (path: String, query: [(name: String, value: String)]) {
        // Most targets are a plain path: no query, escape, fragment or NUL. One pass over the bytes.
        let plain = target.withUTF8Bytes { bytes in
            bytes.first == UInt8(ascii: "/")
                && !bytes.contains { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "#") || $0 == 0 }
        }
        if plain { return (target, []) }
        if target == "*" {
            guard method == "OPTIONS" else { throw HTTPError(400, "星号形式的请求目标只用于 OPTIONS (The asterisk form is only for OPTIONS.)") }
            return ("*", [])
        }
        return try target.withUTF8Bytes(parse)
    }

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>) throws -> (path: String, query: [(name: String, value: String)]) {
        var start = 0
        var rootOnly = false  // absolute-form without a path: the path is "/"
        if bytes.first != UInt8(ascii: "/") {
            let scheme: Int
            if ASCIIBytes.hasPrefix(bytes, ignoringCase: "http://") { scheme = 7 } else if ASCIIBytes.hasPrefix(bytes, ignoringCase: "https://") { scheme = 8 } else {
                throw HTTPError(400, "请求目标无效 (Invalid request target.)")
            }
            if let slash = ASCIIBytes.firstIndex(of: UInt8(ascii: "/"), in: bytes, from: scheme) {
                start = slash
            } else if let q = ASCIIBytes.firstIndex(of: UInt8(ascii: "?"), in: bytes, from: scheme) {
                start = q
                rootOnly = true
            } else {
                start = bytes.count
                rootOnly = true
            }
        }
        var pathEnd = bytes.count, queryStart = bytes.count, queryEnd = bytes.count
        if let q = ASCIIBytes.firstIndex(of: UInt8(ascii: "?"), in: bytes, from: start) {
            pathEnd = q
            queryStart = q + 1
            queryEnd = ASCIIBytes.firstIndex(of: UInt8(ascii: "#"), in: bytes, from: queryStart) ?? bytes.count
        }
        if let hash = ASCIIBytes.firstIndex(of: UInt8(ascii: "#"), in: bytes, from: start), hash < pathEnd { pathEnd = hash }
        let path: String
        if rootOnly {
            path = "/"
        } else {
            guard let decoded = percentDecode(slice(bytes, start, pathEnd), plusAsSpace: false) else {
                throw HTTPError(400, "路径中的百分号编码无效 (Invalid percent-encoding in the path.)")
            }
            path = decoded
        }
        if path.utf8.contains(0) { throw HTTPError(400, "路径无效 (Invalid path.)") }
        var items: [(name: String, value: String)] = []
        var pair = queryStart
        while pair < queryEnd {
            let end = ASCIIBytes.firstIndex(of: UInt8(ascii: "&"), in: bytes, from: pair, before: queryEnd) ?? queryEnd
            if end > pair {  // empty pairs are skipped
                let equals = ASCIIBytes.firstIndex(of: UInt8(ascii: "="), in: bytes, from: pair, before: end)
                let name = slice(bytes, pair, equals ?? end)
                guard let decodedName = percentDecode(name, plusAsSpace: true) else {
                    throw HTTPError(400, "查询串中的百分号编码或 UTF-8 无效 (Invalid percent-encoding or UTF-8 in the query.)")
                }
                var value = ""
                if let equals {
                    guard let decoded = percentDecode(slice(bytes, equals + 1, end), plusAsSpace: true) else {
                        throw HTTPError(400, "查询串中的百分号编码或 UTF-8 无效 (Invalid percent-encoding or UTF-8 in the query.)")
                    }
                    value = decoded
                }
                items.append((decodedName, value))
            }
            pair = end + 1
        }
        return (path, items)
    }

    /// Decodes %XX escapes (and `+` as a space when asked); nil when an escape is malformed or
    /// the bytes are not valid UTF-8 (never repaired into U+FFFD: the caller refuses them).
    static func percentDecode(_ bytes: UnsafeBufferPointer<UInt8>, plusAsSpace: Bool) -> String? {
        if !bytes.contains(where: { $0 == UInt8(ascii: "%") || (plusAsSpace && $0 == UInt8(ascii: "+")) }) {
            return String(validating: bytes, as: UTF8.self)
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, let high = hexValue(bytes[i + 1]), let low = hexValue(bytes[i + 2]) else { return nil }
                out.append(high << 4 | low)
                i += 3
                continue
            }
            out.append(plusAsSpace && b == UInt8(ascii: "+") ? 32 : b)
            i += 1
        }
        return String(validating: out, as: UTF8.self)
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    private static func slice(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[start..<max(start, end)])
    }

}
