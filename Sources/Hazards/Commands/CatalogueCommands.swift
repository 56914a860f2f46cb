// `anwei hazards standards ...` (判定标准) and `anwei hazards reports ...` (statistics reports),
// with the options and checks of the routes' declarations (HazardInput).
import CLI
import Kernel

enum StandardsCommands {
    static func command(_ env: CommandEnvironment, _ service: HazardService) -> Command {
        Command("standards", summary: "the determination-standard catalogue (判定标准): list, add, add-clause", subcommands: [
            Command("list", summary: "list standards and their clauses", examples: ["anwei hazards standards list"]) { invocation in
                try withDomainErrors {
                    let core = try env.core(invocation)
                    let standards = try core.read { try service.standards($0) }
                    if invocation.format == .json { invocation.output.line(JSON.array(standards).pretty); return }
                    var rows: [JSON] = []
                    for s in standards {
                        for c in s["clauses"]?.arrayValue ?? [] {
                            // Which hazards may cite it: every sector (cross-sector) or the standard's sectors.
                            let appliesTo = s["cross_sector"] == .bool(true) ? "*" : (s["sectors"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ",")
                            rows.append(.object(["clause_id": c["id"] ?? .null, "standard": s["code"] ?? .null, "sector": s["sector"] ?? .null, "applies_to": .string(appliesTo),
                                                 "clause": c["clause"] ?? .null, "text": c["text"] ?? .null]))
                        }
                    }
                    Render.list(rows, columns: ["clause_id", "standard", "sector", "applies_to", "clause", "text"], invocation)
                }
            },
            Command("add", summary: "add a standard", examples: ["anwei hazards standards add --code GAS-2024 --title '…' --sector gas"],
                    options: HazardInput.standard.options) { invocation in
                try env.run(invocation) { core, actor in
                    let json = try core.write(actor) { tx in try service.addStandard(try HazardInput.standard.values(invocation, tx.db), tx) }
                    Render.done("added standard \(Render.cell(json["id"])): \(Render.cell(json["code"]))", json, invocation)
                }
            },
            Command("add-clause", summary: "add a clause to a standard", examples: ["anwei hazards standards add-clause 5 --clause 第六条 --text '…'"],
                    options: HazardInput.clause.options, arguments: [ArgumentSpec("standard", help: "the standard id")]) { invocation in
                try env.run(invocation) { core, actor in
                    let id = try invocation.id("standard")
                    let json = try core.write(actor) { tx in try service.addClause(standard: id, try HazardInput.clause.values(invocation, tx.db), tx) }
                    Render.done("added clause \(Render.cell(json["id"]))", json, invocation)
                }
            },
        ])
    }
}

enum ReportsCommands {
    static func command(_ env: CommandEnvironment, _ service: HazardService) -> Command {
        Command("reports", summary: "enterprises' hazard statistics reports (quarterly, yearly): status, list, file", subcommands: [
            StatisticsReportCommands.list(env, service),
            Command("status", summary: "who filed and who did not for a period", examples: ["anwei hazards reports status 2024-Q1", "anwei hazards reports status 2023"],
                    arguments: [ArgumentSpec("period", help: "YYYY-Qn or YYYY")]) { invocation in
                try env.run(invocation) { core, actor in
                    let values = try HazardInput.period.values(text: [("period", invocation.argument("period") ?? "")], nil)
                    let period = try service.reportPeriod(values)
                    let json = try core.read { try service.reports(period: period, actor: actor, today: core.today, $0) }
                    if invocation.format == .json { invocation.output.line(json.pretty); return }
                    if invocation.format == .table { invocation.output.line("\(Render.cell(json["period"])) due \(Render.cell(json["due"])): \(Render.cell(json["filed_count"])) filed, \(Render.cell(json["not_filed_count"])) not filed") }
                    Render.list(json["not_filed"]?.arrayValue ?? [], columns: ["enterprise_id", "name"], invocation)
                }
            },
            Command("file", summary: "file the enterprise's report (counts come from the register)", examples: ["anwei hazards reports file --period 2024-Q1 --signed-by 王伟 --as qiye"],
                    options: HazardInput.fileReport.options) { invocation in
                try env.run(invocation) { core, actor in
                    let json = try core.write(actor) { tx in try service.fileReport(try HazardInput.fileReport.values(invocation, tx.db), tx) }
                    Render.done("filed \(Render.cell(json["period"])) (due \(Render.cell(json["due"])))", json, invocation)
                }
            },
        ])
    }
}
