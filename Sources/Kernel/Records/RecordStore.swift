// Create, update, read, list and import records of schema-described types, with validation,
// scope, audit and change events. The registry's services are built on it.
import CSQLite
import Foundation

/// One page of a list (keyset pagination by id).
public struct Page: Sendable {
    public var items: [JSON]
    /// The opaque cursor for the next page, nil on the last page.
    public var next: String?
    public init(items: [JSON], next: String?) {
        self.items = items
        self.next = next
    }
}

/// A list query: filters by field, free text, cursor and limit.
public struct ListQuery: Sendable {
    public var filters: [String: GivenValue] = [:]
    public var text: String?
    public var after: String?
    public var limit: Int = 50
    public init(filters: [String: GivenValue] = [:], text: String? = nil, after: String? = nil, limit: Int = 50) {
        self.filters = filters
        self.text = text
        self.after = after
        self.limit = limit
    }
}

/// Cursors: the last id seen, as decimal digits. Clients pass back `next` as it is; any whole
/// number is a cursor (the page after that id), so a cursor that fits the declared type is never
/// refused. The base64 cursors of earlier versions (`i:<id>`) are still read.
public enum Cursor {
    public static func encode(_ id: Int64) -> String { String(id) }
    public static func decode(_ text: String) throws -> Int64 {
        if let id = Int64(text), id >= 0, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) { return id }
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        var bits = 0, buffer = 0
        var bytes: [UInt8] = []
        for char in text.utf8.prefix(64) {
            guard let value = table.firstIndex(of: char) else { throw invalid(text) }
            buffer = (buffer << 6 | value) & 0xFFFF
            bits += 6
            if bits >= 8 { bits -= 8; bytes.append(UInt8((buffer >> bits) & 0xff)) }
        }
        let decoded = String(decoding: bytes, as: UTF8.self)
        guard decoded.hasPrefix("i:"), let id = Int64(decoded.dropFirst(2)), id >= 0 else { throw invalid(text) }
        return id
    }

    static func invalid(_ text: String) -> DomainError {
        DomainError(.badRequest, "游标“\(text.prefix(40))”无效，请使用上一页的 next (the cursor is not valid)", fieldErrors: [FieldError("after", "format", "the cursor is not valid")])
    }
}

/// The store of every schema-described record type.
public struct RecordStore: Sendable {
    public let catalog: [String: EntitySchema]
    /// Each schema's SELECT list and JSON plan, by plural.
    let layouts: [String: RecordLayout]

    public init(_ schemas: [EntitySchema]) {
        var catalog: [String: EntitySchema] = [:]
        for schema in schemas { catalog[schema.plural] = schema }
        self.catalog = catalog
        self.layouts = catalog.mapValues { RecordLayout($0, catalog: catalog) }
    }

    public func schema(_ plural: String) throws -> EntitySchema {
        guard let schema = catalog[plural] else { throw DomainError(.notFound, "没有名为 \(plural) 的记录类型 (no record type called \(plural))") }
        return schema
    }

    /// The layout of `schema`: worked out once for the catalog's schemas, on the spot for others.
    func layout(_ schema: EntitySchema) -> RecordLayout {
        if let layout = layouts[schema.plural], layout.fieldCount == schema.fields.count, layout.table == schema.table { return layout }
        return RecordLayout(schema, catalog: catalog)
    }

    // MARK: - Reading

    /// The SQL condition that limits `schema`'s rows to what `actor` may see (nil: all).
    public func scopeCondition(_ schema: EntitySchema, _ actor: Actor, alias: String = "t") -> (sql: String, arguments: [Int64])? {
        if actor.isOffice { return nil }
        switch schema.scope {
        case .everyone: return nil
        case .custom(let rule): return rule(actor)
        case .located(let territoryColumn, let unitColumn, let enterpriseColumn):
            switch actor.scope {
            case .all: return nil
            case .territory(let id): return territoryColumn.map { ("\(alias).\($0) = ?", [id]) } ?? ("0", [])
            case .unit(let id): return unitColumn.map { ("\(alias).\($0) = ?", [id]) } ?? ("0", [])
            case .enterprise(let id): return enterpriseColumn.map { ("\(alias).\($0) = ?", [id]) } ?? ("0", [])
            case .group:
                guard let territoryColumn, !actor.coveredTerritories.isEmpty else { return ("0", []) }
                let ids = actor.coveredTerritories.sorted()
                return ("\(alias).\(territoryColumn) IN (\(ids.map { _ in "?" }.joined(separator: ",")))", ids)
            }
        }
    }

    /// The JSON form of a row: id, fields (references with their names), version and times.
    public func json(_ schema: EntitySchema, _ row: Row) -> JSON { layout(schema).json(row) }

    /// One record as `actor` may see it; out of scope is "not found".
    public func get(_ schema: EntitySchema, id: Int64, actor: Actor, _ db: Connection) throws -> JSON {
        guard let row = try fetch(schema, id: id, actor: actor, db) else { throw DomainError.notFound(schema.label, schema.name, String(id)) }
        return json(schema, row)
    }

    /// Writes one record's JSON form (the bytes of `get(...).bytes`) to `out` and returns its version;
    /// out of scope is "not found".
    public func write(_ schema: EntitySchema, id: Int64, actor: Actor, _ db: Connection, into out: inout [UInt8]) throws -> Int64 {
        var buffer = ByteBuffer(capacity: 1024)
        let version = try write(schema, id: id, actor: actor, db, into: &buffer)
        buffer.append(to: &out)
        return version
    }

    /// `write(_:id:actor:_:into:)` into a `ByteBuffer` (e.g. the response body itself).
    public func write(_ schema: EntitySchema, id: Int64, actor: Actor, _ db: Connection, into out: inout ByteBuffer) throws -> Int64 {
        let layout = layout(schema)
        let (sql, arguments) = queryByID(layout.selectRowByID, schema, id: id, actor: actor)
        let names = try layout.names(db)
        var version: Int64?
        try db.forEachStatementRow(sql, arguments) { row in
            guard version == nil else { return }
            try layout.write(row, names: names, db, into: &out)
            version = row.int(RecordLayout.versionColumn) ?? 0
        }
        guard let version else { throw DomainError.notFound(schema.label, schema.name, String(id)) }
        return version
    }

    func fetch(_ schema: EntitySchema, id: Int64, actor: Actor, _ db: Connection) throws -> Row? {
        let (sql, arguments) = queryByID(layout(schema).selectByID, schema, id: id, actor: actor)
        return try db.queryOne(sql, arguments)
    }

    /// The SQL of one record: `selectByID` (the layout's `selectByID` or `selectRowByID`) within `actor`'s scope.
    func queryByID(_ selectByID: String, _ schema: EntitySchema, id: Int64, actor: Actor) -> (String, [DatabaseValue]) {
        guard let scope = scopeCondition(schema, actor) else { return (selectByID, [.integer(id)]) }
        return (selectByID + " AND (\(scope.sql))", [.integer(id)] + scope.arguments.map { .integer($0) })
    }

    /// A page of records `actor` may see, filtered.
    public func list(_ schema: EntitySchema, _ query: ListQuery, actor: Actor, _ db: Connection) throws -> Page {
        let layout = layout(schema)
        let (sql, arguments, limit) = try listQuery(schema, layout.pagesFrom, query, actor: actor, db)
        let rows = try db.query(sql, arguments)
        let items = rows.prefix(limit).map { json(schema, $0) }
        let next = rows.count > limit ? rows[limit - 1].int("id").map(Cursor.encode) : nil
        return Page(items: Array(items), next: next)
    }

    /// Writes a page as a JSON array (the bytes of `.array(list(...).items)`) to `out`, straight from
    /// SQLite's rows; returns the cursor of the next page, nil on the last.
    public func writeList(_ schema: EntitySchema, _ query: ListQuery, actor: Actor, _ db: Connection, into out: inout [UInt8]) throws -> String? {
        var buffer = ByteBuffer(capacity: Self.pageCapacity(query.limit))
        let next = try writeList(schema, query, actor: actor, db, into: &buffer)
        buffer.append(to: &out)
        return next
    }

    /// `writeList(_:_:actor:_:into:)` into a `ByteBuffer` (e.g. the response body itself).
    public func writeList(_ schema: EntitySchema, _ query: ListQuery, actor: Actor, _ db: Connection, into out: inout ByteBuffer) throws -> String? {
        let layout = layout(schema)
        // A table that keeps its records' stored forms is read for those alone (and the id).
        let stored = layout.keepsRendered
        let (sql, arguments, limit) = try listQuery(schema, stored ? layout.pagesStored : layout.pagesRows, query, actor: actor, db)
        let names = try layout.names(db)
        var count = 0
        var lastID: Int64?
        var more = false
        // The whole page in one region of the buffer: one check that it is unshared, not one per record.
        try layout.withWriter(names) { writer in
            try out.write(region: RecordLayout.recordRoom) { region in
                region.byte(UInt8(ascii: "["))
                try db.forEachStatementRow(sql, arguments) { row in
                    guard count < limit else { more = true; return }
                    if count > 0 { region.byte(UInt8(ascii: ",")) }
                    if !stored {
                        try writer.write(row, db, into: &region)
                    } else {
                        let form = row.cell(1)
                        // No form kept (NULL), or not one of this layout: the record from its columns.
                        if try form.typeCode != SQLITE_BLOB || !writer.write(stored: form.blob, db, into: &region) {
                            try db.forEachStatementRow(layout.selectRowByID, [.integer(row.int64(RecordLayout.idColumn))]) { row in
                                try writer.write(row, db, into: &region)
                            }
                        }
                    }
                    // Only the last row of a full page gives the cursor (an INTEGER PRIMARY KEY: an integer).
                    if count == limit - 1 { lastID = row.int64(RecordLayout.idColumn) }
                    count += 1
                }
                region.byte(UInt8(ascii: "]"))
            }
        }
        return more ? lastID.map(Cursor.encode) : nil
    }

    /// Room for a page of `limit` records, so that it is rarely made twice: records of the
    /// registry take 300–600 bytes, and each is given room for more as it is written.
    public static func pageCapacity(_ limit: Int) -> Int { min(max(limit, 1), 200) * 768 + RecordLayout.recordRoom }

    /// The SQL of a page: `pages.select` (a layout's `selectFrom` or `selectRows`) narrowed by the
    /// query and scope.
    func listQuery(_ schema: EntitySchema, _ pages: RecordLayout.PageQueries, _ query: ListQuery, actor: Actor, _ db: Connection) throws -> (String, [DatabaseValue], Int) {
        let limit = max(1, query.limit)
        let scope = scopeCondition(schema, actor)
        if query.filters.isEmpty, query.text == nil, scope == nil {
            // The usual page (no filter, no search, nothing out of scope): its SQL made once.
            if let after = query.after { return (pages.after, [.integer(try Cursor.decode(after)), .integer(Int64(limit) + 1)], limit) }
            return (pages.first, [.integer(Int64(limit) + 1)], limit)
        }
        var sql = pages.select + RecordLayout.PageQueries.everything
        var args: [DatabaseValue] = []
        var errors: [FieldError] = []
        for (name, given) in query.filters.sorted(by: { $0.key < $1.key }) {
            guard let field = schema.field(name) ?? schema.fields.first(where: { $0.optionName == name }), field.filterable else {
                errors.append(FieldError(name, "unknown_filter", "\(schema.label)不能按 \(name) 筛选 (\(schema.plural) cannot be filtered by \(name)); filters: " +
                                         schema.fields.filter(\.filterable).map(\.name).joined(separator: ", ")))
                continue
            }
            var filterField = field
            filterField.required = true
            switch coerce(filterField, given, db) {
            case .success(let value): sql += " AND t.\(field.column) = ?"; args.append(value)
            case .failure(let error): errors.append(error)
            }
        }
        if !errors.isEmpty { throw DomainError.validation(errors) }
        if let text = query.text?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            let columns = schema.searchFields.compactMap { schema.field($0)?.column }
            sql += " AND (" + columns.map { "instr(t.\($0), ?) > 0" }.joined(separator: " OR ") + ")"
            args += columns.map { _ in .text(text) }
        }
        if let scope {
            sql += " AND (\(scope.sql))"
            args += scope.arguments.map { .integer($0) }
        }
        if let after = query.after {
            sql += RecordLayout.PageQueries.afterCursor
            args.append(.integer(try Cursor.decode(after)))
        }
        sql += RecordLayout.PageQueries.order
        args.append(.integer(Int64(limit) + 1))
        return (sql, args, limit)
    }

    // MARK: - Writing

    /// Checks every given field; returns the column values or every error found.
    func validate(_ schema: EntitySchema, _ given: [String: GivenValue], creating: Bool, existing: Row?, _ db: Connection) -> Result<[String: DatabaseValue], DomainError> {
        var errors: [FieldError] = []
        var values: [String: DatabaseValue] = [:]
        let known = Set(schema.fields.map(\.name)).union(schema.fields.map(\.optionName))
        for key in given.keys.sorted() where !known.contains(key) {
            errors.append(FieldError(key, "unknown_field", "\(schema.label)没有字段 \(key) (\(schema.plural) have no field \(key)); fields: " + schema.fields.map(\.name).joined(separator: ", ")))
        }
        for field in schema.fields {
            let value = given[field.name] ?? given[field.optionName]
            if value == nil {
                if !creating { continue }
                // Left out of a create: required fields are reported; others take their default.
                if !field.required { values[field.column] = .null; continue }
            }
            switch coerce(field, value ?? .json(.null), db) {
            case .success(let v): values[field.column] = v
            case .failure(let e):
                // A required field left out of a create is reported once, as required.
                errors.append(e)
            }
        }
        if !errors.isEmpty { return .failure(.validation(errors)) }
        var merged: [String: DatabaseValue] = [:]
        if let existing {
            for field in schema.fields { merged[field.column] = existing[field.column] }
        }
        for (k, v) in values { merged[k] = v }
        if let derive = schema.derive {
            let givenColumns = Set(schema.fields.filter { field in
                guard let value = given[field.name] ?? given[field.optionName] else { return false }
                return !value.isEmpty
            }.map(\.column))
            derive(&merged, givenColumns)
            for (k, v) in merged where existing?[k] != v || creating { values[k] = v }
        }
        if let check = schema.crossFieldCheck {
            let problems = check(merged)
            if !problems.isEmpty { return .failure(.validation(problems)) }
        }
        return .success(values)
    }

    /// Creates a record; returns its JSON.
    public func create(_ schema: EntitySchema, _ given: [String: GivenValue], _ tx: WriteTransaction) throws -> JSON {
        guard schema.writers.contains(tx.actor.role) else { throw DomainError.forbidden("\(tx.actor.role.chinese)用户不能新增\(schema.label) (\(tx.actor.role.englishUser) may not create \(schema.plural))") }
        let values = try validate(schema, given, creating: true, existing: nil, tx.db).get()
        try checkReferencesReachable(schema, values, tx)
        try tx.checkRegistryRules(RegistryChange(schema: schema, id: nil, after: values, changed: Set(values.filter { $0.value != .null }.keys)))
        let columns = values.keys.sorted()
        let sql = "INSERT INTO \(schema.table) (\(columns.joined(separator: ", ")), version, created_at, updated_at) VALUES (\(columns.map { _ in "?" }.joined(separator: ", ")), 1, ?, ?)"
        do {
            try tx.db.execute(sql, columns.map { values[$0]! as any DatabaseValueConvertible } + [tx.nowText, tx.nowText])
        } catch let error as DatabaseError where error.isUniqueViolation {
            throw uniqueConflict(schema, error)
        }
        let id = tx.db.lastInsertRowID
        try checkWithinScope(schema, id: id, tx)
        try keepStoredForm(schema, id: id, tx.db)
        let record = try get(schema, id: id, actor: .localAdministrator, tx.db)
        try tx.audit(action: "\(schema.name).create", entity: schema.name, entityID: String(id), after: schema.auditForm(record),
                     summary: "created \(schema.label) \(record[schema.nameField]?.stringValue ?? String(id))")
        if let event = schema.changeEvent {
            try tx.publish(type: event, payload: JSON.object(["\(schema.name)_id": .int(id), "change": "created", "fields": JSON(columns.sorted())]).serialized)
        }
        return record
    }

    /// Updates the given fields of a record; `ifVersion` makes it conditional (412 on mismatch).
    public func update(_ schema: EntitySchema, id: Int64, _ given: [String: GivenValue], ifVersion: Int64?, _ tx: WriteTransaction) throws -> JSON {
        guard schema.writers.contains(tx.actor.role) else { throw DomainError.forbidden("\(tx.actor.role.chinese)用户不能修改\(schema.label) (\(tx.actor.role.englishUser) may not change \(schema.plural))") }
        guard let row = try fetch(schema, id: id, actor: tx.actor, tx.db) else { throw DomainError.notFound(schema.label, schema.name, String(id)) }
        let version = row.requiredInt("version")
        if let ifVersion, ifVersion != version {
            throw DomainError.versionMismatch("\(schema.label) \(id)", "\(schema.name) \(id)", current: version, expected: ifVersion)
        }
        let before = json(schema, row)
        let values = try validate(schema, given, creating: false, existing: row, tx.db).get()
        let changed = values.filter { row[$0.key] != $0.value }
        if changed.isEmpty { return before }
        var merged: [String: DatabaseValue] = [:]
        for field in schema.fields { merged[field.column] = changed[field.column] ?? row[field.column] }
        try checkReferencesReachable(schema, changed, tx)
        try tx.checkRegistryRules(RegistryChange(schema: schema, id: id, after: merged, changed: Set(changed.keys)))
        let columns = changed.keys.sorted()
        // The new form is kept just below (`keepStoredForm`): emptied here, not a second time by the trigger.
        let form = layout(schema).keepsRendered ? ", rendered = NULL" : ""
        let sql = "UPDATE \(schema.table) SET \(columns.map { "\($0) = ?" }.joined(separator: ", ")), version = version + 1, updated_at = ?\(form) WHERE id = ?"
        do {
            try tx.db.execute(sql, columns.map { changed[$0]! as any DatabaseValueConvertible } + [tx.nowText, id])
        } catch let error as DatabaseError where error.isUniqueViolation {
            throw uniqueConflict(schema, error)
        }
        try checkWithinScope(schema, id: id, tx)
        try keepStoredForm(schema, id: id, tx.db)
        let after = try get(schema, id: id, actor: .localAdministrator, tx.db)
        try tx.audit(action: "\(schema.name).update", entity: schema.name, entityID: String(id), before: schema.auditForm(before), after: schema.auditForm(after),
                     summary: "changed " + columns.joined(separator: ", "))
        if let event = schema.changeEvent {
            let names = schema.fields.filter { columns.contains($0.column) }.map(\.name)
            try tx.publish(type: event, payload: JSON.object(["\(schema.name)_id": .int(id), "change": "updated", "fields": JSON(names)]).serialized)
        }
        return after
    }

    // MARK: - Scope of a write

    /// A scoped user may point a record only at records it may read: a town cannot give its
    /// enterprise another town's unit, an enterprise cannot take another's person into its staff
    /// by adding a post for them. The one exception is a person with no post at all yet (just
    /// added, and visible to nobody but the office until a post places them).
    func checkReferencesReachable(_ schema: EntitySchema, _ values: [String: DatabaseValue], _ tx: WriteTransaction) throws {
        guard !tx.actor.isOffice else { return }
        var errors: [FieldError] = []
        for field in schema.fields {
            guard case .reference(let plural) = field.type, case .integer(let target)? = values[field.column], let targetSchema = catalog[plural] else { continue }
            if try fetch(targetSchema, id: target, actor: tx.actor, tx.db) != nil { continue }
            if plural == "people", try isUnplacedPerson(target, tx.db) { continue }
            errors.append(FieldError(field.name, "not_found", "没有您可见的\(targetSchema.label) \(target) (no \(targetSchema.name) \(target) that you may see)"))
        }
        if !errors.isEmpty { throw DomainError.validation(errors) }
    }

    /// The record as written must lie within the writer's scope: otherwise the write is refused
    /// (and rolled back with its transaction) rather than made into a record its writer cannot see.
    func checkWithinScope(_ schema: EntitySchema, id: Int64, _ tx: WriteTransaction) throws {
        guard !tx.actor.isOffice, try fetch(schema, id: id, actor: tx.actor, tx.db) == nil else { return }
        // A person is in a scope through a post: one just added has none yet, and a post places them next.
        if schema.plural == "people", try isUnplacedPerson(id, tx.db) { return }
        throw DomainError(.forbidden, "\(schema.label)将落在您的范围之外 (the \(schema.name) would lie outside your scope: \(tx.actor.scope.text))")
    }

    func isUnplacedPerson(_ id: Int64, _ db: Connection) throws -> Bool {
        try db.queryOne("SELECT 1 FROM registry_posts WHERE person_id = ?", [id]) == nil
    }

    // MARK: - Stored forms

    /// Keeps record `id`'s stored form in its row (for a schema that keeps them), in the write's
    /// transaction: the record and its form are committed together or not at all. False when it
    /// has none (`StoredForm.Holes.keepable`).
    @discardableResult
    func keepStoredForm(_ schema: EntitySchema, id: Int64, _ db: Connection) throws -> Bool {
        let layout = layout(schema)
        guard layout.keepsRendered else { return false }
        var form: [UInt8]?
        try db.forEachStatementRow(layout.selectRowByID, [.integer(id)]) { row in form = try layout.storedForm(row, db) }
        try db.execute("UPDATE \(schema.table) SET rendered = ? WHERE id = ?", [form.map(DatabaseValue.blob) ?? .null, id])
        return form != nil
    }

    /// Makes the stored forms that are missing or were made for another layout (rows written before
    /// migration 006, or changed since by SQL that did not give one, or forms of an earlier Anwei),
    /// `batch` records to a transaction; returns how many were made. Derived data, like an index:
    /// no audit record and no event.
    @discardableResult
    public func keepStoredForms(_ database: Database, batch: Int = 500) throws -> Int {
        var made = 0
        for schema in schemasKeepingForms {
            let stale = "SELECT id FROM \(schema.table) WHERE \(Self.withoutForm) AND id > ? ORDER BY id LIMIT ?"
            let fingerprint = DatabaseValue.blob(StoredForm.fingerprintBytes(layout(schema).fingerprint))
            var after = Int64.min
            while true {
                let read: Int = try database.write { db in
                    let ids = try db.query(stale, [fingerprint, after, batch]).compactMap { $0.int("id") }
                    for id in ids where try keepStoredForm(schema, id: id, db) { made += 1 }
                    if let last = ids.last { after = last }
                    return ids.count
                }
                if read < batch { break }
            }
        }
        return made
    }

    /// How many records of each type that keeps forms have none this layout can use (what
    /// `keepStoredForms` would make), for `anwei check`; types whose table has no `rendered`
    /// column yet (migration 006 pending) are left out.
    public func recordsWithoutForms(_ db: Connection) throws -> [(plural: String, count: Int64)] {
        try schemasKeepingForms.compactMap { schema in
            guard try db.queryOne("SELECT 1 FROM pragma_table_info(?) WHERE name = 'rendered'", [schema.table]) != nil else { return nil }
            let fingerprint = DatabaseValue.blob(StoredForm.fingerprintBytes(layout(schema).fingerprint))
            return (schema.plural, try db.scalarInt("SELECT count(*) FROM \(schema.table) WHERE \(Self.withoutForm)", [fingerprint]))
        }
    }

    /// The catalog's schemas that keep forms, in table order.
    var schemasKeepingForms: [EntitySchema] { catalog.values.filter(\.keepsRendered).sorted { $0.table < $1.table } }
    /// A row with no form, or one made for another layout (`?`: the layout's fingerprint as a blob).
    static let withoutForm = "(rendered IS NULL OR substr(rendered, 1, \(StoredForm.fingerprintSize)) IS NOT ?)"

    func uniqueConflict(_ schema: EntitySchema, _ error: DatabaseError) -> DomainError {
        let field = schema.fields.first { error.message.contains(".\($0.column)") }
        let name = field?.name ?? "a unique field"
        return DomainError(.conflict, "已有\(schema.label)使用此\(field?.label ?? name) (another \(schema.name) already has this \(name))",
                           fieldErrors: [FieldError(name, "duplicate", "\(field?.label ?? name)（\(name)）已被另一\(schema.label)使用 (already used by another \(schema.name))")])
    }
}
