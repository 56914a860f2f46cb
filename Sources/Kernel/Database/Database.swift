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
/// loss; one government server with no UPS is the case we plan for.) Writes that arrive together
/// share one commit and one fsync (group commit, `write` and `WriteQueue`).
public final class Database: Sendable {
    public let path: String
    private let writer: Connection
    /// Whose turn it is on the writer, and the writes waiting for their group's commit.
    let queue = WriteQueue()
    private let readers: ReaderPool
    private let afterCommitHooks = Locked<[@Sendable () -> Void]>([])

    /// The reader pool's size and each connection's page cache.
    public let memory: DatabaseMemory

    /// Opens or creates the database at `path` with `readerCount` readers and the default page cache.
    public convenience init(path: String, readerCount: Int) throws {
        try self.init(path: path, memory: DatabaseMemory(readers: readerCount))
    }

    /// Opens or creates the database at `path`; `memory` sizes the reader pool and every
    /// connection's page cache.
    public init(path: String, memory: DatabaseMemory = DatabaseMemory()) throws {
        self.path = path
        self.memory = memory
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
        try writer.limitPageCache(kib: memory.pageCacheKiB)
        self.writer = writer
        var pool: [Connection] = []
        for _ in 0..<max(1, memory.readers) {
            let reader = try Connection(path: path, readOnly: true)
            try reader.executeScript("PRAGMA query_only = ON; PRAGMA trusted_schema = OFF;")
            try reader.limitPageCache(kib: memory.pageCacheKiB)
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

    /// Runs `body` in a write transaction; what it changed is rolled back if it throws. Returns once
    /// its changes are committed and on disk. Writes are serialized. After a successful commit the
    /// after-commit hooks run (outside the writer).
    ///
    /// Group commit: writes that arrive while another runs join its transaction (`WriteQueue`).
    /// Each runs in a SAVEPOINT of its own, so a body that throws (or leaves a foreign key broken)
    /// rolls back its own changes alone; the last write of the queue commits the group, one fsync
    /// for all, and only then does any of them return. A write that failed returns at once.
    /// The first write of a group needs no savepoint: the transaction is its alone until it ends,
    /// and if it fails the whole transaction is rolled back (`firstOfGroup`).
    ///
    /// `rerunnable`: the body only reads and writes this database (no effect elsewhere, no state
    /// kept outside it between runs), so running it a second time is the same as running it once.
    /// Such a write joins a group whose writes so far are all rerunnable without a savepoint
    /// (`withoutSavepoint`): a savepoint copies every page the write first touches to the
    /// sub-journal, ~44 pages and a fifth of the writer's time per hazard create (issue 23). If it
    /// then fails having changed nothing, it fails alone; if it had changed rows, the group's
    /// transaction is rolled back and the writes before it run their bodies again, each in a
    /// savepoint this time (`WriteQueue.Outcome.runAgain`).
    public func write<T>(rerunnable: Bool = false, _ body: (Connection) throws -> T) throws -> T {
        var mayGoWithoutSavepoint = rerunnable
        while true {
            if queue.takeTurn() { return try nestedWrite(body) }
            let result: Result<T, any Error>
            do {
                if queue.groupOpen {
                    if mayGoWithoutSavepoint && queue.groupRerunnable {
                        result = .success(try withoutSavepoint(body))
                    } else {
                        queue.groupRerunnable = false
                        result = .success(try inSavepoint(body))
                    }
                } else {
                    try beginGroup(rerunnable: mayGoWithoutSavepoint)
                    result = .success(try firstOfGroup(body))
                }
            } catch {
                result = .failure(error)
            }
            let member: WriteQueue.Member? = if case .success = result { WriteQueue.Member() } else { nil }
            switch queue.finishTurn(member) {
            case .handedOn:
                break
            case .endGroup:
                endGroup()
            }
            if let member {
                switch queue.wait(for: member) {
                case .failed(let error): throw error
                case .runAgain:
                    // A later write of the group failed without a savepoint: nothing of this one is
                    // on disk. Its body runs again, in a savepoint, so that this cannot repeat.
                    mayGoWithoutSavepoint = false
                    continue
                case .committed, .pending:
                    break
                }
                for hook in afterCommitHooks.current { hook() }
            }
            return try result.get()
        }
    }

    /// Runs `body` in one write whose turn this thread keeps until it returns: a write `body` begins
    /// on this thread (`write`, `Core.write`) nests in it, in a savepoint of its own, instead of
    /// taking a turn and a commit of its own; and a read of this database on this thread reads the
    /// writer connection, so it sees what the enclosing write has changed so far. Returns, like
    /// `write`, once everything is committed and on disk.
    ///
    /// For work that must be one atomic write with what a handler writes, though the handler takes
    /// its own transaction (the idempotency key stored with the create it answers: `Idempotency`).
    public func writeEnclosing<T>(_ body: (Connection) throws -> T) throws -> T {
        try write { db in
            queue.enclose(1)
            ThreadReader.enterWriter(self, Unmanaged.passUnretained(db))
            defer {
                ThreadReader.leave()
                queue.enclose(-1)
            }
            return try body(db)
        }
    }

    /// A write begun inside an enclosing write on the same thread: a savepoint inside the
    /// enclosing write's own. Committed (or not) with it; a failure rolls back this write alone.
    private func nestedWrite<T>(_ body: (Connection) throws -> T) throws -> T {
        guard queue.groupOpen, writer.isInTransaction else {
            throw GroupRolledBack(cause: "the enclosing write's transaction is gone")
        }
        return try inSavepoint(body)
    }

    /// Begins a group's transaction (the turn's holder, none open); `rerunnable`: its first write's.
    private func beginGroup(rerunnable: Bool) throws {
        try writer.execute("BEGIN IMMEDIATE")
        writer.transactionBoundary()
        writer.atCommit = []
        writer.defersToCommit = true
        queue.groupOpen = true
        queue.groupRerunnable = rerunnable
        queue.groupBegan()
    }

    /// Runs the body of the write that began the group's transaction, with no savepoint: nothing
    /// else is in the transaction yet, so if the body fails the transaction is rolled back whole
    /// (and the next write begins a new group). A savepoint costs more than its SQL: while one is
    /// open, every page a nested savepoint (an import's row) first changes is copied to the
    /// sub-journal, which spills to a temporary file past 64 KiB; with the write's own savepoint
    /// open for a whole CSV import that was ~22 page writes per row (issue 23, imports).
    private func firstOfGroup<T>(_ body: (Connection) throws -> T) throws -> T {
        do {
            return try runWithReferencesChecked(body)
        } catch {
            closeGroup(rollingBack: true)
            throw error
        }
    }

    /// Runs `body` on the writer; a foreign key it left unresolved (deferred) fails it, as its
    /// own COMMIT would have, and deferring ends with it.
    private func runWithReferencesChecked<T>(_ body: (Connection) throws -> T) throws -> T {
        let value = try body(writer)
        if writer.hasUnresolvedForeignKeys {
            throw DatabaseError(code: 787 /* SQLITE_CONSTRAINT_FOREIGNKEY */, message: "FOREIGN KEY constraint failed")
        }
        try endDeferredForeignKeys()
        return value
    }

    /// Ends the open group's transaction, committed or (`rollingBack`) rolled back here or already
    /// by SQLite, with the values derived from its rows; the next write begins a new group.
    private func closeGroup(rollingBack: Bool) {
        if rollingBack { writer.rollBack() } else { writer.transactionBoundary() }
        endDeferring()
        queue.groupOpen = false
    }

    /// The group's transaction is over (committed or rolled back): statements kept for its
    /// COMMIT are dropped and later ones run at once.
    private func endDeferring() {
        writer.atCommit = []
        writer.defersToCommit = false
    }

    /// Runs one write's body in its own savepoint of the group's transaction.
    private func inSavepoint<T>(_ body: (Connection) throws -> T) throws -> T {
        try writer.execute("SAVEPOINT anwei_write")
        // What this write keeps for the COMMIT goes if its savepoint is rolled back.
        let keptForCommit = writer.atCommit.count
        do {
            // A foreign key left unresolved (deferred) would fail the whole group's COMMIT: it
            // fails this write alone, as its own COMMIT would have.
            let value = try runWithReferencesChecked(body)
            try writer.execute("RELEASE anwei_write")
            return value
        } catch {
            if writer.atCommit.count > keptForCommit { writer.atCommit.removeSubrange(keptForCommit...) }
            rollBackSavepoint(after: error)
            throw error
        }
    }

    /// Runs a rerunnable write's body in the group's transaction with no savepoint: every write
    /// before it in the group is rerunnable too. If the body throws having changed no row (checked
    /// by SQLite's count of changed rows; a failed statement's own rows are undone by SQLite), it
    /// fails alone. Otherwise the group's transaction is rolled back: nothing of the group is on
    /// disk, the writes before this one are told to run again, and this one fails.
    private func withoutSavepoint<T>(_ body: (Connection) throws -> T) throws -> T {
        let changesBefore = writer.totalChanges
        let keptForCommit = writer.atCommit.count
        do {
            return try runWithReferencesChecked(body)
        } catch {
            let changedNothing = writer.isInTransaction && writer.totalChanges == changesBefore
                && writer.atCommit.count == keptForCommit && !writer.hasUnresolvedForeignKeys
            if changedNothing {
                try? endDeferredForeignKeys()
                throw error
            }
            closeGroup(rollingBack: true)
            queue.endGroup(.runAgain)
            throw error
        }
    }

    /// `PRAGMA defer_foreign_keys` lasts until COMMIT: turned off after each write, so that the next
    /// write of the group has its foreign keys checked at once, as in a transaction of its own.
    /// Read first and set only when on (a migration's): setting any flag pragma expires every
    /// prepared statement of the connection, and each would be compiled again on its next use.
    private func endDeferredForeignKeys() throws {
        if try writer.integer("PRAGMA defer_foreign_keys") != 0 { try writer.execute("PRAGMA defer_foreign_keys = OFF") }
    }

    /// Undoes a failed write's changes. If SQLite had already ended the whole transaction (disk
    /// full, I/O error) or the savepoint cannot be rolled back, the group is lost: every write
    /// waiting in it fails, and nothing of it is on disk.
    private func rollBackSavepoint(after cause: any Error) {
        // Values derived from rows this write made (`Connection.memoized`) go with them:
        // a rollback to a savepoint changes neither the data version nor the change count.
        writer.forgetDerivedValues()
        do {
            guard writer.isInTransaction else { throw DatabaseError(code: SQLITE_ABORT, message: "the transaction was rolled back") }
            try writer.execute("ROLLBACK TO anwei_write")
            try writer.execute("RELEASE anwei_write")
            try endDeferredForeignKeys()
        } catch {
            closeGroup(rollingBack: true)
            queue.endGroup(.failed(GroupRolledBack(cause: String(describing: cause))))
        }
    }

    /// Commits the open group (if any), gives the turn back and then wakes the group's writes (the
    /// next write need not wait while they are woken one by one). The turn's holder.
    private func endGroup() {
        let ended = commitGroup()
        queue.giveTurnBack()
        queue.wake(ended)
    }

    /// Commits the open group's transaction, if one is open, and returns its writes with their
    /// outcome set, to be woken (`WriteQueue.wake`). The turn's holder.
    private func commitGroup() -> [WriteQueue.Member] {
        guard queue.groupOpen else { return [] }
        let outcome: WriteQueue.Outcome
        do {
            // What the group's writes kept for now (`Connection.executeAtCommit`), then COMMIT.
            try writer.runAtCommit()
            try writer.execute("COMMIT")
            closeGroup(rollingBack: false)
            outcome = .committed
        } catch {
            closeGroup(rollingBack: true)
            outcome = .failed(error)
        }
        return queue.closeGroup(outcome)
    }

    /// Runs `body` on the writer connection outside any transaction (migrations, VACUUM, backup),
    /// after committing the group open, if any.
    public func withWriterConnection<T>(_ body: (Connection) throws -> T) throws -> T {
        // Inside an enclosing write it would commit that write's transaction half done.
        precondition(!queue.takeTurn(), "Database.withWriterConnection called inside a write on the same thread")
        defer { queue.giveTurnBack() }
        queue.wake(commitGroup())
        return try body(writer)
    }

    /// Registers work to run after every committed write (e.g. waking the event dispatcher).
    public func onCommit(_ hook: @escaping @Sendable () -> Void) {
        afterCommitHooks.withLock { $0.append(hook) }
    }

    /// Writes waiting now, for the writer or for their group's commit (a server's workers blocked,
    /// not working: `ServerConfiguration.blockedHandlers`).
    public var blockedWrites: Int { queue.blockedWrites }

    /// Groups committed so far (each one COMMIT): a background task that had nothing to do can tell
    /// whether anything was written since (`IndexKeeper`).
    public var committedGroups: Int { queue.committed.groups }

    /// How many times a reader had to wait for a free connection.
    public var poolWaits: Int { readers.waits.load(ordering: .relaxed) }

    /// How many reader connections the pool has.
    public var readerCount: Int { readers.count }

    /// What the connections hold now (page caches, statements, schema), by SQLite's counts. Each
    /// reader is counted while this thread has it out (it waits for a busy one), the writer in a
    /// turn of its own (which commits the group open, as a backup does). Not from inside a read
    /// or a write of this database: it would wait for itself.
    public func memoryUse() -> DatabaseMemoryUse {
        var use = DatabaseMemoryUse()
        for index in 0..<readers.count {
            readers.withReader(index) { use.add($0) }
        }
        try? withWriterConnection { use.add($0) }
        return use
    }

    /// Checkpoints the WAL into the main file (on clean shutdown).
    public func checkpoint() {
        try? withWriterConnection { try $0.executeScript("PRAGMA wal_checkpoint(TRUNCATE)") }
    }
}

/// A write that had succeeded was rolled back with its group, before being committed, because a
/// later write in the group ended the whole transaction (disk full, an I/O error). Nothing of it
/// is on disk.
public struct GroupRolledBack: Error, CustomStringConvertible {
    public let cause: String
    public var description: String { "the write was rolled back before it was committed, with its group: \(cause)" }
}
