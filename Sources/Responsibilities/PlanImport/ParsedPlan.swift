// 解析结果:工作要点 → 部分(一、)→ 任务((一) / 1.)→ 责任条款(牵头、协同、分工负责单位)与时限。

/// 牵头 / 协同(配合、会同)/ 分工负责 / 属地责任 (a town, scenic area or zone named in a clause).
public enum UnitRole: String, Sendable, Codable, CaseIterable {
    case lead
    case cooperating
    case separatelyResponsible
    case territorial

    /// lead > separatelyResponsible = territorial > cooperating: a unit named twice in a clause keeps the stronger role.
    public var strength: Int {
        switch self {
        case .lead: return 3
        case .separatelyResponsible, .territorial: return 2
        case .cooperating: return 1
        }
    }
}

/// A unit name or collective phrase as written in a clause, with the role the clause gives it.
public struct UnitPhrase: Sendable, Hashable, Codable {
    public var text: String
    public var role: UnitRole
    public var line: Int

    public init(text: String, role: UnitRole, line: Int) {
        self.text = text
        self.role = role
        self.line = line
    }
}

/// 责任条款: "(责任单位:区安委办牵头,…)" and the sentences it covers (those since the previous clause).
public struct ParsedClause: Sendable, Hashable, Codable {
    public var raw: String
    public var line: Int
    public var units: [UnitPhrase]
    public var deadlines: [ParsedDeadline]
    public var text: String

    public init(raw: String, line: Int, units: [UnitPhrase], deadlines: [ParsedDeadline], text: String) {
        self.raw = raw
        self.line = line
        self.units = units
        self.deadlines = deadlines
        self.text = text
    }
}

/// A task: "(四)" under its section, or a path such as "三/(一)/1." when the plan nests deeper.
public struct ParsedTask: Sendable, Hashable, Codable {
    public var number: String
    public var title: String
    public var text: String
    public var line: Int
    public var clauses: [ParsedClause]
    /// Every deadline in the task, including those in text no clause covers.
    public var deadlines: [ParsedDeadline]

    public init(number: String, title: String, text: String, line: Int, clauses: [ParsedClause], deadlines: [ParsedDeadline]) {
        self.number = number
        self.title = title
        self.text = text
        self.line = line
        self.clauses = clauses
        self.deadlines = deadlines
    }
}

/// 一、二、三、…
public struct ParsedSection: Sendable, Hashable, Codable {
    public var number: String
    public var title: String
    public var line: Int
    public var tasks: [ParsedTask]

    public init(number: String, title: String, line: Int, tasks: [ParsedTask]) {
        self.number = number
        self.title = title
        self.line = line
        self.tasks = tasks
    }
}

/// Something the importer noticed and the user should check; always with the line it concerns,
/// a Chinese message and a stable code for scripts.
public struct PlanWarning: Sendable, Hashable, Codable, CustomStringConvertible {
    public var line: Int
    public var message: String
    /// e.g. `unclosed_bracket`, `clause_cut_off`, `no_clause`, `text_without_clause`, `clause_without_unit`, `task_unassigned`.
    public var code: String

    public init(line: Int, code: String, message: String) {
        self.line = line
        self.code = code
        self.message = message
    }

    public var description: String { "第\(line)行: \(message)" }
}

/// 工作要点 as read from a document.
public struct ParsedPlan: Sendable, Codable {
    public var title: String?
    public var year: Int
    public var sections: [ParsedSection]
    public var warnings: [PlanWarning]
    public var taskCount: Int

    public init(title: String?, year: Int, sections: [ParsedSection], warnings: [PlanWarning]) {
        self.title = title
        self.year = year
        self.sections = sections
        self.warnings = warnings
        self.taskCount = sections.reduce(0) { $0 + $1.tasks.count }
    }

    /// All tasks in document order.
    public var tasks: [ParsedTask] { sections.flatMap(\.tasks) }
}
