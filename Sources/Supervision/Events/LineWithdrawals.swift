// Ledger lines withdrawn (撤销) or restored (恢复) in Responsibilities: Supervision keeps the dated
// changes (never reading Responsibilities' tables) and every reader of ledger-line facts (A1
// deductions, the E1 ladder rule) drops a line whose latest change on or before its date is a
// withdrawal. The change carries the day Responsibilities withdrew the line, not the day the event
// was delivered, so the figures as of any date are the same whether or not `tick` has run.
import Kernel

enum LineWithdrawals {
    /// SQL true when the fact row aliased `alias` still counts on the day bound by the one `?` it holds.
    static func inForce(_ alias: String) -> String {
        """
        coalesce((SELECT c.action FROM supervision_line_changes c WHERE c.reference = \(alias).reference AND c.date <= ?
                  ORDER BY c.date DESC, c.id DESC LIMIT 1), 'restored') != 'withdrawn'
        """
    }

    static func record(_ event: Event, _ lines: [LedgerLineRef], action: String, date: CalendarDate, reason: String?, _ tx: WriteTransaction) throws {
        var subjects: Set<FactRecorder.Subject> = []
        for line in lines {
            let subject = FactRecorder.subject(unitKind: line.unitKind, id: line.unitId)
            subjects.insert(subject)
            try tx.db.execute("""
                INSERT OR IGNORE INTO supervision_line_changes (event_id, reference, task_id, subject_kind, subject_id, action, date, reason)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """, [event.id, "ledger-line:\(line.ledgerLineId)", line.taskId, subject.kind, subject.id, action, date.iso, reason])
        }
        try tx.audit(action: "supervision.lines.\(action)", entity: "supervision_line_change", entityID: String(event.id),
                     summary: "\(lines.count) ledger line(s) \(action) on \(date.iso) (event \(event.id))")
        // A restored line may bring a subject back over a ladder threshold.
        if action == "restored" { for subject in subjects { try Escalation.evaluate(subject: subject, tx) } }
    }

    static var subscriptions: [Subscription] {
        [
            Subscription.on(LinesWithdrawn.self, id: "supervision.facts.lines-withdrawn") { withdrawn, event, tx in
                try record(event, withdrawn.lines, action: "withdrawn", date: withdrawn.withdrawnOn, reason: withdrawn.reason, tx)
            },
            Subscription.on(LinesRestored.self, id: "supervision.facts.lines-restored") { restored, event, tx in
                try record(event, restored.lines, action: "restored", date: restored.restoredOn, reason: nil, tx)
            },
        ]
    }
}
