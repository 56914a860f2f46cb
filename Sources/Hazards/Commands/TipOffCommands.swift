// `anwei hazards tipoffs ...`: intake (e.g. a tip-off taken by phone), the reporter's follow-up
// by receipt key, and triage.
import CLI
import Kernel

enum TipOffCommands {
    static func command(_ env: CommandEnvironment, _ service: TipOffService) -> Command {
        var subcommands: [Command] = [
            Command("submit", summary: "take a tip-off; prints the receipt key", examples: ["anwei hazards tipoffs submit --text '小区燃气管道漏气' --place '人民路12号'"],
                    options: [.value("text", "TEXT", help: "what the reporter saw [required]"), .value("place", "PLACE", help: "where [required]"),
                              .value("territory", "TERRITORY", help: "territory (id or name)"), .value("contact", "CONTACT", help: "the reporter's contact (optional; kept confidential)")]) { invocation in
                try withDomainErrors {
                    let core = try env.core(invocation)
                    let given = Given(options: ["text": invocation.value("text"), "place": invocation.value("place"), "territory_id": invocation.value("territory"), "contact": invocation.value("contact")])
                    let json = try core.write(.anonymousPublic) { tx in try service.submit(given, tx) }
                    Render.done("receipt key: \(Render.cell(json["receipt_key"]))", json, invocation)
                }
            },
            Command("progress", summary: "what the reporter sees with the receipt key (read from ANWEI_RECEIPT_KEY or --key)",
                    examples: ["ANWEI_RECEIPT_KEY=… anwei hazards tipoffs progress"],
                    options: [.value("key", "KEY", help: "the receipt key", environment: "ANWEI_RECEIPT_KEY")]) { invocation in
                try withDomainErrors {
                    let core = try env.core(invocation)
                    Render.record(try core.read { try service.progress(key: invocation.value("key"), $0) }, invocation)
                }
            },
            Command("not-fixed", summary: "the reporter says it is not fixed (reopens the closed hazard)",
                    examples: ["ANWEI_RECEIPT_KEY=… anwei hazards tipoffs not-fixed --note '管道仍在漏气'"],
                    options: [.value("key", "KEY", help: "the receipt key", environment: "ANWEI_RECEIPT_KEY"), .value("note", "TEXT", help: "what is still wrong")]) { invocation in
                try withDomainErrors {
                    let core = try env.core(invocation)
                    let json = try core.write(.anonymousPublic) { tx in try service.notFixed(key: invocation.value("key"), Given(options: ["note": invocation.value("note")]), tx) }
                    env.deliverEvents(core)
                    Render.record(json, invocation)
                }
            },
            Command("list", summary: "list tip-offs (never with contacts)", examples: ["anwei hazards tipoffs list --status received"],
                    options: [.value("status", "STATUS", help: "received|linked|hazardCreated|dismissed"), .value("limit", "N", help: "at most N (default 200)")]) { invocation in
                try withDomainErrors {
                    let core = try env.core(invocation)
                    let actor = try env.actor(invocation, core)
                    guard TipOffService.officialRoles.contains(actor.role) else { throw DomainError.forbidden("a \(actor.role.rawValue) user may not list tip-offs") }
                    let page = try core.read { try service.list(status: invocation.value("status"), actor: actor, after: nil, limit: try invocation.int("limit") ?? 200, $0) }
                    Render.list(page.items, columns: ["id", "status", "place", "text", "hazard_id", "received_at"], invocation)
                }
            },
            Command("show", summary: "show one tip-off (the contact only with the tipoffs.contact.read grant)", examples: ["anwei hazards tipoffs show 3"],
                    arguments: [ArgumentSpec("id", help: "the tip-off id")]) { invocation in
                try withDomainErrors {
                    let core = try env.core(invocation)
                    let actor = try env.actor(invocation, core)
                    guard TipOffService.officialRoles.contains(actor.role) else { throw DomainError.forbidden("a \(actor.role.rawValue) user may not read tip-offs") }
                    let id = try HazardsCommands.id(invocation)
                    Render.record(try core.read { try service.get(id, actor: actor, $0) }, invocation)
                }
            },
        ]
        let fields: [TipOffAction: [HazardsCommands.Field]] = [
            .link: [("hazard", "hazard_id", "the existing hazard id [required]")],
            .createHazard: HazardsCommands.registerFields,
            .dismiss: [("reason", "reason", "why [required]")],
            .reward: [("decision", "decision", "the reward decision [required]"), ("amount", "amount", "amount in yuan")],
        ]
        for action in TipOffAction.allCases {
            let actionFields = fields[action] ?? []
            subcommands.append(Command(action.rawValue, summary: action.summary, examples: ["anwei hazards tipoffs \(action.rawValue) 3" + (actionFields.first.map { " --\($0.option) …" } ?? "")],
                                       options: HazardsCommands.options(actionFields), arguments: [ArgumentSpec("id", help: "the tip-off id")]) { invocation in
                try withDomainErrors {
                    let core = try env.core(invocation)
                    let actor = try env.actor(invocation, core)
                    let id = try HazardsCommands.id(invocation)
                    let json = try core.write(actor) { tx in try service.perform(action, on: id, HazardsCommands.given(actionFields, invocation), tx) }
                    env.deliverEvents(core)
                    Render.done("tip-off \(id): \(action.rawValue) done, now \(Render.cell(json["status"]))", json, invocation)
                }
            })
        }
        return Command("tipoffs", summary: "public tip-offs (群众举报): submit, progress, not-fixed, list, show, link, create-hazard, dismiss, reward", subcommands: subcommands)
    }
}
