// The request target (RFC 9112 3.2): its form, the decoded path and the query parameters.

enum Target {
    /// Splits `target` into a percent-decoded path and query items. Accepts origin-form,
    /// absolute-form (http/https) and, for OPTIONS, asterisk-form; refuses others with 400.
    static func parse(_ target: String, method: String) throws -> (path: String, query: [(name: String, value: String)]) {
        // Most targets are a plain path: no query, escape, fragment or NUL. One pass over the bytes.
        if target.utf8.first == UInt8(ascii: "/"),
           !target.utf8.contains(where: { $0 == UInt8(ascii: "?") || $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "#") || $0 == 0 }) {
            return (target, [])
        }
        if target == "*" {
            guard method == "OPTIONS" else { throw HTTPError(400, "The asterisk form is only for OPTIONS.") }
            return ("*", [])
        }
        var rest = Substring(target)
        if !rest.hasPrefix("/") {
            let lower = rest.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else {
                throw HTTPError(400, "Invalid request target.")
            }
            rest = rest.dropFirst(lower.hasPrefix("http://") ? 7 : 8)
            if let slash = rest.firstIndex(of: "/") {
                rest = rest[slash...]
            } else if let q = rest.firstIndex(of: "?") {
                rest = "/" + rest[q...]
            } else {
                rest = "/"
            }
        }
        var rawPath = rest
        var rawQuery: Substring = ""
        if let q = rest.utf8.firstIndex(of: UInt8(ascii: "?")) {
            rawPath = rest[..<q]
            rawQuery = rest[rest.utf8.index(after: q)...]
        }
        if let hash = rawQuery.utf8.firstIndex(of: UInt8(ascii: "#")) { rawQuery = rawQuery[..<hash] }
        if let hash = rawPath.utf8.firstIndex(of: UInt8(ascii: "#")) { rawPath = rawPath[..<hash] }
        guard let path = percentDecode(rawPath, plusAsSpace: false) else {
            throw HTTPError(400, "Invalid percent-encoding in the path.")
        }
        if path.utf8.contains(0) { throw HTTPError(400, "Invalid path.") }
        var items: [(name: String, value: String)] = []
        for pair in rawQuery.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = percentDecode(parts[0], plusAsSpace: true) ?? String(parts[0])
            let value = parts.count > 1 ? (percentDecode(parts[1], plusAsSpace: true) ?? String(parts[1])) : ""
            items.append((name, value))
        }
        return (path, items)
    }

    /// Decodes %XX escapes; nil when an escape is malformed. Invalid UTF-8 is repaired.
    static func percentDecode(_ s: Substring, plusAsSpace: Bool) -> String? {
        if !s.utf8.contains(UInt8(ascii: "%")) && !(plusAsSpace && s.utf8.contains(UInt8(ascii: "+"))) {
            return String(s)
        }
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var it = Array(s.utf8)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "%") {
                guard let h = it.popFirst(), let l = it.popFirst(), let hv = hexValue(h), let lv = hexValue(l) else { return nil }
                out.append(hv << 4 | lv)
            } else if plusAsSpace && b == UInt8(ascii: "+") {
                out.append(32)
            } else {
                out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
