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
                tasks.append(draftTask(task, sectionIndex: sectionIndex, year: year, planStart: planStart, directory: directory))
            }
        }
        return PlanDraft(parsed: parsed, contentHash: hash, sourceName: sourceName, importDate: importDate, tasks: tasks)
    }

    /// One task: its clauses resolved, its lines (clause × unit × due instance; recurring periods
    /// that ended before `planStart` marked `ended`), its 待明确 assignments.
    static func draftTask(_ task: ParsedTask, sectionIndex: Int, year: Int, planStart: CalendarDate, directory: UnitDirectory) -> TaskDraft {
        var clauses: [ClauseDraft] = []
        var lines: [LineDraft] = []
        var designations: [DesignationDraft] = []
        var position: [String: Int] = [:]
        for clause in task.clauses {
            let resolution = UnitResolver.resolveWithNotes(clause.units, in: directory)
            clauses.append(ClauseDraft(clause: clause, resolution: resolution))
            let dueInstances = instances(clause.deadlines, year: year)
            for pending in resolution.toDesignate {
                if let index = designations.firstIndex(where: { $0.phrase == pending.phrase }) {
                    if pending.role.strength > designations[index].role.strength { designations[index].role = pending.role }
                    for instance in dueInstances where !designations[index].instances.contains(where: { $0.period == instance.period }) {
                        designations[index].instances.append(instance)
                    }
                } else {
                    designations.append(DesignationDraft(phrase: pending.phrase, role: pending.role, line: pending.line, instances: dueInstances))
                }
            }
            for instance in dueInstances {
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
                                           start: start, recurring: instance.recurring, ended: instance.recurring && instance.due < planStart))
                }
            }
        }
        return TaskDraft(sectionIndex: sectionIndex, task: task, clauses: clauses, lines: lines, designations: designations)
    }

    typealias Instance = DueInstance

    /// The due instances of a clause: each dated deadline once, each period of a 每季度 / 每月 /
    /// 每半年 obligation; a clause with no date at all is due by the end of the plan's year.
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
            case .monthly(let y):
                for period in RecurringPeriods.months(of: y) {
                    add(Instance(period: period.text, phrase: deadline.phrase, due: period.end, recurring: true, periodStart: period.start))
                }
            case .halfYearly(let y):
                for period in RecurringPeriods.halves(of: y) {
                    add(Instance(period: period.text, phrase: deadline.phrase, due: period.end, recurring: true, periodStart: period.start))
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

/// Months (2024-03) and half-years (2024-H1) as ledger periods, beside the kernel's quarters.
enum RecurringPeriods {
    struct Period: Sendable {
        var text: String
        var start: CalendarDate
        var end: CalendarDate
    }

    static func months(of year: Int) -> [Period] {
        (1...12).compactMap { month in
            guard let start = CalendarDate(year: year, month: month, day: 1) else { return nil }
            let text = "\(year)-" + (month < 10 ? "0\(month)" : "\(month)")
            return Period(text: text, start: start, end: .endOfMonth(year: year, month: month))
        }
    }

    static func halves(of year: Int) -> [Period] {
        [(1, 1, 6), (2, 7, 12)].compactMap { half, first, last in
            guard let start = CalendarDate(year: year, month: first, day: 1) else { return nil }
            return Period(text: "\(year)-H\(half)", start: start, end: .endOfMonth(year: year, month: last))
        }
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
