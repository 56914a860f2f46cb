// `anwei responsibilities tasks list|show` and `anwei responsibilities ledger list|show|sign|progress|complete|verify|return|attachment`.
import CLI
import Foundation
import Kernel

enum LedgerCommands {
    static let filterOptions: [OptionSpec] = [
        .value("unit", "UNIT", help: "a member unit or territory (id or name), e.g. 区发改局"),
        .value("colour", "COLOUR", help: "red | yellow | green (红/黄/绿)"),
        .value("status", "STATUS", help: "assigned | signed | inProgress | reported | closed"),
        .value("task", "ID", help: "only this task's lines"),
        .value("plan", "ID", help: "only this plan's tasks"),
        .value("period", "PERIOD", help: "a due instance, e.g. 2024-02-29 or 2024-Q1"),
        .value("on", "DATE", help: "compute colours for this day (default today)"),
    ]

    static func filter(_ invocation: Invocation, _ core: Core, _ db: Connection) throws -> LedgerFilter {
        try FilterParsing.filter({ invocation.value($0) }, today: core.today, db)
    }

    static func tasksGroup(_ env: CommandEnvironment) -> Command {
        Command("tasks", summary: "tasks with their three-colour status (红黄绿灯)", subcommands: [
            Command("list", summary: "list tasks with colour and reason", examples: ["anwei responsibilities tasks list --colour red --unit 区发改局", "anwei responsibilities tasks list --csv"],
                    options: filterOptions) { invocation in
                try withDomainErrors {
                    let core = try env.core(invocation)
                    let actor = try env.actor(invocation, core)
                    let rules = core.settings.colourRules
                    let items = try core.read { db in try LedgerQueries.tasks(filter(invocation, core, db), actor: actor, rules: rules, db) }
                    Render.list(items, columns: ["id", "number", "title", "colour", "lines", "red", "yellow", "green", "colour_reason"], invocation)
                }
            },
            Command("add", summary: "assign a task (交办) to units or territories",
                    examples: ["anwei responsibilities tasks add --title 制定具体工作安排 --unit 各镇(景区、开发区) --due 2024-02-29",
                               "anwei responsibilities tasks add --title 安全风险会商研判 --unit 东城镇 --quarterly 2024"],
                    options: [.value("title", "TEXT", help: "the task [required]"), .value("text", "TEXT", help: "details"),
                              .repeated("unit", "UNIT", help: "a unit or territory (name or id; 各镇(景区、开发区) expands), repeatable [required]"),
                              .value("due", "DATE", help: "due date YYYY-MM-DD"), .value("quarterly", "YEAR", help: "每季度 in YEAR: one line per quarter")]) { invocation in
                try withDomainErrors {
                    var input = TaskAssignment(title: invocation.value("title") ?? "", text: invocation.value("text") ?? "", units: invocation.values("unit"), due: nil, quarterlyYear: try invocation.int("quarterly"))
                    if let due = invocation.value("due") {
                        guard let date = CalendarDate(iso: due) else { throw CommandError.usage("--due expects YYYY-MM-DD, got '\(due)'") }
                        input.due = date
                    }
                    let core = try env.core(invocation)
                    let actor = try env.actor(invocation, core)
                    let id = try core.write(actor) { tx in try TaskService.assign(input, tx) }
                    Render.done("assigned task \(id)", .object(["id": .int(id)]), invocation)
                }
            },
            Command("show", summary: "one task and its ledger lines", examples: ["anwei responsibilities tasks show 4"], options: [filterOptions[6]],
                    arguments: [ArgumentSpec("id", help: "the task id")]) { invocation in
                try withDomainErrors {
                    let core = try env.core(invocation)
                    let actor = try env.actor(invocation, core)
                    guard let id = Int64(invocation.argument("id") ?? "") else { throw CommandError.usage("expected a task id") }
                    let rules = core.settings.colourRules
                    let (tasks, lines) = try core.read { db -> ([JSON], [JSON]) in
                        var f = try filter(invocation, core, db)
                        f.taskID = id
                        return (try LedgerQueries.tasks(f, actor: actor, rules: rules, db), try LedgerQueries.allLines(f, actor: actor, rules: rules, db).map(\.json))
                    }
                    guard let task = tasks.first else { throw DomainError.notFound("task", String(id)) }
                    if invocation.format == .json {
                        guard case .object(var members) = task else { return }
                        members.append(JSON.Member("lines", .array(lines)))
                        invocation.output.line(JSON.object(members).pretty)
                        return
                    }
                    invocation.output.line("\(Render.cell(task["number"])) \(Render.cell(task["title"])): \(Render.cell(task["colour"])) — \(Render.cell(task["colour_reason"]))")
                    Render.list(lines, columns: lineColumns, invocation)
                }
            },
        ])
    }

    static let lineColumns = ["id", "task_number", "unit_name", "role", "period", "due", "status", "progress", "colour", "colour_reason"]

    static func ledgerGroup(_ env: CommandEnvironment) -> Command {
        var commands = [
            Command("list", summary: "ledger lines (task × unit × due instance) with colour",
                    examples: ["anwei responsibilities ledger list --unit 区安委办 --colour red", "anwei responsibilities ledger list --task 4 --on 2024-03-01"],
                    options: filterOptions) { invocation in
                try withDomainErrors {
                    let core = try env.core(invocation)
                    let actor = try env.actor(invocation, core)
                    let rules = core.settings.colourRules
                    let items = try core.read { db in try LedgerQueries.allLines(filter(invocation, core, db), actor: actor, rules: rules, db).map(\.json) }
                    Render.list(items, columns: lineColumns, invocation)
                }
            },
            Command("show", summary: "one ledger line with its history", examples: ["anwei responsibilities ledger show 12"], options: [filterOptions[6]],
                    arguments: [ArgumentSpec("id", help: "the line id")]) { invocation in
                try withDomainErrors {
                    let core = try env.core(invocation)
                    let actor = try env.actor(invocation, core)
                    let id = try lineID(invocation)
                    let rules = core.settings.colourRules
                    let line = try core.read { db in try LedgerQueries.line(id, day: filter(invocation, core, db).day, actor: actor, rules: rules, db) }
                    Render.record(line, invocation)
                }
            },
            Command("attachment", summary: "write an evidence file to disk", examples: ["anwei responsibilities ledger attachment 3a7b… --output 进展.pdf"],
                    options: [.value("output", "FILE", help: "where to write it [required]")], arguments: [ArgumentSpec("sha256", help: "the file's SHA-256")]) { invocation in
                try withDomainErrors {
                    let core = try env.core(invocation)
                    let actor = try env.actor(invocation, core)
                    let output = try invocation.require("output")
                    let file = try core.read { try AttachmentStore.content(invocation.argument("sha256") ?? "", actor: actor, $0) }
                    guard FileManager.default.createFile(atPath: output, contents: Data(file.bytes)) else { throw CommandError(.failure, "cannot write \(output)") }
                    invocation.output.line("wrote \(file.bytes.count) bytes of \(file.fileName) to \(output)")
                }
            },
        ]
        for action in LineAction.allCases { commands.append(actionCommand(action, env)) }
        return Command("ledger", summary: "the task ledger (台账): lines, history, 签收 / 进展 / 完成 / 办结 / 退回", subcommands: commands)
    }

    static func lineID(_ invocation: Invocation) throws -> Int64 {
        guard let id = Int64(invocation.argument("id") ?? ""), id > 0 else { throw CommandError.usage("expected a ledger line id, got '\(invocation.argument("id") ?? "")'") }
        return id
    }

    static func actionCommand(_ action: LineAction, _ env: CommandEnvironment) -> Command {
        var options: [OptionSpec] = []
        var example = "anwei responsibilities ledger \(action.rawValue) 12"
        switch action {
        case .progress:
            options = [.value("percent", "N", help: "progress 0–100 [required]"), .value("text", "TEXT", help: "what was done [required]"),
                       .value("reporter", "NAME", help: "who reports (default: the acting user)"), .repeated("attach", "FILE", help: "an evidence file (repeatable, ≤ 10 MiB)")]
            example += " --percent 50 --text 已完成初稿 --attach 初稿.pdf"
        case .complete:
            options = [.value("text", "TEXT", help: "what was done [required]"), .value("reporter", "NAME", help: "who reports"),
                       .repeated("attach", "FILE", help: "an evidence file (repeatable, ≤ 10 MiB)")]
            example += " --text 已印发"
        case .return:
            options = [.value("reason", "TEXT", help: "why it is returned [required]")]
            example += " --reason 佐证材料不全"
        case .sign, .verify: break
        }
        return Command(action.rawValue, summary: "\(action.chinese) a ledger line", examples: [example], options: options,
                       arguments: [ArgumentSpec("id", help: "the line id")]) { invocation in
            try withDomainErrors {
                let id = try lineID(invocation)
                var input = LineActionInput()
                input.percent = try invocation.int("percent")
                input.text = invocation.value("text") ?? ""
                input.reporter = invocation.value("reporter")
                input.reason = invocation.value("reason")
                for path in invocation.values("attach") {
                    input.attachments.append(AttachmentInput(fileName: URL(fileURLWithPath: path).lastPathComponent, bytes: try PlanCommands.readBytes(path)))
                }
                let core = try env.core(invocation)
                let actor = try env.actor(invocation, core)
                let rules = core.settings.colourRules
                let line = try core.write(actor) { tx in try LedgerService.act(action, lineID: id, input, rules: rules, tx) }
                env.deliverEvents(core)
                Render.done("\(action.chinese): line \(id) is now \(Render.cell(line["status"])) (\(Render.cell(line["colour"])): \(Render.cell(line["colour_reason"])))", line, invocation)
            }
        }
    }
}
