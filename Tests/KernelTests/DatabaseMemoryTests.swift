// The database's memory settings are applied to the real connections: the reader pool's size and
// every connection's page cache limit (PRAGMA cache_size), and SQLite's counts read back.
import Foundation
@testable import Kernel
import TestSupport
import XCTest

final class DatabaseMemoryTests: XCTestCase {
    var folder: TemporaryFolder!
    override func setUp() { folder = TemporaryFolder() }
    override func tearDown() { folder.cleanUp() }

    func testDefaultsBoundEveryConnectionsPageCache() throws {
        let database = try Database(path: folder.file("d.db"))
        XCTAssertEqual(database.memory, DatabaseMemory())
        XCTAssertEqual(database.readerCount, DatabaseMemory.defaultReaders)
        let use = database.memoryUse()
        XCTAssertEqual(use.connections, DatabaseMemory.defaultReaders + 1, "the readers and the writer")
        XCTAssertEqual(use.pageCacheLimitsKiB, Array(repeating: DatabaseMemory.defaultPageCacheKiB, count: DatabaseMemory.defaultReaders + 1))
    }

    func testReadersAndPageCacheAreThoseAskedFor() throws {
        let database = try Database(path: folder.file("s.db"), memory: DatabaseMemory(readers: 2, pageCacheKiB: 256))
        XCTAssertEqual(database.readerCount, 2)
        XCTAssertEqual(try database.withWriterConnection { try $0.scalarInt("PRAGMA cache_size") }, -256, "KiB, not pages")
        XCTAssertEqual(try database.read { try $0.scalarInt("PRAGMA cache_size") }, -256)
        XCTAssertEqual(database.memoryUse().pageCacheLimitsKiB, [256, 256, 256])
        // Two reads at once take both readers; each has the limit.
        let limits = Locked<[Int]>([])
        let inside = DispatchSemaphore(value: 0), done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            try? database.read { db in
                limits.withLock { $0.append((try? db.pageCacheLimitKiB()) ?? 0) }
                inside.signal()
                done.wait()
            }
        }
        inside.wait()
        try database.read { db in limits.withLock { $0.append((try? db.pageCacheLimitKiB()) ?? 0) } }
        done.signal()
        XCTAssertEqual(limits.current, [256, 256])
    }

    func testCountsWhatTheConnectionsHold() throws {
        let database = try Database(path: folder.file("c.db"), memory: DatabaseMemory(readers: 1, pageCacheKiB: 64))
        try database.write { db in
            try db.execute("CREATE TABLE t (x TEXT)")
            for i in 0..<500 { try db.execute("INSERT INTO t VALUES (?)", [String(repeating: "字", count: 100 + i)]) }
        }
        XCTAssertEqual(try database.read { try $0.scalarInt("SELECT count(*) FROM t WHERE x LIKE '%字%'") }, 500)
        let use = database.memoryUse()
        XCTAssertEqual(use.connections, 2)
        XCTAssertGreaterThan(use.pageCache, 0, "pages were read and kept")
        XCTAssertGreaterThan(use.statements, 0, "statements are cached")
        XCTAssertGreaterThan(use.schema, 0)
        XCTAssertEqual(use.total, use.pageCache + use.statements + use.schema)
    }

    /// Counting waits for a reader another thread has out, and gives it back.
    func testCountingWaitsForABusyReader() throws {
        let database = try Database(path: folder.file("b.db"), memory: DatabaseMemory(readers: 1))
        let inside = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0), counted = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            try? database.read { _ in
                inside.signal()
                release.wait()
            }
        }
        inside.wait()
        let use = Locked<DatabaseMemoryUse?>(nil)
        DispatchQueue.global().async {
            use.withLock { $0 = database.memoryUse() }
            counted.signal()
        }
        XCTAssertEqual(counted.wait(timeout: .now() + 0.2), .timedOut, "the reader is out")
        release.signal()
        counted.wait()
        XCTAssertEqual(use.current?.connections, 2)
        XCTAssertEqual(try database.read { try $0.scalarInt("SELECT 1") }, 1, "the reader was given back")
    }
}
