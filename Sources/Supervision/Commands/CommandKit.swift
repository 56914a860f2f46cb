// Small helpers so each CLI command stays thin: the kernel's frame (core, `--as`, exit codes,
// events delivered after), the route's contract read from the options, the service, the render.
import CLI
import Kernel

struct CommandKit {
    let env: CommandEnvironment

    /// A leaf whose body returns JSON; `columns` renders an array as a table.
    func leaf(_ name: String, _ summary: String, examples: [String] = [], options: [OptionSpec] = [], arguments: [ArgumentSpec] = [],
              columns: [String]? = nil, message: (@Sendable (JSON) -> String)? = nil,
              _ body: @escaping @Sendable (Invocation, Core, Actor) throws -> JSON) -> Command {
        Command(name, summary: summary, examples: examples, options: options, arguments: arguments) { invocation in
            var result = JSON.null
            try env.run(invocation) { core, actor in result = try body(invocation, core, actor) }
            if let columns, case .array(let items) = result {
                Render.list(items, columns: columns, invocation)
            } else if let message {
                Render.done(message(result), result, invocation)
            } else {
                Render.record(result, invocation)
            }
        }
    }

    /// A paged list: `--limit`/`--after` like the route's `?limit=&after=`; the next page's cursor
    /// on stderr. `--csv` writes every matching row (CSV exports are not paged).
    func list(_ name: String, _ summary: String, examples: [String] = [], filters: Contract = .none, columns: [String],
              _ body: @escaping @Sendable (Values, Paging?, Core, Actor) throws -> Page) -> Command {
        Command(name, summary: summary, examples: examples, options: filters.options + Paging.contract.options) { invocation in
            try env.run(invocation) { core, actor in
                let paging = invocation.format == .csv ? nil : try Paging.read(invocation)
                let values = try filters.values(invocation, in: core)
                Render.page(try body(values, paging, core, actor), columns: columns, invocation)
            }
        }
    }
}
