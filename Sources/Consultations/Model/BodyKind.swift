// Whose meeting a kind is: the body that must hold it.

public enum BodyKind: String, Sendable, CaseIterable {
    /// 区安委办 (the quarterly risk consultation among towns and departments).
    case office
    /// 区政府 (the government head's quarterly study of work safety).
    case government
    /// 区工委 / party committee ("第一议题").
    case partyCommittee
    /// 区安委会 (plenary).
    case committee
    /// 专项领导小组: each group is its own body.
    case specialGroup
}

/// A lead body of a decision or a body concerned by a risk: a member unit or a territory.
public enum BodyRef: Sendable, Hashable {
    case unit(Int64)
    case territory(Int64)

    public var kind: String {
        switch self {
        case .unit: return "unit"
        case .territory: return "territory"
        }
    }

    public var id: Int64 {
        switch self {
        case .unit(let id), .territory(let id): return id
        }
    }
}
