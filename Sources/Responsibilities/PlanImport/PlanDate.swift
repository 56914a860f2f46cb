// 计划中的日期(只有年月日,不含时区):截止日期按日历日计算。

/// A calendar day in a plan, e.g. the due date of "2月底前" in 2024 is 2024-02-29.
public struct PlanDate: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// A checked date: nil when the month or day does not exist (e.g. 2月30日).
    public init?(validYear year: Int, month: Int, day: Int) {
        guard (1...12).contains(month), (1...PlanDate.daysIn(month: month, year: year)).contains(day) else {
            return nil
        }
        self.init(year: year, month: month, day: day)
    }

    /// "2024-02-29"
    public var iso: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    public var description: String { iso }

    public static func < (lhs: PlanDate, rhs: PlanDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// 月底:the last day of a month.
    public static func endOf(month: Int, year: Int) -> PlanDate {
        PlanDate(year: year, month: month, day: daysIn(month: month, year: year))
    }
}
