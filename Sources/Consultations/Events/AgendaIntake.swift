// Gathering the next consultation's agenda from other modules' events (never their tables): one
// agenda item per event, idempotent by the event's id; later events settle earlier items.
import Kernel

/// The kinds of agenda item, in the order the agenda lists them.
public enum AgendaItemType: String, Sendable, CaseIterable {
    case majorHazard = "major_hazard"
    case redTask = "red_task"
    case overdueRectification = "overdue_rectification"
    case expiringCertificate = "expiring_certificate"
    case overdueTipOff = "overdue_tipoff"
    case visitMissing = "visit_missing"
    case finding
    case meetingMissing = "meeting_missing"

    public var title: String {
        switch self {
        case .majorHazard: return "新增重大事故隐患"
        case .redTask: return "亮红灯的任务"
        case .overdueRectification: return "逾期未整改的隐患"
        case .expiringCertificate: return "即将到期的证书"
        case .overdueTipOff: return "超期未办理的群众举报"
        case .visitMissing: return "未按期督导的属地"
        case .finding: return "督导发现的问题"
        case .meetingMissing: return "未按期召开的会议"
        }
    }
}

enum AgendaIntake {
    /// Records one agenda item from `event` (once, however often the event is delivered).
    static func record(_ type: AgendaItemType, subject: String, summary: String, link: String, territoryID: Int64? = nil, unitID: Int64? = nil,
                       _ event: Event, _ tx: WriteTransaction) throws {
        let inserted = try tx.db.execute("""
            INSERT OR IGNORE INTO consultations_agenda_items (source_event_id, type, subject, summary, link, territory_id, unit_id, occurred_at, known_on, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [event.id, type.rawValue, subject, summary, link, territoryID, unitID, event.occurredAt, day(event.occurredAt, tx).iso, tx.nowText])
        guard inserted > 0 else { return }
        try tx.audit(action: "consultations.agenda.add", entity: "agenda_item", entityID: String(tx.db.lastInsertRowID),
                     summary: "议题来源事件 \(event.id)（\(event.type)）：\(summary)")
    }

    /// Marks the open items about `subject` settled (a hazard closed, a task completed).
    static func resolve(subject: String, _ event: Event, _ tx: WriteTransaction) throws {
        let changed = try settle(subject: subject, at: event.occurredAt, tx)
        guard changed > 0 else { return }
        try tx.audit(action: "consultations.agenda.resolve", entity: "agenda_item", entityID: subject,
                     summary: "\(subject) 已由事件 \(event.id)（\(event.type)）办结")
    }

    /// Settles the open items about `subject` at the instant `at` (stored text), dated that day.
    @discardableResult
    static func settle(subject: String, at: String, _ tx: WriteTransaction) throws -> Int {
        try tx.db.execute("UPDATE consultations_agenda_items SET resolved_at = ?, resolved_on = ? WHERE subject = ? AND resolved_at IS NULL",
                          [at, day(at, tx).iso, subject])
    }

    /// Ledger lines withdrawn or restored on `date` (Responsibilities' day, not the delivery's): their
    /// red-task items leave the agenda from that day, or come back. Idempotent by the event's id.
    static func lineChange(_ lines: [LedgerLineRef], action: String, date: CalendarDate, _ event: Event, _ tx: WriteTransaction) throws {
        for line in lines {
            try tx.db.execute("INSERT OR IGNORE INTO consultations_line_changes (event_id, subject, action, date) VALUES (?, ?, ?, ?)",
                              [event.id, redTaskSubject(line.ledgerLineId), action, date.iso])
        }
        try tx.audit(action: "consultations.agenda.lines-\(action)", entity: "agenda_item", entityID: String(event.id),
                     summary: "\(lines.count) 条台账\(action == "withdrawn" ? "撤销" : "恢复")（\(date.iso)，事件 \(event.id)）：其逾期议题\(action == "withdrawn" ? "不再" : "重新")列入议程")
    }

    /// The agenda subject of a ledger line's red task.
    static func redTaskSubject(_ ledgerLineID: Int64) -> String { "ledger_line:\(ledgerLineID)" }

    /// SQL true when the agenda item aliased `alias` is not about a line withdrawn on or before the day bound by the one `?` it holds.
    static func lineInForce(_ alias: String) -> String {
        """
        coalesce((SELECT c.action FROM consultations_line_changes c WHERE c.subject = \(alias).subject AND c.date <= ?
                  ORDER BY c.date DESC, c.id DESC LIMIT 1), 'restored') != 'withdrawn'
        """
    }

    /// The day (Asia/Shanghai) of a stored instant; the transaction's day when it cannot be read.
    static func day(_ instant: String, _ tx: WriteTransaction) -> CalendarDate {
        Instant.parse(instant).map { CalendarDate($0) } ?? tx.today
    }
}
