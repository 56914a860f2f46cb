// Small helpers so each CLI command stays thin: open the core, act as `--as`, read the options by
// the route's contract, call the service, render.
import CLI
import Kernel

struct CommandKit {
    let env: CommandEnvironment

    /// A leaf whose body returns JSON; `columns` renders an array as a table.
    func leaf(_ name: String, _ summary: String, examples: [String] = [], options: [OptionSpec] = [], arguments: [ArgumentSpec] = [],
              columns: [String]? = nil, message: (@Sendable (JSON) -> String)? = nil,
              _ body: @escaping @Sendable (Invocation, Core, Actor) throws -> JSON) -> Command {
        Command(name, summary: summary, examples: examples, options: options, arguments: arguments) { invocation in
            try withDomainErrors {
                let core = try env.core(invocation)
                let actor = try env.actor(invocation, core)
                let result = try body(invocation, core, actor)
                env.deliverEvents(core)
                if let columns, case .array(let items) = result {
                    Render.list(items, columns: columns, invocation)
                } else if let message {
                    Render.done(message(result), result, invocation)
                } else {
                    Render.record(result, invocation)
                }
            }
        }
    }

    /// A paged list: `--limit`/`--after` like the route's `?limit=&after=`; the next page's cursor
    /// on stderr. `--csv` writes every matching row (CSV exports are not paged).
    func list(_ name: String, _ summary: String, examples: [String] = [], filters: Contract = .none, extra: [OptionSpec] = [], columns: [String],
              _ body: @escaping @Sendable (Invocation, Values, Paging?, Core, Actor) throws -> Page) -> Command {
        Command(name, summary: summary, examples: examples, options: filters.options + Paging.contract.options + extra) { invocation in
            try withDomainErrors {
                let core = try env.core(invocation)
                let actor = try env.actor(invocation, core)
                let paging = invocation.format == .csv ? nil : try Paging.read(invocation)
                let values = try core.read { try filters.values(invocation, $0) }
                let page = try body(invocation, values, paging, core, actor)
                Render.list(page.items, columns: columns, invocation)
                if let next = page.next, paging != nil { invocation.output.error("下一页 (next page): --after \(next)") }
            }
        }
    }
}
