// `anwei check`: integrity, foreign keys, the audit chain, the schema and deliveries, in words.
import CLI
import Foundation
import Kernel

enum CheckCommand {
    static func command(_ session: Session) -> Command {
        Command("check", summary: "check the database: integrity, foreign keys, audit chain, schema, deliveries",
                discussion: "Exits 0 when nothing failed (warnings included), 1 when a check failed: then restore the latest good backup. Safe while the server runs (it only reads).",
                examples: ["anwei check --db /var/lib/anwei/anwei.db", "anwei check --json"]) { invocation in
            try withDomainErrors {
                let path = invocation.value("db") ?? "./anwei.db"
                guard FileManager.default.fileExists(atPath: path) else { throw DomainError(.notFound, "找不到数据库 \(path) (no database at \(path))") }
                try session.requireSystemAdministrator(invocation, "checks the database", path: path)
                let database = try Database(path: path, readerCount: 1)
                let findings = DatabaseCheck.run(database, Application.allMigrations)
                let failed = findings.filter { $0.verdict == .failed }
                if invocation.format == .table {
                    for finding in findings {
                        invocation.output.line("\(finding.verdict.rawValue.uppercased().padding(toLength: 8, withPad: " ", startingAt: 0))\(finding.name.padding(toLength: 18, withPad: " ", startingAt: 0))\(finding.detail)")
                    }
                    invocation.output.line(failed.isEmpty ? "\(path): all checks passed" : "\(path): \(failed.count) check(s) FAILED")
                } else {
                    Render.list(findings.map(\.json), columns: ["check", "verdict", "detail"], invocation)
                }
                if !failed.isEmpty { throw CommandError(.failure, "\(failed.count) 项检查未通过：\(failed.map(\.name).joined(separator: "、")) (\(failed.count) check(s) failed)") }
            }
        }
    }
}
