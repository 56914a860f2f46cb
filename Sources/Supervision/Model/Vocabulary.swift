// The words of domain.md §4 as types: inspection modes, severities, finding states, instrument
// kinds and the bodies a finding or an instrument is addressed to.
import Kernel

/// 明查 / 暗访 / 四不两直 / 专家指导.
enum InspectionMode: String, CaseIterable, Sendable {
    case overt, covert, unannounced, expert
    var label: String {
        switch self {
        case .overt: return "明查"
        case .covert: return "暗访"
        case .unannounced: return "四不两直"
        case .expert: return "专家指导"
        }
    }
}

enum Severity: String, CaseIterable, Sendable {
    case minor, general, serious
    var label: String {
        switch self {
        case .minor: return "轻微"
        case .general: return "一般"
        case .serious: return "严重"
        }
    }
}

/// A finding's rectification state: open → rectifying → rectified → closed (回头看 passed), or back to
/// rectifying when the re-check fails.
enum FindingStatus: String, CaseIterable, Sendable {
    case open, rectifying, rectified, closed
    var label: String {
        switch self {
        case .open: return "待整改"
        case .rectifying: return "整改中"
        case .rectified: return "已整改待回头看"
        case .closed: return "已销号"
        }
    }
    /// The actions allowed in this state.
    var allowedActions: [String] {
        switch self {
        case .open, .rectifying: return ["progress", "complete"]
        case .rectified: return ["recheck"]
        case .closed: return ["recheck"]
        }
    }
}

/// The enforcement ladder, in order.
enum InstrumentKind: String, CaseIterable, Sendable {
    case reminder, urgingLetter, warningNotice, admonitoryInterview, listedSupervision, escalatedInvestigation
    var label: String {
        switch self {
        case .reminder: return "催办"
        case .urgingLetter: return "督促函"
        case .warningNotice: return "警示通报"
        case .admonitoryInterview: return "约谈"
        case .listedSupervision: return "挂牌督办"
        case .escalatedInvestigation: return "提级调查"
        }
    }
    /// The short word in the document number, e.g. 安委办督促〔2024〕3号.
    var numberWord: String {
        switch self {
        case .reminder: return "催"
        case .urgingLetter: return "督促"
        case .warningNotice: return "通报"
        case .admonitoryInterview: return "约谈"
        case .listedSupervision: return "挂牌"
        case .escalatedInvestigation: return "提级"
        }
    }
}

/// Whom a finding, notice or instrument is addressed to.
enum BodyKind: String, CaseIterable, Sendable {
    case unit, territory, enterprise
    var table: String {
        switch self {
        case .unit: return "registry_units"
        case .territory: return "registry_territories"
        case .enterprise: return "registry_enterprises"
        }
    }
    var schema: EntitySchema {
        switch self {
        case .unit: return RegistrySchemas.units
        case .territory: return RegistrySchemas.territories
        case .enterprise: return RegistrySchemas.enterprises
        }
    }
}


/// A finding that is a hazard: 一般 or 重大.
enum FindingHazardGrade: String, CaseIterable, Sendable {
    case general, major
}

/// Where a finding came from.
enum FindingSource: String, CaseIterable, Sendable {
    case inspection, higherAssessment
}

/// A member's part in a supervision group.
enum MemberRole: String, CaseIterable, Sendable {
    case member, deputy, expert, liaison
}

/// An escalation proposal's state.
enum ProposalStatus: String, CaseIterable, Sendable {
    case proposed, accepted, declined
}

/// A sealed draw's state.
enum DrawStatus: String, CaseIterable, Sendable {
    case sealed, revealed
}

/// Whom a manual assessment item scores.
enum SubjectKind: String, CaseIterable, Sendable {
    case unit, territory
}

/// Where an assessment indicator's points come from.
enum IndicatorSource: String, CaseIterable, Sendable {
    case facts, visitsMissing, findingsOverdue, instruments, manual
}

/// A cell of the coverage matrix.
enum CoverageStatus: String, CaseIterable, Sendable {
    case planned, done, overdue, due_soon, missing, unassigned
}

extension BodyKind {
    /// The registry's plural for a `.reference` field.
    var plural: String {
        switch self {
        case .unit: return "units"
        case .territory: return "territories"
        case .enterprise: return "enterprises"
        }
    }
}
