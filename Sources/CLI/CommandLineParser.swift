// Reading the words of a command line: walking the subcommand path and collecting options and
// positional arguments. It records the first usage error instead of stopping, so that `--help`
// later on the line still wins.

/// A command line as read, before positional arguments are bound and defaults applied.
struct ParsedLine: Sendable {
    var chain: CommandChain
    var options: [String: [String]] = [:]
    var positionals: [String] = []
    var helpRequested = false
    /// The first usage error and the node it arose at.
    var error: (message: String, chain: CommandChain)?
}

struct CommandLineParser {
    private var line: ParsedLine
    private var words: ArraySlice<String>
    private var optionsEnded = false

    static func parse(_ root: Command, _ arguments: [String]) -> ParsedLine {
        var parser = CommandLineParser(line: ParsedLine(chain: CommandChain(root: root)), words: arguments[...])
        while let word = parser.words.popFirst() { parser.read(word) }
        return parser.line
    }

    private init(line: ParsedLine, words: ArraySlice<String>) {
        self.line = line
        self.words = words
    }

    private mutating func read(_ word: String) {
        if optionsEnded || !looksLikeOption(word) { return readPositional(word) }
        if word == "--" { optionsEnded = true; return }
        if word.hasPrefix("--") { return readLong(word) }
        readShort(word)
    }

    /// A lone "-" (stdin) and negative numbers are positional unless a short option claims them.
    private func looksLikeOption(_ word: String) -> Bool {
        guard word.hasPrefix("-"), word != "-" else { return false }
        let rest = word.dropFirst()
        guard let first = rest.first, first.isASCII, first.isNumber, Double(word) != nil else { return true }
        return rest.count == 1 && line.chain.option(short: first) != nil
    }

    private mutating func readPositional(_ word: String) {
        let chain = line.chain
        if line.positionals.isEmpty, let command = chain.subcommand(named: word) {
            return descend(into: command)
        }
        if !chain.node.subcommands.isEmpty, chain.node.run == nil {
            return fail(chain.unknownCommandMessage(word))
        }
        line.positionals.append(word)
    }

    private mutating func descend(into command: Command) {
        var next = line.chain
        next.descend(into: command)
        for name in line.options.keys.sorted() where next.option(named: name) == nil {
            fail("选项 --\(name) 属于 '\(line.chain.displayName)'，不适用于 '\(next.displayName)' (--\(name) applies to '\(line.chain.displayName)' only)")
        }
        line.chain = next
    }

    private mutating func readLong(_ word: String) {
        let body = word.dropFirst(2)
        let name: String, inline: String?
        if let equals = body.firstIndex(of: "=") {
            name = String(body[..<equals])
            inline = String(body[body.index(after: equals)...])
        } else {
            name = String(body)
            inline = nil
        }
        if let option = line.chain.option(named: name) { return accept(option, spelled: "--\(name)", inline: inline) }
        if name == "help" { line.helpRequested = true; return }
        unknownOption("--\(name)", bare: name)
    }

    private mutating func readShort(_ word: String) {
        let letters = word.dropFirst()
        if letters.count == 1, let letter = letters.first {
            if let option = line.chain.option(short: letter) { return accept(option, spelled: word, inline: nil) }
            if letter == "h" { line.helpRequested = true; return }
        }
        unknownOption(word, bare: String(letters))
    }

    private mutating func unknownOption(_ spelled: String, bare: String) {
        var message = "命令 '\(line.chain.displayName)' 没有选项 \(spelled)"
        let names = line.chain.availableOptions.map(\.name) + ["help"]
        if let close = suggestion(for: bare, among: names) { message += "；是否指 --\(close)？" }
        fail(message + " (unknown option)")
    }

    private mutating func accept(_ option: OptionSpec, spelled: String, inline: String?) {
        switch option.kind {
        case .flag:
            if let inline { return fail("选项 \(spelled) 是开关，不能带值，收到 '\(inline.prefix(40))' (\(spelled) is a flag and takes no value)") }
            line.options[option.name] = ["true"]
        case .value(let placeholder):
            guard let value = inline ?? takeValue() else { return missingValue(spelled, placeholder, long: option.name) }
            line.options[option.name] = [value]
        case .repeated(let placeholder):
            guard let value = inline ?? takeValue() else { return missingValue(spelled, placeholder, long: option.name) }
            line.options[option.name, default: []].append(value)
        }
    }

    /// The next word as an option's value, unless it is itself an option (or the line ended).
    private mutating func takeValue() -> String? {
        guard let next = words.first, !looksLikeOption(next) else { return nil }
        return words.popFirst()
    }

    private mutating func missingValue(_ spelled: String, _ placeholder: String, long name: String) {
        fail("选项 \(spelled) 缺少值，应写作 \(spelled) \(placeholder)（以 '-' 开头的值写作 --\(name)=VALUE） (\(spelled) needs a value)")
    }

    private mutating func fail(_ message: String) {
        if line.error == nil { line.error = (message, line.chain) }
    }
}
