// `anwei responsibilities leader-lists|unit-lists|chains|groups ...`: the responsibility lists.
import CLI
import Kernel

enum ListCommands {
    static func groups(_ env: CommandEnvironment) -> [Command] {
        [leaderLists(env), unitLists(env), chains(env), unitGroups(env)]
    }

    static func run(_ env: CommandEnvironment, _ invocation: Invocation, _ body: (Core, Actor) throws -> Void) throws {
        try withDomainErrors {
            let core = try env.core(invocation)
            let actor = try env.actor(invocation, core)
            try body(core, actor)
        }
    }

    static func leaderLists(_ env: CommandEnvironment) -> Command {
        Command("leader-lists", summary: "leaders' duty lists (职责清单) and annual work lists (工作清单, due by end of February)", subcommands: [
            Command("file", summary: "record a leader's list", examples: ["anwei responsibilities leader-lists file --kind work --year 2024 --person 王伟 --content …"],
                    options: [.value("kind", "duty|work", help: "which list [required]"), .value("year", "YEAR", help: "the year [required]"),
                              .value("person", "NAME|ID", help: "the leader [required]"), .value("content", "TEXT", help: "the list [required]")]) { invocation in
                try run(env, invocation) { core, actor in
                    guard let year = try invocation.int("year") else { throw CommandError.usage("missing required option --year") }
                    let id = try core.write(actor) { tx in
                        try ListService.fileLeaderList(kind: invocation.value("kind") ?? "", year: year, person: invocation.value("person") ?? "", content: invocation.value("content") ?? "", tx)
                    }
                    Render.done("filed leader list \(id)", .object(["id": .int(id)]), invocation)
                }
            },
            Command("status", summary: "who has filed, and who has not", examples: ["anwei responsibilities leader-lists status --kind work --year 2024 --missing"],
                    options: [.value("kind", "duty|work", help: "which list (default work)"), .value("year", "YEAR", help: "the year [required]"),
                              .flag("missing", help: "only those who have not filed")]) { invocation in
                try run(env, invocation) { core, _ in
                    guard let year = try invocation.int("year") else { throw CommandError.usage("missing required option --year") }
                    var items = try core.read { try ListService.leaderListStatus(kind: invocation.value("kind") ?? "work", year: year, today: core.today, $0) }
                    if invocation.flag("missing") { items = items.filter { $0["filed"] == .bool(false) } }
                    Render.list(items, columns: ["name", "unit", "filed", "filed_on", "due", "colour"], invocation)
                }
            },
        ])
    }

    static func unitLists(_ env: CommandEnvironment) -> Command {
        Command("unit-lists", summary: "member units' 三管三必须 and power/duty lists, versioned with effective dates", subcommands: [
            Command("add", summary: "add a new version of a unit's list",
                    examples: ["anwei responsibilities unit-lists add --unit 区住建局 --kind threeManages --effective 2024-03-01 --item '建设施工安全监管|《安全生产法》第十条'"],
                    options: [.value("unit", "UNIT", help: "the member unit [required]"), .value("kind", "KIND", help: UnitListKind.allCases.map(\.rawValue).joined(separator: " | ")),
                              .value("effective", "DATE", help: "effective from [required]"), .repeated("item", "DUTY|BASIS", help: "a duty and its legal basis (repeatable)")]) { invocation in
                try run(env, invocation) { core, actor in
                    guard let effective = invocation.value("effective").flatMap(CalendarDate.init(iso:)) else { throw CommandError.usage("--effective expects YYYY-MM-DD") }
                    let items = invocation.values("item").map { text -> ListItem in
                        let parts = text.split(separator: "|", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                        return ListItem(duty: parts.first ?? "", basis: parts.count > 1 ? parts[1] : "")
                    }
                    let list = try core.write(actor) { tx in
                        try ListService.addUnitList(unit: invocation.value("unit") ?? "", kind: invocation.value("kind") ?? "", effectiveFrom: effective, items: items, tx)
                    }
                    Render.done("added \(Render.cell(list["unit_name"])) \(Render.cell(list["kind"])) version \(Render.cell(list["version"]))", list, invocation)
                }
            },
            Command("list", summary: "list unit lists", options: [.value("unit", "UNIT", help: "only this unit")]) { invocation in
                try run(env, invocation) { core, actor in
                    let items = try core.read { try ListService.unitLists(unit: invocation.value("unit"), actor: actor, $0) }
                    Render.list(items, columns: ["id", "unit_name", "kind", "version", "effective_from"], invocation)
                }
            },
            Command("diff", summary: "what changed between two versions", examples: ["anwei responsibilities unit-lists diff --unit 区住建局 --kind threeManages --from 1 --to 2"],
                    options: [.value("unit", "UNIT", help: "the unit [required]"), .value("kind", "KIND", help: "the list kind [required]"),
                              .value("from", "N", help: "older version [required]"), .value("to", "N", help: "newer version [required]")]) { invocation in
                try run(env, invocation) { core, actor in
                    guard let from = try invocation.int("from"), let to = try invocation.int("to") else { throw CommandError.usage("give --from and --to versions") }
                    let diff = try core.read { try ListService.diff(unit: invocation.value("unit") ?? "", kind: invocation.value("kind") ?? "", from: Int64(from), to: Int64(to), actor: actor, $0) }
                    if invocation.format == .json { invocation.output.line(diff.pretty); return }
                    for item in diff["added"]?.arrayValue ?? [] { invocation.output.line("+ \(Render.cell(item["duty"])) (\(Render.cell(item["basis"])))") }
                    for item in diff["removed"]?.arrayValue ?? [] { invocation.output.line("- \(Render.cell(item["duty"])) (\(Render.cell(item["basis"])))") }
                    for item in diff["changed"]?.arrayValue ?? [] { invocation.output.line("~ \(Render.cell(item["duty"])): \(Render.cell(item["basis_before"])) → \(Render.cell(item["basis_after"]))") }
                }
            },
        ])
    }

    /// "储存:区城市管理局,区应急管理局;区市场监管局" → leads before ";", cooperating after.
    static func parseLink(_ text: String) -> LinkInput {
        let parts = text.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let units = parts.count > 1 ? parts[1] : ""
        let roles = units.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        func names(_ s: String?) -> [String] { (s ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        return LinkInput(name: parts[0].trimmingCharacters(in: .whitespaces), leads: names(roles.first), cooperating: names(roles.count > 1 ? roles[1] : nil))
    }

    static func chains(_ env: CommandEnvironment) -> Command {
        Command("chains", summary: "\"one matter\" chains (一件事全链条): links and their responsible units", subcommands: [
            Command("add", summary: "define a matter and its ordered links",
                    examples: ["anwei responsibilities chains add --name 燃气 --link '生产:区城市管理局' --link '运输:区交通运输局;区公安分局' --link '销售:'"],
                    options: [.value("name", "MATTER", help: "the matter [required]"),
                              .repeated("link", "NAME:LEADS[;COOPERATING]", help: "a link with lead units (comma separated) and, after ';', cooperating units")]) { invocation in
                try run(env, invocation) { core, actor in
                    let id = try core.write(actor) { tx in try ListService.addChain(name: invocation.value("name") ?? "", links: invocation.values("link").map(parseLink), tx) }
                    Render.done("added chain \(id)", .object(["id": .int(id)]), invocation)
                }
            },
            Command("check", summary: "report links with no unit and links with two leads", examples: ["anwei responsibilities chains check"]) { invocation in
                try run(env, invocation) { core, _ in
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
                    examples: ["anwei responsibilities groups set --unit 区发改局 --head 王伟 --member 李强 --member 张敏"],
                    options: [.value("unit", "UNIT", help: "the unit [required]"), .value("head", "NAME|PERSON_ID", help: "the head [required]"),
                              .repeated("member", "NAME", help: "a member (repeatable)")]) { invocation in
                try run(env, invocation) { core, actor in
                    let group = try core.write(actor) { tx in
                        try ListService.setGroup(unit: invocation.value("unit") ?? "", head: invocation.value("head") ?? "", members: invocation.values("member"), tx)
                    }
                    Render.done("\(Render.cell(group["unit_name"])) safety leading group: head \(Render.cell(group["head_name"]))", group, invocation)
                }
            },
        ])
    }
}
