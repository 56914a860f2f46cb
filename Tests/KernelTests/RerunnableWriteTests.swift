import Foundation
@testable import Kernel
import TestSupport
import XCTest

/// Rerunnable writes (`Database.write(rerunnable:)`, issue 23): they join a group of rerunnable
/// writes without a savepoint; one that fails having written rolls the group back and the writes
/// before it run again, in savepoints, so that each success is committed once and each failure
/// leaves nothing. Groups are formed as in `GroupCommitTests` (a gate holds the writer until every
/// other write waits). The bodies count their runs in memory, which is what a rerunnable body must
/// not do in the product: here it is how the tests see the runs.
extension GroupCommitTests {
    /// A rerunnable gate: holds the writer (on its first run) until `count` writes wait, then
    /// writes `note` as thing 1; `runs` counts its runs.
    func rerunnableGate(_ core: Core, until count: Int, runs: Locked<Int>, rerunnable: Bool = true) -> DispatchGroup {
        let holding = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        done.enter()
        Thread {
            do {
                try core.write(.localAdministrator, rerunnable: rerunnable) { tx in
                    let run = runs.withLock { $0 += 1; return $0 }
                    if run == 1 {
                        holding.signal()
                        while core.database.queue.waitingWrites < count { usleep(500) }
                    }
                    try tx.db.execute("INSERT INTO test_things (id, note) VALUES (1, 'gate')")
                    try tx.audit(action: "test.thing", entity: "thing", entityID: "1")
                }
            } catch {
                XCTFail("the gate failed: \(error)")
            }
            done.leave()
        }.start()
        holding.wait()
        return done
    }

    /// Writers 0..<count, each thing 1000+i with its audit record and event; those for which
    /// `failsAfterWriting(i)` throw after writing, `failsBeforeWriting(i)` before. Returns each
    /// writer's outcome and how many times each body ran.
    func rerunnableWriters(_ core: Core, _ count: Int, rerunnable: Bool = true, failsAfterWriting: @escaping @Sendable (Int) -> Bool,
                           failsBeforeWriting: @escaping @Sendable (Int) -> Bool = { _ in false }) -> (outcomes: [Int: String], runs: [Int: Int]) {
        let outcomes = Locked<[Int: String]>([:])
        let runs = Locked<[Int: Int]>([:])
        onThreads(count) { i in
            let id = Int64(1000 + i)
            do {
                let answer = try core.write(.localAdministrator, rerunnable: rerunnable) { tx -> Int64 in
                    runs.withLock { $0[i, default: 0] += 1 }
                    if failsBeforeWriting(i) { throw Refused() }
                    try tx.db.execute("INSERT INTO test_things (id, note) VALUES (?, ?)", [id, "第\(i)件"])
                    try tx.audit(action: "test.thing", entity: "thing", entityID: String(id))
                    try tx.publish(ThingHappened(thingId: id, note: "第\(i)件"), summary: "第\(i)件")
                    if failsAfterWriting(i) { throw Refused() }
                    return id
                }
                outcomes.withLock { $0[i] = answer == id ? "ok" : "wrong answer \(answer)" }
            } catch is Refused {
                outcomes.withLock { $0[i] = "refused" }
            } catch {
                outcomes.withLock { $0[i] = "unexpected: \(error)" }
            }
        }
        return (outcomes.current, runs.current)
    }

    /// The rows, audit records, events and effects are exactly those of `succeeded` (and the gate).
    func assertExactly(_ succeeded: [Int], _ core: Core, file: StaticString = #filePath, line: UInt = #line) throws {
        let ids = try core.read { try $0.query("SELECT id FROM test_things WHERE id >= 1000 ORDER BY id").compactMap { $0.int("id") } }
        XCTAssertEqual(ids, succeeded.map { Int64(1000 + $0) }, file: file, line: line)
        XCTAssertEqual(try count(core, "SELECT count(*) FROM test_things WHERE id = 1"), 1, "the gate's row, once", file: file, line: line)
        XCTAssertEqual(try count(core, "SELECT count(*) FROM kernel_events"), Int64(succeeded.count), file: file, line: line)
        XCTAssertEqual(try count(core, "SELECT count(*) FROM kernel_audit"), Int64(succeeded.count + 1), file: file, line: line)
        let verification = try core.read { try AuditLog.verify($0) }
        XCTAssertTrue(verification.isIntact, "\(String(describing: verification.firstBroken))", file: file, line: line)
        let report = EventDispatcher(core: core).deliverDue()
        XCTAssertEqual(report.delivered, succeeded.count, file: file, line: line)
        XCTAssertEqual(report.failed, 0, file: file, line: line)
        XCTAssertEqual(try core.read { try $0.query("SELECT thing_id FROM test_effects ORDER BY thing_id").compactMap { $0.int("thing_id") } },
                       succeeded.map { Int64(1000 + $0) }, "each event delivered once, with its own note", file: file, line: line)
        XCTAssertEqual(try count(core, "SELECT count(*) FROM kernel_events WHERE json_extract(payload, '$.note') <> '第' || (json_extract(payload, '$.thingId') - 1000) || '件'"),
                       0, "each event's payload is its own write's", file: file, line: line)
    }

    func testRerunnableWritesThatFailAfterWritingRollBackTheGroupAndTheOthersRunAgainOnce() throws {
        let core = try makeCore()
        let writers = 20
        let gateRuns = Locked(0)
        let gateDone = rerunnableGate(core, until: writers, runs: gateRuns)
        let (outcomes, runs) = rerunnableWriters(core, writers, failsAfterWriting: { $0 % 5 == 3 })
        gateDone.wait()

        let succeeded = (0..<writers).filter { $0 % 5 != 3 }
        XCTAssertEqual(outcomes, Dictionary(uniqueKeysWithValues: (0..<writers).map { ($0, $0 % 5 == 3 ? "refused" : "ok") }))
        // The gate was first in the group that the first failure rolled back: it ran again.
        XCTAssertEqual(gateRuns.current, 2)
        // A failing write runs once; the others at most once more than the failures before them.
        for i in 0..<writers where i % 5 == 3 { XCTAssertEqual(runs[i], 1, "writer \(i)") }
        for i in succeeded { XCTAssertTrue((1...2).contains(runs[i] ?? 0), "writer \(i) ran \(runs[i] ?? 0) times") }
        try assertExactly(succeeded, core)
    }

    func testARerunnableWriteThatFailsBeforeWritingFailsAloneAndNothingRunsAgain() throws {
        let core = try makeCore()
        let writers = 12
        let gateRuns = Locked(0)
        let before = core.database.queue.committed
        let gateDone = rerunnableGate(core, until: writers, runs: gateRuns)
        let (outcomes, runs) = rerunnableWriters(core, writers, failsAfterWriting: { _ in false }, failsBeforeWriting: { $0 % 3 == 1 })
        gateDone.wait()

        let succeeded = (0..<writers).filter { $0 % 3 != 1 }
        XCTAssertEqual(outcomes.filter { $0.value == "ok" }.keys.sorted(), succeeded)
        XCTAssertEqual(gateRuns.current, 1)
        XCTAssertEqual(Set(runs.values), [1], "no body ran twice")
        let after = core.database.queue.committed
        XCTAssertEqual(after.groups - before.groups, 1, "one group, one COMMIT")
        XCTAssertEqual(after.writes - before.writes, succeeded.count + 1)
        try assertExactly(succeeded, core)
    }

    /// A write that may not run twice (the default) in the group: the rerunnable writes after it
    /// take savepoints, so a failure rolls back its own write alone and nothing runs again.
    func testAfterAWriteThatMayNotRunTwiceRerunnableWritesTakeSavepoints() throws {
        let core = try makeCore()
        let writers = 12
        let gateRuns = Locked(0)
        let gateDone = rerunnableGate(core, until: writers, runs: gateRuns, rerunnable: false)
        let (outcomes, runs) = rerunnableWriters(core, writers, failsAfterWriting: { $0 % 4 == 2 })
        gateDone.wait()

        let succeeded = (0..<writers).filter { $0 % 4 != 2 }
        XCTAssertEqual(outcomes.filter { $0.value == "ok" }.keys.sorted(), succeeded)
        XCTAssertEqual(gateRuns.current, 1)
        XCTAssertEqual(Set(runs.values), [1], "no body ran twice")
        try assertExactly(succeeded, core)
    }

    /// What a server asks to know its workers are blocked, not working (`ServerConfiguration.blockedHandlers`).
    func testBlockedWritesCountsWritesWaitingForTheirTurnOrForTheirGroup() throws {
        let core = try makeCore()
        let database = core.database
        let seen = Locked<[Int]>([])
        let gateDone = gate(database, until: 3, { _ in
            seen.withLock { $0.append(database.blockedWrites) }
        }, finished: { _ in })
        onThreads(3) { i in
            _ = try? database.write { db in
                try db.execute("INSERT INTO test_things (id, note) VALUES (?, 'x')", [Int64(2000 + i)])
                // Those whose turn is over wait for the group: counted until it commits.
                seen.withLock { $0.append(database.blockedWrites) }
            }
        }
        gateDone.wait()
        XCTAssertEqual(seen.current.first, 3, "three writes waiting for their turn behind the gate")
        XCTAssertEqual(seen.current.count, 4)
        XCTAssertTrue(seen.current.dropFirst().allSatisfy { $0 >= 1 }, "\(seen.current)")
        XCTAssertEqual(database.blockedWrites, 0, "none once the group is committed")
    }
}
