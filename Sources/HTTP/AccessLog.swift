// The access log's line and logfmt values. One line per request, so it is built as bytes in one
// buffer: no string concatenation, no calendar call (the date is arithmetic).

enum Logfmt {
    /// `s` as a logfmt value: as is when it is a plain token, else a quoted JSON string.
    static func value(_ s: String) -> String {
        isPlain(s) ? s : JSONText.quote(s)
    }

    /// Appends `s` as a logfmt value.
    static func append(_ out: inout [UInt8], _ s: String) {
        out.appendUTF8(of: isPlain(s) ? s : JSONText.quote(s))
    }

    private static func isPlain(_ s: String) -> Bool { !s.isEmpty && s.utf8.allSatisfy(isPlain) }

    private static func isPlain(_ b: UInt8) -> Bool {
        b > 32 && b != UInt8(ascii: "\"") && b != UInt8(ascii: "=") && b != 127 && b != UInt8(ascii: "\\")
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
