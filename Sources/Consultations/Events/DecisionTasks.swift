// The task a tracked decision became, learnt from Responsibilities' events as soon as it exists:
// `responsibilities.task.created` names the task and its ledger lines; a deadline event
// (due soon / overdue) of a task whose origin is a decision names them too (for tasks made before
// Responsibilities published `task.created`). Idempotent: the first word wins, completion fills the rest.
// Learning the task does not change the decision itself (no new version): it is shown from the day
// it was learnt (`task_linked_at`), so a past day's view is the same before and after.
import Kernel

enum DecisionTasks {
    static let prefix = "consultations.decision:"

    /// The decision an origin such as `consultations.decision:12` names.
    static func decisionID(_ origin: String?) -> Int64? {
        guard let origin, origin.hasPrefix(prefix) else { return nil }
        return Int64(origin.dropFirst(prefix.count))
    }

    static func created(_ created: TaskCreated, _ event: Event, _ tx: WriteTransaction) throws {
        guard let id = decisionID(created.origin) else { return }
        let lines: [JSON] = created.lines.map { line in
            .object(["id": .int(line.ledgerLineId), "unit_kind": .string(line.unitKind), "unit_id": .int(line.unitId), "due": JSON(line.due?.iso)])
        }
        try link(id, taskID: created.taskId, lines: lines, event, tx)
    }

    static func deadline(_ line: TaskDeadlineReached, _ event: Event, _ tx: WriteTransaction) throws {
        guard let id = decisionID(line.origin) else { return }
        let lines: [JSON] = [.object(["id": .int(line.ledgerLineId), "unit_kind": .string(line.unitKind), "unit_id": .int(line.unitId), "due": .string(line.due.iso)])]
        try link(id, taskID: line.taskId, lines: lines, event, tx)
    }

    /// Records the task and lines on the decision unless it already knows its task.
    private static func link(_ id: Int64, taskID: Int64, lines: [JSON], _ event: Event, _ tx: WriteTransaction) throws {
        let first = lines.first?["id"]?.intValue
        let changed = try tx.db.execute("""
            UPDATE consultations_decisions SET task_id = ?, ledger_line_id = coalesce(ledger_line_id, ?), ledger_lines = ?, task_linked_at = ?
            WHERE id = ? AND task_id IS NULL
            """, [taskID, first, JSON.array(lines).serialized, event.occurredAt, id])
        guard changed > 0 else { return }
        let decision = try tx.db.queryOne("""
            SELECT d.text, m.title FROM consultations_decisions d JOIN consultations_meetings m ON m.id = d.meeting_id WHERE d.id = ?
            """, [id])
        try tx.audit(action: "consultations.decision.task", entity: "decision", entityID: String(id),
                     after: .object(["task_id": .int(taskID), "ledger_lines": .array(lines.compactMap { $0["id"] })]),
                     summary: "「\(decision?.string("title") ?? "")」决定事项「\(String((decision?.string("text") ?? "").prefix(40)))」已成为任务（\(lines.count) 条台账）")
    }
}
