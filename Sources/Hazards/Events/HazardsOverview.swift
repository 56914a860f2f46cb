// What Hazards has waiting (待办): closure reviews applied for and not yet done (the supervising
// unit's, one item each; the office's, counted per supervising unit: `reviewsPerUnit`), and
// tip-offs waiting for triage (the town's, the office's), each with its due day or its wait, oldest first.
import Kernel

enum HazardsOverview {
    static func sources(_ settings: HazardsSettings) -> [OverviewSource] {
        [
            OverviewSource(id: "hazards.reviews-due") { db, actor, today in try reviews(db, actor, today) },
            OverviewSource(id: "hazards.tipoffs-to-triage") { db, actor, today in try tipOffs(settings, db, actor, today) },
        ]
    }

    /// Reviews the actor's unit has to do, one item each (the office: counted per unit, `reviewsPerUnit`).
    static func reviews(_ db: Connection, _ actor: Actor, _ today: CalendarDate) throws -> [OverviewItem] {
        if actor.isOffice { return try reviewsPerUnit(db, today) }
        guard case .unit(let unit) = actor.scope else { return [] }
        let sql = "SELECT \(HazardStore.columns) FROM \(HazardStore.withNames) WHERE h.status = 'reviewApplied' AND h.supervising_unit_id = ?"
        return try db.query(sql + " ORDER BY h.review_due, h.id", [unit]).compactMap { row in
            guard let due = row.string("review_due").flatMap(CalendarDate.init(iso:)) else { return nil }
            let left = today.days(until: due)
            return OverviewItem(module: "hazards", kind: left < 0 ? "review_lapsed" : "review_due",
                                title: "销号核查：\(HazardSummary.subject(row))",
                                detail: HazardSummary.reviewDue(row, due: due, daysLeft: left),
                                since: row.string("review_applied_on").flatMap(CalendarDate.init(iso:)),
                                link: "\(HazardsRoutes.base)/\(row.requiredInt("id"))")
        }
    }

    /// Tip-offs waiting for triage in the actor's territory (the office: the district's).
    static func tipOffs(_ settings: HazardsSettings, _ db: Connection, _ actor: Actor, _ today: CalendarDate) throws -> [OverviewItem] {
        guard TipOffService.officialRoles.contains(actor.role) else { return [] }
        let (scope, args) = TipOffService.scope(actor)
        let rows = try db.query("SELECT p.id, p.place, p.received_at, p.contested_at, p.contest_count FROM hazards_tipoffs p WHERE p.status = 'received' AND \(scope) ORDER BY p.id", args)
        return rows.map { row in
            let waitingSince = (row.string("contested_at") ?? row.string("received_at")).flatMap { Instant.parse($0) }.map { CalendarDate($0) }
            let contested = (row.int("contest_count") ?? 0) > 0
            let waited = waitingSince.map { $0.days(until: today) } ?? 0
            return OverviewItem(module: "hazards", kind: contested ? "tipoff_contested" : "tipoff_to_triage",
                                title: "群众举报待分办：\(row.requiredString("place"))",
                                detail: (contested ? "举报人对不予立案提出异议，须重新分办" : "须在 \(settings.tipOffTriageDays) 天内分办（立为隐患、并入已有隐患或不予立案）")
                                    + (waited > settings.tipOffTriageDays ? "；已等待 \(waited) 天，超过时限" : ""),
                                since: waitingSince, link: "\(TipOffRoutes.base)/\(row.requiredInt("id"))")
        }
    }
}
