// Scheduled checks: overdue hazards publish `hazards.hazard.overdue` once per threshold; an
// overdue major hazard not yet listed publishes a proposal to list it (挂牌督办), once; tip-offs
// waiting past their triage window publish `hazards.tipoff.overdue`, once.
import Kernel

enum HazardsChecks {
    static func all(_ settings: HazardsSettings) -> [ScheduledCheck] {
        [
            ScheduledCheck(id: "hazards.overdue", summary: "overdue hazards (once per threshold) and proposals to list overdue major hazards") { core in
                try core.write(.system("hazards.overdue")) { tx in try overdue(settings, tx) }
            },
            ScheduledCheck(id: "hazards.tipoff-triage", summary: "tip-offs not triaged within \(settings.tipOffTriageDays) days") { core in
                try core.write(.system("hazards.tipoff-triage")) { tx in try tipOffs(settings, tx) }
            },
        ]
    }

    static func overdue(_ settings: HazardsSettings, _ tx: WriteTransaction) throws -> Int {
        var published = 0
        let rows = try tx.db.query("SELECT * FROM hazards_hazards WHERE status NOT IN \(HazardStatus.finishedSQL) AND deadline < ? ORDER BY id", [tx.today.iso])
        for row in rows {
            guard let deadline = CalendarDate(iso: row.requiredString("deadline")) else { continue }
            let days = deadline.days(until: tx.today)
            let subject = "hazard:\(row.requiredInt("id"))"
            let facts = HazardView.facts(row)
            for threshold in settings.overdueThresholds.sorted() where days >= threshold {
                if try tx.fireOnce(check: "hazards.overdue", subject: subject, threshold: "\(threshold)d") {
                    try tx.publish(HazardOverdue(hazard: facts, daysOverdue: days, listed: row.bool("listed")))
                    published += 1
                }
            }
            if row.requiredString("grade") == HazardGrade.major.rawValue, !row.bool("listed"),
               try tx.fireOnce(check: "hazards.listing-proposal", subject: subject, threshold: "deadline:\(deadline.iso)") {
                try tx.publish(HazardListingProposed(hazard: facts, daysOverdue: days, deadline: deadline))
                published += 1
            }
        }
        if published > 0 {
            try tx.audit(action: "hazards.check.overdue", entity: "check", entityID: "hazards.overdue", summary: "published \(published) overdue event(s) on \(tx.today.iso)")
        }
        return published
    }

    static func tipOffs(_ settings: HazardsSettings, _ tx: WriteTransaction) throws -> Int {
        var published = 0
        let cutoff = Instant.utc(tx.today.adding(days: -settings.tipOffTriageDays).startInstant)
        for row in try tx.db.query("SELECT id, territory_id, received_at FROM hazards_tipoffs WHERE status = 'received' AND received_at < ? ORDER BY id", [cutoff]) {
            if try tx.fireOnce(check: "hazards.tipoff-triage", subject: "tipoff:\(row.requiredInt("id"))", threshold: "\(settings.tipOffTriageDays)d") {
                try tx.publish(TipOffOverdue(tipOffId: row.requiredInt("id"), territoryId: row.int("territory_id"), receivedAt: row.requiredString("received_at")))
                published += 1
            }
        }
        if published > 0 {
            try tx.audit(action: "hazards.check.tipoffs", entity: "check", entityID: "hazards.tipoff-triage", summary: "\(published) tip-off(s) waiting past triage")
        }
        return published
    }
}
