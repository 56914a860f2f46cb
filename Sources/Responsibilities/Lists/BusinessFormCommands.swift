// `anwei responsibilities business-forms raise|list|show|decide`: new business forms (新业态新领域)
// whose lead department the office names. The same contracts as the HTTP routes.
import CLI
import Kernel

enum BusinessFormCommands {
    static let columns = ["id", "what", "location", "raised_by_name", "raised_on", "state_label", "age_days", "lead_unit_name"]

    static func group(_ env: CommandEnvironment) -> Command {
        Command("business-forms", summary: "new business forms (新业态新领域): ask the office to name a lead department, and its decision", subcommands: [
            Command("raise", summary: "ask the office to name a lead department (a unit or town for itself)",
                    examples: ["anwei responsibilities business-forms raise --what 外卖骑手电动自行车集中充电 --location 东城镇创业大道 --candidate-units 区消防救援大队 --as dongcheng"],
                    options: ListContracts.raiseBusinessForm.options) { invocation in
                try env.run(invocation) { core, actor in
                    let input = ListInput.BusinessForm(try ListContracts.raiseBusinessForm.values(invocation, in: core))
                    let form = try core.write(actor) { tx in try ListService.raiseBusinessForm(what: input.what, location: input.location, candidates: input.candidates, tx) }
                    Render.done("已提请明确新业态新领域“\(Render.cell(form["what"]))”的主责部门（申请\(Render.cell(form["id"]))）", form, invocation)
                }
            },
            Command("list", summary: "requests: a unit or town its own, the office all", examples: ["anwei responsibilities business-forms list --state open"],
                    options: ListContracts.businessFormFilter.options + Paging.contract.options) { invocation in
                try env.run(invocation) { core, actor in
                    let filter = try ListContracts.businessFormFilter.values(invocation, in: core)
                    let (after, limit) = try CommandInput.paging(invocation)
                    let today = core.today
                    let page = try core.read { try ListService.businessForms(state: filter.text("state"), after: after, limit: limit, actor: actor, today: today, $0) }
                    Render.page(page, columns: columns, invocation)
                }
            },
            Command("show", summary: "one request", examples: ["anwei responsibilities business-forms show 1"],
                    arguments: [ArgumentSpec("id", help: "the request id")]) { invocation in
                try env.run(invocation) { core, actor in
                    let id = try invocation.id()
                    let today = core.today
                    Render.record(try core.read { try ListService.businessForm(id, actor: actor, today: today, $0) }, invocation)
                }
            },
            Command("decide", summary: "the office names the lead department (an open request only); it enters that unit's 三管三必须 list",
                    examples: ["anwei responsibilities business-forms decide 1 --lead-unit 区消防救援大队 --note 业务相近"],
                    options: ListContracts.decideBusinessForm.options, arguments: [ArgumentSpec("id", help: "the request id")]) { invocation in
                try env.run(invocation) { core, actor in
                    let id = try invocation.id()
                    let input = ListInput.Decision(try ListContracts.decideBusinessForm.values(invocation, in: core))
                    let form = try core.write(actor) { tx in try ListService.decideBusinessForm(id, leadUnitID: input.leadUnitID, note: input.note, tx) }
                    Render.done("已明确新业态新领域“\(Render.cell(form["what"]))”的主责部门：\(Render.cell(form["lead_unit_name"]))", form, invocation)
                }
            },
        ])
    }
}
