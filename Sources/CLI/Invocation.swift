// What a leaf command's `run` receives: its parsed options and arguments, and where to write.

/// A parsed command line, ready for a leaf command.
public struct Invocation: Sendable {
    /// The command path without the program name, e.g. ["org", "units", "list"].
    public var path: [String]
    /// Positional arguments by their spec name (a variadic one holds all remaining, in order).
    public var arguments: [String: [String]]
    /// Option values by option name (flags hold "true"); environment and defaults already applied.
    public var options: [String: [String]]
    public var output: Output

    public init(path: [String], arguments: [String: [String]], options: [String: [String]], output: Output) {
        self.path = path
        self.arguments = arguments
        self.options = options
        self.output = output
    }

    /// The last value of option `name`.
    public func value(_ name: String) -> String? { options[name]?.last }
    /// Every value of a repeated option.
    public func values(_ name: String) -> [String] { options[name] ?? [] }
    public func flag(_ name: String) -> Bool { options[name]?.last == "true" }
    /// The value of a positional argument (the first, for a variadic one).
    public func argument(_ name: String) -> String? { arguments[name]?.first }

    /// The positional argument `name` as a record's id (a positive whole number), or a usage
    /// error naming it: the one reading of `anwei … show 12`, `… actions close 12`.
    public func id(_ name: String = "id") throws -> Int64 {
        let text = argument(name) ?? ""
        guard let id = Int64(text), id > 0 else {
            throw CommandError.usage("\(name) 须为正整数编号，收到 '\(text.prefix(40))' (\(name) must be a positive whole number)")
        }
        return id
    }

    /// The value of option `name`, or a usage error naming it.
    public func require(_ name: String) throws -> String {
        guard let value = value(name), !value.isEmpty else { throw CommandError.usage("缺少必填选项 --\(name) (missing required option --\(name))") }
        return value
    }

    /// Option `name` as an integer, or a usage error that names the option and the bad value.
    public func int(_ name: String) throws -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text) else { throw CommandError.usage("选项 --\(name) 须为整数，收到 '\(text.prefix(40))' (--\(name) expects a whole number)") }
        return number
    }

    /// `--name` as a whole number within `range`, nil when absent; anything else is a usage error
    /// naming the option and the bounds.
    public func int(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        guard let text = value(name) else { return nil }
        guard let number = Int(text), range.contains(number) else {
            throw CommandError.usage("选项 --\(name) 须为 \(range.lowerBound) 到 \(range.upperBound) 之间的整数，收到 '\(text.prefix(40))' (--\(name) expects a whole number from \(range.lowerBound) to \(range.upperBound))")
        }
        return number
    }

    /// The output format chosen by `--json` / `--csv` (table by default).
    public var format: OutputFormat {
        if flag("json") { return .json }
        if flag("csv") { return .csv }
        return .table
    }
}

public enum OutputFormat: Sendable { case table, json, csv }
