// Calendar dates in Asia/Shanghai: the dates officials speak of (due dates, found dates).
import Foundation

/// A day in the proleptic Gregorian calendar, e.g. 2024-02-29.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// The years a date given by a person may fall in: anything outside is a typing slip (or an
    /// attack), refused with 422 before it reaches the calendar arithmetic.
    public static let sensibleYears = 1900...2200

    /// A valid date, or nil (2023-02-29 is nil).
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1,
              day <= CalendarDate.daysIn(year: year, month: month) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`.
    public init?(iso text: String) {
        // Read from the UTF-8 bytes (a CSV import reads a date per row, and a colour judgement
        // every record's): the same texts as splitting at "-" into parts of 4, 2 and 2 characters,
        // 10 bytes in all, each part read by `Int(_:)` (which takes a leading "+").
        var text = text
        guard let (y, m, d) = text.withUTF8({ bytes -> (Int, Int, Int)? in
            guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return nil }
            func number(_ from: Int, _ to: Int) -> Int? {
                var index = from
                if bytes[index] == UInt8(ascii: "+") { index += 1 }
                guard index < to else { return nil }
                var value = 0
                while index < to {
                    let digit = Int(bytes[index]) &- 48
                    guard digit >= 0, digit <= 9 else { return nil }
                    value = value * 10 + digit
                    index += 1
                }
                return value
            }
            guard let y = number(0, 4), let m = number(5, 7), let d = number(8, 10) else { return nil }
            return (y, m, d)
        }) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    /// The day `days` after 1970-01-01.
    public init(daysSinceEpoch days: Int) {
        // Howard Hinnant's civil_from_days.
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    /// The date in Asia/Shanghai at `instant`.
    public init(_ instant: Date) {
        let seconds = Int64(instant.timeIntervalSince1970.rounded(.down)) + Int64(Instant.shanghaiOffsetSeconds)
        self.init(daysSinceEpoch: Int(floorDiv(seconds, 86_400)))
    }

    /// Today in Asia/Shanghai by `clock`.
    public static func today(_ clock: any Clock) -> CalendarDate { CalendarDate(clock.now()) }

    public var daysSinceEpoch: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Midnight at the start of this day, Asia/Shanghai.
    public var startInstant: Date {
        Date(timeIntervalSince1970: Double(daysSinceEpoch * 86_400 - Instant.shanghaiOffsetSeconds))
    }

    public var iso: String {
        let y = String(year), m = String(month), d = String(day)
        return String(repeating: "0", count: max(0, 4 - y.count)) + y + "-" + (m.count < 2 ? "0" : "") + m + "-" + (d.count < 2 ? "0" : "") + d
    }

    public var description: String { iso }
    public var quarter: Int { (month - 1) / 3 + 1 }

    public func adding(days: Int) -> CalendarDate { CalendarDate(daysSinceEpoch: daysSinceEpoch + days) }
    /// Days from self to `other` (positive when `other` is later).
    public func days(until other: CalendarDate) -> Int { other.daysSinceEpoch - daysSinceEpoch }

    public static func < (a: CalendarDate, b: CalendarDate) -> Bool { a.daysSinceEpoch < b.daysSinceEpoch }

    public static func isLeap(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    public static func daysIn(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The last day of a month. Total: a month outside 1...12 is clamped and a year outside the
    /// calendar's range still gives a date by the same arithmetic, so no input can trap here
    /// (callers refuse years outside `sensibleYears` before they ask).
    public static func endOfMonth(year: Int, month: Int) -> CalendarDate {
        let month = min(12, max(1, month))
        return CalendarDate(unchecked: year, month, daysIn(year: year, month: month))
    }

    public static func endOfQuarter(year: Int, quarter: Int) -> CalendarDate { endOfMonth(year: year, month: min(4, max(1, quarter)) * 3) }
    public static func startOfQuarter(year: Int, quarter: Int) -> CalendarDate {
        CalendarDate(unchecked: year, min(4, max(1, quarter)) * 3 - 2, 1)
    }

    /// A date whose month and day the caller has already made valid.
    private init(unchecked year: Int, _ month: Int, _ day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let date = CalendarDate(iso: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected a date YYYY-MM-DD, got '\(text)'")
        }
        self = date
    }
}
