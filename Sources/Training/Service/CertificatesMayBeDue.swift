// Which certificates the overview (待办) need judge: a certificate is in its review window or past
// it without a review (待复审, 逾期未复审) when its checkpoint — the earlier of the end of its
// validity and its base day plus a review interval — lies after today less the grace and on or
// before today plus the window (CertificateLifecycle.verdict). This tests that in SQL on the
// row's dates, widened by a few days (a year added to 29 February), so that only those few are
// read in full and judged in Swift, which still decides (issue 23: at ten years the overview
// judged every one of 24,000 certificates).
import Kernel

extension CertificatesOverview {
    struct MayBeDue {
        /// Slack in days around the window: SQL compares dates as text, the verdict adds whole years.
        static let slackDays = 3

        /// On alias `c` of training_certificates, with its arguments: checkpoint > after and
        /// checkpoint <= upTo, with checkpoint = min(valid_to, base + I) for one of the intervals I:
        /// valid_to after `after`, and either valid_to by `upTo` or base within (after − I, upTo − I].
        func condition(_ today: CalendarDate, rules: TrainingRules) -> (sql: String, arguments: [any DatabaseValueConvertible]) {
            let after = min(today, today.adding(days: -rules.lateReviewGraceDays - 1)).adding(days: -Self.slackDays)
            let upTo = max(today, today.adding(days: rules.reviewWindowDays)).adding(days: Self.slackDays)
            let intervals = Set([rules.reviewIntervalYears, rules.extendedReviewIntervalYears, rules.equipmentReviewIntervalYears]).sorted()
            let base = "coalesce(c.review_base_on, c.issued_on)"
            let windows = intervals.map { _ in "(\(base) > ? AND \(base) <= ?)" }
            var arguments: [any DatabaseValueConvertible] = [after.iso, upTo.iso]
            for years in intervals { arguments += [after.adding(years: -years).iso, upTo.adding(years: -years).iso] }
            return ("c.valid_to > ? AND (c.valid_to <= ? OR \(windows.joined(separator: " OR ")))", arguments)
        }
    }

    static let mayBeDue = MayBeDue()
}
