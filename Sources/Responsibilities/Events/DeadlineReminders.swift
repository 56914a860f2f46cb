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
            "l.due <= ?", "\(LineColourSQL.completion(on: day)) IS NULL",
            """
            NOT EXISTS (SELECT 1 FROM kernel_fired_thresholds f WHERE f.check_id = ? AND f.subject = 'line:' || l.id
                AND f.threshold = (CASE WHEN l.due < ? THEN 'overdue:' ELSE 'due_soon:' END) || l.due)
            """,
        ]
        arguments += [day.adding(days: rules.yellowDaysBefore).iso, checkID, day.iso]
        return try LedgerStore.lines(where: conditions, arguments, actor: .system(checkID), db)
    }
}
