// What this module's routes answer, property by property, as the stores and services write it
// (MeetingKind.json, MeetingStore, DecisionView, Compliance, Agenda): the OpenAPI document shows
// these and the schemathesis run holds every answer to them.
import Kernel

enum Replies {
    static let id = FieldSpec.integer("id", 1...Int64.max, "the record's id").always
    static let version = FieldSpec.integer("version", 1...Int64.max, "increases on every change; the ETag").always
    static func count(_ name: String, _ help: String) -> FieldSpec { FieldSpec.integer(name, 0...Int64.max, help).always }
    static func text(_ name: String, _ help: String) -> FieldSpec { FieldSpec(name, type: .text(maxLength: 200_000), help: help) }
    static func link(_ name: String = "link", _ help: String = "the record in this API") -> FieldSpec { text(name, help).always }
    static let colour = FieldSpec.choice("colour", StatusColour.self, "红黄绿灯: green, yellow or red; null when not tracked")

    static let kind: [FieldSpec] = [
        id, text("code", "the kind's code").always, text("name", "the kind's name").always,
        FieldSpec.choice("body_kind", BodyKind.self, "whose meeting it is").always, text("body_name", "the body that holds it").always,
        FieldSpec.boolean("required_each_quarter", "whether the body must meet every quarter").always,
        FieldSpec.quarter("required_from", "required every quarter from this quarter; null: held as needed"),
        version,
    ]

    /// A unit or territory named by a decision or a risk, or an attendee.
    static let body: [FieldSpec] = [
        FieldSpec.choice("kind", [(code: "unit", label: ""), (code: "territory", label: "")], "a member unit or a territory").always,
        FieldSpec.integer("id", 1...Int64.max, "its id in /api/v1/org/units or /api/v1/org/territories").always,
        text("name", "its name").always,
    ]

    static let attendee: [FieldSpec] = [
        FieldSpec.choice("kind", [(code: "unit", label: ""), (code: "territory", label: ""), (code: "person", label: "")], "a member unit, a territory or a person").always,
        FieldSpec.integer("id", 1...Int64.max, "the unit's or territory's id; null for a person"),
        text("name", "the name").always, text("role", "their role"), text("note", "a note"),
    ]

    static let decision: [FieldSpec] = [
        id, FieldSpec.integer("meeting_id", 1...Int64.max, "the meeting").always,
        text("meeting_title", "the meeting's title").always, FieldSpec.date("meeting_held_on", "the meeting's day").always,
        FieldSpec.integer("position", 1...Int64.max, "its place among the meeting's decisions").always,
        text("text", "the decision").always,
        FieldSpec.object("lead", body, "the lead unit or territory; null when only noted"),
        FieldSpec.date("deadline", "the deadline; null when only noted"),
        FieldSpec.boolean("tracked", "whether it is a tracked task (a lead and a deadline)").always,
        FieldSpec.choice("status", DecisionStatus.self, "its live status").always,
        colour, text("reason", "why that colour, in Chinese"),
        FieldSpec.choice("reason_code", ["on_track", "due_soon", "overdue", "done", "done_late"], "the reason as a stable code for scripts; null when not tracked"),
        text("origin", "the origin the task made from it carries").always,
        FieldSpec.integer("task_id", 1...Int64.max, "the task in Responsibilities, as soon as it exists"),
        text("task_link", "the task in this API, as soon as it exists"),
        FieldSpec.integer("ledger_line_id", 1...Int64.max, "the lead's ledger line, as soon as it exists"),
        FieldSpec.list("ledger_lines", of: .object([
            FieldSpec.integer("id", 1...Int64.max, "the ledger line").always,
            FieldSpec.choice("unit_kind", [(code: "unit", label: ""), (code: "territory", label: "")], "a member unit or a territory"),
            FieldSpec.integer("unit_id", 1...Int64.max, "the unit's or territory's id"),
            FieldSpec.date("due", "its due day"), link(),
        ]), "the ledger lines its task produced, as soon as they exist").always,
        text("completed_at", "when the task was completed (RFC 3339)"),
        FieldSpec.boolean("completed_on_time", "whether it was completed by the deadline"),
        link(), version,
    ]

    static let risk: [FieldSpec] = [
        id, text("area", "area or sector").always, FieldSpec.choice("level", RiskLevel.self, "红橙黄蓝: major, large, general or low").always,
        text("level_colour", "红, 橙, 黄 or 蓝").always, text("level_name", "重大风险, 较大风险, 一般风险 or 低风险").always,
        text("description", "the risk").always, text("measures", "control measures"),
        FieldSpec.list("bodies", of: .object(body), "the units and territories concerned").always,
    ]

    static let attachment: [FieldSpec] = [
        id, text("name", "the file's name").always, text("media_type", "its media type").always,
        count("size", "its size in bytes"), text("sha256", "its SHA-256, in hex").always, link("link", "where to download it"),
    ]

    /// A meeting in a list.
    static let meetingSummary: [FieldSpec] = meetingHead + [
        count("present_count", "attendees present"), count("absent_count", "invited but absent"), count("risk_count", "risks judged"),
        count("decision_count", "decisions"), count("open_decisions", "tracked decisions not yet done"), count("done_decisions", "decisions done"),
        link(), version,
    ]

    static let meetingHead: [FieldSpec] = [
        id, text("kind", "the kind's code").always, text("kind_name", "the kind's name").always,
        FieldSpec.reference("group_id", "groups", "the special leading group; null for other kinds"), text("group_name", "the group's name"),
        text("title", "title").always, FieldSpec.date("held_on", "the day it was held").always, FieldSpec.quarter("quarter", "its quarter").always,
        FieldSpec.boolean("ad_hoc", "an ad hoc meeting").always, text("convener", "who convened it").always, text("venue", "where"),
    ]

    /// One meeting with everything recorded.
    static let meeting: [FieldSpec] = meetingHead + [
        count("present_count", "attendees present"), count("absent_count", "invited but absent"), count("risk_count", "risks judged"),
        count("decision_count", "decisions"), count("open_decisions", "tracked decisions not yet done"), count("done_decisions", "decisions done"),
        FieldSpec.reference("convener_unit_id", "units", "the convening unit"), text("convener_unit_name", "its name"),
        FieldSpec.list("attendees", of: .object(attendee), "who attended").always,
        FieldSpec.list("absent_units", of: .object(attendee), "units and territories invited but absent").always,
        FieldSpec.list("agenda", of: .text(maxLength: 500), "the agenda items").always,
        FieldSpec.list("carried_decisions", of: .object(decision), "open decisions of this body's earlier meetings, carried onto this one").always,
        FieldSpec.list("risks", of: .object(risk), "risks judged").always,
        FieldSpec.list("decisions", of: .object(decision), "its decisions with their live status").always,
        text("minutes", "the minutes").always,
        FieldSpec.list("attachments", of: .object(attachment), "files kept with it").always,
        link("minutes_link", "the minutes as printable HTML"), text("recorded_by", "who recorded it").always,
        version, text("created_at", "RFC 3339").always, text("updated_at", "RFC 3339").always,
    ]

    static let attachmentCreated: [FieldSpec] = [id, FieldSpec.integer("meeting_id", 1...Int64.max, "the meeting").always, link("link", "where to download it")]

    static let complianceLine: [FieldSpec] = [
        text("body", "the body that must meet").always, text("body_key", "a stable key: kind:CODE or group:ID").always,
        FieldSpec.choice("body_kind", BodyKind.self, "whose meeting").always,
        FieldSpec.reference("group_id", "groups", "the special leading group; null for other bodies"),
        text("kind", "the kind's code").always, text("kind_name", "the kind's name").always, FieldSpec.quarter("quarter", "the quarter").always,
        FieldSpec.boolean("held", "whether it met in the quarter").always,
        FieldSpec.list("meetings", of: .object([id, FieldSpec.date("held_on", "the day").always, text("title", "its title").always, link()]),
                       "its meetings in the quarter held by as_of").always,
        FieldSpec.choice("colour", StatusColour.self, "green, yellow or red").always, text("reason", "why that colour, in Chinese").always,
        FieldSpec.choice("reason_code", ["held", "missed", "not_yet_due", "due_soon", "in_progress"], "the reason as a stable code for scripts").always,
        FieldSpec.date("as_of", "the day it is judged on: only meetings held by then count").always,
    ]

    static let agendaItem: [FieldSpec] = [
        text("summary", "what it is about").always, link("link", "the record behind it"),
        colour, FieldSpec.integer("decision_id", 1...Int64.max, "the carried decision (carried_decision items)"),
        text("occurred_at", "when it happened (RFC 3339)"), FieldSpec.integer("source_event_id", 1...Int64.max, "the event it came from"),
        text("subject", "what it concerns, e.g. hazard:12"),
    ]

    static let agenda: [FieldSpec] = [
        text("kind", "the kind's code").always, text("kind_name", "the kind's name").always, text("body", "the body whose meeting it is").always,
        FieldSpec.reference("group_id", "groups", "the special leading group, for its meetings"),
        FieldSpec.date("generated_on", "the day it was generated").always,
        FieldSpec.object("last_meeting", [id, text("title", "title").always, FieldSpec.date("held_on", "the day").always, link()],
                         "the body's last meeting; null before its first"),
        FieldSpec.date("since", "the day of the last meeting; news since then"),
        count("total", "items in all sections"),
        FieldSpec.list("sections", of: .object([
            FieldSpec.choice("type", ["carried_decision"] + AgendaItemType.allCases.map(\.rawValue), "the section").always,
            text("title", "its heading").always, count("count", "its items"),
            FieldSpec.list("items", of: .object(agendaItem), "its items").always,
        ]), "the agenda's sections, carried decisions first").always,
    ]

    /// The CSV columns of the lists: one per declared field, worked out once rather than per request.
    enum Columns {
        static let kind = Replies.kind.map(\.name)
        static let meetingSummary = Replies.meetingSummary.map(\.name)
        static let decision = Replies.decision.map(\.name)
        static let complianceLine = Replies.complianceLine.map(\.name)
    }
}

extension FieldSpec {
    /// One of the given codes, without labels.
    static func choice(_ name: String, _ codes: [String], required: Bool = false, _ help: String) -> FieldSpec {
        .choice(name, codes.map { (code: $0, label: "") }, required: required, help)
    }
}
