import App
import Foundation
import Kernel
import TestSupport
import XCTest

final class UpgradeTests: XCTestCase {
    func testANewerBinaryBacksUpThenMigratesADatabaseOfTheFirstSchemaVersion() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanUp() }
        let path = folder.file("old.db")
        do {
            // A database as the first schema version made it, with some data in it.
            let old = try Database(path: path)
            let first = Array(Application.allMigrations.prefix(1))
            XCTAssertEqual(try Migrator.migrate(old, first, now: "2024-01-02T00:00:00Z"), ["kernel/001_kernel"])
            try old.write { db in
                try db.execute("INSERT INTO kernel_events (type, payload, actor, occurred_at) VALUES ('hazards.hazard.reported', '{}', 'admin', '2024-01-02T00:00:00Z')")
                try db.execute("INSERT INTO kernel_settings (key, value) VALUES ('district', '示范区')")
            }
            old.checkpoint()
        }
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
}
