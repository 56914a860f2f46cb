// Building blocks of `anwei training ...`: list, show, add and action commands built from the
// same declarations as the HTTP routes (TrainingOperations): the same contracts for their options,
// read by the same reader, and the same service calls.
import CLI
import Kernel

struct CommandKit {
    let environment: CommandEnvironment
    let service: TrainingService

    /// A list: one page (`--limit`, `--after`; the next cursor on stderr), or with `--csv` every matching row.
    func list(_ name: String = "list", summary: String, _ list: ListOperation, columns: [String], example: String) -> Command {
        let kit = self, filters = list.filters, fetch = list.fetch
        return Command(name, summary: summary, examples: [example], options: filters.options + Paging.contract.options) { invocation in
            try kit.environment.run(invocation) { core, actor in
                let paging = Paging(try Paging.contract.values(invocation, nil))
                let after = try paging.afterID()
                let page = try core.read { db -> Page in
                    let values = try filters.values(invocation, db)
                    if invocation.format == .csv {
                        return Page(items: try Pages.all { try fetch(kit.service, values, $0, Pages.step, actor, core, db) }, next: nil)
                    }
                    return try fetch(kit.service, values, after, paging.limit, actor, core, db)
                }
                Render.page(page, columns: columns, invocation)
            }
        }
    }

    func show(_ summary: String, _ fetch: @escaping ReadOperation, example: String) -> Command {
        let kit = self
        return Command("show", summary: summary, examples: [example], arguments: [ArgumentSpec("id", help: "its id")]) { invocation in
            try kit.environment.run(invocation) { core, actor in
                let id = try invocation.id()
                Render.record(try core.read { db in try fetch(kit.service, id, actor, core, db) }, invocation)
            }
        }
    }

    /// `show` taking the options of `view.params` (the same as the route's query).
    func show(_ summary: String, _ view: ViewOperation, example: String) -> Command {
        let kit = self, params = view.params, read = view.read
        return Command("show", summary: summary, examples: [example], options: params.options, arguments: [ArgumentSpec("id", help: "its id")]) { invocation in
            try kit.environment.run(invocation) { core, actor in
                let id = try invocation.id()
                Render.record(try core.read { db in try read(kit.service, id, try params.values(invocation, db), actor, core, db) }, invocation)
            }
        }
    }

    func add(_ summary: String, _ add: AddOperation, example: String, done: @escaping @Sendable (JSON) -> String) -> Command {
        let kit = self, contract = add.contract, write = add.write
        return Command("add", summary: summary, examples: [example], options: contract.options) { invocation in
            try kit.environment.run(invocation) { core, actor in
                let record = try core.write(actor) { tx in try write(kit.service, try contract.values(invocation, tx.db), tx) }
                Render.done(done(record), record, invocation)
            }
        }
    }

    func action(_ name: String, _ summary: String, _ action: ActionOperation, example: String, done: @escaping @Sendable (JSON) -> String) -> Command {
        let kit = self, contract = action.contract ?? .none, write = action.write
        return Command(name, summary: summary, examples: [example], options: contract.options, arguments: [ArgumentSpec("id", help: "its id")]) { invocation in
            try kit.environment.run(invocation) { core, actor in
                let id = try invocation.id()
                let record = try core.write(actor) { tx in try write(kit.service, id, try contract.values(invocation, tx.db), tx) }
                Render.done(done(record), record, invocation)
            }
        }
    }

    func importCommand(_ kind: ImportKind, noun: String) -> Command {
        let kit = self
        return Command("import", summary: "add \(kind.rawValue) from a CSV file, all or nothing",
                       discussion: "The first row names the columns: \(service.columns(kind).joined(separator: ", ")) (the options of `add`, with underscores). Every row is read as `add` reads its options; if any is bad, nothing is written and every bad row is reported with its line number and fields.",
                       examples: ["anwei training \(noun) import \(kind.rawValue).csv", "cat \(kind.rawValue).csv | anwei training \(noun) import - --dry-run"],
                       options: [.flag("dry-run", help: "check every row and report, but write nothing")],
                       arguments: [ArgumentSpec("file", help: "a CSV file (UTF-8, with or without BOM), or - for standard input")]) { invocation in
            try kit.environment.run(invocation) { core, actor in
                let text = try InputFile.readText(invocation.argument("file") ?? "-")
                // Rows done and the rate on a terminal (stderr), never with --json/--csv or when piped.
                let progress = Progress.forPeople(invocation.output, format: invocation.format, label: "导入 (import) \(kind.rawValue)", total: 0)
                do {
                    // The progress line ends before the result (or the error) is written.
                    let created = try Progress.finishing(progress) {
                        try core.write(actor) { tx in
                            try kit.service.importCSV(kind, text: text, dryRun: invocation.flag("dry-run"), progress: progress.map { bar in { bar.update($0, of: $1) } }, tx)
                        }
                    }
                    Render.done("imported \(created.count) \(kind.rawValue)", TrainingService.imported(created), invocation)
                } catch let dry as TrainingDryRun {
                    Render.done("would import \(dry.rows) \(kind.rawValue); nothing written", TrainingService.checked(dry), invocation)
                }
            }
        }
    }
}
