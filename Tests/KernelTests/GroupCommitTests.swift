import Foundation
@testable import Kernel
import TestSupport
import XCTest

/// Group commit (issue 23): writes that arrive together are committed in one transaction, each in
/// a savepoint of its own; each answered only once the group is on disk.
///
/// To make a group form without relying on timing, a "gate" write holds the writer until every
/// other write of the test waits behind it (`WriteQueue.waitingWrites`); they then take their turns
/// one after another and the last commits them all.
final class GroupCommitTests: XCTestCase {
    var folder: TemporaryFolder!
    override func setUp() { folder = TemporaryFolder() }
    override func tearDown() { folder.cleanUp() }

    struct Refused: Error {}

    final class Handler: @unchecked Sendable {
        var subscription: Subscription {
            Subscription.on(ThingHappened.self, id: "test.group-effect") { thing, event, tx in
                try tx.db.execute("INSERT INTO test_effects (thing_id, event_id) VALUES (?, ?)", [thing.thingId, event.id])
                try tx.audit(action: "test.effect", entity: "thing", entityID: String(thing.thingId))
            }
        }
    }

    func makeCore() throws -> Core {
        let clock = FixedClock(CalendarDate(year: 2024, month: 3, day: 1)!)
        let database = try Database(path: folder.file("group.db"))
        // Wide limits: a group here ends only when nobody waits (the tests count groups).
        database.queue.maximumMembers = 1_000
        database.queue.maximumOpen = 600
        let migrations = Migration.embedded(module: "kernel", kernelMigrations) + [
            Migration(module: "test", name: "001", sql: """
                CREATE TABLE test_things (id INTEGER PRIMARY KEY, note TEXT NOT NULL) STRICT;
                CREATE TABLE test_children (id INTEGER PRIMARY KEY, thing_id INTEGER NOT NULL REFERENCES test_things (id)) STRICT;
                CREATE TABLE test_effects (thing_id INTEGER NOT NULL, event_id INTEGER NOT NULL) STRICT;
                CREATE TABLE test_at_commit (thing_id INTEGER NOT NULL) STRICT;
                """),
        ]
        try Migrator.migrate(database, migrations, now: Instant.utc(clock.now()))
        return Core(database: database, clock: clock, bus: EventBus([Handler().subscription]))
    }

    /// Runs `body(i)` for i in 0..<count, each on a thread of its own, and returns when all ended.
    func onThreads(_ count: Int, _ body: @escaping @Sendable (Int) -> Void) {
        let group = DispatchGroup()
        for i in 0..<count {
            group.enter()
            Thread {
                body(i)
                group.leave()
            }.start()
        }
        group.wait()
    }

    /// Starts a write on a thread of its own that holds the writer until `count` writes wait behind
    /// it, then runs `body` and ends; returns once it holds the writer. `finished` gets its result.
    func gate(_ database: Database, until count: Int, _ body: @escaping @Sendable (Connection) throws -> Void,
              finished: @escaping @Sendable (Result<Void, any Error>) -> Void) -> DispatchGroup {
        let holding = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        done.enter()
        Thread {
            let result = Result<Void, any Error> {
                try database.write { db in
                    holding.signal()
                    while database.queue.waitingWrites < count { usleep(500) }
                    try body(db)
                }
            }
            finished(result)
            done.leave()
        }.start()
        holding.wait()
        return done
    }

    func count(_ core: Core, _ sql: String) throws -> Int64 { try core.read { try $0.scalarInt(sql) } }

    func testWritesThatArriveTogetherAreCommittedTogetherAndEachFailureAloneIsRolledBack() throws {
        let core = try makeCore()
        let database = core.database
        let writers = 24
        let before = database.queue.committed
        let outcomes = Locked<[Int: String]>([:])
        let seenRightAfter = Locked<Set<Int>>([])
        let gateDone = gate(database, until: writers, { _ in }, finished: { result in
            let ok = (try? result.get()) != nil
            outcomes.withLock { $0[-1] = ok ? "ok" : "failed" }
        })

        onThreads(writers) { i in
            let id = Int64(1000 + i)
            do {
                let answer: Int64 = try core.write(.localAdministrator) { tx in
                    try tx.db.execute("INSERT INTO test_things (id, note) VALUES (?, ?)", [id, "第\(i)件"])
                    switch i % 4 {
                    case 1:
                        // A rule broken after writing: this write alone is rolled back.
                        try tx.audit(action: "test.thing", entity: "thing", entityID: String(id))
                        try tx.publish(ThingHappened(thingId: id, note: "never"))
                        throw Refused()
                    case 2:
                        // Changed data without an audit record: refused (UnauditedWrite).
                        break
                    case 3:
                        // A foreign key left broken until the end (deferred): fails this write
                        // alone, not the group's COMMIT.
                        try tx.db.executeScript("PRAGMA defer_foreign_keys = ON")
                        try tx.db.execute("INSERT INTO test_children (thing_id) VALUES (?)", [Int64(999_999)])
                        try tx.audit(action: "test.thing", entity: "thing", entityID: String(id))
                    default:
                        try tx.db.execute("INSERT INTO test_children (thing_id) VALUES (?)", [id])
                        try tx.audit(action: "test.thing", entity: "thing", entityID: String(id), after: .object(["id": .int(id)]))
                        let sentence = "第\(i)件 \"引号\" \\ / 换行\n\u{1}"
                        try tx.publish(ThingHappened(thingId: id, note: sentence), summary: sentence)
                    }
                    return id
                }
                XCTAssertEqual(answer, id)
                // Answered: on disk, and seen by any read from now on.
                if try core.read({ try $0.scalarInt("SELECT count(*) FROM test_things WHERE id = ?", [id]) }) == 1 {
                    seenRightAfter.withLock { _ = $0.insert(i) }
                }
                outcomes.withLock { $0[i] = "ok" }
            } catch is Refused {
                outcomes.withLock { $0[i] = "refused" }
            } catch is UnauditedWrite {
                outcomes.withLock { $0[i] = "unaudited" }
            } catch let error as DatabaseError where error.isConstraintViolation {
                outcomes.withLock { $0[i] = "foreign key" }
            } catch {
                outcomes.withLock { $0[i] = "unexpected: \(error)" }
            }
        }
        gateDone.wait()

        let expected = Dictionary(uniqueKeysWithValues: (0..<writers).map { i in
            (i, ["ok", "refused", "unaudited", "foreign key"][i % 4])
        }).merging([-1: "ok"]) { $1 }
        XCTAssertEqual(outcomes.current, expected)
        let succeeded = (0..<writers).filter { $0 % 4 == 0 }
        XCTAssertEqual(seenRightAfter.current, Set(succeeded), "a write answered is visible to the next read")

        // One group: the gate and every write that waited behind it, one COMMIT.
        let after = database.queue.committed
        XCTAssertEqual(after.groups - before.groups, 1)
        XCTAssertEqual(after.writes - before.writes, succeeded.count + 1)

        // Exactly the successful writes' rows, children, audit records, events and deliveries.
        let ids = try core.read { try $0.query("SELECT id FROM test_things ORDER BY id").compactMap { $0.int("id") } }
        XCTAssertEqual(ids, succeeded.map { Int64(1000 + $0) })
        XCTAssertEqual(try count(core, "SELECT count(*) FROM test_children"), Int64(succeeded.count))
        XCTAssertEqual(try count(core, "SELECT count(*) FROM test_children c JOIN test_things t ON t.id = c.thing_id"), Int64(succeeded.count))
        XCTAssertEqual(try count(core, "SELECT count(*) FROM kernel_events"), Int64(succeeded.count))
        XCTAssertEqual(try count(core, "SELECT count(*) FROM kernel_deliveries WHERE status = 'pending'"), Int64(succeeded.count))
        XCTAssertEqual(try count(core, "SELECT count(*) FROM kernel_events WHERE json_valid(payload) AND json_extract(payload, '$.summary') = json_extract(payload, '$.note')"),
                       Int64(succeeded.count), "each summary is the JSON string of its sentence")
        let audited = try core.read { try $0.query("SELECT entity_id FROM kernel_audit ORDER BY id").compactMap { $0.string("entity_id") } }
        XCTAssertEqual(Set(audited), Set(succeeded.map { String(1000 + $0) }))
        XCTAssertEqual(audited.count, succeeded.count)
        let verification = try core.read { try AuditLog.verify($0) }
        XCTAssertTrue(verification.isIntact, "\(String(describing: verification.firstBroken))")
        XCTAssertEqual(verification.records, succeeded.count)

        // Delivered after commit, each event once.
        let report = EventDispatcher(core: core).deliverDue()
        XCTAssertEqual(report.delivered, succeeded.count)
        XCTAssertEqual(report.failed, 0)
        XCTAssertEqual(try core.read { try $0.query("SELECT thing_id FROM test_effects ORDER BY thing_id").compactMap { $0.int("thing_id") } },
                       succeeded.map { Int64(1000 + $0) })
        XCTAssertTrue(try core.read { try AuditLog.verify($0) }.isIntact)
    }

    /// `PRAGMA defer_foreign_keys` set by one write lasts until COMMIT in SQLite; the next write of
    /// the same group still has its foreign keys checked at once, at the statement.
    func testDeferredForeignKeysOfOneWriteDoNotCarryIntoTheNext() throws {
        let core = try makeCore()
        let database = core.database
        let before = database.queue.committed.groups
        let gateDone = gate(database, until: 1, { db in
            try db.executeScript("PRAGMA defer_foreign_keys = ON")
            try db.execute("INSERT INTO test_children (id, thing_id) VALUES (1, 1)")
            try db.execute("INSERT INTO test_things (id, note) VALUES (1, 'parent after child')")
        }, finished: { result in
            if case .failure(let error) = result { XCTFail("the gate failed: \(error)") }
        })
        let atTheStatement = Locked<Bool?>(nil)
        onThreads(1) { _ in
            do {
                _ = try database.write { db in
                    do {
                        try db.execute("INSERT INTO test_children (id, thing_id) VALUES (2, 999)")
                        atTheStatement.withLock { $0 = false }
                    } catch let error as DatabaseError where error.isConstraintViolation {
                        atTheStatement.withLock { $0 = true }
                    }
                }
            } catch {
                XCTFail("the second write failed: \(error)")
            }
        }
        gateDone.wait()
        XCTAssertEqual(atTheStatement.current, true, "refused at the statement, not deferred")
        XCTAssertEqual(database.queue.committed.groups - before, 1, "both in one group")
        XCTAssertEqual(try count(core, "SELECT count(*) FROM test_children"), 1)
    }

    /// The writer's cached statements stay compiled from one write to the next (the group's
    /// bookkeeping must not expire them: a flag pragma set on every write recompiled them all).
    /// `executeAtCommit` (issue 23, the hazards' FTS rows): a statement kept by a write runs in the
    /// group's transaction just before its COMMIT, once per write that succeeded; a write that
    /// failed (in its savepoint, or as the group's first write) takes its statements with it.
    func testStatementsKeptForTheCommitRunWhenTheGroupCommitsAndGoWithAFailedWrite() throws {
        let core = try makeCore()
        let database = core.database
        let writers = 12
        let keep = "INSERT INTO test_at_commit (thing_id) VALUES (?)"
        let seenBeforeCommit = Locked<Int64>(0)
        let gateDone = gate(database, until: writers, { db in try db.executeAtCommit(keep, [Int64(-1)]) }, finished: { _ in })
        onThreads(writers) { i in
            let id = Int64(2000 + i)
            _ = try? core.write(.localAdministrator) { tx in
                try tx.db.execute("INSERT INTO test_things (id, note) VALUES (?, 'kept')", [id])
                try tx.db.executeAtCommit(keep, [id])
                try tx.audit(action: "test.thing", entity: "thing", entityID: String(id))
                let now = try tx.db.scalarInt("SELECT count(*) FROM test_at_commit")
                seenBeforeCommit.withLock { $0 += now }
                if i % 3 == 1 { throw Refused() }
            }
        }
        gateDone.wait()
        XCTAssertEqual(seenBeforeCommit.current, 0, "kept statements wait for the COMMIT")
        let kept = try core.read { try $0.query("SELECT thing_id FROM test_at_commit ORDER BY thing_id").compactMap { $0.int("thing_id") } }
        let succeeded = (0..<writers).filter { $0 % 3 != 1 }.map { Int64(2000 + $0) }
        XCTAssertEqual(kept, [-1] + succeeded)

        // The first write of a group (no savepoint) failing: its statement goes with it; the next runs.
        XCTAssertThrowsError(try core.write(.localAdministrator) { tx in
            try tx.db.executeAtCommit(keep, [Int64(1)])
            throw Refused()
        })
        try core.write(.localAdministrator) { tx in
            try tx.db.execute("INSERT INTO test_things (id, note) VALUES (3000, 'alone')")
            try tx.db.executeAtCommit(keep, [Int64(3000)])
            try tx.audit(action: "test.thing", entity: "thing", entityID: "3000")
        }
        XCTAssertEqual(try count(core, "SELECT count(*) FROM test_at_commit WHERE thing_id IN (1, 3000)"), 1)
        XCTAssertEqual(try count(core, "SELECT thing_id FROM test_at_commit WHERE thing_id IN (1, 3000)"), 3000)
        // Outside a write the database opened, nothing waits: it runs at once.
        try database.withWriterConnection { db in try db.executeAtCommit(keep, [Int64(4000)]) }
        XCTAssertEqual(try count(core, "SELECT count(*) FROM test_at_commit WHERE thing_id = 4000"), 1)
        XCTAssertTrue(try core.read { try AuditLog.verify($0) }.isIntact)
    }

    func testWritesLeaveTheWritersCompiledStatementsAlone() throws {
        let core = try makeCore()
        let insert = "INSERT INTO test_things (id, note) VALUES (?, 'again')"
        for id in 1...3 {
            _ = try core.database.write { try $0.execute(insert, [Int64(id)]) }
        }
        XCTAssertEqual(try core.database.write { try $0.timesRecompiled(insert) }, 0)
        XCTAssertEqual(try count(core, "SELECT count(*) FROM test_things"), 3)
    }

    /// SQLite ends the whole transaction on some failures (disk full, I/O error): the writes of the
    /// group that had succeeded before it were not committed and must not be answered as if they
    /// were. Simulated by a body that rolls the transaction back itself.
    func testAFailureThatEndsTheTransactionFailsTheWholeGroupAndNothingOfItIsWritten() throws {
        let core = try makeCore()
        let database = core.database
        let writers = 12
        let gateResult = Locked<String>("")
        let gateDone = gate(database, until: writers, { db in
            try db.execute("INSERT INTO test_things (id, note) VALUES (1, 'gate')")
        }, finished: { result in
            gateResult.withLock {
                switch result {
                case .success: $0 = "ok"
                case .failure(let error): $0 = error is GroupRolledBack ? "rolled back with its group" : "unexpected: \(error)"
                }
            }
        })
        let outcomes = Locked<[Int: String]>([:])
        onThreads(writers) { i in
            let id = Int64(100 + i)
            do {
                try core.write(.localAdministrator) { tx in
                    try tx.db.execute("INSERT INTO test_things (id, note) VALUES (?, ?)", [id, "第\(i)件"])
                    try tx.audit(action: "test.thing", entity: "thing", entityID: String(id))
                    try tx.publish(ThingHappened(thingId: id, note: "第\(i)件"))
                    if i == 5 {
                        try tx.db.executeScript("ROLLBACK")
                        throw Refused()
                    }
                }
                outcomes.withLock { $0[i] = "ok" }
            } catch is Refused {
                outcomes.withLock { $0[i] = "refused" }
            } catch is GroupRolledBack {
                outcomes.withLock { $0[i] = "rolled back with its group" }
            } catch {
                outcomes.withLock { $0[i] = "unexpected: \(error)" }
            }
        }
        gateDone.wait()

        // The gate always ran before the failing write, in its group.
        XCTAssertEqual(gateResult.current, "rolled back with its group")
        XCTAssertEqual(outcomes.current[5], "refused")
        let results = outcomes.current
        XCTAssertEqual(results.count, writers)
        XCTAssertTrue(results.values.allSatisfy { ["ok", "refused", "rolled back with its group"].contains($0) }, "\(results)")
        // What was answered as done is there; nothing else is.
        let ok = Set(results.filter { $0.value == "ok" }.map { Int64(100 + $0.key) })
        let ids = Set(try core.read { try $0.query("SELECT id FROM test_things").compactMap { $0.int("id") } })
        XCTAssertEqual(ids, ok)
        XCTAssertEqual(try count(core, "SELECT count(*) FROM kernel_events"), Int64(ok.count))
        let verification = try core.read { try AuditLog.verify($0) }
        XCTAssertTrue(verification.isIntact)
        XCTAssertEqual(verification.records, ok.count)

        // The writer is usable afterwards.
        try core.write(.localAdministrator) { tx in
            try tx.db.execute("INSERT INTO test_things (id, note) VALUES (2, 'after')")
            try tx.audit(action: "test.thing", entity: "thing", entityID: "2")
        }
        XCTAssertEqual(try count(core, "SELECT count(*) FROM test_things WHERE id = 2"), 1)
    }

    /// A read inside a write reads what is committed (a reader of its own, as before group commit);
    /// a read nested in that read joins it; a write inside a read leaves the read's snapshot alone.
    func testReadsNestedInWritesAndWritesNestedInReadsKeepTheirSnapshots() throws {
        let core = try makeCore()
        let database = core.database
        _ = try database.write { try $0.execute("INSERT INTO test_things (id, note) VALUES (1, 'committed')") }
        let seen = try database.write { db -> [Int64] in
            try db.execute("INSERT INTO test_things (id, note) VALUES (2, 'mine, not yet committed')")
            let inWriter = try db.scalarInt("SELECT count(*) FROM test_things")
            let (outer, nested) = try database.read { reader in
                (try reader.scalarInt("SELECT count(*) FROM test_things"), try database.read { try $0.scalarInt("SELECT count(*) FROM test_things") })
            }
            return [inWriter, outer, nested]
        }
        XCTAssertEqual(seen, [2, 1, 1])
        let (snapshot, afterWrite) = try database.read { reader -> (Int64, Int64) in
            _ = try database.write { try $0.execute("INSERT INTO test_things (id, note) VALUES (3, 'written inside a read')") }
            return (try reader.scalarInt("SELECT count(*) FROM test_things"), try database.read { try $0.scalarInt("SELECT count(*) FROM test_things") })
        }
        XCTAssertEqual(snapshot, 2, "the read keeps its snapshot")
        XCTAssertEqual(afterWrite, 2, "a read nested in it joins it")
        XCTAssertEqual(try count(core, "SELECT count(*) FROM test_things"), 3)
    }

    /// A value memoized on the writer from rows a failed write made is not reused once they are
    /// rolled back (a rollback changes neither the data version nor the change count).
    func testValuesMemoizedFromARolledBackWriteAreForgotten() throws {
        let core = try makeCore()
        let database = core.database
        let names = MemoTable<Int64, String>()
        func name(_ db: Connection) throws -> String {
            try db.memoized(names, 7) { try db.queryOne("SELECT note FROM test_things WHERE id = 7")?.string("note") ?? "none" }
        }
        XCTAssertThrowsError(try database.write { db in
            try db.execute("INSERT INTO test_things (id, note) VALUES (7, 'rolled back')")
            XCTAssertEqual(try name(db), "rolled back")
            throw Refused()
        })
        XCTAssertEqual(try database.write { try name($0) }, "none")
    }

    /// Work on the writer outside a transaction (a checkpoint, a backup) waits for its turn and
    /// commits the open group first; the writes around it all finish.
    func testWriterConnectionWorkCommitsTheOpenGroupFirst() throws {
        let core = try makeCore()
        let database = core.database
        let writers = 8
        let gateDone = gate(database, until: writers + 1, { db in
            try db.execute("INSERT INTO test_things (id, note) VALUES (1, 'gate')")
        }, finished: { result in
            if case .failure(let error) = result { XCTFail("the gate failed: \(error)") }
        })
        onThreads(writers + 1) { i in
            do {
                if i == writers {
                    try database.withWriterConnection { try $0.executeScript("PRAGMA wal_checkpoint(PASSIVE)") }
                } else {
                    _ = try database.write { try $0.execute("INSERT INTO test_things (id, note) VALUES (?, 'w')", [Int64(10 + i)]) }
                }
            } catch {
                XCTFail("\(i): \(error)")
            }
        }
        gateDone.wait()
        XCTAssertEqual(try count(core, "SELECT count(*) FROM test_things"), Int64(writers + 1))
        XCTAssertFalse(try database.withWriterConnection { $0.isInTransaction })
    }
}
