// Adding or removing a unit on a task by hand (the office): an added unit gets lines for the
// task's periods that have not ended; a removed unit's lines are withdrawn (kept with their
// history, out of colours and the assessment). Each change audited.
import Kernel

struct TaskUnitInput: Sendable {
    var unitID: Int64?
    var territoryID: Int64?
    var role: UnitRole?
    var due: CalendarDate?
    var reason: String

    init(unitID: Int64? = nil, territoryID: Int64? = nil, role: UnitRole? = nil, due: CalendarDate? = nil, reason: String = "") {
        self.unitID = unitID
        self.territoryID = territoryID
        self.role = role
        self.due = due
        self.reason = reason
    }

    init(_ values: Values) {
        unitID = values.id("unit")
        territoryID = values.id("territory")
        role = values.choice("role", UnitRole.self)
        due = values.date("due")
        reason = values.text("reason") ?? ""
    }

    func target(_ db: Connection) throws -> (kind: String, id: Int64, name: String) {
        switch (unitID, territoryID) {
        case (let id?, nil):
            guard let name = try RegistryReader.name(kind: "unit", id: id, db) else { throw DomainError.notFound("单位", "unit", String(id)) }
            return ("unit", id, name)
        case (nil, let id?):
            guard let name = try RegistryReader.name(kind: "territory", id: id, db) else { throw DomainError.notFound("属地", "territory", String(id)) }
            return ("territory", id, name)
        default:
            throw DomainError.validation([FieldError("unit", "unit_or_territory", "请给出一个成员单位 unit 或一个镇(景区、开发区) territory,二者选一 (give unit or territory, not both)")])
        }
    }
}

enum TaskUnits {
    static func task(_ taskID: Int64, _ db: Connection) throws -> Row {
        guard let task = try db.queryOne("SELECT * FROM responsibilities_tasks WHERE id = ?", [taskID]) else { throw DomainError.notFound("任务", "task", String(taskID)) }
        if let on = task.string("withdrawn_on") {
            throw DomainError(.conflict, "任务\(taskID)已于\(on)撤销,不能再增减单位 (the task is withdrawn)",
                              extra: [JSON.Member("code", .string("state")), JSON.Member("current_state", .string("withdrawn"))])
        }
        return task
    }

    /// The task's due instances: those of its lines (any), else of its 待明确 assignments.
    static func instances(_ taskID: Int64, _ db: Connection) throws -> [DueInstance] {
        var result: [DueInstance] = []
        for row in try db.query("SELECT period, deadline_phrase, due, recurring, start FROM responsibilities_lines WHERE task_id = ? ORDER BY due, id", [taskID]) {
            let period = row.requiredString("period")
            guard !result.contains(where: { $0.period == period }), let due = CalendarDate(iso: row.requiredString("due")) else { continue }
            let recurring = row.bool("recurring")
            let periodStart = recurring ? (Quarter(text: period)?.start ?? CalendarDate(iso: row.requiredString("start")) ?? due) : (CalendarDate(iso: row.requiredString("start")) ?? due)
            result.append(DueInstance(period: period, phrase: row.requiredString("deadline_phrase"), due: due, recurring: recurring, periodStart: periodStart))
        }
        if result.isEmpty {
            for row in try db.query("SELECT * FROM responsibilities_designations WHERE task_id = ?", [taskID]) {
                for instance in DesignationService.instances(row) where !result.contains(where: { $0.period == instance.period }) { result.append(instance) }
            }
        }
        return result
    }

    static func add(_ taskID: Int64, _ input: TaskUnitInput, _ tx: WriteTransaction) throws -> Int {
        try LedgerScope.requireOffice(tx.actor, "add a unit to a task (增加责任单位)")
        let task = try task(taskID, tx.db)
        let unit = try input.target(tx.db)
        let today = tx.today
        var instances = try instances(taskID, tx.db)
        if let due = input.due {
            instances = [DueInstance(period: due.iso, phrase: "\(due.iso)前", due: due, recurring: false, periodStart: today)]
        }
        guard !instances.isEmpty else {
            throw DomainError.validation([FieldError("due", "due_required", "该任务还没有时限,请给出截止日期 due (the task has no deadline yet: give due)")])
        }
        // Periods that have ended (a quarter gone, a one-off deadline passed) are not given to a unit added now.
        let live = instances.filter { $0.due >= today }
        guard !live.isEmpty else {
            throw DomainError.validation([FieldError("due", "periods_ended", "该任务的各期都已结束,请给出新的截止日期 due (every period of the task has ended: give due)")])
        }
        let role: UnitRole = unit.kind == "territory" ? .territorial : (input.role ?? .lead)
        var written = 0
        for instance in live {
            let start = instance.recurring ? max(today, instance.periodStart) : min(today, instance.due)
            let line = LineDraft(unitKind: unit.kind, unitID: unit.id, unitName: unit.name, role: role, period: instance.period, phrase: instance.phrase,
                                 due: instance.due, start: start, recurring: instance.recurring)
            if try LedgerStore.insertLine(taskID: taskID, line, source: "manual", tx) { written += 1 }
        }
        guard written > 0 else {
            throw DomainError(.conflict, "\(unit.name)在任务\(taskID)上已有各期台账 (the unit already has the task's lines)",
                              extra: [JSON.Member("code", .string("state")), JSON.Member("current_state", .string("assigned"))])
        }
        try tx.audit(action: "responsibilities.task.add_unit", entity: "task", entityID: String(taskID),
                     after: .object(["unit_kind": .string(unit.kind), "unit_id": .int(unit.id), "role": .string(role.rawValue), "ledger_lines": .int(Int64(written)),
                                     "reason": .string(input.reason)]),
                     summary: "任务\(task.requiredString("number"))“\(task.requiredString("title"))”增加\(role.chinese)单位\(unit.name),台账\(written)条" + (input.reason.isEmpty ? "" : ":\(input.reason)"))
        return written
    }

    static func remove(_ taskID: Int64, _ input: TaskUnitInput, _ tx: WriteTransaction) throws -> Int {
        try LedgerScope.requireOffice(tx.actor, "remove a unit from a task (移除责任单位)")
        let task = try task(taskID, tx.db)
        let unit = try input.target(tx.db)
        let reason = input.reason.isEmpty ? "区安委办移除" : input.reason
        let count = try LedgerStore.withdrawLines(where: "l.task_id = ? AND l.unit_kind = ? AND l.unit_id = ?", [taskID, unit.kind, unit.id], reason: reason, tx)
        guard count > 0 else {
            throw DomainError(.conflict, "\(unit.name)在任务\(taskID)上没有在办的台账 (the unit has no line in force on this task)",
                              extra: [JSON.Member("code", .string("state")), JSON.Member("current_state", .string("none"))])
        }
        try tx.audit(action: "responsibilities.task.remove_unit", entity: "task", entityID: String(taskID),
                     after: .object(["unit_kind": .string(unit.kind), "unit_id": .int(unit.id), "ledger_lines_withdrawn": .int(Int64(count)), "reason": .string(reason)]),
                     summary: "任务\(task.requiredString("number"))“\(task.requiredString("title"))”移除\(unit.name),撤销台账\(count)条:\(reason)")
        return count
    }
}
