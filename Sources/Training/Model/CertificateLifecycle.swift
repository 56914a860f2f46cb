// A certificate's life (Order 30): valid → review due (the review window before the next review
// or the end of validity) → expired (the date passed without a review; a late review is still
// accepted for a grace period) → invalid (失效: not reviewed in time, failed, or revoked).
import Kernel

/// The dates that decide a certificate's status.
struct CertificateDates: Sendable {
    var type: CertificateType
    var issuedOn: CalendarDate
    var validTo: CalendarDate
    var reviewBaseOn: CalendarDate?
    var compliantSince: CalendarDate?
    var invalidReason: String?
}

/// What the rules say about a certificate on one day.
struct CertificateVerdict: Sendable {
    var status: CertificateStatus
    /// The next date a review (or, at the end of validity, a renewal review) is due.
    var checkpoint: CalendarDate
    /// The checkpoint is the end of validity (the review renews the certificate).
    var isRenewal: Bool
    /// Years between reviews used (3, or 6 with 10 years of continuous compliant work).
    var intervalYears: Int
    var windowOpens: CalendarDate
    var invalidFrom: CalendarDate
    var daysLeft: Int
    var reason: String
}

enum CertificateLifecycle {
    static func verdict(_ c: CertificateDates, on today: CalendarDate, rules: TrainingRules) -> CertificateVerdict {
        let base = c.reviewBaseOn ?? c.issuedOn
        var interval = c.type == .specialOperation ? rules.reviewIntervalYears : rules.equipmentReviewIntervalYears
        var extended = false
        if c.type == .specialOperation, let since = c.compliantSince,
           since.wholeYears(until: base.adding(years: interval)) >= rules.continuousYearsForExtension {
            interval = rules.extendedReviewIntervalYears
            extended = true
        }
        let regular = base.adding(years: interval)
        let checkpoint = min(regular, c.validTo)
        let isRenewal = checkpoint == c.validTo
        let windowOpens = checkpoint.adding(days: -rules.reviewWindowDays)
        let invalidFrom = checkpoint.adding(days: rules.lateReviewGraceDays + 1)
        let daysLeft = today.days(until: checkpoint)
        let what = isRenewal ? "renewal review (valid to \(c.validTo.iso))" : "review"
        let every = extended ? "; reviews every \(interval) years: continuous compliant work since \(c.compliantSince?.iso ?? "")" : ""
        let status: CertificateStatus
        let reason: String
        if let invalid = c.invalidReason {
            status = .invalid
            reason = "invalid: \(invalid)"
        } else if today < windowOpens {
            status = .valid
            reason = "valid; next \(what) due \(checkpoint.iso), window opens \(windowOpens.iso)\(every)"
        } else if today <= checkpoint {
            status = .reviewDue
            reason = "review due: \(what) by \(checkpoint.iso), \(daysLeft) day(s) left\(every)"
        } else if today < invalidFrom {
            status = .expired
            reason = "expired: \(what) was due \(checkpoint.iso) and not done; a late review is accepted until \(invalidFrom.adding(days: -1).iso)"
        } else {
            status = .invalid
            reason = "invalid: \(what) was due \(checkpoint.iso) and not done (未按期复审, 失效)"
        }
        return CertificateVerdict(status: status, checkpoint: checkpoint, isRenewal: isRenewal, intervalYears: interval,
                                  windowOpens: windowOpens, invalidFrom: invalidFrom, daysLeft: daysLeft, reason: reason)
    }
}
