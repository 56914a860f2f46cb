// A calendar quarter, written 2024-Q1: the period of coverage, visits, consultations and
// recurring obligations (每季度).
import Foundation

public struct Quarter: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    /// 1…4.
    public let number: Int

    /// The quarter `number` (1…4) of `year`.
    public init(year: Int, number: Int) {
        precondition((1...4).contains(number), "a quarter is numbered 1 to 4, got \(number)")
        self.year = year
        self.number = number
    }

    public init(containing date: CalendarDate) {
        self.init(year: date.year, number: date.quarter)
    }

    /// Parses `2024-Q1` (also `2024Q1`, lower-case q); nil for anything else.
    public init?(text: String) {
        let upper = text.trimmingCharacters(in: .whitespaces).uppercased()
        let parts = upper.split(separator: "Q", omittingEmptySubsequences: false)
        guard parts.count == 2, let number = Int(parts[1]), (1...4).contains(number) else { return nil }
        var yearText = String(parts[0])
        if yearText.hasSuffix("-") { yearText.removeLast() }
        guard yearText.count == 4, let year = Int(yearText), year >= 1 else { return nil }
        self.init(year: year, number: number)
    }

    /// The four quarters of `year`.
    public static func all(of year: Int) -> [Quarter] { (1...4).map { Quarter(year: year, number: $0) } }

    public var text: String { "\(year)-Q\(number)" }
    public var description: String { text }
    public var start: CalendarDate { .startOfQuarter(year: year, quarter: number) }
    public var end: CalendarDate { .endOfQuarter(year: year, quarter: number) }
    public func contains(_ date: CalendarDate) -> Bool { date >= start && date <= end }
    public var previous: Quarter { number == 1 ? Quarter(year: year - 1, number: 4) : Quarter(year: year, number: number - 1) }
    public var next: Quarter { number == 4 ? Quarter(year: year + 1, number: 1) : Quarter(year: year, number: number + 1) }

    public static func < (a: Quarter, b: Quarter) -> Bool { (a.year, a.number) < (b.year, b.number) }
}
