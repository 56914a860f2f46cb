// `anwei hazards ...`: the same operations as the HTTP API, through the same service, with the
// options, checks and errors of the same declarations (HazardInput): `--territory 东城镇` is the
// query's `territory_id=东城镇`, read by the same reader.
import CLI
import Foundation
import Kernel

enum HazardsCommands {
    static let listColumns = ["id", "code", "grade", "status", "territory_name", "sector", "enterprise_name", "deadline", "colour"]

    static func command(_ env: CommandEnvironment, _ service: HazardService) -> Command {
        let register = HazardInput.register()
        var subcommands: [Command] = [
            Command("list", summary: "list hazards in your scope (--csv: every matching hazard, not a page)",
                    examples: ["anwei hazards list --territory 东城镇 --status open", "anwei hazards list --q 燃气管道 --csv"],
                    options: HazardInput.filters.options + Paging.contract.options) { invocation in
                try env.run(invocation) { core, actor in
                    let paging = try Paging.read(invocation)
                    let page = try core.read { db in
                        let filters = HazardStore.Filters(try HazardInput.filters.values(invocation, db))
                        let csv = invocation.format == .csv
                        return try HazardStore.list(filters, actor: actor, today: core.today, settings: service.settings,
                                                    after: csv ? nil : try paging.afterID(), limit: csv ? nil : paging.limit, db)
                    }
                    Render.page(page, columns: listColumns, invocation)
                }
            },
            Command("show", summary: "show one hazard", examples: ["anwei hazards show 12"], arguments: [ArgumentSpec("id", help: "the hazard id")]) { invocation in
                try env.run(invocation) { core, actor in
                    let id = try invocation.id()
                    Render.record(try core.read { try service.get(id, actor: actor, today: core.today, $0) }, invocation)
                }
            },
            Command("add", summary: "register a hazard", examples: ["anwei hazards add --enterprise 12 --description '燃气管道锈蚀' --deadline 2024-07-31",
                                                                    "anwei hazards add --place '人民路12号自建房' --territory 东城镇 --sector selfBuiltHouse --supervising-unit 区住建局 --description '墙体开裂'"],
                    options: register.options) { invocation in
                try env.run(invocation) { core, actor in
                    let json = try core.write(actor) { tx in try service.register(try register.values(invocation, tx.db), tx) }
                    Render.done("registered hazard \(Render.cell(json["id"])): \(Render.cell(json["code"]))", json, invocation)
                }
            },
            Command("timeline", summary: "the history of one hazard: every action, who, when, attachments", examples: ["anwei hazards timeline 12"],
                    arguments: [ArgumentSpec("id", help: "the hazard id")]) { invocation in
                try env.run(invocation) { core, actor in
                    let id = try invocation.id()
                    let json = try core.read { try service.timeline(id, actor: actor, $0) }
                    let items = json["items"]?.arrayValue ?? []
                    if invocation.format == .json { invocation.output.line(json.pretty) } else {
                        Render.list(items, columns: ["at", "action", "from_status", "to_status", "actor", "note", "attachments"], invocation)
                    }
                }
            },
            Command("attach", summary: "attach a photo or document (JPEG, PNG, PDF) to a hazard", examples: ["anwei hazards attach 12 photo.jpg"],
                    arguments: [ArgumentSpec("id", help: "the hazard id"), ArgumentSpec("file", help: "the file")]) { invocation in
                let path = invocation.argument("file") ?? ""
                guard let data = FileManager.default.contents(atPath: path) else { throw CommandError(.notFound, "无法读取文件 \(path) (cannot read the file)") }
                try env.run(invocation) { core, actor in
                    let id = try invocation.id()
                    let name = URL(fileURLWithPath: path).lastPathComponent
                    let json = try core.write(actor) { tx in try service.attach(id, name: name, declaredType: nil, bytes: Array(data), tx) }
                    Render.done("attached \(name) to hazard \(id) (sha256 \(Render.cell(json["sha256"])))", json, invocation)
                }
            },
            Command("stats", summary: "stock (存量) vs new, open, overdue, closed this year", examples: ["anwei hazards stats --by territory", "anwei hazards stats --by sector --csv"],
                    options: HazardInput.stats.options) { invocation in
                try env.run(invocation) { core, actor in
                    let items = try core.read { db in
                        let values = try HazardInput.stats.values(invocation, db)
                        return try service.stats(by: values.choice("by", StatsDimension.self) ?? .territory, filters: HazardStore.Filters(values), actor: actor, today: core.today, db)
                    }
                    Render.list(items, columns: ["name"] + HazardService.statsColumns, invocation)
                }
            },
            Command("closure-warnings", summary: "enterprises flagged for closure (Law Art 113)", examples: ["anwei hazards closure-warnings"]) { invocation in
                try env.run(invocation) { core, actor in
                    Render.list(try core.read { try service.closureWarnings(actor: actor, today: core.today, $0) }, columns: ["enterprise_id", "enterprise_name", "reasons"], invocation)
                }
            },
            StandardsCommands.command(env, service),
            ReportsCommands.command(env, service),
            TipOffCommands.command(env, TipOffService(settings: service.settings)),
        ]
        for action in HazardAction.allCases {
            let contract = HazardInput.action(action)
            subcommands.append(Command(action.rawValue, summary: action.summary,
                                       examples: ["anwei hazards \(action.rawValue) 12" + (contract.fields.first.map { " --\($0.optionName) …" } ?? "")],
                                       options: contract.options, arguments: [ArgumentSpec("id", help: "the hazard id")]) { invocation in
                try env.run(invocation) { core, actor in
                    let id = try invocation.id()
                    let json = try core.write(actor) { tx in try service.perform(action, on: id, try contract.values(invocation, tx.db), tx) }
                    Render.done("hazard \(id) \(Render.cell(json["code"])): \(action.rawValue) done, now \(Render.cell(json["status"]))", json, invocation)
                }
            })
        }
        return Command("hazards", summary: "隐患治理: the hazard register, remediation, review and closure, public tip-offs",
                       discussion: "Hazards (隐患): general and major, from report through remediation plan, 挂牌督办, rectification, review and closure (销号); stock (存量) and new; public tip-offs (群众举报).",
                       subcommands: subcommands)
    }
}
