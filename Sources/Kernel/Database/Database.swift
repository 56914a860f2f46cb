// The database: one SQLite file in WAL mode, one writer connection (writes serialized) and a
// pool of reader connections. `read {}` and `write {}` make the transaction boundary visible.
import CSQLite
import Foundation
import Synchronization

/// One Anwei database file.
///
/// Durability: `PRAGMA synchronous = FULL` in WAL mode. Each commit is fsynced to the WAL before
/// `write` returns, so an acknowledged write survives the process being killed and the machine
/// losing power. (`NORMAL` would survive a killed process but may lose the last commits on power
/// loss; one government server with no UPS is the case we plan for.)
public final class Database: Sendable {
    public let path: String
    private let writer: Connection
    private let writerLock = Lock()
    private let readers: Locked<[Connection]>
    private let readerAvailable = NSCondition()
    /// Threads waiting in `checkOutReader` for a reader.
    private let readerWaiters = Atomic<Int>(0)
    private let counters = Locked(Counters())
    private let afterCommitHooks = Locked<[@Sendable () -> Void]>([])

    struct Counters { var poolWaits = 0; var writes = 0 }

    /// Opens or creates the database at `path`.
    public init(path: String, readerCount: Int = 4) throws {
        self.path = path
        let writer = try Connection(path: path)
        do {
            // A file that is not SQLite fails here, with a message saying so.
            _ = try writer.scalar("SELECT count(*) FROM sqlite_schema")
        } catch let error as DatabaseError where error.failure == .notADatabase {
            throw DatabaseError(code: error.code, message: "\(path) is not an SQLite database")
        }
        let mode = try writer.scalar("PRAGMA journal_mode = WAL")
        guard mode == .text("wal") else {
            throw DatabaseError(code: SQLITE_ERROR, message: "cannot switch \(path) to WAL mode (got \(mode))")
        }
        try writer.executeScript("PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA trusted_schema = OFF;")
        self.writer = writer
        var pool: [Connection] = []
        for _ in 0..<max(1, readerCount) {
            let reader = try Connection(path: path, readOnly: true)
            try reader.executeScript("PRAGMA query_only = ON; PRAGMA trusted_schema = OFF;")
            pool.append(reader)
        }
        self.readers = Locked(pool)
    }

    /// Runs `body` in a read transaction on a pooled reader connection (a consistent snapshot).
    ///
    /// A read inside another read of the same database on the same thread joins it: same reader,
    /// same snapshot (so a GET answered with several reads sees one state of the database, and
    /// takes SQLite's read lock once).
    public func read<T>(_ body: (Connection) throws -> T) throws -> T {
        if let current = ThreadReader.current(of: self) { return try body(current) }
        let connection = checkOutReader()
        defer { checkIn(connection) }
        // Held open by a running statement, not by BEGIN … COMMIT (see `HeldRead.swift`).
        try connection.beginRead()
        defer { connection.endRead() }
        ThreadReader.enter(self, connection)
        defer { ThreadReader.leave() }
        return try body(connection)
    }

    /// Runs `body` in one write transaction (`BEGIN IMMEDIATE` … `COMMIT`); rolls back if it throws.
    /// Writes are serialized. After a successful commit the after-commit hooks run (outside the lock).
    public func write<T>(_ body: (Connection) throws -> T) throws -> T {
        let result: T = try writerLock.withLock {
            try writer.executeScript("BEGIN IMMEDIATE")
            writer.transactionBoundary()
            defer { writer.transactionBoundary() }
            do {
                let value = try body(writer)
                try writer.executeScript("COMMIT")
                return value
            } catch {
                if writer.isInTransaction { try? writer.executeScript("ROLLBACK") }
                throw error
            }
        }
        counters.withLock { $0.writes += 1 }
        for hook in afterCommitHooks.current { hook() }
        return result
    }

    /// Runs `body` on the writer connection outside any transaction (migrations, VACUUM, backup).
    public func withWriterConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        try writerLock.withLock { try body(writer) }
    }

    /// Registers work to run after every committed write (e.g. waking the event dispatcher).
    public func onCommit(_ hook: @escaping @Sendable () -> Void) {
        afterCommitHooks.withLock { $0.append(hook) }
    }

    /// How many times a reader had to wait for a free connection.
    public var poolWaits: Int { counters.current.poolWaits }

    /// Checkpoints the WAL into the main file (on clean shutdown).
    public func checkpoint() {
        try? withWriterConnection { try $0.executeScript("PRAGMA wal_checkpoint(TRUNCATE)") }
    }

    /// A free reader; waits for one only when every reader is out. The condition's lock is taken
    /// only then, so requests on different threads do not queue on it while readers are free.
    private func checkOutReader() -> Connection {
        if let connection = readers.withLock({ $0.popLast() }) { return connection }
        readerAvailable.lock()
        defer { readerAvailable.unlock() }
        readerWaiters.add(1, ordering: .sequentiallyConsistent)
        defer { readerWaiters.subtract(1, ordering: .sequentiallyConsistent) }
        var waited = false
        while true {
            if let connection = readers.withLock({ $0.popLast() }) {
                if waited { counters.withLock { $0.poolWaits += 1 } }
                return connection
            }
            waited = true
            readerAvailable.wait()
        }
    }

    /// Returns a reader; wakes a waiting thread if there is one. A waiter counts itself before it
    /// looks at the pool, and the return puts the reader back before it looks at the count, so
    /// either the waiter finds the reader or the return sees the waiter.
    private func checkIn(_ connection: Connection) {
        readers.withLock { $0.append(connection) }
        guard readerWaiters.load(ordering: .sequentiallyConsistent) > 0 else { return }
        readerAvailable.lock()
        readerAvailable.signal()
        readerAvailable.unlock()
    }
}
