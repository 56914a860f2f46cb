// The hazard lifecycle (domain.md §5): reported → (major) plan filed → rectifying → rectified →
// (major) assessed → review applied → closed, or rejected back to rectifying; merged duplicates.

/// Where a hazard stands.
public enum HazardStatus: String, Sendable, CaseIterable {
    case reported
    case planFiled
    case rectifying
    case rectified
    case assessed
    case reviewApplied
    case closed
    case merged

    /// 上报 / 已备案治理方案 / 整改中 / 整改完成 / 已评估 / 已申请核查 / 已销号 / 已合并
    public var chinese: String {
        switch self {
        case .reported: return "已上报"
        case .planFiled: return "治理方案已备案"
        case .rectifying: return "整改中"
        case .rectified: return "整改完成"
        case .assessed: return "已评估"
        case .reviewApplied: return "已申请销号核查"
        case .closed: return "已销号"
        case .merged: return "已合并"
        }
    }

    /// Still needs work (counts as open in every view).
    public var isOpen: Bool { self != .closed && self != .merged }

    /// Every state with its Chinese label.
    static var choices: [(code: String, label: String)] { allCases.map { ($0.rawValue, $0.chinese) } }
    /// The states and `open` (every state not finished), for list filters.
    static var filterChoices: [(code: String, label: String)] { [("open", "未办结")] + choices }

    /// The SQL list of the states that are not open.
    static let finishedSQL = "('closed', 'merged')"
}

/// 一般 / 重大 (Order 16 Art 3).
public enum HazardGrade: String, Sendable, CaseIterable {
    case general
    case major
    public var chinese: String { self == .major ? "重大" : "一般" }
    static var choices: [(code: String, label: String)] { allCases.map { ($0.rawValue, $0.chinese) } }
}

/// Where a hazard was found.
public enum HazardSource: String, Sendable, CaseIterable {
    case selfInspection
    case supervisionFinding
    case departmentInspection
    case tipOff
    case jointInvestigation

    public var chinese: String {
        switch self {
        case .selfInspection: return "企业自查"
        case .supervisionFinding: return "督导发现"
        case .departmentInspection: return "部门检查"
        case .tipOff: return "群众举报"
        case .jointInvestigation: return "联合排查"
        }
    }

    static var choices: [(code: String, label: String)] { allCases.map { ($0.rawValue, $0.chinese) } }
    /// What a user may give when registering (a tip-off's hazard is registered from the tip-off).
    static var registerChoices: [(code: String, label: String)] { choices.filter { $0.code != HazardSource.tipOff.rawValue } }
}
