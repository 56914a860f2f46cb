// `anwei backup --to FILE`: a consistent copy of the database while the server keeps serving.
import CLI
import Foundation
import Kernel

enum BackupCommand {
    static func command(_ session: Session) -> Command {
        Command("backup", summary: "copy the database to FILE while it keeps serving (SQLite online backup)",
                discussion: """
                    The copy is one consistent snapshot, taken on its own connection: the server goes on answering and writing \
                    meanwhile. It is written beside FILE first, must pass integrity_check, and then replaces FILE. \
                    --to may name a folder: the file is then named anwei-<UTC time>.db in it.
                    """,
                examples: ["anwei backup --to /var/backups/anwei/anwei-2024-03-01.db", "anwei backup --to /var/backups/anwei/"],
                options: [.value("to", "FILE", help: "where to write the copy (a file, or an existing folder)")]) { invocation in
            try withDomainErrors {
                var target = try invocation.require("to")
                var isFolder: ObjCBool = false
                if FileManager.default.fileExists(atPath: target, isDirectory: &isFolder), isFolder.boolValue {
                    target = (target as NSString).appendingPathComponent("anwei-\(Upgrade.stamp(Date())).db")
                }
                let path = invocation.value("db") ?? "./anwei.db"
                guard FileManager.default.fileExists(atPath: path) else { throw DomainError(.notFound, "找不到数据库 \(path) (no database at \(path))") }
                try session.requireSystemAdministrator(invocation, "backs up the database", path: path)
                let database = try Database(path: path, readerCount: 1)
                try Migrator.checkCompatible(database, Application.allMigrations)
                let report = try database.backup(to: target)
                Render.done("backed up \(path) to \(report.path): \(report.pages) pages, \(report.bytes) bytes in \(String(format: "%.2f", report.seconds)) s; integrity_check ok",
                            .object(["source": .string(path), "path": .string(report.path), "pages": .int(report.pages), "bytes": .int(report.bytes),
                                     "seconds": .double(report.seconds), "integrity": "ok"]), invocation)
            }
        }
    }
}
