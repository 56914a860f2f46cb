// The stats from `hazards_counts` (kept exact by triggers, see 002_hazards_counts.sql): a few
// thousand rows instead of the register. Overdue depends on today, so it is counted from the
// covering index of open hazards by deadline, on whichever side of today holds fewer of them.
import Kernel

enum HazardCounts {
    static let openDeadlineIndex = "hazards_open_by_deadline"

    /// The WHERE clause on alias `c` of `hazards_counts` for `filters` as `actor` sees them, or nil
    /// when the counts cannot answer (an enterprise, overdue, text or review-due filter, or an enterprise user's
    /// scope): then the register itself is read.
    static func whereClause(_ filters: HazardStore.Filters, actor: Actor, stockLastYear: Int) -> (String, [any DatabaseValueConvertible])? {
        if filters.enterpriseID != nil || filters.overdue != nil || filters.text != nil || filters.reviewDueBy != nil { return nil }
        if case .enterprise = actor.scope, !actor.isOffice { return nil }
        var sql = "1 = 1"
        var args: [any DatabaseValueConvertible] = []
        if let v = filters.territoryID { sql += " AND c.territory_id = ?"; args.append(v) }
        if let v = filters.sector { sql += " AND c.sector = ?"; args.append(v) }
        if let v = filters.supervisingUnitID { sql += " AND c.supervising_unit_id = ?"; args.append(v) }
        if let v = filters.status {
            if v == "open" { sql += " AND c.status NOT IN \(HazardStatus.finishedSQL)" } else { sql += " AND c.status = ?"; args.append(v) }
        }
        if let v = filters.grade { sql += " AND c.grade = ?"; args.append(v) }
        if let v = filters.source { sql += " AND c.source = ?"; args.append(v) }
        if let v = filters.listed { sql += " AND c.listed = ?"; args.append(v) }
        if let v = filters.stock {
            // found_on <= 'Y-12-31' is found_year <= Y.
            sql += v ? " AND c.grade = 'major' AND c.found_year <= ? AND c.status <> 'merged'" : " AND NOT (c.grade = 'major' AND c.found_year <= ? AND c.status <> 'merged')"
            args.append(stockLastYear)
        }
        if let v = filters.publicFacing {
            let codes = Sector.publicFacing.sorted()
            sql += " AND c.sector \(v ? "" : "NOT ")IN (\(codes.map { _ in "?" }.joined(separator: ",")))"
            args += codes
        }
        if let scope = HazardScope.condition(actor, alias: "c") { sql += " AND (\(scope.sql))"; args += scope.arguments }
        return (sql, args)
    }

    /// Rows keyed `k` with the stats columns (overdue included), or nil when the counts cannot answer.
    static func stats(by: StatsDimension, filters: HazardStore.Filters, actor: Actor, today: CalendarDate, stockLastYear: Int, _ db: Connection) throws -> [(key: DatabaseValue, values: [String: Int64])]? {
        guard let (clause, args) = whereClause(filters, actor: actor, stockLastYear: stockLastYear) else { return nil }
        let key = by.column.replacingOccurrences(of: "h.", with: "c.")
        let sql = """
            SELECT \(key) AS k, sum(c.n) AS total,
                sum(c.n * (c.grade = 'major')) AS major,
                sum(c.n * (c.grade = 'major' AND c.found_year <= ?)) AS stock,
                sum(c.n * (c.grade = 'major' AND c.found_year <= ? AND c.status <> 'closed')) AS stock_open,
                sum(c.n * (c.grade = 'major' AND c.found_year <= ? AND c.status = 'closed')) AS stock_closed,
                sum(c.n * (c.found_year >= ?)) AS new,
                sum(c.n * (c.status <> 'closed')) AS open,
                sum(c.n * (c.status = 'closed' AND c.closed_year >= ?)) AS closed_this_year
            FROM hazards_counts c WHERE c.status <> 'merged' AND \(clause) GROUP BY k HAVING total > 0 ORDER BY k
            """
        let rows = try db.query(sql, [stockLastYear, stockLastYear, stockLastYear, today.year, today.year] + args)
        var result: [(key: DatabaseValue, values: [String: Int64])] = rows.map { row in
            var values: [String: Int64] = [:]
            for column in HazardService.statsColumns where column != "overdue" { values[column] = row.int(column) ?? 0 }
            return (row["k"], values)
        }
        let openByKey = Dictionary(result.map { ($0.key, $0.values["open"] ?? 0) }, uniquingKeysWith: +)
        let overdue = try overdueByKey(by: by, filters: filters, actor: actor, today: today, stockLastYear: stockLastYear, openByKey: openByKey, db)
        for index in result.indices { result[index].values["overdue"] = overdue[result[index].key] ?? 0 }
        return result
    }

    /// Open hazards past their deadline per key. Counts the overdue side of the index directly,
    /// or the side not yet due and subtracts it from the open counts, whichever is smaller (a
    /// bounded probe decides).
    static func overdueByKey(by: StatsDimension, filters: HazardStore.Filters, actor: Actor, today: CalendarDate, stockLastYear: Int,
                             openByKey: [DatabaseValue: Int64], _ db: Connection) throws -> [DatabaseValue: Int64] {
        let open = openByKey.values.reduce(0, +)
        if open == 0 { return [:] }
        let (clause, args) = HazardStore.whereClause(filters, actor: actor, today: today, stockLastYear: stockLastYear)
        let from = "FROM hazards_hazards h INDEXED BY \(openDeadlineIndex) WHERE h.status NOT IN \(HazardStatus.finishedSQL) AND \(clause)"
        let half = open / 2 + 1
        let notDue = try db.scalarInt("SELECT count(*) FROM (SELECT 1 \(from) AND h.deadline >= ? LIMIT ?)", args + [today.iso, half])
        let countNotDue = notDue < half
        let rows = try db.query("SELECT \(by.column) AS k, count(*) AS n \(from) AND h.deadline \(countNotDue ? ">=" : "<") ? GROUP BY k", args + [today.iso])
        var counted: [DatabaseValue: Int64] = [:]
        for row in rows { counted[row["k"]] = row.int("n") ?? 0 }
        if !countNotDue { return counted }
        return openByKey.reduce(into: [:]) { result, entry in result[entry.key] = entry.value - (counted[entry.key] ?? 0) }
    }
}
