// SQL of supervision groups, their members and their quarterly coverage.
import Kernel

enum GroupStore {
    static func row(_ id: Int64, _ db: Connection) throws -> Row? {
        try db.queryOne("SELECT g.*, (SELECT name FROM registry_units u WHERE u.id = g.leader_unit_id) AS leader_unit_name FROM supervision_groups g WHERE g.id = ?", [id])
    }

    static func members(_ group: Int64, _ db: Connection) throws -> [JSON] {
        try db.query("""
            SELECT m.id, m.name, m.unit_id, u.name AS unit_name, m.role FROM supervision_group_members m
            JOIN registry_units u ON u.id = m.unit_id WHERE m.group_id = ? ORDER BY m.id
            """, [group]).map { row in
            .object(["id": .int(row.requiredInt("id")), "name": .string(row.requiredString("name")), "unit_id": .int(row.requiredInt("unit_id")),
                     "unit_name": .string(row.requiredString("unit_name")), "role": .string(row.requiredString("role"))])
        }
    }

    /// The group's coverage per quarter of `year` as [{quarter, territories: [{id, name}]}].
    static func coverage(_ group: Int64, year: Int, _ db: Connection) throws -> [JSON] {
        try Quarter.all(of: year).map { quarter in
            let territories = try db.query("""
                SELECT c.territory_id, t.name FROM supervision_coverage c JOIN registry_territories t ON t.id = c.territory_id
                WHERE c.group_id = ? AND c.quarter = ? ORDER BY c.territory_id
                """, [group, quarter.description]).map { row -> JSON in
                .object(["id": .int(row.requiredInt("territory_id")), "name": .string(row.requiredString("name"))])
            }
            return .object(["quarter": .string(quarter.description), "territories": .array(territories)])
        }
    }

    static func json(_ row: Row, year: Int, _ db: Connection) throws -> JSON {
        let id = row.requiredInt("id")
        return .object([
            "id": .int(id), "name": .string(row.requiredString("name")), "leader": .string(row.requiredString("leader")),
            "leader_unit_id": JSON(row.int("leader_unit_id")), "leader_unit_name": JSON(row.string("leader_unit_name")),
            "note": JSON(row.string("note")), "members": .array(try members(id, db)),
            "coverage": .array(try coverage(id, year: year, db)),
            "version": .int(row.requiredInt("version")), "created_at": .string(row.requiredString("created_at")),
            "updated_at": .string(row.requiredString("updated_at")),
        ])
    }

    static func list(_ db: Connection) throws -> [Row] {
        try db.query("SELECT g.*, (SELECT name FROM registry_units u WHERE u.id = g.leader_unit_id) AS leader_unit_name FROM supervision_groups g ORDER BY g.id")
    }

    /// Territory → covering group in `quarter`.
    static func coverageMap(_ quarter: Quarter, _ db: Connection) throws -> [Int64: Int64] {
        var map: [Int64: Int64] = [:]
        for row in try db.query("SELECT territory_id, group_id FROM supervision_coverage WHERE quarter = ?", [quarter.description]) {
            map[row.requiredInt("territory_id")] = row.requiredInt("group_id")
        }
        return map
    }
}
