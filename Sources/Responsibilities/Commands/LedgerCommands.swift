// `anwei responsibilities tasks list|add|show` and `anwei responsibilities ledger list|show|attachment`
// (the actions on a line: ActionCommands). Options come from the same contracts as the HTTP routes.
import CLI
import Foundation
import Kernel

enum LedgerCommands {
    static let taskColumns = ["id", "number", "title", "colour", "lines", "red", "yellow", "green", "colour_reason"]
    static let lineColumns = ["id", "task_number", "unit_name", "role", "period", "due", "status", "progress", "colour", "colour_reason"]

    /// `tasks list` and `ledger list`: the same filters and paging, a page of tasks or of lines.
    static func list(_ env: CommandEnvironment, summary: String, examples: [String], columns: [String], _ query: @escaping LedgerQueries.PageQuery) -> Command {
        Command("list", summary: summary, examples: examples, options: LedgerContracts.filter.options + Paging.contract.options) { invocation in
            try env.run(invocation) { core, actor in
                try LedgerScope.requireReader(actor)
                let filter = LedgerFilter(try LedgerContracts.filter.values(invocation, in: core), today: core.today)
                let (after, limit) = try CommandInput.paging(invocation)
                let rules = core.settings.colourRules
                Render.page(try core.read { try query(filter, after, limit, actor, rules, $0) }, columns: columns, invocation)
            }
        }
    }

    static func tasksGroup(_ env: CommandEnvironment) -> Command {
        Command("tasks", summary: "tasks with their three-colour status (红黄绿灯)", subcommands: [
            list(env, summary: "list tasks with colour and reason",
                 examples: ["anwei responsibilities tasks list --colour red --unit 区发改局", "anwei responsibilities tasks list --csv"],
                 columns: taskColumns, LedgerQueries.taskPage),
            Command("add", summary: "assign a task (交办) to member units or territories",
                    examples: ["anwei responsibilities tasks add --title 制定具体工作安排 --all-territories true --due 2024-02-29",
                               "anwei responsibilities tasks add --title 安全风险会商研判 --territories 东城镇 --quarterly-year 2024",
                               "anwei responsibilities tasks add --title 报送整治进展 --units 区发改局 --units 区住建局 --due 2024-05-31"],
                    options: LedgerContracts.assignment.options) { invocation in
                try env.run(invocation) { core, actor in
                    let input = TaskAssignment(try LedgerContracts.assignment.values(invocation, in: core))
                    let id = try core.write(actor) { tx in try TaskService.assign(input, tx) }
                    Render.done("assigned task \(id)", .object(["id": .int(id)]), invocation)
                }
            },
            unitCommand(env, "add-unit", summary: "add a unit to a task by hand (增加责任单位): lines for the task's periods not yet ended",
                        example: "anwei responsibilities tasks add-unit 4 --unit 区住建局 --reason 职能调整", TaskUnits.add),
            unitCommand(env, "remove-unit", summary: "remove a unit from a task (移除责任单位): its lines withdrawn, kept with their history",
                        example: "anwei responsibilities tasks remove-unit 4 --unit 区住建局 --reason 不涉及该单位职责", TaskUnits.remove),
            Command("show", summary: "one task and its ledger lines", examples: ["anwei responsibilities tasks show 4", "anwei responsibilities tasks show 4 --on 2024-03-01"],
                    options: LedgerContracts.day.options, arguments: [ArgumentSpec("id", help: "the task id")]) { invocation in
                try env.run(invocation) { core, actor in
                    try LedgerScope.requireReader(actor)
                    let id = try invocation.id()
                    let filter = LedgerFilter(try LedgerContracts.day.values(invocation, in: core), today: core.today)
                    let rules = core.settings.colourRules
                    let task = try core.read { try LedgerQueries.task(id, filter, actor: actor, rules: rules, $0) }
                    if invocation.format == .json { invocation.output.line(task.pretty); return }
                    invocation.output.line("\(Render.cell(task["number"])) \(Render.cell(task["title"])): \(Render.cell(task["colour"])) — \(Render.cell(task["colour_reason"]))")
                    Render.list(task["ledger_lines"]?.arrayValue ?? [], columns: lineColumns, invocation)
                }
            },
        ])
    }

    static func unitCommand(_ env: CommandEnvironment, _ name: String, summary: String, example: String,
                            _ change: @escaping @Sendable (Int64, TaskUnitInput, WriteTransaction) throws -> Int) -> Command {
        Command(name, summary: summary, examples: [example], options: PlanContracts.taskUnitBody.options,
                arguments: [ArgumentSpec("id", help: "the task id")]) { invocation in
            try env.run(invocation) { core, actor in
                let id = try invocation.id()
                let input = TaskUnitInput(try PlanContracts.taskUnitBody.values(invocation, in: core))
                let count = try core.write(actor) { tx in try change(id, input, tx) }
                Render.done("\(name == "add-unit" ? "增加" : "撤销")台账\(count)条 (task \(id))", .object(["task_id": .int(id), "ledger_lines": .int(Int64(count))]), invocation)
            }
        }
    }

    static func ledgerGroup(_ env: CommandEnvironment) -> Command {
        let commands = [
            list(env, summary: "ledger lines (task × unit × due instance) with colour",
                 examples: ["anwei responsibilities ledger list --unit 区安委办 --colour red", "anwei responsibilities ledger list --task-id 4 --on 2024-03-01"],
                 columns: lineColumns, LedgerQueries.linePage),
            Command("show", summary: "one ledger line with its history", examples: ["anwei responsibilities ledger show 12"],
                    options: LedgerContracts.day.options, arguments: [ArgumentSpec("id", help: "the line id")]) { invocation in
                try env.run(invocation) { core, actor in
                    try LedgerScope.requireReader(actor)
                    let id = try invocation.id()
                    let day = LedgerFilter(try LedgerContracts.day.values(invocation, in: core), today: core.today).day
                    let rules = core.settings.colourRules
                    Render.record(try core.read { try LedgerQueries.line(id, day: day, actor: actor, rules: rules, $0) }, invocation)
                }
            },
            Command("attachment", summary: "write an evidence file to disk", examples: ["anwei responsibilities ledger attachment 3a7b… --output 进展.pdf"],
                    options: [.value("output", "FILE", help: "where to write it [required]")], arguments: [ArgumentSpec("sha256", help: "the file's SHA-256")]) { invocation in
                try env.run(invocation) { core, actor in
                    let output = try invocation.require("output")
                    let file = try core.read { try AttachmentStore.content(invocation.argument("sha256") ?? "", actor: actor, $0) }
                    try OutputFile.write(file.bytes, to: output)
                    invocation.output.line("wrote \(file.bytes.count) bytes of \(file.fileName) to \(output)")
                }
            },
        ] + LineAction.allCases.map { ActionCommands.command($0, env) }
        return Command("ledger", summary: "the task ledger (台账): lines, history, 签收 / 进展 / 完成 / 办结 / 退回", subcommands: commands)
    }
}
