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

    /// The options of a create or update: the schema's fields, by the one contract. An update changes
    /// the fields it names, so none of its options is required (its help must not say so).
    static func fieldOptions(_ schema: EntitySchema, update: Bool = false) -> [OptionSpec] {
        Contract(schema.fields.map { field in
            var described = field
            described.help = field.label + (field.help.isEmpty ? "" : ": " + field.help) + (field.isReference ? " (id or name)" : "")
            if update { described.required = false }
            return described
        }).options
    }

    static func placeholder(_ field: FieldSpec) -> String { field.placeholder }

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
        let filters = schema.filters
        return Command("list", summary: "list \(schema.label) (a page of 50 by default; --csv exports every row)",
                       examples: ["\(prefix) \(schema.plural) list", "\(prefix) \(schema.plural) list --json --limit 200"],
                       options: filters.options + Paging.contract.options) { invocation in
            try withDomainErrors {
                let core = try env.core(invocation)
                let actor = try env.actor(invocation, core)
                let paging = try Paging.read(invocation)
                let page = try core.read { db -> Page in
                    let values = try filters.values(invocation, db)
                    var given: [String: GivenValue] = [:]
                    for (name, value) in values.fields where name != "q" {
                        if case .cleared = value { continue }
                        given[name] = .checked(value)
                    }
                    let all = invocation.format == .csv
                    return try store.list(schema, ListQuery(filters: given, text: values.text("q"), after: all ? nil : paging.after,
                                                            limit: all ? Int(Int32.max) : paging.limit), actor: actor, db)
                }
                Render.list(page.items, columns: schema.listColumns, invocation)
                Render.nextPage(page.next, invocation)
            }
        }
    }

    static func resolveID(_ schema: EntitySchema, _ store: RecordStore, _ text: String, _ core: Core) throws -> Int64 {
        if let id = Int64(text) { return id }
        guard let id = try core.read({ try store.resolveName(schema, text, $0) }) else {
            throw DomainError.notFound(schema.label, schema.name, text)
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
                options: fieldOptions(schema, update: true) + [.value("if-version", "N", help: "only if the record is still at version N")],
                arguments: [ArgumentSpec("id", help: "its id (or its name)")]) { invocation in
            try withDomainErrors {
                let core = try env.core(invocation)
                let actor = try env.actor(invocation, core)
                let id = try resolveID(schema, store, invocation.argument("id") ?? "", core)
                let changes = given(schema, invocation)
                if changes.isEmpty { throw CommandError.usage("没有要修改的内容：请至少给出一个字段选项，例如 --\(schema.fields[0].optionName) (nothing to change: give at least one field option)") }
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
                // Rows done and the rate on a terminal (stderr), never with --json/--csv or when piped.
                let progress = Progress.forPeople(invocation.output, format: invocation.format, label: "导入 (import) \(schema.plural)", total: 0)
                do {
                    // The progress line ends before the result (or the error) is written.
                    result = try Progress.finishing(progress) {
                        try core.write(actor) { tx in
                            try store.importCSV(schema, text: text, dryRun: dryRun, progress: progress.map { bar in { bar.update($0, of: $1) } }, tx)
                        }
                    }
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
