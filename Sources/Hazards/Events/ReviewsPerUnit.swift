// The office's closure reviews waiting (待办), counted per supervising unit, lapsed (the due day
// past) and still due apart: one item each instead of one per hazard, so that the office's home
// stays readable with a district's register (at ten years 16,105 reviews waited: a 6.9 MB list,
// 0.5 s of CPU). Each item links to the unit's reviews waiting in the list (the lapsed item
// to the lapsed ones only: the list filters by the review's due day, not from a day on).
import Kernel

extension HazardsOverview {
    /// One item per supervising unit and state (lapsed, due), since the earliest application among
    /// them. Counted from the partial index of reviews by unit (Hazards 010): no row of the register read.
    static func reviewsPerUnit(_ db: Connection, _ today: CalendarDate) throws -> [OverviewItem] {
        let rows = try db.query("""
            SELECT r.*, u.name AS unit_name FROM (
                SELECT h.supervising_unit_id AS unit_id, h.review_due < ? AS lapsed, count(*) AS n,
                       min(h.review_due) AS due, min(h.review_applied_on) AS since
                FROM hazards_hazards h INDEXED BY hazards_reviews_by_unit
                WHERE h.status = 'reviewApplied' AND h.review_due IS NOT NULL
                GROUP BY h.supervising_unit_id, lapsed) r
            LEFT JOIN registry_units u ON u.id = r.unit_id
            ORDER BY r.since, r.unit_id, r.lapsed DESC
            """, [today.iso])
        return rows.map { row in
            let unitID = row.requiredInt("unit_id"), count = row.requiredInt("n"), due = row.requiredString("due")
            let unit = row.string("unit_name") ?? "监管部门"
            let since = row.string("since").flatMap(CalendarDate.init(iso:))
            let list = "\(HazardsRoutes.base)?status=reviewApplied&supervising_unit_id=\(unitID)"
            guard row.bool("lapsed") else {
                return OverviewItem(module: "hazards", kind: "reviews_due", title: "\(unit)有 \(count) 项隐患待销号核查",
                                    detail: "最早一项须于 \(due) 前完成现场核查。", since: since, link: list)
            }
            let late = CalendarDate(iso: due).map { $0.days(until: today) } ?? 0
            return OverviewItem(module: "hazards", kind: "reviews_lapsed", title: "\(unit)有 \(count) 项隐患销号核查已超期",
                                detail: "最早一项须于 \(due) 前完成现场核查，已超期 \(late) 天。请督促其尽快核查：属实则销号，不属实则退回整改。",
                                since: since, link: "\(list)&review_due_by=\(today.adding(days: -1).iso)")
        }
    }
}
