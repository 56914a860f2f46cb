// `anwei hazards tipoffs ...`: intake (e.g. a tip-off taken by phone), the reporter's follow-up
// by receipt key, and triage, with the options and checks of the routes' declarations.
import CLI
import Kernel

enum TipOffCommands {
    static func command(_ env: CommandEnvironment, _ service: TipOffService) -> Command {
        // Photos come over HTTP only (a JSON list of files).
        let submit = Contract(TipOffInput.submit(service.settings).fields.filter { $0.name != "photos" })
        let note = Contract([TipOffInput.notFixedNote])
        let contest = Contract([TipOffInput.contestNote])
        let key = OptionSpec.value("key", "KEY", help: "the receipt key", environment: "ANWEI_RECEIPT_KEY")
        var subcommands: [Command] = [
            Command("submit", summary: "take a tip-off; prints the receipt key", examples: ["anwei hazards tipoffs submit --text '小区燃气管道漏气' --place '人民路12号'"],
                    options: submit.options) { invocation in
                try withDomainErrors {
                    let core = try env.core(invocation)
                    let json = try core.write(.anonymousPublic) { tx in try service.submit(try submit.values(invocation, tx.db), tx) }
                    Render.done("receipt key: \(Render.cell(json["receipt_key"]))", json, invocation)
                }
            },
            Command("progress", summary: "what the reporter sees with the receipt key (read from ANWEI_RECEIPT_KEY or --key)",
                    examples: ["ANWEI_RECEIPT_KEY=… anwei hazards tipoffs progress"], options: [key]) { invocation in
                try withDomainErrors {
                    let core = try env.core(invocation)
                    Render.record(try core.read { try service.progress(key: invocation.value("key"), $0) }, invocation)
                }
            },
            Command("not-fixed", summary: "the reporter says it is not fixed (reopens the closed hazard)",
                    examples: ["ANWEI_RECEIPT_KEY=… anwei hazards tipoffs not-fixed --note '管道仍在漏气'"], options: [key] + note.options) { invocation in
                try withDomainErrors {
                    let core = try env.core(invocation)
                    let text = try note.values(invocation, nil).text("note")
                    let json = try core.write(.anonymousPublic) { tx in try service.notFixed(key: invocation.value("key"), note: text, tx) }
                    env.deliverEvents(core)
                    Render.record(json, invocation)
                }
            },
            Command("contest", summary: "the reporter contests a dismissal: the tip-off returns to triage",
                    examples: ["ANWEI_RECEIPT_KEY=… anwei hazards tipoffs contest --note '商铺仍在使用液化气钢瓶'"], options: [key] + contest.options) { invocation in
                try withDomainErrors {
                    let core = try env.core(invocation)
                    let text = try contest.values(invocation, nil).text("note")
                    let json = try core.write(.anonymousPublic) { tx in try service.contest(key: invocation.value("key"), note: text, tx) }
                    env.deliverEvents(core)
                    Render.record(json, invocation)
                }
            },
            Command("list", summary: "list tip-offs (never with contacts; --csv: every tip-off, not a page)", examples: ["anwei hazards tipoffs list --status received"],
                    options: TipOffInput.list.options + Paging.contract.options) { invocation in
                try env.run(invocation) { core, actor in
                    guard TipOffService.officialRoles.contains(actor.role) else { throw DomainError.forbidden("\(actor.role.chinese)用户不能查看群众举报列表 (a \(actor.role.rawValue) user may not list tip-offs)") }
                    let status = try TipOffInput.list.values(invocation, nil).text("status")
                    let paging = try Paging.read(invocation)
                    let csv = invocation.format == .csv
                    let page = try core.read { try service.list(status: status, actor: actor, after: csv ? nil : try paging.afterID(), limit: csv ? nil : paging.limit, $0) }
                    Render.page(page, columns: ["id", "status", "place", "text", "hazard_id", "received_at", "contest_count"], invocation)
                }
            },
            Command("show", summary: "show one tip-off (the contact only with the tipoffs.contact.read grant)", examples: ["anwei hazards tipoffs show 3"],
                    arguments: [ArgumentSpec("id", help: "the tip-off id")]) { invocation in
                try env.run(invocation) { core, actor in
                    guard TipOffService.officialRoles.contains(actor.role) else { throw DomainError.forbidden("\(actor.role.chinese)用户不能查看群众举报 (a \(actor.role.rawValue) user may not read tip-offs)") }
                    let id = try invocation.id()
                    Render.record(try service.show(id, actor: actor, core: core), invocation)
                }
            },
        ]
        for action in TipOffAction.allCases {
            let contract = TipOffInput.action(action)
            subcommands.append(Command(action.rawValue, summary: action.summary,
                                       examples: ["anwei hazards tipoffs \(action.rawValue) 3" + (contract.fields.first.map { " --\($0.optionName) …" } ?? "")],
                                       options: contract.options, arguments: [ArgumentSpec("id", help: "the tip-off id")]) { invocation in
                try env.run(invocation) { core, actor in
                    let id = try invocation.id()
                    let json = try core.write(actor) { tx in try service.perform(action, on: id, try contract.values(invocation, tx.db), tx) }
                    Render.done("tip-off \(id): \(action.rawValue) done, now \(Render.cell(json["status"]))", json, invocation)
                }
            })
        }
        return Command("tipoffs", summary: "public tip-offs (群众举报): submit, progress, not-fixed, contest, list, show, link, create-hazard, dismiss, reward", subcommands: subcommands)
    }
}
