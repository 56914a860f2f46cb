// The views officials ask for: stock (存量: major hazards found in 2023 or before) against new,
// open, overdue and closed this year — by territory, sector or supervising unit, within scope.
import Kernel

public enum StatsDimension: String, Sendable, CaseIterable {
    case territory, sector, unit

    var chinese: String {
        switch self {
        case .territory: return "按属地"
        case .sector: return "按行业领域"
        case .unit: return "按监管部门"
        }
    }

    /// Every dimension with its Chinese label, for a declared choice.
    static var choices: [(code: String, label: String)] { allCases.map { ($0.rawValue, $0.chinese) } }

    var column: String {
        switch self {
        case .territory: return "h.territory_id"
        case .sector: return "h.sector"
        case .unit: return "h.supervising_unit_id"
        }
    }
}

extension HazardService {
    static let statsColumns = ["total", "major", "stock", "stock_open", "stock_closed", "new", "open", "overdue", "closed_this_year"]
    static let statsHelp: [String: String] = [
        "total": "hazards (merged duplicates not counted)", "major": "major hazards", "stock": "stock (存量): major hazards found in the stock year or before",
        "stock_open": "stock not yet closed", "stock_closed": "stock closed", "new": "hazards found this year", "open": "hazards not closed",
        "overdue": "open hazards past their deadline", "closed_this_year": "hazards closed this year",
    ]

    /// One row per value of `by`, then a total row; merged duplicates are not counted.
    func stats(by: StatsDimension, filters: HazardStore.Filters, actor: Actor, today: CalendarDate, _ db: Connection) throws -> [JSON] {
        let rows = try HazardCounts.stats(by: by, filters: filters, actor: actor, today: today, stockLastYear: settings.stockLastYear, db)
            ?? registerStats(by: by, filters: filters, actor: actor, today: today, db)
        var names: [Int64: String] = [:]
        if by != .sector {
            let table = by == .territory ? "registry_territories" : "registry_units"
            for row in try db.query("SELECT id, name FROM \(table)") { names[row.requiredInt("id")] = row.requiredString("name") }
        }
        var totals = [Int64](repeating: 0, count: Self.statsColumns.count)
        var items: [JSON] = []
        for row in rows {
            var members: [JSON.Member] = []
            switch by {
            case .sector:
                let code: String = if case .text(let text) = row.key { text } else { "" }
                members += [JSON.Member("sector", .string(code)), JSON.Member("name", .string(Sector.label(code)))]
            case .territory, .unit:
                let id: Int64 = if case .integer(let value) = row.key { value } else { 0 }
                members += [JSON.Member(by == .territory ? "territory_id" : "supervising_unit_id", .int(id)), JSON.Member("name", JSON(names[id]))]
            }
            for (index, column) in Self.statsColumns.enumerated() {
                let value = row.values[column] ?? 0
                totals[index] += value
                members.append(JSON.Member(column, .int(value)))
            }
            items.append(.object(members))
        }
        var total: [JSON.Member] = [JSON.Member(by == .sector ? "sector" : (by == .territory ? "territory_id" : "supervising_unit_id"), .null), JSON.Member("name", "合计")]
        for (index, column) in Self.statsColumns.enumerated() { total.append(JSON.Member(column, .int(totals[index]))) }
        items.append(.object(total))
        return items
    }

    /// The same figures read from the register itself, for filters the counts cannot answer.
    func registerStats(by: StatsDimension, filters: HazardStore.Filters, actor: Actor, today: CalendarDate, _ db: Connection) throws -> [(key: DatabaseValue, values: [String: Int64])] {
        let (clause, args) = HazardStore.whereClause(filters, actor: actor, today: today, stockLastYear: settings.stockLastYear)
        let cutoff = "\(settings.stockLastYear)-12-31"
        let yearStart = "\(today.year)-01-01"
        // With only open hazards chosen (overdue, or a status other than closed) none was closed
        // this year: counted as 0, every column read is in the covering index of open hazards by
        // deadline (closed_on is not), so `overdue=true` reads no row of the register (at ten years
        // 2 s of row lookups for 53,000 overdue hazards).
        let openOnly = filters.overdue == true || (filters.status.map { $0 != "closed" } ?? false)
        let closedThisYear = openOnly ? "0 * ?" : "sum(h.status = 'closed' AND h.closed_on >= ?)"
        let sql = """
            SELECT \(by.column) AS k, count(*) AS total,
                sum(h.grade = 'major') AS major,
                sum(h.grade = 'major' AND h.found_on <= ?) AS stock,
                sum(h.grade = 'major' AND h.found_on <= ? AND h.status <> 'closed') AS stock_open,
                sum(h.grade = 'major' AND h.found_on <= ? AND h.status = 'closed') AS stock_closed,
                sum(h.found_on >= ?) AS new,
                sum(h.status <> 'closed') AS open,
                sum(h.status <> 'closed' AND h.deadline < ?) AS overdue,
                \(closedThisYear) AS closed_this_year
            FROM hazards_hazards h WHERE h.status <> 'merged' AND \(clause) GROUP BY k ORDER BY k
            """
        return try db.query(sql, [cutoff, cutoff, cutoff, yearStart, today.iso, yearStart] + args).map { row in
            (row["k"], Dictionary(uniqueKeysWithValues: Self.statsColumns.map { ($0, row.int($0) ?? 0) }))
        }
    }
}
