// A path from the root command to the node being run, and what that node accepts.

struct CommandChain: Sendable {
    /// The root first, the selected node last; never empty.
    private(set) var commands: [Command]

    init(root: Command) { commands = [root] }

    var node: Command { commands[commands.count - 1] }
    /// The path without the program name, e.g. ["org", "units", "list"].
    var path: [String] { commands.dropFirst().map(\.name) }
    /// How the user spells this node, e.g. "anwei org units list".
    var displayName: String { commands.map(\.name).joined(separator: " ") }
    var helpHint: String { "运行 '\(displayName) --help' 查看用法 (for usage)" }

    mutating func descend(into command: Command) { commands.append(command) }

    func subcommand(named name: String) -> Command? {
        node.subcommands.first { $0.name == name }
    }

    /// The node's own options, then the global options of its ancestors, nearest first; a name
    /// declared nearer hides the same name further up.
    var availableOptions: [OptionSpec] {
        var result = node.options
        for ancestor in commands.dropLast().reversed() {
            for option in ancestor.options where option.global && !result.contains(where: { $0.name == option.name }) {
                result.append(option)
            }
        }
        return result
    }

    /// The global options declared by ancestors that the node does not redeclare.
    var inheritedOptions: [OptionSpec] {
        let own = Set(node.options.map(\.name))
        return availableOptions.filter { !own.contains($0.name) }
    }

    /// "命令 'anwei org' 没有子命令 'unitz'（可用的子命令：units, people）；是否指 'units'？ (unknown command)"
    func unknownCommandMessage(_ word: String) -> String {
        let names = node.subcommands.map(\.name)
        var message = "命令 '\(displayName)' 没有子命令 '\(word)'"
        if !names.isEmpty { message += "（可用的子命令：\(names.joined(separator: ", "))）" }
        if let close = suggestion(for: word, among: names) { message += "；是否指 '\(close)'？" }
        return message + " (unknown command)"
    }

    func option(named name: String) -> OptionSpec? {
        availableOptions.first { $0.name == name }
    }

    func option(short: Character) -> OptionSpec? {
        availableOptions.first { $0.short == short }
    }
}
