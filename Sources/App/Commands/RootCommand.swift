// The command tree of `anwei`: the kernel's commands, then one group per domain.
import CLI
import Foundation
import Kernel

public enum App {
    /// Runs `anwei` with the process arguments (the first is the program name); returns the exit code.
    public static func main(_ arguments: [String]) -> Int32 {
        run(Array(arguments.dropFirst()), output: .standard, environment: ProcessInfo.processInfo.environment)
    }

    /// Runs one command in this process (the tests use it with a moved clock and captured output).
    public static func run(_ arguments: [String], output: Output, environment: [String: String] = [:], clock: any Clock = SystemClock()) -> Int32 {
        let session = Session(clock: clock)
        defer { session.closeAll() }
        return CommandLineRunner.run(rootCommand(session), arguments: arguments, output: output, environment: environment)
    }

    static func rootCommand(_ session: Session) -> Command {
        let env = session.environment
        var subcommands = [
            ServeCommand.command(session),
            DemoCommand.command(session),
            MigrateCommand.command(session),
            TickCommand.command(session),
            OverviewCommand.command(session),
            OrgCommands.command(session),
            UserCommands.users(session),
            UserCommands.tokens(session),
            EventCommands.command(session),
            AuditCommands.command(session),
            BackupCommand.command(session),
            RestoreCommand.command(session),
            CheckCommand.command(session),
            PruneCommand.command(session),
            WebhookCommands.command(session),
            DocsCommand.command(session, root: { rootCommand(session) }),
        ]
        subcommands += allDomains.map { $0.command(env) }
        return Command(
            "anwei", summary: "安委: the district Safety Production Committee office's system of record",
            discussion: """
                Anwei runs the committee's year: the annual work plan and responsibility lists, the five supervision \
                groups and the assessment, major accident hazards from report to closure, training and certificates, \
                and the quarterly risk consultation meetings. One SQLite file holds it all (--db, or ANWEI_DB).

                Modules: \(allDomains.map(\.name).joined(separator: ", ")).
                Exit codes: 0 success, 1 failure, 2 usage error, 3 not found, 4 conflict, 5 validation failed.
                """,
            examples: ["anwei demo --db demo.db", "anwei serve --demo", "anwei org units list --db demo.db --json", "anwei help org enterprises add"],
            options: GlobalOptions.all,
            subcommands: subcommands)
    }
}
