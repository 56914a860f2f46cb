import Foundation
import Kernel
import TestSupport
import XCTest

final class MigrationTests: XCTestCase {
    var folder: TemporaryFolder!
    override func setUp() { folder = TemporaryFolder() }
    override func tearDown() { folder.cleanUp() }

    let steps = [
        Migration(module: "kernel", name: "001_a", sql: "CREATE TABLE a (x INTEGER) STRICT;"),
        Migration(module: "demo", name: "001_b", sql: "CREATE TABLE b (y TEXT) STRICT;"),
    ]

    func testAppliesInOrderRecordsAndIsIdempotent() throws {
        let database = try Database(path: folder.file("m.db"))
        XCTAssertEqual(try Migrator.migrate(database, steps, now: "2024-01-01T00:00:00.000Z"), ["kernel/001_a", "demo/001_b"])
        XCTAssertEqual(try Migrator.migrate(database, steps, now: "2024-01-02T00:00:00.000Z"), [])
        let status = try Migrator.status(database, steps)
        XCTAssertEqual(status.map(\.appliedAt), ["2024-01-01T00:00:00.000Z", "2024-01-01T00:00:00.000Z"])
        XCTAssertTrue(Migrator.isCurrent(database, steps))
        XCTAssertEqual(try database.read { try $0.scalarInt("PRAGMA application_id") }, Migrator.applicationID)
    }

    func testAFailingMigrationLeavesEarlierOnesAndRecordsNothingOfItself() throws {
        let database = try Database(path: folder.file("m.db"))
        let broken = steps + [Migration(module: "demo", name: "002_broken", sql: "CREATE TABLE c (z INTEGER) STRICT; CREATE TABLE c (again INTEGER);")]
        XCTAssertThrowsError(try Migrator.migrate(database, broken, now: "t")) { error in
            XCTAssertTrue(String(describing: error).contains("demo/002_broken"), String(describing: error))
        }
        let tables = try database.read { try $0.query("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").compactMap { $0.string("name") } }
        XCTAssertTrue(tables.contains("a") && tables.contains("b"))
        XCTAssertFalse(tables.contains("c"), "the failed migration's first statement was rolled back with it")
        XCTAssertFalse(Migrator.isCurrent(database, broken))
    }

    func testRefusesADatabaseWrittenByANewerBinary() throws {
        let database = try Database(path: folder.file("m.db"))
        try Migrator.migrate(database, steps, now: "t")
        try database.write { _ = try $0.execute("INSERT INTO kernel_migrations VALUES ('hazards', '099_from_the_future', 't')") }
        XCTAssertThrowsError(try Migrator.migrate(database, steps, now: "t")) { error in
            let text = String(describing: error)
            XCTAssertTrue(text.contains("newer version of Anwei") && text.contains("hazards/099_from_the_future"), text)
        }
    }

    func testRefusesAnotherApplicationsDatabase() throws {
        let path = folder.file("other.db")
        let other = try Database(path: path)
        try other.write { try $0.executeScript("CREATE TABLE invoices (id INTEGER) STRICT") }
        XCTAssertThrowsError(try Migrator.migrate(other, steps, now: "t")) { error in
            XCTAssertTrue(String(describing: error).contains("not an Anwei database"), String(describing: error))
        }
    }

    /// SQLite's way to change a table (new table, copy, drop, rename) while other rows point at it:
    /// with foreign keys on, the DROP counted every pointing row as broken and COMMIT failed, so a
    /// database with a line's history could not be upgraded past Responsibilities 003.
    func testATableRebuiltWhileOtherRowsReferToItIsMigrated() throws {
        let database = try Database(path: folder.file("m.db"))
        let first = [Migration(module: "kernel", name: "001_parent", sql: """
            CREATE TABLE parent (id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('a'))) STRICT;
            CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id)) STRICT;
            """)]
        try Migrator.migrate(database, first, now: "t")
        try database.write { db in
            try db.executeScript("INSERT INTO parent VALUES (1, 'a'), (2, 'a'); INSERT INTO child VALUES (10, 1), (11, 2);")
        }
        let rebuild = first + [Migration(module: "kernel", name: "002_wider_check", sql: """
            PRAGMA defer_foreign_keys = ON;
            CREATE TABLE parent_new (id INTEGER PRIMARY KEY, kind TEXT NOT NULL CHECK (kind IN ('a', 'b'))) STRICT;
            INSERT INTO parent_new SELECT id, kind FROM parent;
            DROP TABLE parent;
            ALTER TABLE parent_new RENAME TO parent;
            """)]
        XCTAssertEqual(try Migrator.migrate(database, rebuild, now: "t"), ["kernel/002_wider_check"])
        XCTAssertEqual(try database.read { try $0.scalarInt("SELECT count(*) FROM child JOIN parent ON parent.id = child.parent_id") }, 2)
        // Foreign keys are on again for every later write.
        XCTAssertThrowsError(try database.write { db in _ = try db.execute("INSERT INTO child VALUES (12, 99)") })
        try database.write { db in _ = try db.execute("INSERT INTO parent VALUES (3, 'b')") }
    }

    func testAMigrationLeavingABrokenReferenceIsRolledBackAndSaysWhere() throws {
        let database = try Database(path: folder.file("m.db"))
        let first = [Migration(module: "kernel", name: "001_parent", sql: """
            CREATE TABLE parent (id INTEGER PRIMARY KEY) STRICT;
            CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent (id)) STRICT;
            """)]
        try Migrator.migrate(database, first, now: "t")
        try database.write { db in try db.executeScript("INSERT INTO parent VALUES (1), (2); INSERT INTO child VALUES (10, 1), (11, 2);") }
        let lossy = first + [Migration(module: "kernel", name: "002_lossy", sql: """
            CREATE TABLE parent_new (id INTEGER PRIMARY KEY, note TEXT) STRICT;
            INSERT INTO parent_new (id) SELECT id FROM parent WHERE id = 1;
            DROP TABLE parent;
            ALTER TABLE parent_new RENAME TO parent;
            """)]
        XCTAssertThrowsError(try Migrator.migrate(database, lossy, now: "t")) { error in
            let text = String(describing: error)
            XCTAssertTrue(text.contains("kernel/002_lossy") && text.contains("child 表有 1 行") && text.contains("rowid 11"), text)
        }
        XCTAssertEqual(try database.read { try $0.scalarInt("SELECT count(*) FROM parent") }, 2, "nothing of the failed migration kept")
        XCTAssertEqual(try database.read { try $0.scalarInt("SELECT count(*) FROM pragma_table_info('parent') WHERE name = 'note'") }, 0)
        XCTAssertFalse(Migrator.isCurrent(database, lossy))
        XCTAssertThrowsError(try database.write { db in _ = try db.execute("INSERT INTO child VALUES (12, 99)") }, "foreign keys on again after a failure")
    }
}
