// A page of the register written straight from SQLite's rows to response bytes: the same bytes as
// `HazardView.summary` serialized (a test holds them equal), without a Row or a JSON tree per hazard.
// A list page is the request officials make most, over a register of up to a million hazards.
import Kernel

enum HazardListWriter {
    /// Result columns of `HazardStore.summaryColumns`, in order.
    private enum Column {
        static let id = 0, code = 1, grade = 2, status = 3, enterpriseID = 4, place = 5, territoryID = 6, sector = 7
        static let supervisingUnitID = 8, source = 9, foundOn = 10, deadline = 11, reviewDue = 12, listed = 13
        static let description = 14, enterpriseName = 15
    }

    /// `HazardStore.summaryColumns`: the territory's and unit's names come from memory (`names`),
    /// which spares two B-tree searches per row.
    private static let select = "SELECT \(HazardStore.summaryColumns) FROM hazards_hazards h LEFT JOIN registry_enterprises e ON e.id = h.enterprise_id"

    /// Every id's name in a table as a JSON string, by the table.
    private static let namesByTable = MemoTable<String, [Int64: [UInt8]]>()

    /// Every id's name in `table` as a JSON string, read once and kept while the database is unchanged.
    private static func names(_ table: String, _ db: Connection) throws -> [Int64: [UInt8]] {
        try db.memoized(namesByTable, table) {
            var names: [Int64: [UInt8]] = [:]
            try db.forEachStatementRow("SELECT id, name FROM \(table) WHERE name IS NOT NULL", []) { row in
                var name = ByteBuffer(capacity: 64)
                name.writeString(utf8: row.text(1))
                names[row.int64(0)] = name.finish()
            }
            return names
        }
    }

    /// Room for a page of `limit` hazards, most of the time (the buffer grows when not).
    static func pageCapacity(_ limit: Int) -> Int { min(limit, 200) * 560 + 2 }

    /// Writes `[item, …]` for the page into `out` (the response body itself) and returns the cursor
    /// of the next page, if any.
    static func write(_ filters: HazardStore.Filters, actor: Actor, today: CalendarDate, settings: HazardsSettings,
                      after: Int64?, limit: Int, _ db: Connection, into out: inout ByteBuffer) throws -> String? {
        var (clause, args) = HazardStore.whereClause(filters, actor: actor, today: today, stockLastYear: settings.stockLastYear)
        if let after { clause += " AND h.id > ?"; args.append(after) }
        if let ids = try HazardStore.textPageIDs(filters, actor: actor, today: today, stockLastYear: settings.stockLastYear, after: after, limit: limit, db) {
            (clause, args) = HazardStore.idsClause(ids)
        }
        args.append(limit + 1)
        let territories = try names("registry_territories", db), units = try names("registry_units", db)
        out.append(UInt8(ascii: "["))
        var count = 0
        var lastID: Int64 = 0
        var more = false
        try db.forEachStatementRow("\(select) WHERE \(clause) ORDER BY h.id LIMIT ?", args.map(\.databaseValue)) { row in
            guard count < limit else { more = true; return }
            if count > 0 { out.append(UInt8(ascii: ",")) }
            lastID = writeSummary(row, territories: territories, units: units, today: today, into: &out)
            count += 1
        }
        out.append(UInt8(ascii: "]"))
        return more ? Cursor.encode(lastID) : nil
    }

    /// One hazard in its list form; returns its id.
    private static func writeSummary(_ row: StatementRow, territories: [Int64: [UInt8]], units: [Int64: [UInt8]],
                                     today: CalendarDate, into out: inout ByteBuffer) -> Int64 {
        let id = row.int64(Column.id)
        let status = HazardStatus(rawValue: text(row, Column.status)) ?? .reported
        let deadline = text(row, Column.deadline)
        let reviewDue = row.type(Column.reviewDue) == .null ? nil : text(row, Column.reviewDue)
        let verdict = HazardView.colour(status: status, deadline: deadline, reviewDue: reviewDue, today: today)

        key(#"{"id":"#, &out); out.writeInteger(id)
        key(#","code":"#, &out); requiredString(row, Column.code, &out)
        key(#","grade":"#, &out); requiredString(row, Column.grade, &out)
        key(#","status":"#, &out); out.writeString(status.rawValue)
        key(#","enterprise_id":"#, &out); optionalInteger(row, Column.enterpriseID, &out)
        key(#","enterprise_name":"#, &out); optionalString(row, Column.enterpriseName, &out)
        key(#","place":"#, &out); optionalString(row, Column.place, &out)
        let territoryID = row.int64(Column.territoryID)
        key(#","territory_id":"#, &out); out.writeInteger(territoryID)
        key(#","territory_name":"#, &out); name(territories, territoryID, row.type(Column.territoryID) == .null, &out)
        key(#","sector":"#, &out); requiredString(row, Column.sector, &out)
        let unitID = row.int64(Column.supervisingUnitID)
        key(#","supervising_unit_id":"#, &out); out.writeInteger(unitID)
        key(#","supervising_unit_name":"#, &out); name(units, unitID, row.type(Column.supervisingUnitID) == .null, &out)
        key(#","source":"#, &out); requiredString(row, Column.source, &out)
        key(#","found_on":"#, &out); requiredString(row, Column.foundOn, &out)
        key(#","deadline":"#, &out); out.writeString(deadline)
        key(#","overdue":"#, &out); boolean(HazardView.isOverdue(status: status, deadline: deadline, today: today), &out)
        key(#","listed":"#, &out); boolean(row.int64(Column.listed) != 0, &out)
        key(#","description":"#, &out); requiredString(row, Column.description, &out)
        key(#","colour":"#, &out); out.writeString(verdict.colour.rawValue)
        key(#","colour_reason":"#, &out); out.writeString(verdict.reason)
        out.append(UInt8(ascii: "}"))
        return id
    }

    // MARK: Pieces

    /// A key with its punctuation; a literal's UTF-8 is read in place (no array is made).
    @inline(__always)
    private static func key(_ literal: StaticString, _ out: inout ByteBuffer) {
        out.append(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    private static func text(_ row: StatementRow, _ column: Int) -> String {
        String(decoding: row.text(column), as: UTF8.self)
    }

    /// Text as a string, "" when NULL (as `Row.requiredString`).
    private static func requiredString(_ row: StatementRow, _ column: Int, _ out: inout ByteBuffer) {
        if row.type(column) == .null {
            out.writeString(utf8: UnsafeBufferPointer(start: nil, count: 0))
        } else {
            out.writeString(utf8: row.text(column))
        }
    }

    /// Text as a string, or null.
    private static func optionalString(_ row: StatementRow, _ column: Int, _ out: inout ByteBuffer) {
        if row.type(column) == .null { null(&out) } else { out.writeString(utf8: row.text(column)) }
    }

    /// An integer, or null.
    private static func optionalInteger(_ row: StatementRow, _ column: Int, _ out: inout ByteBuffer) {
        if row.type(column) == .null { null(&out) } else { out.writeInteger(row.int64(column)) }
    }

    /// A name from memory, or null (no id, or none known): what the LEFT JOIN gives.
    private static func name(_ names: [Int64: [UInt8]], _ id: Int64, _ isNull: Bool, _ out: inout ByteBuffer) {
        if !isNull, let bytes = names[id] { out.append(bytes) } else { null(&out) }
    }

    private static func null(_ out: inout ByteBuffer) { key("null", &out) }

    private static func boolean(_ value: Bool, _ out: inout ByteBuffer) { key(value ? "true" : "false", &out) }
}
