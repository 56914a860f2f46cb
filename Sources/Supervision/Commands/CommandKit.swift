// Small helpers so each CLI command stays thin: open the core, act as `--as`, turn options into
// the same field map the HTTP API takes, call the service, render.
import CLI
import Kernel

struct CommandKit {
    let env: CommandEnvironment

    /// A leaf whose body returns JSON; `list` renders arrays as tables with `columns`.
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

    /// Options → fields: `--territory-ids a,b` → "territory_ids": "a,b"; repeated options → arrays.
    static func fields(_ invocation: Invocation, _ names: [String], repeated: Set<String> = []) -> [String: JSON] {
        var map: [String: JSON] = [:]
        for name in names {
            let key = name.replacingOccurrences(of: "-", with: "_")
            if repeated.contains(name) {
                let values = invocation.values(name)
                if !values.isEmpty { map[key] = JSON(values) }
            } else if let value = invocation.value(name) {
                map[key] = .string(value)
            }
        }
        return map
    }

    /// A required positional id.
    static func id(_ invocation: Invocation, _ name: String = "id") throws -> Int64 {
        guard let text = invocation.argument(name), let id = Int64(text), id > 0 else {
            throw CommandError.usage("\(name) must be a positive id, got '\(invocation.argument(name) ?? "")'")
        }
        return id
    }

    /// `--body FILE|-`: a JSON object with the fields (for nested input such as findings or checklist items).
    static func body(_ invocation: Invocation) throws -> [String: JSON] {
        guard let path = invocation.value("body") else { return [:] }
        let text = try InputFile.readText(path)
        guard case .object(let members)? = try? JSONParser.parse(text) else { throw CommandError(.validation, "--body must hold a JSON object") }
        var map: [String: JSON] = [:]
        for member in members { map[member.key] = member.value }
        return map
    }

    static let bodyOption = OptionSpec.value("body", "FILE", help: "a JSON file (or - for stdin) with the fields, as the HTTP API takes them")
}
