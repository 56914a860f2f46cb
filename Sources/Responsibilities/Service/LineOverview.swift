// 待办 of the ledger: a unit's or a town's own lines to sign (待签收), lines due within the yellow
// window and not reported complete (即将到期), lines past their due day and not reported complete
// (已逾期); for the office, the district's lines reported complete and waiting for its 核验办结.
// Lines and tasks withdrawn (撤销) wait for no one. Each item links to the line.
import Kernel

enum LineOverview {
    /// Due within this many days is "due soon" (the colour rules' default R3 window; the overview
    /// has no settings of its own).
    static let dueSoonDays = ColourRules().yellowDaysBefore

    static let source = OverviewSource(id: "responsibilities.ledger-lines") { db, actor, today in try items(db, actor, today) }

    static func items(_ db: Connection, _ actor: Actor, _ today: CalendarDate) throws -> [OverviewItem] {
        var sql = """
            SELECT l.id, l.status, l.due, l.start, l.period, l.unit_name, l.updated_at, t.number, t.title FROM responsibilities_lines l
            JOIN responsibilities_tasks t ON t.id = l.task_id
            WHERE l.withdrawn_on IS NULL AND t.withdrawn_on IS NULL
            """
        var args: [any DatabaseValueConvertible] = []
        if actor.isOffice {
            sql += " AND l.status = 'reported'"
        } else {
            guard actor.role == .unit || actor.role == .town, let scope = LedgerScope.condition(actor) else { return [] }
            sql += " AND (\(scope.sql)) AND (l.status = 'assigned' OR (l.completed_on IS NULL AND l.status IN ('signed', 'inProgress') AND l.due <= ?))"
            args += scope.arguments
            args.append(today.adding(days: dueSoonDays).iso)
        }
        return try db.query(sql + " ORDER BY l.due, l.id", args).compactMap { row in
            guard let due = CalendarDate(iso: row.requiredString("due")) else { return nil }
            let id = row.requiredInt("id")
            let task = "任务\(row.requiredString("number"))“\(row.requiredString("title"))”"
            let what = "\(task) \(row.requiredString("unit_name")) \(row.requiredString("period"))"
            let link = "\(ResponsibilitiesRoutes.base)/ledger/\(id)"
            let left = today.days(until: due)
            switch row.requiredString("status") {
            case "reported":
                let since = row.string("updated_at").flatMap(Instant.parse).map { CalendarDate($0) }
                return OverviewItem(module: "responsibilities", kind: "line_to_verify", title: "待核验办结：\(what)",
                                    detail: "责任单位已报送完成，请核验完成情况和佐证材料后办结或退回。", since: since, link: link)
            case "assigned":
                return OverviewItem(module: "responsibilities", kind: "line_to_sign", title: "待签收：\(what)",
                                    detail: "截止\(due.iso)" + (left < 0 ? "，已逾期\(-left)天" : "，剩余\(left)天") + "。请签收后按期报送进展。",
                                    since: CalendarDate(iso: row.requiredString("start")), link: link)
            default:
                return OverviewItem(module: "responsibilities", kind: left < 0 ? "line_overdue" : "line_due_soon",
                                    title: (left < 0 ? "已逾期：" : "即将到期：") + what,
                                    detail: left < 0 ? "截止\(due.iso)，已逾期\(-left)天，尚未报送完成。" : "截止\(due.iso)，剩余\(left)天，尚未报送完成。",
                                    since: left < 0 ? due : CalendarDate(iso: row.requiredString("start")), link: link)
            }
        }
    }
}
