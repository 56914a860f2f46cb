// SQL of inspections, their enterprises and checklist scores.
import Kernel

enum InspectionStore {
    static let select = """
        SELECT i.*, g.name AS group_name, u.name AS unit_name, t.name AS territory_name, c.name AS campaign_name, k.name AS checklist_name
        FROM supervision_inspections i
        LEFT JOIN supervision_groups g ON g.id = i.group_id
        LEFT JOIN registry_units u ON u.id = i.unit_id
        JOIN registry_territories t ON t.id = i.territory_id
        LEFT JOIN supervision_campaigns c ON c.id = i.campaign_id
        LEFT JOIN supervision_checklists k ON k.id = i.checklist_id
        """

    static func row(_ id: Int64, actor: Actor, _ db: Connection) throws -> Row? {
        let scope = Visibility.inspections(actor)
        return try db.queryOne(select + " WHERE i.id = ? AND (\(scope.sql))", [id] + scope.arguments)
    }

    static func json(_ row: Row, _ db: Connection, detail: Bool = true) throws -> JSON {
        let id = row.requiredInt("id")
        var members: [JSON.Member] = [
            JSON.Member("id", .int(id)), JSON.Member("group_id", JSON(row.int("group_id"))), JSON.Member("group_name", JSON(row.string("group_name"))),
            JSON.Member("unit_id", JSON(row.int("unit_id"))), JSON.Member("unit_name", JSON(row.string("unit_name"))),
            JSON.Member("mode", .string(row.requiredString("mode"))),
            JSON.Member("mode_label", .string(InspectionMode(rawValue: row.requiredString("mode"))?.label ?? "")),
            JSON.Member("campaign_id", JSON(row.int("campaign_id"))), JSON.Member("campaign_name", JSON(row.string("campaign_name"))),
            JSON.Member("date", .string(row.requiredString("date"))), JSON.Member("quarter", .string(row.requiredString("quarter"))),
            JSON.Member("territory_id", .int(row.requiredInt("territory_id"))), JSON.Member("territory_name", .string(row.requiredString("territory_name"))),
            JSON.Member("inspectors", (try? JSONParser.parse(row.requiredString("inspectors"))) ?? .array([])),
            JSON.Member("checklist_id", JSON(row.int("checklist_id"))), JSON.Member("checklist_name", JSON(row.string("checklist_name"))),
            JSON.Member("score", JSON(row.int("score"))), JSON.Member("max_score", JSON(row.int("max_score"))),
            JSON.Member("draw_id", JSON(row.int("draw_id"))), JSON.Member("summary", JSON(row.string("summary"))),
        ]
        let enterprises = try db.query("""
            SELECT e.id, e.name FROM supervision_inspection_enterprises x JOIN registry_enterprises e ON e.id = x.enterprise_id
            WHERE x.inspection_id = ? ORDER BY e.id
            """, [id]).map { JSON.object(["id": .int($0.requiredInt("id")), "name": .string($0.requiredString("name"))]) }
        members.append(JSON.Member("enterprises", .array(enterprises)))
        members.append(JSON.Member("finding_count", .int(try db.scalarInt("SELECT count(*) FROM supervision_findings WHERE inspection_id = ?", [id]))))
        if detail {
            let scores = try db.query("SELECT item_code, score, note FROM supervision_inspection_scores WHERE inspection_id = ? ORDER BY item_code", [id]).map {
                JSON.object(["item": .string($0.requiredString("item_code")), "score": .int($0.requiredInt("score")), "note": JSON($0.string("note"))])
            }
            members.append(JSON.Member("scores", .array(scores)))
        }
        members.append(JSON.Member("recorded_by", .string(row.requiredString("recorded_by"))))
        members.append(JSON.Member("created_at", .string(row.requiredString("created_at"))))
        return .object(members)
    }

    struct Filter {
        var groupID: Int64?
        var territoryID: Int64?
        var mode: String?
        var quarter: String?
        var after: Int64?
        var limit: Int
    }

    static func list(_ filter: Filter, actor: Actor, _ db: Connection) throws -> Page {
        let scope = Visibility.inspections(actor)
        var sql = select + " WHERE (\(scope.sql))"
        var args = scope.arguments
        if let v = filter.groupID { sql += " AND i.group_id = ?"; args.append(v) }
        if let v = filter.territoryID { sql += " AND i.territory_id = ?"; args.append(v) }
        if let v = filter.mode { sql += " AND i.mode = ?"; args.append(v) }
        if let v = filter.quarter { sql += " AND i.quarter = ?"; args.append(v) }
        if let v = filter.after { sql += " AND i.id > ?"; args.append(v) }
        sql += " ORDER BY i.id LIMIT ?"
        args.append(filter.limit + 1)
        return try Paged.page(try db.query(sql, args), limit: filter.limit) { try json($0, db, detail: false) }
    }
}

extension InspectionStore.Filter {
    /// The inspections' filters (`InspectionFields.filters`), from a query or a command's options
    /// alike, on the page `paging` asks for (every row for an export).
    init(_ values: Values, _ paging: Paging?) throws {
        let window = try Paged.window(paging)
        self.init(groupID: values.id("group_id"), territoryID: values.id("territory_id"), mode: values.text("mode"), quarter: values.text("quarter"),
                  after: window.after, limit: window.limit)
    }
}
