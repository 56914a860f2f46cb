// CLI for the yearly assessment (考核).
import CLI
import Kernel

extension SupervisionCommands {
    func assessment() -> Command {
        let yearAndDate = AssessmentFields.yearAndDate
        return Command("assessment", summary: "考核: the yearly assessment of towns and member units", subcommands: [
            Command("run", summary: "run the assessment: results, ranking, every deduction (same data → identical output)",
                    examples: ["anwei supervision assessment run --year 2024", "anwei supervision assessment run --year 2024 --json"], options: yearAndDate.options) { inv in
                try kit.env.run(inv) { core, actor in
                    let values = try yearAndDate.values(inv, nil)
                    let year = values.smallInt("year") ?? core.today.year
                    let report = try core.write(actor) { try AssessmentService(core: core).run(year: year, asOf: values.date("as_of"), $0) }
                    SupervisionCommands.print(report, year: year, inv)
                }
            },
            Command("export", summary: "the public export: CSV (default) or printable HTML", examples: ["anwei supervision assessment export --year 2024 --html > 考核结果.html"],
                    options: yearAndDate.options + [.flag("html", help: "printable HTML instead of CSV")]) { inv in
                try kit.env.run(inv) { core, actor in
                    let values = try yearAndDate.values(inv, nil)
                    let year = values.smallInt("year") ?? core.today.year
                    let report = try core.read { try AssessmentService(core: core).report(year: year, asOf: values.date("as_of"), actor: actor, $0) }
                    inv.output.writeOut(inv.flag("html") ? AssessmentService.html(report) : AssessmentService.csv(report))
                }
            },
            kit.leaf("scheme", "show the year's indicator tree", options: AssessmentFields.yearOnly.options) { inv, core, _ in
                let year = try SupervisionCommands.year(inv, core, AssessmentFields.yearOnly)
                return try core.read { AssessmentScheme.json(try AssessmentScheme.load(year: year, $0), year: year) }
            },
            kit.leaf("set-scheme", "set the year's indicator tree (--body FILE with {indicators: [...]})",
                     examples: ["anwei supervision assessment set-scheme --year 2025 --body scheme.json"],
                     options: AssessmentFields.yearOnly.options + AssessmentFields.scheme.options) { inv, core, actor in
                let year = try SupervisionCommands.year(inv, core, AssessmentFields.yearOnly)
                return try core.write(actor) { tx in try AssessmentService(core: core).setScheme(year: year, try AssessmentFields.scheme.values(inv, tx.db), tx) }
            },
            kit.leaf("add-item", "record a manual item (bonus or deduction) with evidence",
                     examples: ["anwei supervision assessment add-item --year 2024 --subject-territory 东城镇 --indicator A2 --points -3 --reason '...' --evidence '...'"],
                     options: AssessmentFields.item.options, message: { "recorded item \(Render.cell($0["id"]))" }) { inv, core, actor in
                try core.write(actor) { tx in try AssessmentService(core: core).addItem(try AssessmentFields.item.values(inv, tx.db), tx) }
            },
            kit.leaf("items", "the year's manual items, withdrawn ones included", options: AssessmentFields.yearOnly.options,
                     columns: ["id", "subject_name", "indicator", "points", "status", "reason"]) { inv, core, actor in
                let year = try SupervisionCommands.year(inv, core, AssessmentFields.yearOnly)
                return .array(try core.read { try AssessmentService(core: core).items(year: year, actor: actor, $0) })
            },
            kit.leaf("withdraw-item", "withdraw a manual item (撤销) with the reason; it stays on record",
                     examples: ["anwei supervision assessment withdraw-item 3 --reason '证据有误，重新核定'"],
                     options: AssessmentFields.withdraw.options, arguments: [ArgumentSpec("id", help: "item id")],
                     message: { "withdrew item \(Render.cell($0["id"]))" }) { inv, core, actor in
                let id = try inv.id()
                return try core.write(actor) { tx in try AssessmentService(core: core).withdrawItem(id, try AssessmentFields.withdraw.values(inv, tx.db), tx) }
            },
            kit.leaf("higher-findings", "turn the higher level's findings into a rectification list (--body FILE with {items: [...]})",
                     options: AssessmentFields.higherFindings.options, columns: ["id", "description", "responsible_name", "deadline", "status_label"]) { inv, core, actor in
                .array(try core.write(actor) { tx in
                    try AssessmentService(core: core).importHigherFindings(try AssessmentFields.higherFindings.values(inv, tx.db), tx)
                })
            },
        ])
    }

    /// A run's report: JSON, CSV, or a table of results with every deduction under it.
    static func print(_ report: JSON, year: Int, _ inv: Invocation) {
        switch inv.format {
        case .json: inv.output.line(report.pretty)
        case .csv: inv.output.writeOut(AssessmentService.csv(report))
        case .table:
            inv.output.line("\(year) 年度考核，截至 \(Render.cell(report["as_of"]))，校验码 \(Render.cell(report["digest"]))")
            let results = report["results"]?.arrayValue ?? []
            inv.output.table(columns: ["kind", "rank", "name", "score", "deductions"], rows: results.map {
                [Render.cell($0["kind_label"]), Render.cell($0["rank"]), Render.cell($0["name"]), Render.cell($0["score"]), String($0["lines"]?.arrayValue?.count ?? 0)]
            })
            for result in results {
                for line in result["lines"]?.arrayValue ?? [] {
                    inv.output.line("  \(Render.cell(result["name"])) \(Render.cell(line["indicator"])) \(Render.cell(line["points"])): \(Render.cell(line["reason"])) [\(Render.cell(line["source"]))]")
                }
            }
        }
    }
}
