import App
import Foundation
import Kernel
import TestSupport
import XCTest

final class UpgradeTests: XCTestCase {
    /// Makes a database at `path` as the first schema version made it; `fill` adds data to it.
    /// Returns the migrations applied.
    @discardableResult
    func firstSchemaDatabase(at path: String, _ fill: (Database) throws -> Void = { _ in }) throws -> [String] {
        let old = try Database(path: path)
        let applied = try Migrator.migrate(old, Array(Application.allMigrations.prefix(1)), now: "2024-01-02T00:00:00Z")
        try fill(old)
        old.checkpoint()
        return applied
    }

    func testANewerBinaryBacksUpThenMigratesADatabaseOfTheFirstSchemaVersion() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanUp() }
        let path = folder.file("old.db")
        // A database as the first schema version made it, with some data in it.
        XCTAssertEqual(try firstSchemaDatabase(at: path) { old in
            try old.write { db in
                try db.execute("INSERT INTO kernel_events (type, payload, actor, occurred_at) VALUES ('hazards.hazard.reported', '{}', 'admin', '2024-01-02T00:00:00Z')")
                try db.execute("INSERT INTO kernel_settings (key, value) VALUES ('district', '示范区')")
            }
        }, ["kernel/001_kernel"])
        XCTAssertEqual(Upgrade.backups(of: path), [])

        let clock = FixedClock(CalendarDate(year: 2024, month: 3, day: 1)!)
        let app = try Application.open(path: path, clock: clock)
        XCTAssertTrue(Migrator.isCurrent(app.core.database, Application.allMigrations))
        XCTAssertEqual(try app.core.read { try $0.queryOne("SELECT value FROM kernel_settings WHERE key = 'district'")?.string("value") }, "示范区")
        XCTAssertEqual(try app.core.read { try $0.scalarInt("SELECT count(*) FROM kernel_events") }, 1)
        app.close()

        let backups = Upgrade.backups(of: path)
        XCTAssertEqual(backups, [path + ".pre-upgrade-20240229T160000Z"], "one backup, named with the UTC time, beside the database")
        let inspection = try Restore.inspect(backups[0], Application.allMigrations)
        XCTAssertEqual(inspection.migrations, 1, "the backup is the database as it was before the upgrade")
        XCTAssertEqual(inspection.pending.count, Application.allMigrations.count - 1)

        // Opening it again (nothing pending) takes no further backup; neither does a fresh database.
        try Application.open(path: path, clock: clock).close()
        XCTAssertEqual(Upgrade.backups(of: path).count, 1)
        let fresh = folder.file("fresh.db")
        try Application.open(path: fresh, clock: clock).close()
        XCTAssertEqual(Upgrade.backups(of: fresh), [])
    }

    func testANewerDatabaseIsRefusedUntouched() throws {
        let test = try TestApplication()
        _ = try test.core.database.write { try $0.execute("INSERT INTO kernel_migrations (module, name, applied_at) VALUES ('kernel', '999_future.sql', 'x')") }
        XCTAssertThrowsError(try Application.open(path: test.path)) { error in
            XCTAssertTrue(String(describing: error).contains("newer version"))
        }
        XCTAssertEqual(Upgrade.backups(of: test.path), [])
    }

    /// A database of session 25's schema (before Responsibilities 003 rebuilt the lines) with a
    /// line and its history: the rebuild used to fail at COMMIT ("FOREIGN KEY constraint failed"),
    /// so such a database could not be upgraded at all.
    func testADatabaseWithLineHistoryFromBeforeTheLinesWereRebuiltIsUpgraded() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanUp() }
        let path = folder.file("s25.db")
        let s25 = ["kernel/001_kernel", "kernel/002_registry", "kernel/003_access", "kernel/004_group_coverage", "kernel/005_webhooks",
                   "kernel/006_rendered_records", "kernel/007_office_role", "responsibilities/001_responsibilities", "responsibilities/002_lists",
                   "supervision/001_supervision", "hazards/001_hazards", "hazards/002_hazards_counts", "hazards/003_hazard_control",
                   "training/001_training", "consultations/001_consultations"]
        do {
            let old = try Database(path: path)
            let then = Application.allMigrations.filter { s25.contains("\($0.module)/\($0.name)") }
            XCTAssertEqual(try Migrator.migrate(old, then, now: "2024-01-02T00:00:00Z").count, s25.count)
            try old.write { db in
                try db.executeScript("""
                    INSERT INTO responsibilities_plans (id, year, content_hash, source_name, import_date, created_by, created_at)
                        VALUES (1, 2024, 'h', '2024年安全生产工作要点.txt', '2024-01-10', 'admin', '2024-01-10T00:00:00Z');
                    INSERT INTO responsibilities_sections (id, plan_id, position, number, title, line) VALUES (1, 1, 1, '一、', '强化责任落实', 3);
                    INSERT INTO responsibilities_tasks (id, plan_id, section_id, title, text, start_date, created_at)
                        VALUES (1, 1, 1, '抓好组织学习', '（一）抓好组织学习。', '2024-01-10', '2024-01-10T00:00:00Z');
                    INSERT INTO responsibilities_lines (id, task_id, unit_kind, unit_id, unit_name, role, period, deadline_phrase, due, start, created_at, updated_at)
                        VALUES (7, 1, 'unit', 1, '区安委办', 'lead', '2024-12-31', '年内', '2024-12-31', '2024-01-10', '2024-01-10T00:00:00Z', '2024-01-11T00:00:00Z');
                    INSERT INTO responsibilities_line_events (line_id, action, on_date, at, actor, reporter, status_after)
                        VALUES (7, 'sign', '2024-01-11', '2024-01-11T02:00:00Z', 'aqw', '区安委办联络员', 'signed');
                    """)
            }
            old.checkpoint()
        }
        let app = try Application.open(path: path, clock: FixedClock(CalendarDate(year: 2024, month: 3, day: 1)!))
        defer { app.close() }
        XCTAssertTrue(Migrator.isCurrent(app.core.database, Application.allMigrations))
        let history = try app.core.read {
            try $0.queryOne("SELECT l.unit_name, e.action FROM responsibilities_line_events e JOIN responsibilities_lines l ON l.id = e.line_id")
        }
        XCTAssertEqual(history?.string("unit_name"), "区安委办")
        XCTAssertEqual(history?.string("action"), "sign")
        XCTAssertEqual(try app.core.read { try $0.query("PRAGMA foreign_key_check").count }, 0)
        XCTAssertEqual(Upgrade.backups(of: path).count, 1)
    }

    /// `anwei migrate` on an older database backs it up first, as `serve` does (it did not: an
    /// operator following Docs/operations.md had no copy if a migration failed half way).
    func testTheMigrateCommandBacksUpAnOlderDatabaseFirst() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanUp() }
        let path = folder.file("old.db")
        try firstSchemaDatabase(at: path)
        func migrate() -> (code: Int32, out: String, err: String) {
            TestApplication.cli(["migrate", "--db", path], clock: FixedClock(CalendarDate(year: 2024, month: 3, day: 1)!))
        }
        let first = migrate()
        XCTAssertEqual(first.code, 0, first.err)
        let backups = Upgrade.backups(of: path)
        XCTAssertEqual(backups.count, 1)
        XCTAssertTrue(first.err.contains("backed up to \(backups[0])"), first.err)
        XCTAssertEqual(try Restore.inspect(backups[0], Application.allMigrations).migrations, 1, "the copy is the database before the upgrade")
        let again = migrate()
        XCTAssertEqual(again.code, 0, again.err)
        XCTAssertTrue(again.out.contains("is up to date"), again.out)
        XCTAssertEqual(Upgrade.backups(of: path).count, 1, "nothing pending: no second copy")
        let fresh = folder.file("fresh.db")
        XCTAssertEqual(TestApplication.cli(["migrate", "--db", fresh], clock: SystemClock()).code, 0)
        XCTAssertEqual(Upgrade.backups(of: fresh), [], "a new database is not copied")
    }
}
