// A decision as shown: its lead, deadline and live status (noted / open / overdue / done) with a
// colour and the reason for it (a task colour: 红黄绿灯).
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

    static func state(_ row: Row, today: CalendarDate, rules: ColourRules) -> (state: String, verdict: ColourVerdict?) {
        switch row.requiredString("status") {
        case "done":
            let when = row.string("completed_at").flatMap { Instant.parse($0) }.map { CalendarDate($0).iso } ?? ""
            let timing = row.int("completed_on_time").map { $0 == 1 ? "按期" : "逾期" } ?? ""
            return ("done", ColourVerdict(.green, "completed \(when)\(timing.isEmpty ? "" : " (\(timing))") — task verified by the office"))
        case "open":
            guard let deadline = row.string("deadline").flatMap({ CalendarDate(iso: $0) }) else { return ("open", nil) }
            if today > deadline {
                return ("overdue", ColourVerdict(.red, "overdue: due \(deadline.iso), task not completed"))
            }
            let left = today.days(until: deadline)
            if left <= rules.yellowDaysBefore {
                return ("open", ColourVerdict(.yellow, "due soon: due \(deadline.iso), \(left) day(s) left"))
            }
            return ("open", ColourVerdict(.green, "on track: due \(deadline.iso), \(left) day(s) left"))
        default:
            return ("noted", nil)
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
            "origin": .string("consultations.decision:\(id)"),
            "task_id": JSON(row.int("task_id")),
            "ledger_line_id": JSON(row.int("ledger_line_id")),
            "completed_at": JSON(row.string("completed_at")),
            "completed_on_time": row.int("completed_on_time").map { JSON.bool($0 == 1) } ?? .null,
            "link": .string("/api/v1/consultations/decisions/\(id)"),
            "version": .int(row.requiredInt("version")),
        ])
    }
}
