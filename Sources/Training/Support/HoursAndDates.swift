// Class hours counted to a tenth, and the calendar arithmetic the training rules use.
import Kernel

extension Double {
    /// 8 → "8", 2.5 → "2.5".
    var hoursText: String { self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self) }
    /// Class hours are counted to a tenth.
    var tenths: Double { (self * 10).rounded() / 10 }
}

extension CalendarDate {
    /// The same day `years` later (29 February becomes 28 February in common years).
    func adding(years: Int) -> CalendarDate {
        CalendarDate(year: year + years, month: month, day: day)
            ?? CalendarDate(year: year + years, month: month, day: CalendarDate.daysIn(year: year + years, month: month))
            ?? self
    }

    /// Whole years from self to `other` (by the calendar).
    func wholeYears(until other: CalendarDate) -> Int {
        var years = other.year - year
        if (other.month, other.day) < (month, day) { years -= 1 }
        return years
    }

    static func endOfYear(_ year: Int) -> CalendarDate { CalendarDate.endOfMonth(year: year, month: 12) }
}
