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
}

/// The whole import, ready to write.
struct PlanDraft: Sendable {
    var parsed: ParsedPlan
    var contentHash: String
    var sourceName: String
    var importDate: CalendarDate
    var tasks: [TaskDraft]

    var unresolved: [UnresolvedName] { tasks.flatMap { $0.clauses.flatMap(\.resolution.unresolved) } }
    var notes: [ResolutionNote] { tasks.flatMap { $0.clauses.flatMap(\.resolution.notes) } }
    var lineCount: Int { tasks.reduce(0) { $0 + $1.lines.count } }
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
}

extension UnitRole {
    /// 牵头 / 协同 / 分工负责
    var chinese: String {
        switch self {
        case .lead: return "牵头"
        case .cooperating: return "协同"
        case .separatelyResponsible: return "分工负责"
        }
    }
}

extension CalendarDate {
    init(_ date: PlanDate) {
        self = CalendarDate(year: date.year, month: date.month, day: date.day) ?? CalendarDate.endOfMonth(year: date.year, month: min(12, max(1, date.month)))
    }
}
