// The command tree: `anwei <module> <noun> <verb> [args] [--flags]`, modelled on git and gh.
// Generic: the CLI module knows nothing of Anwei's domain.

/// Exit codes of every `anwei` command (Docs/cli.md).
public enum ExitCode: Int32, Sendable {
    case success = 0
    case failure = 1
    case usage = 2
    case notFound = 3
    case conflict = 4
    case validation = 5
}

/// An error a command reports: one clear line on stderr, and its exit code.
public struct CommandError: Error, Sendable, CustomStringConvertible {
    public var code: ExitCode
    public var message: String
    public init(_ code: ExitCode, _ message: String) {
        self.code = code
        self.message = message
    }
    public var description: String { message }
    public static func usage(_ message: String) -> CommandError { CommandError(.usage, message) }
}

/// An option such as `--db PATH`, `--json` or `--unit 区发改局` (repeatable where said).
public struct OptionSpec: Sendable {
    public enum Kind: Sendable {
        case flag
        case value(placeholder: String)
        case repeated(placeholder: String)
    }
    public var name: String
    public var short: Character?
    public var kind: Kind
    public var help: String
    /// An environment variable that supplies the value when the option is absent (e.g. ANWEI_DB).
    public var environment: String?
    public var defaultValue: String?
    /// Inherited by every subcommand (e.g. --db, --as, --json).
    public var global: Bool

    public init(_ name: String, short: Character? = nil, kind: Kind = .flag, help: String,
                environment: String? = nil, defaultValue: String? = nil, global: Bool = false) {
        self.name = name
        self.short = short
        self.kind = kind
        self.help = help
        self.environment = environment
        self.defaultValue = defaultValue
        self.global = global
    }

    public static func flag(_ name: String, short: Character? = nil, help: String, global: Bool = false) -> OptionSpec {
        OptionSpec(name, short: short, kind: .flag, help: help, global: global)
    }
    public static func value(_ name: String, _ placeholder: String, help: String, environment: String? = nil,
                             defaultValue: String? = nil, global: Bool = false) -> OptionSpec {
        OptionSpec(name, kind: .value(placeholder: placeholder), help: help, environment: environment,
                   defaultValue: defaultValue, global: global)
    }
    public static func repeated(_ name: String, _ placeholder: String, help: String) -> OptionSpec {
        OptionSpec(name, kind: .repeated(placeholder: placeholder), help: help)
    }
}

/// A positional argument.
public struct ArgumentSpec: Sendable {
    public var name: String
    public var help: String
    public var optional: Bool
    /// Takes every remaining positional argument.
    public var variadic: Bool
    public init(_ name: String, help: String, optional: Bool = false, variadic: Bool = false) {
        self.name = name
        self.help = help
        self.optional = optional
        self.variadic = variadic
    }
}

/// A node of the command tree: a group (with subcommands) or a leaf (with `run`).
public struct Command: Sendable {
    public var name: String
    public var summary: String
    public var discussion: String
    public var examples: [String]
    public var options: [OptionSpec]
    public var arguments: [ArgumentSpec]
    public var subcommands: [Command]
    public var run: (@Sendable (Invocation) throws -> Void)?

    public init(_ name: String, summary: String, discussion: String = "", examples: [String] = [],
                options: [OptionSpec] = [], arguments: [ArgumentSpec] = [], subcommands: [Command] = [],
                run: (@Sendable (Invocation) throws -> Void)? = nil) {
        self.name = name
        self.summary = summary
        self.discussion = discussion
        self.examples = examples
        self.options = options
        self.arguments = arguments
        self.subcommands = subcommands
        self.run = run
    }
}
