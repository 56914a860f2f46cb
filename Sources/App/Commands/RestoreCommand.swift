// `anwei restore FILE`: put a backup back, refusing foreign, damaged and newer files.
import CLI
import Foundation
import Kernel

enum RestoreCommand {
    static func command(_ session: Session) -> Command {
        Command("restore", summary: "replace the database (--db) with a backup FILE",
                discussion: """
                    Stop the server first: a database that is open elsewhere is refused (exit 4). FILE must be an Anwei database that passes integrity_check and was not written by a \
                    newer version (an older one is fine: it is migrated on the next start, after an automatic backup). \
                    The database it replaces is first copied to <db>.before-restore-<UTC time>. --check only inspects FILE.
                    """,
                examples: ["anwei restore /var/backups/anwei/anwei-2024-03-01.db --db /var/lib/anwei/anwei.db", "anwei restore backup.db --check"],
                options: [.flag("check", help: "only say whether FILE can be restored, and what it holds")],
                arguments: [ArgumentSpec("file", help: "the backup to restore")]) { invocation in
            try withDomainErrors {
                guard let file = invocation.argument("file") else { throw CommandError.usage("请指定要恢复的备份文件 (name the backup file to restore)") }
                try session.requireSystemAdministrator(invocation, "restores the database")
                if invocation.flag("check") {
                    let inspection = try Restore.inspect(file, Application.allMigrations)
                    Render.done("\(file) can be restored: \(inspection.migrations) migration(s)\(inspection.pending.isEmpty ? "" : ", \(inspection.pending.count) to apply on start"), \(inspection.events) event(s), \(inspection.auditRecords) audit record(s), last change \(inspection.lastAuditAt ?? "none")",
                                inspection.json, invocation)
                    return
                }
                let target = invocation.value("db") ?? "./anwei.db"
                let report = try Restore.run(source: file, target: target, Application.allMigrations, now: Date())
                var message = "restored \(file) into \(target): \(report.source.events) event(s), \(report.source.auditRecords) audit record(s); integrity_check ok"
                if let previous = report.previousCopy { message += "\nthe database it replaced was kept at \(previous)" }
                if !report.source.pending.isEmpty { message += "\n\(report.source.pending.count) migration(s) will be applied on the next start (after an automatic backup)" }
                Render.done(message, .object(["restored": .string(file), "db": .string(target), "previous_copy": JSON(report.previousCopy),
                                              "source": report.source.json]), invocation)
            }
        }
    }
}
