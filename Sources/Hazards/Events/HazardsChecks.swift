// Scheduled checks: an overdue hazard publishes `hazards.hazard.overdue` once per threshold — and
// when a late run catches up past several thresholds at once, only the highest is published (the
// lower ones are marked passed), so one tick never floods a robot with copies; an overdue major
// hazard not yet listed publishes a proposal to list it (挂牌督办), once; a closure review about to
// lapse publishes `hazards.hazard.review_due`, once per application; tip-offs waiting past their
// triage window publish `hazards.tipoff.overdue`, once per time they wait.
import Kernel

enum HazardsChecks {
    static func all(_ settings: HazardsSettings) -> [ScheduledCheck] {
        [
            ScheduledCheck(id: "hazards.overdue", summary: "overdue hazards (once per threshold) and proposals to list overdue major hazards") { core in
                try core.write(.system("hazards.overdue")) { tx in try overdue(settings, tx) }
            },
            ScheduledCheck(id: "hazards.review-due", summary: "closure reviews due within \(settings.reviewReminderDays) days (once per application)") { core in
                try core.write(.system("hazards.review-due")) { tx in try reviewsDue(settings, tx) }
            },
            ScheduledCheck(id: "hazards.tipoff-triage", summary: "tip-offs not triaged within \(settings.tipOffTriageDays) days") { core in
                try core.write(.system("hazards.tipoff-triage")) { tx in try tipOffs(settings, tx) }
            },
        ]
    }

    static func overdue(_ settings: HazardsSettings, _ tx: WriteTransaction) throws -> Int {
        var published = 0
        let thresholds = settings.overdueThresholds.sorted()
        let rows = try overdueCandidates(thresholds: thresholds, tx).map { id in
            try tx.db.queryOne("SELECT \(HazardStore.columns) FROM \(HazardStore.withNames) WHERE h.id = ?", [id])
        }.compactMap { $0 }
        for row in rows {
            guard let deadline = CalendarDate(iso: row.requiredString("deadline")) else { continue }
            let days = deadline.days(until: tx.today)
            let subject = "hazard:\(row.requiredInt("id"))"
            let facts = HazardView.facts(row)
            // Every threshold reached is marked; the highest newly reached is the one published.
            var newest: Int?
            for threshold in thresholds where days >= threshold {
                if try tx.fireOnce(check: "hazards.overdue", subject: subject, threshold: "\(threshold)d") { newest = threshold }
            }
            if let threshold = newest {
                try tx.publish(HazardOverdue(hazard: facts, daysOverdue: days, listed: row.bool("listed"), threshold: threshold),
                               summary: HazardSummary.overdue(row, days: days, threshold: threshold))
                published += 1
            }
            if row.requiredString("grade") == HazardGrade.major.rawValue, !row.bool("listed"),
               try tx.fireOnce(check: "hazards.listing-proposal", subject: subject, threshold: "deadline:\(deadline.iso)") {
                try tx.publish(HazardListingProposed(hazard: facts, daysOverdue: days, deadline: deadline), summary: HazardSummary.listingProposed(row, days: days))
                published += 1
            }
        }
        if published > 0 {
            try tx.audit(action: "hazards.check.overdue", entity: "check", entityID: "hazards.overdue", summary: "published \(published) overdue event(s) on \(tx.today.iso)")
        }
        return published
    }

    /// The open hazards past their deadline with something left to fire, in id order: a threshold
    /// reached (deadline on or before today minus its days) not yet marked, or a major unlisted
    /// hazard whose listing proposal for this deadline is not yet marked. The rest would find every
    /// `fireOnce` false. (Issue 23: at ten years ~55,000 hazards stay overdue; each run probed the
    /// marks once per hazard and threshold in SQL, ~1.2 G instructions. The marks are read once
    /// here, and the hazards from the open-by-deadline index without their rows.)
    static func overdueCandidates(thresholds: [Int], _ tx: WriteTransaction) throws -> [Int64] {
        let fired = try tx.firedThresholds(check: "hazards.overdue")
        let proposed = try tx.firedThresholds(check: "hazards.listing-proposal")
        let reached = thresholds.map { (cutoff: tx.today.adding(days: -$0).iso, mark: "\($0)d") }
        var candidates: [Int64] = []
        // `listed` is read from the row only for a major hazard (the other columns are the index's).
        try tx.db.forEachStatementRow("""
            SELECT h.id, h.deadline, CASE WHEN h.grade = 'major' THEN h.listed = 0 ELSE 0 END FROM hazards_hazards h
            WHERE h.status NOT IN \(HazardStatus.finishedSQL) AND h.deadline < ?
            """, [.text(tx.today.iso)]) { row in
            let id = row.int64(0)
            guard row.type(1) == .text else { return }
            let deadline = String(decoding: row.text(1), as: UTF8.self)
            let subject = "hazard:\(id)"
            if reached.contains(where: { deadline <= $0.cutoff && !fired.contains(subject: subject, threshold: $0.mark) })
                || (row.int64(2) == 1 && !proposed.contains(subject: subject, threshold: "deadline:" + deadline)) {
                candidates.append(id)
            }
        }
        return candidates.sorted()
    }

    /// Reviews applied for and not yet done whose due day is within the reminder window (or past,
    /// when the check ran late): one reminder per application (its due day is the threshold).
    static func reviewsDue(_ settings: HazardsSettings, _ tx: WriteTransaction) throws -> Int {
        var published = 0
        let horizon = tx.today.adding(days: settings.reviewReminderDays).iso
        // Only applications not yet reminded of (the others would find `fireOnce` false).
        let rows = try tx.db.query("""
            SELECT \(HazardStore.columns) FROM \(HazardStore.withNames) WHERE h.status = 'reviewApplied' AND h.review_due <= ?
                AND NOT EXISTS (SELECT 1 FROM kernel_fired_thresholds f WHERE f.check_id = 'hazards.review-due' AND f.subject = 'hazard:' || h.id
                    AND f.threshold = 'applied:' || h.review_applied_on || ':due:' || h.review_due)
            ORDER BY h.id
            """, [horizon])
        for row in rows {
            guard let due = row.string("review_due").flatMap(CalendarDate.init(iso:)),
                  let applied = row.string("review_applied_on").flatMap(CalendarDate.init(iso:)) else { continue }
            guard try tx.fireOnce(check: "hazards.review-due", subject: "hazard:\(row.requiredInt("id"))", threshold: "applied:\(applied.iso):due:\(due.iso)") else { continue }
            let left = tx.today.days(until: due)
            try tx.publish(HazardReviewDue(hazard: HazardView.facts(row), reviewAppliedOn: applied, reviewDue: due, daysLeft: left),
                           summary: HazardSummary.reviewDue(row, due: due, daysLeft: left))
            published += 1
        }
        if published > 0 {
            try tx.audit(action: "hazards.check.review_due", entity: "check", entityID: "hazards.review-due", summary: "\(published) closure review(s) due by \(horizon)")
        }
        return published
    }

    /// A tip-off waits from its receipt, or from the reporter's latest contest of a dismissal.
    static func tipOffs(_ settings: HazardsSettings, _ tx: WriteTransaction) throws -> Int {
        var published = 0
        let cutoff = Instant.utc(tx.today.adding(days: -settings.tipOffTriageDays).startInstant)
        let rows = try tx.db.query("""
            SELECT p.id, p.territory_id, p.received_at, p.contest_count, t.name AS territory_name FROM hazards_tipoffs p
            LEFT JOIN registry_territories t ON t.id = p.territory_id
            WHERE p.status = 'received' AND coalesce(p.contested_at, p.received_at) < ? ORDER BY p.id
            """, [cutoff])
        for row in rows {
            let contests = row.int("contest_count") ?? 0
            let threshold = "\(settings.tipOffTriageDays)d" + (contests > 0 ? ":contest\(contests)" : "")
            if try tx.fireOnce(check: "hazards.tipoff-triage", subject: "tipoff:\(row.requiredInt("id"))", threshold: threshold) {
                try tx.publish(TipOffOverdue(tipOffId: row.requiredInt("id"), territoryId: row.int("territory_id"), receivedAt: row.requiredString("received_at")),
                               summary: HazardSummary.tipOffOverdue(id: row.requiredInt("id"), territory: row.string("territory_name"), days: settings.tipOffTriageDays))
                published += 1
            }
        }
        if published > 0 {
            try tx.audit(action: "hazards.check.tipoffs", entity: "check", entityID: "hazards.tipoff-triage", summary: "\(published) tip-off(s) waiting past triage")
        }
        return published
    }
}
