// The one way a name a person types becomes a registry id: by id, by its exact name, by an alias
// (the record's own aliases, or the names the district's documents use interchangeably), then
// ignoring spaces and full-width brackets. A name that fits more than one record is refused with
// the candidates, never settled by taking the first.

/// What resolving a name gave.
public enum Resolution: Sendable, Equatable {
    case found(Int64)
    case notFound
    /// Several records fit; each with its id and name.
    case ambiguous([(id: Int64, name: String)])

    public static func == (a: Resolution, b: Resolution) -> Bool {
        switch (a, b) {
        case (.found(let x), .found(let y)): return x == y
        case (.notFound, .notFound): return true
        case (.ambiguous(let x), .ambiguous(let y)): return x.map(\.id) == y.map(\.id)
        default: return false
        }
    }
}

public enum NameResolver {
    /// Names the district's documents use interchangeably. Each group names one body.
    public static let equivalentNames: [[String]] = [
        ["区安委办", "区安全生产委员会办公室", "区安委会办公室"],
        ["区消安办", "区消防安全委员会办公室", "区消安委办公室"],
    ]

    /// Resolves `text` (an id, a name or an alias) among the records of `schema`.
    public static func resolve(_ schema: EntitySchema, _ text: String, _ db: Connection) throws -> Resolution {
        let trimmed = text.trimmingWhitespace()
        if trimmed.isEmpty { return .notFound }
        if trimmed.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
            guard let id = Int64(trimmed), id > 0 else { return .notFound }
            return try db.queryOne("SELECT 1 FROM \(schema.table) WHERE id = ?", [id]) != nil ? .found(id) : .notFound
        }
        let nameColumn = schema.field(schema.nameField)?.column ?? "name"
        for candidate in spellings(trimmed) {
            let rows = try db.query("SELECT id, \(nameColumn) AS name FROM \(schema.table) WHERE \(nameColumn) = ? ORDER BY id LIMIT 10", [candidate])
            if let resolution = decide(rows) { return resolution }
            if let alias = schema.aliasField, let column = schema.field(alias)?.column {
                let rows = try db.query("""
                    SELECT DISTINCT t.id, t.\(nameColumn) AS name FROM \(schema.table) t, json_each(t.\(column)) a
                    WHERE json_valid(t.\(column)) AND a.value = ? ORDER BY t.id LIMIT 10
                    """, [candidate])
                if let resolution = decide(rows) { return resolution }
            }
        }
        return .notFound
    }

    /// The id for `text`, or the field error that says why there is none.
    public static func id(_ schema: EntitySchema, _ text: String, field: String, _ db: Connection) throws -> Result<Int64, FieldError> {
        switch try resolve(schema, text, db) {
        case .found(let id): return .success(id)
        case .notFound:
            return .failure(FieldError(field, "not_found", "\(field): \(schema.label)“\(text)”不存在 (no \(schema.name) called '\(text.prefix(100))')"))
        case .ambiguous(let candidates):
            let list = candidates.map { "\($0.name) (id \($0.id))" }.joined(separator: ", ")
            return .failure(FieldError(field, "ambiguous", "\(field): “\(text)”对应多个\(schema.label)，请用编号指明：\(list) (ambiguous; give the id)"))
        }
    }

    /// The text as typed, its equivalent names, and the text without spaces and with ASCII brackets.
    static func spellings(_ text: String) -> [String] {
        var result = [text]
        for group in equivalentNames where group.contains(text) { result += group.filter { $0 != text } }
        let folded = String(text.unicodeScalars.compactMap { scalar -> Character? in
            switch scalar {
            case " ", "\u{3000}", "\t": return nil
            case "（": return "("
            case "）": return ")"
            default: return Character(scalar)
            }
        })
        if !result.contains(folded) { result.append(folded) }
        return result
    }

    private static func decide(_ rows: [Row]) -> Resolution? {
        switch rows.count {
        case 0: return nil
        case 1: return .found(rows[0].requiredInt("id"))
        default: return .ambiguous(rows.map { ($0.requiredInt("id"), $0.string("name") ?? "") })
        }
    }
}
