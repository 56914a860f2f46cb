// The access log's line and logfmt values. One line per request, so it is built as bytes in one
// buffer: no string concatenation, no calendar call (the date is arithmetic).

enum Logfmt {
    /// `s` as a logfmt value: as is when it is a plain token, else a quoted JSON string.
    static func value(_ s: String) -> String {
        s.withUTF8Bytes(isPlain) ? s : JSONText.quote(s)
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
    /// request began (UTC, milliseconds), `duration_ms` to the microsecond. Written straight into
    /// the string's own storage, sized beforehand.
    static func make(time: (seconds: Int, nanoseconds: Int), requestID: String, method: String, path: String,
                     status: Int, bytes: Int, micros: Int, user: String?) -> String {
        let id = requestID.isEmpty ? "-" : requestID, user = user ?? "-"
        // Usually every value is a plain token, written as it is: no string made per value first.
        let plain = id.withUTF8Bytes(Logfmt.isPlain) && method.withUTF8Bytes(Logfmt.isPlain)
            && path.withUTF8Bytes(Logfmt.isPlain) && user.withUTF8Bytes(Logfmt.isPlain)
        if plain { return write(time: time, id: id, method: method, path: path, status: status, bytes: bytes, micros: micros, user: user) }
        return write(time: time, id: Logfmt.value(id), method: Logfmt.value(method), path: Logfmt.value(path),
                     status: status, bytes: bytes, micros: micros, user: Logfmt.value(user))
    }

    /// The line with values already in logfmt form.
    private static func write(time: (seconds: Int, nanoseconds: Int), id: String, method: String, path: String,
                              status: Int, bytes: Int, micros: Int, user: String) -> String {
        // The names and separators take 58 bytes, the date at most 40, the numbers at most 20 + 20 + 20 + 3.
        let bound = 176 + id.utf8.count + method.utf8.count + path.utf8.count + user.utf8.count
        return String(unsafeUninitializedCapacity: bound) { buffer in
            var line = SizedBytes(buffer.baseAddress!)
            line.put("time=")
            HTTPDate.writeRFC3339(&line, time)
            line.put(" id=")
            line.put(id)
            line.put(" method=")
            line.put(method)
            line.put(" path=")
            line.put(path)
            line.put(" status=")
            line.putDigits(status, 1)
            line.put(" bytes=")
            line.putDigits(bytes, 1)
            line.put(" duration_ms=")
            line.putDigits(micros / 1000, 1)
            line.put(UInt8(ascii: "."))
            line.putDigits(micros % 1000, 3)
            line.put(" user=")
            line.put(user)
            return line.count
        }
    }
}
