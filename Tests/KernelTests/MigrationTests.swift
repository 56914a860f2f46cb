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
}
