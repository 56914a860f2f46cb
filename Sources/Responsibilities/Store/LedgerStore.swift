// SQL of ledger lines and their history (responsibilities_lines, responsibilities_line_events).
import Kernel

/// One recorded step of a line's history.
struct LineEvent: Sendable {
    var id: Int64
    var action: String
    var onDate: CalendarDate
    var percent: Int?
}

enum LedgerStore {
    /// Writes a line; a withdrawn line of the same task, unit and period comes back (with its
    /// history) instead. Returns whether a line was written or reinstated.
    @discardableResult
    static func insertLine(taskID: Int64, _ line: LineDraft, source: String = "plan", _ tx: WriteTransaction) throws -> Bool {
        if let existing = try tx.db.queryOne("SELECT id, withdrawn_on FROM responsibilities_lines WHERE task_id = ? AND unit_kind = ? AND unit_id = ? AND period = ?",
                                             [taskID, line.unitKind, line.unitID, line.period]) {
            guard existing.string("withdrawn_on") != nil else { return false }
            try tx.db.execute("""
                UPDATE responsibilities_lines SET withdrawn_on = NULL, withdrawn_reason = NULL, role = ?, deadline_phrase = ?, due = ?, source = ?,
                    version = version + 1, updated_at = ? WHERE id = ?
                """, [line.role.rawValue, line.phrase, line.due.iso, source, tx.nowText, existing.requiredInt("id")])
            try publishRestored(existing.requiredInt("id"), tx)
            return true
        }
        try tx.db.execute("""
            INSERT INTO responsibilities_lines (task_id, unit_kind, unit_id, unit_name, role, period, deadline_phrase, due, start, recurring, source, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [taskID, line.unitKind, line.unitID, line.unitName, line.role.rawValue, line.period, line.phrase, line.due.iso, line.start.iso,
                  line.recurring, source, tx.nowText, tx.nowText])
        return true
    }

    /// Withdraws the active lines matching `condition` (on `l`): kept with their history, out of colours and the assessment.
    /// Publishes `responsibilities.lines.withdrawn` (one event for the call) so that Supervision stops
    /// counting the lines' facts from today.
    static func withdrawLines(where condition: String, _ arguments: [any DatabaseValueConvertible], reason: String, _ tx: WriteTransaction) throws -> Int {
        let rows = try tx.db.query("\(select) WHERE l.withdrawn_on IS NULL AND (\(condition)) ORDER BY l.id", arguments)
        for row in rows {
            try tx.db.execute("UPDATE responsibilities_lines SET withdrawn_on = ?, withdrawn_reason = ?, version = version + 1, updated_at = ? WHERE id = ?",
                              [tx.today.iso, reason, tx.nowText, row.requiredInt("id")])
        }
        guard !rows.isEmpty else { return 0 }
        try tx.publish(LinesWithdrawn(lines: rows.map(reference), withdrawnOn: tx.today, reason: reason), summary: withdrawnSummary(rows, reason: reason, day: tx.today))
        return rows.count
    }

    /// A line named in a withdrawn / restored event.
    static func reference(_ row: Row) -> LedgerLineRef {
        LedgerLineRef(ledgerLineId: row.requiredInt("id"), taskId: row.requiredInt("task_id"), unitId: row.requiredInt("unit_id"), unitKind: row.requiredString("unit_kind"),
                      period: row.string("period"), taskNumber: row.string("task_number"), taskTitle: row.string("task_title"), unitName: row.string("unit_name"))
    }

    /// "2024-07-01撤销任务（七）“…”的台账55条(区发改局等12个单位):…"
    static func withdrawnSummary(_ rows: [Row], reason: String, day: CalendarDate) -> String {
        var tasks: [String] = []
        for row in rows {
            let task = "任务\(row.string("task_number") ?? "")“\(row.string("task_title") ?? "")”"
            if !tasks.contains(task) { tasks.append(task) }
        }
        var units: [String] = []
        for row in rows where !units.contains(row.requiredString("unit_name")) { units.append(row.requiredString("unit_name")) }
        let what = tasks.count == 1 ? tasks[0] : "\(tasks[0])等\(tasks.count)项任务"
        let who = units.count == 1 ? units[0] : "\(units[0])等\(units.count)个单位"
        return "\(day.iso)撤销\(what)的台账\(rows.count)条(\(who)):\(reason)"
    }

    /// A withdrawn line came back: `responsibilities.lines.restored`, so its facts count again from today.
    static func publishRestored(_ id: Int64, _ tx: WriteTransaction) throws {
        guard let row = try tx.db.queryOne("\(select) WHERE l.id = ?", [id]) else { return }
        try tx.publish(LinesRestored(lines: [reference(row)], restoredOn: tx.today),
                       summary: "\(tx.today.iso)恢复\(row.requiredString("unit_name"))在任务\(row.string("task_number") ?? "")“\(row.string("task_title") ?? "")”(\(row.string("period") ?? ""))的台账")
    }

    static let select = """
        SELECT l.*, t.number AS task_number, t.title AS task_title, t.plan_id AS plan_id, t.origin AS origin, t.withdrawn_on AS task_withdrawn_on
        FROM responsibilities_lines l JOIN responsibilities_tasks t ON t.id = l.task_id
        """

    /// `select` with the lines read first, in id order (a CROSS JOIN keeps SQLite from starting
    /// at the tasks): for a colour or status filter, whose test is a replay per line, so that a
    /// page stops after its rows instead of testing every line of the ledger and sorting them
    /// (issue 23: `ledger?colour=red` tested all 101,051 lines for each page).
    static let selectLinesFirst = """
        SELECT l.*, t.number AS task_number, t.title AS task_title, t.plan_id AS plan_id, t.origin AS origin, t.withdrawn_on AS task_withdrawn_on
        FROM responsibilities_lines l CROSS JOIN responsibilities_tasks t ON t.id = l.task_id
        """

    /// Lines matching `conditions` (SQL on alias l / t) within the actor's scope, ordered by id, at most `limit`.
    /// `linesFirst`: walk the lines in id order (`selectLinesFirst`).
    static func lines(where conditions: [String], _ arguments: [any DatabaseValueConvertible], actor: Actor, limit: Int? = nil,
                      linesFirst: Bool = false, _ db: Connection) throws -> [Row] {
        var clauses = conditions
        var args = arguments
        if let scope = LedgerScope.condition(actor) {
            clauses.append("(\(scope.sql))")
            args += scope.arguments
        }
        var sql = linesFirst ? selectLinesFirst : select
        if !clauses.isEmpty { sql += " WHERE " + clauses.joined(separator: " AND ") }
        sql += " ORDER BY l.id"
        if let limit { sql += " LIMIT ?"; args.append(limit) }
        return try db.query(sql, args)
    }

    /// One line the actor may see; out of scope is "not found".
    static func line(_ id: Int64, actor: Actor, _ db: Connection) throws -> Row {
        guard let row = try lines(where: ["l.id = ?"], [id], actor: actor, db).first else { throw DomainError.notFound("台账条目", "ledger line", String(id)) }
        return row
    }

    /// The history (action, date, percent) of the given lines, by line id: a page's lines are
    /// read as one id range; scattered lines (a reminder run) by index probes, 500 at a time.
    static func events(forLines ids: [Int64], _ db: Connection) throws -> [Int64: [LineEvent]] {
        guard let low = ids.min(), let high = ids.max() else { return [:] }
        var result: [Int64: [LineEvent]] = [:]
        func add(_ row: Row) {
            guard let date = CalendarDate(iso: row.requiredString("on_date")) else { return }
            result[row.requiredInt("line_id"), default: []].append(LineEvent(id: row.requiredInt("id"), action: row.requiredString("action"), onDate: date, percent: row.int("percent").map(Int.init)))
        }
        let select = "SELECT id, line_id, action, on_date, percent FROM responsibilities_line_events"
        if high - low < Int64(ids.count) * 4 {
            let wanted = Set(ids)
            try db.forEachRow("\(select) WHERE line_id BETWEEN ? AND ? ORDER BY id", [low, high]) { row in
                if wanted.contains(row.requiredInt("line_id")) { add(row) }
            }
            return result
        }
        var start = 0
        while start < ids.count {
            let chunk = Array(ids[start..<min(ids.count, start + 500)])
            try db.forEachRow("\(select) WHERE line_id IN (\(chunk.map { _ in "?" }.joined(separator: ", "))) ORDER BY line_id, id", chunk) { add($0) }
            start += chunk.count
        }
        return result
    }

    /// The full history of one line with attachments, for people.
    static func history(_ lineID: Int64, _ db: Connection) throws -> [JSON] {
        var attachments: [Int64: [JSON]] = [:]
        for row in try db.query("""
            SELECT ea.event_id, ea.sha256, ea.file_name, a.size FROM responsibilities_event_attachments ea
            JOIN responsibilities_attachments a ON a.sha256 = ea.sha256
            JOIN responsibilities_line_events e ON e.id = ea.event_id WHERE e.line_id = ? ORDER BY ea.rowid
            """, [lineID]) {
            attachments[row.requiredInt("event_id"), default: []].append(.object([
                "sha256": .string(row.requiredString("sha256")), "file_name": .string(row.requiredString("file_name")), "size": .int(row.requiredInt("size")),
            ]))
        }
        return try db.query("SELECT * FROM responsibilities_line_events WHERE line_id = ? ORDER BY id", [lineID]).map { row in
            .object([
                "id": .int(row.requiredInt("id")), "action": .string(row.requiredString("action")), "on_date": .string(row.requiredString("on_date")),
                "at": .string(row.requiredString("at")), "actor": .string(row.requiredString("actor")), "reporter": .string(row.requiredString("reporter")),
                "percent": JSON(row.int("percent")), "text": .string(row.requiredString("text")), "status_after": .string(row.requiredString("status_after")),
                "attachments": .array(attachments[row.requiredInt("id")] ?? []),
            ])
        }
    }
}
