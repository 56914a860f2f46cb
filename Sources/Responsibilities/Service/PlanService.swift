// Importing a work plan: bytes (UTF-8 or GB18030) → text → draft → written in one transaction,
// idempotent by year + content; unknown unit names refuse the import and write nothing.
import Kernel

enum PlanService {
    /// Imports (or, with `dryRun`, only describes) a plan. The same year + text imported again
    /// returns the existing plan with `created: false`.
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
        func result(_ id: Int64?, created: Bool) -> PlanImportResult {
            PlanImportResult(planID: id, created: created, dryRun: dryRun, json: PlanJSON.draft(draft, planID: id, created: created, dryRun: dryRun),
                             sectionCount: draft.parsed.sections.count, taskCount: draft.parsed.taskCount, lineCount: draft.lineCount, warnings: draft.parsed.warnings)
        }
        if let existing = try core.read({ try PlanStore.existing(year: year, hash: draft.contentHash, $0) }) {
            return result(existing, created: false)
        }
        if dryRun { return result(nil, created: false) }
        let unresolved = draft.unresolved
        if !unresolved.isEmpty { throw PlanErrors.unknownUnits(unresolved) }
        let id = try core.write(actor) { tx -> Int64 in
            if let existing = try PlanStore.existing(year: year, hash: draft.contentHash, tx.db) { return existing }
            let id = try PlanStore.insert(draft, tx)
            try tx.audit(action: "responsibilities.plan.import", entity: "plan", entityID: String(id),
                         after: .object(["year": .int(Int64(year)), "content_hash": .string(draft.contentHash), "tasks": .int(Int64(draft.parsed.taskCount)),
                                         "ledger_lines": .int(Int64(draft.lineCount))]),
                         summary: "imported \(draft.parsed.title ?? sourceName): \(draft.parsed.sections.count) sections, \(draft.parsed.taskCount) tasks, \(draft.lineCount) ledger lines")
            return id
        }
        return result(id, created: true)
    }
}
