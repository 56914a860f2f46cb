// Time is injected (architecture rule 6): nothing calls Date() directly; tests move a clock.
import Foundation

/// The source of "now".
public protocol Clock: Sendable {
    func now() -> Date
}

/// The real clock.
public struct SystemClock: Clock {
    public init() {}
    public func now() -> Date { Date() }
}

/// A clock that stands still until moved: for tests and for `anwei tick --at DATE`.
public final class FixedClock: Clock, @unchecked Sendable {
    private let lock = Lock()
    private var instant: Date

    public init(_ instant: Date) { self.instant = instant }

    /// A clock at midnight (Asia/Shanghai) at the start of `date`.
    public convenience init(_ date: CalendarDate) { self.init(date.startInstant) }

    public func now() -> Date { lock.withLock { instant } }
    public func set(_ date: Date) { lock.withLock { instant = date } }
    public func set(_ date: CalendarDate) { set(date.startInstant) }
    public func advance(seconds: Double) { lock.withLock { instant = instant.addingTimeInterval(seconds) } }
}

/// Instants as RFC 3339 text: stored in UTC, shown in Asia/Shanghai (UTC+08:00, no daylight saving since 1991).
public enum Instant {
    public static let shanghaiOffsetSeconds = 8 * 3600

    /// `2024-03-01T02:03:04.123Z` — the stored form (sorts as text).
    public static func utc(_ date: Date) -> String { format(date, offsetSeconds: 0) }

    /// `2024-03-01T10:03:04+08:00` — the shown form.
    public static func shanghai(_ date: Date) -> String { format(date, offsetSeconds: shanghaiOffsetSeconds) }

    static func format(_ date: Date, offsetSeconds: Int) -> String {
        let totalMillis = Int64((date.timeIntervalSince1970 * 1000).rounded(.down)) + Int64(offsetSeconds) * 1000
        let millis = Int(((totalMillis % 1000) + 1000) % 1000)
        let seconds = (totalMillis - Int64(millis)) / 1000
        let days = Int(floorDiv(seconds, 86_400))
        let secondOfDay = Int(seconds - Int64(days) * 86_400)
        let civil = CalendarDate(daysSinceEpoch: days)
        let time = "\(pad(secondOfDay / 3600)):\(pad(secondOfDay / 60 % 60)):\(pad(secondOfDay % 60))"
        if offsetSeconds == 0 {
            return "\(civil.iso)T\(time).\(pad(millis, 3))Z"
        }
        return "\(civil.iso)T\(time)+\(pad(offsetSeconds / 3600)):\(pad(offsetSeconds / 60 % 60))"
    }

    /// Parses RFC 3339 (`Z` or `±hh:mm`, optional fraction) or a plain date (midnight, Asia/Shanghai).
    public static func parse(_ text: String) -> Date? {
        if let date = CalendarDate(iso: text) { return date.startInstant }
        let chars = Array(text.utf8)
        guard chars.count >= 20, let date = CalendarDate(iso: String(decoding: chars[0..<10], as: UTF8.self)),
              chars[10] == UInt8(ascii: "T") || chars[10] == UInt8(ascii: " "),
              let h = Int(String(decoding: chars[11..<13], as: UTF8.self)),
              let m = Int(String(decoding: chars[14..<16], as: UTF8.self)),
              let s = Int(String(decoding: chars[17..<19], as: UTF8.self)), h < 24, m < 60, s < 61 else { return nil }
        var index = 19
        var fraction = 0.0
        if index < chars.count, chars[index] == UInt8(ascii: ".") {
            var scale = 0.1
            index += 1
            while index < chars.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(chars[index]) {
                fraction += Double(chars[index] - UInt8(ascii: "0")) * scale
                scale /= 10
                index += 1
            }
        }
        guard index < chars.count else { return nil }
        var offset = 0
        let rest = String(decoding: chars[index...], as: UTF8.self)
        if rest == "Z" || rest == "z" {
            offset = 0
        } else if rest.count == 6, let sign = rest.first, sign == "+" || sign == "-",
                  let oh = Int(rest.dropFirst().prefix(2)), let om = Int(rest.suffix(2)) {
            offset = (oh * 3600 + om * 60) * (sign == "-" ? -1 : 1)
        } else {
            return nil
        }
        let seconds = Double(date.daysSinceEpoch) * 86_400 + Double(h * 3600 + m * 60 + s) - Double(offset) + fraction
        return Date(timeIntervalSince1970: seconds)
    }

    private static func pad(_ value: Int, _ width: Int = 2) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}

func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
    let q = a / b
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
}

/// The real clock moved to another day: `serve --demo --today 2024-06-15` runs the demo's 2024
/// as if it were that day, with time still passing.
public struct OffsetClock: Clock {
    public let offset: Double
    let base: any Clock
    /// - Parameter realNow: "now" of the clock being moved (the system clock by default).
    public init(today: CalendarDate, realNow: Date = Date(), base: any Clock = SystemClock()) {
        let realToday = CalendarDate(realNow)
        offset = Double(realToday.days(until: today)) * 86_400
        self.base = base
    }
    public func now() -> Date { base.now().addingTimeInterval(offset) }
}
