// The period of an enterprise's hazard statistics report (Order 16 Art 14): a quarter, due the
// 15th of the month after it, or a year, due 31 January after it.
import Kernel

public struct ReportPeriod: Sendable {
    /// `2024-Q1` or `2024`.
    public let text: String
    public let from: CalendarDate
    public let to: CalendarDate
    public let due: CalendarDate

    /// The period a declared `.period` field gave (a year `2024` or a quarter `2024-Q1`); nil for
    /// any other text. Years outside `CalendarDate.sensibleYears` are refused, never computed with.
    public init?(_ text: String, settings: HazardsSettings) {
        if text.utf8.count == 4, text.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }), let year = Int(text) {
            guard CalendarDate.sensibleYears.contains(year) else { return nil }
            self.text = text
            from = CalendarDate.startOfQuarter(year: year, quarter: 1)
            to = CalendarDate.endOfMonth(year: year, month: 12)
            due = CalendarDate(year: year + 1, month: settings.yearlyReportDue.month, day: settings.yearlyReportDue.day) ?? to.adding(days: 31)
            return
        }
        guard let quarter = Quarter(text: text), CalendarDate.sensibleYears.contains(quarter.year) else { return nil }
        self.text = quarter.text
        from = quarter.start
        to = quarter.end
        let next = to.adding(days: 1)
        due = CalendarDate(year: next.year, month: next.month, day: settings.quarterlyReportDueDay) ?? CalendarDate.endOfMonth(year: next.year, month: next.month)
    }
}
