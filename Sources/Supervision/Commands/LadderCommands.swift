// CLI for the enforcement ladder: instruments, escalation rules, proposals.
import CLI
import Kernel

extension SupervisionCommands {
    func ladder() -> [Command] {
        [
            Command("instruments", summary: "the enforcement ladder: 催办 → 督促函 → 警示通报 → 约谈 → 挂牌督办 → 提级调查", subcommands: [
                kit.list("list", "list instruments", filters: LadderFields.filters,
                         columns: ["id", "number", "kind_label", "target_name", "date", "follow_up_deadline"]) { values, paging, core, actor in
                    try InstrumentService(core: core).list(actor: actor, kind: values.choice("kind", InstrumentKind.self), paging)
                },
                kit.leaf("show", "show one instrument", arguments: [ArgumentSpec("id", help: "instrument id")]) { inv, core, actor in
                    try core.read { try InstrumentService(core: core).json(try inv.id(), actor: actor, $0) }
                },
                Command("html", summary: "print the instrument as a document after GB/T 9704 (HTML)", examples: ["anwei supervision instruments html 1 > 督促函.html"],
                        arguments: [ArgumentSpec("id", help: "instrument id")]) { inv in
                    try kit.env.run(inv) { core, actor in inv.output.writeOut(try InstrumentService(core: core).html(try inv.id(), actor: actor)) }
                },
                kit.leaf("issue", "issue an instrument",
                         examples: ["anwei supervision instruments issue --kind urgingLetter --target-unit 区住建局 --reason '两项任务逾期' --follow-up-deadline 2024-07-15"],
                         options: LadderFields.issue.options, message: { "issued \(Render.cell($0["kind_label"])) \(Render.cell($0["number"]))" }) { inv, core, actor in
                    try core.write(actor) { tx in try InstrumentService(core: core).issue(try LadderFields.issue.values(inv, tx.db), tx) }
                },
                kit.leaf("receive-report", "record the written correction report after a 约谈", options: LadderFields.receiveReport.options,
                         arguments: [ArgumentSpec("id", help: "instrument id")], message: { "report received for \(Render.cell($0["number"]))" }) { inv, core, actor in
                    let id = try inv.id()
                    return try core.write(actor) { tx in try InstrumentService(core: core).receiveReport(id, try LadderFields.receiveReport.values(inv, tx.db), tx) }
                },
            ]),
            Command("rules", summary: "escalation rules", subcommands: [
                kit.leaf("list", "list escalation rules", columns: ["id", "code", "kind", "threshold", "window_days", "proposes", "enabled", "description"]) { _, core, actor in
                    .array(try InstrumentService(core: core).rules(actor: actor))
                },
                kit.leaf("update", "change a rule", examples: ["anwei supervision rules update 1 --threshold 3 --window-days 90"],
                         options: LadderFields.updateRule.options, arguments: [ArgumentSpec("id", help: "rule id")]) { inv, core, actor in
                    let id = try inv.id()
                    return try core.write(actor) { tx in try InstrumentService(core: core).updateRule(id, try LadderFields.updateRule.values(inv, tx.db), tx) }
                },
            ]),
            Command("proposals", summary: "escalation proposals: accept or decline (never applied silently)", subcommands: [
                kit.list("list", "list proposals", filters: LadderFields.proposalFilters,
                         columns: ["id", "rule", "target_kind", "target_id", "proposes_label", "status", "reason"]) { values, paging, core, actor in
                    try InstrumentService(core: core).proposals(status: values.choice("status", ProposalStatus.self), actor: actor, paging)
                },
                kit.leaf("evaluate", "evaluate the rules now", message: { "\(Render.cell($0["proposed"])) new proposal(s)" }) { _, core, actor in
                    .object(["proposed": .int(Int64(try core.write(actor) { try InstrumentService(core: core).evaluate($0) }))])
                },
                kit.leaf("accept", "accept: issue the proposed instrument", options: LadderFields.accept.options, arguments: [ArgumentSpec("id", help: "proposal id")],
                         message: { "proposal \(Render.cell($0["id"])) accepted: instrument \(Render.cell($0["instrument_id"]))" }) { inv, core, actor in
                    let id = try inv.id()
                    return try core.write(actor) { tx in try InstrumentService(core: core).decide(id, accept: true, try LadderFields.accept.values(inv, tx.db), tx) }
                },
                kit.leaf("decline", "decline with a note", options: LadderFields.decline.options, arguments: [ArgumentSpec("id", help: "proposal id")],
                         message: { "proposal \(Render.cell($0["id"])) declined" }) { inv, core, actor in
                    let id = try inv.id()
                    return try core.write(actor) { tx in try InstrumentService(core: core).decide(id, accept: false, try LadderFields.decline.values(inv, tx.db), tx) }
                },
            ]),
        ]
    }
}
