// What planning and revealing a 四不两直 draw take, and what a draw looks like in an answer.
import Kernel

enum DrawFields {
    static let plan = Contract([
        .recordID("group_id", "supervision group", chinese: "督导组", "the group (an inspector's own group by default; the office must name it)"),
        .quarter("quarter", "the quarter (default: this one)"),
        .integer("territory_count", 1...100, "how many territories to draw (default 1)", example: 1),
        .integer("enterprises_per_territory", 0...50, "enterprises drawn in each (default 2)", example: 2),
        .paragraph("redraw_reason", max: 500, "重新抽签理由: required when the group already has a sealed draw for the quarter (the earlier one is kept and reported)"),
    ])

    static let target: [FieldSpec] = [
        .recordID("territory_id", "territory", chinese: "镇（景区、开发区）", required: true, "a drawn territory"),
        .list("enterprise_ids", of: .recordID("enterprise", chinese: "生产经营单位"), maxItems: 50, required: true, "the enterprises drawn in it"),
    ]

    static let reveal = Contract([
        .list("targets", of: .object(target), maxItems: 100, required: true, "the sealed envelope's list, as given when the draw was planned"),
        .text("secret", max: 200, required: true, "the sealed envelope's secret (hex)"),
    ])

    static let targetReply: [FieldSpec] = [Out.id("territory_id", "territory"), Out.ids("enterprise_ids", "enterprise")]

    static let reply: [FieldSpec] = [
        Out.id("draw"), Out.id("group_id", "supervision group"), FieldSpec.quarter("quarter", "the quarter").always,
        FieldSpec.integer("territory_count", 0...100, "territories drawn").always,
        FieldSpec.integer("enterprises_per_territory", 0...50, "enterprises drawn in each").always,
        FieldSpec.object("pool", [Out.ids("eligible", "territory"), Out.ids("fallback", "territory"),
                                  FieldSpec.any("enterprises", required: true, "territory id → enterprise ids")],
                         "what the draw chose from (public)"),
        Out.ids("excluded_last_quarter", "territory"),
        Out.text("commitment", "SHA-256 of the sealed list and secret"),
        FieldSpec.choice("status", DrawStatus.self, "sealed or revealed").always,
        FieldSpec.list("targets", of: .object(targetReply), maxItems: Out.many, "the drawn list, once revealed"),
        FieldSpec.text("secret", max: 200, "the secret, once revealed"),
        FieldSpec.list("deviations", of: .object([
            Out.text("code", "territory_not_drawn, enterprise_not_drawn, territory_not_visited or enterprise_not_visited"),
            Out.optionalID("inspection_id", "inspection"), Out.id("territory_id", "territory"), Out.optionalID("enterprise_id", "enterprise"),
            Out.text("reason", "what deviated, in Chinese"),
        ]), maxItems: Out.many, "every deviation of the visits from the drawn list (per enterprise), once revealed"),
        Out.ids("inspection_ids", "inspection"),
        Out.text("group_name", "the group's name"),
        Out.optionalID("redraw_of", "draw"), Out.optionalText("redraw_reason", "why it was drawn again"),
        Out.optionalID("superseded_by", "draw"),
        Out.text("planned_by", "who planned it"), Out.instant("planned_at"),
        FieldSpec.text("revealed_at", max: 40, "when it was revealed"),
    ]
    /// The columns of the draws' CSV.
    static let columns = Out.columns(reply)

    static let planReply: [FieldSpec] = [
        FieldSpec.object("draw", reply, required: true, "the public record"),
        FieldSpec.object("envelope", [Out.objects("targets", targetReply, "the drawn list"), Out.text("secret", "the secret (hex)"), Out.text("note", "keep it")],
                         required: true, "the sealed envelope: shown once only"),
    ]

    static let verifyReply: [FieldSpec] = [
        Out.id("draw_id", "draw"), FieldSpec.boolean("valid", "both checks pass").always,
        Out.text("verdict", "valid or invalid"), Out.text("message", "the verdict in Chinese"),
        Out.text("commitment", "the sealed commitment"),
        FieldSpec.boolean("commitment_matches", "SHA-256 of the list and secret is the commitment").always,
        FieldSpec.boolean("draw_matches", "drawing again from the secret gives the list").always,
        Out.text("canonical", "the text the commitment hashes"),
        Out.texts("problems", "what does not match"),
    ]
}
