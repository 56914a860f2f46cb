// What every command of this module does with its input the same way: read a contract's options
// (names resolved in the database, the same errors as HTTP), read --limit/--after by the one
// paging rule, and print a page with the next cursor on stderr.
import CLI
import Kernel

enum CommandInput {
    /// The values of `contract` given as options (a reference by name is resolved in the database).
    static func values(_ contract: Contract, _ invocation: Invocation, _ core: Core) throws -> Values {
        if contract.needsDatabase { return try core.read { try contract.values(invocation, $0) } }
        return try contract.values(invocation, nil)
    }

    /// `--limit` (1–200, default 50) and `--after` as HTTP reads `?limit=&after=` (a bad one is a
    /// malformed request: exit 2). A CSV export is not paged: every matching row.
    static func paging(_ invocation: Invocation) throws -> (after: Int64?, limit: Int?) {
        if invocation.format == .csv { return (nil, nil) }
        let paging = try Paging.read(invocation)
        return (try paging.afterID(), paging.limit)
    }

    /// A page as a table, JSON or CSV; when there is more, the next cursor on stderr.
    static func page(_ page: Page, columns: [String], _ invocation: Invocation) {
        Render.list(page.items, columns: columns, invocation)
        if let next = page.next { invocation.output.error("next page: --after \(next)") }
    }

    /// A record id given as the argument `name`: a positive whole number.
    static func id(_ invocation: Invocation, _ what: String, argument name: String = "id") throws -> Int64 {
        let text = invocation.argument(name) ?? ""
        guard let id = Int64(text), id > 0 else { throw CommandError.usage("expected the id of a \(what) (a positive whole number), got '\(text)'") }
        return id
    }

    /// Runs `body` with the core and the acting user, errors as exit codes.
    static func run(_ env: CommandEnvironment, _ invocation: Invocation, _ body: (Core, Actor) throws -> Void) throws {
        try withDomainErrors {
            let core = try env.core(invocation)
            let actor = try env.actor(invocation, core)
            try body(core, actor)
        }
    }
}

extension CommandInput {
    /// The values of `contract` where the command builds some fields itself as JSON from its own
    /// options (e.g. `--item DUTY|BASIS` → `items`): those are read by the same reader, and a
    /// required one the command did not build is missing.
    static func values(_ contract: Contract, _ invocation: Invocation, _ core: Core, built: [String: JSON], from option: [String: String]) throws -> Values {
        let options = Contract(contract.fields.filter { option[$0.name] == nil })
        return try core.read { db in
            var errors: [FieldError] = []
            var values = Values()
            do {
                values = try options.values(invocation, db)
            } catch let error as DomainError where error.kind == .validation {
                errors += error.fieldErrors
            }
            for field in contract.fields {
                guard let flag = option[field.name] else { continue }
                guard let json = built[field.name] else {
                    if field.required { errors.append(FieldError(field.name, "required", "\(field.name) 为必填项，请用 --\(flag) 给出 (is required: give --\(flag))")) }
                    continue
                }
                switch FieldReader.registry.read(field, .json(json), db) {
                case .success(let value): values.set(field.name, value)
                case .failure(let error): errors.append(error)
                }
            }
            if !errors.isEmpty { throw DomainError.validation(errors) }
            return values
        }
    }
}
