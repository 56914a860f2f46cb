// `anwei responsibilities leader-lists|unit-lists|chains|groups ...`: the responsibility lists.
// Options come from the same contracts as the HTTP routes; `--item` and `--link` are the
// command line's way to write a list item and a chain link.
import CLI
import Kernel

enum ListCommands {
    static func groups(_ env: CommandEnvironment) -> [Command] {
        [leaderLists(env), unitLists(env), chains(env), unitGroups(env), BusinessFormCommands.group(env)]
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
                    Render.done("已登记领导干部清单（编号\(id)）", .object(["id": .int(id)]), invocation)
                }
            },
            Command("status", summary: "who has filed, and who has not, as of a day (late filings say by how many days)",
                    examples: ["anwei responsibilities leader-lists status --kind work --year 2024 --missing", "anwei responsibilities leader-lists status --year 2024 --tier committee --as-of 2024-03-01"],
                    options: leaderStatusOptions.options + [.flag("missing", help: "only those who have not filed")]) { invocation in
                try env.run(invocation) { core, actor in
                    try ListService.requireOffice(actor, "查看领导干部清单报送情况")
                    var query = ListInput.LeaderStatus(try leaderStatusOptions.values(invocation, in: core))
                    query.missing = invocation.flag("missing")
                    let asOf = query.asOf ?? core.today, yellow = core.settings.colourRules.yellowDaysBefore
                    let items = try core.read {
                        try ListService.leaderListStatus(kind: query.kind, year: query.year, missingOnly: query.missing, tier: query.tier, asOf: asOf, yellowDays: yellow, $0)
                    }
                    Render.list(items, columns: ["name", "tier_label", "unit", "filed_on", "colour", "reason_code", "reason"], invocation)
                }
            },
            Command("show", summary: "a filed list with its content", examples: ["anwei responsibilities leader-lists show 3"],
                    arguments: [ArgumentSpec("id", help: "the filed list's id (list_id in status)")]) { invocation in
                try env.run(invocation) { core, actor in
                    let id = try invocation.id()
                    let list = try core.read { try ListService.leaderList(id, actor: actor, $0) }
                    if invocation.format != .table { Render.record(list, invocation); return }
                    invocation.output.line("\(Render.cell(list["name"]))（\(Render.cell(list["tier_label"]))，\(Render.cell(list["body"]))）\(Render.cell(list["year"]))年度\(Render.cell(list["kind_label"]))")
                    invocation.output.line("\(Render.cell(list["colour"])) [\(Render.cell(list["reason_code"]))] \(Render.cell(list["reason"]))")
                    invocation.output.line("")
                    invocation.output.line(list["content"]?.stringValue ?? "")
                }
            },
            committee(env),
        ])
    }

    /// `leader-lists committee add|list|remove`: the committee's responsible comrades.
    static func committee(_ env: CommandEnvironment) -> Command {
        Command("committee", summary: "the committee's responsible comrades (区安委会负责同志), expected to file apart from the units' heads", subcommands: [
            Command("add", summary: "register one", examples: ["anwei responsibilities leader-lists committee add --person 12 --title 区安委会主任"],
                    options: ListContracts.addCommitteeLeader.options) { invocation in
                try env.run(invocation) { core, actor in
                    let input = ListInput.CommitteeLeader(try ListContracts.addCommitteeLeader.values(invocation, in: core))
                    let leader = try core.write(actor) { tx in try ListService.addCommitteeLeader(personID: input.personID, title: input.title, tx) }
                    Render.done("登记区安委会负责同志：\(Render.cell(leader["name"]))（\(Render.cell(leader["title"]))）", leader, invocation)
                }
            },
            Command("list", summary: "list them", examples: ["anwei responsibilities leader-lists committee list"]) { invocation in
                try env.run(invocation) { core, actor in
                    try ListService.requireOffice(actor, "查看区安委会负责同志名单")
                    Render.list(try core.read { try ListService.committeeLeaders($0) }, columns: ["id", "name", "title"], invocation)
                }
            },
            Command("remove", summary: "no longer count one (lists filed stay)", examples: ["anwei responsibilities leader-lists committee remove 2"],
                    arguments: [ArgumentSpec("id", help: "the registration's id (from committee list)")]) { invocation in
                try env.run(invocation) { core, actor in
                    let id = try invocation.id()
                    try core.write(actor) { tx in try ListService.removeCommitteeLeader(id, tx) }
                    Render.done("已移除区安委会负责同志登记（编号\(id)），已报送的清单保留", .object(["id": .int(id)]), invocation)
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
                    Render.done("已新增\(Render.cell(list["unit_name"]))\(UnitListKind(rawValue: Render.cell(list["kind"]))?.chinese ?? "")第\(Render.cell(list["version"]))版", list, invocation)
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
    /// before ";", cooperating after, each a name or an id for the reader to resolve; a lead
    /// written "#3" is the decided new-business-form request 3 (its lead department leads).
    static func link(_ text: String) -> JSON {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let roles = (parts.dropFirst().first ?? "").split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        func names(_ s: String?) -> [String] {
            (s ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let leads = names(roles.first)
        var link: [JSON.Member] = [JSON.Member("name", .string((parts.first ?? "").trimmingCharacters(in: .whitespaces))),
                                   JSON.Member("lead_units", JSON(leads.filter { !$0.hasPrefix("#") })),
                                   JSON.Member("cooperating_units", JSON(names(roles.dropFirst().first)))]
        if let form = leads.first(where: { $0.hasPrefix("#") }) { 
            let id = String(form.dropFirst())
            link.append(JSON.Member("business_form_id", Int64(id).map(JSON.int) ?? .string(id)))
        }
        return .object(link)
    }

    static let chainLinks = BuiltField(contract: ListContracts.addChain, field: "links", option: .repeated("link", "NAME:LEADS[;COOPERATING]",
        help: "a link with its lead units (comma separated; #N: the lead department of decided new-business-form request N) and, after ';', cooperating units (repeatable) [required]"), build: link)

    static let revisedLinks = BuiltField(contract: ListContracts.reviseChain, field: "links", option: .repeated("link", "NAME:LEADS[;COOPERATING]",
        help: "the links in order, replacing the current ones (as in chains add) (repeatable) [required]"), build: link)

    static func chains(_ env: CommandEnvironment) -> Command {
        Command("chains", summary: "\"one matter\" chains (一件事全链条): links and their responsible units", subcommands: [
            Command("add", summary: "define a matter and its ordered links",
                    examples: ["anwei responsibilities chains add --name 燃气 --link '生产:区城市管理局' --link '运输:区交通运输局;区公安分局' --link '销售:'"],
                    options: chainLinks.options) { invocation in
                try env.run(invocation) { core, actor in
                    let input = ListInput.Chain(try chainLinks.values(invocation, core))
                    let id = try core.write(actor) { tx in try ListService.addChain(name: input.name, links: input.links, tx) }
                    Render.done("已新建一件事链条（编号\(id)）", .object(["id": .int(id)]), invocation)
                }
            },
            Command("list", summary: "every chain: version, links, problems", examples: ["anwei responsibilities chains list"]) { invocation in
                try env.run(invocation) { core, actor in
                    try ListService.requireChainReader(actor)
                    Render.list(try core.read { try ListService.chains($0) }, columns: ["id", "name", "version", "links", "problems", "updated_at"], invocation)
                }
            },
            Command("show", summary: "one chain with its links, units and problems", examples: ["anwei responsibilities chains show 1"],
                    arguments: [ArgumentSpec("id", help: "the chain id")]) { invocation in
                try env.run(invocation) { core, actor in
                    try ListService.requireChainReader(actor)
                    let id = try invocation.id()
                    let chain = try core.read { try ListService.chain(id, $0) }
                    if invocation.format != .table { Render.record(chain, invocation); return }
                    invocation.output.line("一件事“\(Render.cell(chain["name"]))” 第\(Render.cell(chain["version"]))版")
                    Render.list((chain["links"]?.arrayValue ?? []).map(linkRow), columns: ["position", "name", "leads", "cooperating", "problem", "message"], invocation)
                }
            },
            Command("revise", summary: "replace a chain's links (and its name) as a new version, audited",
                    examples: ["anwei responsibilities chains revise 1 --link '生产:区城市管理局' --link '储存:区应急管理局;区城市管理局' --link '销售:区市场监管局'"],
                    options: revisedLinks.options, arguments: [ArgumentSpec("id", help: "the chain id")]) { invocation in
                try env.run(invocation) { core, actor in
                    let id = try invocation.id()
                    let input = ListInput.Chain(try revisedLinks.values(invocation, core))
                    let chain = try core.write(actor) { tx in try ListService.reviseChain(id, name: input.named ? input.name : nil, links: input.links, tx) }
                    Render.done("一件事“\(Render.cell(chain["name"]))”已修订为第\(Render.cell(chain["version"]))版，\(Render.cell(chain["problems"]))个环节有问题", chain, invocation)
                }
            },
            Command("check", summary: "report links with no unit, with no lead, and with two leads", examples: ["anwei responsibilities chains check"]) { invocation in
                try env.run(invocation) { core, actor in
                    try ListService.requireChainReader(actor)
                    let issues = try core.read { try ListService.checkChains($0) }
                    if issues.isEmpty && invocation.format == .table { invocation.output.line("没有缺位或重叠的环节 (no gaps or overlaps)"); return }
                    Render.list(issues, columns: ["chain", "position", "link", "problem", "message"], invocation)
                }
            },
        ])
    }

    /// A link as one table row: its units' names joined.
    static func linkRow(_ link: JSON) -> JSON {
        func names(_ key: String) -> JSON { .string((link[key]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }.joined(separator: "、")) }
        return .object(["position": link["position"] ?? .null, "name": link["name"] ?? .null, "leads": names("lead_units"), "cooperating": names("cooperating_units"),
                        "problem": link["problem"] ?? .null, "message": link["message"] ?? .null])
    }

    static func unitGroups(_ env: CommandEnvironment) -> Command {
        Command("groups", summary: "a unit's internal safety leading group (内设安全生产领导小组)", subcommands: [
            Command("set", summary: "set the group; its head must be the unit's principal leader",
                    examples: ["anwei responsibilities groups set --unit 区发改局 --head 王伟 --members 李强 --members 张敏"],
                    options: ListContracts.setGroup.options) { invocation in
                try env.run(invocation) { core, actor in
                    let input = ListInput.Group(try ListContracts.setGroup.values(invocation, in: core))
                    let group = try core.write(actor) { tx in try ListService.setGroup(unitID: input.unitID, headID: input.headID, members: input.members, tx) }
                    Render.done("\(Render.cell(group["unit_name"]))安全生产领导小组：组长\(Render.cell(group["head_name"]))", group, invocation)
                }
            },
        ])
    }
}
