// `anwei responsibilities plan import|list|show`.
import CLI
import Foundation
import Kernel

enum PlanCommands {
    static func group(_ env: CommandEnvironment) -> Command {
        Command("plan", summary: "the annual work plan (工作要点): import (or revise), list, show, withdraw; 有关 units to designate (待明确)",
                subcommands: [importCommand(env), list(env), show(env), withdraw(env), toDesignate(env), designate(env)])
    }

    static func importCommand(_ env: CommandEnvironment) -> Command {
        Command("import", summary: "import a work plan from its text (UTF-8 or GB18030)",
                discussion: "Reads sections (一、), tasks ((一) or 1.), responsibility clauses (责任单位:…牵头,…分工负责) and deadlines (2月底前, 年底前, 每季度), matches every unit name to the registry, and creates the task ledger: one line per task × unit × due instance. Importing the same text for the same year again changes nothing. A name that matches no unit refuses the import (nothing is written); --dry-run shows everything first.",
                examples: ["anwei responsibilities plan import 2024工作要点.txt --year 2024 --dry-run", "anwei responsibilities plan import plan.txt --year 2024 --json"],
                options: PlanContracts.importOptions.options + [.flag("dry-run", help: "show what would be created and every warning; write nothing")],
                arguments: [ArgumentSpec("file", help: "the plan as a text file, or - for standard input")]) { invocation in
            // The file and the year are read before the database is opened.
            let file = invocation.argument("file") ?? "-"
            let bytes = try InputFile.readBytes(file)
            let year = try withDomainErrors { try PlanContracts.importOptions.values(invocation, nil) }.smallInt("year") ?? 0
            try env.run(invocation) { core, actor in
                let name = URL(fileURLWithPath: file).lastPathComponent
                let result = try PlanService.importPlan(bytes: bytes, year: year, sourceName: name, dryRun: invocation.flag("dry-run"), core: core, actor: actor)
                render(result, invocation)
                let unresolved = result.json["unresolved"]?.arrayValue ?? []
                if result.dryRun && result.planID == nil && !unresolved.isEmpty {
                    throw CommandError(.validation, "\(unresolved.count) 个单位名称在名录中找不到，导入将被拒绝 (\(unresolved.count) unit name(s) match nothing in the registry; the import would be refused)")
                }
            }
        }
    }

    static func render(_ result: PlanImportResult, _ invocation: Invocation) {
        if invocation.format == .json { invocation.output.line(result.json.pretty); return }
        let out = invocation.output
        let verb: String
        if result.dryRun && result.planID == nil {
            verb = "would create"
        } else if result.created {
            verb = "created"
        } else if result.revision != nil {
            verb = result.dryRun ? "would revise" : "revised"
        } else {
            verb = "already imported (nothing changed):"
        }
        out.line("\(verb) plan\(result.planID.map { " \($0)" } ?? ""): \(result.sectionCount) section(s), \(result.taskCount) task(s), \(result.lineCount) ledger line(s)")
        var rows: [[String]] = []
        for section in result.json["sections"]?.arrayValue ?? [] {
            for task in section["tasks"]?.arrayValue ?? [] {
                let clauses = task["clauses"]?.arrayValue ?? []
                let units = clauses.map { clause in
                    let list = clause["units"]?.arrayValue ?? []
                    let leads = list.filter { $0["role"]?.stringValue == "lead" }.map { Render.cell($0["name"]) }
                    return "牵头 \(leads.joined(separator: "、")) + \(list.count - leads.count)"
                }.joined(separator: " | ")
                let deadlines = (task["deadlines"]?.arrayValue ?? []).map { Render.cell($0["phrase"]) + ($0["due"]?.stringValue.map { "→\($0)" } ?? "") }
                rows.append([Render.cell(section["number"]), Render.cell(task["number"]), Render.cell(task["title"]), String(clauses.count), units,
                             deadlines.joined(separator: "; "), Render.cell(task["ledger_lines"])])
            }
        }
        out.table(columns: ["section", "task", "title", "clauses", "units", "deadlines", "lines"], rows: rows)
        for warning in result.json["warnings"]?.arrayValue ?? [] { out.line("warning: 第\(Render.cell(warning["line"]))行: \(Render.cell(warning["message"]))") }
        for note in result.json["notes"]?.arrayValue ?? [] { out.line("note: 第\(Render.cell(note["line"]))行: \(Render.cell(note["message"]))") }
        for name in result.json["unresolved"]?.arrayValue ?? [] { out.line("unknown unit: 第\(Render.cell(name["line"]))行: \(Render.cell(name["text"]))") }
        if let revision = result.revision {
            out.line("修订 (revision \(Render.cell(revision["from_revision"])) → \(Render.cell(revision["to_revision"]))): 台账新增\(Render.cell(revision["lines_added"]))条, 撤销\(Render.cell(revision["lines_withdrawn"]))条, 保留\(Render.cell(revision["lines_kept"]))条; 未变任务\(Render.cell(revision["tasks_unchanged"]))项")
            for task in revision["tasks_added"]?.arrayValue ?? [] {
                out.line("+ 新增任务 \(Render.cell(task["number"])) \(Render.cell(task["title"])): 台账\(Render.cell(task["ledger_lines"]))条")
            }
            for task in revision["tasks_withdrawn"]?.arrayValue ?? [] {
                out.line("- 撤销任务 \(Render.cell(task["number"])) \(Render.cell(task["title"])): 台账\(Render.cell(task["ledger_lines"]))条撤销(保留历史)")
            }
            for task in revision["tasks_changed"]?.arrayValue ?? [] {
                out.line("~ 变更任务 \(Render.cell(task["number"])) \(Render.cell(task["title"])): +\(Render.cell(task["lines_added"])) -\(Render.cell(task["lines_withdrawn"])) =\(Render.cell(task["lines_kept"]))")
            }
        }
    }

    static func withdraw(_ env: CommandEnvironment) -> Command {
        Command("withdraw", summary: "withdraw a whole plan (撤销): its tasks and lines kept with their history, out of colours and the assessment",
                examples: ["anwei responsibilities plan withdraw 1 --reason 误导入了征求意见稿"],
                options: PlanContracts.withdrawBody.options, arguments: [ArgumentSpec("id", help: "the plan id")]) { invocation in
            try env.run(invocation) { core, actor in
                let id = try invocation.id()
                let reason = try PlanContracts.withdrawBody.values(invocation, in: core).text("reason") ?? ""
                let plan = try core.write(actor) { tx in try PlanService.withdraw(id, reason: reason, tx) }
                Render.done("已撤销计划\(id) (withdrawn): \(reason)", plan, invocation)
            }
        }
    }

    static func toDesignate(_ env: CommandEnvironment) -> Command {
        Command("to-designate", summary: "assignments to 有关 units (区安委会有关成员单位, 有关部门 …) the office designates (待明确)",
                examples: ["anwei responsibilities plan to-designate --status pending"], options: PlanContracts.designationFilter.options) { invocation in
            try env.run(invocation) { core, actor in
                let status = try PlanContracts.designationFilter.values(invocation, in: core).text("status")
                let items = try core.read { try DesignationService.list(status: status, actor: actor, $0) }
                Render.list(items, columns: ["id", "task_number", "task_title", "phrase", "role", "status", "since", "designated_on"], invocation)
            }
        }
    }

    static func designate(_ env: CommandEnvironment) -> Command {
        Command("designate", summary: "designate the units of a 有关 clause (明确有关单位): their lines for the periods not yet ended; once only",
                examples: ["anwei responsibilities plan designate 3 --units 区住建局 --units 区交通运输局", "anwei responsibilities plan designate 3 --territories 东城镇"],
                options: PlanContracts.designateBody.options, arguments: [ArgumentSpec("id", help: "the assignment's id (plan to-designate)")]) { invocation in
            try env.run(invocation) { core, actor in
                let id = try invocation.id()
                let input = DesignationInput(try PlanContracts.designateBody.values(invocation, in: core))
                let result = try core.write(actor) { tx in try DesignationService.designate(id, input, tx) }
                let names = (result["units"]?.arrayValue ?? []).map { Render.cell($0["name"]) }.joined(separator: "、")
                Render.done("已明确“\(Render.cell(result["phrase"]))”为\(names),生成台账\(Render.cell(result["ledger_lines_created"]))条", result, invocation)
            }
        }
    }

    static func list(_ env: CommandEnvironment) -> Command {
        Command("list", summary: "list imported plans", examples: ["anwei responsibilities plan list"], options: Paging.contract.options) { invocation in
            try env.run(invocation) { core, actor in
                try LedgerScope.requireReader(actor)
                let (after, limit) = try CommandInput.paging(invocation)
                let page = try core.read { try PlanStore.plans(after: after, limit: limit, $0) }
                Render.page(page, columns: ["id", "year", "title", "import_date", "task_count", "ledger_line_count"], invocation)
            }
        }
    }

    static func show(_ env: CommandEnvironment) -> Command {
        Command("show", summary: "show a plan: sections, tasks, clauses and their units", examples: ["anwei responsibilities plan show 1 --json"],
                arguments: [ArgumentSpec("id", help: "the plan id")]) { invocation in
            try env.run(invocation) { core, actor in
                try LedgerScope.requireReader(actor)
                let id = try invocation.id()
                let plan = try core.read { try PlanStore.plan(id, $0) }
                if invocation.format == .json { invocation.output.line(plan.pretty); return }
                invocation.output.line("\(Render.cell(plan["title"])) (\(Render.cell(plan["year"]))), imported \(Render.cell(plan["import_date"]))")
                var rows: [[String]] = []
                for section in plan["sections"]?.arrayValue ?? [] {
                    for task in section["tasks"]?.arrayValue ?? [] {
                        for clause in task["clauses"]?.arrayValue ?? [] {
                            let units = clause["units"]?.arrayValue ?? []
                            let leads = units.filter { $0["role"]?.stringValue == "lead" }.map { Render.cell($0["name"]) }
                            rows.append([Render.cell(task["id"]), Render.cell(task["number"]), Render.cell(task["title"]), Render.cell(clause["line"]),
                                         leads.joined(separator: "、"), String(units.count - leads.count)])
                        }
                    }
                }
                invocation.output.table(columns: ["task_id", "number", "title", "line", "lead", "others"], rows: rows)
            }
        }
    }
}
