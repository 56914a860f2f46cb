// What recording a finding, acting on one and listing the rectification list take, and what a
// finding looks like in an answer.
import Kernel

enum FindingFields {
    /// A finding of an inspection, or one of the higher level's findings.
    static let record = Contract([
        .paragraph("description", max: 4000, required: true, "the problem found", example: "消防通道堵塞"),
        .reference("enterprise_id", "enterprises", "the enterprise where it was found (id, name or alias)"),
        .reference("territory_id", "territories", "the territory where it was found (an inspection's own territory by default)"),
        .choice("severity", Severity.self, "minor, general (default) or serious"),
        .boolean("is_hazard", "true: a hazard (隐患); Hazards makes the hazard record"),
        .choice("hazard_grade", FindingHazardGrade.self, "for a hazard: general (一般, default) or major (重大)"),
        .text("sector", max: 64, "the industry (the enterprise's by default)"),
    ] + BodyFields.responsible.fields + [
        .date("deadline", required: true, "rectify by this day", example: "2024-07-15"),
        .boolean("wants_task", "ask Responsibilities for a task (default: unless the body is an enterprise)"),
    ])

    static let progress = Contract([
        .integer("progress", 0...99, required: true, "per cent done (100 is `complete`)", example: 40),
        .paragraph("note", max: 4000, "what was done"),
        evidence(required: false),
    ])

    static let complete = Contract([
        .paragraph("note", max: 4000, required: true, "what was done"),
        evidence(required: true),
    ])

    static let recheck = Contract([
        .boolean("passed", required: true, "true closes the finding (销号), false sends it back to rectifying"),
        .paragraph("note", max: 4000, required: true, "what the re-check (回头看) found"),
        evidence(required: false),
    ])

    static func evidence(required: Bool) -> FieldSpec {
        .list("evidence", of: .text(maxLength: 200), maxItems: 20, required: required,
              "evidence: names or links of photos and documents\(required ? " (at least one)" : "")")
    }

    static func action(_ action: FindingService.Action) -> Contract {
        switch action {
        case .progress: return progress
        case .complete: return complete
        case .recheck: return recheck
        }
    }

    /// The rectification list's filters.
    static let filters = Contract([
        .choice("status", FindingStatus.self, "open, rectifying, rectified or closed"),
        .choice("responsible_kind", BodyKind.self, "unit, territory or enterprise"),
        .recordID("responsible_id", "responsible body", chinese: "责任主体", "the responsible body's id (with responsible_kind)"),
        .reference("territory_id", "territories", "where (id, name or alias)"),
        .boolean("is_hazard", "true: only hazards; false: only other findings"),
        .boolean("overdue", "true: only those past their deadline and not rectified"),
        .year("year", "the deadline's year"),
    ])

    static let step: [FieldSpec] = [
        Out.text("kind", "progress, completion, recheckPassed or recheckFailed"),
        .integer("progress", 0...100, "per cent done"),
        Out.text("note", "what was done or found"),
        Out.texts("evidence", "names or links of the evidence"),
        Out.text("actor", "who"),
        Out.instant("at"),
    ]

    /// A finding as answered; `steps` only where one finding is shown.
    static let reply: [FieldSpec] = [
        Out.id("finding"),
        Out.optionalID("inspection_id", "inspection"),
        FieldSpec.choice("source", FindingSource.self, "inspection or higherAssessment (the higher level's findings)").always,
        Out.text("description", "the problem found"),
        Out.optionalID("enterprise_id", "enterprise"), Out.optionalText("enterprise_name", "the enterprise's name"),
        Out.optionalID("territory_id", "territory"), Out.optionalText("territory_name", "the territory's name"),
        FieldSpec.choice("severity", Severity.self, "minor, general or serious").always,
        FieldSpec.boolean("is_hazard", "a hazard (隐患)").always,
        FieldSpec.choice("hazard_grade", FindingHazardGrade.self, "a hazard's grade; null when not a hazard"),
        Out.optionalText("sector", "the industry"),
        FieldSpec.choice("responsible_kind", BodyKind.self, "the responsible body's kind").always,
        Out.id("responsible_id", "responsible body"),
        Out.optionalText("responsible_name", "the responsible body's name"),
        FieldSpec.date("deadline", "rectify by"),
        FieldSpec.choice("status", FindingStatus.self, "open → rectifying → rectified → closed").always,
        Out.text("status_label", "the state in Chinese"),
        FieldSpec.boolean("overdue", "past its deadline and not rectified").always,
        FieldSpec.integer("progress", 0...100, "per cent done").always,
        Out.optionalID("notice_id", "rectification notice"), Out.optionalText("notice_number", "the notice's number"),
        Out.texts("allowed_actions", "the actions its state allows"),
        FieldSpec.list("steps", of: .object(step), maxItems: Out.many, "its history (where one finding is shown)"),
        Out.version, Out.instant("created_at"), Out.instant("updated_at"),
    ]
    /// The columns of the rectification list's CSV: a finding as listed, without its steps.
    static let columns = Out.columns(reply, except: ["steps"])
}
