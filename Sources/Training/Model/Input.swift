// What a user gave, from a JSON body or from CLI options, as text by field name: one parser for
// both, so HTTP and the CLI validate the same way and name the same fields.
import CLI
import Kernel

/// Given values by snake_case field name.
public struct Input: Sendable {
    public var values: [String: String]

    public init(_ values: [String: String] = [:]) { self.values = values }

    /// From a JSON object (numbers and booleans as their text; null as absent).
    public init(json: [String: JSON]) {
        var values: [String: String] = [:]
        for (key, value) in json {
            switch value {
            case .string(let s): values[key] = s
            case .int(let v): values[key] = String(v)
            case .double(let v): values[key] = String(v)
            case .bool(let b): values[key] = b ? "true" : "false"
            case .null: continue
            default: values[key] = value.serialized
            }
        }
        self.values = values
    }

    /// From CLI options: `--class-hours 8` gives `class_hours`.
    public init(invocation: Invocation, fields: [String]) {
        var values: [String: String] = [:]
        for field in fields {
            if let value = invocation.value(field.replacingOccurrences(of: "_", with: "-")) { values[field] = value }
        }
        self.values = values
    }

    public subscript(_ key: String) -> String? {
        guard let value = values[key]?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }
}

/// Parses fields of an `Input`, collecting every error before reporting them together.
struct Fields {
    let input: Input
    private(set) var errors: [FieldError] = []

    init(_ input: Input) { self.input = input }

    mutating func fail(_ field: String, _ code: String, _ message: String) { errors.append(FieldError(field, code, message)) }

    mutating func text(_ name: String, required: Bool = false, maxLength: Int = 200) -> String? {
        guard let value = input[name] else {
            if required { fail(name, "required", "\(name) is required") }
            return nil
        }
        if value.count > maxLength { fail(name, "too_long", "\(name) is at most \(maxLength) characters"); return nil }
        return value
    }

    mutating func date(_ name: String, required: Bool = false) -> CalendarDate? {
        guard let value = input[name] else {
            if required { fail(name, "required", "\(name) is required (YYYY-MM-DD)") }
            return nil
        }
        guard let date = CalendarDate(iso: value) else { fail(name, "date", "\(name) must be a date YYYY-MM-DD, got '\(value)'"); return nil }
        return date
    }

    mutating func int(_ name: String, required: Bool = false, range: ClosedRange<Int>) -> Int? {
        guard let value = input[name] else {
            if required { fail(name, "required", "\(name) is required") }
            return nil
        }
        guard let number = Int(value), range.contains(number) else {
            fail(name, "range", "\(name) must be a whole number from \(range.lowerBound) to \(range.upperBound), got '\(value)'")
            return nil
        }
        return number
    }

    mutating func hours(_ name: String, required: Bool = false) -> Double? {
        guard let value = input[name] else {
            if required { fail(name, "required", "\(name) is required (class hours, e.g. 8 or 2.5)") }
            return nil
        }
        guard let number = Double(value), number.isFinite, number > 0, number <= 1000 else {
            fail(name, "range", "\(name) must be a number of class hours above 0 and at most 1000, got '\(value)'")
            return nil
        }
        return (number * 10).rounded() / 10
    }

    mutating func id(_ name: String, required: Bool = false) -> Int64? {
        guard let value = input[name] else {
            if required { fail(name, "required", "\(name) is required (an id)") }
            return nil
        }
        guard let id = Int64(value), id > 0 else { fail(name, "id", "\(name) must be a positive id, got '\(value)'"); return nil }
        return id
    }

    mutating func choice<E: RawRepresentable & CaseIterable>(_ name: String, _ type: E.Type, required: Bool = false) -> E? where E.RawValue == String {
        guard let value = input[name] else {
            if required { fail(name, "required", "\(name) is required (" + E.allCases.map(\.rawValue).joined(separator: "|") + ")") }
            return nil
        }
        guard let choice = E(rawValue: value) else {
            fail(name, "choice", "\(name) must be one of " + E.allCases.map(\.rawValue).joined(separator: ", ") + ", got '\(value)'")
            return nil
        }
        return choice
    }

    mutating func bool(_ name: String) -> Bool? {
        guard let value = input[name] else { return nil }
        switch value.lowercased() {
        case "true", "yes", "1", "是": return true
        case "false", "no", "0", "否": return false
        default: fail(name, "boolean", "\(name) must be true or false, got '\(value)'"); return nil
        }
    }

    /// Throws the collected errors, if any.
    func check() throws {
        if !errors.isEmpty { throw DomainError.validation(errors) }
    }
}

extension Double {
    /// 8 → "8", 2.5 → "2.5".
    var hoursText: String { self == rounded() ? String(Int(self)) : String(self) }
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
    static func startOfYear(_ year: Int) -> CalendarDate { CalendarDate.startOfQuarter(year: year, quarter: 1) }
}
