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
        String(unsafeUninitializedCapacity: 40) { buffer in
            var date = SizedBytes(buffer.baseAddress!)
            writeRFC3339(&date, wall)
            return date.count
        }
    }

    /// Writes the RFC 3339 form of `wall` (UTC, milliseconds; at most 40 bytes), with the civil
    /// date worked out by arithmetic (H. Hinnant's days-to-civil) instead of `gmtime_r`.
    static func writeRFC3339(_ out: inout SizedBytes, _ wall: (seconds: Int, nanoseconds: Int)) {
        let days = wall.seconds >= 0 ? wall.seconds / 86_400 : (wall.seconds - 86_399) / 86_400
        let second = wall.seconds - days * 86_400
        let (year, month, day) = civil(days: days)
        out.putDigits(year, 4)
        out.put(UInt8(ascii: "-"))
        out.putTwoDigits(month)
        out.put(UInt8(ascii: "-"))
        out.putTwoDigits(day)
        out.put(UInt8(ascii: "T"))
        out.putTwoDigits(second / 3600)
        out.put(UInt8(ascii: ":"))
        out.putTwoDigits(second / 60 % 60)
        out.put(UInt8(ascii: ":"))
        out.putTwoDigits(second % 60)
        out.put(UInt8(ascii: "."))
        out.putDigits(wall.nanoseconds / 1_000_000, 3)
        out.put(UInt8(ascii: "Z"))
    }

    /// Year, month (1–12) and day (1–31) of the proleptic Gregorian calendar, `days` after 1970-01-01.
    static func civil(days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153  // 0 is March
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
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
