import Foundation
import CLI

/// Remembers the invocations a test tree's leaf commands received.
final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var seen: [Invocation] = []
    func record(_ invocation: Invocation) { lock.withLock { seen.append(invocation) } }
    var invocations: [Invocation] { lock.withLock { seen } }
}

struct SomeFailure: Error, CustomStringConvertible {
    var description: String { "the disk is full" }
}

/// The outcome of one run of the test tree.
struct RunResult {
    var code: Int32
    var stdout: String
    var stderr: String
    var invocation: Invocation?
}

/// A small command tree shaped like Anwei's: root globals, a group global, groups and leaves.
enum Fixture {
    static func root(_ recorder: Recorder) -> Command {
        let record: @Sendable (Invocation) throws -> Void = { recorder.record($0) }
        let list = Command(
            "list", summary: "List units",
            discussion: "Lists the units of the safety committee.",
            examples: ["anwei org units list --unit 区安委办", "anwei org units list --status closed --json"],
            options: [
                OptionSpec("unit", short: "u", kind: .repeated(placeholder: "单位"), help: "Only this unit"),
                .value("status", "STATE", help: "Only units in this state", defaultValue: "open"),
                .value("limit", "N", help: "At most N units"),
                OptionSpec("all", kind: .flag, help: "Include closed units", environment: "ANWEI_ALL"),
            ],
            run: record)
        let show = Command("show", summary: "Show one unit", arguments: [ArgumentSpec("ID", help: "The unit's id")], run: record)
        let importer = Command(
            "import", summary: "Import units from a CSV file", discussion: "FILE may be - to read standard input.",
            arguments: [ArgumentSpec("FILE", help: "The CSV file")], run: record)
        let tag = Command(
            "tag", summary: "Tag a unit",
            arguments: [ArgumentSpec("UNIT", help: "The unit"), ArgumentSpec("TAGS", help: "Tags to add", variadic: true)],
            run: record)
        let rename = Command(
            "rename", summary: "Rename a unit",
            arguments: [ArgumentSpec("ID", help: "The unit's id"), ArgumentSpec("NAME", help: "The new name", optional: true)],
            run: record)
        let units = Command("units", summary: "Units of the safety committee", subcommands: [list, show, importer, tag, rename])
        let people = Command("people", summary: "People and their duties", run: record)
        let org = Command(
            "org", summary: "Organisation: units and people",
            examples: ["anwei org units list"],
            options: [.value("territory", "NAME", help: "Town or street", global: true),
                      .flag("dry-run", help: "Change nothing")],
            subcommands: [units, people])
        let fail = Command(
            "fail", summary: "Fail on purpose",
            options: [.value("code", "CODE", help: "Exit code to fail with")],
            run: { invocation in
                recorder.record(invocation)
                if let code = try invocation.int("code") {
                    throw CommandError(ExitCode(rawValue: Int32(code)) ?? .failure, "unit 42 failed with \(code)")
                }
                throw SomeFailure()
            })
        let hazards = Command("hazards", summary: "隐患排查治理", subcommands: [fail])
        return Command(
            "anwei", summary: "Anwei: the work-safety committee's system",
            examples: ["anwei org units list --json"],
            options: [
                .value("db", "PATH", help: "The database file", environment: "ANWEI_DB", defaultValue: "./anwei.db", global: true),
                .value("as", "USER", help: "The acting user", global: true),
                OptionSpec("json", short: "j", kind: .flag, help: "Output JSON", global: true),
                .flag("csv", help: "Output CSV", global: true),
                .flag("verbose", help: "Root only, not inherited"),
            ],
            subcommands: [org, hazards])
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) -> RunResult {
        let recorder = Recorder()
        let capture = Capture()
        let code = CommandLineRunner.run(root(recorder), arguments: arguments, output: capture.output, environment: environment)
        return RunResult(code: code, stdout: capture.stdout, stderr: capture.stderr, invocation: recorder.invocations.last)
    }
}
