// Date formats: IMF-fixdate for the Date header, RFC 3339 for logs.
#if canImport(Glibc)
import Glibc
#endif

enum HTTPDate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func breakDown(_ seconds: Int) -> tm {
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        return parts
    }

    private static func pad(_ v: Int32, _ width: Int = 2) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }

    /// `Sun, 06 Nov 1994 08:49:37 GMT`
    static func imfFixdate(_ seconds: Int) -> String {
        let t = breakDown(seconds)
        return "\(days[Int(t.tm_wday) % 7]), \(pad(t.tm_mday)) \(months[Int(t.tm_mon) % 12]) \(t.tm_year + 1900) \(pad(t.tm_hour)):\(pad(t.tm_min)):\(pad(t.tm_sec)) GMT"
    }

    /// `2026-11-29T09:58:16.123Z` (built from digits: it is on every access-log line).
    static func rfc3339(_ wall: (seconds: Int, nanoseconds: Int)) -> String {
        let t = breakDown(wall.seconds)
        var out: [UInt8] = []
        out.reserveCapacity(24)
        appendDigits(&out, Int(t.tm_year) + 1900, 4)
        out.append(UInt8(ascii: "-"))
        appendDigits(&out, Int(t.tm_mon) + 1, 2)
        out.append(UInt8(ascii: "-"))
        appendDigits(&out, Int(t.tm_mday), 2)
        out.append(UInt8(ascii: "T"))
        appendDigits(&out, Int(t.tm_hour), 2)
        out.append(UInt8(ascii: ":"))
        appendDigits(&out, Int(t.tm_min), 2)
        out.append(UInt8(ascii: ":"))
        appendDigits(&out, Int(t.tm_sec), 2)
        out.append(UInt8(ascii: "."))
        appendDigits(&out, wall.nanoseconds / 1_000_000, 3)
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    /// `value` in decimal, zero-padded to at least `width` digits (value ≥ 0).
    static func appendDigits(_ out: inout [UInt8], _ value: Int, _ width: Int) {
        let value = max(0, value)
        var divisor = 1
        var digits = 1
        while divisor <= value / 10 {
            divisor *= 10
            digits += 1
        }
        if width > digits { out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - digits)) }
        var rest = value
        while divisor > 0 {
            out.append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    static func nowRFC3339() -> String { rfc3339(Clock.wall()) }
}

/// The Date header value, recomputed at most once a second (one per connection: no sharing).
struct DateCache {
    private var second = -1
    private var value = ""

    mutating func current() -> String {
        let now = Clock.wall().seconds
        if now != second {
            second = now
            value = HTTPDate.imfFixdate(now)
        }
        return value
    }
}
