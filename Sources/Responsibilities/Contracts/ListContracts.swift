// What the responsibility lists take and answer: leaders' lists, versioned unit lists, "one
// matter" chains and a unit's internal safety leading group.
import Kernel

/// A leader's list: 职责清单 (duty) or 年度工作清单 (work, due by end of February).
enum LeaderListKind: String, CaseIterable, Sendable {
    case duty, work
}

enum ListContracts {
    static let leaderKinds: [(code: String, label: String)] = [("duty", "职责清单"), ("work", "工作清单")]
    static let unitListKinds: [(code: String, label: String)] = [
        ("threeManages", "三管三必须清单"), ("powerDuty", "权责清单"), ("publicService", "公共服务清单"), ("intermediaryService", "中介服务清单"),
    ]

    // MARK: Leaders' lists

    static let fileLeaderList = Contract([
        .choice("kind", leaderKinds, required: true, "which list"),
        .year("year", required: true, "the list's year"),
        .reference("person_id", "people", required: true, "the leader (主要负责同志): id or name; a name two people share is refused with both"),
        .paragraph("content", max: 20_000, required: true, "the list", example: "2024年度安全生产工作清单"),
    ])

    static let leaderTiers: [(code: String, label: String)] = LeaderTier.allCases.map { ($0.rawValue, $0.chinese) }

    static let leaderListStatus = Contract([
        .choice("kind", leaderKinds, "which list (default work)"),
        .year("year", required: true, "the year"),
        .boolean("missing", "only the leaders who have not filed"),
        .choice("tier", leaderTiers, "only the committee's responsible comrades (committee) or the units' principal leaders (unit)"),
        .date("as_of", "the day the status is for (default today): filings made after it do not count", example: "2024-03-01"),
    ])

    static let leaderStatus: [FieldSpec] = [
        FieldSpec.integer("person_id", 1...Int64.max, "the leader").always,
        FieldSpec.text("name", "the leader's name").always,
        FieldSpec.choice("tier", leaderTiers, "committee: 区安委会负责同志; unit: 成员单位主要负责同志").always,
        FieldSpec.text("tier_label", "the tier in Chinese").always,
        FieldSpec.text("title", "the post (e.g. 区安委会主任, 主要负责同志)").always,
        FieldSpec.text("unit", "the body: 区安委会 or the unit the leader heads").always,
        FieldSpec.boolean("filed", "whether the list was filed on or before as_of").always,
        FieldSpec.integer("list_id", 1...Int64.max, "the filed list (read it back with GET leader-lists/{id}); null if not filed"),
        FieldSpec.date("filed_on", "when; null if not filed"),
        FieldSpec.date("due", "lists are due by the end of February").always,
        FieldSpec.integer("days_late", 0...Int64(Int32.max), "days after the deadline the list was filed (or, not filed, has been overdue); null when not due yet"),
        FieldSpec.choice("colour", LedgerContracts.colours, "green filed on time or not yet due, yellow filed late or due soon, red overdue").always,
        FieldSpec.choice("reason_code", reasonCodes, "a stable code for the reason").always,
        FieldSpec.text("reason", max: 500, "the reason in Chinese").always,
        FieldSpec.date("as_of", "the day the status is for").always,
    ]

    static let reasonCodes: [(code: String, label: String)] = [
        ("filed_on_time", "按期报送"), ("filed_late", "逾期报送"), ("overdue", "逾期未报送"), ("due_soon", "临近截止未报送"), ("not_yet_due", "未到截止日期"),
    ]

    static let leaderList: [FieldSpec] = [
        FieldSpec.integer("id", 1...Int64.max, "the filed list").always,
        FieldSpec.choice("kind", leaderKinds, "which list").always,
        FieldSpec.text("kind_label", "in Chinese").always,
        FieldSpec.integer("year", 1900...2200, "its year").always,
        FieldSpec.integer("person_id", 1...Int64.max, "the leader").always,
        FieldSpec.text("name", "the leader's name").always,
        FieldSpec.choice("tier", leaderTiers, "committee or unit").always,
        FieldSpec.text("tier_label", "the tier in Chinese").always,
        FieldSpec.text("body", "区安委会 or the unit the leader heads").always,
        FieldSpec.text("content", max: 20_000, "the list as filed").always,
        FieldSpec.date("filed_on", "when it was filed").always,
        FieldSpec.date("due", "the deadline").always,
        FieldSpec.integer("days_late", 0...Int64(Int32.max), "days after the deadline it was filed (0 on time)").always,
        FieldSpec.choice("colour", LedgerContracts.colours, "green on time, yellow late").always,
        FieldSpec.choice("reason_code", reasonCodes, "a stable code for the reason").always,
        FieldSpec.text("reason", max: 500, "the reason in Chinese").always,
        FieldSpec.text("filed_by", "the user who recorded it").always,
    ]

    static let addCommitteeLeader = Contract([
        .reference("person_id", "people", required: true, "the person (id or name; a name two people share is refused with both)"),
        .text("title", max: 60, required: true, "the post on the committee", example: "区安委会主任"),
    ])

    static let committeeLeader: [FieldSpec] = [
        FieldSpec.integer("id", 1...Int64.max, "the registration").always,
        FieldSpec.integer("person_id", 1...Int64.max, "the person").always,
        FieldSpec.text("name", "the person's name").always,
        FieldSpec.text("title", "the post on the committee").always,
        FieldSpec.text("tier_label", "区安委会负责同志").always,
    ]

    static let created: [FieldSpec] = [FieldSpec.integer("id", 1...Int64.max, "the new record's id").always]

    // MARK: Unit lists

    static let item: [FieldSpec] = [
        .text("duty", max: 500, required: true, "the duty", example: "建设施工安全监管"),
        .text("basis", max: 500, required: true, "its legal basis", example: "《安全生产法》第十条"),
    ]

    static let addUnitList = Contract([
        .reference("unit_id", "units", required: true, "the member unit (id, name or alias, e.g. 区住建局)"),
        .choice("kind", unitListKinds, required: true, "which list"),
        .date("effective_from", required: true, "the day this version takes effect (after the previous version's)", example: "2024-03-01"),
        .list("items", of: .object(item), maxItems: 500, required: true, "its items: each duty with its legal basis"),
    ])

    static let unitListFilter = Contract([
        .reference("unit_id", "units", "only this unit's lists"),
        .choice("kind", unitListKinds, "only this kind"),
    ])

    static let diff = Contract([
        .reference("unit_id", "units", required: true, "the unit"),
        .choice("kind", unitListKinds, required: true, "the list"),
        .integer("from", 1...1_000_000, required: true, "the older version", example: 1),
        .integer("to", 1...1_000_000, required: true, "the newer version", example: 2),
    ])

    static let itemReply: [FieldSpec] = [FieldSpec.text("duty", "the duty").always, FieldSpec.text("basis", "its legal basis").always]

    static let unitList: [FieldSpec] = [
        FieldSpec.integer("id", 1...Int64.max, "the version's id").always,
        FieldSpec.integer("unit_id", 1...Int64.max, "the unit").always,
        FieldSpec.text("unit_name", "its name").always,
        FieldSpec.choice("kind", unitListKinds, "which list").always,
        FieldSpec.integer("version", 1...Int64.max, "1, 2, ... per unit and kind").always,
        FieldSpec.date("effective_from", "when it takes effect").always,
        FieldSpec.list("items", of: .object(itemReply), maxItems: 500, "its items").always,
    ]

    static let diffReply: [FieldSpec] = [
        FieldSpec.text("unit_name", "the unit").always,
        FieldSpec.choice("kind", unitListKinds, "the list").always,
        FieldSpec.integer("from", 1...1_000_000, "the older version").always,
        FieldSpec.integer("to", 1...1_000_000, "the newer version").always,
        FieldSpec.list("added", of: .object(itemReply), maxItems: 500, "duties only in the newer version").always,
        FieldSpec.list("removed", of: .object(itemReply), maxItems: 500, "duties only in the older version").always,
        FieldSpec.list("changed", of: .object([
            FieldSpec.text("duty", "the duty").always, FieldSpec.text("basis_before", "its basis before").always, FieldSpec.text("basis_after", "and now").always,
        ]), maxItems: 500, "duties whose legal basis changed").always,
    ]

    // MARK: Chains

    static let link: [FieldSpec] = [
        .text("name", max: 100, required: true, "the link, e.g. 储存", example: "储存"),
        .list("lead_units", of: .reference("units"), maxItems: 50, "its lead units (ids or names)"),
        .list("cooperating_units", of: .reference("units"), maxItems: 50, "its cooperating units (ids or names)"),
        .recordID("business_form_id", "新业态新领域申请", "a decided new-business-form request (新业态新领域): its lead department leads the link"),
    ]

    static let addChain = Contract([
        .text("name", max: 100, required: true, "the matter, e.g. 燃气", example: "燃气"),
        .list("links", of: .object(link), maxItems: 50, required: true, "its links in order; a link may have no unit yet (a gap)"),
    ])

    static let linkProblems: [(code: String, label: String)] = [("no_unit", "环节无责任单位"), ("no_lead", "环节无牵头单位"), ("two_leads", "环节有多个牵头单位")]

    static let chainIssue: [FieldSpec] = [
        FieldSpec.text("chain", "the matter").always,
        FieldSpec.integer("position", 1...Int64.max, "the link's position").always,
        FieldSpec.text("link", "the link").always,
        FieldSpec.choice("problem", linkProblems, "a gap, a link without a lead, or an overlap").always,
        FieldSpec.text("leads", "its lead units").always,
        FieldSpec.text("message", "the problem in words").always,
    ]

    static let reviseChain = Contract([
        .text("name", max: 100, "a new name for the matter (default: unchanged)", example: "燃气"),
        .list("links", of: .object(link), maxItems: 50, required: true, "the links in order, replacing the current ones"),
    ])

    static let unitRef: [FieldSpec] = [FieldSpec.integer("id", 1...Int64.max, "the unit").always, FieldSpec.text("name", "its name").always]

    static let chainSummary: [FieldSpec] = [
        FieldSpec.integer("id", 1...Int64.max, "the chain").always,
        FieldSpec.text("name", "the matter").always,
        FieldSpec.integer("version", 1...Int64.max, "1, then one more per revision").always,
        FieldSpec.integer("links", 0...1000, "how many links").always,
        FieldSpec.integer("problems", 0...1000, "links with a gap, no lead or two leads").always,
        FieldSpec.text("updated_at", "when it was last defined or revised").always,
    ]

    static let chain: [FieldSpec] = [
        FieldSpec.integer("id", 1...Int64.max, "the chain").always,
        FieldSpec.text("name", "the matter").always,
        FieldSpec.integer("version", 1...Int64.max, "1, then one more per revision").always,
        FieldSpec.text("updated_at", "when it was last defined or revised").always,
        FieldSpec.integer("problems", 0...1000, "links with a gap, no lead or two leads").always,
        FieldSpec.list("links", of: .object([
            FieldSpec.integer("position", 1...Int64.max, "its position").always,
            FieldSpec.text("name", "the link").always,
            FieldSpec.list("lead_units", of: .object(unitRef), maxItems: 100, "lead units").always,
            FieldSpec.list("cooperating_units", of: .object(unitRef), maxItems: 100, "cooperating units").always,
            FieldSpec.integer("business_form_id", 1...Int64.max, "the new-business-form request whose lead department leads it"),
            FieldSpec.choice("problem", linkProblems, "its problem, if any"),
            FieldSpec.text("message", "the problem in words"),
        ]), maxItems: 50, "its links in order").always,
    ]

    // MARK: New business forms (新业态新领域)

    static let businessFormStates: [(code: String, label: String)] = [("open", "待明确主责部门"), ("decided", "已明确主责部门")]

    static let raiseBusinessForm = Contract([
        .text("what", max: 200, required: true, "the new business form or field and its risk", example: "外卖骑手电动自行车集中充电"),
        .text("location", max: 200, required: true, "where it is found", example: "东城镇创业大道"),
        .list("candidate_units", of: .reference("units"), maxItems: 10, "departments that might lead (ids or names)"),
    ])

    static let businessFormFilter = Contract([.choice("state", businessFormStates, "only open or decided requests")])

    static let decideBusinessForm = Contract([
        .reference("lead_unit_id", "units", required: true, "the lead department (主责部门)"),
        .paragraph("note", max: 2000, "why this department (e.g. the closest business line)"),
    ])

    static let businessForm: [FieldSpec] = [
        FieldSpec.integer("id", 1...Int64.max, "the request").always,
        FieldSpec.text("what", "the new business form").always,
        FieldSpec.text("location", "where").always,
        FieldSpec.choice("raised_by_kind", [("unit", "成员单位"), ("territory", "镇(景区、开发区)"), ("office", "区安委办")], "who raised it").always,
        FieldSpec.text("raised_by_name", "the unit, town or office that raised it").always,
        FieldSpec.list("candidates", of: .object(unitRef), maxItems: 10, "departments that might lead").always,
        FieldSpec.date("raised_on", "the day it was raised").always,
        FieldSpec.choice("state", businessFormStates, "open or decided").always,
        FieldSpec.text("state_label", "the state in Chinese").always,
        FieldSpec.integer("age_days", 0...Int64(Int32.max), "days open; null once decided"),
        FieldSpec.integer("lead_unit_id", 1...Int64.max, "the lead department, once decided"),
        FieldSpec.text("lead_unit_name", "its name"),
        FieldSpec.text("decision_note", max: 2000, "the office's note"),
        FieldSpec.date("decided_on", "the day it was decided"),
    ]

    // MARK: Internal safety leading group

    static let setGroup = Contract([
        .reference("unit_id", "units", required: true, "the unit"),
        .reference("head_id", "people", required: true, "the head: must be the unit's principal leader (主要负责同志)"),
        .list("members", of: .text(maxLength: 50), maxItems: 100, "the members' names"),
    ])

    static let group: [FieldSpec] = [
        FieldSpec.integer("unit_id", 1...Int64.max, "the unit").always,
        FieldSpec.text("unit_name", "its name").always,
        FieldSpec.integer("head_person_id", 1...Int64.max, "the head").always,
        FieldSpec.text("head_name", "the head's name").always,
        FieldSpec.list("members", of: .text(maxLength: 50), maxItems: 100, "the members' names").always,
        FieldSpec.integer("version", 1...Int64.max, "increased on every change").always,
    ]
}
