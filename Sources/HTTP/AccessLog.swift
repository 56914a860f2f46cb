// The access log's line and logfmt values. One line per request, so it is built as bytes in one
// buffer: no string concatenation, no calendar call (the date is arithmetic).

enum Logfmt {
    /// `s` as a logfmt value: as is when it is a plain token, else a quoted JSON string.
    static func value(_ s: String) -> String {
        s.withUTF8Bytes(isPlain) ? s : JSONText.quote(s)
    }

    /// Appends `s` as a logfmt value: a plain token's bytes straight from its storage.
    static func append(_ out: inout [UInt8], _ s: String) {
        let plain = s.withUTF8Bytes { bytes in
            guard isPlain(bytes) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if !plain { out.appendUTF8(of: JSONText.quote(s)) }
    }

    /// Not empty, and no space, control byte, quote, `=` or backslash. A loop over the bytes in
    /// place (a `String`'s UTF-8 view costs several times more per byte; four values a request).
    static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !bytes.isEmpty else { return false }
        for b in bytes where b <= 32 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "=") || b == 127 || b == UInt8(ascii: "\\") {
            return false
        }
        return true
    }
}

enum AccessLogLine {
    /// `time=… id=… method=… path=… status=… bytes=… duration_ms=… user=…`: `time` when the
    /// request began (UTC, milliseconds), `duration_ms` to the microsecond.
    static func make(time: (seconds: Int, nanoseconds: Int), requestID: String, method: String, path: String,
                     status: Int, bytes: Int, micros: Int, user: String?) -> String {
        var line: [UInt8] = []
        line.reserveCapacity(160 + path.utf8.count)
        line.appendLiteral("time=")
        HTTPDate.appendRFC3339(&line, time)
        line.appendLiteral(" id=")
        Logfmt.append(&line, requestID.isEmpty ? "-" : requestID)
        line.appendLiteral(" method=")
        Logfmt.append(&line, method)
        line.appendLiteral(" path=")
        Logfmt.append(&line, path)
        line.appendLiteral(" status=")
        HTTPDate.appendDigits(&line, status, 1)
        line.appendLiteral(" bytes=")
        HTTPDate.appendDigits(&line, bytes, 1)
        line.appendLiteral(" duration_ms=")
        HTTPDate.appendDigits(&line, micros / 1000, 1)
        line.append(UInt8(ascii: "."))
        HTTPDate.appendDigits(&line, micros % 1000, 3)
        line.appendLiteral(" user=")
        Logfmt.append(&line, user ?? "-")
        return String(decoding: line, as: UTF8.self)
    }
}
