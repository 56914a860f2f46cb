// `anwei responsibilities leader-lists|unit-lists|chains|groups ...`: the responsibility lists.
// Options come from the same contracts as the HTTP routes; `--item` and `--link` are the
// command line's way to write a list item and a chain link.
import CLI
import Kernel

enum ListCommands {
    static func groups(_ env: CommandEnvironment) -> [Command] {
        [leaderLists(env), unitLists(env), chains(env), unitGroups(env)]
    }

    /// `leader-lists status` takes `--missing` as a flag.
    static let leaderStatusOptions = Contract(ListContracts.leaderListStatus.fields.filter { $0.name != "missing" })

    static func leaderLists(_ env: CommandEnvironment) -> Command {
        Command("leader-lists", summary: "leaders' duty lists (职责清单) and annual work lists (工作清单, due by end of February)", subcommands: [
            Command("file", summary: "record a leader's list", examples: ["anwei responsibilities leader-lists file --kind work --year 2024 --person 王伟 --content …"],
                    options: ListContracts.fileLeaderList.options) { invocation in
                try env.run(invocation) { core, actor in
                    let input = ListInput.LeaderList(try ListContracts.fileLeaderList.values(invocation, in: core))
                    let id = try core.write(actor) { tx in
                        try ListService.fileLeaderList(kind: input.kind, year: input.year, personID: input.personID, content: input.content, tx)
                    }
                    Render.done("filed leader list \(id)", .object(["id": .int(id)]), invocation)
                }
            },
            Command("status", summary: "who has filed, and who has not", examples: ["anwei responsibilities leader-lists status --kind work --year 2024 --missing"],
                    options: leaderStatusOptions.options + [.flag("missing", help: "only those who have not filed")]) { invocation in
                try env.run(invocation) { core, _ in
                    var query = ListInput.LeaderStatus(try leaderStatusOptions.values(invocation, in: core))
                    query.missing = invocation.flag("missing")
                    let items = try core.read { try ListService.leaderListStatus(kind: query.kind, year: query.year, missingOnly: query.missing, today: core.today, $0) }
                    Render.list(items, columns: ["name", "unit", "filed", "filed_on", "due", "colour"], invocation)
                }
            },
        ])
    }

    /// `--item '建设施工安全监管|《安全生产法》第十条'` → {"duty", "basis"}.
    static func item(_ text: String) -> JSON {
        let parts = text.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        return .object(["duty": .string(parts.first ?? ""), "basis": .string(parts.dropFirst().first ?? "")])
    }

    static let unitListItems = BuiltField(contract: ListContracts.addUnitList, field: "items",
                                          option: .repeated("item", "DUTY|BASIS", help: "a duty and its legal basis, separated by | (repeatable) [required]"), build: item)

    static func unitLists(_ env: CommandEnvironment) -> Command {
        Command("unit-lists", summary: "member units' 三管三必须 and power/duty lists, versioned with effective dates", subcommands: [
            Command("add", summary: "add a new version of a unit's list",
                    examples: ["anwei responsibilities unit-lists add --unit 区住建局 --kind threeManages --effective-from 2024-03-01 --item '建设施工安全监管|《安全生产法》第十条'"],
                    options: unitListItems.options) { invocation in
                try env.run(invocation) { core, actor in
                    let input = ListInput.UnitList(try unitListItems.values(invocation, core))
                    let list = try core.write(actor) { tx in
                        try ListService.addUnitList(unitID: input.unitID, kind: input.kind, effectiveFrom: input.effectiveFrom, items: input.items, tx)
                    }
                    Render.done("added \(Render.cell(list["unit_name"])) \(Render.cell(list["kind"])) version \(Render.cell(list["version"]))", list, invocation)
                }
            },
            Command("list", summary: "list unit lists", examples: ["anwei responsibilities unit-lists list --unit 区住建局"],
                    options: ListContracts.unitListFilter.options + Paging.contract.options) { invocation in
                try env.run(invocation) { core, actor in
                    let filter = try ListContracts.unitListFilter.values(invocation, in: core)
                    let (after, limit) = try CommandInput.paging(invocation)
                    let page = try core.read { db in
                        try ListService.unitLists(unitID: filter.id("unit_id"), kind: filter.choice("kind", UnitListKind.self), after: after, limit: limit, actor: actor, db)
                    }
                    Render.page(page, columns: ["id", "unit_name", "kind", "version", "effective_from"], invocation)
                }
            },
            Command("diff", summary: "what changed between two versions", examples: ["anwei responsibilities unit-lists diff --unit 区住建局 --kind threeManages --from 1 --to 2"],
                    options: ListContracts.diff.options) { invocation in
                try env.run(invocation) { core, actor in
                    let query = ListInput.Diff(try ListContracts.diff.values(invocation, in: core))
                    let diff = try core.read { try ListService.diff(unitID: query.unitID, kind: query.kind, from: query.from, to: query.to, actor: actor, $0) }
                    if invocation.format == .json { invocation.output.line(diff.pretty); return }
                    for item in diff["added"]?.arrayValue ?? [] { invocation.output.line("+ \(Render.cell(item["duty"])) (\(Render.cell(item["basis"])))") }
                    for item in diff["removed"]?.arrayValue ?? [] { invocation.output.line("- \(Render.cell(item["duty"])) (\(Render.cell(item["basis"])))") }
                    for item in diff["changed"]?.arrayValue ?? [] { invocation.output.line("~ \(Render.cell(item["duty"])): \(Render.cell(item["basis_before"])) → \(Render.cell(item["basis_after"]))") }
                }
            },
        ])
    }

    /// "储存:区城市管理局,区应急管理局;区市场监管局" → {"name", "lead_units", "cooperating_units"}: leads
    /// before ";", cooperating after, each a name or an id for the reader to resolve.
    static func link(_ text: String) -> JSON {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let roles = (parts.dropFirst().first ?? "").split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        func names(_ s: String?) -> JSON {
            JSON((s ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
        return .object(["name": .string((parts.first ?? "").trimmingCharacters(in: .whitespaces)), "lead_units": names(roles.first),
                        "cooperating_units": names(roles.dropFirst().first)])
    }

    static let chainLinks = BuiltField(contract: ListContracts.addChain, field: "links", option: .repeated("link", "NAME:LEADS[;COOPERATING]",
        help: "a link with its lead units (comma separated) and, after ';', cooperating units (repeatable) [required]"), build: link)

    static func chains(_ env: CommandEnvironment) -> Command {
        Command("chains", summary: "\"one matter\" chains (一件事全链条): links and their responsible units", subcommands: [
            Command("add", summary: "define a matter and its ordered links",
                    examples: ["anwei responsibilities chains add --name 燃气 --link '生产:区城市管理局' --link '运输:区交通运输局;区公安分局' --link '销售:'"],
                    options: chainLinks.options) { invocation in
                try env.run(invocation) { core, actor in
                    let input = ListInput.Chain(try chainLinks.values(invocation, core))
                    let id = try core.write(actor) { tx in try ListService.addChain(name: input.name, links: input.links, tx) }
                    Render.done("added chain \(id)", .object(["id": .int(id)]), invocation)
                }
            },
            Command("check", summary: "report links with no unit and links with two leads", examples: ["anwei responsibilities chains check"]) { invocation in
                try env.run(invocation) { core, _ in
                    let issues = try core.read { try ListService.checkChains($0) }
                    if issues.isEmpty && invocation.format == .table { invocation.output.line("no gaps or overlaps"); return }
                    Render.list(issues, columns: ["chain", "position", "link", "problem", "message"], invocation)
                }
            },
        ])
    }

    static func unitGroups(_ env: CommandEnvironment) -> Command {
        Command("groups", summary: "a unit's internal safety leading group (内设安全生产领导小组)", subcommands: [
            Command("set", summary: "set the group; its head must be the unit's principal leader",
                    examples: ["anwei responsibilities groups set --unit 区发改局 --head 王伟 --members 李强 --members 张敏"],
                    options: ListContracts.setGroup.options) { invocation in
                try env.run(invocation) { core, actor in
                    let input = ListInput.Group(try ListContracts.setGroup.values(invocation, in: core))
                    let group = try core.write(actor) { tx in try ListService.setGroup(unitID: input.unitID, headID: input.headID, members: input.members, tx) }
                    Render.done("\(Render.cell(group["unit_name"])) safety leading group: head \(Render.cell(group["head_name"]))", group, invocation)
                }
            },
        ])
    }
}
