// Bans (禁业, Law Art 94) and appointments of principal persons and safety managers: a banned
// person is refused as principal person of an enterprise in the banned industry, naming the ban;
// appointments that conflict with a new ban are flagged.
import Kernel

enum AccidentGrade: String, CaseIterable {
    case general, large, major, especiallyMajor
}

enum AppointedRole: String, CaseIterable {
    case principalPerson, safetyManager
}

extension TrainingService {
    static let banSelect = "SELECT x.*, p.name AS person_name FROM training_bans x JOIN registry_people p ON p.id = x.person_id"

    func banJSON(_ row: Row) -> JSON {
        let industry = row.requiredString("industry")
        return .object([
            "id": .int(row.requiredInt("id")), "person_id": .int(row.requiredInt("person_id")), "person_name": JSON(row.string("person_name")),
            "industry": .string(industry), "industry_label": .string(Industry.label(industry)),
            "kind": JSON(row.string("kind")), "starts_on": JSON(row.string("starts_on")), "ends_on": JSON(row.string("ends_on")),
            "legal_basis": JSON(row.string("legal_basis")), "source": JSON(row.string("source")),
            "accident_grade": JSON(row.string("accident_grade")), "note": JSON(row.string("note")),
            "version": .int(row.requiredInt("version")), "created_at": JSON(row.string("created_at")), "updated_at": JSON(row.string("updated_at")),
        ])
    }

    /// "禁入记录 3：自2024-03-01起终身不得担任危险化学品行业生产经营单位的主要负责人（…）(ban 3: …)".
    /// A lifetime ban (a major accident) bars from the same industry; a term ban (a criminal
    /// penalty or dismissal) from every enterprise (Law Art 94).
    func banWords(_ row: Row) -> String {
        let industry = Industry.label(row.requiredString("industry"))
        let starts = row.requiredString("starts_on"), ends = row.string("ends_on") ?? ""
        let id = row.requiredInt("id"), basis = row.requiredString("legal_basis"), source = row.requiredString("source")
        if row.string("kind") == "lifetime" {
            return "禁入记录 \(id)：自\(starts)起终身不得担任\(industry)行业生产经营单位的主要负责人（\(basis)；来源：\(source)）"
                + " (ban \(id): barred for life from heading a \(industry) enterprise)"
        }
        return "禁入记录 \(id)：\(starts)至\(ends)不得担任任何生产经营单位的主要负责人（\(basis)；来源：\(source)）"
            + " (ban \(id): barred from heading any enterprise from \(starts) to \(ends))"
    }

    func ban(_ id: Int64, actor: Actor, _ db: Connection) throws -> JSON {
        let row = try TrainingStore.row(Self.banSelect, id: id, scope: TrainingScope.bans(actor), notFound: ("从业禁止", "ban"), db)
        return try banWithConflicts(row, actor: actor, db)
    }

    /// A ban's row as JSON with `conflicts`: where its person is principal person in the banned industry now.
    func banWithConflicts(_ row: Row, actor: Actor, _ db: Connection) throws -> JSON {
        var json = banJSON(row)
        if case .object(var members) = json {
            members.append(JSON.Member("conflicts", .array(try banConflicts(row, actor: actor, db))))
            json = .object(members)
        }
        return json
    }

    func listBans(_ filters: Values, after: Int64?, limit: Int, actor: Actor, _ db: Connection) throws -> Page {
        let person = filters.id("person_id")
        let industry = filters.text("industry")
        var conditions: [String] = [], arguments: [any DatabaseValueConvertible] = []
        if let person { conditions.append("x.person_id = ?"); arguments.append(person) }
        if let industry { conditions.append("x.industry = ?"); arguments.append(industry) }
        return try TrainingStore.page(db, select: Self.banSelect, conditions: conditions, arguments: arguments, scope: TrainingScope.bans(actor),
                                      after: after, limit: limit, json: banJSON)
    }

    /// Principal persons in the ban's industry now: Training's appointments and people, and the registry's posts.
    func banConflicts(_ ban: Row, actor: Actor, _ db: Connection) throws -> [JSON] {
        var sql = """
            SELECT 'appointment' AS source, a.id AS record_id, a.enterprise_id, e.name AS enterprise_name, a.status FROM training_appointments a
              JOIN registry_enterprises e ON e.id = a.enterprise_id
              WHERE a.person_id = ? AND a.role = 'principalPerson' AND a.status != 'ended' AND (? = 'term' OR e.industry = ?)
            UNION ALL
            SELECT 'trainingPerson', x.id, x.enterprise_id, e.name, 'active' FROM training_people x JOIN registry_enterprises e ON e.id = x.enterprise_id
              WHERE x.person_id = ? AND x.role = 'principalPerson' AND x.left_on IS NULL AND (? = 'term' OR e.industry = ?)
            UNION ALL
            SELECT 'registryPost', p.id, p.enterprise_id, e.name, 'active' FROM registry_posts p JOIN registry_enterprises e ON e.id = p.enterprise_id
              WHERE p.person_id = ? AND p.role = 'principalPerson' AND (? = 'term' OR e.industry = ?)
            """
        let person = ban.requiredInt("person_id"), industry = ban.requiredString("industry"), kind = ban.requiredString("kind")
        var arguments: [any DatabaseValueConvertible] = [person, kind, industry, person, kind, industry, person, kind, industry]
        sql = "SELECT * FROM (\(sql)) c"
        if let scope = TrainingScope.enterprises(actor, column: "c.enterprise_id") { sql += " WHERE \(scope.sql)"; arguments += scope.arguments }
        return try db.query(sql + " ORDER BY c.enterprise_id, c.source", arguments).map { row in
            .object(["source": JSON(row.string("source")), "record_id": .int(row.requiredInt("record_id")),
                     "enterprise_id": .int(row.requiredInt("enterprise_id")), "enterprise_name": JSON(row.string("enterprise_name")),
                     "status": JSON(row.string("status"))])
        }
    }

    func addBan(_ input: Values, _ tx: WriteTransaction) throws -> JSON {
        try TrainingScope.requireWriter(tx.actor, TrainingScope.banWriters, "record bans")
        var faults = Faults()
        let personID = try bannedPerson(input, tx.db)
        let industry = try need(input.text("industry"), "industry")
        let grade = input.choice("accident_grade", AccidentGrade.self)
        // A major or especially major accident bars for life (Law Art 94): the default kind then, and the only one.
        let forLife = grade == .major || grade == .especiallyMajor
        let kind = input.choice("kind", BanKind.self) ?? (forLife ? .lifetime : .term)
        let starts = input.date("starts_on") ?? tx.today
        var ends = input.date("ends_on")
        let basis = input.text("legal_basis") ?? rules.banLegalBasis
        let source = try need(input.text("source"), "source")
        let note = input.text("note")
        if !Industry.all.contains(where: { $0.code == industry }) {
            faults.fail("industry", "industry", "行业 industry 须为以下之一：" + Industry.all.map { "\($0.code)（\($0.label)）" }.joined(separator: "、") + "，收到 '\(industry.prefix(40))' (industry must be one of the listed codes)")
        }
        if kind == .lifetime { if ends != nil { faults.fail("ends_on", "lifetime", "终身禁入没有结束日期 ends_on (a lifetime ban has no ends_on)") } }
        else {
            // Law Art 94: five years (the configured term) at least; a shorter term is narrower than the law.
            let least = starts.adding(years: rules.banTermYears)
            if let given = ends, given > starts, given < least {
                faults.fail("ends_on", "term_too_short", "受刑事处罚或撤职处分的主要负责人自 \(starts.iso) 起 \(rules.banTermYears) 年内不得担任任何生产经营单位的主要负责人（安全生产法第九十四条），ends_on 不得早于 \(least.iso)，收到 \(given.iso) (a term ban lasts \(rules.banTermYears) years at least, Law Art 94)")
            }
            ends = ends ?? least
        }
        if let ends, ends <= starts { faults.fail("ends_on", "before_start", "ends_on 须晚于 starts_on (ends_on must be after starts_on)") }
        if kind == .term && forLife {
            faults.fail("kind", "lifetime_required", "\(grade?.rawValue ?? "") 级事故的主要负责人终身不得担任本行业生产经营单位的主要负责人（安全生产法第九十四条），kind 须为 lifetime (a \(grade?.rawValue ?? "") accident bars the principal person for life, Law Art 94; use kind lifetime)")
        }
        try faults.check()
        let name = try requirePerson(personID, tx.db)
        try tx.db.execute("""
            INSERT INTO training_bans (person_id, industry, kind, starts_on, ends_on, legal_basis, source, accident_grade, note, version, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
            """, [personID, industry, kind.rawValue, starts.iso, ends?.iso, basis, source, grade?.rawValue, note, tx.nowText, tx.nowText])
        let id = tx.db.lastInsertRowID
        let row = try TrainingStore.row(Self.banSelect, id: id, scope: nil, notFound: ("从业禁止", "ban"), tx.db)
        // Flag Training's appointments that now conflict.
        let flagged = try tx.db.execute("""
            UPDATE training_appointments SET status = 'flagged', flag_reason = ?, ban_id = ?, version = version + 1, updated_at = ?
            WHERE person_id = ? AND role = 'principalPerson' AND status = 'active'
              AND (? = 'term' OR enterprise_id IN (SELECT id FROM registry_enterprises WHERE industry = ?))
            """, ["conflicts with \(banWords(row))", id, tx.nowText, personID, kind.rawValue, industry])
        // The ban's row was read above; its conflicts are read after the flagging.
        let after = try banWithConflicts(row, actor: .system("training"), tx.db)
        try tx.audit(action: "training.ban.add", entity: "training_ban", entityID: String(id), after: after,
                     summary: "\(name): \(banWords(row)); \(flagged) appointment(s) flagged")
        return after
    }

    // MARK: - Appointments

    static let appointmentSelect = """
        SELECT x.*, p.name AS person_name, e.name AS enterprise_name FROM training_appointments x
        JOIN registry_people p ON p.id = x.person_id JOIN registry_enterprises e ON e.id = x.enterprise_id
        """

    func appointmentJSON(_ row: Row) -> JSON {
        .object([
            "id": .int(row.requiredInt("id")), "enterprise_id": .int(row.requiredInt("enterprise_id")), "enterprise_name": JSON(row.string("enterprise_name")),
            "person_id": .int(row.requiredInt("person_id")), "person_name": JSON(row.string("person_name")), "role": JSON(row.string("role")),
            "appointed_on": JSON(row.string("appointed_on")), "status": JSON(row.string("status")), "flag_reason": JSON(row.string("flag_reason")),
            "ban_id": JSON(row.int("ban_id")),
            "version": .int(row.requiredInt("version")), "created_at": JSON(row.string("created_at")), "updated_at": JSON(row.string("updated_at")),
        ])
    }

    func appointmentRow(_ id: Int64, actor: Actor, _ db: Connection) throws -> Row {
        try TrainingStore.row(Self.appointmentSelect, id: id, scope: TrainingScope.enterprises(actor, column: "x.enterprise_id"), notFound: ("任职", "appointment"), db)
    }

    func listAppointments(_ filters: Values, after: Int64?, limit: Int, actor: Actor, _ db: Connection) throws -> Page {
        let enterprise = filters.id("enterprise_id"), person = filters.id("person_id")
        let status = filters.choice("status", AppointmentStatus.self)?.rawValue
        var conditions: [String] = [], arguments: [any DatabaseValueConvertible] = []
        if let enterprise { conditions.append("x.enterprise_id = ?"); arguments.append(enterprise) }
        if let person { conditions.append("x.person_id = ?"); arguments.append(person) }
        if let status { conditions.append("x.status = ?"); arguments.append(status) }
        return try TrainingStore.page(db, select: Self.appointmentSelect, conditions: conditions, arguments: arguments,
                                      scope: TrainingScope.enterprises(actor, column: "x.enterprise_id"), after: after, limit: limit, json: appointmentJSON)
    }

    /// Appoints a principal person or safety manager; a banned principal person is refused.
    func appoint(_ input: Values, _ tx: WriteTransaction) throws -> JSON {
        try TrainingScope.requireWriter(tx.actor, "appoint principal persons and safety managers")
        let enterpriseID = try need(input.id("enterprise_id"), "enterprise_id"), personID = try need(input.id("person_id"), "person_id")
        let role = try need(input.choice("role", AppointedRole.self), "role")
        let on = input.date("appointed_on") ?? tx.today
        let enterprise = try visibleEnterprise(enterpriseID, tx.actor, tx.db)
        let name = try requirePerson(personID, actor: tx.actor, tx.db)
        if role == .principalPerson { try refuseIfBanned(personID, name: name, enterprise: enterprise, on: on, today: tx.today, tx.db) }
        try tx.db.execute("""
            UPDATE training_appointments SET status = 'ended', version = version + 1, updated_at = ?
            WHERE enterprise_id = ? AND role = ? AND status != 'ended'
            """, [tx.nowText, enterpriseID, role.rawValue])
        try tx.db.execute("""
            INSERT INTO training_appointments (enterprise_id, person_id, role, appointed_on, status, version, created_at, updated_at)
            VALUES (?, ?, ?, ?, 'active', 1, ?, ?)
            """, [enterpriseID, personID, role.rawValue, on.iso, tx.nowText, tx.nowText])
        let id = tx.db.lastInsertRowID
        if try tx.db.queryOne("SELECT 1 FROM training_people WHERE enterprise_id = ? AND person_id = ?", [enterpriseID, personID]) != nil {
            try tx.db.execute("""
                UPDATE training_people SET role = ?, role_since = CASE WHEN role = ? THEN role_since ELSE ? END, version = version + 1, updated_at = ?
                WHERE enterprise_id = ? AND person_id = ?
                """, [role.rawValue, role.rawValue, on.iso, tx.nowText, enterpriseID, personID])
        } else {
            try tx.db.execute("""
                INSERT INTO training_people (person_id, enterprise_id, role, role_since, version, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)
                """, [personID, enterpriseID, role.rawValue, on.iso, tx.nowText, tx.nowText])
        }
        let after = appointmentJSON(try appointmentRow(id, actor: .system("training"), tx.db))
        try tx.audit(action: "training.appointment.add", entity: "training_appointment", entityID: String(id), after: after,
                     summary: "\(name) appointed \(role.rawValue) of \(enterprise.name) from \(on.iso)")
        try refreshColours(enterprises: [enterpriseID], year: tx.today.year, tx)
        return after
    }

    /// Ends an appointment (the person no longer holds the post).
    func endAppointment(_ id: Int64, _ tx: WriteTransaction) throws -> JSON {
        try TrainingScope.requireWriter(tx.actor, "end appointments")
        let before = try appointmentRow(id, actor: tx.actor, tx.db)
        guard before.string("status") != "ended" else {
            throw DomainError(.conflict, "任职 \(id) 已结束 (appointment \(id) has already ended)",
                              extra: [JSON.Member("current_state", "ended"), JSON.Member("allowed_actions", .array([]))])
        }
        try tx.db.execute("UPDATE training_appointments SET status = 'ended', version = version + 1, updated_at = ? WHERE id = ?", [tx.nowText, id])
        let after = appointmentJSON(try appointmentRow(id, actor: .system("training"), tx.db))
        try tx.audit(action: "training.appointment.end", entity: "training_appointment", entityID: String(id), before: appointmentJSON(before), after: after,
                     summary: "appointment \(id) of \(before.requiredString("person_name")) ended")
        return after
    }
}
