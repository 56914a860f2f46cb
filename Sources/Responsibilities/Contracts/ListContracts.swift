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

    static let leaderListStatus = Contract([
        .choice("kind", leaderKinds, "which list (default work)"),
        .year("year", required: true, "the year"),
        .boolean("missing", "only the leaders who have not filed"),
    ])

    static let leaderStatus: [FieldSpec] = [
        FieldSpec.integer("person_id", 1...Int64.max, "the leader").always,
        FieldSpec.text("name", "the leader's name").always,
        FieldSpec.text("unit", "the unit the leader heads").always,
        FieldSpec.boolean("filed", "whether the list was filed").always,
        FieldSpec.date("filed_on", "when; null if not filed"),
        FieldSpec.date("due", "work lists are due by the end of February").always,
        FieldSpec.choice("colour", LedgerContracts.colours, "green filed, yellow not yet due, red overdue").always,
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
    ]

    static let addChain = Contract([
        .text("name", max: 100, required: true, "the matter, e.g. 燃气", example: "燃气"),
        .list("links", of: .object(link), maxItems: 50, required: true, "its links in order; a link may have no unit yet (a gap)"),
    ])

    static let chainIssue: [FieldSpec] = [
        FieldSpec.text("chain", "the matter").always,
        FieldSpec.integer("position", 1...Int64.max, "the link's position").always,
        FieldSpec.text("link", "the link").always,
        FieldSpec.choice("problem", [("no_unit", "环节无责任单位"), ("two_leads", "环节有多个牵头单位")], "a gap or an overlap").always,
        FieldSpec.text("leads", "its lead units").always,
        FieldSpec.text("message", "the problem in words").always,
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
