// Deadlines are data: a date, an end-of-month phrase, end of year, or a recurrence.

/// When something is due.
public enum Deadline: Sendable, Hashable, Codable {
    /// Due on this date (inclusive: "due today" is not overdue).
    case date(CalendarDate)
    /// 某月底前: by the last day of month `month`.
    case endOfMonth(year: Int, month: Int)
    /// 某月: within the month (due its last day).
    case withinMonth(year: Int, month: Int)
    /// 年底前: by 31 December.
    case endOfYear(year: Int)
    /// 每季度: one instance per quarter, each due on the quarter's last day.
    case quarterly(year: Int)
    /// 每年: once a year, due on `month`/`day`.
    case yearly(year: Int, month: Int, day: Int)

    /// One due instance of a deadline: a period label and a due date.
    public struct Instance: Sendable, Hashable, Codable {
        public var period: String
        public var due: CalendarDate
        public init(period: String, due: CalendarDate) {
            self.period = period
            self.due = due
        }
    }

    /// Every instance, in order. A single deadline has one.
    public var instances: [Instance] {
        switch self {
        case .date(let date): return [Instance(period: date.iso, due: date)]
        case .endOfMonth(let year, let month), .withinMonth(let year, let month):
            return [Instance(period: "\(year)-\(month < 10 ? "0" : "")\(month)", due: .endOfMonth(year: year, month: month))]
        case .endOfYear(let year): return [Instance(period: String(year), due: .endOfMonth(year: year, month: 12))]
        case .quarterly(let year):
            return Quarter.all(of: year).map { Instance(period: $0.text, due: $0.end) }
        case .yearly(let year, let month, let day):
            // A day past the month's end is its last day; nothing here can trap on a stored value.
            let due = CalendarDate(year: year, month: month, day: max(1, min(day, CalendarDate.daysIn(year: year, month: month))))
                ?? .endOfMonth(year: year, month: month)
            return [Instance(period: String(year), due: due)]
        }
    }

    /// The last due date.
    public var finalDue: CalendarDate { instances.last?.due ?? .endOfMonth(year: 2000, month: 12) }

    public var isRecurring: Bool {
        if case .quarterly = self { return true }
        return false
    }

    /// Words for people, in the plan's own terms.
    public var phrase: String {
        switch self {
        case .date(let date): return "\(date.iso)前"
        case .endOfMonth(_, let month): return "\(month)月底前"
        case .withinMonth(_, let month): return "\(month)月"
        case .endOfYear: return "年底前"
        case .quarterly: return "每季度"
        case .yearly(_, let month, let day): return "每年\(month)月\(day)日前"
        }
    }
}
