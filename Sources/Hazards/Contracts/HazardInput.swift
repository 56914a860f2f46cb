// What the register's routes and commands take, declared once: the HTTP API reads a body or a
// query by these, the CLI makes its options and help from them, and the OpenAPI document lists
// them. Names of units, territories and enterprises are references: the kernel resolves them.
import Kernel

enum HazardInput {
    // MARK: - Lists

    /// The list filters (`GET /api/v1/hazards?…`, `anwei hazards list --…`), also taken by the stats.
    static let filters = Contract([
        .reference("territory_id", "territories", "only hazards in this territory (属地): id, name or alias"),
        .choice("sector", Sector.choices, "only hazards of this sector"),
        .reference("supervising_unit_id", "units", "only hazards this unit supervises: id, name or alias (e.g. 区住建局)"),
        .reference("enterprise_id", "enterprises", "only this enterprise's hazards: id, name or alias"),
        .choice("status", HazardStatus.filterChoices, "only hazards in this state; open: every state but closed and merged"),
        .choice("grade", HazardGrade.choices, "only hazards of this grade"),
        .choice("source", HazardSource.choices, "only hazards found this way"),
        .boolean("overdue", "only hazards open past their deadline (true) or not (false)"),
        .boolean("stock", "only stock (存量: major, found in the stock year or before) (true) or not (false)"),
        .boolean("public_facing", "only the public-facing sectors (campus, hospital, gas, self-built houses, traffic) (true) or the others (false)"),
        .boolean("listed", "only hazards listed for supervision (挂牌督办) (true) or not (false)"),
        .text("q", max: 100, "search: each term (separated by spaces) must occur in the description (Chinese full text), the code (YH-2024-000123, or its start) or the enterprise's name", example: "燃气管道"),
        .date("review_due_by", "only hazards awaiting the on-site closure review (销号核查) due on or before this day; today's date lists the reviews due and lapsed", example: "2024-06-20"),
    ])

    /// `GET /api/v1/hazards/stats`: the dimension, then the list filters.
    static let stats = Contract([
        .choice("by", StatsDimension.choices, "one row per territory (default), sector or supervising unit"),
    ]) + filters

    // MARK: - Registering

    /// A new hazard. From a tip-off (`createHazard`) the description defaults to the tip-off's text,
    /// and there is no `source` to choose: the hazard's source is the tip-off (群众举报).
    static func register(fromTipOff: Bool = false) -> Contract {
        let fields: [FieldSpec] = [
            .reference("enterprise_id", "enterprises", "the enterprise (id, name or alias); the hazard lies in its territory under its supervising unit (三管三必须). An enterprise user registers its own"),
            .text("place", max: 200, "a public place with its address, when there is no enterprise", example: "人民路12号经营性自建房"),
            .reference("territory_id", "territories",
                       "a public place's territory (属地): id, name or alias; a town's own by default. With an enterprise it is the enterprise's: leave it out (a different one is refused, code not_enterprise_territory)"),
            .choice("sector", Sector.choices, "the sector; defaults from the enterprise's industry"),
            .reference("supervising_unit_id", "units",
                       "a public place's supervising unit: id, name or alias (e.g. 区住建局); a unit's own by default. With an enterprise it is the enterprise's (三管三必须): leave it out (a different one is refused, code not_enterprise_unit; the office reassigns with transfer)"),
            .choice("grade", HazardGrade.choices, "the grade; default general"),
            .recordID("standard_clause_id", "determination-standard clause", chinese: "判定标准条款",
                      "the clause of the determination standard (判定标准) a major hazard was judged under; required for a major hazard (GET /api/v1/hazards/standards lists them)"),
            .choice("source", HazardSource.registerChoices, "how it was found; default departmentInspection (an inspector's: supervisionFinding; an enterprise's: selfInspection)"),
            .date("found_on", "the day it was found; default today, never after today", example: "2024-06-01"),
            .paragraph("description", required: !fromTipOff, fromTipOff ? "what is wrong; default the tip-off's text" : "what is wrong", example: "储罐区可燃气体报警装置失效"),
            .date("deadline", "the rectification deadline; default 30 days after found_on, never before it", example: "2024-07-31"),
            .paragraph("state_and_cause", "major: the current state and its cause (现状及产生原因)"),
            .paragraph("harm_and_difficulty", "major: the harm and how hard it is to fix (危害程度和整改难易程度)"),
        ]
        return Contract(fromTipOff ? fields.filter { $0.name != "source" } : fields)
    }

    // MARK: - Lifecycle actions

    /// What each action takes.
    static func action(_ action: HazardAction) -> Contract {
        switch action {
        case .filePlan:
            return Contract((HazardView.reportParts + HazardView.planParts).map { .paragraph($0.column, "\($0.label); kept from before when not given") } + [
                .recordID("standard_clause_id", "determination-standard clause", chinese: "判定标准条款", "the determination-standard clause (判定标准条款), when the hazard has none yet"),
            ])
        case .listForSupervision:
            return Contract([
                .text("level", max: 100, required: true, "the level of supervision (督办级别)", example: "区级"),
                .text("notice_number", max: 100, required: true, "the supervision notice's number (督办通知书文号)", example: "区安委办督〔2024〕3号"),
                .text("supervising_body", max: 100, required: true, "who supervises (督办机构)", example: "区安委办"),
            ])
        case .reportProgress:
            return Contract([.paragraph("note", required: true, "the progress (整改进展)", example: "已停用储罐，采购新装置")])
        case .finishRectification:
            return Contract([
                .paragraph("note", "what was done"),
                .date("rectified_on", "the day it was finished; default today, never after today", example: "2024-06-10"),
            ])
        case .submitAssessment:
            return Contract([.paragraph("assessment", required: true, "the assessment's conclusion (治理效果评估)", example: "经专家评估，治理效果符合要求")])
        case .applyReview:
            return Contract([.paragraph("note", "a note to the reviewing department")])
        case .review:
            return Contract([
                .boolean("passed", required: true, "true closes the hazard (销号); false sends it back to rectifying"),
                .paragraph("reasons", "why it failed; required when passed is false", example: "联动切断未测试"),
            ] + onBehalf("review"))
        case .reopen:
            return Contract([.paragraph("reason", required: true, "why it reopens", example: "复查发现报警器再次失效")])
        case .merge:
            return Contract([.recordID("into", "hazard", chinese: "隐患", required: true, "the open hazard this one duplicates")])
        case .penalise:
            return Contract([
                .text("decision_number", max: 100, required: true, "the penalty decision's number (处罚决定书文号)", example: "区应急罚〔2024〕11号"),
                .date("penalised_on", "the day of the decision; default today", example: "2024-05-10"),
                .paragraph("note", "a note"),
            ])
        case .regrade:
            return Contract([
                .choice("grade", HazardGrade.choices, required: true, "the new grade"),
                .paragraph("reason", required: true, "why it is regraded (重新定级理由)", example: "经专家论证，需局部停产整改，认定为重大隐患"),
                .recordID("standard_clause_id", "determination-standard clause", chinese: "判定标准条款",
                          "to major: the determination-standard clause (判定标准条款) of the hazard's sector or a cross-sector standard, when the hazard has none yet"),
            ] + (HazardView.reportParts + HazardView.planParts).map {
                .paragraph($0.column, "to major past reported: \($0.label); kept from before when not given")
            })
        case .extendDeadline:
            return Contract([
                .date("deadline", required: true, "the new deadline: after the current one and not before today", example: "2024-09-30"),
                .paragraph("reason", required: true, "why it needs more time (延期理由)", example: "设备采购周期延长"),
            ] + onBehalf("approve the extension"))
        case .transfer:
            return Contract([
                .reference("supervising_unit_id", "units", required: true, "the department that supervises it from now on: id, name or alias (e.g. 区住建局)"),
                .paragraph("reason", required: true, "why it is transferred (改派理由)", example: "经核实该企业行业主管部门为区住房城乡建设局"),
            ])
        }
    }

    /// The committee office acting in the supervising department's place (代为): named, with a reason.
    static func onBehalf(_ what: String) -> [FieldSpec] {
        [
            .reference("on_behalf_of_unit_id", "units",
                       "the committee office only: the supervising department it acts for (代为) to \(what); it must be the hazard's supervising unit"),
            .paragraph("on_behalf_reason", "why the office acts in the department's place; required with on_behalf_of_unit_id", example: "区应急管理局核查人员回避，经区安委办主任批准代为核查"),
        ]
    }

    // MARK: - Attachments, catalogue, reports

    /// The longest base64 text of a file of `bytes` bytes.
    static func base64Length(_ bytes: Int) -> Int { (bytes + 2) / 3 * 4 }

    /// A file given in JSON: its name, its declared type and its bytes in base64.
    static func fileFields(_ settings: HazardsSettings, nameRequired: Bool) -> [FieldSpec] {
        [
            .text("name", max: 200, required: nameRequired, "the file's name", example: "现场.jpg"),
            .text("media_type", max: 100, "what the file says it is (\(settings.attachmentTypes.joined(separator: ", "))); its content is checked"),
            .text("content_base64", max: base64Length(settings.maxAttachmentBytes), required: true,
                  "the file's bytes in base64 (at most \(settings.maxAttachmentBytes) bytes)", example: "iVBORw0KGgoBAgM="),
        ]
    }

    static func attach(_ settings: HazardsSettings) -> Contract { Contract(fileFields(settings, nameRequired: true)) }

    static let standard = Contract([
        .text("code", max: 40, required: true, "the standard's short code", example: "GAS-2024"),
        .text("title", max: 200, required: true, "its title", example: "城镇燃气经营安全重大隐患判定标准"),
        .choice("sector", Sector.choices, required: true, "the sector it applies to"),
        .boolean("cross_sector", "true: it applies to hazards of every sector (as fire safety and special equipment do); default false"),
    ])

    static let clause = Contract([
        .text("clause", max: 60, required: true, "the clause's number", example: "第六条"),
        .paragraph("text", max: 1000, required: true, "what the clause says", example: "燃气管道穿越卧室的"),
    ])

    /// The statistics report's period, on its own (a query, or the CLI's argument).
    static let period = Contract([.period("period", required: true, "the report's period: a quarter 2024-Q1 or a year 2023")])

    static let fileReport = Contract([
        .period("period", required: true, "the period reported: a quarter 2024-Q1 or a year 2023; it must have ended"),
        .text("signed_by", max: 50, required: true, "the enterprise's principal person (主要负责人), who signs it", example: "王伟"),
        .reference("enterprise_id", "enterprises", "the enterprise: the committee office names it; an enterprise user files its own"),
    ])
}
