// Supervision groups (督导组): "relatively fixed", each with a leader and members from member units,
// and per quarter the territories it covers. Setting coverage publishes GroupCoverageSet so that an
// inspector's scope follows its group.
import Kernel

struct GroupService {
    let core: Core

    func list(year: Int) throws -> [JSON] {
        try core.read { db in try GroupStore.list(db).map { try GroupStore.json($0, year: year, db) } }
    }

    func get(_ id: Int64, year: Int) throws -> JSON {
        try core.read { db in
            guard let row = try GroupStore.row(id, db) else { throw DomainError.notFound("督导组", "supervision group", String(id)) }
            return try GroupStore.json(row, year: year, db)
        }
    }

    func create(_ values: Values, _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isOffice else { throw DomainError.forbidden("此操作只能由区安委办办理 (only the committee office may set up supervision groups)") }
        let name = values.text("name") ?? "", leader = values.text("leader") ?? ""
        try ensureNameFree(name, tx.db)
        try tx.db.execute("INSERT INTO supervision_groups (name, leader, leader_unit_id, note, version, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)",
                          [name, leader, values.id("leader_unit_id"), values.text("note"), tx.nowText, tx.nowText])
        let id = tx.db.lastInsertRowID
        for member in values.objects("members") { try insertMember(id, MemberInput(member), tx) }
        let record = try json(id, tx)
        try tx.audit(action: "supervision.group.create", entity: "supervision_group", entityID: String(id), after: record, summary: "created supervision group \(name)")
        return record
    }

    /// A group's name is its own: 409 `name_taken` when another group (not `except`) has it.
    private func ensureNameFree(_ name: String, except id: Int64? = nil, _ db: Connection) throws {
        if try db.queryOne("SELECT 1 FROM supervision_groups WHERE name = ? AND id IS NOT ?", [name, id]) != nil {
            throw DomainError(.conflict, "已有名为 \(name) 的督导组 (a supervision group called \(name) already exists)", fieldErrors: [FieldError("name", "name_taken", "督导组名称 \(name) 已被使用 (name \(name) is already used)")])
        }
    }

    /// The group as answered after a write.
    private func json(_ id: Int64, _ tx: WriteTransaction) throws -> JSON {
        guard let row = try GroupStore.row(id, tx.db) else { throw DomainError.notFound("督导组", "supervision group", String(id)) }
        return try GroupStore.json(row, year: tx.today.year, tx.db)
    }

    func update(_ id: Int64, _ values: Values, ifVersion: Int64?, _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isOffice else { throw DomainError.forbidden("此操作只能由区安委办办理 (only the committee office may change supervision groups)") }
        guard let row = try GroupStore.row(id, tx.db) else { throw DomainError.notFound("督导组", "supervision group", String(id)) }
        if let ifVersion, ifVersion != row.requiredInt("version") {
            throw DomainError.versionMismatch("督导组 \(id)", "supervision group \(id)", current: row.requiredInt("version"), expected: ifVersion)
        }
        for field in ["name", "leader"] where values.isCleared(field) {
            throw DomainError.validation([FieldError(field, "not_clearable", "\(field) 不能清空 (a group keeps its \(field))")])
        }
        let before = try GroupStore.json(row, year: tx.today.year, tx.db)
        let name = values.text("name") ?? row.requiredString("name")
        let leader = values.text("leader") ?? row.requiredString("leader")
        let leaderUnit = values.has("leader_unit_id") ? values.id("leader_unit_id") : row.int("leader_unit_id")
        let note = values.has("note") ? values.text("note") : row.string("note")
        try ensureNameFree(name, except: id, tx.db)
        try tx.db.execute("UPDATE supervision_groups SET name = ?, leader = ?, leader_unit_id = ?, note = ?, version = version + 1, updated_at = ? WHERE id = ?",
                          [name, leader, leaderUnit, note, tx.nowText, id])
        let after = try json(id, tx)
        try tx.audit(action: "supervision.group.update", entity: "supervision_group", entityID: String(id), before: before, after: after, summary: "changed supervision group \(name)")
        return after
    }

    struct MemberInput {
        var name: String
        var unit: Int64
        var role: MemberRole

        /// A member as read by `GroupFields.member` (name and unit are required there).
        init(_ values: Values) {
            name = values.text("name") ?? ""
            unit = values.id("unit_id") ?? 0
            role = values.choice("role", MemberRole.self) ?? .member
        }
    }

    private func insertMember(_ group: Int64, _ member: MemberInput, _ tx: WriteTransaction) throws {
        do {
            try tx.db.execute("INSERT INTO supervision_group_members (group_id, name, unit_id, role, created_at) VALUES (?, ?, ?, ?, ?)",
                              [group, member.name, member.unit, member.role.rawValue, tx.nowText])
        } catch let error as DatabaseError where error.isUniqueViolation {
            throw DomainError.conflict("\(member.name)（单位 \(member.unit)）已是督导组 \(group) 的成员 (\(member.name) of unit \(member.unit) is already a member of group \(group))")
        }
    }

    /// Adds one member (a person from a member unit).
    func addMember(_ group: Int64, _ values: Values, _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isOffice else { throw DomainError.forbidden("此操作只能由区安委办办理 (only the committee office may change supervision groups)") }
        guard try GroupStore.row(group, tx.db) != nil else { throw DomainError.notFound("督导组", "supervision group", String(group)) }
        let member = MemberInput(values)
        try insertMember(group, member, tx)
        try tx.db.execute("UPDATE supervision_groups SET version = version + 1, updated_at = ? WHERE id = ?", [tx.nowText, group])
        let after = try json(group, tx)
        try tx.audit(action: "supervision.group.member_add", entity: "supervision_group", entityID: String(group), after: after, summary: "added \(member.name) to group \(group)")
        return after
    }

    /// Sets which territories `group` covers in `quarter` (replacing what it covered); a territory is
    /// covered by one group per quarter. Publishes `supervision.group.coverage_set`.
    func setCoverage(_ group: Int64, _ values: Values, _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isOffice else { throw DomainError.forbidden("此操作只能由区安委办办理 (only the committee office may assign territories to groups)") }
        guard try GroupStore.row(group, tx.db) != nil else { throw DomainError.notFound("督导组", "supervision group", String(group)) }
        guard let quarter = values.quarter("quarter") else { throw DomainError.validation([FieldError("quarter", "required", "quarter 为必填项 (is required)")]) }
        return try setCoverage(group, quarter: quarter, territories: Array(Set(values.ids("territory_ids"))).sorted(), tx)
    }

    func setCoverage(_ group: Int64, quarter: Quarter, territories: [Int64], _ tx: WriteTransaction) throws -> JSON {
        if !territories.isEmpty {
            let taken = try tx.db.query("""
                SELECT c.territory_id, t.name AS territory, g.name AS group_name FROM supervision_coverage c
                JOIN registry_territories t ON t.id = c.territory_id JOIN supervision_groups g ON g.id = c.group_id
                WHERE c.quarter = ? AND c.group_id <> ? AND c.territory_id IN (\(Visibility.placeholders(territories.count)))
                ORDER BY c.territory_id
                """, [quarter.description, group] + territories)
            if !taken.isEmpty {
                throw DomainError(.conflict, "\(quarter) " + taken.map { "\($0.requiredString("territory"))已由\($0.requiredString("group_name"))督导" }.joined(separator: "；")
                                  + "，请先从该组移出 (in \(quarter) " + taken.map { "\($0.requiredString("territory")) is already covered by \($0.requiredString("group_name"))" }.joined(separator: "; ")
                                  + "; remove it from that group first)",
                                  extra: [JSON.Member("territory_ids", .array(taken.map { .int($0.requiredInt("territory_id")) }))])
            }
        }
        let before = try tx.db.query("SELECT territory_id FROM supervision_coverage WHERE group_id = ? AND quarter = ? ORDER BY territory_id",
                                     [group, quarter.description]).map { JSON.int($0.requiredInt("territory_id")) }
        try tx.db.execute("DELETE FROM supervision_coverage WHERE group_id = ? AND quarter = ?", [group, quarter.description])
        for territory in territories {
            try tx.db.execute("INSERT INTO supervision_coverage (quarter, territory_id, group_id) VALUES (?, ?, ?)", [quarter.description, territory, group])
        }
        let after = JSON.array(territories.map { .int($0) })
        try tx.audit(action: "supervision.group.coverage", entity: "supervision_group", entityID: String(group),
                     before: .object(["quarter": .string(quarter.description), "territory_ids": .array(before)]),
                     after: .object(["quarter": .string(quarter.description), "territory_ids": after]),
                     summary: "group \(group) covers \(territories.count) territories in \(quarter)")
        let names = Names(db: tx.db)
        let sentence = "\(names.group(group)) \(quarter) 负责督导：" + (territories.isEmpty ? "无" : territories.map { names.territory($0) }.joined(separator: "、"))
        try tx.publish(GroupCoverageSet(groupId: group, quarter: quarter.description, territoryIds: territories), summary: sentence)
        return .object(["group_id": .int(group), "quarter": .string(quarter.description), "territory_ids": after])
    }
}
