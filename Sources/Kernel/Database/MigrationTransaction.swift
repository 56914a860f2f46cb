// One migration's transaction: foreign keys off while it runs, its references checked before it commits.
//
// Why: SQLite changes a table's CHECK or columns by building a new table, copying the rows, dropping
// the old one and renaming the new one into its place. With foreign keys on, DROP TABLE first deletes
// every row, and each row of another table that pointed at one (a line's history at its line) is
// counted as a broken reference; the renamed table, with the same ids, does not take the count back,
// so COMMIT failed. A database made before Responsibilities 003 with any line history could not be
// upgraded ("FOREIGN KEY constraint failed" at COMMIT; found upgrading session 25's demo, 2026-12-07).
// SQLite's own procedure (https://sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema
// Changes"): foreign keys off outside the transaction, `PRAGMA foreign_key_check` before COMMIT.
import Foundation

extension Migrator {
    /// Applies `migration` on the writer connection (`db`, outside any transaction) in a transaction
    /// of its own; returns false when another process had recorded it meanwhile. Throws, with nothing
    /// of it kept, if its SQL fails or leaves a row referring to a row that does not exist.
    static func applyWithForeignKeysOff(_ migration: Migration, _ db: Connection, now: String) throws -> Bool {
        try db.executeScript("PRAGMA foreign_keys = OFF")
        defer { try? db.executeScript("PRAGMA foreign_keys = ON") }
        try db.executeScript("BEGIN IMMEDIATE")
        db.transactionBoundary()
        do {
            let applied = try applyInTransaction(migration, db, now: now)
            try db.executeScript("COMMIT")
            db.transactionBoundary()
            return applied
        } catch {
            db.rollBack()
            throw error
        }
    }

    private static func applyInTransaction(_ migration: Migration, _ db: Connection, now: String) throws -> Bool {
        try db.executeScript(bookkeeping)
        if try db.queryOne("SELECT 1 FROM kernel_migrations WHERE module = ? AND name = ?", [migration.module, migration.name]) != nil {
            return false
        }
        let before = try tableDefinitions(db)
        do {
            try db.executeScript(migration.sql)
        } catch let error as DatabaseError {
            throw MigrationError(description: "migration \(migration.module)/\(migration.name) failed: \(error.failure.rawValue): \(error.message)")
        }
        let after = try tableDefinitions(db)
        if let broken = try brokenReference(changed: changedTables(before, after), among: after.keys.sorted(), db) {
            throw MigrationError(description: "迁移 \(migration.module)/\(migration.name) 失败：\(broken)")
        }
        try db.execute("INSERT INTO kernel_migrations (module, name, applied_at) VALUES (?, ?, ?)", [migration.module, migration.name, now])
        try db.executeScript("PRAGMA application_id = \(applicationID)")
        return true
    }

    /// Each table's name and its CREATE statement.
    private static func tableDefinitions(_ db: Connection) throws -> [String: String] {
        var tables: [String: String] = [:]
        for row in try db.query("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql IS NOT NULL") {
            tables[row.requiredString("name")] = row.requiredString("sql")
        }
        return tables
    }

    /// Tables made, rebuilt, altered or dropped between the two definitions.
    private static func changedTables(_ before: [String: String], _ after: [String: String]) -> Set<String> {
        Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }
    }

    /// The first row (of a changed table, or of one of `tables` referring to one) that refers to a row that
    /// does not exist, said in words; nil when there is none. Only those tables are read, so that a
    /// migration adding an index to a ten-year file does not check every reference in it.
    private static func brokenReference(changed: Set<String>, among tables: [String], _ db: Connection) throws -> String? {
        if changed.isEmpty { return nil }
        for table in tables {
            let parents = try db.query("SELECT \"table\" FROM pragma_foreign_key_list(?)", [table]).compactMap { $0.string("table") }
            guard changed.contains(table) || parents.contains(where: changed.contains) else { continue }
            let rows = try db.query("PRAGMA foreign_key_check(\"\(table.replacingOccurrences(of: "\"", with: "\"\""))\")")
            if let first = rows.first {
                let rowid = first.int("rowid").map(String.init) ?? "?"
                let parent = first.string("parent") ?? "?"
                return "\(table) 表有 \(rows.count) 行（首个 rowid \(rowid)）引用的 \(parent) 记录不存在 "
                    + "(\(rows.count == 1 ? "a row of \(table) refers" : "\(rows.count) rows of \(table) refer") to rows of \(parent) that do not exist; first rowid \(rowid))"
            }
        }
        return nil
    }
}
