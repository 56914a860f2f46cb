// People of an enterprise in their training roles (principal person, safety manager,
// special-operation worker, new worker, worker) with their dates; job changes and returns.
import Kernel

extension TrainingService {
    func personJSON(_ row: Row) -> JSON {
        let role = row.requiredString("role")
        return .object([
            "id": .int(row.requiredInt("id")), "person_id": .int(row.requiredInt("person_id")), "person_name": JSON(row.string("person_name")),
            "enterprise_id": .int(row.requiredInt("enterprise_id")), "enterprise_name": JSON(row.string("enterprise_name")),
            "role": .string(role), "role_label": JSON(TrainingRole(rawValue: role)?.label),
            "hired_on": JSON(row.string("hired_on")), "role_since": JSON(row.string("role_since")),
            "retraining_since": JSON(row.string("retraining_since")), "retraining_reason": JSON(row.string("retraining_reason")),
            "left_on": JSON(row.string("left_on")),
            "version": .int(row.requiredInt("version")), "created_at": JSON(row.string("created_at")), "updated_at": JSON(row.string("updated_at")),
        ])
    }

    func person(_ id: Int64, actor: Actor, _ db: Connection) throws -> JSON {
        try personJSON(personRow(id, actor: actor, db))
    }

    func personRow(_ id: Int64, actor: Actor, _ db: Connection) throws -> Row {
        try TrainingStore.row(TrainingStore.personSelect, id: id, scope: TrainingScope.enterprises(actor, column: "x.enterprise_id"), notFound: ("培训人员", "training person"), db)
    }

    func listPeople(_ filters: Values, after: Int64?, limit: Int, actor: Actor, _ db: Connection) throws -> Page {
        var conditions: [String] = [], arguments: [any DatabaseValueConvertible] = []
        if let enterprise = filters.id("enterprise_id") { conditions.append("x.enterprise_id = ?"); arguments.append(enterprise) }
        if let person = filters.id("person_id") { conditions.append("x.person_id = ?"); arguments.append(person) }
        if let role = filters.choice("role", TrainingRole.self) { conditions.append("x.role = ?"); arguments.append(role.rawValue) }
        return try TrainingStore.page(db, select: TrainingStore.personSelect, conditions: conditions, arguments: arguments,
                                      scope: TrainingScope.enterprises(actor, column: "x.enterprise_id"), after: after, limit: limit, json: personJSON)
    }

    /// Gives a registry person a training role in an enterprise. A principal person is checked against bans.
    func addPerson(_ input: Values, _ tx: WriteTransaction) throws -> JSON {
        try TrainingScope.requireWriter(tx.actor, "record people")
        let personID = try need(input.id("person_id"), "person_id"), enterpriseID = try need(input.id("enterprise_id"), "enterprise_id")
        let role = try need(input.choice("role", TrainingRole.self), "role")
        let hired = input.date("hired_on"), since = input.date("role_since")
        let enterprise = try visibleEnterprise(enterpriseID, tx.actor, tx.db)
        let name = try requirePerson(personID, actor: tx.actor, tx.db)
        if role == .principalPerson { try refuseIfBanned(personID, name: name, enterprise: enterprise, on: since ?? tx.today, today: tx.today, tx.db) }
        if let existing = try tx.db.queryOne("SELECT id, role FROM training_people WHERE enterprise_id = ? AND person_id = ?", [enterpriseID, personID]) {
            throw DomainError(.conflict, "\(name) 在\(enterprise.name)已登记为\(TrainingRole(rawValue: existing.requiredString("role"))?.label ?? existing.requiredString("role"))（培训人员 \(existing.requiredInt("id"))），如需变更请修改该记录 (\(name) already has the role \(existing.requiredString("role")) in \(enterprise.name) (training person \(existing.requiredInt("id"))); change it with update)",
                              extra: [JSON.Member("existing_id", .int(existing.requiredInt("id")))])
        }
        try tx.db.execute("""
            INSERT INTO training_people (person_id, enterprise_id, role, hired_on, role_since, version, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, 1, ?, ?)
            """, [personID, enterpriseID, role.rawValue, hired?.iso, (since ?? hired ?? tx.today).iso, tx.nowText, tx.nowText])
        let id = tx.db.lastInsertRowID
        let record = try person(id, actor: .system("training"), tx.db)
        try tx.audit(action: "training.person.add", entity: "training_person", entityID: String(id), after: record,
                     summary: "\(name): \(role.label) of \(enterprise.name)")
        return record
    }

    /// Changes the role or dates of a training person.
    /// With `ifVersion` (`If-Match`), only when the record is still at that version (else 412).
    func updatePerson(_ id: Int64, _ input: Values, ifVersion: Int64? = nil, _ tx: WriteTransaction) throws -> JSON {
        try TrainingScope.requireWriter(tx.actor, "record people")
        let before = try personRow(id, actor: tx.actor, tx.db)
        if let ifVersion, before.requiredInt("version") != ifVersion {
            throw DomainError.versionMismatch("培训人员 \(id)", "training person \(id)", current: before.requiredInt("version"), expected: ifVersion)
        }
        var faults = Faults()
        for name in ["role", "role_since"] where input.isCleared(name) {
            faults.fail(name, "not_clearable", "\(name) 不能清空 (a training person always has a role and the day they took it)")
        }
        if !["role", "hired_on", "role_since", "left_on"].contains(where: input.has) {
            faults.fail("role", "nothing_to_change", "没有要修改的字段 (nothing to change: give role, hired_on, role_since or left_on)")
        }
        try faults.check()
        let role = input.choice("role", TrainingRole.self)
        let hired = input.date("hired_on"), since = input.date("role_since"), left = input.date("left_on")
        let current = TrainingStore.personRole(before)
        let returning = before.string("left_on") != nil && input.has("left_on") && left == nil
        try refuseIfBannedPrincipal(current, becoming: role, returning: returning, on: since ?? tx.today, today: tx.today, tx.db)
        // A field given as null clears it; one not given keeps its value.
        try tx.db.execute("""
            UPDATE training_people SET role = coalesce(?, role), role_since = coalesce(?, role_since),
                hired_on = CASE WHEN ? THEN ? ELSE hired_on END, left_on = CASE WHEN ? THEN ? ELSE left_on END WHERE id = ?
            """, [role?.rawValue, since?.iso, input.has("hired_on"), hired?.iso, input.has("left_on"), left?.iso, id])
        return try recordChange(id, before: before, action: "training.person.update", summary: "\(current.name) updated", tx)
    }

    /// 调岗: a new job (optionally a new role) from a date; re-training is owed from then.
    func changeJob(_ id: Int64, _ input: Values, _ tx: WriteTransaction) throws -> JSON {
        try TrainingScope.requireWriter(tx.actor, "record people")
        let before = try personRow(id, actor: tx.actor, tx.db)
        let on = input.date("on") ?? tx.today
        let role = input.choice("role", TrainingRole.self)
        let current = TrainingStore.personRole(before)
        try refuseIfBannedPrincipal(current, becoming: role, on: on, today: tx.today, tx.db)
        try tx.db.execute("""
            UPDATE training_people SET retraining_since = ?, retraining_reason = 'jobChange', role = coalesce(?, role),
                role_since = CASE WHEN ? IS NULL THEN role_since ELSE ? END WHERE id = ?
            """, [on.iso, role?.rawValue, role?.rawValue, on.iso, id])
        return try recordChange(id, before: before, action: "training.person.change_job", summary: "\(current.name) changed job on \(on.iso); re-training owed", tx)
    }

    /// 离岗: the person left the job on a date.
    func leave(_ id: Int64, _ input: Values, _ tx: WriteTransaction) throws -> JSON {
        try TrainingScope.requireWriter(tx.actor, "record people")
        let before = try personRow(id, actor: tx.actor, tx.db)
        let on = input.date("on") ?? tx.today
        if let left = before.string("left_on") {
            throw DomainError(.conflict, "\(before.requiredString("person_name")) 已于 \(left) 离岗 (\(before.requiredString("person_name")) already left on \(left))",
                              extra: [JSON.Member("current_state", "away"), JSON.Member("allowed_actions", JSON(["return"]))])
        }
        try tx.db.execute("UPDATE training_people SET left_on = ? WHERE id = ?", [on.iso, id])
        return try recordChange(id, before: before, action: "training.person.leave", summary: "\(before.requiredString("person_name")) left on \(on.iso)", tx)
    }

    /// 重新上岗: back at work; after a year or more away, re-training is owed.
    func returnToWork(_ id: Int64, _ input: Values, _ tx: WriteTransaction) throws -> JSON {
        try TrainingScope.requireWriter(tx.actor, "record people")
        let before = try personRow(id, actor: tx.actor, tx.db)
        let on = input.date("on") ?? tx.today
        guard let left = before.string("left_on").flatMap(CalendarDate.init(iso:)) else {
            throw DomainError(.conflict, "\(before.requiredString("person_name")) 在岗，并未离岗 (\(before.requiredString("person_name")) is at work, not away)",
                              extra: [JSON.Member("current_state", "atWork"), JSON.Member("allowed_actions", JSON(["leave", "change-job"]))])
        }
        guard on >= left else { throw DomainError.validation([FieldError("on", "before_leaving", "on（\(on.iso)）早于离岗日期（\(left.iso)） (on is before the day they left)")]) }
        try refuseIfBannedPrincipal(TrainingStore.personRole(before), becoming: nil, returning: true, on: on, today: tx.today, tx.db)
        let owed = left.wholeYears(until: on) >= rules.awayYearsForRetraining
        try tx.db.execute("""
            UPDATE training_people SET left_on = NULL, retraining_since = CASE WHEN ? THEN ? ELSE retraining_since END,
                retraining_reason = CASE WHEN ? THEN 'returned' ELSE retraining_reason END WHERE id = ?
            """, [owed, on.iso, owed, id])
        return try recordChange(id, before: before, action: "training.person.return", summary: "\(before.requiredString("person_name")) returned on \(on.iso) after leaving \(left.iso)" + (owed ? "; re-training owed" : ""), tx)
    }

    /// Adds the registry's enterprise posts (principal person, safety manager, special operator,
    /// staff) as training people where they have none yet. Returns how many were added.
    func syncFromRegistry(enterprise: Int64?, _ tx: WriteTransaction) throws -> Int {
        try TrainingScope.requireWriter(tx.actor, "record people")
        if let enterprise { _ = try visibleEnterprise(enterprise, tx.actor, tx.db) }
        var sql = """
            SELECT p.person_id, p.enterprise_id, p.role, p.since FROM registry_posts p
            WHERE p.enterprise_id IS NOT NULL AND p.role IN ('principalPerson', 'safetyManager', 'specialOperator', 'staff')
              AND NOT EXISTS (SELECT 1 FROM training_people x WHERE x.enterprise_id = p.enterprise_id AND x.person_id = p.person_id)
            """
        var arguments: [any DatabaseValueConvertible] = []
        if let enterprise { sql += " AND p.enterprise_id = ?"; arguments.append(enterprise) }
        if let scope = TrainingScope.enterprises(tx.actor, column: "p.enterprise_id") { sql += " AND (\(scope.sql))"; arguments += scope.arguments }
        var added = 0
        for row in try tx.db.query(sql + " ORDER BY p.id", arguments) {
            guard let role = TrainingRole(postRole: row.requiredString("role")) else { continue }
            added += try tx.db.execute("""
                INSERT OR IGNORE INTO training_people (person_id, enterprise_id, role, role_since, version, created_at, updated_at)
                VALUES (?, ?, ?, ?, 1, ?, ?)
                """, [row.requiredInt("person_id"), row.requiredInt("enterprise_id"), role.rawValue, row.string("since") ?? tx.today.iso, tx.nowText, tx.nowText])
        }
        if added > 0 {
            try tx.audit(action: "training.people.sync", entity: "training_person", entityID: enterprise.map(String.init) ?? "*",
                         summary: "added \(added) training people from the registry's posts")
        }
        return added
    }

    /// After a change to person `id`: bumps its version, audits before and after, returns after.
    private func recordChange(_ id: Int64, before: Row, action: String, summary: String, _ tx: WriteTransaction) throws -> JSON {
        try TrainingStore.bump("training_people", id: id, tx)
        let after = try person(id, actor: .system("training"), tx.db)
        try tx.audit(action: action, entity: "training_person", entityID: String(id), before: personJSON(before), after: after, summary: summary)
        return after
    }

    /// A person becoming their enterprise's principal person must not be banned from it: by a new
    /// role, or (`returning`) by coming back to work as its principal person after leaving.
    private func refuseIfBannedPrincipal(_ current: PersonRole, becoming role: TrainingRole?, returning: Bool = false, on day: CalendarDate, today: CalendarDate,
                                         _ db: Connection) throws {
        let becomes = role == .principalPerson && current.role != .principalPerson
        let comesBack = returning && (role ?? current.role) == .principalPerson
        guard becomes || comesBack, let enterprise = try TrainingStore.enterprise(current.enterpriseId, db) else { return }
        try refuseIfBanned(current.personId, name: current.name, enterprise: enterprise, on: day, today: today, db)
    }
}
