// SQL of plans, sections, tasks and clauses (responsibilities_* tables only).
import Kernel

enum PlanStore {
    static func existing(year: Int, hash: String, _ db: Connection) throws -> Int64? {
        try db.queryOne("SELECT id FROM responsibilities_plans WHERE year = ? AND content_hash = ?", [year, hash])?.int("id")
    }

    /// The year's plan in force (not withdrawn), if any.
    static func current(year: Int, _ db: Connection) throws -> Row? {
        try db.queryOne("SELECT * FROM responsibilities_plans WHERE year = ? AND withdrawn_on IS NULL ORDER BY id DESC LIMIT 1", [year])
    }

    /// Writes the whole draft; returns the plan id.
    static func insert(_ draft: PlanDraft, _ tx: WriteTransaction) throws -> Int64 {
        let db = tx.db
        let warnings = JSON.array(draft.warnings.map(PlanJSON.warning)).serialized
        let notes = JSON.array(draft.notes.map { .object(["line": .int(Int64($0.line)), "text": .string($0.text), "message": .string($0.message)]) }).serialized
        try db.execute("""
            INSERT INTO responsibilities_plans (year, title, content_hash, source_name, import_date, warnings, notes, created_by, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [draft.parsed.year, draft.parsed.title, draft.contentHash, draft.sourceName, draft.importDate.iso, warnings, notes, tx.actor.username, tx.nowText])
        let planID = db.lastInsertRowID
        try recordRevision(planID: planID, revision: 1, draft, changes: .object([:]), tx)
        let sectionIDs = try insertSections(draft, planID: planID, tx)
        for (position, task) in draft.tasks.enumerated() {
            _ = try insertTask(task, planID: planID, sectionID: sectionIDs[task.sectionIndex], position: position + 1, draft: draft, tx)
        }
        return planID
    }

    static func recordRevision(planID: Int64, revision: Int, _ draft: PlanDraft, changes: JSON, _ tx: WriteTransaction) throws {
        try tx.db.execute("""
            INSERT INTO responsibilities_plan_revisions (plan_id, revision, content_hash, source_name, import_date, changes, created_by, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [planID, revision, draft.contentHash, draft.sourceName, draft.importDate.iso, changes.serialized, tx.actor.username, tx.nowText])
    }

    static func insertSections(_ draft: PlanDraft, planID: Int64, _ tx: WriteTransaction) throws -> [Int64] {
        var sectionIDs: [Int64] = []
        for (index, section) in draft.parsed.sections.enumerated() {
            try tx.db.execute("INSERT INTO responsibilities_sections (plan_id, position, number, title, line) VALUES (?, ?, ?, ?, ?)",
                              [planID, index + 1, section.number, section.title, section.line])
            sectionIDs.append(tx.db.lastInsertRowID)
        }
        return sectionIDs
    }

    /// A task of the draft with its clauses, its lines (periods not yet ended) and its 待明确 assignments.
    static func insertTask(_ task: TaskDraft, planID: Int64, sectionID: Int64, position: Int, draft: PlanDraft, _ tx: WriteTransaction) throws -> Int64 {
        let start = max(draft.importDate, CalendarDate(year: draft.parsed.year, month: 1, day: 1) ?? draft.importDate)
        try tx.db.execute("""
            INSERT INTO responsibilities_tasks (plan_id, section_id, position, number, title, text, line, start_date, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [planID, sectionID, position, task.task.number, task.task.title, task.task.text, task.task.line, start.iso, tx.nowText])
        let taskID = tx.db.lastInsertRowID
        try insertClauses(task, taskID: taskID, tx)
        for line in task.liveLines { try LedgerStore.insertLine(taskID: taskID, line, tx) }
        for designation in task.designations { try insertDesignation(designation, taskID: taskID, since: draft.importDate, tx) }
        return taskID
    }

    static func insertClauses(_ task: TaskDraft, taskID: Int64, _ tx: WriteTransaction) throws {
        let db = tx.db
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
    }

    /// A 待明确 assignment, or (the same task and phrase seen again) its instances refreshed while still pending.
    static func insertDesignation(_ designation: DesignationDraft, taskID: Int64, since: CalendarDate, _ tx: WriteTransaction) throws {
        let instances = JSON.array(designation.instances.map { instance in
            .object(["period": .string(instance.period), "phrase": .string(instance.phrase), "due": .string(instance.due.iso),
                     "recurring": .bool(instance.recurring), "period_start": .string(instance.periodStart.iso)])
        }).serialized
        if try tx.db.queryOne("SELECT id FROM responsibilities_designations WHERE task_id = ? AND phrase = ?", [taskID, designation.phrase]) != nil {
            try tx.db.execute("""
                UPDATE responsibilities_designations SET role = ?, line = ?, instances = ?, updated_at = ?,
                    status = CASE status WHEN 'withdrawn' THEN 'pending' ELSE status END
                WHERE task_id = ? AND phrase = ?
                """, [designation.role.rawValue, designation.line, instances, tx.nowText, taskID, designation.phrase])
            return
        }
        try tx.db.execute("""
            INSERT INTO responsibilities_designations (task_id, phrase, role, line, instances, since, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [taskID, designation.phrase, designation.role.rawValue, designation.line, instances, since.iso, tx.nowText, tx.nowText])
    }

    static func planJSON(_ row: Row) -> JSON {
        .object([
            "id": .int(row.requiredInt("id")), "year": .int(row.requiredInt("year")), "title": JSON(row.string("title")),
            "content_hash": .string(row.requiredString("content_hash")), "source_name": .string(row.requiredString("source_name")),
            "import_date": .string(row.requiredString("import_date")),
            "task_count": .int(row.int("task_count") ?? 0), "ledger_line_count": .int(row.int("line_count") ?? 0),
            "warnings": (try? JSONParser.parse(Array(row.requiredString("warnings").utf8))) ?? .array([]),
            "created_by": .string(row.requiredString("created_by")), "created_at": .string(row.requiredString("created_at")),
            "revision": .int(row.int("revision") ?? 1), "withdrawn_on": JSON(row.string("withdrawn_on")), "withdrawn_reason": JSON(row.string("withdrawn_reason")),
        ])
    }

    /// A plan with its live tasks and their live lines counted (the lines from the per-task counts
    /// of Responsibilities 007, kept by triggers: no read of every line's index entry).
    static let planSelect = """
        SELECT p.*, (SELECT count(*) FROM responsibilities_tasks t WHERE t.plan_id = p.id AND t.withdrawn_on IS NULL) AS task_count,
               (SELECT coalesce(sum(c.live), 0) FROM responsibilities_tasks t JOIN responsibilities_task_line_counts c ON c.task_id = t.id
                WHERE t.plan_id = p.id AND t.withdrawn_on IS NULL) AS line_count
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
        guard let row = try db.queryOne(planSelect + " WHERE p.id = ?", [id]) else { throw DomainError.notFound("工作要点", "plan", String(id)) }
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
        var withdrawn: [JSON] = []
        for task in try db.query("SELECT * FROM responsibilities_tasks WHERE plan_id = ? ORDER BY position", [id]) {
            let json: JSON = .object([
                "id": .int(task.requiredInt("id")), "number": .string(task.requiredString("number")), "title": .string(task.requiredString("title")),
                "line": JSON(task.int("line")), "start_date": .string(task.requiredString("start_date")),
                "clauses": .array(clausesByTask[task.requiredInt("id")] ?? []), "withdrawn_on": JSON(task.string("withdrawn_on")),
            ])
            if task.string("withdrawn_on") != nil { withdrawn.append(json) } else { tasksBySection[task.requiredInt("section_id"), default: []].append(json) }
        }
        let sections: [JSON] = try db.query("SELECT * FROM responsibilities_sections WHERE plan_id = ? AND superseded = 0 ORDER BY position", [id]).map { section in
            .object(["id": .int(section.requiredInt("id")), "number": .string(section.requiredString("number")), "title": .string(section.requiredString("title")),
                     "line": .int(section.requiredInt("line")), "tasks": .array(tasksBySection[section.requiredInt("id")] ?? [])])
        }
        members.append(JSON.Member("sections", .array(sections)))
        members.append(JSON.Member("withdrawn_tasks", .array(withdrawn)))
        return .object(members)
    }
}
