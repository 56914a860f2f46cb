// CLI: anwei supervision <noun> <verb> — the same services as the HTTP routes.
import CLI
import Kernel

struct SupervisionCommands {
    let kit: CommandKit

    static func year(_ invocation: Invocation, _ core: Core) throws -> Int {
        guard let year = try invocation.int("year") else { return core.today.year }
        guard (2000...2100).contains(year) else { throw CommandError.usage("--year must be a year such as 2024") }
        return year
    }

    static let yearOption = OptionSpec.value("year", "YYYY", help: "the year (default: this year)")

    func all() -> [Command] {
        [groups(), coverage(), campaigns(), checklists(), inspections(), findings(), notices(), draws()] + ladder() + [assessment()]
    }

    func groups() -> Command {
        let fieldNames = ["name", "leader", "leader-unit", "note"]
        let fieldOptions: [OptionSpec] = [.value("name", "NAME", help: "the group's name"), .value("leader", "NAME", help: "组长"),
                                          .value("leader-unit", "UNIT", help: "the leader's unit (id or name)"), .value("note", "TEXT", help: "a note")]
        return Command("groups", summary: "督导组: supervision groups, members and quarterly coverage", subcommands: [
            kit.leaf("list", "list groups with members and coverage", examples: ["anwei supervision groups list --year 2024"], options: [SupervisionCommands.yearOption],
                     columns: ["id", "name", "leader", "leader_unit_name"]) { inv, core, _ in
                .array(try GroupService(core: core).list(year: try SupervisionCommands.year(inv, core)))
            },
            kit.leaf("show", "show one group", options: [SupervisionCommands.yearOption], arguments: [ArgumentSpec("id", help: "group id")]) { inv, core, _ in
                try GroupService(core: core).get(try CommandKit.id(inv), year: try SupervisionCommands.year(inv, core))
            },
            kit.leaf("add", "add a group", examples: ["anwei supervision groups add --name 第一督导组 --leader 张伟 --leader-unit 区应急管理局"],
                     options: fieldOptions, message: { "created group \(Render.cell($0["id"])): \(Render.cell($0["name"]))" }) { inv, core, actor in
                try core.write(actor) { try GroupService(core: core).create(CommandKit.fields(inv, fieldNames), $0) }
            },
            kit.leaf("update", "change a group", options: fieldOptions + [.value("if-version", "N", help: "only if still at version N")],
                     arguments: [ArgumentSpec("id", help: "group id")], message: { "updated group \(Render.cell($0["id"]))" }) { inv, core, actor in
                let version = try inv.int("if-version").map(Int64.init)
                return try core.write(actor) { try GroupService(core: core).update(try CommandKit.id(inv), CommandKit.fields(inv, fieldNames), ifVersion: version, $0) }
            },
            kit.leaf("add-member", "add a member from a member unit", examples: ["anwei supervision groups add-member 1 --name 李娜 --unit 区住建局"],
                     options: [.value("name", "NAME", help: "the person"), .value("unit", "UNIT", help: "their member unit (id or name)"),
                               .value("role", "ROLE", help: "member|deputy|expert|liaison")],
                     arguments: [ArgumentSpec("id", help: "group id")], message: { "group \(Render.cell($0["id"])) has \($0["members"]?.arrayValue?.count ?? 0) members" }) { inv, core, actor in
                try core.write(actor) { try GroupService(core: core).addMember(try CommandKit.id(inv), CommandKit.fields(inv, ["name", "unit", "role"]), $0) }
            },
            kit.leaf("cover", "set the territories a group covers in a quarter", examples: ["anwei supervision groups cover 1 --quarter 2024-Q3 --territories 东城镇,西岭镇"],
                     options: [.value("quarter", "YYYY-QN", help: "the quarter"), .value("territories", "LIST", help: "territories (ids or names, comma-separated; empty to clear)")],
                     arguments: [ArgumentSpec("id", help: "group id")],
                     message: { "group \(Render.cell($0["group_id"])) covers \($0["territory_ids"]?.arrayValue?.count ?? 0) territories in \(Render.cell($0["quarter"]))" }) { inv, core, actor in
                try core.write(actor) { try GroupService(core: core).setCoverage(try CommandKit.id(inv), CommandKit.fields(inv, ["quarter", "territories"]), $0) }
            },
        ])
    }

    func coverage() -> Command {
        kit.leaf("coverage", "the coverage matrix: group × territory × quarter (done, planned, missing, overdue)",
                 examples: ["anwei supervision coverage --year 2024", "anwei supervision coverage --year 2024 --quarter 2 --csv"],
                 options: [SupervisionCommands.yearOption, .value("quarter", "N", help: "1-4: one quarter only")],
                 columns: ["quarter", "territory_name", "group_name", "visits_done", "status", "colour", "reason"]) { inv, core, actor in
            let quarter = try inv.int("quarter")
            if let quarter, !(1...4).contains(quarter) { throw CommandError.usage("--quarter must be 1, 2, 3 or 4") }
            let matrix = try CoverageService(core: core).matrix(year: try SupervisionCommands.year(inv, core), quarter: quarter, actor: actor)
            return matrix["cells"] ?? .array([])
        }
    }

    func campaigns() -> Command {
        Command("campaigns", summary: "campaign windows (两会, 中秋, 国庆 …)", subcommands: [
            kit.leaf("list", "list campaign windows", columns: ["id", "name", "starts_on", "ends_on"]) { _, core, _ in .array(try ConfigService(core: core).campaigns()) },
            kit.leaf("add", "add a campaign window", examples: ["anwei supervision campaigns add --name 国庆 --starts-on 2024-09-25 --ends-on 2024-10-08"],
                     options: [.value("name", "NAME", help: "e.g. 国庆"), .value("starts-on", "DATE", help: "first day"), .value("ends-on", "DATE", help: "last day")],
                     message: { "added campaign \(Render.cell($0["id"])): \(Render.cell($0["name"]))" }) { inv, core, actor in
                try core.write(actor) { try ConfigService(core: core).addCampaign(CommandKit.fields(inv, ["name", "starts-on", "ends-on"]), $0) }
            },
        ])
    }

    func checklists() -> Command {
        Command("checklists", summary: "checklists with scored items", subcommands: [
            kit.leaf("list", "list checklists", columns: ["id", "name", "max_score"]) { _, core, _ in .array(try ConfigService(core: core).checklists()) },
            kit.leaf("show", "show one checklist", arguments: [ArgumentSpec("id", help: "checklist id")]) { inv, core, _ in
                try core.read { try ConfigService(core: core).checklist(try CommandKit.id(inv), $0) }
            },
            kit.leaf("add", "add a checklist", examples: ["anwei supervision checklists add --name 燃气检查表 --items 'G1:气瓶存放:10;G2:报警装置:10'"],
                     options: [.value("name", "NAME", help: "the checklist"), .value("items", "CODE:TEXT:POINTS;...", help: "the scored items")],
                     message: { "added checklist \(Render.cell($0["id"])): \(Render.cell($0["name"]))" }) { inv, core, actor in
                try core.write(actor) { try ConfigService(core: core).addChecklist(CommandKit.fields(inv, ["name", "items"]), $0) }
            },
        ])
    }

    func inspections() -> Command {
        let names = ["group", "unit", "mode", "campaign", "date", "territory", "checklist", "summary", "draw"]
        return Command("inspections", summary: "inspections (明查, 暗访, 四不两直, 专家指导)", subcommands: [
            kit.leaf("list", "list inspections", options: [.value("group", "ID", help: "by group"), .value("territory", "ID", help: "by territory id"),
                                                             .value("mode", "MODE", help: "overt|covert|unannounced|expert"), .value("quarter", "YYYY-QN", help: "by quarter")],
                     columns: ["id", "date", "mode_label", "group_name", "unit_name", "territory_name", "finding_count"]) { inv, core, actor in
                let filter = InspectionStore.Filter(groupID: try inv.int("group").map(Int64.init), territoryID: try inv.int("territory").map(Int64.init),
                                                    mode: inv.value("mode"), quarter: inv.value("quarter"), after: nil, limit: 100_000)
                return .array(try core.read { try InspectionStore.list(filter, actor: actor, $0) }.items)
            },
            kit.leaf("show", "show one inspection with findings", arguments: [ArgumentSpec("id", help: "inspection id")]) { inv, core, actor in
                try InspectionService(core: core).get(try CommandKit.id(inv), actor: actor)
            },
            kit.leaf("add", "record an inspection",
                     examples: ["anwei supervision inspections add --group 1 --mode overt --date 2024-06-10 --territory 东城镇 --enterprise 12 --inspector 张伟",
                                "anwei supervision inspections add --body inspection.json"],
                     options: [.value("group", "ID", help: "the supervision group"), .value("unit", "UNIT", help: "or the department"),
                               .value("mode", "MODE", help: "overt|covert|unannounced|expert"), .value("campaign", "ID", help: "campaign window (default: the one the date falls in)"),
                               .value("date", "DATE", help: "the visit's date"), .value("territory", "TERRITORY", help: "id or name"),
                               .repeated("enterprise", "ID", help: "an enterprise visited (repeat)"), .repeated("inspector", "NAME", help: "an inspector (repeat)"),
                               .value("checklist", "ID", help: "checklist used"), .value("summary", "TEXT", help: "summary"), .value("draw", "ID", help: "the sealed draw (四不两直)"),
                               CommandKit.bodyOption],
                     message: { "recorded inspection \(Render.cell($0["id"])) with \(Render.cell($0["finding_count"])) finding(s)" }) { inv, core, actor in
                var fields = try CommandKit.body(inv)
                for (k, v) in CommandKit.fields(inv, names + ["enterprise", "inspector"], repeated: ["enterprise", "inspector"]) { fields[k] = v }
                return try core.write(actor) { try InspectionService(core: core).record(fields, $0) }
            },
        ])
    }

    func findings() -> Command {
        let names = ["description", "enterprise", "severity", "is-hazard", "hazard-grade", "sector", "responsible-unit", "responsible-territory",
                     "responsible-enterprise", "deadline", "wants-task"]
        let columns = ["id", "description", "responsible_name", "deadline", "status_label", "overdue", "is_hazard"]
        let actionOptions: [OptionSpec] = [.value("note", "TEXT", help: "what was done / found"), .value("progress", "PERCENT", help: "0-99 (progress)"),
                                           .repeated("evidence", "REF", help: "evidence (repeat)"), .value("passed", "true|false", help: "re-check result")]
        var commands: [Command] = [
            kit.leaf("list", "the rectification list (整改问题清单)", examples: ["anwei supervision findings list --status open --overdue"],
                     options: [.value("status", "STATUS", help: "open|rectifying|rectified|closed"), .value("responsible-kind", "KIND", help: "unit|territory|enterprise"),
                               .value("responsible-id", "ID", help: "the body"), .value("territory", "ID", help: "territory id"), .flag("hazards", help: "only hazards"),
                               .flag("overdue", help: "only overdue")], columns: columns) { inv, core, actor in
                let filter = FindingStore.Filter(inspectionID: nil, status: inv.value("status"), responsibleKind: inv.value("responsible-kind"),
                                                 responsibleID: try inv.int("responsible-id").map(Int64.init), territoryID: try inv.int("territory").map(Int64.init),
                                                 isHazard: inv.flag("hazards") ? true : nil, overdueOn: inv.flag("overdue") ? core.today : nil, year: nil, after: nil, limit: 100_000)
                return .array(try core.read { try FindingStore.list(filter, actor: actor, $0, today: core.today) }.items)
            },
            kit.leaf("show", "show one finding with its history", arguments: [ArgumentSpec("id", help: "finding id")]) { inv, core, actor in
                try FindingService(core: core).get(try CommandKit.id(inv), actor: actor)
            },
            kit.leaf("add", "record a finding of an inspection",
                     examples: ["anwei supervision findings add 3 --description 消防通道堵塞 --enterprise 12 --is-hazard true --deadline 2024-07-15"],
                     options: [.value("description", "TEXT", help: "the problem"), .value("enterprise", "ID", help: "the enterprise"),
                               .value("severity", "S", help: "minor|general|serious"), .value("is-hazard", "true|false", help: "a hazard (Hazards creates it)"),
                               .value("hazard-grade", "G", help: "general|major"), .value("sector", "S", help: "industry"),
                               .value("responsible-unit", "UNIT", help: "responsible unit"), .value("responsible-territory", "T", help: "responsible territory"),
                               .value("responsible-enterprise", "ID", help: "responsible enterprise"), .value("deadline", "DATE", help: "rectify by"),
                               .value("wants-task", "true|false", help: "ask Responsibilities for a task")],
                     arguments: [ArgumentSpec("inspection", help: "inspection id")], message: { "recorded finding \(Render.cell($0["id"]))" }) { inv, core, actor in
                try core.write(actor) { try FindingService(core: core).record(inspection: try CommandKit.id(inv, "inspection"), CommandKit.fields(inv, names), $0) }
            },
        ]
        for action in [FindingService.Action.progress, .complete, .recheck] {
            commands.append(kit.leaf(action.rawValue, "finding: \(action.rawValue)", examples: ["anwei supervision findings \(action.rawValue) 5 --note ..."],
                                     options: actionOptions, arguments: [ArgumentSpec("id", help: "finding id")],
                                     message: { "finding \(Render.cell($0["id"])) is \(Render.cell($0["status"]))" }) { inv, core, actor in
                try core.write(actor) { try FindingService(core: core).act(try CommandKit.id(inv), action, CommandKit.fields(inv, ["note", "progress", "evidence", "passed"], repeated: ["evidence"]), $0) }
            })
        }
        return Command("findings", summary: "findings and the rectification list (progress, completion, 回头看)", subcommands: commands)
    }

    func notices() -> Command {
        Command("notices", summary: "rectification notices (one per responsible body)", subcommands: [
            kit.leaf("list", "list notices", columns: ["id", "number", "responsible_name", "date", "deadline"]) { _, core, actor in .array(try NoticeService(core: core).list(actor: actor)) },
            kit.leaf("issue", "merge a body's open findings into one notice", examples: ["anwei supervision notices issue --responsible-kind territory --responsible-id 东城镇"],
                     options: [.value("responsible-kind", "KIND", help: "unit|territory|enterprise"), .value("responsible-id", "ID|NAME", help: "the body"),
                               .value("finding-ids", "LIST", help: "only these findings (comma-separated)")],
                     message: { "issued \(Render.cell($0["number"])) with \($0["findings"]?.arrayValue?.count ?? 0) finding(s)" }) { inv, core, actor in
                try core.write(actor) { try NoticeService(core: core).issue(CommandKit.fields(inv, ["responsible-kind", "responsible-id", "finding-ids"]), $0) }
            },
            kit.leaf("show", "show one notice", arguments: [ArgumentSpec("id", help: "notice id")]) { inv, core, actor in
                try core.read { try NoticeService(core: core).json(try CommandKit.id(inv), actor: actor, $0) }
            },
            Command("html", summary: "print the notice as printable HTML", examples: ["anwei supervision notices html 1 > notice.html"],
                    arguments: [ArgumentSpec("id", help: "notice id")]) { inv in
                try withDomainErrors {
                    let core = try kit.env.core(inv)
                    let actor = try kit.env.actor(inv, core)
                    inv.output.writeOut(try NoticeService(core: core).html(try CommandKit.id(inv), actor: actor))
                }
            },
        ])
    }

    func draws() -> Command {
        Command("draws", summary: "四不两直: sealed random draws of targets", subcommands: [
            kit.leaf("list", "list draws", columns: ["id", "group_id", "quarter", "status", "commitment"]) { _, core, actor in .array(try DrawService(core: core).list(actor: actor)) },
            kit.leaf("show", "show one draw", arguments: [ArgumentSpec("id", help: "draw id")]) { inv, core, actor in try DrawService(core: core).get(try CommandKit.id(inv), actor: actor) },
            kit.leaf("plan", "draw targets and seal them (the envelope is shown once: keep it)",
                     examples: ["anwei supervision draws plan --group 1 --quarter 2024-Q3 --territories 1 --json > envelope.json"],
                     options: [.value("group", "ID", help: "the group"), .value("quarter", "YYYY-QN", help: "default: this quarter"),
                               .value("territories", "N", help: "how many territories"), .value("enterprises", "N", help: "enterprises per territory")]) { inv, core, actor in
                try core.write(actor) { try DrawService(core: core).plan(CommandKit.fields(inv, ["group", "quarter", "territories", "enterprises"]), $0) }
            },
            kit.leaf("reveal", "reveal the sealed list after the visit", examples: ["anwei supervision draws reveal 1 --body envelope.json"],
                     options: [CommandKit.bodyOption, .value("secret", "HEX", help: "the envelope's secret")], arguments: [ArgumentSpec("id", help: "draw id")],
                     message: { "draw \(Render.cell($0["id"])) revealed and verified" }) { inv, core, actor in
                var fields = try CommandKit.body(inv)
                if let envelope = fields["envelope"], case .object(let members) = envelope { fields = [:]; for m in members where m.key != "note" { fields[m.key] = m.value } }
                fields["note"] = nil
                if let secret = inv.value("secret") { fields["secret"] = .string(secret) }
                return try core.write(actor) { try DrawService(core: core).reveal(try CommandKit.id(inv), fields, $0) }
            },
            kit.leaf("verify", "check a revealed draw against its commitment", arguments: [ArgumentSpec("id", help: "draw id")]) { inv, core, actor in
                try DrawService(core: core).verify(try CommandKit.id(inv), actor: actor)
            },
        ])
    }
}
