// `anwei demo [--db PATH]`: build the demo database (the organisation of the seed, demo users,
// and each module's demo data). Deterministic: the same command gives the same data.
import CLI
import Foundation
import Kernel

enum DemoCommand {
    static func command(_ session: Session) -> Command {
        Command("demo", summary: "build a demo database from the seed work plan's organisation",
                discussion: "Creates a new database holding the committee office, 55 member units, 12 special leading groups, 10 territories, 300 enterprises, people, demo users (password \(DemoData.password)) and each module's demo records. Refuses a database that already holds an organisation.",
                examples: ["anwei demo --db demo.db", "anwei serve --demo"]) { invocation in
            try withDomainErrors {
                let path = invocation.value("db") ?? "./anwei.db"
                let summary = try build(path: path, output: invocation.output)
                invocation.output.line(summary)
            }
        }
    }

    /// Builds the demo into `path` at the demo's fixed clock.
    static func build(path: String, output: Output) throws -> String {
        let clock = FixedClock(DemoData.recordedAt)
        let app = try Application.open(path: path, clock: clock)
        defer { app.close() }
        let progress = Progress(output: output, label: "demo", total: 0)
        let summary = try DemoData.build(app) { step in if output.stderrIsTerminal { output.writeErr("\rdemo: \(step)\u{1B}[K") } }
        progress.finish()
        return summary
    }
}
