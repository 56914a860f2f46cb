// Turning a parsed line into what a leaf command receives: positional arguments matched to their
// specs, and absent options filled from the environment or their defaults.

extension ParsedLine {
    /// Positional words by argument name, or a usage error naming what is missing or too much.
    func boundArguments() throws -> [String: [String]] {
        let specs = chain.node.arguments
        var bound: [String: [String]] = [:]
        var missing: [String] = []
        var index = 0
        for spec in specs {
            if spec.variadic {
                let rest = Array(positionals[index...])
                index = positionals.count
                if !rest.isEmpty { bound[spec.name] = rest } else if !spec.optional { missing.append(spec.name) }
            } else if index < positionals.count {
                bound[spec.name] = [positionals[index]]
                index += 1
            } else if !spec.optional {
                missing.append(spec.name)
            }
        }
        let name = chain.displayName
        if !missing.isEmpty {
            let noun = missing.count == 1 ? "argument" : "arguments"
            throw CommandError.usage("命令 '\(name)' 缺少参数 \(missing.joined(separator: "、")) (missing \(noun) \(missing.joined(separator: ", ")))")
        }
        if index < positionals.count {
            let extra = positionals[index...].map { "'\($0)'" }
            let noun = extra.count == 1 ? "argument" : "arguments"
            throw CommandError.usage("命令 '\(name)' 有多余的参数 \(extra.joined(separator: "、")) (unexpected \(noun))")
        }
        return bound
    }

    /// The options given, plus every accepted option that was absent but has a non-empty
    /// environment variable or a default. A flag's variable counts when it is 1, true, yes or on.
    func resolvedOptions(environment: [String: String]) -> [String: [String]] {
        var options = self.options
        for spec in chain.availableOptions where options[spec.name] == nil {
            if let variable = spec.environment, let text = environment[variable], !text.isEmpty {
                if case .flag = spec.kind {
                    if ["1", "true", "yes", "on"].contains(text.lowercased()) { options[spec.name] = ["true"] }
                    continue
                }
                options[spec.name] = [text]
            } else if let value = spec.defaultValue {
                if case .flag = spec.kind, value != "true" { continue }
                options[spec.name] = [value]
            }
        }
        return options
    }
}
