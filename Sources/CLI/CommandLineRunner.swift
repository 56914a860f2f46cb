// Running a command line against a command tree: help, usage errors, binding, and the exit code.

public enum CommandLineRunner {
    /// Runs `arguments` (without the program name) against the tree under `root` and returns the
    /// exit code. `--help`/`-h` anywhere, or `help <path...>` first, prints that node's help to
    /// stdout (0); a usage error prints "error: …" and a hint to stderr (2); a group without a
    /// subcommand prints its help to stderr (2); a thrown `CommandError` returns its code and any
    /// other error 1. Never exits the process.
    public static func run(_ root: Command, arguments: [String], output: Output, environment: [String: String]) -> Int32 {
        if arguments.first == "help" { return help(root, path: Array(arguments.dropFirst()), output: output) }
        let line = CommandLineParser.parse(root, arguments)
        if line.helpRequested {
            output.writeOut(HelpText.render(line.chain))
            return ExitCode.success.rawValue
        }
        if let error = line.error { return usageError(error.message, chain: error.chain, output: output) }
        guard let run = line.chain.node.run else {
            output.writeErr(HelpText.render(line.chain))
            return ExitCode.usage.rawValue
        }
        let arguments: [String: [String]]
        do {
            arguments = try line.boundArguments()
        } catch {
            return usageError(String(describing: error), chain: line.chain, output: output)
        }
        let invocation = Invocation(path: line.chain.path, arguments: arguments,
                                    options: line.resolvedOptions(environment: environment), output: output)
        do {
            try run(invocation)
            return ExitCode.success.rawValue
        } catch let error as CommandError {
            if error.code == .usage { return usageError(error.message, chain: line.chain, output: output) }
            output.error("error: \(error.message)")
            return error.code.rawValue
        } catch {
            output.error("error: \(String(describing: error))")
            return ExitCode.failure.rawValue
        }
    }

    /// `help org units list`: the help of that node, or a usage error for a name that is not there.
    static func help(_ root: Command, path: [String], output: Output) -> Int32 {
        var chain = CommandChain(root: root)
        for name in path where !name.hasPrefix("-") {
            guard let command = chain.subcommand(named: name) else {
                return usageError(chain.unknownCommandMessage(name), chain: chain, output: output)
            }
            chain.descend(into: command)
        }
        output.writeOut(HelpText.render(chain))
        return ExitCode.success.rawValue
    }

    static func usageError(_ message: String, chain: CommandChain, output: Output) -> Int32 {
        output.error("error: \(message)")
        output.error(chain.helpHint)
        return ExitCode.usage.rawValue
    }
}
