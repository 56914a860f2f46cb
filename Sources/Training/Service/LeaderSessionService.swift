// Leaders' training (seed task (一)): cadres' study of the central leadership's remarks on work
// safety, recorded per member unit or territory.
import Kernel

extension TrainingService {
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

    func session(_ id: Int64, actor: Actor, _ db: Connection) throws -> JSON {
        let row = try TrainingStore.row(Self.sessionSelect, id: id, scope: TrainingScope.sessions(actor), notFound: ("领导干部学习", "leaders' study session"), db)
        return sessionJSON(row)
    }

    func listSessions(_ filters: Values, after: Int64?, limit: Int, actor: Actor, _ db: Connection) throws -> Page {
        var conditions: [String] = [], arguments: [any DatabaseValueConvertible] = []
        if let unit = filters.id("unit_id") { conditions.append("x.unit_id = ?"); arguments.append(unit) }
        if let territory = filters.id("territory_id") { conditions.append("x.territory_id = ?"); arguments.append(territory) }
        if let year = filters.int("year") { conditions.append("substr(x.held_on, 1, 4) = ?"); arguments.append(String(year)) }
        return try TrainingStore.page(db, select: Self.sessionSelect, conditions: conditions, arguments: arguments, scope: TrainingScope.sessions(actor),
                                      after: after, limit: limit, json: sessionJSON)
    }

    /// Records a study session of a unit or a territory (a unit or town user: their own).
    func addSession(_ input: Values, _ tx: WriteTransaction) throws -> JSON {
        try TrainingScope.requireWriter(tx.actor, [.admin, .office, .unit, .town], "record leaders' study sessions")
        var unit = input.id("unit_id"), territory = input.id("territory_id")
        if unit != nil && territory != nil {
            throw DomainError.validation([FieldError("territory_id", "both", "单位和属地只能填一个 (give either unit or territory, not both)")])
        }
        if unit == nil && territory == nil {
            switch tx.actor.scope {
            case .unit(let id): unit = id
            case .territory(let id): territory = id
            default: throw DomainError.validation([FieldError("unit_id", "unit_or_territory", "须指明学习的成员单位或属地 (give the unit or the territory that studied)")])
            }
        }
        let topic = try need(input.text("topic"), "topic")
        let heldOn = try need(input.date("held_on"), "held_on")
        let hours = try need(input.double("class_hours"), "class_hours").tenths
        let attendees = try need(input.int("attendees"), "attendees")
        let leaders = input.text("leaders"), note = input.text("note")
        // A study is recorded once held, as a training is (a future day would count a study not yet held).
        if heldOn > tx.today { throw DomainError.validation([FieldError("held_on", "future", "held_on（\(heldOn.iso)）晚于今天（\(tx.today.iso)） (held_on is after today)")]) }
        switch tx.actor.scope {
        case .unit(let id) where !tx.actor.isOffice && unit != id: throw DomainError.notFound("单位", "unit", unit.map(String.init) ?? "")
        case .territory(let id) where !tx.actor.isOffice && territory != id: throw DomainError.notFound("属地", "territory", territory.map(String.init) ?? "")
        default: break
        }
        try tx.db.execute("""
            INSERT INTO training_leader_sessions (unit_id, territory_id, topic, held_on, class_hours, attendees, leaders, note, version, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
            """, [unit, territory, topic, heldOn.iso, hours, attendees, leaders, note, tx.nowText, tx.nowText])
        let id = tx.db.lastInsertRowID
        let row = try TrainingStore.row(Self.sessionSelect, id: id, scope: nil, notFound: ("学习", "session"), tx.db)
        let after = sessionJSON(row)
        try tx.audit(action: "training.leader_session.add", entity: "training_leader_session", entityID: String(id), after: after,
                     summary: "\(row.string("unit_name") ?? row.string("territory_name") ?? ""): \(topic) on \(heldOn.iso)")
        return after
    }
}
