// Upgrades: a newer binary migrates an older database when it opens it, after taking a
// backup of it next to the database file (`<db>.pre-upgrade-<UTC time>`).
import Foundation

public enum Upgrade {
    /// `20240301T102030Z`: sortable, and safe in a file name.
    public static func stamp(_ date: Date) -> String {
        let text = Instant.utc(date)
        let seconds = text.split(separator: ".").first.map(String.init) ?? text
        return (seconds.hasSuffix("Z") ? seconds : seconds + "Z").replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
    }

    /// Applies pending migrations. When the database already holds an Anwei schema and some
    /// migrations are pending (an upgrade, not a fresh database), it first writes a backup
    /// beside the file and names it in `log`. Refuses foreign and newer databases unchanged.
    @discardableResult
    public static func migrate(_ database: Database, _ migrations: [Migration], now: Date,
                               log: (String) -> Void = { _ in }) throws -> (applied: [String], backup: String?) {
        let pending = try Migrator.pending(database, migrations)
        if pending.isEmpty { return ([], nil) }
        var backup: String?
        if pending.count < migrations.count && database.path != ":memory:" {
            let path = "\(database.path).pre-upgrade-\(stamp(now))"
            try database.backup(to: path)
            backup = path
            log("upgrade: \(pending.count) migration(s) pending; the database was backed up to \(path) first")
        }
        let applied = try Migrator.apply(pending, to: database, now: Instant.utc(now))
        return (applied, backup)
    }

    /// Backups taken before upgrades of the database at `path`, oldest first.
    public static func backups(of path: String) -> [String] {
        let folder = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent + ".pre-upgrade-"
        let files = (try? FileManager.default.contentsOfDirectory(atPath: folder.isEmpty ? "." : folder)) ?? []
        return files.filter { $0.hasPrefix(name) }.sorted().map { folder.isEmpty ? $0 : folder + "/" + $0 }
    }
}
