// Leaders' duty lists (职责清单) and annual work lists (工作清单, due by the end of February):
// who must file, filing, and who has not.
import Kernel

extension ListService {
    /// Leaders expected to file: every principal leader (主要负责同志) post of a member unit.
    static func leaders(_ db: Connection) throws -> [(id: Int64, name: String, unit: String)] {
        try db.query("""
            SELECT p.id, p.name, u.name AS unit FROM registry_posts s JOIN registry_people p ON p.id = s.person_id
            JOIN registry_units u ON u.id = s.unit_id WHERE s.role = 'principalLeader' ORDER BY u.id, p.id
            """).map { ($0.requiredInt("id"), $0.requiredString("name"), $0.requiredString("unit")) }
    }

    static func fileLeaderList(kind: LeaderListKind, year: Int, personID: Int64, content: String, _ tx: WriteTransaction) throws -> Int64 {
        try LedgerScope.requireOffice(tx.actor, "file a leader's list")
        guard let leader = try leaders(tx.db).first(where: { $0.id == personID }) else {
            let name = try tx.db.queryOne("SELECT name FROM registry_people WHERE id = ?", [personID])?.string("name") ?? String(personID)
            throw DomainError.validation([FieldError("person_id", "not_leader", "“\(name)”不是成员单位的主要负责同志 (not a registered principal leader)")])
        }
        if try tx.db.queryOne("SELECT id FROM responsibilities_leader_lists WHERE kind = ? AND year = ? AND person_id = ?", [kind.rawValue, year, leader.id]) != nil {
            throw DomainError.conflict("\(leader.name) has already filed the \(year) \(kind.rawValue) list")
        }
        try tx.db.execute("INSERT INTO responsibilities_leader_lists (kind, year, person_id, person_name, content, filed_on, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                          [kind.rawValue, year, leader.id, leader.name, content, tx.today.iso, tx.actor.username, tx.nowText])
        let id = tx.db.lastInsertRowID
        try tx.audit(action: "responsibilities.leader_list.file", entity: "leader_list", entityID: String(id), summary: "\(leader.name) (\(leader.unit)) \(year) \(kind.rawValue) list filed")
        return id
    }

    /// Every expected leader with whether (and when) the list was filed; work lists are due by end of February.
    static func leaderListStatus(kind: LeaderListKind, year: Int, missingOnly: Bool, today: CalendarDate, _ db: Connection) throws -> [JSON] {
        var filed: [Int64: String] = [:]
        for row in try db.query("SELECT person_id, filed_on FROM responsibilities_leader_lists WHERE kind = ? AND year = ?", [kind.rawValue, year]) {
            filed[row.requiredInt("person_id")] = row.requiredString("filed_on")
        }
        let due = CalendarDate.endOfMonth(year: year, month: 2)
        return try leaders(db).filter { !missingOnly || filed[$0.id] == nil }.map { leader in
            let on = filed[leader.id]
            let colour: StatusColour = on != nil ? .green : (today > due ? .red : .yellow)
            return .object(["person_id": .int(leader.id), "name": .string(leader.name), "unit": .string(leader.unit), "filed": .bool(on != nil),
                            "filed_on": JSON(on), "due": .string(due.iso), "colour": .string(colour.rawValue)])
        }
    }
}
