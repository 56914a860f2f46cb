// A unit's internal safety leading group (内设安全生产领导小组): its head must be the unit's
// principal leader (主要负责同志).
import Kernel

extension ListService {
    /// Sets a unit's internal safety leading group; the head must be the unit's principal leader.
    static func setGroup(unitID: Int64, headID: Int64, members: [String], _ tx: WriteTransaction) throws -> JSON {
        let found = try unit(unitID, tx.db)
        try requireOwnUnit(found.id, tx.actor)
        let principals = try tx.db.query("""
            SELECT p.id, p.name FROM registry_posts s JOIN registry_people p ON p.id = s.person_id WHERE s.unit_id = ? AND s.role = 'principalLeader'
            """, [found.id])
        guard let principal = principals.first(where: { $0.requiredInt("id") == headID }) else {
            let names = principals.map { $0.requiredString("name") }.joined(separator: "、")
            let head = try tx.db.queryOne("SELECT name FROM registry_people WHERE id = ?", [headID])?.string("name") ?? String(headID)
            throw DomainError.validation([FieldError("head_id", "not_principal_leader",
                "安全生产领导小组组长须由单位主要负责同志担任:\(found.name)的主要负责同志是\(names.isEmpty ? "(名录未登记)" : names),不是“\(head)” (the head must be the unit's principal leader)")])
        }
        let version = try tx.db.scalarInt("SELECT version FROM responsibilities_unit_groups WHERE unit_id = ?", [found.id]) + 1
        try tx.db.execute("""
            INSERT INTO responsibilities_unit_groups (unit_id, head_person_id, head_name, members, version, updated_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (unit_id) DO UPDATE SET head_person_id = excluded.head_person_id, head_name = excluded.head_name, members = excluded.members,
            version = excluded.version, updated_at = excluded.updated_at
            """, [found.id, principal.requiredInt("id"), principal.requiredString("name"), JSON(members).serialized, version, tx.nowText])
        try tx.audit(action: "responsibilities.unit_group.set", entity: "unit_group", entityID: String(found.id), summary: "\(found.name) 安全生产领导小组: 组长 \(principal.requiredString("name"))")
        return .object(["unit_id": .int(found.id), "unit_name": .string(found.name), "head_person_id": .int(principal.requiredInt("id")),
                        "head_name": .string(principal.requiredString("name")), "members": JSON(members), "version": .int(version)])
    }
}
