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
        /// Its prefix: `prefixCount` bytes of `prefixBytes` from `prefixStart`.
        let prefixStart: Int32
        let prefixCount: Int32
        /// The room writing the prefix takes: at least 32 bytes (`Room.copy32`).
        let prefixRoom: Int32
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
    /// Whether the table keeps each record's stored form (`EntitySchema.keepsRendered`).
    let keepsRendered: Bool
    /// `SELECT t.id, t.rendered FROM <table> t`, as `PageQueries`: a page of stored forms.
    let pagesStored: PageQueries
    /// What the stored forms this layout writes and reads are made for: a hash of its members
    /// (keys, kinds, columns), its references and `StoredForm`'s version, so that a form made
    /// before a field was added, or by a writer that wrote other bytes, is never used.
    let fingerprint: UInt64
    /// The version of what the writer writes: one more whenever its bytes for the same row change.
    static let formVersion = 1

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
    /// The members' prefixes one after another, and 32 bytes to spare.
    let prefixBytes: [UInt8]
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
        self.keepsRendered = schema.keepsRendered
        self.pagesStored = PageQueries("SELECT t.id, t.rendered FROM \(schema.table) t")
        self.columnCount = columns.count
        self.fieldCount = schema.fields.count
        self.references = references
        self.members = plan.enumerated().map { index, entry in
            var prefix: [UInt8] = [index == 0 ? UInt8(ascii: "{") : UInt8(ascii: ",")]
            JSON.writeString(entry.key, into: &prefix)
            prefix.append(UInt8(ascii: ":"))
            return Member(key: entry.key, prefix: prefix, column: entry.column, columnName: entry.columnName, kind: entry.kind)
        }
        // 32 bytes to spare at the end: each prefix is read as 32 bytes (`Room.copy32`).
        self.prefixBytes = members.flatMap(\.prefix) + repeatElement(0, count: 32)
        var start = 0
        self.steps = zip(plan, members).map { entry, member in
            defer { start += member.prefix.count }
            return Step(kind: entry.kind, column: Int32(entry.rowColumn), reference: Int32(entry.reference),
                        prefixStart: Int32(start), prefixCount: Int32(member.prefix.count), prefixRoom: Int32(max(32, member.prefix.count)))
        }
        let description = ["record form \(Self.formVersion)", schema.table]
            + plan.map { "\($0.key) \($0.kind) \($0.columnName) \($0.reference)" } + references.map(\.lookup)
        self.fingerprint = Self.fnv1a(description.joined(separator: "\n"))
    }

    /// FNV-1a, 64 bits: the same for the same text in every process (unlike `Hasher`).
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash
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
            return .int(value.int ?? 0)
        case .requiredString:
            return .string(value.string ?? "")
        case .referenceName:
            return JSON(value.string)
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
    /// the same bytes as `json(row).bytes` for the `selectFrom` row of the same record.
    func write(_ row: StatementRow, names: [ReferenceNames], _ db: Connection, into out: inout ByteBuffer) throws {
        try withWriter(names) { writer in
            try out.write(region: Self.recordRoom) { region in try writer.write(row, db, into: &region) }
        }
    }

    /// Calls `body` with a `Writer` of this layout's records, `names` from `names(db)`; with
    /// `holes`, a writer of stored forms' bytes (the names' places gathered there, not the names).
    @inline(__always)
    func withWriter<R>(_ names: [ReferenceNames], holes: UnsafeMutablePointer<StoredForm.Holes>? = nil, _ body: (Writer) throws -> R) rethrows -> R {
        try steps.withUnsafeBufferPointer { steps in
            try prefixBytes.withUnsafeBufferPointer { prefixes in
                try names.withUnsafeBufferPointer { names in
                    // Borrowed for the writer's lifetime (`names` holds them): no count taken per use.
                    try names.withMemoryRebound(to: Unmanaged<ReferenceNames>.self) { names in
                        try body(Writer(steps: steps, prefixes: prefixes.baseAddress.unsafelyUnwrapped, names: names,
                                        holes: holes, fingerprint: fingerprint))
                    }
                }
            }
        }
    }

    /// The stored form of the current row of a `selectRows` query, nil when it cannot be kept (see
    /// `StoredForm.Holes.keepable`).
    func storedForm(_ row: StatementRow, _ db: Connection) throws -> [UInt8]? {
        var holes = StoredForm.Holes()
        var buffer = ByteBuffer(capacity: Self.recordRoom)
        try withUnsafeMutablePointer(to: &holes) { holes in
            try withWriter([], holes: holes) { writer in
                try buffer.write(region: Self.recordRoom) { region in try writer.write(row, db, into: &region) }
            }
        }
        guard holes.keepable else { return nil }
        return StoredForm.make(fingerprint: fingerprint, holes: holes.list, bytes: buffer.finish())
    }

    /// Room to spare in a page's buffer beyond its records' (those of the registry take 300–600 bytes).
    static let recordRoom = 1024

    /// A layout's plan as plain pointers, valid inside `withWriter`: a record is written member by
    /// member straight into a `Region`, each member's value read from SQLite, then its room asked
    /// for, then its prefix and value written, with no reference counting or copying in between.
    struct Writer {
        let steps: UnsafeBufferPointer<Step>
        let prefixes: UnsafePointer<UInt8>
        let names: UnsafeBufferPointer<Unmanaged<ReferenceNames>>
        /// Set when writing a stored form: where each name goes is gathered here instead.
        let holes: UnsafeMutablePointer<StoredForm.Holes>?
        let fingerprint: UInt64

        /// Writes the JSON form of the current row of a `selectRows` query into `region`.
        @inline(__always)
        func write(_ row: StatementRow, _ db: Connection, into region: inout ByteBuffer.Region) throws {
            // The column last written as an integer, and that integer: a reference's name follows its
            // id's member. (Set by integers only: a column's value is the same throughout the row.)
            var lastColumn: Int32 = -1, lastInteger: Int64 = 0
            for step in steps {
                let prefix = prefixes + Int(step.prefixStart), prefixCount = Int(step.prefixCount), prefixRoom = Int(step.prefixRoom)
                @inline(__always) func writePrefix(_ room: inout ByteBuffer.Room) {
                    if prefixCount <= 32 { room.copy32(prefix, count: prefixCount) } else { room.copy(UnsafeBufferPointer(start: prefix, count: prefixCount)) }
                }
                switch step.kind {
                case .alwaysNull:
                    region.reserve(prefixRoom + 8)
                    writePrefix(&region.room)
                    region.room.word(Literal.null, count: 4)
                case .referenceName where holes != nil:
                    // A stored form: the name's place and the id it names, as names change apart from the record.
                    let cell = row.cell(Int(step.column))
                    region.reserve(prefixRoom + 8)
                    writePrefix(&region.room)
                    switch cell.typeCode {
                    case SQLITE_INTEGER:
                        holes.unsafelyUnwrapped.pointee.list.append(StoredForm.Hole(position: UInt32(region.count), reference: UInt32(step.reference), id: cell.int64))
                    case SQLITE_NULL:
                        region.room.word(Literal.null, count: 4)
                    default:
                        holes.unsafelyUnwrapped.pointee.keepable = false
                    }
                case .referenceName:
                    let names = names[Int(step.reference)]
                    let found: UnsafeBufferPointer<UInt8>? = if lastColumn == step.column {
                        names._withUnsafeGuaranteedRef { $0.kept(lastInteger) }
                    } else { nil }
                    if let found {
                        region.reserve(prefixRoom + found.count)
                        writePrefix(&region.room)
                        region.room.copy(found)
                    } else {
                        let name = try names._withUnsafeGuaranteedRef { try $0.name(row.cell(Int(step.column)), row, Int(step.column), db) }
                        region.reserve(prefixRoom + name.count)
                        writePrefix(&region.room)
                        name.withUnsafeBufferPointer { region.room.copy($0) }
                    }
                default:
                    let cell = row.cell(Int(step.column))
                    let type = cell.typeCode
                    switch type {
                    case SQLITE_TEXT where step.kind == .requiredString || step.kind == .plain:
                        let text = cell.text
                        region.reserve(prefixRoom + ByteBuffer.Room.stringSize(text.count))
                        writePrefix(&region.room)
                        region.room.string(text)
                    case SQLITE_INTEGER where step.kind == .requiredInt || step.kind == .plain:
                        let value = cell.int64
                        lastColumn = step.column
                        lastInteger = value
                        region.reserve(prefixRoom + ByteBuffer.Room.integerSize)
                        writePrefix(&region.room)
                        region.room.integer(value)
                    case SQLITE_INTEGER where step.kind == .boolean:
                        region.reserve(prefixRoom + 8)
                        writePrefix(&region.room)
                        if cell.int64 != 0 { region.room.word(Literal.true, count: 4) } else { region.room.word(Literal.false, count: 5) }
                    case SQLITE_NULL where step.kind == .plain || step.kind == .boolean || step.kind == .textList:
                        region.reserve(prefixRoom + 8)
                        writePrefix(&region.room)
                        region.room.word(Literal.null, count: 4)
                    default:
                        // Rare shapes (a text list, a number stored as text, a real, a blob): the tree's rule.
                        let json = RecordLayout.rare(step.kind, row, Int(step.column))
                        region.reserve(prefixRoom + json.count)
                        writePrefix(&region.room)
                        json.withUnsafeBufferPointer { region.room.copy($0) }
                    }
                }
            }
            region.reserve(8)
            region.room.word(UInt64(UInt8(ascii: "}")), count: 1)
        }

        /// Writes a record from its stored `form` into `region`, the names from `names`: the same
        /// bytes as `write(_:_:into:)` of its row. False, with nothing written, when `form` was
        /// not made for this layout or is of no known shape.
        @inline(__always)
        func write(stored form: UnsafeBufferPointer<UInt8>, _ db: Connection, into region: inout ByteBuffer.Region) throws -> Bool {
            guard StoredForm.fingerprint(form) == fingerprint,
                  let (holes, count, start) = StoredForm.holes(form, references: names.count) else { return false }
            let bytes = form.baseAddress.unsafelyUnwrapped + start
            var from = 0
            for index in 0 ..< count {
                let hole = StoredForm.hole(holes, index)
                let position = Int(hole.position)
                region.reserve(position - from)
                region.room.copy(UnsafeBufferPointer(start: bytes + from, count: position - from))
                let names = names[Int(hole.reference)]
                if let kept = names._withUnsafeGuaranteedRef({ $0.kept(hole.id) }) {
                    region.reserve(kept.count)
                    region.room.copy(kept)
                } else {
                    let name = try names._withUnsafeGuaranteedRef { try $0.name(id: hole.id, db) }
                    region.reserve(name.count)
                    name.withUnsafeBufferPointer { region.room.copy($0) }
                }
                from = position
            }
            let rest = form.count - start - from
            region.reserve(rest)
            region.room.copy(UnsafeBufferPointer(start: bytes + from, count: rest))
            return true
        }
    }

    /// The literals' bytes as words, the first byte lowest: "null", "true", "false".
    enum Literal {
        static let null: UInt64 = 0x6C6C_756E, `true`: UInt64 = 0x6575_7274, `false`: UInt64 = 0x65_736C_6166
    }

    /// A value of a rare shape shown by the tree's rule (out of line, away from the usual shapes).
    @inline(never)
    static func rare(_ kind: Kind, _ row: StatementRow, _ column: Int) -> [UInt8] {
        json(kind, row.value(column)).bytes
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
    /// Where each id's name is in `names`, by position for the small ids the registry's records
    /// have (`end` 0: not looked up yet), in memory of its own for the same reason.
    private var bySmallID = UnsafeMutableBufferPointer<(start: Int32, end: Int32)>(start: nil, count: 0)
    /// The same for other ids.
    @exclusivity(unchecked) private var byID: [Int64: (start: Int32, end: Int32)] = [:]
    static let smallIDs: Int64 = 1 << 16

    init(lookup: String) { self.lookup = lookup }

    deinit {
        names.deallocate()
        bySmallID.deallocate()
    }

    /// The name of the record whose id is `id`, if it is a small id already looked up (valid until
    /// the next lookup).
    @inline(__always)
    func kept(_ id: Int64) -> UnsafeBufferPointer<UInt8>? {
        guard UInt64(bitPattern: id) < UInt64(bySmallID.count) else { return nil }
        let range = bySmallID[Int(id)]
        guard range.end != 0 else { return nil }
        return UnsafeBufferPointer(start: names.baseAddress.unsafelyUnwrapped + Int(range.start), count: Int(range.end &- range.start))
    }

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
    /// JOIN gives), as JSON, looked up and kept when it is not yet (the usual case is `kept`).
    @inline(never)
    func name(_ cell: StatementRow.Cell, _ row: StatementRow, _ column: Int, _ db: Connection) throws -> [UInt8] {
        switch cell.typeCode {
        case SQLITE_INTEGER:
            return try name(id: cell.int64, db)
        case SQLITE_NULL:
            return JSON.nullBytes
        default:
            // An id stored as text or a real (in a table that is not STRICT): SQLite's own rule for
            // whether it names a record, not kept.
            return try find(row.value(column), db)
        }
    }

    /// The name of the record whose id is `id`, as JSON, looked up and kept when it is not yet.
    @inline(never)
    func name(id: Int64, _ db: Connection) throws -> [UInt8] {
        if let kept = kept(id) { return Array(kept) }
        if let range = byID[id] { return Array(names[Int(range.start) ..< Int(range.end)]) }
        let name = try find(.integer(id), db)
        let range = keep(name)
        if id >= 0 && id < Self.smallIDs {
            if id >= bySmallID.count {
                let grown = UnsafeMutableBufferPointer<(start: Int32, end: Int32)>.allocate(capacity: min(Int(Self.smallIDs), max(64, 2 * (Int(id) + 1))))
                grown.initialize(repeating: (0, 0))
                if let old = bySmallID.baseAddress { grown.baseAddress.unsafelyUnwrapped.update(from: old, count: bySmallID.count) }
                bySmallID.deallocate()
                bySmallID = grown
            }
            bySmallID[Int(id)] = range
        } else {
            byID[id] = range
        }
        return name
    }

    /// SQLite's lookup by `id` (the one the LEFT JOIN makes), shown by the tree's rule.
    private func find(_ id: DatabaseValue, _ db: Connection) throws -> [UInt8] {
        RecordLayout.json(.referenceName, try db.queryOne(lookup, [id])?.values.first ?? .null).bytes
    }
}

