// Importing a work plan: bytes (UTF-8 or GB18030) → text → draft → written in one transaction,
// idempotent by year + content; unknown unit names refuse the import and write nothing.
import Kernel

enum PlanService {
    /// Imports (or, with `dryRun`, only describes) a plan. The same year + text imported again
    /// returns the existing plan with `created: false`; another text for a year that has a plan
    /// is a revision of it (`revision` says what changes).
    /// `year` is a declared `.year` (1900–2200), read by the contract.
    static func importPlan(bytes: [UInt8], year: Int, sourceName: String, dryRun: Bool, core: Core, actor: Actor) throws -> PlanImportResult {
        try LedgerScope.requireOffice(actor, "import a work plan")
        let text: String
        do {
            text = try PlanText.decode(bytes)
        } catch let error as PlanImportError {
            throw PlanErrors.domain(error)
        }
        let today = core.today
        let draft = try core.read { db in
            try PlanDrafter.draft(text: text, year: year, sourceName: sourceName, importDate: today, directory: RegistryReader.directory(db))
        }
        func result(_ id: Int64?, created: Bool, revision: JSON? = nil) -> PlanImportResult {
            var json = PlanJSON.draft(draft, planID: id, created: created, dryRun: dryRun)
            if let revision, case .object(var members) = json {
                members.append(JSON.Member("revision", revision))
                json = .object(members)
            }
            return PlanImportResult(planID: id, created: created, dryRun: dryRun, json: json, sectionCount: draft.parsed.sections.count,
                                    taskCount: draft.parsed.taskCount, lineCount: draft.lineCount, warnings: draft.warnings, revision: revision)
        }
        // The year's plan in force: the same text changes nothing; another text is a revision of it.
        if let current = try core.read({ try PlanStore.current(year: year, $0) }) {
            let planID = current.requiredInt("id")
            if current.requiredString("content_hash") == draft.contentHash { return result(planID, created: false) }
            let change = try core.read { try PlanRevision.compare(draft, plan: current, $0) }
            let summary = PlanRevision.json(change, draft)
            if dryRun { return result(planID, created: false, revision: summary) }
            let unresolved = draft.unresolved
            if !unresolved.isEmpty { throw PlanErrors.unknownUnits(unresolved) }
            try core.write(actor) { tx in
                // Compared again inside the write: another import may have come first.
                guard let now = try PlanStore.current(year: year, tx.db), now.requiredInt("id") == planID,
                      now.requiredString("content_hash") == current.requiredString("content_hash") else {
                    throw DomainError(.conflict, "\(year)年的计划刚被修改,请重新预览 (the plan changed meanwhile: run the dry run again)",
                                      extra: [JSON.Member("code", .string("state"))])
                }
                let fresh = try PlanRevision.compare(draft, plan: now, tx.db)
                let freshSummary = PlanRevision.json(fresh, draft)
                try PlanRevision.apply(fresh, draft, summary: freshSummary, tx)
                try tx.audit(action: "responsibilities.plan.revise", entity: "plan", entityID: String(planID),
                             before: .object(["revision": .int(Int64(fresh.fromRevision)), "content_hash": .string(now.requiredString("content_hash"))]),
                             after: freshSummary,
                             summary: "修订\(year)年工作要点(第\(fresh.fromRevision + 1)版):新增台账\(fresh.linesAdded)条,撤销\(fresh.linesWithdrawn)条,保留\(fresh.linesKept)条")
            }
            return result(planID, created: false, revision: summary)
        }
        if dryRun { return result(nil, created: false) }
        let unresolved = draft.unresolved
        if !unresolved.isEmpty { throw PlanErrors.unknownUnits(unresolved) }
        let id = try core.write(actor) { tx -> Int64 in
            if let existing = try PlanStore.current(year: year, tx.db) {
                throw DomainError(.conflict, "\(year)年的计划(\(existing.requiredInt("id")))刚被导入,请重新预览 (a plan for the year was imported meanwhile)",
                                  extra: [JSON.Member("code", .string("state"))])
            }
            let id = try PlanStore.insert(draft, tx)
            try tx.audit(action: "responsibilities.plan.import", entity: "plan", entityID: String(id),
                         after: .object(["year": .int(Int64(year)), "content_hash": .string(draft.contentHash), "tasks": .int(Int64(draft.parsed.taskCount)),
                                         "ledger_lines": .int(Int64(draft.lineCount)), "to_designate": .int(Int64(draft.designationCount))]),
                         summary: "导入\(draft.parsed.title ?? sourceName):\(draft.parsed.sections.count)个部分,\(draft.parsed.taskCount)项任务,台账\(draft.lineCount)条,待明确\(draft.designationCount)项")
            return id
        }
        return result(id, created: true)
    }

    /// `plan withdraw`: the whole plan out of force (its tasks and lines kept with their history,
    /// out of colours and the assessment); a new import for the year is then a new plan.
    static func withdraw(_ planID: Int64, reason: String, _ tx: WriteTransaction) throws -> JSON {
        try LedgerScope.requireOffice(tx.actor, "withdraw a work plan (撤销计划)")
        guard let plan = try tx.db.queryOne("SELECT * FROM responsibilities_plans WHERE id = ?", [planID]) else { throw DomainError.notFound("工作要点", "plan", String(planID)) }
        if let on = plan.string("withdrawn_on") {
            throw DomainError(.conflict, "计划\(planID)已于\(on)撤销,不能重复撤销 (the plan is already withdrawn)",
                              extra: [JSON.Member("code", .string("state")), JSON.Member("current_state", .string("withdrawn"))])
        }
        let full = "撤销计划:" + reason
        let lines = try LedgerStore.withdrawLines(where: "l.task_id IN (SELECT id FROM responsibilities_tasks WHERE plan_id = ?)", [planID], reason: full, tx)
        try tx.db.execute("UPDATE responsibilities_tasks SET withdrawn_on = ? WHERE plan_id = ? AND withdrawn_on IS NULL", [tx.today.iso, planID])
        try tx.db.execute("""
            UPDATE responsibilities_designations SET status = 'withdrawn', updated_at = ?
            WHERE status = 'pending' AND task_id IN (SELECT id FROM responsibilities_tasks WHERE plan_id = ?)
            """, [tx.nowText, planID])
        // The text may be imported again as a new plan: the withdrawn one keeps its hash in its revisions.
        try tx.db.execute("UPDATE responsibilities_plans SET withdrawn_on = ?, withdrawn_reason = ?, content_hash = content_hash || ':withdrawn:' || id WHERE id = ?",
                          [tx.today.iso, reason, planID])
        try tx.audit(action: "responsibilities.plan.withdraw", entity: "plan", entityID: String(planID),
                     before: .object(["withdrawn_on": .null]), after: .object(["withdrawn_on": .string(tx.today.iso), "reason": .string(reason), "ledger_lines": .int(Int64(lines))]),
                     summary: "撤销\(plan.requiredInt("year"))年工作要点(计划\(planID)):\(reason);撤销台账\(lines)条")
        return try PlanStore.plan(planID, tx.db)
    }
}
