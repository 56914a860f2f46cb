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
}
