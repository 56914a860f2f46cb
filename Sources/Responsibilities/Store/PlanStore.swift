// SQL of plans, sections, tasks and clauses (responsibilities_* tables only).
import Kernel

enum PlanStore {
    static func existing(year: Int, hash: String, _ db: Connection) throws -> Int64? {
        try db.queryOne("SELECT id FROM responsibilities_plans WHERE year = ? AND content_hash = ?", [year, hash])?.int("id")
    }

    /// Writes the whole draft; returns the plan id.
    static func insert(_ draft: PlanDraft, _ tx: WriteTransaction) throws -> Int64 {
        let db = tx.db
        let warnings = JSON.array(draft.parsed.warnings.map(PlanJSON.warning)).serialized
        let notes = JSON.array(draft.notes.map { .object(["line": .int(Int64($0.line)), "text": .string($0.text), "message": .string($0.message)]) }).serialized
        try db.execute("""
            INSERT INTO responsibilities_plans (year, title, content_hash, source_name, import_date, warnings, notes, created_by, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [draft.parsed.year, draft.parsed.title, draft.contentHash, draft.sourceName, draft.importDate.iso, warnings, notes, tx.actor.username, tx.nowText])
        let planID = db.lastInsertRowID
        var sectionIDs: [Int64] = []
        for (index, section) in draft.parsed.sections.enumerated() {
            try db.execute("INSERT INTO responsibilities_sections (plan_id, position, number, title, line) VALUES (?, ?, ?, ?, ?)",
                           [planID, index + 1, section.number, section.title, section.line])
            sectionIDs.append(db.lastInsertRowID)
        }
        let start = max(draft.importDate, CalendarDate(year: draft.parsed.year, month: 1, day: 1) ?? draft.importDate)
        for (position, task) in draft.tasks.enumerated() {
            try db.execute("""
                INSERT INTO responsibilities_tasks (plan_id, section_id, position, number, title, text, line, start_date, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [planID, sectionIDs[task.sectionIndex], position + 1, task.task.number, task.task.title, task.task.text, task.task.line, start.iso, tx.nowText])
            let taskID = db.lastInsertRowID
            for (clauseIndex, clause) in task.clauses.enumerated() {
                try db.execute("INSERT INTO responsibilities_clauses (task_id, position, raw, line, text, deadlines) VALUES (?, ?, ?, ?, ?, ?)",
                               [taskID, clauseIndex + 1, clause.clause.raw, clause.clause.line, clause.clause.text,
                                JSON.array(clause.clause.deadlines.map(PlanJSON.deadline)).serialized])
                let clauseID = db.lastInsertRowID
                for unit in clause.resolution.units {
                    try db.execute("INSERT INTO responsibilities_clause_units (clause_id, unit_kind, unit_id, unit_name, role, via) VALUES (?, ?, ?, ?, ?, ?)",
                                   [clauseID, unit.kind, unit.id, unit.name, unit.role.rawValue, unit.via])
                }
            }
            for line in task.lines {
                try LedgerStore.insertLine(taskID: taskID, line, tx)
            }
        }
        return planID
    }

    static func planJSON(_ row: Row) -> JSON {
        .object([
            "id": .int(row.requiredInt("id")), "year": .int(row.requiredInt("year")), "title": JSON(row.string("title")),
            "content_hash": .string(row.requiredString("content_hash")), "source_name": .string(row.requiredString("source_name")),
            "import_date": .string(row.requiredString("import_date")),
            "task_count": .int(row.int("task_count") ?? 0), "ledger_line_count": .int(row.int("line_count") ?? 0),
            "warnings": (try? JSONParser.parse(Array(row.requiredString("warnings").utf8))) ?? .array([]),
            "created_by": .string(row.requiredString("created_by")), "created_at": .string(row.requiredString("created_at")),
        ])
    }

    static let planSelect = """
        SELECT p.*, (SELECT count(*) FROM responsibilities_tasks t WHERE t.plan_id = p.id) AS task_count,
               (SELECT count(*) FROM responsibilities_lines l JOIN responsibilities_tasks t ON t.id = l.task_id WHERE t.plan_id = p.id) AS line_count
        FROM responsibilities_plans p
        """

    /// Plans after the cursor in id order, at most `limit` (nil: every one).
    static func plans(after: Int64?, limit: Int?, _ db: Connection) throws -> Page {
        var sql = planSelect + " WHERE p.id > ? ORDER BY p.id"
        var args: [any DatabaseValueConvertible] = [after ?? 0]
        Pages.limitSQL(&sql, &args, limit)
        return Pages.page(try db.query(sql, args), limit: limit, planJSON)
    }

    /// A plan with its sections, tasks and clauses (units with ids and roles).
    static func plan(_ id: Int64, _ db: Connection) throws -> JSON {
        guard let row = try db.queryOne(planSelect + " WHERE p.id = ?", [id]) else { throw DomainError.notFound("plan", String(id)) }
        guard case .object(var members) = planJSON(row) else { return planJSON(row) }
        let units = try db.query("""
            SELECT cu.* FROM responsibilities_clause_units cu JOIN responsibilities_clauses c ON c.id = cu.clause_id
            JOIN responsibilities_tasks t ON t.id = c.task_id WHERE t.plan_id = ? ORDER BY cu.rowid
            """, [id])
        var unitsByClause: [Int64: [JSON]] = [:]
        for unit in units {
            unitsByClause[unit.requiredInt("clause_id"), default: []].append(.object([
                "id": .int(unit.requiredInt("unit_id")), "kind": .string(unit.requiredString("unit_kind")), "name": .string(unit.requiredString("unit_name")),
                "role": .string(unit.requiredString("role")), "via": .string(unit.requiredString("via")),
            ]))
        }
        var clausesByTask: [Int64: [JSON]] = [:]
        for clause in try db.query("SELECT c.* FROM responsibilities_clauses c JOIN responsibilities_tasks t ON t.id = c.task_id WHERE t.plan_id = ? ORDER BY c.task_id, c.position", [id]) {
            clausesByTask[clause.requiredInt("task_id"), default: []].append(.object([
                "id": .int(clause.requiredInt("id")), "line": .int(clause.requiredInt("line")), "raw": .string(clause.requiredString("raw")),
                "text": .string(clause.requiredString("text")),
                "units": .array(unitsByClause[clause.requiredInt("id")] ?? []),
                "deadlines": (try? JSONParser.parse(Array(clause.requiredString("deadlines").utf8))) ?? .array([]),
            ]))
        }
        var tasksBySection: [Int64: [JSON]] = [:]
        for task in try db.query("SELECT * FROM responsibilities_tasks WHERE plan_id = ? ORDER BY position", [id]) {
            tasksBySection[task.requiredInt("section_id"), default: []].append(.object([
                "id": .int(task.requiredInt("id")), "number": .string(task.requiredString("number")), "title": .string(task.requiredString("title")),
                "line": JSON(task.int("line")), "start_date": .string(task.requiredString("start_date")),
                "clauses": .array(clausesByTask[task.requiredInt("id")] ?? []),
            ]))
        }
        let sections: [JSON] = try db.query("SELECT * FROM responsibilities_sections WHERE plan_id = ? ORDER BY position", [id]).map { section in
            .object(["id": .int(section.requiredInt("id")), "number": .string(section.requiredString("number")), "title": .string(section.requiredString("title")),
                     "line": .int(section.requiredInt("line")), "tasks": .array(tasksBySection[section.requiredInt("id")] ?? [])])
        }
        members.append(JSON.Member("sections", .array(sections)))
        return .object(members)
    }
}
