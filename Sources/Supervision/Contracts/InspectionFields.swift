// What recording and listing inspections take, and what an inspection looks like in an answer.
import Kernel

enum InspectionFields {
    static let score: [FieldSpec] = [
        .text("item", max: 20, required: true, "the checklist item's code", example: "A1"),
        .integer("score", 0...100, required: true, "points given (0 to the item's points)", example: 8),
        .text("note", max: 500, "a note"),
    ]

    static let record = Contract([
        .recordID("group_id", "supervision group", chinese: "督导组", "the supervision group (an inspector's own group by default)"),
        .reference("unit_id", "units", "or the department (member unit) that inspected: id, name or alias"),
        .choice("mode", InspectionMode.self, required: true, "overt (明查), covert (暗访), unannounced (四不两直) or expert (专家指导)"),
        .recordID("campaign_id", "campaign", chinese: "专项行动", "the campaign window (default: the one the date falls in)"),
        .date("date", required: true, "the day of the visit (not after today)", example: "2024-06-10"),
        .reference("territory_id", "territories", required: true, "the territory visited: id, name or alias"),
        .list("enterprise_ids", of: .reference("enterprises"), maxItems: 50, "enterprises visited: ids, names or aliases"),
        .list("inspectors", of: .text(maxLength: 100), maxItems: 20, "the inspectors' names"),
        .recordID("checklist_id", "checklist", chinese: "检查表", "the checklist used"),
        .list("scores", of: .object(score), maxItems: 100, "the checklist's scores: [{item, score, note}]"),
        .paragraph("summary", max: 4000, "a summary"),
        .recordID("draw_id", "draw", chinese: "抽签", "the sealed draw a 四不两直 (unannounced) visit follows"),
        .list("findings", of: .object(FindingFields.record.fields), maxItems: 50, "findings recorded with the inspection"),
    ])

    static let filters = Contract([
        .recordID("group_id", "supervision group", chinese: "督导组", "by group"),
        .reference("territory_id", "territories", "by territory: id, name or alias"),
        .choice("mode", InspectionMode.self, "by mode"),
        .quarter("quarter", "by quarter, e.g. 2024-Q2"),
    ])

    /// An inspection as answered: `scores` where one is shown, `findings` on `GET /inspections/{id}`.
    static let reply: [FieldSpec] = [
        Out.id("inspection"),
        Out.optionalID("group_id", "supervision group"), Out.optionalText("group_name", "the group's name"),
        Out.optionalID("unit_id", "unit"), Out.optionalText("unit_name", "the department's name"),
        FieldSpec.choice("mode", InspectionMode.self, "overt, covert, unannounced or expert").always,
        Out.text("mode_label", "the mode in Chinese"),
        Out.optionalID("campaign_id", "campaign"), Out.optionalText("campaign_name", "the campaign window's name"),
        FieldSpec.date("date", "the day of the visit").always,
        FieldSpec.quarter("quarter", "the quarter of the visit").always,
        Out.id("territory_id", "territory"), Out.text("territory_name", "the territory's name"),
        Out.texts("inspectors", "the inspectors' names"),
        Out.optionalID("checklist_id", "checklist"), Out.optionalText("checklist_name", "the checklist's name"),
        FieldSpec.integer("score", 0...Int64.max, "the checklist score"),
        FieldSpec.integer("max_score", 0...Int64.max, "the checklist's maximum"),
        Out.optionalID("draw_id", "draw"),
        Out.optionalText("summary", "a summary"),
        Out.objects("enterprises", [Out.id("enterprise"), Out.text("name", "the enterprise's name")], "enterprises visited"),
        Out.count("finding_count", "findings recorded"),
        FieldSpec.list("scores", of: .object([Out.text("item", "item code"), Out.count("score", "points given"), Out.optionalText("note", "a note")]),
                       maxItems: Out.many, "the checklist's scores (where one inspection is shown)"),
        Out.text("recorded_by", "who recorded it"),
        Out.instant("created_at"),
        FieldSpec.list("findings", of: .object(FindingFields.reply), maxItems: Out.many, "its findings (on GET /inspections/{id})"),
    ]
    /// The columns of the inspections' CSV: an inspection as listed, without scores and findings.
    static let columns = Out.columns(reply, except: ["scores", "findings"])
}
