// What the register's routes answer, property by property: the OpenAPI document describes every
// answer from these, and the schemathesis run holds the bytes the handlers write to them.
// `.always`: always present and never null; any other property may be null.
import Kernel

enum HazardReplies {
    static let id = FieldSpec.recordID("id", "hazard", "the hazard's id").always
    static func count(_ name: String, _ help: String) -> FieldSpec { FieldSpec.integer(name, 0...Int64.max, help).always }
    /// An `id` answered as a positive integer (an attachment's, a timeline entry's, a clause's, a standard's, a tip-off's).
    static func rowID(_ help: String) -> FieldSpec { FieldSpec.integer("id", 1...Int64.max, help).always }
    static let version = FieldSpec.integer("version", 1...Int64.max, "增加 on every change; the ETag").always

    /// A hazard in a list (`HazardView.summary`, `HazardListWriter`).
    static let summary: [FieldSpec] = [
        id,
        .text("code", "the hazard's code, YH-<year>-<serial>", example: "YH-2024-000123").always,
        .choice("grade", HazardGrade.choices, "the grade").always,
        .choice("status", HazardStatus.choices, "where it stands").always,
        .reference("enterprise_id", "enterprises", "the enterprise, or null at a public place"),
        .text("enterprise_name", "the enterprise's name"),
        .text("place", "the public place, when there is no enterprise"),
        .reference("territory_id", "territories", "the territory (属地)").always,
        .text("territory_name", "the territory's name"),
        .choice("sector", Sector.choices, "the sector").always,
        .reference("supervising_unit_id", "units", "the supervising unit").always,
        .text("supervising_unit_name", "the supervising unit's name"),
        .choice("source", HazardSource.choices, "how it was found").always,
        .date("found_on", "the day it was found").always,
        .date("deadline", "the rectification deadline").always,
        .boolean("overdue", "open and past its deadline").always,
        .boolean("listed", "listed for supervision (挂牌督办)").always,
        .paragraph("description", "what is wrong").always,
        .choice("colour", StatusColour.allCases.map { (code: $0.rawValue, label: $0.chinese) }, "red: overdue; yellow: due within 7 days; green: on track or finished").always,
        .text("colour_reason", "why it has its colour").always,
    ]

    /// The CSV export's columns: the list form's, so that an empty export keeps its header.
    static let summaryColumns = summary.map(\.name)

    /// One hazard with its record (`HazardView.full`): every answer of its lifecycle.
    static let full: [FieldSpec] = summary + [
        .text("status_label", "the state in Chinese").always,
        .boolean("stock", "stock (存量): major and found in the stock year or before").always,
        .recordID("standard_clause_id", "determination-standard clause", "the determination-standard clause it was judged under"),
        .text("standard_clause", "that clause: the standard's code and the clause's number"),
        .object("report", HazardView.reportParts.map { .paragraph($0.column, $0.label) }, "the major hazard's report").always,
        .object("plan", HazardView.planParts.map { .paragraph(String($0.column.dropFirst(5)), $0.label) }
                + [.text("filed_at", "when the plan was filed (RFC 3339)")], "the six-part remediation plan (治理方案)").always,
        .object("listing", [
            .text("level", "督办级别"), .text("notice_number", "督办通知书文号"), .text("supervising_body", "督办机构"), .date("listed_on", "the day it was listed"),
        ], "the listing for supervision (挂牌督办), null when not listed"),
        .date("rectified_on", "the day rectification finished"),
        .paragraph("assessment", "the assessment's conclusion"),
        .date("review_applied_on", "the day the closure review was applied for"),
        .date("review_due", "the on-site review's due day"),
        .date("closed_on", "the day it was closed (销号)"),
        .text("closed_by", "who closed it"),
        .reference("closed_on_behalf_of_unit_id", "units", "when the committee office closed it in the supervising department's place (代为): that department"),
        .recordID("merged_into_id", "hazard", "the hazard it was merged into"),
        .text("reported_by", "who registered it").always,
        .list("allowed_actions", of: .choice(HazardAction.allCases.map { (code: $0.rawValue, label: "") }), maxItems: HazardAction.allCases.count,
              "the actions its state allows now").always,
        version,
        .text("created_at", "RFC 3339").always,
        .text("updated_at", "RFC 3339").always,
    ]

    static let attachment: [FieldSpec] = [
        rowID("the attachment's id"),
        .text("name", "the file's name").always,
        .text("media_type", "its type, checked by its content").always,
        .integer("size", 0...Int64.max, "its size in bytes").always,
        .text("sha256", "the SHA-256 of its bytes, in hex").always,
        .text("added_by", "who added it").always,
        .text("added_at", "when (RFC 3339)").always,
    ]

    /// One entry of the timeline.
    static let timelineItem: [FieldSpec] = [
        rowID("the entry's id"),
        .text("action", "what was done: register, attach, merge-in, tipoff-linked, follow-enterprise (the enterprise's registration moved it) or a lifecycle action").always,
        .choice("from_status", HazardStatus.choices, "the state before (null when registered)"),
        .choice("to_status", HazardStatus.choices, "the state after").always,
        .text("actor", "who").always,
        .text("at", "when (RFC 3339)").always,
        .paragraph("note", "the note, reasons or progress"),
        .any("details", "the action's details (e.g. the listing's notice number)").always,
        .list("attachments", of: .object(attachment), maxItems: 10_000, "files added with it").always,
    ]

    static let timelineExtra: [FieldSpec] = [
        .recordID("hazard_id", "hazard", "the hazard").always,
        .text("code", "its code").always,
    ]

    /// One row of the stats; the last row (合计) is the total, with a null key.
    static let statsRow: [FieldSpec] = [
        .reference("territory_id", "territories", "by territory: the territory (null on the total)"),
        .text("sector", "by sector: the sector's code (null on the total)"),
        .reference("supervising_unit_id", "units", "by unit: the unit (null on the total)"),
        .text("name", "the row's name (合计 on the total)"),
    ] + HazardService.statsColumns.map { count($0, HazardService.statsHelp[$0] ?? $0) }

    static let statsExtra: [FieldSpec] = [
        .choice("by", StatsDimension.choices, "the dimension of the rows").always,
        .date("as_of", "today: the day overdue and this year are counted on").always,
    ]

    static let clause: [FieldSpec] = [
        rowID("the clause's id (a hazard's standard_clause_id)"),
        .text("clause", "its number").always,
        .paragraph("text", "what it says").always,
    ]

    static let standard: [FieldSpec] = [
        rowID("the standard's id"),
        .text("code", "its short code").always,
        .text("title", "its title").always,
        .text("sector", "the sector it is filed under").always,
        .boolean("cross_sector", "it applies to hazards of every sector").always,
        .list("sectors", of: .text(maxLength: 40), maxItems: 1_000, "the sectors whose hazards may cite its clauses (every sector when cross_sector)").always,
        .list("clauses", of: .object(clause), maxItems: 100_000, "its clauses").always,
    ]

    static let addedClause: [FieldSpec] = [clause[0], .integer("standard_id", 1...Int64.max, "the standard").always, clause[1], clause[2]]

    static let closureWarning: [FieldSpec] = [
        .reference("enterprise_id", "enterprises", "the enterprise flagged").always,
        .text("enterprise_name", "its name"),
        .list("reasons", of: .text(maxLength: 200), maxItems: 10, "which rule it meets").always,
        .list("penalties", of: .object([.date("penalised_on", "the day").always, .text("decision_number", "the decision's number").always]),
              maxItems: 100_000, "its penalties for major hazards").always,
    ]

    static let closureWarningColumns = closureWarning.map(\.name)

    /// An enterprise in the reports' status: its id and name.
    static let reportingEnterprise: [FieldSpec] = [.reference("enterprise_id", "enterprises", "the enterprise").always, .text("name", "its name").always]

    static let reportStatus: [FieldSpec] = [
        .period("period", "the period").always,
        .date("due", "the day reports are due").always,
        .boolean("overdue", "today is past the due day").always,
        count("filed_count", "enterprises that filed"),
        count("not_filed_count", "enterprises that did not"),
        .list("filed", of: .object(reportingEnterprise + [.text("filed_at", "when (RFC 3339)"), .text("signed_by", "who signed")]),
              maxItems: 1_000_000, "who filed").always,
        .list("not_filed", of: .object(reportingEnterprise), maxItems: 1_000_000, "who did not").always,
    ]

    static let filedReport: [FieldSpec] = [
        .reference("enterprise_id", "enterprises", "the enterprise").always,
        .period("period", "the period").always,
        .date("due", "the day it was due").always,
        .boolean("on_time", "filed by the due day").always,
        .text("signed_by", "the principal person who signed").always,
        count("found", "hazards found in the period"),
        count("closed", "hazards closed in the period"),
        count("open", "hazards open at the period's end"),
        count("major_open", "major hazards open at the period's end"),
    ]
}
