// A second import for a year is a revision of that year's plan, never a second plan. Tasks are
// matched by number and title (then by title alone: renumbered; then by number with a mostly
// unchanged title: retitled);
// a matched task keeps its lines (and their history) for the units and periods still named, gets
// lines for new ones, and its lines no longer named are withdrawn (kept, out of colours and the
// assessment). New tasks get lines; tasks no longer in the text are withdrawn. Lines the office
// added by hand or designated stay unless their task is withdrawn.
import Kernel

struct RevisionPlan: Sendable {
    struct TaskChange: Sendable {
        var oldID: Int64?
        var oldNumber: String?
        var oldTitle: String?
        var draftIndex: Int?
        var linesAdded: [LineDraft] = []
        var linesWithdrawn: [Int64] = []
        var linesKept = 0
        var linesUpdated: [(id: Int64, line: LineDraft)] = []
        var designationsAdded: [String] = []
        var designationsWithdrawn: [Int64] = []
    }

    var planID: Int64
    var fromRevision: Int
    var changes: [TaskChange]

    var linesAdded: Int { changes.reduce(0) { $0 + $1.linesAdded.count } }
    var linesWithdrawn: Int { changes.reduce(0) { $0 + $1.linesWithdrawn.count } }
    var linesKept: Int { changes.reduce(0) { $0 + $1.linesKept } }
}

enum PlanRevision {
    static func key(_ kind: String, _ id: Int64, _ period: String) -> String { "\(kind):\(id):\(period)" }

    /// What importing `draft` over plan `plan` changes (nothing written).
    static func compare(_ draft: PlanDraft, plan: Row, _ db: Connection) throws -> RevisionPlan {
        let planID = plan.requiredInt("id")
        let old = try db.query("SELECT id, number, title FROM responsibilities_tasks WHERE plan_id = ? AND withdrawn_on IS NULL ORDER BY position", [planID])
        var oldFree = Set(old.map { $0.requiredInt("id") })
        var matchOf: [Int: Row] = [:]
        let passes: [(Row, ParsedTask) -> Bool] = [
            { $0.requiredString("number") == $1.number && $0.requiredString("title") == $1.title },
            { $0.requiredString("title") == $1.title },
            // Same number, title edited: only when the titles are mostly the same words (a typo fixed, a word added).
            { $0.requiredString("number") == $1.number && similarity($0.requiredString("title"), $1.title) >= 0.5 },
        ]
        for pass in passes {
            for (index, task) in draft.tasks.enumerated() where matchOf[index] == nil {
                if let row = old.first(where: { oldFree.contains($0.requiredInt("id")) && pass($0, task.task) }) {
                    matchOf[index] = row
                    oldFree.remove(row.requiredInt("id"))
                }
            }
        }
        var changes: [RevisionPlan.TaskChange] = []
        for (index, task) in draft.tasks.enumerated() {
            guard let row = matchOf[index] else {
                changes.append(.init(draftIndex: index, linesAdded: task.liveLines, designationsAdded: task.designations.map(\.phrase)))
                continue
            }
            let taskID = row.requiredInt("id")
            var change = RevisionPlan.TaskChange(oldID: taskID, oldNumber: row.requiredString("number"), oldTitle: row.requiredString("title"), draftIndex: index)
            let lines = try db.query("SELECT * FROM responsibilities_lines WHERE task_id = ?", [taskID])
            let wanted = Dictionary(task.lines.map { (key($0.unitKind, $0.unitID, $0.period), $0) }, uniquingKeysWith: { first, _ in first })
            var present: Set<String> = []
            for line in lines where line.string("withdrawn_on") == nil {
                let lineKey = key(line.requiredString("unit_kind"), line.requiredInt("unit_id"), line.requiredString("period"))
                present.insert(lineKey)
                if let new = wanted[lineKey] {
                    change.linesKept += 1
                    if new.due.iso != line.requiredString("due") || new.role.rawValue != line.requiredString("role") || new.phrase != line.requiredString("deadline_phrase") {
                        change.linesUpdated.append((line.requiredInt("id"), new))
                    }
                } else if line.string("source") == "plan" {
                    change.linesWithdrawn.append(line.requiredInt("id"))
                } else {
                    change.linesKept += 1
                }
            }
            // A unit or period newly named on a task already given is given it on the revision day: a
            // one-off deadline already passed is not given (as `tasks add-unit`), so no unit is born overdue.
            change.linesAdded = task.liveLines.filter { !present.contains(key($0.unitKind, $0.unitID, $0.period)) && $0.due >= draft.importDate }
            let designations = try db.query("SELECT id, phrase, status FROM responsibilities_designations WHERE task_id = ? AND status != 'withdrawn'", [taskID])
            let phrases = Set(task.designations.map(\.phrase))
            change.designationsWithdrawn = designations.filter { !phrases.contains($0.requiredString("phrase")) }.map { $0.requiredInt("id") }
            change.designationsAdded = task.designations.map(\.phrase).filter { phrase in !designations.contains { $0.requiredString("phrase") == phrase } }
            changes.append(change)
        }
        for row in old where oldFree.contains(row.requiredInt("id")) {
            let taskID = row.requiredInt("id")
            let active = try db.query("SELECT id FROM responsibilities_lines WHERE task_id = ? AND withdrawn_on IS NULL", [taskID]).map { $0.requiredInt("id") }
            let designations = try db.query("SELECT id FROM responsibilities_designations WHERE task_id = ? AND status != 'withdrawn'", [taskID]).map { $0.requiredInt("id") }
            changes.append(.init(oldID: taskID, oldNumber: row.requiredString("number"), oldTitle: row.requiredString("title"), draftIndex: nil,
                                 linesWithdrawn: active, designationsWithdrawn: designations))
        }
        return RevisionPlan(planID: planID, fromRevision: Int(plan.int("revision") ?? 1), changes: changes)
    }

    /// Shared two-character pieces of two titles over all of them (Jaccard on bigrams), 0…1.
    static func similarity(_ a: String, _ b: String) -> Double {
        func bigrams(_ text: String) -> Set<String> {
            let c = Array(text)
            guard c.count > 1 else { return Set([text]) }
            return Set((0..<(c.count - 1)).map { String(c[$0...($0 + 1)]) })
        }
        let x = bigrams(a), y = bigrams(b)
        let union = x.union(y).count
        return union == 0 ? 1 : Double(x.intersection(y).count) / Double(union)
    }

    /// The difference as people and scripts read it (the dry run shows it before anything is written).
    static func json(_ revision: RevisionPlan, _ draft: PlanDraft) -> JSON {
        var added: [JSON] = [], withdrawn: [JSON] = [], changed: [JSON] = []
        var unchanged = 0
        for change in revision.changes {
            let task = change.draftIndex.map { draft.tasks[$0].task }
            switch (change.oldID, task) {
            case (nil, let task?):
                added.append(.object(["number": .string(task.number), "title": .string(task.title), "ledger_lines": .int(Int64(change.linesAdded.count)),
                                      "to_designate": .int(Int64(change.designationsAdded.count))]))
            case (let id?, nil):
                withdrawn.append(.object(["task_id": .int(id), "number": JSON(change.oldNumber), "title": JSON(change.oldTitle),
                                          "ledger_lines": .int(Int64(change.linesWithdrawn.count))]))
            case (let id?, let task?):
                let renamed = change.oldNumber != task.number || change.oldTitle != task.title
                if !renamed && change.linesAdded.isEmpty && change.linesWithdrawn.isEmpty && change.linesUpdated.isEmpty
                    && change.designationsAdded.isEmpty && change.designationsWithdrawn.isEmpty {
                    unchanged += 1
                    continue
                }
                changed.append(.object([
                    "task_id": .int(id), "number": .string(task.number), "title": .string(task.title),
                    "old_number": JSON(change.oldNumber), "old_title": JSON(change.oldTitle),
                    "lines_added": .int(Int64(change.linesAdded.count)), "lines_withdrawn": .int(Int64(change.linesWithdrawn.count)),
                    "lines_kept": .int(Int64(change.linesKept)), "lines_updated": .int(Int64(change.linesUpdated.count)),
                    "units_added": JSON(Array(Set(change.linesAdded.map(\.unitName))).sorted()),
                    "designations_added": JSON(change.designationsAdded), "designations_withdrawn": .int(Int64(change.designationsWithdrawn.count)),
                ]))
            case (nil, nil):
                continue
            }
        }
        return .object([
            "plan_id": .int(revision.planID), "from_revision": .int(Int64(revision.fromRevision)), "to_revision": .int(Int64(revision.fromRevision + 1)),
            "tasks_added": .array(added), "tasks_withdrawn": .array(withdrawn), "tasks_changed": .array(changed), "tasks_unchanged": .int(Int64(unchanged)),
            "lines_added": .int(Int64(revision.linesAdded)), "lines_withdrawn": .int(Int64(revision.linesWithdrawn)), "lines_kept": .int(Int64(revision.linesKept)),
        ])
    }

    /// Writes the revision: the plan's new text, sections and tasks; lines added, kept, withdrawn.
    static func apply(_ revision: RevisionPlan, _ draft: PlanDraft, summary: JSON, _ tx: WriteTransaction) throws {
        let db = tx.db
        let planID = revision.planID
        let number = revision.fromRevision + 1
        let reason = "计划第\(number)次修订(\(draft.importDate.iso))删去"
        try db.execute("UPDATE responsibilities_sections SET superseded = 1 WHERE plan_id = ?", [planID])
        let sectionIDs = try PlanStore.insertSections(draft, planID: planID, tx)
        for change in revision.changes {
            guard let index = change.draftIndex else {
                // A task no longer in the text: withdrawn with its lines and pending assignments.
                guard let taskID = change.oldID else { continue }
                try db.execute("UPDATE responsibilities_tasks SET withdrawn_on = ? WHERE id = ?", [tx.today.iso, taskID])
                _ = try LedgerStore.withdrawLines(where: "l.task_id = ?", [taskID], reason: reason, tx)
                try db.execute("UPDATE responsibilities_designations SET status = 'withdrawn', updated_at = ? WHERE task_id = ? AND status = 'pending'", [tx.nowText, taskID])
                continue
            }
            let task = draft.tasks[index]
            guard let taskID = change.oldID else {
                _ = try PlanStore.insertTask(task, planID: planID, sectionID: sectionIDs[task.sectionIndex], position: index + 1, draft: draft, tx)
                continue
            }
            try db.execute("UPDATE responsibilities_tasks SET section_id = ?, position = ?, number = ?, title = ?, text = ?, line = ? WHERE id = ?",
                           [sectionIDs[task.sectionIndex], index + 1, task.task.number, task.task.title, task.task.text, task.task.line, taskID])
            try db.execute("DELETE FROM responsibilities_clause_units WHERE clause_id IN (SELECT id FROM responsibilities_clauses WHERE task_id = ?)", [taskID])
            try db.execute("DELETE FROM responsibilities_clauses WHERE task_id = ?", [taskID])
            try PlanStore.insertClauses(task, taskID: taskID, tx)
            for line in change.linesAdded { try LedgerStore.insertLine(taskID: taskID, line, tx) }
            if !change.linesWithdrawn.isEmpty {
                // One call, so one `lines.withdrawn` event per task.
                _ = try LedgerStore.withdrawLines(where: "l.id IN (\(change.linesWithdrawn.map { _ in "?" }.joined(separator: ", ")))",
                                                  change.linesWithdrawn.map { $0 as any DatabaseValueConvertible }, reason: reason, tx)
            }
            for (id, line) in change.linesUpdated {
                try db.execute("UPDATE responsibilities_lines SET due = ?, role = ?, deadline_phrase = ?, version = version + 1, updated_at = ? WHERE id = ?",
                               [line.due.iso, line.role.rawValue, line.phrase, tx.nowText, id])
            }
            for id in change.designationsWithdrawn {
                if let row = try db.queryOne("SELECT units FROM responsibilities_designations WHERE id = ?", [id]) {
                    for unit in (try? JSONParser.parse(Array(row.requiredString("units").utf8)))?.arrayValue ?? [] {
                        _ = try LedgerStore.withdrawLines(where: "l.task_id = ? AND l.source = 'designated' AND l.unit_kind = ? AND l.unit_id = ?",
                                                          [taskID, unit["kind"]?.stringValue ?? "", unit["id"]?.intValue ?? 0], reason: reason, tx)
                    }
                }
                try db.execute("UPDATE responsibilities_designations SET status = 'withdrawn', updated_at = ? WHERE id = ?", [tx.nowText, id])
            }
            for designation in task.designations where change.designationsAdded.contains(designation.phrase) {
                try PlanStore.insertDesignation(designation, taskID: taskID, since: draft.importDate, tx)
            }
        }
        let warnings = JSON.array(draft.warnings.map(PlanJSON.warning)).serialized
        try db.execute("""
            UPDATE responsibilities_plans SET revision = ?, title = ?, content_hash = ?, source_name = ?, warnings = ? WHERE id = ?
            """, [number, draft.parsed.title, draft.contentHash, draft.sourceName, warnings, planID])
        try PlanStore.recordRevision(planID: planID, revision: number, draft, changes: summary, tx)
    }
}
