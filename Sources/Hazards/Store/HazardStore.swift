// The register's SQL: reading hazards as their JSON, lists with filters and keyset paging,
// the timeline. Its own tables only, plus the kernel's registry for names.
import Kernel

enum HazardStore {
    static let columns = """
        h.*, e.name AS enterprise_name, t.name AS territory_name, u.name AS supervising_unit_name,
        (SELECT s.code || ' ' || c.clause FROM hazards_standard_clauses c JOIN hazards_standards s ON s.id = c.standard_id WHERE c.id = h.standard_clause_id) AS standard_clause_name
        """

    /// The register's columns a list row shows (no plan, report or listing texts), and the
    /// enterprise's name (`HazardListWriter` reads them by position in this order).
    static let summaryColumns = """
        h.id, h.code, h.grade, h.status, h.enterprise_id, h.place, h.territory_id, h.sector, h.supervising_unit_id, h.source,
        h.found_on, h.deadline, h.review_due, h.listed, h.description, e.name AS enterprise_name
        """

    /// What a list row needs (HazardView.summary).
    static let listColumns = summaryColumns + ", t.name AS territory_name, u.name AS supervising_unit_name"

    /// The register with the names of the enterprise, territory and supervising unit: joins on
    /// their primary keys (at 1M hazards, a page of 50 reads them in a quarter of the time that a
    /// correlated subquery per name took).
    static let withNames = """
        hazards_hazards h LEFT JOIN registry_enterprises e ON e.id = h.enterprise_id
        LEFT JOIN registry_territories t ON t.id = h.territory_id LEFT JOIN registry_units u ON u.id = h.supervising_unit_id
        """

    /// One hazard as `actor` may see it, or nil.
    static func row(_ id: Int64, actor: Actor, _ db: Connection) throws -> Row? {
        var sql = "SELECT \(columns) FROM \(withNames) WHERE h.id = ?"
        var args: [any DatabaseValueConvertible] = [id]
        if let scope = HazardScope.condition(actor) { sql += " AND (\(scope.sql))"; args += scope.arguments }
        return try db.queryOne(sql, args)
    }

    static func require(_ id: Int64, actor: Actor, _ db: Connection) throws -> Row {
        guard let row = try row(id, actor: actor, db) else { throw DomainError.notFound("隐患", "hazard", String(id)) }
        return row
    }

    /// The filters a list takes (HTTP query parameters and CLI options alike).
    struct Filters {
        var territoryID: Int64?
        var sector: String?
        var supervisingUnitID: Int64?
        var enterpriseID: Int64?
        var status: String?
        var grade: String?
        var source: String?
        var overdue: Bool?
        var stock: Bool?
        var publicFacing: Bool?
        var listed: Bool?
        var text: String?
        /// Awaiting the closure review, due on or before this day.
        var reviewDueBy: CalendarDate?
    }

    /// The WHERE clause for `filters` as `actor` sees them (on alias h), at `today`.
    /// `leavingOut`: the index of a `q` term whose condition the caller writes itself (a text
    /// search's page, `textPageIDs`); the other terms are then tested row by row (`probe`).
    static func whereClause(_ filters: Filters, actor: Actor, today: CalendarDate, stockLastYear: Int,
                            leavingOut: Int? = nil) -> (String, [any DatabaseValueConvertible]) {
        var sql = "1 = 1"
        var args: [any DatabaseValueConvertible] = []
        if let v = filters.territoryID { sql += " AND h.territory_id = ?"; args.append(v) }
        if let v = filters.sector { sql += " AND h.sector = ?"; args.append(v) }
        if let v = filters.supervisingUnitID { sql += " AND h.supervising_unit_id = ?"; args.append(v) }
        if let v = filters.enterpriseID { sql += " AND h.enterprise_id = ?"; args.append(v) }
        if let v = filters.status {
            if v == "open" { sql += " AND h.status NOT IN \(HazardStatus.finishedSQL)" } else { sql += " AND h.status = ?"; args.append(v) }
        }
        if let v = filters.grade { sql += " AND h.grade = ?"; args.append(v) }
        if let v = filters.source { sql += " AND h.source = ?"; args.append(v) }
        if let v = filters.listed { sql += " AND h.listed = ?"; args.append(v) }
        if let v = filters.overdue {
            sql += v ? " AND h.status NOT IN \(HazardStatus.finishedSQL) AND h.deadline < ?" : " AND NOT (h.status NOT IN \(HazardStatus.finishedSQL) AND h.deadline < ?)"
            args.append(today.iso)
        }
        if let v = filters.stock {
            sql += v ? " AND h.grade = 'major' AND h.found_on <= ? AND h.status <> 'merged'" : " AND NOT (h.grade = 'major' AND h.found_on <= ? AND h.status <> 'merged')"
            args.append("\(stockLastYear)-12-31")
        }
        if let v = filters.publicFacing {
            let codes = Sector.publicFacing.sorted()
            sql += " AND h.sector \(v ? "" : "NOT ")IN (\(codes.map { _ in "?" }.joined(separator: ",")))"
            args += codes
        }
        if let text = filters.text {
            // Each term must occur in the description, the code or the enterprise's name.
            for (index, term) in terms(text).enumerated() where index != leavingOut {
                let (condition, arguments) = textCondition(term, probe: leavingOut != nil)
                sql += " AND " + condition
                args += arguments
            }
        }
        if let due = filters.reviewDueBy {
            // Awaiting the on-site review (销号核查) with its due day on or before `due`.
            sql += " AND h.status = 'reviewApplied' AND h.review_due <= ?"
            args.append(due.iso)
        }
        if let scope = HazardScope.condition(actor) { sql += " AND (\(scope.sql))"; args += scope.arguments }
        return (sql, args)
    }

    /// The terms of `q`, split at spaces (ASCII or ideographic).
    static func terms(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == " " || $0 == "\u{3000}" }).map(String.init)
    }

    /// The trigram index's query for a term: one quoted phrase.
    static func phrase(_ term: String) -> String { "\"" + term.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// The code range a term names (YH-2024-0001…, or the start of one), if it is one.
    static func codeRange(_ term: String) -> (String, String)? {
        let code = term.uppercased()
        guard code.hasPrefix("YH-"), code.utf8.allSatisfy({ $0 == UInt8(ascii: "-") || ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) }) else { return nil }
        return (code, code + "~")
    }

    /// A term occurs in the description, the code or the enterprise's name. `probe`: the trigram
    /// index is asked about this row (`rowid = h.id`) instead of listing every match first.
    static func textCondition(_ term: String, probe: Bool) -> (String, [any DatabaseValueConvertible]) {
        var sql: String
        var args: [any DatabaseValueConvertible]
        if term.count >= 3 {
            sql = probe ? "(EXISTS (SELECT 1 FROM hazards_fts WHERE hazards_fts MATCH ? AND rowid = h.id)"
                : "(h.id IN (SELECT rowid FROM hazards_fts WHERE hazards_fts MATCH ?)"
            args = [phrase(term)]
        } else {
            // Trigrams need three characters: shorter terms (燃气) are matched by scanning.
            sql = "(instr(h.description, ?) > 0"
            args = [term]
        }
        // A code or the start of one: a range of the unique index on code.
        if let range = codeRange(term) {
            sql += " OR (h.code >= ? AND h.code < ?)"
            args += [range.0, range.1]
        }
        // An enterprise whose name contains the term (the registry's few thousand names).
        sql += " OR h.enterprise_id IN (SELECT id FROM registry_enterprises WHERE instr(name, ?) > 0))"
        args.append(term)
        return (sql, args)
    }

    /// The ids of a page of a text search, in id order (at most `limit + 1`), or nil when `q` has no
    /// term of three characters or more. The first such term drives: its matches come from the
    /// trigram index in rowid order after the cursor, from the code range and from the hazards of
    /// the enterprises whose names hold it — each source with every other filter and at most
    /// `limit + 1` rows — and the page is the first `limit + 1` of their union. So a page reads
    /// about `limit` matches however many the term has (a condition `id IN (every match)` read
    /// and sorted all 72,000 matches of 消防通道 at ten years for each page).
    static func textPageIDs(_ filters: Filters, actor: Actor, today: CalendarDate, stockLastYear: Int,
                            after: Int64?, limit: Int, _ db: Connection) throws -> [Int64]? {
        guard let text = filters.text, let driving = terms(text).firstIndex(where: { $0.count >= 3 }) else { return nil }
        let term = terms(text)[driving]
        let (clause, args) = whereClause(filters, actor: actor, today: today, stockLastYear: stockLastYear, leavingOut: driving)
        let cursor: Int64 = after ?? 0
        let last: [any DatabaseValueConvertible] = [limit + 1]
        var ids = Set<Int64>()
        func collect(_ sql: String, _ first: [any DatabaseValueConvertible]) throws {
            let arguments: [any DatabaseValueConvertible] = first + args + last
            try db.forEachStatementRow(sql, arguments.map(\.databaseValue)) { row in _ = ids.insert(row.int64(0)) }
        }
        try collect("""
            SELECT f.rowid FROM hazards_fts f CROSS JOIN hazards_hazards h ON h.id = f.rowid
            WHERE hazards_fts MATCH ? AND f.rowid > ? AND \(clause) ORDER BY f.rowid LIMIT ?
            """, [phrase(term), cursor])
        if let range = codeRange(term) {
            try collect("SELECT h.id FROM hazards_hazards h WHERE h.code >= ? AND h.code < ? AND h.id > ? AND \(clause) ORDER BY h.id LIMIT ?",
                        [range.0, range.1, cursor])
        }
        // Most terms name no enterprise; a term in many names (有限公司) walks the register in id
        // order (`+`: no index) rather than sorting every hazard of those enterprises.
        let named = try enterprisesNaming(term, atMost: 101, db)
        if named > 0 {
            try collect("""
                SELECT h.id FROM hazards_hazards h WHERE \(named > 100 ? "+" : "")h.enterprise_id IN (SELECT id FROM registry_enterprises WHERE instr(name, ?) > 0)
                AND h.id > ? AND \(clause) ORDER BY h.id LIMIT ?
                """, [term, cursor])
        }
        return Array(ids.sorted().prefix(limit + 1))
    }

    /// Every enterprise's name as UTF-8, read once and kept while the database is unchanged.
    private static let enterpriseNames = MemoTable<Int, [[UInt8]]>()

    /// How many enterprises' names hold `term` (as `instr(name, term) > 0`: a UTF-8 byte match is
    /// a character match), counting at most `atMost`: the names come from memory, not a scan of
    /// the registry's rows (and their kept JSON forms) for each page of a search.
    static func enterprisesNaming(_ term: String, atMost: Int, _ db: Connection) throws -> Int {
        let names = try db.memoized(enterpriseNames, 0) {
            var names: [[UInt8]] = []
            try db.forEachStatementRow("SELECT name FROM registry_enterprises WHERE name IS NOT NULL", []) { names.append(Array($0.text(0))) }
            return names
        }
        let needle = Array(term.utf8)
        guard let first = needle.first else { return 0 }
        var count = 0
        for name in names where name.count >= needle.count {
            var start = 0
            while start + needle.count <= name.count {
                if name[start] == first && name[start..<start + needle.count].elementsEqual(needle) { count += 1; break }
                start += 1
            }
            if count >= atMost { break }
        }
        return count
    }

    /// A page of `limit` hazards after `after`; every matching hazard (a CSV export) when `limit` is nil.
    static func list(_ filters: Filters, actor: Actor, today: CalendarDate, settings: HazardsSettings, after: Int64?, limit: Int?, _ db: Connection) throws -> Page {
        var (clause, args) = whereClause(filters, actor: actor, today: today, stockLastYear: settings.stockLastYear)
        if let after { clause += " AND h.id > ?"; args.append(after) }
        if let limit, let ids = try textPageIDs(filters, actor: actor, today: today, stockLastYear: settings.stockLastYear, after: after, limit: limit, db) {
            (clause, args) = idsClause(ids)
        }
        let sql = "SELECT \(listColumns) FROM \(withNames) WHERE \(clause) ORDER BY h.id"
        guard let limit else { return Page(items: try db.query(sql, args).map { HazardView.summary($0, today: today) }, next: nil) }
        args.append(limit + 1)
        let rows = try db.query(sql + " LIMIT ?", args)
        let items = rows.prefix(limit).map { HazardView.summary($0, today: today) }
        let next = rows.count > limit ? items.last?["id"]?.intValue.map(Cursor.encode) : nil
        return Page(items: Array(items), next: next)
    }

    /// `h.id IN (ids)` (a text search's page, chosen already with every filter and the scope).
    static func idsClause(_ ids: [Int64]) -> (String, [any DatabaseValueConvertible]) {
        if ids.isEmpty { return ("0 = 1", []) }
        return ("h.id IN (\(ids.map { _ in "?" }.joined(separator: ",")))", ids)
    }

    static func timeline(_ hazardID: Int64, _ db: Connection) throws -> [JSON] {
        let attachments = try db.query("SELECT id, action_id, name, media_type, size, sha256, added_by, added_at FROM hazards_attachments WHERE hazard_id = ? ORDER BY id", [hazardID])
        return try db.query("SELECT * FROM hazards_actions WHERE hazard_id = ? ORDER BY id", [hazardID]).map { row in
            let id = row.requiredInt("id")
            return .object([
                JSON.Member("id", .int(id)),
                JSON.Member("action", .string(row.requiredString("action"))),
                JSON.Member("from_status", JSON(row.string("from_status"))),
                JSON.Member("to_status", .string(row.requiredString("to_status"))),
                JSON.Member("actor", .string(row.requiredString("actor"))),
                JSON.Member("at", .string(row.requiredString("at"))),
                JSON.Member("note", JSON(row.string("note"))),
                JSON.Member("details", .raw(row.requiredString("details"))),
                JSON.Member("attachments", .array(attachments.filter { $0.int("action_id") == id }.map(HazardView.attachment))),
            ])
        }
    }
}
