// Turning what people type (CLI options, CSV cells) or send (JSON) into checked column values.

/// A value as given: typed JSON from HTTP, or text from the CLI and CSV files.
public enum GivenValue: Sendable {
    case json(JSON)
    case text(String)

    var isEmpty: Bool {
        switch self {
        case .json(.null): return true
        case .json(.string(let s)), .text(let s): return s.trimmingCharacters(in: .whitespaces).isEmpty
        default: return false
        }
    }
}

extension RecordStore {
    /// Checks one field's given value and returns the column value, or the error naming the field.
    func coerce(_ field: FieldSpec, _ given: GivenValue, _ db: Connection) -> Result<DatabaseValue, FieldError> {
        if given.isEmpty {
            return field.required ? .failure(FieldError(field.name, "required", "\(field.label) (\(field.name)) is required"))
                                  : .success(.null)
        }
        func text() -> String? {
            switch given {
            case .text(let s), .json(.string(let s)): return s.trimmingCharacters(in: .whitespacesAndNewlines)
            case .json(.int(let v)): return String(v)
            case .json(.bool(let b)): return b ? "true" : "false"
            default: return nil
            }
        }
        func fail(_ code: String, _ message: String) -> Result<DatabaseValue, FieldError> {
            .failure(FieldError(field.name, code, "\(field.label) (\(field.name)) \(message)"))
        }
        switch field.type {
        case .text(let maxLength):
            guard let s = text() else { return fail("type", "must be text") }
            if s.count > maxLength { return fail("too_long", "must be at most \(maxLength) characters, got \(s.count)") }
            if s.unicodeScalars.contains(where: { $0.value < 0x20 && $0 != "\n" && $0 != "\t" }) { return fail("control_character", "contains a control character") }
            return .success(.text(s))
        case .integer(let range):
            guard let s = text(), let v = Int64(s) else { return fail("type", "must be a whole number") }
            if !range.contains(v) { return fail("range", "must be between \(range.lowerBound) and \(range.upperBound)") }
            return .success(.integer(v))
        case .boolean:
            switch given {
            case .json(.bool(let b)): return .success(.integer(b ? 1 : 0))
            default:
                switch text()?.lowercased() {
                case "true", "yes", "1", "是", "y": return .success(.integer(1))
                case "false", "no", "0", "否", "n": return .success(.integer(0))
                default: return fail("type", "must be true or false (是/否)")
                }
            }
        case .date:
            guard let s = text(), let date = CalendarDate(iso: s) else { return fail("format", "must be a date YYYY-MM-DD") }
            return .success(.text(date.iso))
        case .choice(let choices):
            guard let s = text() else { return fail("type", "must be text") }
            if let match = choices.first(where: { $0.code == s || $0.label == s }) { return .success(.text(match.code)) }
            return fail("choice", "must be one of: " + choices.map { "\($0.code) (\($0.label))" }.joined(separator: ", ") + "; got '\(s)'")
        case .creditCode:
            guard let s = text()?.uppercased() else { return fail("type", "must be text") }
            if let problem = CreditCode.problem(s) { return fail("checksum", "is not a valid unified social credit code: \(problem)") }
            return .success(.text(s))
        case .textList:
            switch given {
            case .json(.array(let items)):
                let strings = items.compactMap(\.stringValue).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                guard strings.count == items.count else { return fail("type", "must be a list of texts") }
                return .success(.text(JSON(strings).serialized))
            default:
                guard let s = text() else { return fail("type", "must be a list of texts") }
                let parts = s.split(whereSeparator: { $0 == ";" || $0 == "；" || $0 == "|" }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                return .success(.text(JSON(parts).serialized))
            }
        case .reference(let plural):
            guard let target = catalog[plural] else { return fail("reference", "refers to an unknown kind \(plural)") }
            guard let s = text() else { return fail("type", "must be an id or a name") }
            do {
                if let id = Int64(s) {
                    if try db.queryOne("SELECT 1 FROM \(target.table) WHERE id = ?", [id]) != nil { return .success(.integer(id)) }
                    return fail("not_found", "refers to \(target.label) id \(id), which does not exist")
                }
                if let id = try resolveName(target, s, db) { return .success(.integer(id)) }
                return fail("not_found", "refers to \(target.label) '\(s)', which is not in the registry")
            } catch {
                return fail("lookup", "could not be checked: \(error)")
            }
        }
    }

    /// The id of the record of `schema` called `name` (exact name, then an alias).
    public func resolveName(_ schema: EntitySchema, _ name: String, _ db: Connection) throws -> Int64? {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        if let row = try db.queryOne("SELECT id FROM \(schema.table) WHERE \(schema.field(schema.nameField)?.column ?? "name") = ?", [trimmed]) {
            return row.int("id")
        }
        if let alias = schema.aliasField, let column = schema.field(alias)?.column {
            let row = try db.queryOne("SELECT \(schema.table).id FROM \(schema.table), json_each(\(schema.table).\(column)) WHERE json_each.value = ? LIMIT 1", [trimmed])
            return row?.int("id")
        }
        return nil
    }
}

extension GivenValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
}
