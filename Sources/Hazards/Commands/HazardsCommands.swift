// `anwei hazards ...`: the same operations as the HTTP API, through the same service.
import CLI
import Foundation
import Kernel

enum HazardsCommands {
    /// (option, field, help)
    typealias Field = (option: String, key: String, help: String)

    static let registerFields: [Field] = [
        ("enterprise", "enterprise_id", "the enterprise (id or name)"),
        ("place", "place", "a public place with its address, when there is no enterprise"),
        ("territory", "territory_id", "territory (id or name); defaults from the enterprise"),
        ("sector", "sector", "sector (\(Sector.codes.joined(separator: "|"))); defaults from the enterprise's industry"),
        ("unit", "supervising_unit_id", "supervising unit (id or name); defaults from the enterprise (三管三必须)"),
        ("grade", "grade", "general|major"),
        ("clause", "standard_clause_id", "determination-standard clause id (required for major; see `anwei hazards standards list`)"),
        ("source", "source", HazardSource.allCases.map(\.rawValue).filter { $0 != "tipOff" }.joined(separator: "|")),
        ("found-on", "found_on", "YYYY-MM-DD (default today)"),
        ("description", "description", "what is wrong [required]"),
        ("deadline", "deadline", "YYYY-MM-DD"),
        ("state-and-cause", "state_and_cause", "major: current state and cause"),
        ("harm-and-difficulty", "harm_and_difficulty", "major: harm and difficulty of fixing"),
    ]

    static func actionFields(_ action: HazardAction) -> [Field] {
        switch action {
        case .filePlan:
            return [("state-and-cause", "state_and_cause", "现状及产生原因"), ("harm-and-difficulty", "harm_and_difficulty", "危害程度和整改难易程度"),
                    ("goals", "plan_goals", "治理的目标和任务"), ("methods", "plan_methods", "采取的方法和措施"), ("funds", "plan_funds", "经费和物资的落实"),
                    ("responsible", "plan_responsible", "负责治理的机构和人员"), ("deadline-requirements", "plan_deadline_requirements", "治理的时限和要求"),
                    ("safety-measures", "plan_safety_measures", "安全措施和应急预案"), ("clause", "standard_clause_id", "determination-standard clause id")]
        case .listForSupervision:
            return [("level", "level", "督办级别, e.g. 区级"), ("notice-number", "notice_number", "督办通知书文号"), ("supervising-body", "supervising_body", "督办机构, e.g. 区安委办")]
        case .reportProgress: return [("note", "note", "the progress [required]")]
        case .finishRectification: return [("note", "note", "what was done"), ("rectified-on", "rectified_on", "YYYY-MM-DD (default today)")]
        case .submitAssessment: return [("assessment", "assessment", "the assessment's conclusion [required]")]
        case .applyReview: return [("note", "note", "note to the reviewing department")]
        case .review: return [("passed", "passed", "true closes (销号), false sends it back"), ("reasons", "reasons", "why it failed [required when false]")]
        case .reopen: return [("reason", "reason", "why it reopens [required]")]
        case .merge: return [("into", "into", "the hazard id this duplicates [required]")]
        case .penalise: return [("decision-number", "decision_number", "处罚决定书文号 [required]"), ("penalised-on", "penalised_on", "YYYY-MM-DD (default today)"), ("note", "note", "note")]
        }
    }

    static func options(_ fields: [Field]) -> [OptionSpec] { fields.map { .value($0.option, $0.option.uppercased().replacingOccurrences(of: "-", with: "_"), help: $0.help) } }

    static func given(_ fields: [Field], _ invocation: Invocation) -> Given {
        var values: [String: JSON] = [:]
        for field in fields { if let v = invocation.value(field.option) { values[field.key] = .string(v) } }
        return Given(values)
    }

    static func id(_ invocation: Invocation, _ name: String = "id") throws -> Int64 {
        let text = invocation.argument(name) ?? ""
        guard let id = Int64(text), id > 0 else { throw CommandError.usage("\(name) must be a hazard id (a whole number), got '\(text)'") }
        return id
    }

    static func filterValue(_ invocation: Invocation) -> (String) -> String? {
        { name in invocation.value(name == "q" ? "q" : name.replacingOccurrences(of: "_id", with: "").replacingOccurrences(of: "_", with: "-")) }
    }

    static let listColumns = ["id", "code", "grade", "status", "territory_name", "sector", "enterprise_name", "deadline", "colour"]

    static func command(_ env: CommandEnvironment, _ service: HazardService) -> Command {
        let filterOptions: [OptionSpec] = HazardService.filterNames.map { name in
            .value(name == "q" ? "q" : name.replacingOccurrences(of: "_id", with: "").replacingOccurrences(of: "_", with: "-"),
                   name == "q" ? "TEXT" : "VALUE", help: name == "q" ? "full text in descriptions (Chinese)" : "only hazards with this \(name)")
        }
        var subcommands: [Command] = [
            Command("list", summary: "list hazards in your scope", examples: ["anwei hazards list --territory 东城镇 --status open", "anwei hazards list --q 燃气管道 --csv"],
                    options: filterOptions + [.value("limit", "N", help: "at most N rows (default 200)"), .value("after", "CURSOR", help: "start after this cursor")]) { invocation in
                try withDomainErrors {
                    let core = try env.core(invocation)
                    let actor = try env.actor(invocation, core)
                    let limit = try invocation.int("limit") ?? 200
                    if limit < 1 { throw CommandError.usage("--limit must be at least 1") }
                    let after = try invocation.value("after").map(Cursor.decode)
                    let page = try core.read { db in
                        try HazardStore.list(try service.filters(filterValue(invocation), db), actor: actor, today: core.today, settings: service.settings, after: after, limit: limit, db)
                    }
                    Render.list(page.items, columns: listColumns, invocation)
                    if let next = page.next, invocation.format == .table { invocation.output.error("more: --after \(next)") }
                }
            },
            Command("show", summary: "show one hazard", examples: ["anwei hazards show 12"], arguments: [ArgumentSpec("id", help: "the hazard id")]) { invocation in
                try withDomainErrors {
                    let core = try env.core(invocation)
                    let actor = try env.actor(invocation, core)
                    let id = try id(invocation)
                    Render.record(try core.read { try service.get(id, actor: actor, today: core.today, $0) }, invocation)
                }
            },
            Command("add", summary: "register a hazard", examples: ["anwei hazards add --enterprise 12 --description '燃气管道锈蚀' --deadline 2024-07-31",
                                                                    "anwei hazards add --place '人民路12号自建房' --territory 东城镇 --sector selfBuiltHouse --unit 区住建局 --description '墙体开裂'"],
                    options: options(registerFields)) { invocation in
                try withDomainErrors {
                    let core = try env.core(invocation)
                    let actor = try env.actor(invocation, core)
                    let json = try core.write(actor) { tx in try service.register(given(registerFields, invocation), tx) }
                    env.deliverEvents(core)
                    Render.done("registered hazard \(Render.cell(json["id"])): \(Render.cell(json["code"]))", json, invocation)
                }
            },
            Command("timeline", summary: "the history of one hazard: every action, who, when, attachments", examples: ["anwei hazards timeline 12"],
                    arguments: [ArgumentSpec("id", help: "the hazard id")]) { invocation in
                try withDomainErrors {
                    let core = try env.core(invocation)
                    let actor = try env.actor(invocation, core)
                    let id = try id(invocation)
                    let json = try core.read { try service.timeline(id, actor: actor, $0) }
                    let items = json["items"]?.arrayValue ?? []
                    if invocation.format == .json { invocation.output.line(json.pretty) } else {
                        Render.list(items, columns: ["at", "action", "from_status", "to_status", "actor", "note", "attachments"], invocation)
                    }
                }
            },
            Command("attach", summary: "attach a photo or document (JPEG, PNG, PDF) to a hazard", examples: ["anwei hazards attach 12 photo.jpg"],
                    arguments: [ArgumentSpec("id", help: "the hazard id"), ArgumentSpec("file", help: "the file")]) { invocation in
                try withDomainErrors {
                    let path = invocation.argument("file") ?? ""
                    guard let data = FileManager.default.contents(atPath: path) else { throw CommandError(.notFound, "cannot read file \(path)") }
                    let core = try env.core(invocation)
                    let actor = try env.actor(invocation, core)
                    let id = try id(invocation)
                    let name = URL(fileURLWithPath: path).lastPathComponent
                    let json = try core.write(actor) { tx in try service.attach(id, name: name, declaredType: nil, bytes: Array(data), tx) }
                    Render.done("attached \(name) to hazard \(id) (sha256 \(Render.cell(json["sha256"])))", json, invocation)
                }
            },
            Command("stats", summary: "stock (存量) vs new, open, overdue, closed this year", examples: ["anwei hazards stats --by territory", "anwei hazards stats --by sector --csv"],
                    options: [.value("by", "DIMENSION", help: "territory|sector|unit (default territory)")] + filterOptions) { invocation in
                try withDomainErrors {
                    let core = try env.core(invocation)
                    let actor = try env.actor(invocation, core)
                    let byText = invocation.value("by") ?? "territory"
                    guard let by = StatsDimension(rawValue: byText) else { throw CommandError.usage("--by must be territory, sector or unit, got '\(byText)'") }
                    let items = try core.read { db in try service.stats(by: by, filters: try service.filters(filterValue(invocation), db), actor: actor, today: core.today, db) }
                    Render.list(items, columns: ["name"] + HazardService.statsColumns, invocation)
                }
            },
            Command("closure-warnings", summary: "enterprises flagged for closure (Law Art 113)", examples: ["anwei hazards closure-warnings"]) { invocation in
                try withDomainErrors {
                    let core = try env.core(invocation)
                    let actor = try env.actor(invocation, core)
                    Render.list(try core.read { try service.closureWarnings(actor: actor, today: core.today, $0) }, columns: ["enterprise_id", "enterprise_name", "reasons"], invocation)
                }
            },
            StandardsCommands.command(env, service),
            ReportsCommands.command(env, service),
            TipOffCommands.command(env, TipOffService(settings: service.settings)),
        ]
        for action in HazardAction.allCases {
            let fields = actionFields(action)
            subcommands.append(Command(action.rawValue, summary: action.summary, examples: ["anwei hazards \(action.rawValue) 12" + (fields.first.map { " --\($0.option) …" } ?? "")],
                                       options: options(fields), arguments: [ArgumentSpec("id", help: "the hazard id")]) { invocation in
                try withDomainErrors {
                    let core = try env.core(invocation)
                    let actor = try env.actor(invocation, core)
                    let id = try id(invocation)
                    let json = try core.write(actor) { tx in try service.perform(action, on: id, given(fields, invocation), tx) }
                    env.deliverEvents(core)
                    Render.done("hazard \(id) \(Render.cell(json["code"])): \(action.rawValue) done, now \(Render.cell(json["status"]))", json, invocation)
                }
            })
        }
        return Command("hazards", summary: "隐患治理: the hazard register, remediation, review and closure, public tip-offs",
                       discussion: "Hazards (隐患): general and major, from report through remediation plan, 挂牌督办, rectification, review and closure (销号); stock (存量) and new; public tip-offs (群众举报).",
                       subcommands: subcommands)
    }
}
