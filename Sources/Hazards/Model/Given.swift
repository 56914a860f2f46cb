// What a caller gave (a JSON object over HTTP, options on the CLI), read field by field with
// every problem collected, so one answer names every bad field.
import Foundation
import Kernel

public struct Given {
    public var values: [String: JSON]
    public private(set) var errors: [FieldError] = []

    public init(_ values: [String: JSON]) { self.values = values }

    /// From CLI options: every value is text; the service parses numbers and dates itself.
    public init(options: [String: String?]) {
        var values: [String: JSON] = [:]
        for (key, value) in options { if let value { values[key] = .string(value) } }
        self.values = values
    }

    public func has(_ name: String) -> Bool {
        if let value = values[name], value != .null { return true }
        return false
    }

    /// Trimmed text; nil when absent or blank. `required` records an error when missing.
    public mutating func text(_ name: String, required: Bool = false, max: Int = 4000) -> String? {
        switch values[name] {
        case .string(let s)?:
            let trimmed = s.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { break }
            if trimmed.count > max { fail(name, "too_long", "\(name) is longer than \(max) characters"); return nil }
            return trimmed
        case .int(let v)?: return String(v)
        case nil, .null?: break
        default: fail(name, "type", "\(name) must be text"); return nil
        }
        if required { fail(name, "required", "\(name) is required") }
        return nil
    }

    public mutating func int(_ name: String, required: Bool = false) -> Int64? {
        switch values[name] {
        case .int(let v)?: return v
        case .string(let s)?:
            if let v = Int64(s.trimmingCharacters(in: .whitespaces)) { return v }
            fail(name, "type", "\(name) must be a whole number, got '\(s)'"); return nil
        case nil, .null?: if required { fail(name, "required", "\(name) is required") }; return nil
        default: fail(name, "type", "\(name) must be a whole number"); return nil
        }
    }

    public mutating func date(_ name: String, required: Bool = false) -> CalendarDate? {
        guard let text = text(name, required: required) else { return nil }
        guard let date = CalendarDate(iso: text) else { fail(name, "date", "\(name) must be a date YYYY-MM-DD, got '\(text)'"); return nil }
        return date
    }

    public mutating func bool(_ name: String) -> Bool? {
        switch values[name] {
        case .bool(let b)?: return b
        case .string(let s)?:
            switch s.lowercased() {
            case "true", "yes", "1", "pass", "是": return true
            case "false", "no", "0", "fail", "否": return false
            default: fail(name, "type", "\(name) must be true or false, got '\(s)'"); return nil
            }
        case nil, .null?: return nil
        default: fail(name, "type", "\(name) must be true or false"); return nil
        }
    }

    /// One of `choices` (their codes).
    public mutating func choice(_ name: String, _ choices: [String], required: Bool = false) -> String? {
        guard let text = text(name, required: required) else { return nil }
        guard choices.contains(text) else { fail(name, "choice", "\(name) must be one of \(choices.joined(separator: ", ")), got '\(text)'"); return nil }
        return text
    }

    public mutating func fail(_ field: String, _ code: String, _ message: String) {
        errors.append(FieldError(field, code, message))
    }

    /// Throws the collected errors (422) if there are any.
    public func check() throws {
        if !errors.isEmpty { throw DomainError.validation(errors) }
    }
}
