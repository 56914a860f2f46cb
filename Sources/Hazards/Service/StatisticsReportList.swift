// Officials read the enterprises' filed hazard statistics reports (Order 16 Art 14) of a period,
// figures included, beside the enterprises that have not filed — within scope: the office every
// enterprise, a unit the enterprises it supervises (its sector), a town its territory's, an
// inspector the territories its group covers, an enterprise its own.
import Kernel

struct StatisticsReportList {
    let settings: HazardsSettings

    /// The filters of the list (`HazardInput.reportList` read them).
    struct Filters {
        var filed: Bool?
        var territoryID: Int64?
        var supervisingUnitID: Int64?
        var enterpriseID: Int64?
    }

    /// The condition on the enterprise (alias `e`) for the actor's scope.
    static func scope(_ actor: Actor) -> (String, [any DatabaseValueConvertible]) {
        if actor.isOffice { return ("1 = 1", []) }
        switch actor.scope {
        case .all: return ("1 = 1", [])
        case .enterprise(let id): return ("e.id = ?", [id])
        case .territory(let id): return ("e.territory_id = ?", [id])
        case .unit(let id): return ("e.supervising_unit_id = ?", [id])
        case .group:
            let ids = actor.coveredTerritories.sorted()
            if ids.isEmpty { return ("0", []) }
            return ("e.territory_id IN (\(ids.map { _ in "?" }.joined(separator: ",")))", ids)
        }
    }

    /// A page of enterprises (by id) with their report for `period`, or every one (CSV) when `limit` is nil.
    func list(period: ReportPeriod, filters: Filters, actor: Actor, after: Int64?, limit: Int?, _ db: Connection) throws -> Page {
        let (scope, scopeArgs) = Self.scope(actor)
        var sql = """
            SELECT e.id, e.name, e.territory_id, t.name AS territory_name, e.supervising_unit_id, u.name AS unit_name,
                   r.signed_by, r.found, r.closed, r.open, r.major_open, r.filed_at
            FROM registry_enterprises e
            LEFT JOIN hazards_statistics_reports r ON r.enterprise_id = e.id AND r.period = ?
            LEFT JOIN registry_territories t ON t.id = e.territory_id LEFT JOIN registry_units u ON u.id = e.supervising_unit_id
            WHERE (\(scope))
            """
        var args: [any DatabaseValueConvertible] = [period.text] + scopeArgs
        if let filed = filters.filed { sql += filed ? " AND r.id IS NOT NULL" : " AND r.id IS NULL" }
        if let v = filters.territoryID { sql += " AND e.territory_id = ?"; args.append(v) }
        if let v = filters.supervisingUnitID { sql += " AND e.supervising_unit_id = ?"; args.append(v) }
        if let v = filters.enterpriseID { sql += " AND e.id = ?"; args.append(v) }
        if let after { sql += " AND e.id > ?"; args.append(after) }
        sql += " ORDER BY e.id"
        let view = { (row: Row) in Self.view(row, period: period) }
        guard let limit else { return Page(items: try db.query(sql, args).map(view), next: nil) }
        let rows = try db.query(sql + " LIMIT ?", args + [limit + 1])
        let items = rows.prefix(limit).map(view)
        return Page(items: Array(items), next: rows.count > limit ? items.last?["enterprise_id"]?.intValue.map(Cursor.encode) : nil)
    }

    static func view(_ row: Row, period: ReportPeriod) -> JSON {
        let filedAt = row.string("filed_at")
        let onTime: JSON = filedAt.flatMap { Instant.parse($0) }.map { .bool(CalendarDate($0) <= period.due) } ?? .null
        return .object([
            JSON.Member("enterprise_id", .int(row.requiredInt("id"))),
            JSON.Member("enterprise_name", .string(row.requiredString("name"))),
            JSON.Member("territory_id", .int(row.requiredInt("territory_id"))),
            JSON.Member("territory_name", JSON(row.string("territory_name"))),
            JSON.Member("supervising_unit_id", .int(row.requiredInt("supervising_unit_id"))),
            JSON.Member("supervising_unit_name", JSON(row.string("unit_name"))),
            JSON.Member("period", .string(period.text)),
            JSON.Member("due", .string(period.due.iso)),
            JSON.Member("filed", .bool(filedAt != nil)),
            JSON.Member("filed_at", JSON(filedAt)),
            JSON.Member("on_time", onTime),
            JSON.Member("signed_by", JSON(row.string("signed_by"))),
            JSON.Member("found", JSON(row.int("found"))),
            JSON.Member("closed", JSON(row.int("closed"))),
            JSON.Member("open", JSON(row.int("open"))),
            JSON.Member("major_open", JSON(row.int("major_open"))),
        ])
    }

    static let replies: [FieldSpec] = [
        .reference("enterprise_id", "enterprises", "the enterprise").always,
        .text("enterprise_name", "its name").always,
        .reference("territory_id", "territories", "its territory (属地)").always,
        .text("territory_name", "the territory's name"),
        .reference("supervising_unit_id", "units", "its supervising unit").always,
        .text("supervising_unit_name", "the unit's name"),
        .period("period", "the period").always,
        .date("due", "the day the report was due").always,
        .boolean("filed", "it filed its report for the period").always,
        .text("filed_at", "when it filed (RFC 3339); null when not filed"),
        .boolean("on_time", "filed by the due day; null when not filed"),
        .text("signed_by", "the principal person who signed it"),
        .integer("found", 0...Int64.max, "hazards found in the period"),
        .integer("closed", 0...Int64.max, "hazards closed in the period"),
        .integer("open", 0...Int64.max, "hazards open at the period's end"),
        .integer("major_open", 0...Int64.max, "major hazards open at the period's end"),
    ]

    static let columns = replies.map(\.name)

    /// `GET /api/v1/hazards/statistics-reports/items`, `anwei hazards reports list`.
    static let input = Contract([
        .period("period", required: true, "the report's period: a quarter 2024-Q1 or a year 2023"),
        .boolean("filed", "only the enterprises that filed (true) or have not (false)"),
        .reference("territory_id", "territories", "only enterprises in this territory: id, name or alias"),
        .reference("supervising_unit_id", "units", "only enterprises this unit supervises: id, name or alias"),
        .reference("enterprise_id", "enterprises", "only this enterprise: id, name or alias"),
    ])

    static func filters(_ values: Values) -> Filters {
        Filters(filed: values.bool("filed"), territoryID: values.id("territory_id"), supervisingUnitID: values.id("supervising_unit_id"), enterpriseID: values.id("enterprise_id"))
    }
}
