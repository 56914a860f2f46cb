// What the enforcement ladder takes and answers: instruments, escalation rules, proposals.
import Kernel

enum LadderFields {
    /// What an instrument says besides its kind and target (also what accepting a proposal may add).
    static let particulars: [FieldSpec] = [
        .date("date", "the instrument's date (default today)"),
        .paragraph("reason", max: 2000, "why", example: "两项任务逾期"),
        .list("finding_ids", of: .recordID("finding", chinese: "问题"), maxItems: 100, "linked findings"),
        .list("hazard_ids", of: .recordID("hazard", chinese: "隐患"), maxItems: 100, "linked hazards"),
        .list("task_ids", of: .recordID("task", chinese: "任务"), maxItems: 100, "linked tasks"),
        .date("follow_up_deadline", "the follow-up deadline (not before the date)", example: "2024-07-15"),
        .date("correction_report_due", "约谈 only, and required there: when the written correction report is due", example: "2024-07-15"),
        .text("number", max: 60, "the document number (default: generated, e.g. 安委办督促〔2024〕3号)"),
    ]

    static let issue = Contract([
        .choice("kind", InstrumentKind.self, required: true, "reminder (催办), urgingLetter (督促函), warningNotice (警示通报), admonitoryInterview (约谈), listedSupervision (挂牌督办) or escalatedInvestigation (提级调查)"),
    ] + BodyFields.target.fields + particulars.map { field in
        var field = field
        if field.name == "reason" { field.required = true }
        return field
    })

    static let filters = Contract([.choice("kind", InstrumentKind.self, "only this kind")])

    static let receiveReport = Contract([
        .paragraph("report", max: 8000, required: true, "the written correction report"),
        .date("received_on", "when it was received (default today)"),
    ])

    static let reply: [FieldSpec] = [
        Out.id("instrument"),
        FieldSpec.choice("kind", InstrumentKind.self, "the rung of the ladder").always,
        FieldSpec.text("kind_label", max: 20, "the kind in Chinese"),
        Out.text("number", "the document number"),
        FieldSpec.choice("target_kind", BodyKind.self, "the target's kind").always,
        Out.id("target_id", "target"), Out.optionalText("target_name", "the target's name"),
        FieldSpec.date("date", "the instrument's date").always,
        Out.text("reason", "why"),
        Out.ids("finding_ids", "finding"), Out.ids("hazard_ids", "hazard"), Out.ids("task_ids", "task"),
        Out.optionalID("hazard_id", "hazard"), Out.optionalText("hazard_code", "the hazard a 挂牌督办 lists, by its code"),
        FieldSpec.date("follow_up_deadline", "the follow-up deadline"),
        FieldSpec.date("correction_report_due", "约谈: when the written correction report is due"),
        FieldSpec.date("correction_report_received_on", "约谈: when it was received"),
        Out.optionalText("correction_report", "约谈: the written correction report"),
        Out.optionalID("proposal_id", "proposal"),
        Out.text("issued_by", "who issued it"),
    ]
    /// The columns of the instruments' CSV.
    static let columns = Out.columns(reply)

    // MARK: - Escalation rules

    static let updateRule = Contract([
        .integer("threshold", 1...10_000, "how many facts within the window make a proposal", example: 2),
        .integer("window_days", 1...3660, "the window in days", example: 90),
        .choice("proposes", InstrumentKind.self, "the instrument it proposes"),
        .boolean("enabled", "on or off"),
        .text("description", max: 500, "what it says"),
    ])

    static let ruleReply: [FieldSpec] = [
        Out.id("escalation rule"), Out.text("code", "the rule's code"), Out.text("kind", "the facts it counts"),
        FieldSpec.integer("threshold", 1...10_000, "how many facts").always, FieldSpec.integer("window_days", 1...3660, "the window in days").always,
        FieldSpec.choice("proposes", InstrumentKind.self, "the instrument it proposes").always,
        FieldSpec.boolean("enabled", "on or off").always, Out.text("description", "what it says"), Out.version,
    ]

    // MARK: - Proposals

    static let proposalFilters = Contract([.choice("status", ProposalStatus.self, "proposed, accepted or declined")])

    static let accept = Contract([.paragraph("note", max: 2000, "a note on the decision")] + particulars)

    static let decline = Contract([.paragraph("note", max: 2000, required: true, "why not")])

    static let proposalReply: [FieldSpec] = [
        Out.id("proposal"), Out.text("rule", "the rule's code"),
        FieldSpec.choice("target_kind", BodyKind.self, "the target's kind").always, Out.id("target_id", "target"),
        FieldSpec.choice("proposes", InstrumentKind.self, "the proposed instrument").always,
        FieldSpec.text("proposes_label", max: 20, "the proposed instrument in Chinese"),
        Out.text("period", "the period the facts fall in"),
        Out.text("reason", "why: the facts, each with its source"),
        Out.ids("source_events", "event"),
        FieldSpec.choice("status", ProposalStatus.self, "proposed, accepted or declined").always,
        Out.optionalText("decided_by", "who decided"), Out.optionalText("decision_note", "the decision's note"),
        Out.optionalID("instrument_id", "instrument"),
    ]
    /// The columns of the proposals' CSV.
    static let proposalColumns = Out.columns(proposalReply)

    static let evaluateReply: [FieldSpec] = [Out.count("proposed", "new proposals")]
}
