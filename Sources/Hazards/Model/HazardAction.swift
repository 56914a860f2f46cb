// The explicit actions of the lifecycle: each is `POST /api/v1/hazards/{id}/actions/<verb>` and
// `anwei hazards <verb> ID`. Which states each starts from and which roles may take it.
import Kernel

public enum HazardAction: String, Sendable, CaseIterable {
    case filePlan = "file-plan"
    case listForSupervision = "list-for-supervision"
    case reportProgress = "report-progress"
    case finishRectification = "finish-rectification"
    case submitAssessment = "submit-assessment"
    case applyReview = "apply-review"
    case review
    case reopen
    case merge
    case penalise
    case regrade
    case extendDeadline = "extend-deadline"
    case transfer

    /// The action as officials name it, for messages.
    public var chinese: String {
        switch self {
        case .filePlan: return "治理方案备案"
        case .listForSupervision: return "挂牌督办"
        case .reportProgress: return "报告整改进展"
        case .finishRectification: return "报告整改完成"
        case .submitAssessment: return "提交治理效果评估"
        case .applyReview: return "申请销号"
        case .review: return "核查销号"
        case .reopen: return "重新打开"
        case .merge: return "合并"
        case .penalise: return "行政处罚"
        case .regrade: return "重新定级"
        case .extendDeadline: return "延期"
        case .transfer: return "改派监管部门"
        }
    }

    public var summary: String {
        switch self {
        case .filePlan: return "file the major hazard's report and six-part remediation plan (治理方案备案)"
        case .listForSupervision: return "list the hazard for supervision (挂牌督办): level, notice number, supervising body"
        case .reportProgress: return "report rectification progress (整改进展)"
        case .finishRectification: return "report the rectification finished (整改完成)"
        case .submitAssessment: return "submit the assessment of the rectification (治理效果评估)"
        case .applyReview: return "apply for the closure review (申请销号)"
        case .review: return "review on site: pass closes (销号), fail sends it back to rectifying with reasons"
        case .reopen: return "reopen a closed hazard, with the reason"
        case .merge: return "merge this duplicate into another hazard"
        case .penalise: return "record an administrative penalty for this major hazard (Law Art 113)"
        case .regrade: return "regrade general ↔ major (重新定级), with the reason; a major hazard needs its clause, and its report and plan once past reported"
        case .extendDeadline: return "extend the rectification deadline (延期), approved by the supervising department, with the reason"
        case .transfer: return "transfer the hazard to another supervising department (改派监管部门; the committee office only), with the reason"
        }
    }

    /// Roles that may take the action at all (403 for others).
    public var roles: Set<Role> {
        switch self {
        case .filePlan, .reportProgress, .finishRectification, .submitAssessment, .applyReview:
            return [.admin, .office, .unit, .town, .enterprise]
        case .listForSupervision, .review, .reopen, .penalise, .regrade, .extendDeadline:
            return [.admin, .office, .unit]
        case .transfer:
            return [.admin, .office]
        case .merge:
            return [.admin, .office, .unit, .town]
        }
    }

    /// Whether the action may start from `status` for a hazard of `grade` (listed or not).
    public func allowed(from status: HazardStatus, grade: HazardGrade, listed: Bool) -> Bool {
        let major = grade == .major
        switch self {
        case .filePlan: return major && status == .reported
        case .listForSupervision: return major && !listed && [.reported, .planFiled, .rectifying, .rectified, .assessed].contains(status)
        case .reportProgress: return status == .planFiled || status == .rectifying || (!major && status == .reported)
        case .finishRectification: return status == .rectifying || (!major && status == .reported)
        case .submitAssessment: return major && status == .rectified
        case .applyReview: return (major && status == .assessed) || (!major && status == .rectified)
        case .review: return status == .reviewApplied
        case .reopen: return status == .closed
        case .merge: return status.isOpen
        case .penalise: return major && status != .merged
        // A review pending, the hazard is judged as it was applied for: fail the review first.
        case .regrade: return [.reported, .planFiled, .rectifying, .rectified].contains(status)
        case .extendDeadline, .transfer: return status.isOpen
        }
    }

    /// The actions `status` allows, for the 409 answer.
    public static func allowed(from status: HazardStatus, grade: HazardGrade, listed: Bool) -> [HazardAction] {
        allCases.filter { $0.allowed(from: status, grade: grade, listed: listed) }
    }
}
