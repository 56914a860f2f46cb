// Every figure of domain.md §6 in one place: configuration with the domain's defaults, never a
// constant scattered in code. Orders: 3号令 (training), 30号令 (special-operation certificates).

/// The training rules a district applies; `TrainingRules()` holds the defaults of domain.md §6.
public struct TrainingRules: Sendable {
    /// Class hours for principal persons and safety managers (Order 3 Art 9): initial and yearly.
    public var managerInitialHours: Double = 32
    public var managerYearlyHours: Double = 12
    /// The same in the five high-risk industries.
    public var highRiskManagerInitialHours: Double = 48
    public var highRiskManagerYearlyHours: Double = 16
    /// New workers before the job (Order 3 Art 13): 24 h; high-risk 72 h and 20 h every year.
    public var workerInitialHours: Double = 24
    public var workerYearlyHours: Double = 0
    public var highRiskWorkerInitialHours: Double = 72
    public var highRiskWorkerYearlyHours: Double = 20
    /// Principal persons and safety managers complete initial training within this many days of
    /// taking the post (自任职之日起6个月内); workers complete theirs before the job.
    public var managerInitialDueDays = 183
    /// New workers' three levels (三级安全培训教育): plant, workshop, team.
    public var requireThreeLevels = true
    /// Away from the job this long (years) means re-training before returning.
    public var awayYearsForRetraining = 1
    /// A re-training held up to this many days before the job change or return counts for it.
    public var retrainingLeadDays = 30
    /// Exams: a score out of 100, passing at 80, with one make-up.
    public var passMark = 80
    public var makeUpAttempts = 1
    /// Initial training of principal persons and safety managers counts only with a passed exam.
    public var initialNeedsPassedExam = true

    /// Special-operation certificates (Order 30): valid 6 years, reviewed every 3 (or 6 after
    /// 10 years of continuous compliant work), review applied for within 60 days before.
    public var certificateValidityYears = 6
    public var reviewIntervalYears = 3
    public var extendedReviewIntervalYears = 6
    public var continuousYearsForExtension = 10
    public var reviewWindowDays = 60
    /// A certificate past its review date stays "expired" this many days (a late review is still
    /// accepted); after that it is invalid (失效) and only a new exam replaces it. Local setting.
    public var lateReviewGraceDays = 30
    /// Reminders before a review or expiry date, once each.
    public var reminderDays = [90, 60, 30, 7]
    /// Special-equipment operator certificates (特种设备作业人员证, market regulation): a separate type.
    public var equipmentCertificateValidityYears = 4
    public var equipmentReviewIntervalYears = 4

    /// Bans (Law Art 94): lifetime after a major or especially major accident, otherwise this many years.
    public var banTermYears = 5
    public var banLegalBasis = "《安全生产法》第九十四条"

    public init() {}

    public func initialHours(role: TrainingRole, highRisk: Bool) -> Double {
        role.isManager ? (highRisk ? highRiskManagerInitialHours : managerInitialHours)
                       : (highRisk ? highRiskWorkerInitialHours : workerInitialHours)
    }

    public func yearlyHours(role: TrainingRole, highRisk: Bool) -> Double {
        role.isManager ? (highRisk ? highRiskManagerYearlyHours : managerYearlyHours)
                       : (highRisk ? highRiskWorkerYearlyHours : workerYearlyHours)
    }

    public func validityYears(_ type: CertificateType) -> Int {
        type == .specialOperation ? certificateValidityYears : equipmentCertificateValidityYears
    }

    public func passes(_ score: Int?) -> Bool { score.map { $0 >= passMark } ?? false }
}
