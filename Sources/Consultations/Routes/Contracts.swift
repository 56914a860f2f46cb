// What this module's routes and commands take, declared once: the kernel's reader checks a JSON
// body, a query string and CLI options against these, and the OpenAPI document shows them.
// Registry names (units, territories, special groups) are references, resolved by the kernel.
import Kernel

enum Contracts {
    // MARK: - Meeting kinds (configuration)

    static let kindCode = FieldSpec.text("code", max: 40, required: true, "ASCII letters and digits, starting with a letter, e.g. floodSeason", example: "floodSeason")
    static let kindName = FieldSpec.text("name", max: 100, required: true, "the kind's name", example: "汛期专题会商")
    static let bodyKind = FieldSpec.choice("body_kind", BodyKind.self, required: true, "whose meeting it is (specialGroup: each special leading group's own)")
    static let bodyName = FieldSpec.text("body_name", max: 100, "the body that holds it, e.g. 区安委办 (required unless body_kind is specialGroup)", example: "区安委办")
    static let requiredFrom = FieldSpec.quarter("required_from", "required every quarter from this quarter on; absent or null: held as needed")

    static let createKind = Contract([kindCode, kindName, bodyKind, bodyName, requiredFrom])
    static let updateKind = Contract([kindName.optional, bodyName, requiredFrom])

    // MARK: - Parts of a meeting

    static let attendee: [FieldSpec] = [
        .reference("unit_id", "units", "a member unit that attended (id, name or alias); give one of unit_id, territory_id or person"),
        .reference("territory_id", "territories", "a town, scenic area or development zone that attended"),
        .text("person", max: 100, "a person who attended, by name", example: "李四"),
        .text("role", max: 100, "their role at the meeting, e.g. 记录", example: "记录"),
        .boolean("present", "false for one invited but absent (default true)"),
        .text("note", max: 500, "a note"),
    ]

    static let riskArea = FieldSpec.text("area", max: 100, required: true, "area or sector", example: "危险化学品")
    static let riskLevel = FieldSpec.choice("level", RiskLevel.allCases.map { (code: $0.rawValue, label: $0.colourName) }, required: true,
                                            "红橙黄蓝: major (红), large (橙), general (黄), low (蓝); the colour is also accepted")
    static let risk: [FieldSpec] = [
        riskArea, riskLevel,
        .paragraph("description", max: 2000, required: true, "the risk judged", example: "复工复产特殊作业风险"),
        .paragraph("measures", max: 2000, "control measures"),
        .list("units", of: .reference("units"), maxItems: 50, "member units concerned (ids, names or aliases)"),
        .list("territories", of: .reference("territories"), maxItems: 50, "territories concerned"),
    ]

    static let decision: [FieldSpec] = [
        .paragraph("text", max: 2000, required: true, "the decision (决定事项)", example: "开展危化品特殊作业专项检查"),
        .reference("lead_unit_id", "units", "the lead member unit; with a deadline the decision becomes a task (give at most one lead)"),
        .reference("lead_territory_id", "territories", "the lead territory, instead of a unit"),
        .date("deadline", "the deadline, on or after the meeting day; with a lead the decision becomes a task", example: "2024-04-30"),
    ]

    /// The largest attachment kept (bytes).
    static let maximumAttachmentBytes = 5 * 1024 * 1024

    static let attachment: [FieldSpec] = [
        .text("name", max: 200, required: true, "the file's name", example: "签到表.pdf"),
        .text("media_type", max: 100, "its media type, type/subtype (default application/octet-stream)", example: "application/pdf"),
        .text("content_base64", max: 7_000_000, "the content in base64 (at most 5 MiB decoded); give this or content"),
        .paragraph("content", max: 5_000_000, "the content as text (UTF-8), instead of content_base64"),
    ]

    // MARK: - Meetings

    static let kind = FieldSpec.text("kind", max: 40, required: true, "the meeting kind's code (GET /api/v1/consultations/kinds)", example: "riskConsultation")
    static let groupID = FieldSpec.reference("group_id", "groups", "the special leading group (id, name or alias); only and always for a specialGroup meeting")
    static let title = FieldSpec.text("title", max: 200, "title (default: from the quarter and the kind)", example: "2024年第1季度安全风险会商研判会议")
    static let heldOn = FieldSpec.date("held_on", required: true, "the day it was held (not after today)", example: "2024-03-20")
    static let adHoc = FieldSpec.boolean("ad_hoc", "an ad hoc meeting in a special period (default false)")
    static let convener = FieldSpec.text("convener", max: 100, required: true, "who convened and chaired it", example: "区安委办主任 王建国")
    static let convenerUnit = FieldSpec.reference("convener_unit_id", "units", "the convening member unit (id, name or alias)")
    static let venue = FieldSpec.text("venue", max: 200, "where it was held", example: "区应急指挥中心")
    static let agenda = FieldSpec.list("agenda", of: .text(maxLength: 500), maxItems: 50, "the agenda items, in order")
    static let minutes = FieldSpec.paragraph("minutes", max: 200_000, "the minutes (纪要); lines separated by \\n")

    /// The fields of a meeting given as plain values (CLI options as well as JSON).
    static let meetingScalars: [FieldSpec] = [kind, groupID, title, heldOn, adHoc, convener, convenerUnit, venue, minutes]
    /// The fields of a meeting that are lists (JSON, or the CLI's shorthand options).
    static let meetingLists: [FieldSpec] = [
        agenda,
        .list("attendees", of: .object(attendee), maxItems: 200, "who attended: each one of unit_id, territory_id or person"),
        .list("absent_units", of: .reference("units"), maxItems: 200, "member units invited but absent"),
        .list("absent_territories", of: .reference("territories"), maxItems: 50, "territories invited but absent"),
        .list("risks", of: .object(risk), maxItems: 50, "risks judged (红橙黄蓝)"),
        .list("decisions", of: .object(decision), maxItems: 100, "decisions; one with a lead and a deadline becomes a tracked task"),
        .list("attachments", of: .object(attachment), maxItems: 10, "files kept with the meeting"),
    ]

    static let recordMeeting = Contract(meetingScalars + meetingLists)
    static let updateMeeting = Contract([title, heldOn.optional, adHoc, convener.optional, convenerUnit, venue, agenda, minutes])

    static let addDecision = Contract(decision)
    static let addRisk = Contract(risk)
    static let addAttachment = Contract(attachment)

    // MARK: - Queries

    static let meetingFilter = Contract([
        kind.optional.help("only this kind (its code)"),
        groupID.help("only this special leading group's (id, name or alias)"),
        .quarter("quarter", "only this quarter's, e.g. 2024-Q1"),
        .year("year", "only this year's, e.g. 2024"),
    ])

    static let decisionFilter = Contract([
        .choice("status", DecisionStatus.self, "open, overdue (open past its deadline), done or noted (not tracked)"),
        .recordID("meeting_id", "meeting", chinese: "会议", "only this meeting's"),
        .reference("lead_unit_id", "units", "only those this member unit leads (id, name or alias)"),
        .reference("lead_territory_id", "territories", "only those this territory leads"),
    ])

    /// The day a figure is judged on (default today; not after today): only records that existed then count.
    static let asOf = FieldSpec.date("as_of", "judge as of this day (default today, not after it): only meetings held, decisions settled and facts known by then count",
                                     example: "2024-06-15")

    static let complianceQuery = Contract([.quarter("quarter", "the quarter (default: the one as_of falls in), e.g. 2024-Q1"), asOf])

    static let agendaQuery = Contract([
        kind.optional.help("the meeting kind (default riskConsultation)"),
        groupID.help("the special leading group, for a specialGroup meeting's agenda"),
        asOf,
    ])

    /// `as_of` as given, or `today`; a day after today is refused (nothing is known about it yet).
    static func asOfDay(_ values: Values, today: CalendarDate) throws -> CalendarDate {
        try asOfDay(values.date("as_of"), today: today)
    }

    static func asOfDay(_ given: CalendarDate?, today: CalendarDate) throws -> CalendarDate {
        guard let day = given else { return today }
        guard day <= today else {
            throw DomainError.validation([FieldError("as_of", "future", "as_of \(day.iso) 晚于今天 \(today.iso)，尚无记录可依 (a day after today: nothing is known about it yet)")])
        }
        return day
    }
}

/// A decision's live status as shown and filtered.
enum DecisionStatus: String, CaseIterable {
    case open, overdue, done, noted
}

extension FieldSpec {
    /// The same field, not required (an update, a filter).
    var optional: FieldSpec { var copy = self; copy.required = false; return copy }
    /// The same field with another description.
    func help(_ text: String) -> FieldSpec { var copy = self; copy.help = text; return copy }
}
