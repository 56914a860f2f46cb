// Restoring a backup: refuse files that are not Anwei databases, are damaged, or come from a
// newer Anwei; keep a copy of what is replaced; copy the pages in with SQLite's backup API.
import CSQLite
import Foundation

/// What a candidate backup file holds.
public struct BackupInspection: Sendable {
    public var path: String
    public var migrations: Int
    /// Migrations this binary knows that the file lacks (applied on the next start).
    public var pending: [String]
    public var events: Int64
    public var auditRecords: Int64
    public var lastAuditAt: String?

    public var json: JSON {
        .object(["path": .string(path), "migrations": .int(Int64(migrations)), "pending_migrations": JSON(pending),
                 "events": .int(events), "audit_records": .int(auditRecords), "last_audit_at": JSON(lastAuditAt)])
    }
}

/// What a restore did.
public struct RestoreReport: Sendable {
    public var source: BackupInspection
    public var target: String
    /// Where the database that was replaced was kept (nil when there was none).
    public var previousCopy: String?
}

public enum Restore {
    /// Reads `path` without changing it and says whether this binary can restore it.
    public static func inspect(_ path: String, _ migrations: [Migration]) throws -> BackupInspection {
        guard FileManager.default.fileExists(atPath: path) else { throw DomainError(.notFound, "找不到文件 \(path) (no file at \(path))") }
        if ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) == 0 {
            throw DomainError(.validation, "\(path) 是空文件，不是安委数据库 (empty: not an Anwei database)")
        }
        let connection: Connection
        do {
            connection = try Connection(path: path, readOnly: true)
            _ = try connection.scalarInt("SELECT count(*) FROM sqlite_schema")
        } catch let error as DatabaseError {
            throw DomainError(.validation, "\(path) 不是安委数据库 (not an Anwei database: \(error.failure == .notADatabase ? "it is not an SQLite file at all" : error.message))")
        }
        let appID = try connection.scalarInt("PRAGMA application_id")
        guard appID == Migrator.applicationID,
              try connection.queryOne("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'kernel_migrations'") != nil else {
            throw DomainError(.validation, "\(path) 是 SQLite 数据库，但不是安委数据库，不予恢复 (not an Anwei database: application_id \(appID); refusing to restore it)")
        }
        let recorded = Set(try connection.query("SELECT module, name FROM kernel_migrations").map { "\($0.requiredString("module"))/\($0.requiredString("name"))" })
        let known = migrations.map { "\($0.module)/\($0.name)" }
        if let newer = recorded.subtracting(known).sorted().first {
            throw DomainError(.conflict, "\(path) 由更新版本的安委写入（含本程序不认识的升级 \(newer)），请用该版本或更新版本恢复 (written by a newer version of Anwei; restore it with that version or newer)")
        }
        let verdict = try connection.integrityCheck()
        guard verdict == ["ok"] else {
            throw DomainError(.validation, "\(path) 已损坏，不予恢复 (damaged, integrity_check: \(verdict.prefix(3).joined(separator: "; ")); refusing to restore it)")
        }
        let events = try connection.scalarInt("SELECT count(*) FROM kernel_events")
        let audit = try connection.queryOne("SELECT count(*) AS n, max(at) AS last FROM kernel_audit")
        return BackupInspection(path: path, migrations: recorded.count, pending: known.filter { !recorded.contains($0) },
                                events: events, auditRecords: audit?.int("n") ?? 0, lastAuditAt: audit?.string("last"))
    }

    /// Restores `source` into the database file `target` (created when missing). An existing
    /// target is first copied to `<target>.before-restore-<time>`. Refused while another
    /// connection has `target` open (a running server would go on with its own view of the old
    /// data, its background work writing between the old and the new).
    public static func run(source: String, target: String, _ migrations: [Migration], now: Date) throws -> RestoreReport {
        let inspection = try inspect(source, migrations)
        if (source as NSString).standardizingPath == (target as NSString).standardizingPath || sameFile(source, target) {
            throw DomainError(.validation, "备份文件与数据库是同一个文件（\(target)） (the backup and the database are the same file)")
        }
        var previous: String?
        if FileManager.default.fileExists(atPath: target) {
            try refuseWhileOpen(target)
            let existing = try Database(path: target, readerCount: 1)
            let tables = try existing.read { try $0.scalarInt("SELECT count(*) FROM sqlite_schema WHERE type = 'table'") }
            if tables > 0 {
                let copy = "\(target).before-restore-\(Upgrade.stamp(now))"
                try existing.backup(to: copy)
                previous = copy
            }
            try existing.replaceContents(from: source)
            existing.checkpoint()
        } else {
            let created = try Connection(path: target)
            try Connection(path: source, readOnly: true).copyAll(into: created)
        }
        let check = try Connection(path: target, readOnly: true).integrityCheck()
        guard check == ["ok"] else { throw DomainError(.unavailable, "恢复后的数据库未通过完整性检查 (the restored database failed integrity_check: \(check.prefix(3).joined(separator: "; ")))") }
        return RestoreReport(source: inspection, target: target, previousCopy: previous)
    }

    /// Throws when another connection (a server, a command still running) has `path` open: in WAL
    /// mode every open connection holds the file's shared lock, so an exclusive lock is refused.
    static func refuseWhileOpen(_ path: String) throws {
        let probe = try Connection(path: path, create: false)
        sqlite3_busy_timeout(probe.handle, 200)
        do {
            try probe.executeScript("PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;")
        } catch let error as DatabaseError where error.failure == .busy || error.failure == .locked {
            throw DomainError(.conflict, "数据库 \(path) 正在使用中（服务器在运行？），请先停止服务再恢复 (the database is open elsewhere, e.g. by the server: stop it first)")
        }
    }
}
