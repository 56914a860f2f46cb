// `anwei org <kind> add|list|show|update|import` for any schema-described record type.
import CLI

public enum RecordCommands {
    /// The command group for one record type.
    public static func group(_ schema: EntitySchema, store: RecordStore, environment: CommandEnvironment, prefix: String) -> Command {
        Command(schema.plural, summary: "\(schema.label) (\(schema.plural)): add, list, show, update, import",
                subcommands: [add(schema, store, environment, prefix), list(schema, store, environment, prefix),
                               show(schema, store, environment, prefix), update(schema, store, environment, prefix),
                               importCommand(schema, store, environment, prefix)])
    }

    static func fieldOptions(_ schema: EntitySchema) -> [OptionSpec] {
        schema.fields.map { field in
            var help = field.label
            if !field.help.isEmpty { help += ": " + field.help }
            if case .choice(let choices) = field.type { help += " (" + choices.map(\.code).joined(separator: "|") + ")" }
            if field.isReference { help += " (id or name)" }
            if field.required { help += " [required]" }
            return .value(field.optionName, placeholder(field), help: help)
        }
    }

    static func placeholder(_ field: FieldSpec) -> String {
        switch field.type {
        case .date: return "YYYY-MM-DD"
        case .boolean: return "true|false"
        case .reference: return "ID|NAME"
        case .integer: return "N"
        default: return field.optionName.uppercased().replacingOccurrences(of: "-", with: "_")
        }
    }

    static func given(_ schema: EntitySchema, _ invocation: Invocation) -> [String: GivenValue] {
        var given: [String: GivenValue] = [:]
        for field in schema.fields {
            if let value = invocation.value(field.optionName) { given[field.name] = .text(value) }
        }
        return given
    }

    static func add(_ schema: EntitySchema, _ store: RecordStore, _ env: CommandEnvironment, _ prefix: String) -> Command {
        let example = schema.fields.filter(\.required).map { "--\($0.optionName) \(placeholder($0))" }.joined(separator: " ")
        return Command("add", summary: "add a \(schema.label)", examples: ["\(prefix) \(schema.plural) add \(example)"],
                       options: fieldOptions(schema)) { invocation in
            try withDomainErrors {
                let core = try env.core(invocation)
                let actor = try env.actor(invocation, core)
                let record = try core.write(actor) { tx in try store.create(schema, given(schema, invocation), tx) }
                env.deliverEvents(core)
                Render.done("created \(schema.name) \(Render.cell(record["id"])): \(Render.cell(record[schema.nameField]))", record, invocation)
            }
        }
    }

    static func list(_ schema: EntitySchema, _ store: RecordStore, _ env: CommandEnvironment, _ prefix: String) -> Command {
        var options: [OptionSpec] = schema.fields.filter(\.filterable).map { .value($0.optionName, placeholder($0), help: "only those with this \($0.label)") }
        options += [.value("q", "TEXT", help: "only those whose \(schema.searchFields.joined(separator: "/")) contains TEXT"),
                    .value("limit", "N", help: "at most N rows (default: all)"),
                    .value("after", "CURSOR", help: "start after this cursor (from --json paging)")]
        return Command("list", summary: "list \(schema.label)", examples: ["\(prefix) \(schema.plural) list", "\(prefix) \(schema.plural) list --json"],
                       options: options) { invocation in
            try withDomainErrors {
                let core = try env.core(invocation)
                let actor = try env.actor(invocation, core)
                var filters: [String: GivenValue] = [:]
                for field in schema.fields where field.filterable {
                    if let value = invocation.value(field.optionName) { filters[field.name] = .text(value) }
                }
                let limit = try invocation.int("limit")
                if let limit, limit < 1 { throw CommandError.usage("--limit must be at least 1") }
                var items: [JSON] = []
                var after = invocation.value("after")
                repeat {
                    let page = try core.read { db in
                        try store.list(schema, ListQuery(filters: filters, text: invocation.value("q"), after: after, limit: min(500, limit.map { $0 - items.count } ?? 500)), actor: actor, db)
                    }
                    items += page.items
                    after = page.next
                } while after != nil && (limit == nil || items.count < limit!)
                Render.list(items, columns: schema.listColumns, invocation)
            }
        }
    }

    static func resolveID(_ schema: EntitySchema, _ store: RecordStore, _ text: String, _ core: Core) throws -> Int64 {
        if let id = Int64(text) { return id }
        guard let id = try core.read({ try store.resolveName(schema, text, $0) }) else {
            throw DomainError.notFound(schema.label, text)
        }
        return id
    }

    static func show(_ schema: EntitySchema, _ store: RecordStore, _ env: CommandEnvironment, _ prefix: String) -> Command {
        Command("show", summary: "show one \(schema.label)", examples: ["\(prefix) \(schema.plural) show 1"],
                arguments: [ArgumentSpec("id", help: "its id (or its name)")]) { invocation in
            try withDomainErrors {
                let core = try env.core(invocation)
                let actor = try env.actor(invocation, core)
                let id = try resolveID(schema, store, invocation.argument("id") ?? "", core)
                let record = try core.read { try store.get(schema, id: id, actor: actor, $0) }
                Render.record(record, invocation)
            }
        }
    }

    static func update(_ schema: EntitySchema, _ store: RecordStore, _ env: CommandEnvironment, _ prefix: String) -> Command {
        Command("update", summary: "change fields of one \(schema.label)",
                examples: ["\(prefix) \(schema.plural) update 1 --\(schema.fields[0].optionName) \(placeholder(schema.fields[0]))"],
                options: fieldOptions(schema) + [.value("if-version", "N", help: "only if the record is still at version N")],
                arguments: [ArgumentSpec("id", help: "its id (or its name)")]) { invocation in
            try withDomainErrors {
                let core = try env.core(invocation)
                let actor = try env.actor(invocation, core)
                let id = try resolveID(schema, store, invocation.argument("id") ?? "", core)
                let changes = given(schema, invocation)
                if changes.isEmpty { throw CommandError.usage("nothing to change: give at least one field option, e.g. --\(schema.fields[0].optionName)") }
                let version = try invocation.int("if-version").map(Int64.init)
                let record = try core.write(actor) { tx in try store.update(schema, id: id, changes, ifVersion: version, tx) }
                env.deliverEvents(core)
                Render.done("updated \(schema.name) \(id) (version \(Render.cell(record["version"])))", record, invocation)
            }
        }
    }

    static func importCommand(_ schema: EntitySchema, _ store: RecordStore, _ env: CommandEnvironment, _ prefix: String) -> Command {
        Command("import", summary: "add \(schema.label) from a CSV file, all or nothing",
                discussion: "The first row names the columns (API names such as \(schema.fields.prefix(3).map(\.name).joined(separator: ", ")), or the Chinese labels). Every row is checked first; if any is bad, nothing is written and every bad row is reported with its line number.",
                examples: ["\(prefix) \(schema.plural) import \(schema.plural).csv", "cat \(schema.plural).csv | \(prefix) \(schema.plural) import - --dry-run"],
                options: [.flag("dry-run", help: "check every row and report, but write nothing")],
                arguments: [ArgumentSpec("file", help: "a CSV file (UTF-8, with or without BOM), or - for standard input")]) { invocation in
            try withDomainErrors {
                let text = try InputFile.readText(invocation.argument("file") ?? "-")
                let core = try env.core(invocation)
                let actor = try env.actor(invocation, core)
                let dryRun = invocation.flag("dry-run")
                let result: ImportResult
                do {
                    result = try core.write(actor) { tx in try store.importCSV(schema, text: text, dryRun: dryRun, tx) }
                } catch let finished as DryRunFinished {
                    result = finished.result
                }
                env.deliverEvents(core)
                let verb = result.dryRun ? "would import" : "imported"
                Render.done("\(verb) \(result.rows) \(schema.plural)", .object(["imported": .int(Int64(result.dryRun ? 0 : result.rows)), "dry_run": .bool(result.dryRun), "items": .array(result.created)]), invocation)
            }
        }
    }
}
