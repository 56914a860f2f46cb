// `anwei consultations kinds|decisions|compliance|agenda`.
import CLI
import Kernel

enum OverviewCommands {
    static func kinds(_ env: CommandEnvironment, _ service: ConsultationsService) -> Command {
        let options: [OptionSpec] = [.value("name", "NAME", help: "the kind's name"), .value("body-name", "NAME", help: "whose meeting it is"),
                                     .value("required-from", "YYYY-QN|none", help: "required every quarter from this quarter (none: as needed)")]
        return Command("kinds", summary: "meeting kinds (configuration): list, add, update", subcommands: [
            Command("list", summary: "list meeting kinds", examples: ["anwei consultations kinds list"]) { invocation in
                try withDomainErrors {
                    let context = try env.context(invocation)
                    let kinds = try context.core.read { try KindStore.all($0) }
                    Render.list(kinds.map(\.json), columns: ["id", "code", "name", "body_kind", "body_name", "required_from"], invocation)
                }
            },
            Command("add", summary: "add a meeting kind (office only)",
                    examples: ["anwei consultations kinds add --code floodSeason --name 汛期专题会商 --body-kind office --body-name 区安委办"],
                    options: [.value("code", "CODE", help: "ASCII code, e.g. floodSeason"),
                              .value("body-kind", "KIND", help: BodyKind.allCases.map(\.rawValue).joined(separator: "|"))] + options) { invocation in
                try withDomainErrors {
                    let context = try env.context(invocation)
                    let given = kindMembers(invocation)
                    let kind = try context.core.write(context.actor) { tx -> JSON in
                        let id = try service.createKind(given, tx)
                        return try KindStore.get(id, tx.db)?.json ?? .null
                    }
                    Render.done("added meeting kind \(Render.cell(kind["id"])): \(Render.cell(kind["code"]))", kind, invocation)
                }
            },
            Command("update", summary: "change a meeting kind (office only)", examples: ["anwei consultations kinds update firstAgendaItem --required-from 2024-Q3"],
                    options: options, arguments: [ArgumentSpec("kind", help: "id or code")]) { invocation in
                try withDomainErrors {
                    let context = try env.context(invocation)
                    let given = kindMembers(invocation)
                    if given.isEmpty { throw CommandError.usage("nothing to change: give --name, --body-name or --required-from") }
                    let kind = try context.core.write(context.actor) { tx -> JSON in
                        let id = try KindStore.require(invocation.argument("kind") ?? "", tx.db).id
                        try service.updateKind(id, given, tx)
                        return try KindStore.get(id, tx.db)?.json ?? .null
                    }
                    Render.done("updated meeting kind \(Render.cell(kind["code"]))", kind, invocation)
                }
            },
        ])
    }

    static func kindMembers(_ invocation: Invocation) -> [String: JSON] {
        var members: [String: JSON] = [:]
        for (option, field) in [("code", "code"), ("name", "name"), ("body-kind", "body_kind"), ("body-name", "body_name"), ("required-from", "required_from")] {
            if let value = invocation.value(option) { members[field] = .string(value) }
        }
        return members
    }

    static func decisions(_ env: CommandEnvironment) -> Command {
        Command("decisions", summary: "decisions with their live status: list, show", subcommands: [
            Command("list", summary: "list decisions", examples: ["anwei consultations decisions list --status overdue", "anwei consultations decisions list --lead 区应急管理局"],
                    options: [.value("status", "STATUS", help: "open, overdue, done or noted"), .value("meeting", "ID", help: "only this meeting's"),
                              .value("lead", "UNIT", help: "only those this unit or territory leads"), .value("limit", "N", help: "at most N (default 500)")]) { invocation in
                try withDomainErrors {
                    let context = try env.context(invocation)
                    let limit = try invocation.int("limit") ?? 500
                    guard limit >= 1 else { throw CommandError.usage("--limit must be at least 1") }
                    var filter = DecisionFilter(status: invocation.value("status"), lead: invocation.value("lead"), limit: limit)
                    if let meeting = invocation.value("meeting") {
                        guard let id = Int64(meeting) else { throw CommandError.usage("--meeting expects a meeting id, got '\(meeting)'") }
                        filter.meetingID = id
                    }
                    let page = try context.core.read {
                        try MeetingStore.decisions(filter, actor: context.actor, today: context.core.today, rules: context.core.settings.colourRules, $0)
                    }
                    let rows = page.items.map { item -> JSON in
                        guard case .object(var members) = item else { return item }
                        members.append(JSON.Member("lead_name", item["lead"]?["name"] ?? .null))
                        return .object(members)
                    }
                    Render.list(invocation.format == .table ? rows : page.items,
                                columns: ["id", "meeting_id", "meeting_held_on", "text", "lead_name", "deadline", "status", "colour"], invocation)
                }
            },
            Command("show", summary: "show one decision", examples: ["anwei consultations decisions show 4"], arguments: [ArgumentSpec("id", help: "decision id")]) { invocation in
                try withDomainErrors {
                    let context = try env.context(invocation)
                    let id = try CommandSupport.id(invocation)
                    let decision = try context.core.read {
                        try MeetingStore.decision(id, actor: context.actor, today: context.core.today, rules: context.core.settings.colourRules, $0)
                    }
                    Render.record(decision, invocation)
                }
            },
        ])
    }

    static func compliance(_ env: CommandEnvironment) -> Command {
        Command("compliance", summary: "which bodies held their quarterly meeting (green / yellow / red, with the reason)",
                examples: ["anwei consultations compliance", "anwei consultations compliance --quarter 2024-Q1 --json"],
                options: [.value("quarter", "YYYY-QN", help: "the quarter (default: the current one)")]) { invocation in
            try withDomainErrors {
                let context = try env.context(invocation)
                guard [.admin, .unit, .town].contains(context.actor.role) else { throw DomainError.forbidden("compliance is for the office, member units and towns") }
                let quarter = try ConsultationsRoutes.quarterParameter(invocation.value("quarter"), today: context.core.today)
                let lines = try context.core.read {
                    try Compliance.lines(quarter: quarter, today: context.core.today, rules: context.core.settings.colourRules, $0)
                }
                Render.list(lines, columns: ["quarter", "body", "kind", "held", "colour", "reason"], invocation)
            }
        }
    }

    static func agenda(_ env: CommandEnvironment) -> Command {
        Command("agenda", summary: "the generated agenda of a body's next meeting",
                discussion: "Open decisions carried over, and since the last meeting of that kind: new major hazards, red tasks, overdue rectifications, expiring certificates, overdue tip-offs, supervision, missed meetings — each with a link to its record.",
                examples: ["anwei consultations agenda --next", "anwei consultations agenda --next --kind specialGroup --group 区燃气安全专项领导小组 --json"],
                options: [.flag("next", help: "the next meeting's agenda (the only one there is)"), .value("kind", "KIND", help: "meeting kind (default riskConsultation)"),
                          .value("group", "GROUP", help: "the special leading group, for its meetings"),
                          .value("on", "YYYY-MM-DD", help: "as of this day (default today), e.g. the demo's 2024-06-15")]) { invocation in
            try withDomainErrors {
                let context = try env.context(invocation)
                var today = context.core.today
                if let on = invocation.value("on") {
                    guard let date = CalendarDate(iso: on) else { throw CommandError.usage("--on expects YYYY-MM-DD, got '\(on)'") }
                    today = date
                }
                // The agenda is drawn from events: take in any still waiting first.
                env.deliverEvents(context.core)
                let agenda = try context.core.read {
                    try Agenda.next(kind: invocation.value("kind") ?? "riskConsultation", group: invocation.value("group"), actor: context.actor,
                                    today: today, rules: context.core.settings.colourRules, $0)
                }
                guard invocation.format == .table else {
                    if invocation.format == .json { invocation.output.line(agenda.pretty) } else { Render.list(rows(agenda), columns: ["section", "summary", "link"], invocation) }
                    return
                }
                let last = agenda["last_meeting"].map { $0 == .null ? "none yet" : "\(Render.cell($0["title"])) (\(Render.cell($0["held_on"])), \(Render.cell($0["link"])))" } ?? ""
                invocation.output.line("下次\(Render.cell(agenda["kind_name"]))议程（\(Render.cell(agenda["body"]))，生成于 \(Render.cell(agenda["generated_on"]))；上次会议：\(last)）")
                for section in agenda["sections"]?.arrayValue ?? [] {
                    let items = section["items"]?.arrayValue ?? []
                    invocation.output.line("\n\(Render.cell(section["title"]))（\(items.count)）")
                    if !items.isEmpty {
                        invocation.output.table(columns: ["summary", "link"], rows: items.map { [Render.cell($0["summary"]), Render.cell($0["link"])] })
                    }
                }
            }
        }
    }

    static func rows(_ agenda: JSON) -> [JSON] {
        (agenda["sections"]?.arrayValue ?? []).flatMap { section in
            (section["items"]?.arrayValue ?? []).map { .object(["section": section["type"] ?? .null, "summary": $0["summary"] ?? .null, "link": $0["link"] ?? .null]) }
        }
    }
}
