// Tasks that other modules ask for: a meeting decision (会商研判决定事项) or a supervision finding
// that wants a task. One task + one ledger line for the named unit, once per origin.
import Kernel

enum TaskFromEvents {
    static let fromDecision = Subscription.on(DecisionRecorded.self, id: "responsibilities.task-from-decision") { decision, _, tx in
        try createTask(origin: "consultations.decision:\(decision.decisionId)", text: decision.text, unitKind: decision.leadUnitKind == "territory" ? "territory" : "unit",
                       unitID: decision.leadUnitId, due: decision.deadline, source: "会商研判决定事项 (meeting \(decision.meetingId))", tx)
    }

    static let fromFinding = Subscription.on(FindingRecorded.self, id: "responsibilities.task-from-finding") { finding, _, tx in
        // The responsible party: a unit, or else a town (属地) answerable for the finding.
        guard finding.wantsTask else { return }
        let party: (kind: String, id: Int64)
        if let unit = finding.responsibleUnitId {
            party = ("unit", unit)
        } else if let territory = finding.responsibleTerritoryId {
            party = ("territory", territory)
        } else {
            return
        }
        let due = finding.deadline ?? tx.today.adding(days: ResponsibilitiesSettings.findingTaskDays)
        try createTask(origin: "supervision.finding:\(finding.findingId)", text: finding.text, unitKind: party.kind, unitID: party.id, due: due,
                       source: "督导发现问题 (inspection \(finding.inspectionId))", tx)
    }

    /// Creates the task and its line unless a task with this origin exists. An unknown unit leaves
    /// the task without a line and says so in the audit record (never an invented unit).
    static func createTask(origin: String, text: String, unitKind: String, unitID: Int64, due: CalendarDate, source: String, _ tx: WriteTransaction) throws {
        if try tx.db.queryOne("SELECT id FROM responsibilities_tasks WHERE origin = ?", [origin]) != nil { return }
        let title = String(text.prefix { $0 != "。" && $0 != "\n" }.prefix(80))
        let start = min(tx.today, due)
        try tx.db.execute("INSERT INTO responsibilities_tasks (origin, title, text, start_date, created_at) VALUES (?, ?, ?, ?, ?)",
                          [origin, title.isEmpty ? source : title, text, start.iso, tx.nowText])
        let taskID = tx.db.lastInsertRowID
        let unitName = try RegistryReader.name(kind: unitKind, id: unitID, tx.db)
        var lines: [TaskCreatedLine] = []
        if let unitName {
            try LedgerStore.insertLine(taskID: taskID, LineDraft(unitKind: unitKind, unitID: unitID, unitName: unitName, role: .lead,
                                                                 period: due.iso, phrase: "\(due.iso)前", due: due, start: start, recurring: false), source: "event", tx)
            if let line = try tx.db.queryOne("SELECT id FROM responsibilities_lines WHERE task_id = ?", [taskID])?.int("id") {
                lines.append(TaskCreatedLine(ledgerLineId: line, unitId: unitID, unitKind: unitKind, due: due))
            }
        }
        // The decision or finding it came from learns its task now, not when the task is verified.
        try tx.publish(TaskCreated(taskId: taskID, origin: origin, title: title.isEmpty ? source : title, lines: lines),
                       summary: "由\(source)生成任务「\(title.isEmpty ? source : title)」" + (unitName.map { "，责任单位\($0)，\(due.iso)前完成" } ?? "，名录中无此责任单位，未生成台账"))
        try tx.audit(action: "responsibilities.task.create", entity: "task", entityID: String(taskID),
                     after: .object(["origin": .string(origin), "unit_id": .int(unitID), "due": .string(due.iso)]),
                     summary: "由\(source)生成任务:\(title)" + (unitName == nil ? ";名录中没有编号为\(unitID)的\(unitKind == "territory" ? "镇(景区、开发区)" : "成员单位"),未生成台账" : ",责任单位\(unitName ?? "")"))
    }
}

/// Module defaults (configuration, not constants in rules).
enum ResponsibilitiesSettings {
    /// Days given for a finding's task when the finding names no deadline.
    static let findingTaskDays = 30
}
