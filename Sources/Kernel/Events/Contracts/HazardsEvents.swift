// Published by Hazards (隐患).

/// What every hazard event says of the hazard.
public struct HazardFacts: Codable, Sendable, Hashable {
    public var hazardId: Int64
    public var code: String
    public var grade: String
    public var territoryId: Int64?
    public var sector: String
    public var supervisingUnitId: Int64?
    public var enterpriseId: Int64?
    public var source: String
    public init(hazardId: Int64, code: String, grade: String, territoryId: Int64?, sector: String, supervisingUnitId: Int64?, enterpriseId: Int64?, source: String) {
        self.hazardId = hazardId
        self.code = code
        self.grade = grade
        self.territoryId = territoryId
        self.sector = sector
        self.supervisingUnitId = supervisingUnitId
        self.enterpriseId = enterpriseId
        self.source = source
    }
}

public struct HazardRegistered: EventContract {
    public static let type = "hazards.hazard.registered"
    public var hazard: HazardFacts
    public init(hazard: HazardFacts) { self.hazard = hazard }
}

public struct HazardClosed: EventContract {
    public static let type = "hazards.hazard.closed"
    public var hazard: HazardFacts
    public var onTime: Bool
    public init(hazard: HazardFacts, onTime: Bool) {
        self.hazard = hazard
        self.onTime = onTime
    }
}

public struct HazardReopened: EventContract {
    public static let type = "hazards.hazard.reopened"
    public var hazard: HazardFacts
    public var reason: String
    public init(hazard: HazardFacts, reason: String) {
        self.hazard = hazard
        self.reason = reason
    }
}

/// 重新定级: a hazard regraded general ↔ major by its department (or the office), with the reason.
/// `hazard` is as it is after the regrade; a hazard that becomes major goes on the next risk
/// consultation's agenda as a newly registered major one would.
public struct HazardRegraded: EventContract {
    public static let type = "hazards.hazard.regraded"
    public var hazard: HazardFacts
    /// The grade before: "general" or "major".
    public var fromGrade: String
    public var reason: String
    public init(hazard: HazardFacts, fromGrade: String, reason: String) {
        self.hazard = hazard
        self.fromGrade = fromGrade
        self.reason = reason
    }
}

/// 改派监管部门: the committee office gave a hazard to another supervising department, with the
/// reason. `hazard` names the new department; `fromUnitId` the one it was taken from.
public struct HazardTransferred: EventContract {
    public static let type = "hazards.hazard.transferred"
    public var hazard: HazardFacts
    public var fromUnitId: Int64
    public var reason: String
    public init(hazard: HazardFacts, fromUnitId: Int64, reason: String) {
        self.hazard = hazard
        self.fromUnitId = fromUnitId
        self.reason = reason
    }
}

/// A hazard passed its deadline; published once per threshold (e.g. 1, 30, 90 days). When a late
/// check catches up past several thresholds at once, only the highest is published.
public struct HazardOverdue: EventContract {
    public static let type = "hazards.hazard.overdue"
    public var hazard: HazardFacts
    public var daysOverdue: Int
    public var listed: Bool
    /// The threshold (days overdue) this event is for; nil from publishers before it existed.
    public var threshold: Int?
    public init(hazard: HazardFacts, daysOverdue: Int, listed: Bool, threshold: Int? = nil) {
        self.hazard = hazard
        self.daysOverdue = daysOverdue
        self.listed = listed
        self.threshold = threshold
    }
}

/// A hazard's on-site closure review (销号核查, due within 10 days of the application) is about to
/// lapse, or has lapsed when the check ran late: published once per application.
public struct HazardReviewDue: EventContract {
    public static let type = "hazards.hazard.review_due"
    public var hazard: HazardFacts
    public var reviewAppliedOn: CalendarDate
    public var reviewDue: CalendarDate
    /// Days left until the due day (0: due today; negative: lapsed).
    public var daysLeft: Int
    public init(hazard: HazardFacts, reviewAppliedOn: CalendarDate, reviewDue: CalendarDate, daysLeft: Int) {
        self.hazard = hazard
        self.reviewAppliedOn = reviewAppliedOn
        self.reviewDue = reviewDue
        self.daysLeft = daysLeft
    }
}

/// A reporter contested the dismissal of a tip-off: its triage reopens (no personal data).
public struct TipOffContested: EventContract {
    public static let type = "hazards.tipoff.contested"
    public var tipOffId: Int64
    public var territoryId: Int64?
    public init(tipOffId: Int64, territoryId: Int64?) {
        self.tipOffId = tipOffId
        self.territoryId = territoryId
    }
}

/// A public tip-off has waited past its triage deadline (no personal data).
public struct TipOffOverdue: EventContract {
    public static let type = "hazards.tipoff.overdue"
    public var tipOffId: Int64
    public var territoryId: Int64?
    public var receivedAt: String
    public init(tipOffId: Int64, territoryId: Int64?, receivedAt: String) {
        self.tipOffId = tipOffId
        self.territoryId = territoryId
        self.receivedAt = receivedAt
    }
}

/// An overdue major hazard is not yet listed for supervision: Hazards proposes 挂牌督办
/// (once per hazard); the office or Supervision decides.
public struct HazardListingProposed: EventContract {
    public static let type = "hazards.hazard.listing_proposed"
    public var hazard: HazardFacts
    public var daysOverdue: Int
    public var deadline: CalendarDate
    public init(hazard: HazardFacts, daysOverdue: Int, deadline: CalendarDate) {
        self.hazard = hazard
        self.daysOverdue = daysOverdue
        self.deadline = deadline
    }
}
