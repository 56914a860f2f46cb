// Tasks the office assigns directly (交办), outside a plan: units or territories, a due date or
// a quarterly recurrence (每季度: one line per quarter, red after a quarter ends without a report).
import Foundation
import Kernel

struct TaskAssignment: Sendable {
    var title: String
    var text: String
    /// Unit or territory names / ids; "各镇(景区、开发区)" and "区安委会各成员单位" expand.
    var units: [String]
    var due: CalendarDate?
    var quarterlyYear: Int?
}

enum TaskService {
    static func assign(_ input: TaskAssignment, _ tx: WriteTransaction) throws -> Int64 {
        try LedgerScope.requireOffice(tx.actor, "assign a task (交办)")
        var errors: [FieldError] = []
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty || title.count > 200 { errors.append(FieldError("title", "length", "a title of 1–200 characters is required")) }
        if input.units.isEmpty { errors.append(FieldError("units", "required", "name at least one unit or territory")) }
        if (input.due == nil) == (input.quarterlyYear == nil) { errors.append(FieldError("due", "required", "give either a due date or a quarterly year (每季度)")) }
        let directory = try RegistryReader.directory(tx.db)
        let phrases = input.units.map { UnitPhrase(text: $0, role: .lead, line: 0) }
        var resolved: [ResolvedUnit] = []
        for (index, phrase) in phrases.enumerated() {
            if let id = Int64(phrase.text), let name = try RegistryReader.name(kind: "unit", id: id, tx.db) {
                resolved.append(ResolvedUnit(id: id, name: name, kind: "unit", role: .lead, via: phrase.text))
                continue
            }
            let resolution = UnitResolver.resolveWithNotes([phrase], in: directory)
            if resolution.units.isEmpty {
                errors.append(FieldError("units[\(index)]", "unknown_unit", "no member unit or territory called '\(phrase.text)'"))
            }
            for unit in resolution.units where !resolved.contains(where: { $0.kind == unit.kind && $0.id == unit.id }) { resolved.append(unit) }
        }
        if !errors.isEmpty { throw DomainError.validation(errors) }
        let start = tx.today
        var instances: [(period: String, phrase: String, due: CalendarDate, start: CalendarDate, recurring: Bool)] = []
        if let year = input.quarterlyYear {
            for quarter in Quarter.all(of: year) {
                instances.append((quarter.text, "每季度", quarter.end, max(start, quarter.start), true))
            }
        } else if let due = input.due {
            instances.append((due.iso, "\(due.iso)前", due, min(start, due), false))
        }
        try tx.db.execute("INSERT INTO responsibilities_tasks (title, text, start_date, created_at) VALUES (?, ?, ?, ?)",
                          [title, input.text.isEmpty ? title : input.text, start.iso, tx.nowText])
        let taskID = tx.db.lastInsertRowID
        for unit in resolved {
            for instance in instances {
                try LedgerStore.insertLine(taskID: taskID, LineDraft(unitKind: unit.kind, unitID: unit.id, unitName: unit.name, role: .lead, period: instance.period,
                                                                     phrase: instance.phrase, due: instance.due, start: instance.start, recurring: instance.recurring), tx)
            }
        }
        try tx.audit(action: "responsibilities.task.assign", entity: "task", entityID: String(taskID),
                     after: .object(["title": .string(title), "units": .int(Int64(resolved.count))]),
                     summary: "交办: \(title) → \(resolved.count) unit(s)/territory(ies), \(resolved.count * instances.count) ledger line(s)")
        return taskID
    }
}
