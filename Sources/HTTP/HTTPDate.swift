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

    /// `2026-11-29T09:58:16.123Z`
    static func rfc3339(_ wall: (seconds: Int, nanoseconds: Int)) -> String {
        let t = breakDown(wall.seconds)
        return "\(t.tm_year + 1900)-\(pad(t.tm_mon + 1))-\(pad(t.tm_mday))T\(pad(t.tm_hour)):\(pad(t.tm_min)):\(pad(t.tm_sec)).\(pad(Int32(wall.nanoseconds / 1_000_000), 3))Z"
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
