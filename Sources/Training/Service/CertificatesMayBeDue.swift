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
        /// On alias `c` of training_certificates; `arguments` binds it.
        let sql = """
            c.valid_to > ? AND coalesce(c.review_base_on, c.issued_on) > ?
            AND (c.valid_to <= ? OR coalesce(c.review_base_on, c.issued_on) <= ?)
            """

        /// Slack in days around the window: SQL compares dates as text, the verdict adds whole years.
        static let slackDays = 3

        func arguments(_ today: CalendarDate, rules: TrainingRules) -> [any DatabaseValueConvertible] {
            let intervals = [rules.reviewIntervalYears, rules.extendedReviewIntervalYears, rules.equipmentReviewIntervalYears]
            // checkpoint > after and checkpoint <= upTo, with checkpoint = min(valid_to, base + interval).
            let after = min(today, today.adding(days: -rules.lateReviewGraceDays - 1)).adding(days: -Self.slackDays)
            let upTo = max(today, today.adding(days: rules.reviewWindowDays)).adding(days: Self.slackDays)
            return [after.iso, after.adding(years: -(intervals.max() ?? 0)).iso,  // valid_to and base + the longest interval after `after`
                    upTo.iso, upTo.adding(years: -(intervals.min() ?? 0)).iso]     // valid_to or base + the shortest interval by `upTo`
        }
    }

    static let mayBeDue = MayBeDue()
}
