// The committee's responsible comrades (区安委会负责同志: its chair and deputy chairs): the office
// registers them so that their lists are expected and shown apart from the 55 units' heads.
import Kernel

extension ListService {
    static func addCommitteeLeader(personID: Int64, title: String, _ tx: WriteTransaction) throws -> JSON {
        try requireOffice(tx.actor, "登记区安委会负责同志")
        guard let name = try tx.db.queryOne("SELECT name FROM registry_people WHERE id = ?", [personID])?.string("name") else {
            throw DomainError.validation([FieldError("person_id", "not_found", "人员不存在 (no such person)")])
        }
        if try tx.db.queryOne("SELECT id FROM responsibilities_committee_leaders WHERE person_id = ?", [personID]) != nil {
            throw DomainError(.conflict, "\(name)已是区安委会负责同志 (already a committee leader)", extra: [JSON.Member("code", .string("already_registered"))])
        }
        try tx.db.execute("INSERT INTO responsibilities_committee_leaders (person_id, person_name, title, created_by, created_at) VALUES (?, ?, ?, ?, ?)",
                          [personID, name, title, tx.actor.username, tx.nowText])
        let id = tx.db.lastInsertRowID
        try tx.audit(action: "responsibilities.committee_leader.add", entity: "committee_leader", entityID: String(id), summary: "登记区安委会负责同志：\(name)（\(title)）")
        return committeeLeaderJSON(id: id, personID: personID, name: name, title: title)
    }

    static func removeCommitteeLeader(_ id: Int64, _ tx: WriteTransaction) throws {
        try requireOffice(tx.actor, "移除区安委会负责同志")
        guard let row = try tx.db.queryOne("SELECT * FROM responsibilities_committee_leaders WHERE id = ?", [id]) else { throw notFound("区安委会负责同志登记", id) }
        try tx.db.execute("DELETE FROM responsibilities_committee_leaders WHERE id = ?", [id])
        try tx.audit(action: "responsibilities.committee_leader.remove", entity: "committee_leader", entityID: String(id),
                     before: committeeLeaderJSON(id: id, personID: row.requiredInt("person_id"), name: row.requiredString("person_name"), title: row.requiredString("title")),
                     summary: "不再列为区安委会负责同志：\(row.requiredString("person_name"))（\(row.requiredString("title"))）；已报送的清单保留")
    }

    static func committeeLeaders(_ db: Connection) throws -> [JSON] {
        try db.query("SELECT * FROM responsibilities_committee_leaders ORDER BY id").map {
            committeeLeaderJSON(id: $0.requiredInt("id"), personID: $0.requiredInt("person_id"), name: $0.requiredString("person_name"), title: $0.requiredString("title"))
        }
    }

    static func committeeLeaderJSON(id: Int64, personID: Int64, name: String, title: String) -> JSON {
        .object(["id": .int(id), "person_id": .int(personID), "name": .string(name), "title": .string(title), "tier_label": .string(LeaderTier.committee.chinese)])
    }
}
