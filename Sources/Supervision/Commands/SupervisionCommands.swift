// CLI: anwei supervision <noun> <verb> — the same services, the same contracts as the HTTP routes.
import CLI
import Kernel

struct SupervisionCommands {
    let kit: CommandKit

    func all() -> [Command] {
        [groups(), coverage(), campaigns(), checklists(), inspections(), findings(), notices(), draws()] + ladder() + [assessment()]
    }

    /// The `--year` of a command (this year by default), read like the routes' `?year=`.
    static func year(_ invocation: Invocation, _ core: Core, _ contract: Contract = GroupFields.year) throws -> Int {
        try contract.values(invocation, nil).smallInt("year") ?? core.today.year
    }

    func groups() -> Command {
        let columns = ["id", "name", "leader", "leader_unit_name"]
        return Command("groups", summary: "督导组: supervision groups, members and quarterly coverage", subcommands: [
            kit.leaf("list", "list groups with members and coverage", examples: ["anwei supervision groups list --year 2024"],
                     options: GroupFields.year.options, columns: columns) { inv, core, _ in
                .array(try GroupService(core: core).list(year: try SupervisionCommands.year(inv, core)))
            },
            kit.leaf("show", "show one group", options: GroupFields.year.options, arguments: [ArgumentSpec("id", help: "group id")]) { inv, core, _ in
                try GroupService(core: core).get(try inv.id(), year: try SupervisionCommands.year(inv, core))
            },
            kit.leaf("add", "add a group", examples: ["anwei supervision groups add --name 第六督导组 --leader 张伟 --leader-unit 区应急管理局",
                                                      "anwei supervision groups add --name 第六督导组 --leader 张伟 --body members.json"],
                     options: GroupFields.create.options, message: { "created group \(Render.cell($0["id"])): \(Render.cell($0["name"]))" }) { inv, core, actor in
                try core.write(actor) { tx in try GroupService(core: core).create(try GroupFields.create.values(inv, tx.db), tx) }
            },
            kit.leaf("update", "change a group (an empty --note or --leader-unit clears it)",
                     options: GroupFields.update.options + [.value("if-version", "N", help: "only if still at version N (like If-Match)")],
                     arguments: [ArgumentSpec("id", help: "group id")], message: { "updated group \(Render.cell($0["id"]))" }) { inv, core, actor in
                let id = try inv.id(), version = try inv.int("if-version").map(Int64.init)
                return try core.write(actor) { tx in try GroupService(core: core).update(id, try GroupFields.update.values(inv, tx.db), ifVersion: version, tx) }
            },
            kit.leaf("add-member", "add a member from a member unit", examples: ["anwei supervision groups add-member 1 --name 李娜 --unit 区住建局"],
                     options: GroupFields.addMember.options, arguments: [ArgumentSpec("id", help: "group id")],
                     message: { "group \(Render.cell($0["id"])) has \($0["members"]?.arrayValue?.count ?? 0) members" }) { inv, core, actor in
                let id = try inv.id()
                return try core.write(actor) { tx in try GroupService(core: core).addMember(id, try GroupFields.addMember.values(inv, tx.db), tx) }
            },
            kit.leaf("cover", "set the territories a group covers in a quarter", examples: ["anwei supervision groups cover 1 --quarter 2024-Q3 --territory-ids 东城镇,西岭镇"],
                     options: GroupFields.coverage.options, arguments: [ArgumentSpec("id", help: "group id")],
                     message: { "group \(Render.cell($0["group_id"])) covers \($0["territory_ids"]?.arrayValue?.count ?? 0) territories in \(Render.cell($0["quarter"]))" }) { inv, core, actor in
                let id = try inv.id()
                return try core.write(actor) { tx in try GroupService(core: core).setCoverage(id, try GroupFields.coverage.values(inv, tx.db), tx) }
            },
        ])
    }

    func coverage() -> Command {
        kit.leaf("coverage", "the coverage matrix: group × territory × quarter (done, planned, missing, overdue)",
                 examples: ["anwei supervision coverage --year 2024", "anwei supervision coverage --year 2024 --quarter 2 --csv"],
                 options: GroupFields.matrixFilters.options,
                 columns: ["quarter", "territory_name", "group_name", "visits_done", "status", "colour", "reason"]) { inv, core, actor in
            let values = try GroupFields.matrixFilters.values(inv, nil)
            let matrix = try CoverageService(core: core).matrix(year: values.smallInt("year") ?? core.today.year, quarter: values.smallInt("quarter"), actor: actor)
            return matrix["cells"] ?? .array([])
        }
    }

    func campaigns() -> Command {
        Command("campaigns", summary: "campaign windows (两会, 中秋, 国庆 …)", subcommands: [
            kit.leaf("list", "list campaign windows", columns: ["id", "name", "starts_on", "ends_on"]) { _, core, _ in .array(try ConfigService(core: core).campaigns()) },
            kit.leaf("add", "add a campaign window", examples: ["anwei supervision campaigns add --name 国庆 --starts-on 2024-09-25 --ends-on 2024-10-08"],
                     options: GroupFields.campaign.options, message: { "added campaign \(Render.cell($0["id"])): \(Render.cell($0["name"]))" }) { inv, core, actor in
                try core.write(actor) { tx in try ConfigService(core: core).addCampaign(try GroupFields.campaign.values(inv, tx.db), tx) }
            },
        ])
    }

    func checklists() -> Command {
        let items = OptionSpec.value("items", "CODE:TEXT:POINTS;...", help: "the scored items, written briefly (or give them in --body)")
        return Command("checklists", summary: "checklists with scored items", subcommands: [
            kit.leaf("list", "list checklists", columns: ["id", "name", "max_score"]) { _, core, _ in .array(try ConfigService(core: core).checklists()) },
            kit.leaf("show", "show one checklist", arguments: [ArgumentSpec("id", help: "checklist id")]) { inv, core, _ in
                try core.read { try ConfigService(core: core).checklist(try inv.id(), $0) }
            },
            kit.leaf("add", "add a checklist", examples: ["anwei supervision checklists add --name 燃气检查表 --items 'G1:气瓶存放:10;G2:报警装置:10'"],
                     options: GroupFields.checklist.options + [items],
                     message: { "added checklist \(Render.cell($0["id"])): \(Render.cell($0["name"]))" }) { inv, core, actor in
                var body = try CommandInput.body(inv)
                if let text = inv.value("items") {
                    body = body.filter { $0.key != "items" } + [JSON.Member("items", try SupervisionCommands.checklistItems(text))]
                }
                return try core.write(actor) { tx in try ConfigService(core: core).addChecklist(try GroupFields.checklist.values(inv, tx.db, body: body), tx) }
            },
        ])
    }

    /// `A1:text:10;A2:text:5` as the JSON list the route takes (the reader then checks each item).
    static func checklistItems(_ text: String) throws -> JSON {
        .array(try text.split(separator: ";").map { part -> JSON in
            let bits = part.split(separator: ":", maxSplits: 2).map { $0.trimmingCharacters(in: .whitespaces) }
            guard bits.count == 3, let code = bits.first, let points = bits.last else {
                throw CommandError.usage("选项 --items 每项须写作 CODE:TEXT:POINTS，收到 '\(part.prefix(80))' (write each item as CODE:TEXT:POINTS)")
            }
            return .object(["code": .string(code), "text": .string(bits[1]), "points": Int64(points).map(JSON.int) ?? .string(points)])
        })
    }

    func inspections() -> Command {
        Command("inspections", summary: "inspections (明查, 暗访, 四不两直, 专家指导)", subcommands: [
            kit.list("list", "list inspections", examples: ["anwei supervision inspections list --territory 东城镇 --quarter 2024-Q2"], filters: InspectionFields.filters,
                     columns: ["id", "date", "mode_label", "group_name", "unit_name", "territory_name", "finding_count"]) { values, paging, core, actor in
                let filter = try InspectionStore.Filter(values, paging)
                return try core.read { try InspectionStore.list(filter, actor: actor, $0) }
            },
            kit.leaf("show", "show one inspection with findings", arguments: [ArgumentSpec("id", help: "inspection id")]) { inv, core, actor in
                try InspectionService(core: core).get(try inv.id(), actor: actor)
            },
            kit.leaf("add", "record an inspection (findings and scores in --body)",
                     examples: ["anwei supervision inspections add --group-id 1 --mode overt --date 2024-06-10 --territory 东城镇 --enterprise-ids 12 --inspectors 张伟",
                                "anwei supervision inspections add --body inspection.json"],
                     options: InspectionFields.record.options,
                     message: { "recorded inspection \(Render.cell($0["id"])) with \(Render.cell($0["finding_count"])) finding(s)" }) { inv, core, actor in
                try core.write(actor) { tx in try InspectionService(core: core).record(try InspectionFields.record.values(inv, tx.db), tx) }
            },
        ])
    }

    func findings() -> Command {
        let columns = ["id", "description", "responsible_name", "deadline", "status_label", "overdue", "is_hazard"]
        var commands: [Command] = [
            kit.list("list", "the rectification list (整改问题清单)", examples: ["anwei supervision findings list --status open --overdue true"],
                     filters: FindingFields.filters, columns: columns) { values, paging, core, actor in
                let filter = try FindingStore.Filter(values, today: core.today, paging)
                return try core.read { try FindingStore.list(filter, actor: actor, $0, today: core.today) }
            },
            kit.leaf("show", "show one finding with its history", arguments: [ArgumentSpec("id", help: "finding id")]) { inv, core, actor in
                try FindingService(core: core).get(try inv.id(), actor: actor)
            },
            kit.leaf("add", "record a finding of an inspection",
                     examples: ["anwei supervision findings add 3 --description 消防通道堵塞 --enterprise 12 --is-hazard true --deadline 2024-07-15"],
                     options: FindingFields.record.options, arguments: [ArgumentSpec("inspection", help: "inspection id")],
                     message: { "recorded finding \(Render.cell($0["id"]))" }) { inv, core, actor in
                let inspection = try inv.id("inspection")
                return try core.write(actor) { tx in try FindingService(core: core).record(inspection: inspection, try FindingFields.record.values(inv, tx.db), tx) }
            },
        ]
        let examples: [FindingService.Action: String] = [
            .progress: "anwei supervision findings progress 5 --progress 40 --note 已安排值班",
            .complete: "anwei supervision findings complete 5 --note 完成 --evidence 值班表.pdf",
            .recheck: "anwei supervision findings recheck 5 --passed true --note 回头看：已落实",
        ]
        for action in [FindingService.Action.progress, .complete, .recheck] {
            let contract = FindingFields.action(action)
            commands.append(kit.leaf(action.rawValue, "finding: \(action.rawValue)", examples: examples[action].map { [$0] } ?? [],
                                     options: contract.options, arguments: [ArgumentSpec("id", help: "finding id")],
                                     message: { "finding \(Render.cell($0["id"])) is \(Render.cell($0["status"]))" }) { inv, core, actor in
                let id = try inv.id()
                return try core.write(actor) { tx in try FindingService(core: core).act(id, action, try contract.values(inv, tx.db), tx) }
            })
        }
        return Command("findings", summary: "findings and the rectification list (progress, completion, 回头看)", subcommands: commands)
    }

    func notices() -> Command {
        Command("notices", summary: "rectification notices (one per responsible body)", subcommands: [
            kit.list("list", "list notices", columns: ["id", "number", "responsible_name", "date", "deadline"]) { _, paging, core, actor in
                try NoticeService(core: core).list(actor: actor, paging)
            },
            kit.leaf("issue", "merge a body's open findings into one notice", examples: ["anwei supervision notices issue --responsible-territory 东城镇"],
                     options: NoticeFields.issue.options,
                     message: { "issued \(Render.cell($0["number"])) with \($0["findings"]?.arrayValue?.count ?? 0) finding(s)" }) { inv, core, actor in
                try core.write(actor) { tx in try NoticeService(core: core).issue(try NoticeFields.issue.values(inv, tx.db), tx) }
            },
            kit.leaf("show", "show one notice", arguments: [ArgumentSpec("id", help: "notice id")]) { inv, core, actor in
                try core.read { try NoticeService(core: core).json(try inv.id(), actor: actor, $0) }
            },
            Command("html", summary: "print the notice as printable HTML", examples: ["anwei supervision notices html 1 > notice.html"],
                    arguments: [ArgumentSpec("id", help: "notice id")]) { inv in
                try kit.env.run(inv) { core, actor in inv.output.writeOut(try NoticeService(core: core).html(try inv.id(), actor: actor)) }
            },
        ])
    }

    func draws() -> Command {
        Command("draws", summary: "四不两直: sealed random draws of targets", subcommands: [
            kit.list("list", "list draws (a re-draw names the draw it replaced)", columns: ["id", "group_name", "quarter", "status", "redraw_of", "superseded_by", "redraw_reason", "commitment"]) { _, paging, core, actor in
                try DrawService(core: core).list(actor: actor, paging)
            },
            kit.leaf("show", "show one draw", arguments: [ArgumentSpec("id", help: "draw id")]) { inv, core, actor in try DrawService(core: core).get(try inv.id(), actor: actor) },
            kit.leaf("plan", "draw targets and seal them (the envelope is shown once: keep it)",
                     examples: ["anwei supervision draws plan --group-id 1 --quarter 2024-Q3 --territory-count 1 --json > envelope.json"],
                     options: DrawFields.plan.options) { inv, core, actor in
                try core.write(actor) { tx in try DrawService(core: core).plan(try DrawFields.plan.values(inv, tx.db), tx) }
            },
            kit.leaf("reveal", "reveal the sealed list after the visit (--body: the envelope, or what plan printed)",
                     examples: ["anwei supervision draws reveal 1 --body envelope.json"],
                     options: DrawFields.reveal.options, arguments: [ArgumentSpec("id", help: "draw id")],
                     message: { "draw \(Render.cell($0["id"])) revealed and verified" }) { inv, core, actor in
                var body = try CommandInput.body(inv)
                if let envelope = body.first(where: { $0.key == "envelope" }), case .object(let members) = envelope.value { body = members }
                body = body.filter { $0.key != "note" }
                let id = try inv.id()
                return try core.write(actor) { tx in try DrawService(core: core).reveal(id, try DrawFields.reveal.values(inv, tx.db, body: body), tx) }
            },
            Command("verify", summary: "check a revealed draw against its commitment (exit 1 when it does not match)",
                    examples: ["anwei supervision draws verify 1"], arguments: [ArgumentSpec("id", help: "draw id")]) { inv in
                try kit.env.run(inv) { core, actor in
                    let result = try DrawService(core: core).verify(try inv.id(), actor: actor)
                    Render.record(result, inv)
                    if result["valid"] != .bool(true) { throw CommandError(.failure, Render.cell(result["message"])) }
                }
            },
        ])
    }
}
