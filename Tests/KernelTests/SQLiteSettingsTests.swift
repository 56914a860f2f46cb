// Process-wide SQLite settings the kernel makes before the first connection opens.
@testable import Kernel
import TestSupport
import XCTest

final class SQLiteSettingsTests: XCTestCase {
    /// Memory statistics are off: they would serialise every allocation of every connection on
    /// one mutex. With them off, SQLite counts nothing, however much its connections allocate.
    func testMemoryStatisticsAreOff() throws {
        let folder = TemporaryFolder()
        let database = try Database(path: folder.file("settings.db"))
        try database.withWriterConnection { db in
            try db.execute("CREATE TABLE t (x TEXT)")
            for i in 0..<200 { try db.execute("INSERT INTO t VALUES (?)", [String(repeating: "字", count: i * 10)]) }
            XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM t"), 200)
        }
        XCTAssertTrue(Connection.configured, "the setting was made before SQLite started")
        XCTAssertEqual(Connection.memoryCounted, 0)
    }

    /// A savepoint's journal of the pages it changed stays in memory up to 120 KiB: a write of a
    /// group that changes ~25 pages opens no temporary file (it did past 64 KiB); a larger one
    /// still spills to one, and the write succeeds (with a limit of 128 KiB or more SQLite 3.40.1
    /// failed it as "database or disk is full").
    func testSavepointJournalStaysInMemoryUpToItsLimit() throws {
        let folder = TemporaryFolder()
        let database = try Database(path: folder.file("subjournal.db"))
        try database.withWriterConnection { db in
            try db.execute("CREATE TABLE t (x TEXT)")
            try db.execute("""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 6000)
                INSERT INTO t SELECT hex(zeroblob(500)) || i FROM n
                """)
            // ~1,500 pages of ~1 KiB rows; changing a row in a savepoint journals its page once.
            func changedInSavepoint(_ rows: Int) throws -> Bool {
                try db.execute("BEGIN IMMEDIATE")
                try db.execute("SAVEPOINT s")
                try db.execute("UPDATE t SET x = x || 'b' WHERE rowid <= ?", [rows])
                let spilled = Self.openTemporaryFiles() > 0
                try db.execute("RELEASE s")
                try db.execute("COMMIT")
                return spilled
            }
            XCTAssertTrue(Connection.configured)
            XCTAssertEqual(Self.openTemporaryFiles(), 0)
            XCTAssertFalse(try changedInSavepoint(100), "~25 pages (100 KiB) of sub-journal: in memory")
            XCTAssertTrue(try changedInSavepoint(6_000), "~1,500 pages (6 MiB): past the limit, on a temporary file")
            XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM t WHERE x LIKE '%bb'"), 100, "both changes were made")
        }
    }

    /// SQLite's temporary files (unlinked when opened) this process has open.
    private static func openTemporaryFiles() -> Int {
        let fds = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return fds.filter { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\($0)"))?.contains("etilqs_") ?? false }.count
    }
}
