// Leaders' training (seed task (一)): cadres' study of the central leadership's remarks on work
// safety, recorded per member unit or territory.
import Kernel

extension TrainingService {
    static let sessionFields = ["unit", "territory", "topic", "held_on", "class_hours", "attendees", "leaders", "note"]

    static let sessionSelect = """
        SELECT x.*, u.name AS unit_name, t.name AS territory_name FROM training_leader_sessions x
        LEFT JOIN registry_units u ON u.id = x.unit_id LEFT JOIN registry_territories t ON t.id = x.territory_id
        """

    func sessionJSON(_ row: Row) -> JSON {
        .object([
            "id": .int(row.requiredInt("id")), "unit_id": JSON(row.int("unit_id")), "unit_name": JSON(row.string("unit_name")),
            "territory_id": JSON(row.int("territory_id")), "territory_name": JSON(row.string("territory_name")),
            "topic": JSON(row.string("topic")), "held_on": JSON(row.string("held_on")), "class_hours": .double(row.double("class_hours") ?? 0),
            "attendees": JSON(row.int("attendees")), "leaders": JSON(row.string("leaders")), "note": JSON(row.string("note")),
            "version": .int(row.requiredInt("version")), "created_at": JSON(row.string("created_at")), "updated_at": JSON(row.string("updated_at")),
        ])
    }

    func listSessions(_ filters: Input, after: String?, limit: Int, actor: Actor, _ db: Connection) throws -> Page {
        var fields = Fields(filters)
        let year = fields.int("year", range: 2000...2100)
        try fields.check()
        var conditions: [String] = [], arguments: [any DatabaseValueConvertible] = []
        if let text = filters["unit"] {
            guard let unit = try TrainingStore.unitID(text, db) else { throw DomainError.validation([FieldError("unit", "unknown", "no member unit '\(text)'")]) }
            conditions.append("x.unit_id = ?"); arguments.append(unit)
        }
        if let text = filters["territory"] {
            guard let territory = try TrainingStore.territoryID(text, db) else { throw DomainError.validation([FieldError("territory", "unknown", "no territory '\(text)'")]) }
            conditions.append("x.territory_id = ?"); arguments.append(territory)
        }
        if let year { conditions.append("substr(x.held_on, 1, 4) = ?"); arguments.append(String(year)) }
        return try TrainingStore.page(db, select: Self.sessionSelect, conditions: conditions, arguments: arguments, scope: TrainingScope.sessions(actor),
                                      after: after, limit: limit, json: sessionJSON)
    }

    /// Records a study session of a unit or a territory (a unit or town user: their own).
    func addSession(_ input: Input, _ tx: WriteTransaction) throws -> JSON {
        try TrainingScope.requireWriter(tx.actor, [.admin, .unit, .town], "record leaders' study sessions")
        var fields = Fields(input)
        var unit: Int64?, territory: Int64?
        if let text = input["unit"] {
            unit = try TrainingStore.unitID(text, tx.db)
            if unit == nil { fields.fail("unit", "unknown", "no member unit '\(text)'") }
        }
        if let text = input["territory"] {
            territory = try TrainingStore.territoryID(text, tx.db)
            if territory == nil { fields.fail("territory", "unknown", "no territory '\(text)'") }
        }
        if input["unit"] == nil && input["territory"] == nil {
            switch tx.actor.scope {
            case .unit(let id): unit = id
            case .territory(let id): territory = id
            default: fields.fail("unit", "required", "give the unit or the territory that studied")
            }
        }
        if input["unit"] != nil && input["territory"] != nil { fields.fail("territory", "both", "give either unit or territory, not both") }
        let topic = fields.text("topic", required: true, maxLength: 300)
        let heldOn = fields.date("held_on", required: true)
        let hours = fields.hours("class_hours", required: true)
        let attendees = fields.int("attendees", required: true, range: 1...10_000)
        let leaders = fields.text("leaders", maxLength: 500), note = fields.text("note", maxLength: 1000)
        try fields.check()
        guard let topic, let heldOn, let hours, let attendees else { return .null }
        switch tx.actor.scope {
        case .unit(let id) where !tx.actor.isAdmin && unit != id: throw DomainError.notFound("unit", input["unit"] ?? "")
        case .territory(let id) where !tx.actor.isAdmin && territory != id: throw DomainError.notFound("territory", input["territory"] ?? "")
        default: break
        }
        try tx.db.execute("""
            INSERT INTO training_leader_sessions (unit_id, territory_id, topic, held_on, class_hours, attendees, leaders, note, version, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
            """, [unit, territory, topic, heldOn.iso, hours, attendees, leaders, note, tx.nowText, tx.nowText])
        let id = tx.db.lastInsertRowID
        guard let row = try tx.db.queryOne(Self.sessionSelect + " WHERE x.id = ?", [id]) else { throw DomainError.notFound("session", String(id)) }
        let after = sessionJSON(row)
        try tx.audit(action: "training.leader_session.add", entity: "training_leader_session", entityID: String(id), after: after,
                     summary: "\(row.string("unit_name") ?? row.string("territory_name") ?? ""): \(topic) on \(heldOn.iso)")
        return after
    }
}
