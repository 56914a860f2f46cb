// Who is acting: a user with a role (domain.md §1) and a scope, or the local administrator.

/// The roles of domain.md §1.
public enum Role: String, Sendable, Codable, CaseIterable {
    /// 系统管理员: users, tokens, webhooks, the event feed, the audit log and backups — and,
    /// as the one who installs the system, every office action too.
    case admin
    /// 成员单位: its own tasks, lists, hazards in its sector, its meetings.
    case unit
    /// 镇、景区、开发区: everything located in its territory.
    case town
    /// 督导组成员: the towns its group covers this period.
    case inspector
    /// 生产经营单位: its own hazards, staff, training, certificates.
    case enterprise
    /// 区安委办 staff: all of the district's data and the office's actions, but not the system's
    /// (users, others' tokens, webhooks, the event feed, the audit log).
    case office

    /// The role as officials name it (用户角色), for messages and forms.
    public var chinese: String {
        switch self {
        case .admin: return "系统管理员"
        case .office: return "区安委办"
        case .unit: return "成员单位"
        case .town: return "镇（景区、开发区）"
        case .inspector: return "督导组"
        case .enterprise: return "生产经营单位"
        }
    }

    /// "a unit user", "an enterprise user": the English gloss of a refusal.
    public var englishUser: String {
        "\(self == .admin || self == .inspector || self == .enterprise || self == .office ? "an" : "a") \(rawValue) user"
    }
}

/// What part of the data an actor may see.
public enum Scope: Sendable, Hashable, Codable {
    case all
    case unit(Int64)
    case territory(Int64)
    case group(Int64)
    case enterprise(Int64)

    /// `unit:12`, `territory:3`, `all` …
    public var text: String {
        switch self {
        case .all: return "all"
        case .unit(let id): return "unit:\(id)"
        case .territory(let id): return "territory:\(id)"
        case .group(let id): return "group:\(id)"
        case .enterprise(let id): return "enterprise:\(id)"
        }
    }

    public init?(text: String) {
        if text == "all" { self = .all; return }
        let parts = text.split(separator: ":")
        guard parts.count == 2, let id = Int64(parts[1]), id > 0 else { return nil }
        switch parts[0] {
        case "unit": self = .unit(id)
        case "territory": self = .territory(id)
        case "group": self = .group(id)
        case "enterprise": self = .enterprise(id)
        default: return nil
        }
    }
}

/// The one who acts: recorded in every audit record.
public struct Actor: Sendable, Hashable {
    public var userID: Int64?
    public var username: String
    public var role: Role
    public var scope: Scope
    /// Extra rights granted to this user (e.g. `tipoffs.contact.read`).
    public var grants: Set<String>
    /// Territories an inspector's group covers now (resolved at sign-in by the Supervision module).
    public var coveredTerritories: Set<Int64>

    public init(userID: Int64?, username: String, role: Role, scope: Scope, grants: Set<String> = [], coveredTerritories: Set<Int64> = []) {
        self.userID = userID
        self.username = username
        self.role = role
        self.scope = scope
        self.grants = grants
        self.coveredTerritories = coveredTerritories
    }

    /// The administrator at the server's own shell (`anwei ...` without `--as`).
    public static let localAdministrator = Actor(userID: nil, username: "local-admin", role: .admin, scope: .all, grants: ["*"])

    /// The system itself (scheduled checks, event handlers).
    public static func system(_ part: String) -> Actor {
        Actor(userID: nil, username: "system:\(part)", role: .admin, scope: .all)
    }

    /// The public (tip-off intake): no account.
    public static let anonymousPublic = Actor(userID: nil, username: "public", role: .enterprise, scope: .enterprise(-1))

    /// The system administrator: users, tokens, webhooks, the event feed and the audit log.
    public var isAdmin: Bool { role == .admin }
    /// Acts for the district office (区安委办): sees the whole district and takes the office's actions.
    public var isOffice: Bool { role == .admin || role == .office }
    public func has(grant: String) -> Bool { grants.contains("*") || grants.contains(grant) }
}
