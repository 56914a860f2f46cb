// SQL of findings (the rectification list), their steps and rectification notices.
import Kernel

enum FindingStore {
    static let select = """
        SELECT f.*, e.name AS enterprise_name, t.name AS territory_name,
            CASE f.responsible_kind WHEN 'unit' THEN (SELECT name FROM registry_units WHERE id = f.responsible_id)
                WHEN 'territory' THEN (SELECT name FROM registry_territories WHERE id = f.responsible_id)
                ELSE (SELECT name FROM registry_enterprises WHERE id = f.responsible_id) END AS responsible_name,
            n.number AS notice_number
        FROM supervision_findings f
        LEFT JOIN registry_enterprises e ON e.id = f.enterprise_id
        LEFT JOIN registry_territories t ON t.id = f.territory_id
        LEFT JOIN supervision_notices n ON n.id = f.notice_id
        """

    static func row(_ id: Int64, actor: Actor, _ db: Connection) throws -> Row? {
        let scope = Visibility.findings(actor)
        return try db.queryOne(select + " WHERE f.id = ? AND (\(scope.sql))", [id] + scope.arguments)
    }

    /// Overdue: past its deadline and not yet rectified.
    static func isOverdue(_ row: Row, today: CalendarDate) -> Bool {
        guard let deadline = row.string("deadline").flatMap(CalendarDate.init(iso:)) else { return false }
        let status = row.requiredString("status")
        return today > deadline && (status == "open" || status == "rectifying")
    }

    static func json(_ row: Row, today: CalendarDate, _ db: Connection, steps: Bool = false) throws -> JSON {
        let id = row.requiredInt("id")
        let status = FindingStatus(rawValue: row.requiredString("status")) ?? .open
        var members: [JSON.Member] = [
            JSON.Member("id", .int(id)), JSON.Member("inspection_id", JSON(row.int("inspection_id"))), JSON.Member("source", .string(row.requiredString("source"))),
            JSON.Member("description", .string(row.requiredString("description"))),
            JSON.Member("enterprise_id", JSON(row.int("enterprise_id"))), JSON.Member("enterprise_name", JSON(row.string("enterprise_name"))),
            JSON.Member("territory_id", JSON(row.int("territory_id"))), JSON.Member("territory_name", JSON(row.string("territory_name"))),
            JSON.Member("severity", .string(row.requiredString("severity"))), JSON.Member("is_hazard", .bool(row.bool("is_hazard"))),
            JSON.Member("hazard_grade", JSON(row.string("hazard_grade"))), JSON.Member("sector", JSON(row.string("sector"))),
            JSON.Member("responsible_kind", .string(row.requiredString("responsible_kind"))), JSON.Member("responsible_id", .int(row.requiredInt("responsible_id"))),
            JSON.Member("responsible_name", JSON(row.string("responsible_name"))),
            JSON.Member("deadline", JSON(row.string("deadline"))), JSON.Member("status", .string(status.rawValue)), JSON.Member("status_label", .string(status.label)),
            JSON.Member("overdue", .bool(isOverdue(row, today: today))), JSON.Member("progress", .int(row.requiredInt("progress"))),
            JSON.Member("notice_id", JSON(row.int("notice_id"))), JSON.Member("notice_number", JSON(row.string("notice_number"))),
            JSON.Member("allowed_actions", JSON(status.allowedActions)),
        ]
        if steps {
            let list = try db.query("SELECT * FROM supervision_finding_steps WHERE finding_id = ? ORDER BY id", [id]).map { step -> JSON in
                .object(["kind": .string(step.requiredString("kind")), "progress": JSON(step.int("progress")), "note": .string(step.requiredString("note")),
                         "evidence": (try? JSONParser.parse(step.requiredString("evidence"))) ?? .array([]),
                         "actor": .string(step.requiredString("actor")), "at": .string(step.requiredString("at"))])
            }
            members.append(JSON.Member("steps", .array(list)))
        }
        members += [JSON.Member("version", .int(row.requiredInt("version"))), JSON.Member("created_at", .string(row.requiredString("created_at"))),
                    JSON.Member("updated_at", .string(row.requiredString("updated_at")))]
        return .object(members)
    }

    struct Filter {
        var inspectionID: Int64?
        var status: String?
        var responsibleKind: String?
        var responsibleID: Int64?
        var territoryID: Int64?
        var isHazard: Bool?
        var overdueOn: CalendarDate?
        var year: Int?
        var after: Int64?
        var limit: Int
    }

    static func list(_ filter: Filter, actor: Actor, _ db: Connection, today: CalendarDate? = nil) throws -> Page {
        let scope = Visibility.findings(actor)
        var sql = select + " WHERE (\(scope.sql))"
        var args = scope.arguments
        if let v = filter.inspectionID { sql += " AND f.inspection_id = ?"; args.append(v) }
        if let v = filter.status { sql += " AND f.status = ?"; args.append(v) }
        if let v = filter.responsibleKind { sql += " AND f.responsible_kind = ?"; args.append(v) }
        if let v = filter.responsibleID { sql += " AND f.responsible_id = ?"; args.append(v) }
        if let v = filter.territoryID { sql += " AND f.territory_id = ?"; args.append(v) }
        if let v = filter.isHazard { sql += " AND f.is_hazard = ?"; args.append(v) }
        if let v = filter.year { sql += " AND f.year = ?"; args.append(v) }
        if let v = filter.overdueOn { sql += " AND f.status IN ('open', 'rectifying') AND f.deadline < ?"; args.append(v.iso) }
        if let v = filter.after { sql += " AND f.id > ?"; args.append(v) }
        sql += " ORDER BY f.id LIMIT ?"
        args.append(filter.limit + 1)
        let day = today ?? filter.overdueOn ?? CalendarDate(year: 2000, month: 1, day: 1)!
        return try Paged.page(try db.query(sql, args), limit: filter.limit) { try json($0, today: day, db) }
    }
}

extension FindingStore.Filter {
    /// The rectification list's filters (`FindingFields.filters`), from a query or a command's
    /// options alike, on the page `paging` asks for (every row for an export).
    init(_ values: Values, today: CalendarDate, _ paging: Paging?) throws {
        let window = try Paged.window(paging)
        self.init(inspectionID: nil, status: values.text("status"), responsibleKind: values.text("responsible_kind"), responsibleID: values.id("responsible_id"),
                  territoryID: values.id("territory_id"), isHazard: values.bool("is_hazard"), overdueOn: values.bool("overdue") == true ? today : nil,
                  year: values.smallInt("year"), after: window.after, limit: window.limit)
    }
}
