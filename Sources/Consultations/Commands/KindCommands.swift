// `anwei consultations kinds list|add|update`: meeting kinds (configuration), with options read by
// the same contracts as the API's POST and PATCH bodies.
import CLI
import Kernel

enum KindCommands {
    static func kinds(_ env: CommandEnvironment, _ service: ConsultationsService) -> Command {
        Command("kinds", summary: "meeting kinds (configuration): list, add, update", subcommands: [
            Command("list", summary: "list meeting kinds", examples: ["anwei consultations kinds list"]) { invocation in
                try env.run(invocation) { core, actor in
                    let kinds = try core.read { try KindStore.all($0) }.map(\.json)
                    CommandSupport.list(Page(items: kinds, next: nil), columns: ["id", "code", "name", "body_kind", "body_name", "required_from"],
                                        csv: Replies.Columns.kind, invocation)
                }
            },
            Command("add", summary: "add a meeting kind (office only; a code in use is a conflict)",
                    examples: ["anwei consultations kinds add --code floodSeason --name 汛期专题会商 --body-kind office --body-name 区安委办"],
                    options: Contracts.createKind.options) { invocation in
                try env.run(invocation) { core, actor in
                    let values = try Contracts.createKind.values(invocation, in: core)
                    let kind = try core.write(actor) { tx -> JSON in
                        let id = try service.createKind(values, tx)
                        return try KindStore.get(id, tx.db)?.json ?? .null
                    }
                    Render.done("added meeting kind \(Render.cell(kind["id"])): \(Render.cell(kind["code"]))", kind, invocation)
                }
            },
            Command("update", summary: "change a meeting kind (office only); --required-from '' makes it held as needed",
                    examples: ["anwei consultations kinds update firstAgendaItem --required-from 2024-Q3"],
                    options: Contracts.updateKind.options, arguments: [ArgumentSpec("kind", help: "id or code")]) { invocation in
                try env.run(invocation) { core, actor in
                    let values = try Contracts.updateKind.values(invocation, in: core)
                    let kind = try core.write(actor) { tx -> JSON in
                        let id = try KindStore.require(invocation.argument("kind") ?? "", tx.db).id
                        try service.updateKind(id, values, tx)
                        return try KindStore.get(id, tx.db)?.json ?? .null
                    }
                    Render.done("updated meeting kind \(Render.cell(kind["code"]))", kind, invocation)
                }
            },
        ])
    }
}
