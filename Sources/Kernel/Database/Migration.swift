// Named, ordered migrations per module; each applies in its own transaction and is recorded.
// Shipped migrations are never edited: a change is a new migration.

/// One schema step of one module.
public struct Migration: Sendable {
    public var module: String
    public var name: String
    public var sql: String

    public init(module: String, name: String, sql: String) {
        self.module = module
        self.name = name
        self.sql = sql
    }

    /// Migrations from a module's embedded `Migrations/*.sql` files (see the EmbedMigrations plugin).
    public static func embedded(module: String, _ files: [(name: String, sql: String)]) -> [Migration] {
        files.map { Migration(module: module, name: $0.name, sql: $0.sql) }
    }
}

/// The state of one migration in a database.
public struct MigrationStatus: Sendable {
    public var module: String
    public var name: String
    public var appliedAt: String?
}

public struct MigrationError: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Applies migrations in order and refuses databases written by a newer binary.
public enum Migrator {
    /// Identifies an Anwei database (`PRAGMA application_id`), "AnWe".
    public static let applicationID: Int64 = 0x416E_5765

    static let bookkeeping = """
        CREATE TABLE IF NOT EXISTS kernel_migrations (
            module TEXT NOT NULL,
            name TEXT NOT NULL,
            applied_at TEXT NOT NULL,
            PRIMARY KEY (module, name)
        ) STRICT;
        """

    /// Applies every migration not yet recorded; returns the ones applied, as "module/name".
    @discardableResult
    public static func migrate(_ database: Database, _ migrations: [Migration], now: String) throws -> [String] {
        try apply(try pending(database, migrations), to: database, now: now)
    }

    /// The migrations not yet applied, after refusing foreign and newer databases (one read).
    public static func pending(_ database: Database, _ migrations: [Migration]) throws -> [Migration] {
        let recorded = try recordedMigrations(database)
        try checkCompatible(database, migrations, recorded: recorded)
        return migrations.filter { recorded["\($0.module)/\($0.name)"] == nil }
    }

    /// Applies `pending`, each in its own transaction (re-checked inside it, in case another
    /// process applied it meanwhile) with foreign keys off and the references of the tables it
    /// changed checked before it commits (`applyWithForeignKeysOff`); returns the ones applied,
    /// as "module/name".
    @discardableResult
    public static func apply(_ pending: [Migration], to database: Database, now: String) throws -> [String] {
        var applied: [String] = []
        for migration in pending {
            let done = try database.withWriterConnection { try applyWithForeignKeysOff(migration, $0, now: now) }
            if done { applied.append("\(migration.module)/\(migration.name)") }
        }
        if !applied.isEmpty {
            _ = try database.write { try CheckLists.rewrite($0) }
            try database.withWriterConnection { try $0.executeScript("PRAGMA optimize") }
        }
        return applied
    }

    /// Every known migration and when it was applied, plus unknown ones recorded by a newer binary.
    public static func status(_ database: Database, _ migrations: [Migration]) throws -> [MigrationStatus] {
        let recorded = try recordedMigrations(database)
        var result = migrations.map { MigrationStatus(module: $0.module, name: $0.name, appliedAt: recorded["\($0.module)/\($0.name)"]) }
        let known = Set(migrations.map { "\($0.module)/\($0.name)" })
        for (key, at) in recorded.sorted(by: { $0.key < $1.key }) where !known.contains(key) {
            let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
            result.append(MigrationStatus(module: parts[0], name: parts.count > 1 ? parts[1] : "", appliedAt: at))
        }
        return result
    }

    /// True when every known migration is applied.
    public static func isCurrent(_ database: Database, _ migrations: [Migration]) -> Bool {
        guard let recorded = try? recordedMigrations(database) else { return false }
        return migrations.allSatisfy { recorded["\($0.module)/\($0.name)"] != nil }
    }

    /// Refuses a database that another program wrote, or that a newer Anwei migrated.
    public static func checkCompatible(_ database: Database, _ migrations: [Migration]) throws {
        try checkCompatible(database, migrations, recorded: try recordedMigrations(database))
    }

    static func checkCompatible(_ database: Database, _ migrations: [Migration], recorded: [String: String]) throws {
        let (appID, tables) = try database.read { db in
            (try db.scalarInt("PRAGMA application_id"), try db.scalarInt("SELECT count(*) FROM sqlite_schema WHERE type = 'table'"))
        }
        if appID != 0 && appID != applicationID {
            throw MigrationError(description: "\(database.path) belongs to another application (application_id \(appID)); Anwei will not touch it")
        }
        if appID == 0 && tables > 0 {
            throw MigrationError(description: "\(database.path) is an SQLite database but not an Anwei database; Anwei will not touch it")
        }
        let known = Set(migrations.map { "\($0.module)/\($0.name)" })
        let unknown = recorded.keys.filter { !known.contains($0) }.sorted()
        if let first = unknown.first {
            throw MigrationError(description: "\(database.path) was written by a newer version of Anwei (it has migration \(first) that this binary does not know); install the newer binary or restore a backup")
        }
    }

    static func recordedMigrations(_ database: Database) throws -> [String: String] {
        try database.read { db in
            guard try db.queryOne("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'kernel_migrations'") != nil else { return [:] }
            var map: [String: String] = [:]
            for row in try db.query("SELECT module, name, applied_at FROM kernel_migrations") {
                map["\(row.requiredString("module"))/\(row.requiredString("name"))"] = row.requiredString("applied_at")
            }
            return map
        }
    }
}
