// The help of one node of the command tree: usage, summary, discussion, commands, arguments,
// options (inherited globals included) and examples, aligned by display width.

enum HelpText {
    static func render(_ chain: CommandChain) -> String {
        let node = chain.node
        var sections = [usage(chain)]
        if !node.summary.isEmpty { sections.append(node.summary) }
        if !node.discussion.isEmpty { sections.append(node.discussion) }
        if !node.subcommands.isEmpty {
            sections.append("Commands:\n" + twoColumns(node.subcommands.map { ($0.name, $0.summary) }))
        }
        if !node.arguments.isEmpty {
            sections.append("Arguments:\n" + twoColumns(node.arguments.map { (argumentLabel($0), $0.help) }))
        }
        let options = chain.availableOptions + [helpOption]
        sections.append("Options:\n" + twoColumns(options.map { (optionLabel($0), optionHelp($0)) }))
        if !node.examples.isEmpty {
            sections.append("Examples:\n" + node.examples.map { "  " + $0 }.joined(separator: "\n"))
        }
        if !node.subcommands.isEmpty {
            sections.append("Run '\(chain.displayName) <command> --help' for more about a command.")
        }
        return sections.joined(separator: "\n\n") + "\n"
    }

    static let helpOption = OptionSpec.flag("help", short: "h", help: "Show this help")

    static func usage(_ chain: CommandChain) -> String {
        let node = chain.node
        var forms: [String] = []
        if !node.subcommands.isEmpty { forms.append("\(chain.displayName) <command> [options]") }
        if node.run != nil || node.subcommands.isEmpty {
            let arguments = node.arguments.map(argumentUsage)
            forms.append(([chain.displayName, "[options]"] + arguments).joined(separator: " "))
        }
        return "Usage: " + forms.joined(separator: "\n       ")
    }

    /// FILE, [FILE], FILE... or [FILE...].
    static func argumentUsage(_ spec: ArgumentSpec) -> String {
        let name = spec.variadic ? spec.name + "..." : spec.name
        return spec.optional ? "[\(name)]" : name
    }

    static func argumentLabel(_ spec: ArgumentSpec) -> String {
        spec.variadic ? spec.name + "..." : spec.name
    }

    /// "-u, --unit NAME" or "    --db PATH" (the gap keeps long names in one column).
    static func optionLabel(_ spec: OptionSpec) -> String {
        var label = spec.short.map { "-\($0), " } ?? "    "
        label += "--" + spec.name
        switch spec.kind {
        case .flag: break
        case .value(let placeholder), .repeated(let placeholder): label += " " + placeholder
        }
        return label
    }

    static func optionHelp(_ spec: OptionSpec) -> String {
        var notes: [String] = []
        if case .repeated = spec.kind { notes.append("[repeatable]") }
        if let variable = spec.environment { notes.append("[env: \(variable)]") }
        if let value = spec.defaultValue { notes.append("[default: \(value)]") }
        return ([spec.help] + notes).filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// Indented rows whose second column starts at the same display column.
    static func twoColumns(_ rows: [(String, String)]) -> String {
        let width = rows.map { displayWidth($0.0) }.max() ?? 0
        return rows.map { row in
            trimmingTrailingSpaces("  " + pad(row.0, to: width) + "  " + row.1)
        }.joined(separator: "\n")
    }
}
