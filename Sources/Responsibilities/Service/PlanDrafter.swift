// From text to a PlanDraft: parse (PlanImport), resolve every clause's units against the registry,
// and expand each clause × unit × deadline instance into ledger lines.
import Kernel

enum PlanDrafter {
    static func draft(text: String, year: Int, sourceName: String, importDate: CalendarDate, directory: UnitDirectory) throws -> PlanDraft {
        let parsed: ParsedPlan
        do {
            parsed = try WorkPlanParser.parse(text, year: year)
        } catch let error as PlanImportError {
            throw PlanErrors.domain(error)
        }
        let hash = Crypto.sha256Hex(text)
        let planStart = max(importDate, CalendarDate(year: year, month: 1, day: 1) ?? importDate)
        var tasks: [TaskDraft] = []
        for (sectionIndex, section) in parsed.sections.enumerated() {
            for task in section.tasks {
                var clauses: [ClauseDraft] = []
                var lines: [LineDraft] = []
                var position: [String: Int] = [:]
                for clause in task.clauses {
                    let resolution = UnitResolver.resolveWithNotes(clause.units, in: directory)
                    clauses.append(ClauseDraft(clause: clause, resolution: resolution))
                    for instance in instances(clause.deadlines, year: year) {
                        let start = instance.recurring ? max(planStart, instance.periodStart) : planStart
                        for unit in resolution.units {
                            let key = "\(unit.kind):\(unit.id):\(instance.period)"
                            if let index = position[key] {
                                if unit.role.strength > lines[index].role.strength { lines[index].role = unit.role }
                                if !lines[index].phrase.split(separator: "、").contains(Substring(instance.phrase)) {
                                    lines[index].phrase += "、" + instance.phrase
                                }
                                continue
                            }
                            position[key] = lines.count
                            lines.append(LineDraft(unitKind: unit.kind, unitID: unit.id, unitName: unit.name, role: unit.role,
                                                   period: instance.period, phrase: instance.phrase, due: instance.due,
                                                   start: start, recurring: instance.recurring))
                        }
                    }
                }
                tasks.append(TaskDraft(sectionIndex: sectionIndex, task: task, clauses: clauses, lines: lines))
            }
        }
        return PlanDraft(parsed: parsed, contentHash: hash, sourceName: sourceName, importDate: importDate, tasks: tasks)
    }

    struct Instance {
        var period: String
        var phrase: String
        var due: CalendarDate
        var recurring: Bool
        var periodStart: CalendarDate
    }

    /// The due instances of a clause: each dated deadline once, each quarter of a 每季度 obligation;
    /// a clause with no date at all is due by the end of the plan's year.
    static func instances(_ deadlines: [ParsedDeadline], year: Int) -> [Instance] {
        var result: [Instance] = []
        let yearStart = CalendarDate(year: year, month: 1, day: 1) ?? CalendarDate(daysSinceEpoch: 0)
        func add(_ instance: Instance) {
            if let index = result.firstIndex(where: { $0.period == instance.period }) {
                if !result[index].phrase.split(separator: "、").contains(Substring(instance.phrase)) { result[index].phrase += "、" + instance.phrase }
            } else {
                result.append(instance)
            }
        }
        for deadline in deadlines {
            switch deadline.spec {
            case .quarterly(let y):
                for quarter in Quarter.all(of: y) {
                    add(Instance(period: quarter.text, phrase: deadline.phrase, due: quarter.end, recurring: true, periodStart: quarter.start))
                }
            case .specialPeriods:
                continue
            default:
                guard let date = deadline.spec.dueDate else { continue }
                let due = CalendarDate(date)
                add(Instance(period: due.iso, phrase: deadline.phrase, due: due, recurring: false, periodStart: yearStart))
            }
        }
        if result.isEmpty {
            let due = CalendarDate.endOfMonth(year: year, month: 12)
            result.append(Instance(period: due.iso, phrase: "年内(原文未写时限)", due: due, recurring: false, periodStart: yearStart))
        }
        return result
    }
}

/// Import errors as the CLI and HTTP show them.
enum PlanErrors {
    static func domain(_ error: PlanImportError) -> DomainError {
        switch error {
        case .empty: return DomainError.validation([FieldError("text", "empty", error.description)])
        case .binary: return DomainError.validation([FieldError("text", "not_text", error.description)])
        case .noTasks: return DomainError.validation([FieldError("text", "no_tasks", error.description)])
        case .invalidYear: return DomainError.validation([FieldError("year", "range", error.description)])
        }
    }

    static func unknownUnits(_ names: [UnresolvedName]) -> DomainError {
        let errors = names.map { FieldError("units", "unknown_unit", "第\($0.line)行: “\($0.text)”与名录中的任何单位、镇(景区、开发区)都不匹配 (unknown unit)") }
        return DomainError(.validation, "\(names.count)个单位名称在名录中找不到,未导入任何内容 (unknown unit names: nothing imported)", fieldErrors: errors)
    }
}
