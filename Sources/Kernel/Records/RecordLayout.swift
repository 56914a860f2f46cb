// How a schema's records are selected and shown, worked out once per schema: the SELECT lists, and
// for each member of the JSON form its key (already escaped), the result column it comes from and
// how that column's value is shown. The same plan builds a `JSON` tree (for the CLI, audit and
// writes; reference names by LEFT JOIN) and writes rows straight from SQLite to response bytes (for
// reads over HTTP; reference names from memory, `ReferenceNames`), so the two forms cannot drift
// apart (tests hold their bytes equal).
import CSQLite
import Foundation
import Synchronization

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
        /// The result column of `selectFrom` (the tree's SELECT), -1 for `.alwaysNull`.
        let column: Int
        /// The column's name, for rows that did not come from `selectFrom`.
        let columnName: String
        let kind: Kind
    }

    /// A record type that members name (`territory_name`): the byte writer looks its names up by
    /// id (`ReferenceNames`), with the lookup the tree's LEFT JOIN makes.
    struct Reference: Sendable {
        /// `SELECT <name column> FROM <table> WHERE id = ?`.
        let lookup: String
    }

    /// The names a layout's references have found, kept on a connection by the layout's `number`.
    static let referenceNames = MemoTable<Int, [ReferenceNames]>()
    private static let made = Atomic<Int>(0)
    /// Unique to this layout (never reused, unlike its address), for `referenceNames`.
    let number = RecordLayout.made.add(1, ordering: .relaxed).oldValue

    /// One member as the byte writer takes it: plain values, so that a row is written with no
    /// reference counting per member.
    struct Step: Sendable {
        let kind: Kind
        /// The column of `selectRows` it is read from; for a reference name, the id's column.
        let column: Int32
        /// For a reference name, its index in `references`.
        let reference: Int32
        /// Its prefix: `prefixBytes[prefixStart..<prefixEnd]`.
        let prefixStart: Int32
        let prefixEnd: Int32
    }

    let table: String
    /// `SELECT <list> FROM <table> t LEFT JOIN <referenced tables>`: the tree's rows (with the
    /// referenced names); conditions may use `t.` columns.
    let selectFrom: String
    /// `selectFrom` with `WHERE t.id = ?`.
    let selectByID: String
    /// `SELECT <the table's columns> FROM <table> t`: the byte writer's rows, no joins (names come
    /// from memory); conditions may use `t.` columns.
    let selectRows: String
    /// `selectRows` with `WHERE t.id = ?`.
    let selectRowByID: String
    /// The SQL of a page with no filter, search or scope, for `selectFrom` and `selectRows`: the
    /// first page, and a page after a cursor (as `RecordStore.listQuery` writes them).
    let pagesFrom: PageQueries
    let pagesRows: PageQueries

    /// A SELECT, and the SQL of its usual pages made once, so that the same String finds its
    /// prepared statement at once. Conditions are added by `RecordStore.listQuery`, between
    /// `everything` and `order`.
    struct PageQueries: Sendable {
        static let everything = " WHERE 1 = 1", afterCursor = " AND t.id > ?", order = " ORDER BY t.id LIMIT ?"
        let select: String
        let first: String
        let after: String

        init(_ select: String) {
            self.select = select
            first = select + Self.everything + Self.order
            after = select + Self.everything + Self.afterCursor + Self.order
        }
    }
    /// How many result columns `selectFrom` has.
    let columnCount: Int
    let fieldCount: Int
    let members: [Member]
    let steps: [Step]
    /// The members' prefixes one after another, and 32 bytes to spare; `prefixesSize` bytes of them are prefixes.
    let prefixBytes: [UInt8]
    let prefixesSize: Int
    let references: [Reference]
    /// Index of the `id` and `version` columns, in both SELECT lists.
    static let idColumn = 0, versionColumn = 1

    init(_ schema: EntitySchema, catalog: [String: EntitySchema]) {
        let rowColumns = ["t.id", "t.version", "t.created_at", "t.updated_at"] + schema.fields.map { "t.\($0.column)" }
        var columns = ["t.id", "t.version", "t.created_at", "t.updated_at"]
        var joins = ""
        var references: [Reference] = []
        var plan: [(key: String, column: Int, columnName: String, kind: Kind, rowColumn: Int, reference: Int)] =
            [("id", 0, "id", .requiredInt, 0, -1)]
        for (index, field) in schema.fields.enumerated() {
            let kind: Kind
            switch field.type {
            case .boolean: kind = .boolean
            case .textList: kind = .textList
            default: kind = .plain
            }
            let rowColumn = 4 + index
            plan.append((field.name, columns.count, field.column, kind, rowColumn, -1))
            columns.append("t.\(field.column)")
            if case .reference(let plural) = field.type {
                let base = field.name.hasSuffix("_id") ? String(field.name.dropLast(3)) : field.name
                if let target = catalog[plural] {
                    let nameColumn = target.field(target.nameField)?.column ?? "name"
                    plan.append(("\(base)_name", columns.count, "\(field.column)__name", .referenceName, rowColumn, references.count))
                    references.append(Reference(lookup: "SELECT \(nameColumn) FROM \(target.table) WHERE id = ?"))
                    // A LEFT JOIN on the target's primary key: the same name or NULL as a correlated
                    // subquery per row, found by the same lookup, at about two thirds of the cost.
                    let alias = "ref_\(field.column)"
                    columns.append("\(alias).\(nameColumn) AS \(field.column)__name")
                    joins += " LEFT JOIN \(target.table) \(alias) ON \(alias).id = t.\(field.column)"
                } else {
                    plan.append(("\(base)_name", -1, "\(field.column)__name", .alwaysNull, -1, -1))
                }
            }
        }
        plan.append(("version", 1, "version", .requiredInt, 1, -1))
        plan.append(("created_at", 2, "created_at", .requiredString, 2, -1))
        plan.append(("updated_at", 3, "updated_at", .requiredString, 3, -1))
        self.table = schema.table
        self.selectFrom = "SELECT \(columns.joined(separator: ", ")) FROM \(schema.table) t\(joins)"
        self.selectByID = selectFrom + " WHERE t.id = ?"
        self.selectRows = "SELECT \(rowColumns.joined(separator: ", ")) FROM \(schema.table) t"
        self.selectRowByID = selectRows + " WHERE t.id = ?"
        self.pagesFrom = PageQueries(selectFrom)
        self.pagesRows = PageQueries(selectRows)
        self.columnCount = columns.count
        self.fieldCount = schema.fields.count
        self.references = references
        self.members = plan.enumerated().map { index, entry in
            var prefix: [UInt8] = [index == 0 ? UInt8(ascii: "{") : UInt8(ascii: ",")]
            JSON.writeString(entry.key, into: &prefix)
            prefix.append(UInt8(ascii: ":"))
            return Member(key: entry.key, prefix: prefix, column: entry.column, columnName: entry.columnName, kind: entry.kind)
        }
        self.prefixesSize = members.reduce(0) { $0 + $1.prefix.count }
        // 32 bytes to spare at the end: each prefix is read as 32 bytes (`Room.copy32`).
        self.prefixBytes = members.flatMap(\.prefix) + repeatElement(0, count: 32)
        var start = 0
        self.steps = zip(plan, members).map { entry, member in
            defer { start += member.prefix.count }
            return Step(kind: entry.kind, column: Int32(entry.rowColumn), reference: Int32(entry.reference),
                        prefixStart: Int32(start), prefixEnd: Int32(start + member.prefix.count))
        }
    }

    // MARK: - The JSON tree

    /// The JSON form of a row. Rows of `selectFrom` are read by position; others by column name.
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

    /// The names the byte writer needs, one `ReferenceNames` per entry of `references`, as kept on `db`.
    func names(_ db: Connection) throws -> [ReferenceNames] {
        if references.isEmpty { return [] }
        return try db.memoized(Self.referenceNames, number) { references.map { ReferenceNames(lookup: $0.lookup) } }
    }

    /// Writes the JSON form of the current row of a `selectRows` query (`names` from `names(db)`):
    /// the same bytes as `json(row).bytes` for the `selectFrom` row of the same record. The row's
    /// values are looked at first (each column once), which tells the room the record needs; then
    /// it is written into that room with no check per member.
    func write(_ row: StatementRow, names: [ReferenceNames], _ db: Connection, into out: inout ByteBuffer) throws {
        try withUnsafeTemporaryAllocation(of: Piece.self, capacity: steps.count) { pieces in
            // Values shown by the tree's rule (rare shapes), one after another.
            var rare: [UInt8] = []
            // Each prefix is copied as 32 bytes (`copy32`), and strings and literals as whole words.
            var size = prefixesSize + 1 + 32
            try steps.withUnsafeBufferPointer { steps in
                // The cell of the column read last: a reference's name follows its id's member.
                var last: (column: Int32, cell: StatementRow.Cell) = (-1, StatementRow.Cell(value: nil))
                for index in steps.indices {
                    let step = steps[index]
                    let piece: Piece
                    switch step.kind {
                    case .alwaysNull:
                        piece = .null
                    case .referenceName:
                        let cell = last.column == step.column ? last.cell : row.cell(Int(step.column))
                        // Borrowed from `names`, which holds it for the whole record: no count taken per row.
                        piece = try Unmanaged.passUnretained(names[Int(step.reference)])._withUnsafeGuaranteedRef {
                            try $0.name(cell, row, Int(step.column), db, rare: &rare)
                        }
                    default:
                        let cell = row.cell(Int(step.column))
                        last = (step.column, cell)
                        piece = Self.piece(step.kind, cell, row, Int(step.column), rare: &rare)
                    }
                    size &+= piece.size
                    (pieces.baseAddress.unsafelyUnwrapped + index).initialize(to: piece)
                }
            }
            rare.withUnsafeBufferPointer { rare in
                out.write(room: size) { room in
                    steps.withUnsafeBufferPointer { steps in
                        prefixBytes.withUnsafeBufferPointer { prefixes in
                            let prefixes = prefixes.baseAddress.unsafelyUnwrapped
                            for index in steps.indices {
                                let step = steps[index], piece = pieces[index]
                                let prefix = prefixes + Int(step.prefixStart), count = Int(step.prefixEnd &- step.prefixStart)
                                if count <= 32 { room.copy32(prefix, count: count) } else { room.copy(UnsafeBufferPointer(start: prefix, count: count)) }
                                switch piece.form {
                                case .string: room.string(UnsafeBufferPointer(start: piece.bytes, count: piece.count))
                                case .integer: room.integer(Int64(bitPattern: piece.word))
                                case .word: room.word(piece.word, count: piece.count)
                                case .bytes: room.copy(UnsafeBufferPointer(start: piece.bytes, count: piece.count))
                                case .rare: room.copy(UnsafeBufferPointer(rebasing: rare[Int(piece.word) ..< Int(piece.word) + piece.count]))
                                }
                            }
                        }
                    }
                    room.word(UInt64(UInt8(ascii: "}")), count: 1)
                }
            }
        }
    }

    /// Room to spare in a page's buffer beyond its records' (those of the registry take 300–600 bytes).
    static let recordRoom = 1024

    /// A member's value as found in the row, to be written once the record's room is made.
    struct Piece {
        enum Form { case string, integer, word, bytes, rare }
        let form: Form
        /// A text (`string`) or JSON (`bytes`) owned by SQLite or `ReferenceNames`, valid until the next step.
        var bytes: UnsafePointer<UInt8>? = nil
        /// The bytes of `bytes`, of `word`, or of `rare` from `word` on.
        var count = 0
        /// The integer's bits; the JSON itself, eight bytes at most (`word`); where in `rare` it is.
        var word: UInt64 = 0

        // The literals' bytes as words, the first byte lowest: "null", "true", "false".
        static var null: Piece { Piece(form: .word, count: 4, word: 0x6C6C_756E) }
        static var `true`: Piece { Piece(form: .word, count: 4, word: 0x6575_7274) }
        static var `false`: Piece { Piece(form: .word, count: 5, word: 0x65_736C_6166) }

        /// The room it is written in (`Room.copy32` and the row's slack cover the whole words stored).
        var size: Int {
            switch form {
            case .string: ByteBuffer.Room.stringSize(count)
            case .integer: ByteBuffer.Room.integerSize
            case .word, .bytes, .rare: count
            }
        }
    }

    /// How `kind` shows `cell` (the tree's rule, `json(_:_:)`); rare shapes are shown through the
    /// tree's values into `rare`.
    @inline(__always)
    static func piece(_ kind: Kind, _ cell: StatementRow.Cell, _ row: StatementRow, _ column: Int, rare: inout [UInt8]) -> Piece {
        switch cell.typeCode {
        case SQLITE_TEXT where kind == .requiredString || kind == .plain:
            let text = cell.text
            return Piece(form: .string, bytes: text.baseAddress, count: text.count)
        case SQLITE_INTEGER where kind == .requiredInt || kind == .plain:
            return Piece(form: .integer, word: UInt64(bitPattern: cell.int64))
        case SQLITE_INTEGER where kind == .boolean:
            return cell.int64 != 0 ? .true : .false
        case SQLITE_NULL where kind == .plain || kind == .boolean || kind == .textList:
            return .null
        default:
            // Rare shapes (a text list, a number stored as text, a real, a blob): the tree's rule.
            return Self.rare(json(kind, row.value(column)).bytes, &rare)
        }
    }

    /// `json` kept at the end of `rare`.
    static func rare(_ json: [UInt8], _ rare: inout [UInt8]) -> Piece {
        defer { rare += json }
        return Piece(form: .rare, count: json.count, word: UInt64(rare.count))
    }
}

/// The names of one referenced record type as the JSON they are written as (`"北山镇"`, or `null` for
/// no such record or no name), looked up once per id and then kept on the connection until the
/// database changes (`Connection.memoized`: any commit, by any process), so that the rows of a page
/// need no join. Used by one thread at a time, as its connection is.
final class ReferenceNames {
    private let lookup: String
    /// The names looked up so far, one after another, in memory of its own (`used` bytes of it):
    /// a page writes a name per reference per row, and reading them from here takes no reference
    /// count, as reading an array kept in a class does.
    private var names = UnsafeMutableBufferPointer<UInt8>(start: nil, count: 0)
    private var used = 0
    /// Where each id's name is in `names`: by position for the small ids the registry's records
    /// have (`end` 0: not looked up yet), by key for others.
    @exclusivity(unchecked) private var bySmallID: [(start: Int32, end: Int32)] = []
    @exclusivity(unchecked) private var byID: [Int64: (start: Int32, end: Int32)] = [:]
    static let smallIDs: Int64 = 1 << 16

    init(lookup: String) { self.lookup = lookup }

    deinit { names.deallocate() }

    /// Keeps `name` after the names so far; returns where it is.
    private func keep(_ name: [UInt8]) -> (start: Int32, end: Int32) {
        if used + name.count > names.count {
            let grown = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(256, 2 * (used + name.count)))
            if let old = names.baseAddress { grown.baseAddress.unsafelyUnwrapped.update(from: old, count: used) }
            names.deallocate()
            names = grown
        }
        name.withUnsafeBufferPointer { source in
            if let start = source.baseAddress { (names.baseAddress.unsafelyUnwrapped + used).update(from: start, count: source.count) }
        }
        let start = used
        used += name.count
        return (Int32(start), Int32(used))
    }

    /// The name of the record whose id is `cell`, column `column` of `row` (what the tree's LEFT
    /// JOIN gives), as JSON: kept here (valid until the next lookup), or in `rare`.
    func name(_ cell: StatementRow.Cell, _ row: StatementRow, _ column: Int, _ db: Connection, rare: inout [UInt8]) throws -> RecordLayout.Piece {
        switch cell.typeCode {
        case SQLITE_INTEGER:
            let id = cell.int64
            let small = id >= 0 && id < Self.smallIDs
            var range = small && id < bySmallID.count ? bySmallID[Int(id)] : byID[id] ?? (0, 0)
            if range.end == 0 {
                range = keep(try find(.integer(id), db))
                if small {
                    if id >= bySmallID.count { bySmallID += repeatElement((start: 0, end: 0), count: Int(id) + 1 - bySmallID.count) }
                    bySmallID[Int(id)] = range
                } else {
                    byID[id] = range
                }
            }
            return RecordLayout.Piece(form: .bytes, bytes: UnsafePointer(names.baseAddress.unsafelyUnwrapped + Int(range.start)),
                                      count: Int(range.end - range.start))
        case SQLITE_NULL:
            return .null
        default:
            // An id stored as text or a real (in a table that is not STRICT): SQLite's own rule for
            // whether it names a record, not kept.
            return RecordLayout.rare(try find(row.value(column), db), &rare)
        }
    }

    /// SQLite's lookup by `id` (the one the LEFT JOIN makes), shown by the tree's rule.
    private func find(_ id: DatabaseValue, _ db: Connection) throws -> [UInt8] {
        RecordLayout.json(.referenceName, try db.queryOne(lookup, [id])?.values.first ?? .null).bytes
    }
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
