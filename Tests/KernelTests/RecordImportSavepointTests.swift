// An import writes its rows without a savepoint each (issue 23); a row refused after it wrote
// something (here: a town's record that would land in another town) sends the import back to one
// savepoint per row, so the refusal, the other rows' checks and "nothing written" stay as they were.
import Foundation
import Kernel
import TestSupport
import XCTest

final class RecordImportSavepointTests: XCTestCase {
    static let notes = EntitySchema(
        name: "note", plural: "notes", table: "test_notes", label: "note",
        fields: [
            FieldSpec("name", label: "name", type: .text(maxLength: 100), required: true),
            FieldSpec("territory_id", label: "territory", type: .integer(range: 1...1_000), required: true),
        ],
        listColumns: ["id", "name"], scope: .located(territoryColumn: "territory_id", unitColumn: nil, enterpriseColumn: nil),
        writers: [.admin, .office, .town])

    func makeCore(_ folder: TemporaryFolder) throws -> Core {
        let database = try Database(path: folder.file("import.db"))
        try Migrator.migrate(database, Migration.embedded(module: "kernel", kernelMigrations), now: "2024-01-01T00:00:00.000Z")
        try database.withWriterConnection { db in
            try db.executeScript("CREATE TABLE test_notes (id INTEGER PRIMARY KEY, name TEXT, territory_id INTEGER, version INTEGER, created_at TEXT, updated_at TEXT)")
        }
        return Core(database: database, clock: FixedClock(CalendarDate(year: 2024, month: 1, day: 1)!), bus: EventBus([]))
    }

    func count(_ core: Core, _ sql: String) throws -> Int64 { try core.read { try $0.scalarInt(sql) } }

    func testARowRefusedAfterWritingIsReportedAndNothingIsWritten() throws {
        let folder = TemporaryFolder()
        let core = try makeCore(folder)
        let store = RecordStore([Self.notes])
        let town = Actor(userID: nil, username: "town1", role: .town, scope: .territory(1))
        let csv = "name,territory_id\nA,1\nB,2\nC,1\nD,x\nE,2\n"
        XCTAssertThrowsError(try core.write(town) { tx in try store.importCSV(Self.notes, text: csv, dryRun: false, tx) }) { error in
            guard let rejected = error as? ImportRejected else { return XCTFail("\(error)") }
            XCTAssertEqual(rejected.problems.map(\.line), [3, 5, 6], "the two rows outside the town and the bad number, each by its line")
            XCTAssertTrue(rejected.problems[0].message.contains("outside your scope"), rejected.problems[0].message)
        }
        XCTAssertEqual(try count(core, "SELECT count(*) FROM test_notes"), 0, "nothing written")
        XCTAssertEqual(try count(core, "SELECT count(*) FROM kernel_audit"), 0, "not even an audit record")

        // The rows within the town: written, one audit record each, ids in file order.
        let result = try core.write(town) { tx in try store.importCSV(Self.notes, text: "name,territory_id\nA,1\nC,1\n", dryRun: false, tx) }
        XCTAssertEqual(result.rows, 2)
        XCTAssertEqual(try core.read { try $0.query("SELECT name FROM test_notes ORDER BY id").map { $0.requiredString("name") } }, ["A", "C"])
        XCTAssertEqual(try count(core, "SELECT count(*) FROM kernel_audit"), 2)
        XCTAssertTrue(try core.read { try AuditLog.verify($0) }.isIntact)
    }

    func testAnOfficeImportWithABadRowNamesItAndWritesNothing() throws {
        let folder = TemporaryFolder()
        let core = try makeCore(folder)
        let store = RecordStore([Self.notes])
        let csv = "name,territory_id\nA,1\nB,0\nC,2\n"
        XCTAssertThrowsError(try core.write(.localAdministrator) { tx in try store.importCSV(Self.notes, text: csv, dryRun: false, tx) }) { error in
            XCTAssertEqual((error as? ImportRejected)?.problems.map(\.line), [3])
        }
        XCTAssertEqual(try count(core, "SELECT count(*) FROM test_notes"), 0)
        let result = try core.write(.localAdministrator) { tx in try store.importCSV(Self.notes, text: "name,territory_id\nA,1\nC,2\n", dryRun: false, tx) }
        XCTAssertEqual(result.created.count, 2)
        XCTAssertEqual(try count(core, "SELECT count(*) FROM test_notes"), 2)
    }
}
