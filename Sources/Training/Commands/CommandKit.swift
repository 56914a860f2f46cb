// Building blocks of `anwei training ...`: list, show, add and action commands that call the
// service exactly as the HTTP routes do.
import CLI
import Kernel

struct CommandKit {
    let environment: CommandEnvironment
    let service: TrainingService

    /// `enterprise_id` → `--enterprise`, `class_hours` → `--class-hours`.
    static func option(_ field: String) -> String {
        (field.hasSuffix("_id") ? String(field.dropLast(3)) : field).replacingOccurrences(of: "_", with: "-")
    }

    static func input(_ invocation: Invocation, _ fields: [String]) -> Input {
        var values: [String: String] = [:]
        for field in fields { if let value = invocation.value(option(field)) { values[field] = value } }
        return Input(values)
    }

    static func options(_ fields: [String], help: [String: String] = [:]) -> [OptionSpec] {
        fields.map { field in .value(option(field), field.hasSuffix("_id") ? "ID" : field.hasSuffix("_on") || field.hasSuffix("_since") || field == "valid_to" || field == "reviewed_for" ? "YYYY-MM-DD" : option(field).uppercased(),
                                     help: help[field] ?? field.replacingOccurrences(of: "_", with: " ")) }
    }

    func run(_ invocation: Invocation, _ body: (Core, Actor) throws -> Void) throws {
        try withDomainErrors {
            let core = try environment.core(invocation)
            let actor = try environment.actor(invocation, core)
            try body(core, actor)
            environment.deliverEvents(core)
        }
    }

    func list(_ name: String = "list", summary: String, filters: [String], columns: [String], example: String,
              _ fetch: @escaping @Sendable (TrainingService, Input, String?, Int, Actor, Core, Connection) throws -> Page) -> Command {
        let kit = self
        return Command(name, summary: summary, examples: [example],
                       options: Self.options(filters) + [.value("limit", "N", help: "at most N rows (default: all)"),
                                                         .value("after", "CURSOR", help: "start after this cursor")]) { invocation in
            try kit.run(invocation) { core, actor in
                let input = Self.input(invocation, filters)
                let limit = try invocation.int("limit")
                if let limit, limit < 1 { throw CommandError.usage("--limit must be at least 1") }
                var items: [JSON] = []
                var after = invocation.value("after")
                repeat {
                    let want = min(200, limit.map { $0 - items.count } ?? 200)
                    let page = try core.read { db in try fetch(kit.service, input, after, want, actor, core, db) }
                    items += page.items
                    after = page.next
                } while after != nil && (limit.map { items.count < $0 } ?? true)
                Render.list(items, columns: columns, invocation)
            }
        }
    }

    func show(_ summary: String, example: String, _ fetch: @escaping @Sendable (TrainingService, Int64, Actor, Core, Connection) throws -> JSON) -> Command {
        let kit = self
        return Command("show", summary: summary, examples: [example], arguments: [ArgumentSpec("id", help: "its id")]) { invocation in
            try kit.run(invocation) { core, actor in
                let id = try Self.id(invocation)
                Render.record(try core.read { db in try fetch(kit.service, id, actor, core, db) }, invocation)
            }
        }
    }

    func add(_ summary: String, fields: [String], required: [String], example: String, help: [String: String] = [:],
             _ write: @escaping @Sendable (TrainingService, Input, WriteTransaction) throws -> JSON, done: @escaping @Sendable (JSON) -> String) -> Command {
        let kit = self
        return Command("add", summary: summary, discussion: "Required: " + required.map { "--" + Self.option($0) }.joined(separator: ", ") + ".",
                       examples: [example], options: Self.options(fields, help: help)) { invocation in
            try kit.run(invocation) { core, actor in
                let input = Self.input(invocation, fields)
                let record = try core.write(actor) { tx in try write(kit.service, input, tx) }
                Render.done(done(record), record, invocation)
            }
        }
    }

    func action(_ name: String, _ summary: String, fields: [String], example: String, help: [String: String] = [:],
                _ write: @escaping @Sendable (TrainingService, Int64, Input, WriteTransaction) throws -> JSON, done: @escaping @Sendable (JSON) -> String) -> Command {
        let kit = self
        return Command(name, summary: summary, examples: [example], options: Self.options(fields, help: help),
                       arguments: [ArgumentSpec("id", help: "its id")]) { invocation in
            try kit.run(invocation) { core, actor in
                let id = try Self.id(invocation)
                let input = Self.input(invocation, fields)
                let record = try core.write(actor) { tx in try write(kit.service, id, input, tx) }
                Render.done(done(record), record, invocation)
            }
        }
    }

    func importCommand(_ kind: ImportKind, noun: String) -> Command {
        let kit = self
        return Command("import", summary: "add \(kind.rawValue) from a CSV file, all or nothing",
                       discussion: "The first row names the columns: \(service.columns(kind).joined(separator: ", ")). Every row is checked; if any is bad, nothing is written and every bad row is reported with its line number.",
                       examples: ["anwei training \(noun) import \(kind.rawValue).csv", "cat \(kind.rawValue).csv | anwei training \(noun) import - --dry-run"],
                       options: [.flag("dry-run", help: "check every row and report, but write nothing")],
                       arguments: [ArgumentSpec("file", help: "a CSV file (UTF-8, with or without BOM), or - for standard input")]) { invocation in
            try kit.run(invocation) { core, actor in
                let text = try InputFile.readText(invocation.argument("file") ?? "-")
                do {
                    let created = try core.write(actor) { tx in try kit.service.importCSV(kind, text: text, dryRun: invocation.flag("dry-run"), tx) }
                    Render.done("imported \(created.count) \(kind.rawValue)", .object(["imported": .int(Int64(created.count)), "dry_run": false, "items": .array(created)]), invocation)
                } catch let dry as TrainingDryRun {
                    Render.done("would import \(dry.rows) \(kind.rawValue); nothing written", .object(["imported": 0, "dry_run": true, "rows": .int(Int64(dry.rows))]), invocation)
                }
            }
        }
    }

    static func id(_ invocation: Invocation) throws -> Int64 {
        let text = invocation.argument("id") ?? ""
        guard let id = Int64(text), id > 0 else { throw CommandError.usage("the id must be a positive whole number, got '\(text)'") }
        return id
    }
}
