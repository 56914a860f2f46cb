// 时限:正文中的“2月底前”“年底前”“上半年”“2月”“每季度”“全国两会、中秋、国庆等重大活动和重大节日期间”。

/// What a deadline phrase in a plan means.
public enum DeadlineSpec: Sendable, Hashable, Codable {
    /// 某日前:2月底前, 12月底前, 年底前 (Dec 31), 上半年 (Jun 30), 6月底前, 3月15日前.
    case by(PlanDate)
    /// “2月”单独出现:在二月内完成(最迟为该月最后一天)。
    case withinMonth(year: Int, month: Int)
    /// 每季度:一年四次,每季度一次。
    case quarterly(year: Int)
    /// 每月:一年十二次,每月一次。
    case monthly(year: Int)
    /// 每半年:一年两次(6月底、12月底)。
    case halfYearly(year: Int)
    /// 重大活动和重大节日期间:以标签记录,不是某个日期。
    case specialPeriods([String])

    /// The date by which it is due; nil for special periods and for recurring obligations.
    public var dueDate: PlanDate? {
        switch self {
        case .by(let date): return date
        case .withinMonth(let year, let month): return PlanDate.endOf(month: month, year: year)
        case .quarterly, .monthly, .halfYearly, .specialPeriods: return nil
        }
    }

    /// One due date per instance: a single date, or the four quarter ends of a quarterly obligation.
    public var occurrences: [PlanDate] {
        switch self {
        case .quarterly(let year):
            return [3, 6, 9, 12].map { PlanDate.endOf(month: $0, year: year) }
        case .monthly(let year):
            return (1...12).map { PlanDate.endOf(month: $0, year: year) }
        case .halfYearly(let year):
            return [6, 12].map { PlanDate.endOf(month: $0, year: year) }
        case .specialPeriods:
            return []
        default:
            return dueDate.map { [$0] } ?? []
        }
    }
}

/// A deadline phrase found in the text, with what it means and the line it is on.
public struct ParsedDeadline: Sendable, Hashable, Codable {
    public var phrase: String
    public var spec: DeadlineSpec
    public var line: Int

    public init(phrase: String, spec: DeadlineSpec, line: Int) {
        self.phrase = phrase
        self.spec = spec
        self.line = line
    }
}
