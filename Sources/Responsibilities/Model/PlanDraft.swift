// What an import would create: the parsed plan with every clause's units resolved against the
// registry and the ledger lines (task × unit × due instance) they give. Built before anything is
// written, so a dry run and a real import show the same thing.
import Kernel

/// One ledger line to be created.
struct LineDraft: Sendable, Hashable {
    var unitKind: String
    var unitID: Int64
    var unitName: String
    var role: UnitRole
    var period: String
    var phrase: String
    var due: CalendarDate
    var start: CalendarDate
    var recurring: Bool
    /// A recurring period that ended before the import: kept only to compare a revision, never written.
    var ended = false
}

/// A due instance of a clause, kept for a 待明确 assignment to make its lines when designated.
struct DueInstance: Sendable, Hashable {
    var period: String
    var phrase: String
    var due: CalendarDate
    var recurring: Bool
    var periodStart: CalendarDate
}

/// "区安委会有关成员单位协同": the office designates the units later (待明确).
struct DesignationDraft: Sendable, Hashable {
    var phrase: String
    var role: UnitRole
    var line: Int
    var instances: [DueInstance]
}

/// A clause with its units resolved.
struct ClauseDraft: Sendable {
    var clause: ParsedClause
    var resolution: UnitResolution
}

struct TaskDraft: Sendable {
    var sectionIndex: Int
    var task: ParsedTask
    var clauses: [ClauseDraft]
    var lines: [LineDraft]
    var designations: [DesignationDraft] = []

    /// Lines to write (periods not yet ended at the import).
    var liveLines: [LineDraft] { lines.filter { !$0.ended } }
}

/// The whole import, ready to write.
struct PlanDraft: Sendable {
    var parsed: ParsedPlan
    var contentHash: String
    var sourceName: String
    var importDate: CalendarDate
    var tasks: [TaskDraft]

    /// The reader's warnings and the drafter's: tasks left with no line, assignments to be designated.
    var warnings: [PlanWarning] {
        var result = parsed.warnings
        for task in tasks {
            let number = task.task.number
            if task.liveLines.isEmpty && task.designations.isEmpty {
                result.append(PlanWarning(line: task.task.line, code: "task_unassigned",
                                          message: "任务\(number)“\(TaskReader.preview(task.task.title))”没有责任单位,导入后显示为未分配 (task has no responsible unit: shown as unassigned)"))
            }
            for designation in task.designations {
                result.append(PlanWarning(line: designation.line, code: "assignment_to_designate",
                                          message: "任务\(number)的“\(designation.phrase)”待区安委办明确具体单位,明确前不生成台账 (relevant units to be designated by the office)"))
            }
        }
        return result.sorted { $0.line < $1.line }
    }
    var unresolved: [UnresolvedName] { tasks.flatMap { $0.clauses.flatMap(\.resolution.unresolved) } }
    var notes: [ResolutionNote] { tasks.flatMap { $0.clauses.flatMap(\.resolution.notes) } }
    var lineCount: Int { tasks.reduce(0) { $0 + $1.liveLines.count } }
    var designationCount: Int { tasks.reduce(0) { $0 + $1.designations.count } }
}

/// The result of `plan import`: what was (or would be) created.
public struct PlanImportResult: Sendable {
    /// The plan's id (nil on a dry run of a new plan).
    public var planID: Int64?
    /// False when the same year + content was already imported (nothing written).
    public var created: Bool
    public var dryRun: Bool
    public var json: JSON
    public var sectionCount: Int
    public var taskCount: Int
    public var lineCount: Int
    public var warnings: [PlanWarning]
    /// What a revision changes (nil for a first import).
    public var revision: JSON? = nil
}

extension UnitRole {
    /// 牵头 / 协同 / 分工负责
    var chinese: String {
        switch self {
        case .lead: return "牵头"
        case .cooperating: return "协同"
        case .separatelyResponsible: return "分工负责"
        case .territorial: return "属地责任"
        }
    }
}

extension CalendarDate {
    init(_ date: PlanDate) {
        self = CalendarDate(year: date.year, month: date.month, day: date.day) ?? CalendarDate.endOfMonth(year: date.year, month: min(12, max(1, date.month)))
    }
}
