// Reading a JSON object given by HTTP or built by the CLI: typed values, and every fault collected
// as a FieldError naming the field (e.g. `decisions[2].deadline`), so nothing is half-written.
import Foundation
import Kernel

struct InputFields {
    let members: [String: JSON]
    let prefix: String
    private let errors: ErrorList

    final class ErrorList {
        var items: [FieldError] = []
    }

    init(_ members: [String: JSON], prefix: String = "", errors: ErrorList = ErrorList()) {
        self.members = members
        self.prefix = prefix
        self.errors = errors
    }

    var faults: [FieldError] { errors.items }
    func path(_ name: String) -> String { prefix.isEmpty ? name : "\(prefix).\(name)" }
    func fail(_ name: String, _ code: String, _ message: String) { errors.items.append(FieldError(path(name), code, message)) }

    func has(_ name: String) -> Bool {
        guard let value = members[name] else { return false }
        return value != .null
    }

    /// Rejects members this input does not know (a misspelt key would otherwise be silently lost).
    func rejectUnknown(_ known: Set<String>) {
        for key in members.keys.sorted() where !known.contains(key) {
            fail(key, "unknown_field", "is not a field here; fields: \(known.sorted().joined(separator: ", "))")
        }
    }

    /// Text, trimmed; nil when absent or blank (with an error when required).
    func text(_ name: String, required: Bool = false, maxLength: Int = 2000) -> String? {
        switch members[name] {
        case nil, .null?:
            if required { fail(name, "required", "is required") }
            return nil
        case .string(let s)?:
            let trimmed = s.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty {
                if required { fail(name, "required", "is required") }
                return nil
            }
            if trimmed.count > maxLength { fail(name, "too_long", "is longer than \(maxLength) characters"); return nil }
            return trimmed
        case .int(let v)?: return String(v)
        default:
            fail(name, "type", "must be text")
            return nil
        }
    }

    func date(_ name: String, required: Bool = false) -> CalendarDate? {
        guard let text = text(name, required: required) else { return nil }
        guard let date = CalendarDate(iso: text) else {
            fail(name, "date", "must be a date YYYY-MM-DD, got '\(text)'")
            return nil
        }
        return date
    }

    func bool(_ name: String) -> Bool? {
        switch members[name] {
        case nil, .null?: return nil
        case .bool(let b)?: return b
        case .string(let s)?:
            switch s.lowercased() {
            case "true", "yes", "1", "是": return true
            case "false", "no", "0", "否": return false
            default: break
            }
        default: break
        }
        fail(name, "type", "must be true or false")
        return nil
    }

    /// A list of texts (a JSON array of strings).
    func texts(_ name: String) -> [String] {
        switch members[name] {
        case nil, .null?: return []
        case .array(let items)?:
            var out: [String] = []
            for (index, item) in items.enumerated() {
                guard case .string(let s) = item else { fail("\(name)[\(index + 1)]", "type", "must be text"); continue }
                let trimmed = s.trimmingCharacters(in: .whitespacesAndNewlines)
                if !trimmed.isEmpty { out.append(trimmed) }
            }
            return out
        default:
            fail(name, "type", "must be a list of texts")
            return []
        }
    }

    /// A list of objects, each read with its own fields (sharing this error list).
    func objects(_ name: String) -> [InputFields] {
        switch members[name] {
        case nil, .null?: return []
        case .array(let items)?:
            var out: [InputFields] = []
            for (index, item) in items.enumerated() {
                guard case .object(let inner) = item else { fail("\(name)[\(index + 1)]", "type", "must be an object"); continue }
                var map: [String: JSON] = [:]
                for member in inner { map[member.key] = member.value }
                out.append(InputFields(map, prefix: path("\(name)[\(index + 1)]"), errors: errors))
            }
            return out
        default:
            fail(name, "type", "must be a list of objects")
            return []
        }
    }

    /// Throws every collected fault at once.
    func check() throws {
        if !errors.items.isEmpty { throw DomainError.validation(errors.items) }
    }
}

extension Dictionary where Key == String, Value == JSON {
    init(object: JSON) {
        self.init()
        if case .object(let members) = object { for member in members { self[member.key] = member.value } }
    }
}
