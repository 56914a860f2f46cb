// How a schema's records are selected and shown, worked out once per schema: the SELECT list, and
// for each member of the JSON form its key (already escaped), the result column it comes from and
// how that column's value is shown. The same plan builds a `JSON` tree (for the CLI, audit and
// writes) and writes rows straight from SQLite to response bytes (for reads over HTTP), so the two
// forms cannot drift apart.
import Foundation

final class RecordLayout: Sendable {
    /// How one member shows its column's value.
    enum Kind: Sendable {
        /// `id`, `version`: an integer, 0 when missing.
        case requiredInt
        /// `created_at`, `updated_at`: a string, "" when missing.
        case requiredString
        /// A field of type boolean: SQLite's integer as true/false.
        case boolean
        /// A field holding a JSON array as text.
        case textList
        /// Any other field: integers as numbers, text as strings.
        case plain
        /// The name of a referenced record (`territory_name`): text, or null.
        case referenceName
        /// A referenced type the store does not know: always null.
        case alwaysNull
    }

    struct Member: Sendable {
        let key: String
        /// `{"key":` for the first member, `,"key":` for the others.
        let prefix: [UInt8]
        /// The result column (index into the SELECT list), -1 for `.alwaysNull`.
        let column: Int
        /// The column's name, for rows that did not come from `selectList`.
        let columnName: String
        let kind: Kind
    }

    /// The members again, as flat arrays of plain values for the byte writer (no reference counting
    /// per member): each member's kind and column, and its prefix as a range of `prefixBytes`.
    let kinds: [Kind]
    let columns: [Int]
    let prefixBytes: [UInt8]
    let prefixEnds: [Int]

    /// The SELECT list, over the schema's table aliased `t` and its references' tables (joined in `selectFrom`).
    let selectList: String
    let table: String
    /// `SELECT <list> FROM <table> t LEFT JOIN <referenced tables>`: conditions may use `t.` columns.
    let selectFrom: String
    /// `SELECT <list> FROM <table> t WHERE t.id = ?`.
    let selectByID: String
    /// How many result columns the SELECT list has.
    let columnCount: Int
    let fieldCount: Int
    let members: [Member]
    /// Index of the `version` column.
    static let versionColumn = 1

    init(_ schema: EntitySchema, catalog: [String: EntitySchema]) {
        var columns = ["t.id", "t.version", "t.created_at", "t.updated_at"]
        var joins = ""
        var plan: [(key: String, column: Int, columnName: String, kind: Kind)] = [("id", 0, "id", .requiredInt)]
        for field in schema.fields {
            let kind: Kind
            switch field.type {
            case .boolean: kind = .boolean
            case .textList: kind = .textList
            default: kind = .plain
            }
            plan.append((field.name, columns.count, field.column, kind))
            columns.append("t.\(field.column)")
            if case .reference(let plural) = field.type {
                let base = field.name.hasSuffix("_id") ? String(field.name.dropLast(3)) : field.name
                if let target = catalog[plural] {
                    let nameColumn = target.field(target.nameField)?.column ?? "name"
                    plan.append(("\(base)_name", columns.count, "\(field.column)__name", .referenceName))
                    // A LEFT JOIN on the target's primary key: the same name or NULL as a correlated
                    // subquery per row, found by the same lookup, at about two thirds of the cost.
                    let alias = "ref_\(field.column)"
                    columns.append("\(alias).\(nameColumn) AS \(field.column)__name")
                    joins += " LEFT JOIN \(target.table) \(alias) ON \(alias).id = t.\(field.column)"
                } else {
                    plan.append(("\(base)_name", -1, "\(field.column)__name", .alwaysNull))
                }
            }
        }
        plan.append(("version", 1, "version", .requiredInt))
        plan.append(("created_at", 2, "created_at", .requiredString))
        plan.append(("updated_at", 3, "updated_at", .requiredString))
        self.selectList = columns.joined(separator: ", ")
        self.table = schema.table
        self.selectFrom = "SELECT \(selectList) FROM \(schema.table) t\(joins)"
        self.selectByID = selectFrom + " WHERE t.id = ?"
        self.columnCount = columns.count
        self.fieldCount = schema.fields.count
        self.members = plan.enumerated().map { index, entry in
            var prefix: [UInt8] = [index == 0 ? UInt8(ascii: "{") : UInt8(ascii: ",")]
            JSON.writeString(entry.key, into: &prefix)
            prefix.append(UInt8(ascii: ":"))
            return Member(key: entry.key, prefix: prefix, column: entry.column, columnName: entry.columnName, kind: entry.kind)
        }
        self.kinds = members.map(\.kind)
        self.columns = members.map(\.column)
        self.prefixBytes = members.flatMap(\.prefix)
        var end = 0
        self.prefixEnds = members.map { end += $0.prefix.count; return end }
    }

    // MARK: - The JSON tree

    /// The JSON form of a row. Rows of `selectList` are read by position; others by column name.
    func json(_ row: Row) -> JSON {
        let byPosition = row.columns.count == columnCount && members.allSatisfy { $0.column < 0 || row.columns[$0.column] == $0.columnName }
        return .object(members.map { member in
            if member.kind == .alwaysNull { return JSON.Member(member.key, .null) }
            let value = byPosition ? row.values[member.column] : row[member.columnName]
            return JSON.Member(member.key, Self.json(member.kind, value))
        })
    }

    /// How `kind` shows `value` (the one definition both forms follow).
    static func json(_ kind: Kind, _ value: DatabaseValue) -> JSON {
        switch kind {
        case .requiredInt:
            return .int(Row.int(value) ?? 0)
        case .requiredString:
            return .string(Row.string(value) ?? "")
        case .referenceName:
            return JSON(Row.string(value))
        case .alwaysNull:
            return .null
        case .boolean, .textList, .plain:
            switch (kind, value) {
            case (_, .null): return .null
            case (.boolean, .integer(let v)): return .bool(v != 0)
            case (.textList, .text(let s)): return (try? JSONParser.parse(s)) ?? .array([])
            case (_, .integer(let v)): return .int(v)
            case (_, .text(let s)): return .string(s)
            default: return .null
            }
        }
    }

    // MARK: - Straight to bytes

    /// Writes the JSON form of the current row of a `selectList` query: the same bytes as
    /// `json(row).bytes`, with no intermediate values for the common column types.
    func write(_ row: StatementRow, into out: inout ByteBuffer) {
        kinds.withUnsafeBufferPointer { kinds in
            columns.withUnsafeBufferPointer { columns in
                prefixEnds.withUnsafeBufferPointer { ends in
                    prefixBytes.withUnsafeBufferPointer { prefixes in
                        var start = 0
                        for index in 0..<kinds.count {
                            out.append(UnsafeBufferPointer(rebasing: prefixes[start..<ends[index]]))
                            start = ends[index]
                            Self.writeValue(kinds[index], columns[index], row, into: &out)
                        }
                    }
                }
            }
        }
        out.append(UInt8(ascii: "}"))
    }

    @inline(__always)
    static func writeValue(_ kind: Kind, _ column: Int, _ row: StatementRow, into out: inout ByteBuffer) {
        if kind == .alwaysNull { out.append(nullBytes); return }
        let cell = row.cell(column)
        switch (kind, cell.type) {
        case (.requiredInt, .integer), (.plain, .integer):
            out.writeInteger(cell.int64)
        case (.requiredString, .text), (.referenceName, .text), (.plain, .text):
            out.writeString(utf8: cell.text)
        case (.boolean, .integer):
            out.append(cell.int64 != 0 ? trueBytes : falseBytes)
        case (.plain, .null), (.boolean, .null), (.referenceName, .null), (.textList, .null):
            out.append(nullBytes)
        default:
            // Rare shapes (a text list, a number stored as text, a real, a blob): the tree's rule.
            var bytes: [UInt8] = []
            json(kind, row.value(column)).write(into: &bytes, pretty: false, indent: 0)
            out.append(bytes)
        }
    }

    static let nullBytes = JSON.nullBytes, trueBytes = JSON.trueBytes, falseBytes = JSON.falseBytes
}

extension Row {
    /// What `int(_:)` gives for a value.
    static func int(_ value: DatabaseValue) -> Int64? {
        switch value {
        case .integer(let v): return v
        case .real(let v): return Int64(exactly: v)
        case .text(let s): return Int64(s)
        default: return nil
        }
    }

    /// What `string(_:)` gives for a value.
    static func string(_ value: DatabaseValue) -> String? {
        switch value {
        case .text(let s): return s
        case .integer(let v): return String(v)
        case .real(let v): return String(v)
        case .blob(let b): return String(decoding: b, as: UTF8.self)
        case .null: return nil
        }
    }
}
