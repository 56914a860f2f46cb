// A calendar quarter, written 2024-Q1: the period bodies must meet in.
import Foundation
import Kernel

public struct Quarter: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let year: Int
    public let number: Int

    public init?(year: Int, number: Int) {
        guard (1...9999).contains(year), (1...4).contains(number) else { return nil }
        self.year = year
        self.number = number
    }

    public init(containing date: CalendarDate) {
        year = date.year
        number = date.quarter
    }

    /// Parses `2024-Q1` (also `2024Q1`, lower-case q).
    public init?(text: String) {
        let upper = text.trimmingCharacters(in: .whitespaces).uppercased()
        let parts = upper.split(separator: "Q", omittingEmptySubsequences: false)
        guard parts.count == 2, let number = Int(parts[1]) else { return nil }
        var yearText = String(parts[0])
        if yearText.hasSuffix("-") { yearText.removeLast() }
        guard yearText.count == 4, let year = Int(yearText) else { return nil }
        self.init(year: year, number: number)
    }

    public var text: String { "\(year)-Q\(number)" }
    public var description: String { text }
    public var start: CalendarDate { .startOfQuarter(year: year, quarter: number) }
    public var end: CalendarDate { .endOfQuarter(year: year, quarter: number) }
    public func contains(_ date: CalendarDate) -> Bool { date >= start && date <= end }

    public var previous: Quarter {
        number == 1 ? Quarter(year: year - 1, number: 4) ?? self : Quarter(year: year, number: number - 1) ?? self
    }

    public var next: Quarter {
        number == 4 ? Quarter(year: year + 1, number: 1) ?? self : Quarter(year: year, number: number + 1) ?? self
    }

    public static func < (a: Quarter, b: Quarter) -> Bool { (a.year, a.number) < (b.year, b.number) }
}
