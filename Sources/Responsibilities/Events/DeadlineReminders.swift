// The scheduled check: each open line publishes `task.due_soon` once when it enters the yellow
// window before its due date, and `task.overdue` once when it passes it (not on every tick).
import Kernel

enum DeadlineReminders {
    static let checkID = "responsibilities.deadlines"

    static let check = ScheduledCheck(id: checkID, summary: "ledger lines due soon or overdue (task.due_soon / task.overdue, once per line per threshold)") { core in
        try run(core)
    }

    static func run(_ core: Core) throws -> Int {
        let rules = core.settings.colourRules
        return try core.write(.system(checkID)) { tx -> Int in
            let day = tx.today
            let lines = try LedgerQueries.coloured(try candidates(day: day, rules: rules, tx.db), day: day, rules: rules, tx.db)
            var published = 0
            for line in lines where !line.state.completed {
                guard let due = CalendarDate(iso: line.row.requiredString("due")) else { continue }
                let daysLeft = day.days(until: due)
                let subject = "line:\(line.row.requiredInt("id"))"
                let name = line.row.requiredString("unit_name"), title = line.row.requiredString("task_title"), period = line.row.requiredString("period")
                let event = TaskDeadlineReached(ledgerLineId: line.row.requiredInt("id"), taskId: line.row.requiredInt("task_id"),
                                                unitId: line.row.requiredInt("unit_id"), unitKind: line.row.requiredString("unit_kind"),
                                                due: due, period: line.row.string("period"), colourReason: line.colour.reason,
                                                origin: line.row.string("origin"), taskNumber: line.row.string("task_number"), taskTitle: title, unitName: name)
                if daysLeft < 0 {
                    if try tx.fireOnce(check: checkID, subject: subject, threshold: "overdue:\(due.iso)") {
                        try tx.publish(TaskOverdue(event), summary: "\(name)的任务“\(title)”(\(period))已逾期:截止\(due.iso),未报完成")
                        published += 1
                    }
                } else if daysLeft <= rules.yellowDaysBefore {
                    if try tx.fireOnce(check: checkID, subject: subject, threshold: "due_soon:\(due.iso)") {
                        try tx.publish(TaskDueSoon(event), summary: "\(name)的任务“\(title)”(\(period))即将到期:截止\(due.iso),剩余\(daysLeft)天")
                        published += 1
                    }
                }
            }
            if published > 0 {
                try tx.audit(action: "responsibilities.reminders", entity: "ledger", entityID: day.iso, summary: "\(published) deadline event(s) published")
            }
            return published
        }
    }

    /// The lines that may fire today, in one query: in force, not completed on `day`, due within
    /// the yellow window or past it, and not yet fired for the threshold they are at (the rest
    /// would find `fireOnce` false). Only these are read with their history and coloured.
    static func candidates(day: CalendarDate, rules: ColourRules, _ db: Connection) throws -> [Row] {
        var (conditions, arguments) = LedgerFilter(day: day).sql
        conditions += [
            "l.due <= ?", "\(LineColourSQL.completedOn(day)) IS NULL",
            """
            NOT EXISTS (SELECT 1 FROM kernel_fired_thresholds f WHERE f.check_id = ? AND f.subject = 'line:' || l.id
                AND f.threshold = (CASE WHEN l.due < ? THEN 'overdue:' ELSE 'due_soon:' END) || l.due)
            """,
        ]
        let horizon = day.adding(days: rules.yellowDaysBefore).iso
        arguments += [horizon, checkID, day.iso]
        // Only over the lines that may still fire (issue 23: at ten years the query worked out the
        // completion of each of ~100,000 lines due by the horizon, every run). The conditions above
        // still apply to them: the same rows, in the same order (chunks in id order).
        var rows: [Row] = []
        for chunk in chunks(try possible(day: day, horizon: horizon, db)) {
            rows += try LedgerStore.lines(where: conditions + ["l.id IN (\(chunk.placeholders))"], arguments + chunk.ids.map { $0 as any DatabaseValueConvertible },
                                          actor: .system(checkID), db)
        }
        return rows
    }

    /// The lines in force and due by `horizon` (ascending ids), less those certainly out of
    /// `candidates`: completed on `day` (their last completion or return on or before it, by id, is
    /// a completion — `LineColourSQL.completedOn`), or already marked for the threshold they are at.
    /// Each is read once for all lines: the completions, this check's marks, the lines.
    static func possible(day: CalendarDate, horizon: String, _ db: Connection) throws -> [Int64] {
        var completed = Set<Int64>()
        // SQLite gives the bare `action` of the row that has the max(id).
        try db.forEachStatementRow("""
            SELECT line_id, action, max(id) FROM responsibilities_line_events WHERE action IN ('complete', 'return') AND on_date <= ? GROUP BY line_id
            """, [.text(day.iso)]) { row in
            if row.type(1) == .text, String(decoding: row.text(1), as: UTF8.self) == "complete" { completed.insert(row.int64(0)) }
        }
        var marks = Set<String>()
        try db.forEachStatementRow("SELECT subject, threshold FROM kernel_fired_thresholds WHERE check_id = ?", [.text(checkID)]) { row in
            marks.insert(String(decoding: row.text(0), as: UTF8.self) + "\u{1F}" + String(decoding: row.text(1), as: UTF8.self))
        }
        let (conditions, arguments) = LedgerFilter(day: day).sql
        var ids: [Int64] = []
        try db.forEachStatementRow("""
            SELECT l.id, l.due FROM responsibilities_lines l JOIN responsibilities_tasks t ON t.id = l.task_id
            WHERE \(conditions.joined(separator: " AND ")) AND l.due <= ? ORDER BY l.id
            """, arguments.map(\.databaseValue) + [.text(horizon)]) { row in
            let id = row.int64(0)
            if completed.contains(id) { return }
            if row.type(1) == .text {
                let due = String(decoding: row.text(1), as: UTF8.self)
                if marks.contains("line:\(id)\u{1F}" + (due < day.iso ? "overdue:" : "due_soon:") + due) { return }
            }
            ids.append(id)
        }
        return ids
    }

    /// Ids in chunks of at most 500 (SQLite's bound values), each with its `?,?,…`, in the order given.
    static func chunks(_ ids: [Int64]) -> [(ids: [Int64], placeholders: String)] {
        stride(from: 0, to: ids.count, by: 500).map { start in
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            return (chunk, chunk.map { _ in "?" }.joined(separator: ","))
        }
    }
}
