// Every number of the Hazards module is configuration with domain.md's defaults.
import Kernel

public struct HazardsSettings: Sendable {
    /// Days from application to the on-site review (销号核查).
    public var reviewDays = 10
    /// Days overdue at which `hazards.hazard.overdue` is published (once each).
    public var overdueThresholds = [1, 7, 30, 90]
    /// Stock (存量): major hazards found in this year or before.
    public var stockLastYear = 2023
    /// Default deadline (days after finding) when a finding gives none.
    public var defaultDeadlineDays = 30
    /// Law Art 113: penalised this many times within so many days flags the enterprise for closure.
    public var closureRules: [(times: Int, days: Int)] = [(3, 180), (4, 365)]
    /// Attachments: largest size, and the types accepted (checked against the bytes).
    public var maxAttachmentBytes = 5 * 1024 * 1024
    public var attachmentTypes = ["image/jpeg", "image/png", "application/pdf"]
    /// Tip-offs: size of the text, photos per tip-off, submissions per client address per window.
    public var maxTipOffTextCharacters = 2000
    public var maxTipOffPhotos = 3
    /// Accepted submissions per client address per window (refused ones do not count); the
    /// reporter's follow-ups ("not fixed", contesting a dismissal) have their own, larger, budget.
    /// Docs/rules/tipoff-limits.md; `anwei serve` reads ANWEI_TIPOFF_* over these defaults.
    public var tipOffsPerWindow = 5
    public var tipOffFollowUpsPerWindow = 20
    public var tipOffWindowSeconds: Double = 3600
    /// Client addresses the limiter remembers at most (the least recently seen are forgotten first).
    public var tipOffTrackedClients = 100_000
    /// How often a reporter may contest the dismissal of one tip-off.
    public var tipOffContestsMax = 3
    /// Days before the on-site review's due day when `hazards.hazard.review_due` reminds (once).
    public var reviewReminderDays = 3
    /// Days a tip-off may wait for triage before `hazards.tipoff.overdue`.
    public var tipOffTriageDays = 7
    /// Statistics reports: day of the month after a quarter they are due; the yearly one's due date.
    public var quarterlyReportDueDay = 15
    public var yearlyReportDue = (month: 1, day: 31)

    public init() {}
}
