// The JSON shapes of a plan import (the same for the CLI's --json and the HTTP API).
import Kernel

enum PlanJSON {
    static func deadline(_ deadline: ParsedDeadline) -> JSON {
        var kind = "by"
        var labels: [String] = []
        switch deadline.spec {
        case .by: kind = "by"
        case .withinMonth: kind = "withinMonth"
        case .quarterly: kind = "quarterly"
        case .monthly: kind = "monthly"
        case .halfYearly: kind = "halfYearly"
        case .specialPeriods(let names): kind = "specialPeriods"; labels = names
        }
        return .object([
            "phrase": .string(deadline.phrase), "kind": .string(kind), "line": .int(Int64(deadline.line)),
            "due": JSON(deadline.spec.dueDate?.iso),
            "occurrences": JSON(deadline.spec.occurrences.map(\.iso)),
            "periods": JSON(labels),
        ])
    }

    static func unit(_ unit: ResolvedUnit) -> JSON {
        .object(["id": .int(unit.id), "kind": .string(unit.kind), "name": .string(unit.name), "role": .string(unit.role.rawValue), "via": .string(unit.via)])
    }

    static func warning(_ warning: PlanWarning) -> JSON {
        .object(["line": .int(Int64(warning.line)), "code": .string(warning.code), "message": .string(warning.message)])
    }

    static func draft(_ draft: PlanDraft, planID: Int64?, created: Bool, dryRun: Bool) -> JSON {
        let unresolved = draft.unresolved
        var sections: [JSON] = []
        for (index, section) in draft.parsed.sections.enumerated() {
            let tasks: [JSON] = draft.tasks.filter { $0.sectionIndex == index }.map { task in
                .object([
                    "number": .string(task.task.number), "title": .string(task.task.title), "line": .int(Int64(task.task.line)),
                    "clauses": .array(task.clauses.map { clause in
                        .object([
                            "line": .int(Int64(clause.clause.line)), "raw": .string(clause.clause.raw),
                            "units": .array(clause.resolution.units.map(unit)),
                            "unresolved": .array(clause.resolution.unresolved.map { .object(["line": .int(Int64($0.line)), "text": .string($0.text)]) }),
                            "deadlines": .array(clause.clause.deadlines.map(deadline)),
                        ])
                    }),
                    "deadlines": .array(task.task.deadlines.map(deadline)),
                    "ledger_lines": .int(Int64(task.liveLines.count)),
                ])
            }
            sections.append(.object(["number": .string(section.number), "title": .string(section.title), "line": .int(Int64(section.line)), "tasks": .array(tasks)]))
        }
        return .object([
            "plan_id": JSON(planID),
            "created": .bool(created),
            "dry_run": .bool(dryRun),
            "importable": .bool(unresolved.isEmpty),
            "year": .int(Int64(draft.parsed.year)),
            "title": JSON(draft.parsed.title),
            "content_hash": .string(draft.contentHash),
            "import_date": .string(draft.importDate.iso),
            "section_count": .int(Int64(draft.parsed.sections.count)),
            "task_count": .int(Int64(draft.parsed.taskCount)),
            "ledger_line_count": .int(Int64(draft.lineCount)),
            "sections": .array(sections),
            "warnings": .array(draft.warnings.map(warning)),
            "to_designate": .array(draft.tasks.flatMap { task in task.designations.map { designation in
                .object(["task_number": .string(task.task.number), "phrase": .string(designation.phrase), "role": .string(designation.role.rawValue),
                         "line": .int(Int64(designation.line))])
            } }),
            "notes": .array(draft.notes.map { .object(["line": .int(Int64($0.line)), "text": .string($0.text), "message": .string($0.message)]) }),
            "unresolved": .array(unresolved.map { .object(["line": .int(Int64($0.line)), "text": .string($0.text)]) }),
        ])
    }
}
