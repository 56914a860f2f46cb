// Reading a request's fields (HTTP JSON, or CLI options turned into the same map) with every error
// collected and named by field, so bad input never crashes or writes half a record.
import Kernel

/// The fields of one request; accessors record errors instead of throwing, `finish()` throws them all.
final class Input {
    private let values: [String: JSON]
    private var used: Set<String> = []
    private(set) var errors: [FieldError] = []

    init(_ values: [String: JSON]) { self.values = values }

    /// The value under `name` (or one of its aliases), nil when absent or null.
    private func raw(_ name: String, _ aliases: [String]) -> (key: String, value: JSON)? {
        for key in [name] + aliases {
            if let value = values[key] {
                used.insert(key)
                if value == .null { return nil }
                if case .string(let s) = value, s.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return nil }
                return (key, value)
            }
        }
        return nil
    }

    func fail(_ field: String, _ code: String, _ message: String) {
        errors.append(FieldError(field, code, message))
    }

    func has(_ name: String, aliases: [String] = []) -> Bool { raw(name, aliases) != nil }

    /// The raw JSON under `name` (marks it used).
    func nested(_ name: String) -> JSON? { raw(name, [])?.value }

    func text(_ name: String, required: Bool = false, max: Int = 2000, aliases: [String] = []) -> String? {
        guard let (_, value) = raw(name, aliases) else {
            if required { fail(name, "required", "\(name) is required") }
            return nil
        }
        let s: String
        switch value {
        case .string(let v): s = v.trimmingCharacters(in: .whitespacesAndNewlines)
        case .int(let v): s = String(v)
        default: fail(name, "type", "\(name) must be text"); return nil
        }
        if s.count > max { fail(name, "too_long", "\(name) must be at most \(max) characters, got \(s.count)"); return nil }
        if s.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }) {
            fail(name, "control_character", "\(name) contains a control character"); return nil
        }
        return s
    }

    func int(_ name: String, required: Bool = false, range: ClosedRange<Int64> = Int64.min...Int64.max, aliases: [String] = []) -> Int64? {
        guard let (_, value) = raw(name, aliases) else {
            if required { fail(name, "required", "\(name) is required") }
            return nil
        }
        var result: Int64?
        switch value {
        case .int(let v): result = v
        case .string(let s): result = Int64(s.trimmingCharacters(in: .whitespaces))
        case .double(let d) where d == d.rounded() && abs(d) < 1e15: result = Int64(d)
        default: result = nil
        }
        guard let v = result else { fail(name, "type", "\(name) must be a whole number"); return nil }
        guard range.contains(v) else { fail(name, "range", "\(name) must be between \(range.lowerBound) and \(range.upperBound), got \(v)"); return nil }
        return v
    }

    func bool(_ name: String, aliases: [String] = []) -> Bool? {
        guard let (_, value) = raw(name, aliases) else { return nil }
        switch value {
        case .bool(let b): return b
        case .string(let s):
            switch s.lowercased() {
            case "true", "yes", "1", "是", "y": return true
            case "false", "no", "0", "否", "n": return false
            default: break
            }
        case .int(let v) where v == 0 || v == 1: return v == 1
        default: break
        }
        fail(name, "type", "\(name) must be true or false (是/否)")
        return nil
    }

    func date(_ name: String, required: Bool = false, aliases: [String] = []) -> CalendarDate? {
        guard let text = text(name, required: required, max: 10, aliases: aliases) else { return nil }
        guard let date = CalendarDate(iso: text) else { fail(name, "format", "\(name) must be a date YYYY-MM-DD, got '\(text)'"); return nil }
        return date
    }

    func quarter(_ name: String, required: Bool = false) -> Quarter? {
        guard let text = text(name, required: required, max: 10) else { return nil }
        guard let quarter = Quarter(text: text) else { fail(name, "format", "\(name) must be a quarter such as 2024-Q2, got '\(text)'"); return nil }
        return quarter
    }

    func choice<E: RawRepresentable & CaseIterable>(_ name: String, _ type: E.Type, required: Bool = false, aliases: [String] = []) -> E? where E.RawValue == String {
        guard let text = text(name, required: required, max: 64, aliases: aliases) else { return nil }
        if let value = E(rawValue: text) { return value }
        fail(name, "choice", "\(name) must be one of: \(E.allCases.map(\.rawValue).joined(separator: ", ")); got '\(text)'")
        return nil
    }

    /// A list of texts: a JSON array, or text separated by commas or semicolons (the CLI).
    func texts(_ name: String, aliases: [String] = []) -> [String] {
        guard let (_, value) = raw(name, aliases) else { return [] }
        var items: [String] = []
        switch value {
        case .array(let array):
            for item in array {
                switch item {
                case .string(let s): items.append(s)
                case .int(let v): items.append(String(v))
                default: fail(name, "type", "\(name) must be a list of texts or ids"); return []
                }
            }
        case .string(let s): items = s.split(whereSeparator: { ",;，；、".contains($0) }).map(String.init)
        case .int(let v): items = [String(v)]
        default: fail(name, "type", "\(name) must be a list"); return []
        }
        let trimmed = items.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
        if trimmed.contains(where: { $0.count > 200 }) { fail(name, "too_long", "each item of \(name) must be at most 200 characters"); return [] }
        return trimmed
    }

    /// A registry record given by id or name (e.g. `territory_id: 3` or `territory: "东城镇"`).
    func reference(_ name: String, _ kind: BodyKind, _ db: Connection, required: Bool = false, aliases: [String] = []) -> Int64? {
        let base = name.hasSuffix("_id") ? String(name.dropLast(3)) : name
        guard let text = text(name, required: required, max: 200, aliases: aliases + [base]) else { return nil }
        return resolve(name, text, kind, db)
    }

    /// A list of registry records by id or name.
    func references(_ name: String, _ kind: BodyKind, _ db: Connection, aliases: [String] = []) -> [Int64] {
        texts(name, aliases: aliases).compactMap { resolve(name, $0, kind, db) }
    }

    private func resolve(_ name: String, _ text: String, _ kind: BodyKind, _ db: Connection) -> Int64? {
        do {
            if let id = Int64(text) {
                if try db.queryOne("SELECT 1 FROM \(kind.table) WHERE id = ?", [id]) != nil { return id }
                fail(name, "not_found", "\(name): no \(kind.rawValue) with id \(id)")
                return nil
            }
            if let id = try RecordStore(RegistrySchemas.all).resolveName(kind.schema, text, db) { return id }
            fail(name, "not_found", "\(name): no \(kind.rawValue) called '\(text)'")
        } catch {
            fail(name, "lookup", "\(name) could not be checked: \(error)")
        }
        return nil
    }

    /// Throws every error found, and names fields nobody asked for.
    func finish(allowing extra: Set<String> = []) throws {
        let unknown = Set(values.keys).subtracting(used).subtracting(extra).sorted()
        for key in unknown { fail(key, "unknown_field", "there is no field \(key) here") }
        if !errors.isEmpty { throw DomainError.validation(errors) }
    }
}
