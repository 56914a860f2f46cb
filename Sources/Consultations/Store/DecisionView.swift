// A decision as shown: its lead, deadline and live status (noted / open / overdue / done) with a
// colour, the reason for it in Chinese and a stable reason code (a task colour: 红黄绿灯), and the
// task and ledger lines it became as soon as Responsibilities says they exist. Shown "as of" a day:
// a decision completed after that day was still open on it.
import Kernel

enum DecisionView {
    /// A decision with its meeting and its lead's name (joined, so a list does not look each name up).
    static let select = """
        SELECT d.*, m.title AS meeting_title, m.held_on AS meeting_held_on, k.code AS kind_code,
            lu.name AS lead_unit_name, lt.name AS lead_territory_name
        FROM consultations_decisions d JOIN consultations_meetings m ON m.id = d.meeting_id
        JOIN consultations_meeting_kinds k ON k.id = m.kind_id
        LEFT JOIN registry_units lu ON lu.id = d.lead_unit_id LEFT JOIN registry_territories lt ON lt.id = d.lead_territory_id
        """

    /// The SQL condition "tracked and not yet done by the end of a day" (one argument: `endOf(day)`).
    static let openOn = "(d.status = 'open' OR (d.status = 'done' AND d.completed_at >= ?))"

    /// The first instant after `day` (Asia/Shanghai), as stored text: what happened before it happened by that day.
    static func endOf(_ day: CalendarDate) -> String { Instant.utc(day.adding(days: 1).startInstant) }

    /// The day (Asia/Shanghai) of a stored instant.
    static func day(_ instant: String?) -> CalendarDate? { instant.flatMap { Instant.parse($0) }.map { CalendarDate($0) } }

    static func state(_ row: Row, today: CalendarDate, rules: ColourRules) -> (state: String, verdict: ColourVerdict?, code: String?) {
        var status = row.requiredString("status")
        // Completed after `today`: on that day it was still open.
        if status == "done", let completed = day(row.string("completed_at")), completed > today { status = "open" }
        switch status {
        case "done":
            let when = day(row.string("completed_at"))?.iso ?? ""
            let onTime = row.int("completed_on_time").map { $0 == 1 }
            let timing = onTime.map { $0 ? "（按期）" : "（逾期）" } ?? ""
            return ("done", ColourVerdict(.green, "已于 \(when) 办结\(timing)，任务已由区安委办销号"),
                    onTime == false ? "done_late" : "done")
        case "open":
            guard let deadline = row.string("deadline").flatMap({ CalendarDate(iso: $0) }) else { return ("open", nil, nil) }
            if today > deadline {
                return ("overdue", ColourVerdict(.red, "已逾期：应于 \(deadline.iso) 前完成，任务尚未办结（逾期 \(deadline.days(until: today)) 天）"), "overdue")
            }
            let left = today.days(until: deadline)
            if left <= rules.yellowDaysBefore {
                return ("open", ColourVerdict(.yellow, "即将到期：应于 \(deadline.iso) 前完成，还剩 \(left) 天"), "due_soon")
            }
            return ("open", ColourVerdict(.green, "正常推进：应于 \(deadline.iso) 前完成，还剩 \(left) 天"), "on_track")
        default:
            return ("noted", nil, nil)
        }
    }

    /// A row of `select` as shown.
    static func json(_ row: Row, today: CalendarDate, rules: ColourRules) -> JSON {
        let id = row.requiredInt("id")
        var lead: JSON = .null
        if let unitID = row.int("lead_unit_id") {
            lead = .object(["kind": "unit", "id": .int(unitID), "name": .string(RegistryNames.unitName(row.string("lead_unit_name"), unitID))])
        } else if let territoryID = row.int("lead_territory_id") {
            lead = .object(["kind": "territory", "id": .int(territoryID), "name": .string(RegistryNames.territoryName(row.string("lead_territory_name"), territoryID))])
        }
        let status = state(row, today: today, rules: rules)
        let completedShown = status.state == "done"
        // The task as known on `today`: learnt later, it was not yet known then.
        let taskKnown = day(row.string("task_linked_at") ?? row.string("completed_at")).map { $0 <= today } ?? (row.int("task_id") != nil)
        let taskID = taskKnown ? row.int("task_id") : nil
        let lines = taskKnown ? ledgerLines(row.string("ledger_lines")) : []
        return .object([
            "id": .int(id),
            "meeting_id": .int(row.requiredInt("meeting_id")),
            "meeting_title": JSON(row.string("meeting_title")),
            "meeting_held_on": JSON(row.string("meeting_held_on")),
            "position": .int(row.requiredInt("position")),
            "text": .string(row.requiredString("text")),
            "lead": lead,
            "deadline": JSON(row.string("deadline")),
            "tracked": .bool(row.requiredString("status") != "noted"),
            "status": .string(status.state),
            "colour": JSON(status.verdict?.colour.rawValue),
            "reason": JSON(status.verdict?.reason),
            "reason_code": JSON(status.code),
            "origin": .string("consultations.decision:\(id)"),
            "task_id": JSON(taskID),
            "task_link": JSON(taskID.map { AgendaLinks.task($0) }),
            "ledger_line_id": taskKnown ? JSON(row.int("ledger_line_id")) : .null,
            "ledger_lines": .array(lines),
            "completed_at": completedShown ? JSON(row.string("completed_at")) : .null,
            "completed_on_time": completedShown ? (row.int("completed_on_time").map { JSON.bool($0 == 1) } ?? .null) : .null,
            "link": .string("/api/v1/consultations/decisions/\(id)"),
            "version": .int(row.requiredInt("version")),
        ])
    }

    /// The stored lines (`[{"id", "unit_kind", "unit_id", "due"}]`) as shown, each with its link.
    static func ledgerLines(_ stored: String?) -> [JSON] {
        guard let stored, let parsed = try? JSONParser.parse(stored), let lines = parsed.arrayValue else { return [] }
        return lines.compactMap { line in
            guard let lineID = line["id"]?.intValue else { return nil }
            return .object([
                "id": .int(lineID), "unit_kind": line["unit_kind"] ?? .null, "unit_id": line["unit_id"] ?? .null,
                "due": line["due"] ?? .null, "link": .string(AgendaLinks.ledgerLine(lineID)),
            ])
        }
    }
}
