// CLI for the enforcement ladder and the assessment.
import CLI
import Kernel

extension SupervisionCommands {
    func ladder() -> [Command] {
        let issueNames = ["kind", "target-kind", "target", "date", "reason", "finding-ids", "hazard-ids", "task-ids", "follow-up-deadline", "correction-report-due", "number"]
        return [
            Command("instruments", summary: "the enforcement ladder: 催办 → 督促函 → 警示通报 → 约谈 → 挂牌督办 → 提级调查", subcommands: [
                kit.leaf("list", "list instruments", options: [.value("kind", "KIND", help: "only this kind")],
                         columns: ["id", "number", "kind_label", "target_name", "date", "follow_up_deadline"]) { inv, core, actor in
                    .array(try InstrumentService(core: core).list(actor: actor, kind: inv.value("kind")))
                },
                kit.leaf("show", "show one instrument", arguments: [ArgumentSpec("id", help: "instrument id")]) { inv, core, actor in
                    try core.read { try InstrumentService(core: core).json(try CommandKit.id(inv), actor: actor, $0) }
                },
                kit.leaf("issue", "issue an instrument",
                         examples: ["anwei supervision instruments issue --kind urgingLetter --target-kind unit --target 区住建局 --reason '两项任务逾期' --follow-up-deadline 2024-07-15"],
                         options: [.value("kind", "KIND", help: InstrumentKind.allCases.map(\.rawValue).joined(separator: "|")),
                                   .value("target-kind", "KIND", help: "unit|territory|enterprise"), .value("target", "ID|NAME", help: "the target"),
                                   .value("date", "DATE", help: "default today"), .value("reason", "TEXT", help: "why"),
                                   .value("finding-ids", "LIST", help: "linked findings"), .value("hazard-ids", "LIST", help: "linked hazards"), .value("task-ids", "LIST", help: "linked tasks"),
                                   .value("follow-up-deadline", "DATE", help: "follow-up deadline"), .value("correction-report-due", "DATE", help: "约谈: report due"),
                                   .value("number", "TEXT", help: "document number (default: generated)")],
                         message: { "issued \(Render.cell($0["kind_label"])) \(Render.cell($0["number"]))" }) { inv, core, actor in
                    try core.write(actor) { try InstrumentService(core: core).issue(CommandKit.fields(inv, issueNames), $0) }
                },
                kit.leaf("receive-report", "record the written correction report after a 约谈",
                         options: [.value("report", "TEXT", help: "the report"), .value("received-on", "DATE", help: "default today")],
                         arguments: [ArgumentSpec("id", help: "instrument id")], message: { "report received for \(Render.cell($0["number"]))" }) { inv, core, actor in
                    try core.write(actor) { try InstrumentService(core: core).receiveReport(try CommandKit.id(inv), CommandKit.fields(inv, ["report", "received-on"]), $0) }
                },
            ]),
            Command("rules", summary: "escalation rules", subcommands: [
                kit.leaf("list", "list escalation rules", columns: ["id", "code", "kind", "threshold", "window_days", "proposes", "enabled", "description"]) { _, core, _ in
                    .array(try InstrumentService(core: core).rules())
                },
                kit.leaf("update", "change a rule", options: [.value("threshold", "N", help: "threshold"), .value("window-days", "N", help: "window"),
                                                               .value("proposes", "KIND", help: "instrument kind"), .value("enabled", "true|false", help: "on or off"),
                                                               .value("description", "TEXT", help: "what it says")],
                         arguments: [ArgumentSpec("id", help: "rule id")]) { inv, core, actor in
                    try core.write(actor) { try InstrumentService(core: core).updateRule(try CommandKit.id(inv), CommandKit.fields(inv, ["threshold", "window-days", "proposes", "enabled", "description"]), $0) }
                },
            ]),
            Command("proposals", summary: "escalation proposals: accept or decline (never applied silently)", subcommands: [
                kit.leaf("list", "list proposals", options: [.value("status", "S", help: "proposed|accepted|declined")],
                         columns: ["id", "rule", "target_kind", "target_id", "proposes_label", "status", "reason"]) { inv, core, _ in
                    .array(try InstrumentService(core: core).proposals(status: inv.value("status")))
                },
                kit.leaf("evaluate", "evaluate the rules now", message: { "\(Render.cell($0["proposed"])) new proposal(s)" }) { _, core, actor in
                    .object(["proposed": .int(Int64(try core.write(actor) { try Escalation.evaluateAll($0) }))])
                },
                kit.leaf("accept", "accept: issue the proposed instrument", options: [.value("note", "TEXT", help: "a note"), .value("follow-up-deadline", "DATE", help: "follow-up deadline"),
                                                                                       .value("correction-report-due", "DATE", help: "约谈: report due")],
                         arguments: [ArgumentSpec("id", help: "proposal id")], message: { "proposal \(Render.cell($0["id"])) accepted: instrument \(Render.cell($0["instrument_id"]))" }) { inv, core, actor in
                    try core.write(actor) { try InstrumentService(core: core).decide(try CommandKit.id(inv), accept: true, CommandKit.fields(inv, ["note", "follow-up-deadline", "correction-report-due"]), $0) }
                },
                kit.leaf("decline", "decline with a note", options: [.value("note", "TEXT", help: "why not")], arguments: [ArgumentSpec("id", help: "proposal id")],
                         message: { "proposal \(Render.cell($0["id"])) declined" }) { inv, core, actor in
                    try core.write(actor) { try InstrumentService(core: core).decide(try CommandKit.id(inv), accept: false, CommandKit.fields(inv, ["note"]), $0) }
                },
            ]),
        ]
    }

    func assessment() -> Command {
        let yearAndDate: [OptionSpec] = [SupervisionCommands.yearOption, .value("as-of", "DATE", help: "judge the year on this date (default: its last day, or today)")]
        return Command("assessment", summary: "考核: the yearly assessment of towns and member units", subcommands: [
            Command("run", summary: "run the assessment: results, ranking, every deduction (same data → identical output)",
                    examples: ["anwei supervision assessment run --year 2024", "anwei supervision assessment run --year 2024 --json"], options: yearAndDate) { inv in
                try withDomainErrors {
                    let core = try kit.env.core(inv)
                    let actor = try kit.env.actor(inv, core)
                    let year = try SupervisionCommands.year(inv, core)
                    let report = try core.write(actor) { try AssessmentService(core: core).run(year: year, asOf: try SupervisionCommands.asOf(inv), $0) }
                    switch inv.format {
                    case .json: inv.output.line(report.pretty)
                    case .csv: inv.output.writeOut(AssessmentService.csv(report))
                    case .table:
                        inv.output.line("\(year) assessment as of \(Render.cell(report["as_of"])) — digest \(Render.cell(report["digest"]))")
                        let results = report["results"]?.arrayValue ?? []
                        inv.output.table(columns: ["kind", "rank", "name", "score", "deductions"], rows: results.map {
                            [Render.cell($0["kind"]), Render.cell($0["rank"]), Render.cell($0["name"]), Render.cell($0["score"]), String($0["lines"]?.arrayValue?.count ?? 0)]
                        })
                        for result in results {
                            for line in result["lines"]?.arrayValue ?? [] {
                                inv.output.line("  \(Render.cell(result["name"])) \(Render.cell(line["indicator"])) \(Render.cell(line["points"])): \(Render.cell(line["reason"])) [\(Render.cell(line["source"]))]")
                            }
                        }
                    }
                }
            },
            Command("export", summary: "the public export: CSV (default) or printable HTML", examples: ["anwei supervision assessment export --year 2024 --html > 考核结果.html"],
                    options: yearAndDate + [.flag("html", help: "printable HTML instead of CSV")]) { inv in
                try withDomainErrors {
                    let core = try kit.env.core(inv)
                    _ = try kit.env.actor(inv, core)
                    let year = try SupervisionCommands.year(inv, core)
                    let report = try core.read { try AssessmentService(core: core).report(year: year, asOf: try SupervisionCommands.asOf(inv), $0) }
                    inv.output.writeOut(inv.flag("html") ? AssessmentService.html(report) : AssessmentService.csv(report))
                }
            },
            kit.leaf("scheme", "show the year's indicator tree", options: [SupervisionCommands.yearOption]) { inv, core, _ in
                let year = try SupervisionCommands.year(inv, core)
                return try core.read { AssessmentScheme.json(try AssessmentScheme.load(year: year, $0), year: year) }
            },
            kit.leaf("add-item", "record a manual item (bonus or deduction) with evidence",
                     examples: ["anwei supervision assessment add-item --year 2024 --subject-kind territory --subject 东城镇 --indicator A2 --points -3 --reason '...' --evidence '...'"],
                     options: [.value("year", "YYYY", help: "year"), .value("subject-kind", "KIND", help: "unit|territory"), .value("subject", "ID|NAME", help: "who"),
                               .value("indicator", "CODE", help: "a leaf indicator"), .value("points", "N", help: "+/- points"), .value("reason", "TEXT", help: "why"),
                               .value("evidence", "TEXT", help: "the evidence")], message: { "recorded item \(Render.cell($0["id"]))" }) { inv, core, actor in
                var fields = CommandKit.fields(inv, ["year", "subject-kind", "indicator", "points", "reason", "evidence"])
                if let subject = inv.value("subject") { fields["subject_id"] = .string(subject) }
                return try core.write(actor) { try AssessmentService(core: core).addItem(fields, $0) }
            },
            kit.leaf("higher-findings", "turn the higher level's findings into a rectification list (--body FILE with {items: [...]})",
                     options: [CommandKit.bodyOption], columns: ["id", "description", "responsible_name", "deadline", "status_label"]) { inv, core, actor in
                let body = try CommandKit.body(inv)
                return .array(try core.write(actor) { try AssessmentService(core: core).importHigherFindings(body, $0) })
            },
        ])
    }

    static func asOf(_ inv: Invocation) throws -> CalendarDate? {
        guard let text = inv.value("as-of") else { return nil }
        guard let date = CalendarDate(iso: text) else { throw CommandError.usage("--as-of must be a date YYYY-MM-DD") }
        return date
    }
}
