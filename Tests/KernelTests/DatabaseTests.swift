import Foundation
@testable import Kernel
import TestSupport
import XCTest

final class DatabaseTests: XCTestCase {
    var folder: TemporaryFolder!
    override func setUp() { folder = TemporaryFolder() }
    override func tearDown() { folder.cleanUp() }

    func testOpensInWALWithForeignKeysAndFullSync() throws {
        let database = try Database(path: folder.file("a.db"))
        let (mode, fk, sync) = try database.withWriterConnection { db in
            (try db.scalar("PRAGMA journal_mode"), try db.scalarInt("PRAGMA foreign_keys"), try db.scalarInt("PRAGMA synchronous"))
        }
        XCTAssertEqual(mode, .text("wal"))
        XCTAssertEqual(fk, 1)
        XCTAssertEqual(sync, 2, "synchronous = FULL")
    }

    func testWriteRollsBackWhenBodyThrows() throws {
        let database = try Database(path: folder.file("a.db"))
        try database.write { try $0.executeScript("CREATE TABLE t (x INTEGER NOT NULL) STRICT") }
        struct Boom: Error {}
        XCTAssertThrowsError(try database.write { db in
            try db.execute("INSERT INTO t (x) VALUES (1)")
            throw Boom()
        })
        XCTAssertEqual(try database.read { try $0.scalarInt("SELECT count(*) FROM t") }, 0)
    }

    /// A statement's column names are made once and kept (issue 23); a schema change that
    /// recompiles the statement gives it the new names.
    func testColumnNamesFollowASchemaChange() throws {
        let database = try Database(path: folder.file("a.db"))
        try database.write { try $0.executeScript("CREATE TABLE t (x INTEGER NOT NULL, long_column_name_here TEXT) STRICT; INSERT INTO t (x, long_column_name_here) VALUES (1, '一')") }
        let sql = "SELECT * FROM t"
        for _ in 0..<2 {
            let row = try database.write { try $0.queryOne(sql) }
            XCTAssertEqual(row?.columns, ["x", "long_column_name_here"])
            XCTAssertEqual(row?.string("long_column_name_here"), "一")
            XCTAssertEqual(row?.int("x"), 1)
            XCTAssertEqual(row?["missing"], DatabaseValue.null)
        }
        try database.write { try $0.executeScript("ALTER TABLE t ADD COLUMN y TEXT NOT NULL DEFAULT '新'") }
        let row = try database.write { try $0.queryOne(sql) }
        XCTAssertEqual(row?.columns, ["x", "long_column_name_here", "y"])
        XCTAssertEqual(row?.string("y"), "新")
        try database.write { try $0.executeScript("ALTER TABLE t RENAME COLUMN y TO z") }
        XCTAssertEqual(try database.write { try $0.queryOne(sql) }?.columns, ["x", "long_column_name_here", "z"])
    }

    func testErrorsCarryResultCodeAndSayWhatFailed() throws {
        let database = try Database(path: folder.file("a.db"))
        try database.write { try $0.executeScript("CREATE TABLE t (x INTEGER NOT NULL UNIQUE) STRICT") }
        try database.write { _ = try $0.execute("INSERT INTO t (x) VALUES (1)") }
        do {
            try database.write { _ = try $0.execute("INSERT INTO t (x) VALUES (?)", [1]) }
            XCTFail("expected a constraint error")
        } catch let error as DatabaseError {
            XCTAssertEqual(error.failure, .constraint)
            XCTAssertTrue(error.isUniqueViolation)
            XCTAssertEqual(error.code & 0xff, 19)
            XCTAssertTrue(error.description.contains("a constraint was violated"), error.description)
            XCTAssertFalse(error.description.contains("VALUES (1)"), "arguments are never in the message")
        }
        do {
            try database.write { _ = try $0.execute("INSERT INTO t (x) VALUES ('text')") }
            XCTFail("STRICT tables refuse text in an INTEGER column")
        } catch let error as DatabaseError {
            XCTAssertEqual(error.failure, .constraint)
        }
    }

    func testRefusesAFileThatIsNotADatabase() throws {
        let path = folder.file("notes.txt")
        try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try Database(path: path)) { error in
            XCTAssertTrue(String(describing: error).contains("not an SQLite database") || String(describing: error).contains("not a database"), String(describing: error))
        }
    }

    func testReadersSeeOnlyCommittedData() throws {
        let database = try Database(path: folder.file("a.db"))
        try database.write { try $0.executeScript("CREATE TABLE t (x INTEGER) STRICT") }
        try database.write { db in
            try db.execute("INSERT INTO t (x) VALUES (1)")
            let seenByReader = try database.read { try $0.scalarInt("SELECT count(*) FROM t") }
            XCTAssertEqual(seenByReader, 0, "a reader must not see an uncommitted write")
        }
        XCTAssertEqual(try database.read { try $0.scalarInt("SELECT count(*) FROM t") }, 1)
    }

    func testANestedReadJoinsTheOuterReadsSnapshot() throws {
        let database = try Database(path: folder.file("a.db"))
        let other = try Database(path: folder.file("b.db"))
        try database.write { try $0.executeScript("CREATE TABLE t (x INTEGER) STRICT") }
        try other.write { try $0.executeScript("CREATE TABLE u (y INTEGER) STRICT; INSERT INTO u VALUES (7)") }
        try database.read { outer in
            XCTAssertEqual(try outer.scalarInt("SELECT count(*) FROM t"), 0)
            _ = try database.write { try $0.execute("INSERT INTO t (x) VALUES (1)") }
            try database.read { inner in
                XCTAssertTrue(inner === outer, "the same reader")
                XCTAssertEqual(try inner.scalarInt("SELECT count(*) FROM t"), 0, "the outer read's snapshot, not the newer commit")
            }
            // Another database's read inside is its own, and leaves this one readable.
            XCTAssertEqual(try other.read { try $0.scalarInt("SELECT y FROM u") }, 7)
            XCTAssertEqual(try database.read { try $0.scalarInt("SELECT count(*) FROM t") }, 0)
        }
        // Outside, a fresh read sees the commit; so does a read on another thread meanwhile.
        XCTAssertEqual(try database.read { try $0.scalarInt("SELECT count(*) FROM t") }, 1)
        let seen = Locked<Int64>(-1)
        try database.read { _ in
            let done = DispatchSemaphore(value: 0)
            Thread {
                seen.withLock { $0 = (try? database.read { try $0.scalarInt("SELECT count(*) FROM t") }) ?? -2 }
                done.signal()
            }.start()
            done.wait()
        }
        XCTAssertEqual(seen.current, 1, "another thread reads with a reader of its own")
    }

    func testTextAndBlobsRoundTripIncludingNulAndChinese() throws {
        let database = try Database(path: folder.file("a.db"))
        try database.write { try $0.executeScript("CREATE TABLE t (s TEXT, b BLOB, i INTEGER) STRICT") }
        let text = "区安委办\u{0}尾"
        try database.write { _ = try $0.execute("INSERT INTO t VALUES (?, ?, ?)", [text, [UInt8]([0, 1, 255]), Int64.max]) }
        let row = try database.read { try $0.queryOne("SELECT * FROM t") }!
        XCTAssertEqual(row.string("s"), text)
        XCTAssertEqual(row.blob("b"), [0, 1, 255])
        XCTAssertEqual(row.int("i"), Int64.max)
    }

    func testConcurrentReadersAndSerializedWriters() throws {
        let database = try Database(path: folder.file("a.db"), readerCount: 2)
        try database.write { try $0.executeScript("CREATE TABLE t (x INTEGER) STRICT") }
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            for j in 0..<25 {
                _ = try? database.write { try $0.execute("INSERT INTO t (x) VALUES (?)", [i * 100 + j]) }
                _ = try? database.read { try $0.scalarInt("SELECT count(*) FROM t") }
            }
        }
        XCTAssertEqual(try database.read { try $0.scalarInt("SELECT count(*) FROM t") }, 200)
    }

    /// More threads than readers: those that find the pool empty wait, are counted, and every read
    /// finishes (none is left waiting for a reader that was returned while it was about to wait).
    func testReadsBeyondThePoolWaitAndAllFinish() throws {
        let database = try Database(path: folder.file("a.db"), readerCount: 2)
        try database.write { try $0.executeScript("CREATE TABLE t (x INTEGER) STRICT; INSERT INTO t VALUES (1);") }
        let done = Locked(0)
        let finished = DispatchGroup()
        for _ in 0..<16 {
            finished.enter()
            Thread {
                for _ in 0..<200 {
                    if (try? database.read { db -> Int64 in
                        usleep(20)
                        return try db.scalarInt("SELECT count(*) FROM t")
                    }) == 1 { done.withLock { $0 += 1 } }
                }
                finished.leave()
            }.start()
        }
        XCTAssertEqual(finished.wait(timeout: .now() + 60), .success, "every thread finished")
        XCTAssertEqual(done.current, 16 * 200)
        XCTAssertGreaterThan(database.poolWaits, 0, "with 16 threads and 2 readers some waited")
    }

    /// A thread takes the reader it had last while that one is free (so that two workers keep to
    /// readers of their own), and never a reader another thread has out.
    func testAThreadTakesItsLastReaderAgainAndNeverOneInUse() throws {
        let database = try Database(path: folder.file("a.db"), readerCount: 3)
        try database.write { try $0.executeScript("CREATE TABLE t (x INTEGER) STRICT; INSERT INTO t VALUES (1);") }
        let first = try database.read { ObjectIdentifier($0) }
        for _ in 0..<20 {
            XCTAssertEqual(try database.read { ObjectIdentifier($0) }, first, "the same reader again")
        }
        let inUse = Locked(Set<ObjectIdentifier>())
        let overlaps = Locked(0), reads = Locked(0)
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            for _ in 0..<200 {
                _ = try? database.read { db -> Int64 in
                    let id = ObjectIdentifier(db)
                    if !inUse.withLock({ $0.insert(id).inserted }) { overlaps.withLock { $0 += 1 } }
                    defer { inUse.withLock { _ = $0.remove(id) } }
                    let count = try db.scalarInt("SELECT count(*) FROM t")
                    reads.withLock { $0 += 1 }
                    return count
                }
            }
        }
        XCTAssertEqual(overlaps.current, 0, "no reader was out to two threads at once")
        XCTAssertEqual(reads.current, 6 * 200)
    }

    /// Statements are cached by their text, whose hash samples a few slices: two long texts that
    /// differ only outside those slices are still two statements with their own results.
    func testStatementsDifferingOutsideTheHashedSlicesAreDistinct() throws {
        let database = try Database(path: folder.file("a.db"), readerCount: 1)
        let padding = String(repeating: "x", count: 300)
        func sql(_ marker: String) -> String { "SELECT '\(padding.prefix(40))\(marker)\(padding)' AS v" }
        try database.read { db in
            for marker in ["A", "B", "C", "A"] {
                let value = try db.queryOne(sql(marker))?.string("v")
                XCTAssertEqual(value.map { String($0.dropFirst(40).prefix(1)) }, marker)
            }
        }
        XCTAssertNotEqual(StatementKey(sql("A")), StatementKey(sql("B")))
        XCTAssertEqual(StatementKey(sql("A")).hashValue, StatementKey(sql("B")).hashValue, "the marker lies outside the hashed slices")
    }

    /// Statements are found first by the String value of their text (its 16 bytes); a text with
    /// equal bytes in other storage, or texts built and dropped one after another (whose storage
    /// may be reused), each still find the statement of their own text.
    func testStatementsFoundByTheStringValueAnswerForTheirOwnText() throws {
        var cache = StatementCache()
        func pointer(_ n: Int) -> OpaquePointer { OpaquePointer(bitPattern: 0x1000 + n * 16)! }
        let long = "SELECT " + String(repeating: "x", count: 40)
        cache.insert(pointer(1), for: long)
        XCTAssertEqual(cache.statement(long), pointer(1))
        XCTAssertEqual(cache.statement("SELECT " + String(repeating: "x", count: 40)), pointer(1), "equal text, other storage")
        XCTAssertNil(cache.statement("SELECT " + String(repeating: "y", count: 40)))
        cache.insert(pointer(2), for: "COMMIT")
        XCTAssertEqual(cache.statement("COMMIT"), pointer(2))
        XCTAssertNil(cache.statement("COMMIT;"))
        func text(_ i: Int) -> String { "SELECT \(i) AS n, '" + String(repeating: "z", count: 30) + "'" }
        for i in 0..<500 { cache.insert(pointer(100 + i), for: text(i)) }
        for round in 0..<2 {
            for i in 0..<500 { XCTAssertEqual(cache.statement(text(i)), pointer(100 + i), "round \(round), text \(i)") }
        }
        cache.removeAll()
        XCTAssertNil(cache.statement(long))
        XCTAssertNil(cache.statement("COMMIT"))
    }

    /// A read is held open by a running statement, not BEGIN … COMMIT: memoized lookups inside it
    /// keep its snapshot, and a read that throws, or whose body began a transaction of its own,
    /// leaves its reader free and outside any transaction for the next.
    func testAReadKeepsItsSnapshotAcrossMemoizedLookupsAndEndsCleanly() throws {
        struct Stop: Error {}
        let database = try Database(path: folder.file("held.db"), readerCount: 1)
        try database.write { try $0.executeScript("CREATE TABLE t (x INTEGER) STRICT; INSERT INTO t VALUES (1)") }
        let counts = MemoTable<Int, Int64>()
        try database.read { db in
            XCTAssertEqual(try db.memoized(counts, 0) { try db.scalarInt("SELECT count(*) FROM t") }, 1)
            _ = try database.write { try $0.execute("INSERT INTO t VALUES (2)") }
            XCTAssertEqual(try db.memoized(counts, 1) { try db.scalarInt("SELECT count(*) FROM t") }, 1, "the read's snapshot")
            XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM t"), 1)
        }
        XCTAssertThrowsError(try database.read { _ in throw Stop() })
        XCTAssertThrowsError(try database.read { db in
            try db.executeScript("BEGIN")
            throw Stop()
        })
        try database.read { db in
            XCTAssertFalse(db.isInTransaction)
            XCTAssertEqual(try db.scalarInt("SELECT count(*) FROM t"), 2)
            XCTAssertEqual(try db.memoized(counts, 0) { try db.scalarInt("SELECT count(*) FROM t") }, 2, "made afresh after the commit")
        }
    }

    /// Two memo tables with the same types of key and value keep their values apart.
    func testMemoTablesKeepTheirValuesApart() throws {
        let database = try Database(path: folder.file("tables.db"), readerCount: 1)
        let first = MemoTable<String, Int>(), second = MemoTable<String, Int>()
        try database.read { db in
            XCTAssertEqual(try db.memoized(first, "k") { 1 }, 1)
            XCTAssertEqual(try db.memoized(second, "k") { 2 }, 2)
            XCTAssertEqual(try db.memoized(first, "k") { 3 }, 1)
            XCTAssertEqual(try db.memoized(second, "k") { 4 }, 2)
            XCTAssertEqual(try db.memoized(first, "other") { 5 }, 5)
        }
    }

    func testMemoizedValuesLastUntilAnyConnectionChangesTheDatabase() throws {
        let path = folder.file("memo.db")
        let database = try Database(path: path, readerCount: 1)
        try database.write { try $0.executeScript("CREATE TABLE t (x INTEGER) STRICT; INSERT INTO t VALUES (1);") }
        let made = Locked(0)
        let sums = MemoTable<String, Int64>()
        func read(_ db: Connection) throws -> Int64 {
            try db.memoized(sums, "sum") { () throws -> Int64 in
                made.withLock { $0 += 1 }
                return try db.scalarInt("SELECT sum(x) FROM t")
            }
        }
        XCTAssertEqual(try database.read(read), 1)
        XCTAssertEqual(try database.read(read), 1)
        XCTAssertEqual(made.current, 1, "kept while nothing changed")

        // A commit by this process's writer.
        try database.write { _ = try $0.execute("INSERT INTO t VALUES (2)") }
        XCTAssertEqual(try database.read(read), 3)
        XCTAssertEqual(made.current, 2)

        // A commit by another connection (as another process would make).
        let other = try Connection(path: path)
        try other.execute("INSERT INTO t VALUES (4)")
        XCTAssertEqual(try database.read(read), 7)
        XCTAssertEqual(try database.read(read), 7)
        XCTAssertEqual(made.current, 3)

        // The writer's own changes, which data_version does not count, also start afresh.
        try database.write { db in
            XCTAssertEqual(try read(db), 7)
            try db.execute("INSERT INTO t VALUES (8)")
            XCTAssertEqual(try read(db), 15)
        }
    }
}
