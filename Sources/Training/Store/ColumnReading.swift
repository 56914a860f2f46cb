// Reading a statement's columns by position, with `Row`'s conversions (issue 23: the daily colour
// check reads ~30,000 people and ~80,000 trainings at ten years; each `Row` kept its values in an
// array and found every column by comparing names, most of the check's time).
import Kernel

extension StatementRow {
    /// Column `i` as `Row.int` reads it.
    func int(_ i: Int) -> Int64? {
        switch value(i) {
        case .integer(let v): return v
        case .real(let v): return Int64(exactly: v)
        case .text(let s): return Int64(s)
        default: return nil
        }
    }

    /// Column `i` as `Row.double` reads it.
    func double(_ i: Int) -> Double? {
        switch value(i) {
        case .integer(let v): return Double(v)
        case .real(let v): return v
        case .text(let s): return Double(s)
        default: return nil
        }
    }

    /// Column `i` as `Row.string` reads it.
    func string(_ i: Int) -> String? {
        switch value(i) {
        case .text(let s): return s
        case .integer(let v): return String(v)
        case .real(let v): return String(v)
        case .blob(let b): return String(decoding: b, as: UTF8.self)
        case .null: return nil
        }
    }

    /// Column `i` as a date, as `row.string(name).flatMap(CalendarDate.init(iso:))`.
    func date(_ i: Int) -> CalendarDate? { string(i).flatMap(CalendarDate.init(iso:)) }
}
