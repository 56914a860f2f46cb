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
    private let readers: ReaderPool
    private let afterCommitHooks = Locked<[@Sendable () -> Void]>([])

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
        self.readers = ReaderPool(pool)
    }

    /// Runs `body` in a read transaction on a pooled reader connection (a consistent snapshot).
    ///
    /// A read inside another read of the same database on the same thread joins it: same reader,
    /// same snapshot (so a GET answered with several reads sees one state of the database, and
    /// takes SQLite's read lock once).
    @inline(__always)
    public func read<T>(_ body: (Connection) throws -> T) throws -> T {
        // Plain calls of `body`, not lent through a closure: this must stay small enough to be
        // inlined where it is called (and `Core.read` with it), else the caller's closure, which
        // captures the route's schema, is copied on every request.
        if let current = ThreadReader.current(of: self) { return try body(current.takeUnretainedValue()) }
        // Kept out of line, so that this generic part stays small enough to be inlined where it is
        // called (and the caller's closure with it, capturing nothing by copy).
        let reader = try beginRead()
        defer { endRead(reader) }
        return try body(readers.connection(reader).takeUnretainedValue())
    }

    /// Takes a reader (the one this thread had last, if free), begins its read and marks the
    /// thread as reading with it; returns its index in the pool.
    private func beginRead() throws -> Int {
        let index = readers.take(preferred: ThreadReader.lastReader(of: self))
        let connection = readers.connection(index)
        do {
            // Held open by a running statement, not by BEGIN … COMMIT (see `HeldRead.swift`).
            try connection._withUnsafeGuaranteedRef { try $0.beginRead() }
        } catch {
            readers.giveBack(index)
            throw error
        }
        ThreadReader.enter(self, connection, reader: index)
        return index
    }

    /// Ends the read `beginRead` began and gives its reader back.
    private func endRead(_ index: Int) {
        ThreadReader.leave()
        readers.connection(index)._withUnsafeGuaranteedRef { $0.endRead() }
        readers.giveBack(index)
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
    public var poolWaits: Int { readers.waits.load(ordering: .relaxed) }

    /// Checkpoints the WAL into the main file (on clean shutdown).
    public func checkpoint() {
        try? withWriterConnection { try $0.executeScript("PRAGMA wal_checkpoint(TRUNCATE)") }
    }
}
