// A log sink for stderr that is safe from any thread and survives SIGTERM (no stdio buffering).
#if canImport(Glibc)
import Glibc
#endif

public enum StandardError {
    /// Writes `line` plus a newline to file descriptor 2 in one `write(2)` (lines from threads do not interleave).
    public static func write(_ line: String) {
        var bytes = Array(line.utf8)
        bytes.append(10)
        writeAll(bytes, to: 2)
    }

    /// Writes all of `bytes` to `fd`, resuming after partial writes and signals; gives up on an error.
    static func writeAll(_ bytes: [UInt8], to fd: Int32) {
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                offset += n
            }
        }
    }

    /// `write` as a log sink, e.g. `Middlewares.accessLog(StandardError.sink)`.
    public static let sink: @Sendable (String) -> Void = { write($0) }
}
