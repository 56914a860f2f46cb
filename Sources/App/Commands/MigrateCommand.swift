// `anwei migrate [--status]`: apply pending migrations, or show which are applied.
import CLI
import Foundation
import Kernel

enum MigrateCommand {
    static func command(_ session: Session) -> Command {
        Command("migrate", summary: "create or upgrade the database schema",
                discussion: "Applies every pending migration, each in its own transaction, and records it (an existing database is first backed up beside itself, <db>.pre-upgrade-<UTC time>), then makes the registry records' kept JSON forms that are missing (after an upgrade, or an edit outside Anwei). A database written by a newer Anwei is refused.",
                examples: ["anwei migrate --db anwei.db", "anwei migrate --status --db anwei.db"],
                options: [.flag("status", help: "only show each migration and when it was applied")]) { invocation in
            try withDomainErrors {
                let path = invocation.value("db") ?? "./anwei.db"
                if invocation.value("as") != nil, FileManager.default.fileExists(atPath: path) { try session.requireSystemAdministrator(invocation, "migrates the database", path: path) }
                if invocation.flag("status") {
                    let database = try Database(path: path, readerCount: 1)
                    let statuses = try Migrator.status(database, Application.allMigrations)
                    let items: [JSON] = statuses.map { .object(["module": .string($0.module), "name": .string($0.name), "applied_at": JSON($0.appliedAt), "state": .string($0.appliedAt == nil ? "pending" : "applied")]) }
                    Render.list(items, columns: ["module", "name", "state", "applied_at"], invocation)
                    return
                }
                let database = try Database(path: path, readerCount: 1)
                // An upgrade (an Anwei database with migrations pending) is backed up beside the file
                // first, as `serve` does: a migration that fails leaves the ones before it applied.
                let (applied, backup) = try Upgrade.migrate(database, Application.allMigrations, now: session.clock.now(),
                                                            log: { invocation.output.error($0) })
                RegistryForms.keep(RecordStore(RegistrySchemas.all), database, invocation.output)
                database.checkpoint()
                Render.done(applied.isEmpty ? "\(path) is up to date" : "applied \(applied.count) migration(s) to \(path): " + applied.joined(separator: ", "),
                            .object(["applied": JSON(applied), "backup": JSON(backup)]), invocation)
            }
        }
    }
}
