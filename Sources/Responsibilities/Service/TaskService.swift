// Tasks the office assigns directly (交办), outside a plan: units or territories, a due date or
// a quarterly recurrence (每季度: one line per quarter, red after a quarter ends without a report).
import Kernel

struct TaskAssignment: Sendable {
    var title: String
    var text: String
    /// Member units and territories by id (the reader resolved their names).
    var unitIDs: [Int64]
    var territoryIDs: [Int64]
    /// 区安委会各成员单位: every member unit (and the office).
    var allMemberUnits: Bool
    /// 各镇(景区、开发区): every territory.
    var allTerritories: Bool
    var due: CalendarDate?
    var quarterlyYear: Int?
}

extension TaskAssignment {
    /// The assignment as read by `LedgerContracts.assignment`.
    init(_ values: Values) {
        title = values.text("title") ?? ""
        text = values.text("text") ?? ""
        unitIDs = values.ids("units")
        territoryIDs = values.ids("territories")
        allMemberUnits = values.bool("all_member_units") ?? false
        allTerritories = values.bool("all_territories") ?? false
        due = values.date("due")
        quarterlyYear = values.smallInt("quarterly_year")
    }
}

enum TaskService {
    static func assign(_ input: TaskAssignment, _ tx: WriteTransaction) throws -> Int64 {
        try LedgerScope.requireOffice(tx.actor, "assign a task (交办)")
        let resolved = try units(input, tx.db)
        var errors: [FieldError] = []
        if resolved.isEmpty {
            errors.append(FieldError("units", "no_unit", "请至少指定一个单位或镇(景区、开发区) (name at least one unit or territory)"))
        }
        if (input.due == nil) == (input.quarterlyYear == nil) {
            errors.append(FieldError("due", "due_or_quarterly", "请给出截止日期 due 或按季度的年份 quarterly_year,二者选一 (give either due or quarterly_year)"))
        }
        if !errors.isEmpty { throw DomainError.validation(errors) }
        let title = input.title
        let start = tx.today
        var instances: [(period: String, phrase: String, due: CalendarDate, start: CalendarDate, recurring: Bool)] = []
        if let year = input.quarterlyYear {
            // Only the quarters that have not ended: a task assigned on 07-20 is not born with Q1 and Q2 overdue.
            for quarter in Quarter.all(of: year) where quarter.end >= start {
                instances.append((quarter.text, "每季度", quarter.end, max(start, quarter.start), true))
            }
            if instances.isEmpty {
                throw DomainError.validation([FieldError("quarterly_year", "periods_ended", "\(year)年的各季度都已结束,没有可交办的季度 (every quarter of \(year) has ended)")])
            }
        } else if let due = input.due {
            // As for the quarters above (and a unit added by hand): a task is not born overdue. Due today is not overdue.
            guard due >= start else {
                throw DomainError.validation([FieldError("due", "past", "截止日期 \(due.iso) 早于今天 \(start.iso),交办的任务不能一开始就逾期 (the due date is before today: a task is not assigned already overdue)")])
            }
            instances.append((due.iso, "\(due.iso)前", due, start, false))
        }
        try tx.db.execute("INSERT INTO responsibilities_tasks (title, text, start_date, created_at) VALUES (?, ?, ?, ?)",
                          [title, input.text.isEmpty ? title : input.text, start.iso, tx.nowText])
        let taskID = tx.db.lastInsertRowID
        for unit in resolved {
            for instance in instances {
                try LedgerStore.insertLine(taskID: taskID, LineDraft(unitKind: unit.kind, unitID: unit.id, unitName: unit.name, role: .lead, period: instance.period,
                                                                     phrase: instance.phrase, due: instance.due, start: instance.start, recurring: instance.recurring),
                                           source: "manual", tx)
            }
        }
        try tx.audit(action: "responsibilities.task.assign", entity: "task", entityID: String(taskID),
                     after: .object(["title": .string(title), "units": .int(Int64(resolved.count))]),
                     summary: "交办“\(title)”:\(resolved.map(\.name).prefix(5).joined(separator: "、"))\(resolved.count > 5 ? "等\(resolved.count)个单位" : ""),台账\(resolved.count * instances.count)条")
        return taskID
    }

    /// The units and territories named, each once: the listed ones, then the collectives.
    static func units(_ input: TaskAssignment, _ db: Connection) throws -> [(kind: String, id: Int64, name: String)] {
        var result: [(kind: String, id: Int64, name: String)] = []
        func add(_ kind: String, _ id: Int64, _ name: String?) throws {
            guard !result.contains(where: { $0.kind == kind && $0.id == id }) else { return }
            guard let name else { throw RegistryReader.notFound(kind: kind, id: id) }
            result.append((kind, id, name))
        }
        for id in input.unitIDs { try add("unit", id, try RegistryReader.name(kind: "unit", id: id, db)) }
        for id in input.territoryIDs { try add("territory", id, try RegistryReader.name(kind: "territory", id: id, db)) }
        if input.allMemberUnits || input.allTerritories {
            let directory = try RegistryReader.directory(db)
            if input.allMemberUnits { for entry in directory.units { try add("unit", entry.id, entry.name) } }
            if input.allTerritories { for entry in directory.territories { try add("territory", entry.id, entry.name) } }
        }
        return result
    }
}
