// 待办 from the task ledger (台账). A unit or a town sees its own lines that wait for it: overdue
// (逾期未完成), due soon (即将到期, within the yellow window), or not yet signed (待签收) — each line
// once, at its most urgent. The office sees what waits for the office: completions reported and
// not yet verified (待核验), one item per line, and overdue lines counted per unit or town (one item
// each, linking to that body's red lines), so that its home stays readable with a district's ledger.
// Inspectors and enterprises have no lines.
import Kernel

enum LinesOverview {
    static let source = OverviewSource(id: "responsibilities.lines", withSettings: { db, actor, today, settings in
        if actor.isOffice { return try office(db, today) }
        guard actor.role == .unit || actor.role == .town else { return [] }
        return try own(db, actor, today, settings.colourRules)
    })

    static func lineLink(_ id: Int64) -> String { "\(ResponsibilitiesRoutes.base)/ledger/\(id)" }

    /// A unit's or a town's lines in force that wait for it on `today`.
    static func own(_ db: Connection, _ actor: Actor, _ today: CalendarDate, _ rules: ColourRules) throws -> [OverviewItem] {
        var (conditions, arguments) = LedgerFilter(day: today).sql
        conditions.append("(l.status = 'assigned' OR (l.due <= ? AND \(LineColourSQL.completion(on: today)) IS NULL))")
        arguments.append(today.adding(days: rules.yellowDaysBefore).iso)
        let rows = try LedgerStore.lines(where: conditions, arguments, actor: actor, db)
        return try LedgerQueries.coloured(rows, day: today, rules: rules, db).compactMap { line in
            let row = line.row, id = row.requiredInt("id")
            let what = "任务\(row.requiredString("task_number"))“\(row.requiredString("task_title"))”（\(row.requiredString("period"))）"
            guard let due = CalendarDate(iso: row.requiredString("due")) else { return nil }
            let left = today.days(until: due)
            if !line.state.completed, left < 0 {
                return OverviewItem(module: "responsibilities", kind: "line_overdue", title: "已逾期：\(what)",
                                    detail: "截止日期 \(due.iso)，已逾期 \(-left) 天，尚未报完成。请尽快办理并报送进展或完成情况。",
                                    since: due.adding(days: 1), link: lineLink(id))
            }
            if !line.state.completed, left <= rules.yellowDaysBefore {
                return OverviewItem(module: "responsibilities", kind: "line_due_soon", title: "即将到期：\(what)",
                                    detail: "截止日期 \(due.iso)，还剩 \(left) 天。\(line.colour.reason)",
                                    since: due.adding(days: -rules.yellowDaysBefore), link: lineLink(id))
            }
            if line.state.status == .assigned {
                return OverviewItem(module: "responsibilities", kind: "line_to_sign", title: "待签收：\(what)",
                                    detail: "区安委办已分解此项任务，请签收后按期办理（截止 \(due.iso)）。",
                                    since: CalendarDate(iso: row.requiredString("start")), link: lineLink(id))
            }
            return nil
        }
    }

    /// The office's: reported completions to verify, and overdue lines per unit or town.
    static func office(_ db: Connection, _ today: CalendarDate) throws -> [OverviewItem] {
        var (conditions, arguments) = LedgerFilter(day: today).sql
        conditions.append("l.status = 'reported'")
        let reported = try LedgerStore.lines(where: conditions, arguments, actor: .system("overview"), db).map { row in
            OverviewItem(module: "responsibilities", kind: "line_to_verify",
                         title: "待核验办结：\(row.requiredString("unit_name"))报送任务\(row.requiredString("task_number"))“\(row.requiredString("task_title"))”（\(row.requiredString("period"))）已完成",
                         detail: "请核验其完成情况：属实则办结，不属实则退回并说明理由。",
                         since: row.string("completed_on").flatMap(CalendarDate.init(iso:)), link: lineLink(row.requiredInt("id")))
        }
        var (overdue, overdueArguments) = LedgerFilter(day: today).sql
        overdue += ["l.due < ?", "\(LineColourSQL.completion(on: today)) IS NULL"]
        overdueArguments.append(today.iso)
        // The lines with no completion on their row (the partial index responsibilities_lines_open,
        // Responsibilities 009), and those with one whose history goes on after the day (it may
        // not have been reported yet then: responsibilities_lines_changed): not all 101,051.
        let branch = { (index: String, condition: String) in
            """
            SELECT l.unit_kind, l.unit_id, l.unit_name, l.due FROM responsibilities_lines l INDEXED BY \(index)
            JOIN responsibilities_tasks t ON t.id = l.task_id WHERE \(condition) AND \(overdue.joined(separator: " AND "))
            """
        }
        let sql = """
            SELECT unit_kind, unit_id, unit_name, count(*) AS lines, min(due) AS earliest FROM (
            \(branch("responsibilities_lines_open", "l.completed_on IS NULL"))
            UNION ALL
            \(branch("responsibilities_lines_changed", "l.completed_on IS NOT NULL AND l.events_through > ?"))
            ) GROUP BY unit_kind, unit_id ORDER BY earliest, unit_id
            """
        let late = try db.query(sql, overdueArguments + [today.iso] + overdueArguments).map { row in
            let territory = row.requiredString("unit_kind") == "territory"
            let filter = territory ? "territory_id" : "unit_id"
            let earliest = CalendarDate(iso: row.requiredString("earliest"))
            return OverviewItem(module: "responsibilities", kind: "lines_overdue",
                                title: "\(row.requiredString("unit_name"))有 \(row.requiredInt("lines")) 项任务逾期未完成",
                                detail: "最早一项截止于 \(row.requiredString("earliest"))。请督促其办理，必要时催办或约谈。",
                                since: earliest?.adding(days: 1),
                                link: "\(ResponsibilitiesRoutes.base)/ledger?\(filter)=\(row.requiredInt("unit_id"))&colour=red")
        }
        return reported + late
    }
}
