// What the yearly assessment (考核) takes and answers: the indicator tree, manual items, runs,
// the published report and the higher level's findings.
import Kernel

enum AssessmentFields {
    static let yearOnly = Contract([.year("year", "the year (default: this year)")])

    static let yearAndDate = Contract([
        .year("year", "the year (default: this year)"),
        .date("as_of", "judge the year on this day (default: its last day, or today)"),
    ])

    /// The kinds a leaf may deduct points for: facts from other modules, Supervision's own, instruments.
    static let pointKinds: [String] = FactRecorder.Kind.allCases.map(\.rawValue) + ["visitMissing", "redraw", "findingOverdue"] + InstrumentKind.allCases.map(\.rawValue)

    static let leaf: [FieldSpec] = [
        .text("code", max: 20, required: true, "the indicator's code, unique in the tree", example: "A1"),
        .text("name", max: 100, required: true, "its name", example: "任务按期完成"),
        .integer("weight", 0...100, "a leaf's weight (a leaf needs one; a group's is its children's sum)", example: 20),
        .choice("source", IndicatorSource.self, "where a leaf's points come from (default manual)"),
        .list("applies_to", of: .choice(SubjectKind.allCases.map { (code: $0.rawValue, label: "") }), maxItems: 2, "unit, territory (default both)"),
        .object("points", pointKinds.map { FieldSpec.integer($0, 0...100, "points deducted for each") }, "points deducted per fact or instrument kind"),
    ]

    /// A top-level indicator: a leaf, or a group of leaves.
    static let indicator: [FieldSpec] = leaf + [.list("children", of: .object(leaf), maxItems: 50, "a group's leaves")]

    static let scheme = Contract([.list("indicators", of: .object(indicator), maxItems: 50, required: true, "the indicator tree; the leaves' weights sum to 100")])

    static let indicatorReply: [FieldSpec] = [
        Out.text("code", "the indicator's code"), Out.text("name", "its name"),
        FieldSpec.integer("weight", 0...Int64.max, "its weight (a leaf's)"),
        FieldSpec.list("applies_to", of: .choice(SubjectKind.allCases.map { (code: $0.rawValue, label: "") }), maxItems: 2, "whom a leaf applies to"),
        FieldSpec.choice("source", IndicatorSource.self, "where a leaf's points come from"),
        FieldSpec.any("points", "a leaf's points per kind"),
        FieldSpec.any("children", "a group's indicators"),
    ]

    static let schemeReply: [FieldSpec] = [
        FieldSpec.year("year", "the year").always,
        FieldSpec.integer("total_weight", 0...Int64.max, "the weights summed").always,
        Out.objects("indicators", indicatorReply, "the indicator tree"),
    ]

    static let item = Contract(BodyFields.subject.fields + [
        .year("year", required: true, "the year"),
        .text("indicator", max: 20, required: true, "a leaf indicator of that year's scheme", example: "A2"),
        .integer("points", -100...100, required: true, "bonus (+) or deduction (-)", example: -2),
        .paragraph("reason", max: 2000, required: true, "why"),
        .paragraph("evidence", max: 2000, required: true, "the evidence"),
    ])

    static let itemReply: [FieldSpec] = [
        Out.id("assessment item"), FieldSpec.year("year", "the year").always,
        FieldSpec.choice("subject_kind", SubjectKind.self, "unit or territory").always, Out.id("subject_id", "assessed body"),
        Out.text("subject_name", "the assessed body's name"),
        Out.text("indicator", "the leaf indicator"), FieldSpec.integer("points", -100...100, "bonus or deduction").always,
        Out.text("reason", "why"), Out.text("evidence", "the evidence"),
        Out.text("recorded_by", "who recorded it"), Out.instant("created_at"),
        Out.text("status", "active or withdrawn"),
        FieldSpec.text("withdrawn_at", max: 40, "when it was withdrawn"), Out.optionalText("withdrawn_by", "who withdrew it"),
        Out.optionalText("withdrawal_reason", "why it was withdrawn"),
    ]

    static let withdraw = Contract([
        .paragraph("reason", max: 2000, required: true, "why the item is withdrawn (撤销理由)", example: "证据有误，重新核定"),
    ])

    static let line: [FieldSpec] = [
        Out.text("indicator", "the leaf"), Out.text("code", "what kind of line (stable code: taskOverdue, visitMissing, redraw, manualDeduction …)"),
        FieldSpec.integer("points", Int64.min...Int64.max, "points (negative: a deduction)").always,
        Out.text("reason", "why, in Chinese, naming the record"), Out.text("source", "the record it comes from (stable reference)"),
    ]

    static let result: [FieldSpec] = [
        FieldSpec.choice("kind", SubjectKind.self, "territory or unit").always, Out.text("kind_label", "the kind in Chinese"),
        Out.id("subject"), Out.text("name", "who"),
        FieldSpec.integer("points", Int64.min...Int64.max, "points before scaling (the reader's own result, or all for the office)"),
        FieldSpec.integer("applicable_weight", 0...Int64.max, "the weight of the indicators that apply (own result, or all for the office)"),
        FieldSpec.integer("score", Int64.min...Int64.max, "the score on a 100-point scale").always,
        FieldSpec.list("indicators", of: .anyJSON, maxItems: Out.many, "the tree with each indicator's score (own result, or all for the office)"),
        FieldSpec.list("lines", of: .object(line), maxItems: Out.many, "every deduction and bonus (own result, or all for the office)"),
        FieldSpec.integer("rank", 1...Int64.max, "1 is the best of its kind").always,
    ]

    static let reportReply: [FieldSpec] = [
        FieldSpec.year("year", "the year").always,
        FieldSpec.date("as_of", "the day it was judged on").always,
        Out.text("digest", "SHA-256 of the report: the same data gives the same digest"),
        FieldSpec.object("scheme", schemeReply, required: true, "the indicator tree"),
        Out.objects("results", result, "every territory and member unit, ranked"),
    ]

    static let higherFindings = Contract([
        .list("items", of: .object(FindingFields.record.fields), maxItems: 200, required: true, "the higher level's findings"),
    ])
}
