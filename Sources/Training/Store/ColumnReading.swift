// Reading a statement's columns by position (issue 23: the daily colour check reads ~30,000 people
// and ~80,000 trainings at ten years; each `Row` kept its values in an array and found every column
// by comparing names, most of the check's time). The kernel's `StatementRow` reads numbers and text
// as `Row` does; dates as Training reads them from a `Row`:
import Kernel

extension StatementRow {
    /// Column `i` as a date, as `row.string(name).flatMap(CalendarDate.init(iso:))`.
    func date(_ i: Int) -> CalendarDate? { string(i).flatMap(CalendarDate.init(iso:)) }
}
