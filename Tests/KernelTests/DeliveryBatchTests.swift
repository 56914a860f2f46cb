import Foundation
@testable import Kernel
import TestSupport
import XCTest

/// Deliveries in batches (issue 23): the dispatcher applies many due deliveries in one write
/// transaction, each in a savepoint of its own. A handler that fails rolls back its own delivery
/// alone, which is retried with backoff; every (event, subscriber) takes effect once.
final class DeliveryBatchTests: XCTestCase {
    var folder: TemporaryFolder!
    override func setUp() { folder = TemporaryFolder() }
    override func tearDown() { folder.cleanUp() }

    /// Records each thing in `test_effects`; fails (after writing) for the things in `failing`.
    final class Handler: @unchecked Sendable {
        let failing: Locked<Set<Int64>>
        let id: String
        init(id: String, failing: Set<Int64> = []) {
            self.id = id
            self.failing = Locked(failing)
        }

        var subscription: Subscription {
            Subscription.on(ThingHappened.self, id: id) { [id] thing, event, tx in
                try tx.db.execute("INSERT INTO test_effects (subscriber, thing_id, event_id) VALUES (?, ?, ?)", [id, thing.thingId, event.id])
                try tx.audit(action: "test.effect", entity: "thing", entityID: String(thing.thingId))
                if self.failing.current.contains(thing.thingId) { throw DomainError(.unavailable, "thing \(thing.thingId) is refused (simulated)") }
            }
        }
    }

    func makeCore(_ handlers: [Handler], clock: FixedClock) throws -> Core {
        let database = try Database(path: folder.file("batch.db"))
        let migrations = Migration.embedded(module: "kernel", kernelMigrations) + [
            Migration(module: "test", name: "001", sql: "CREATE TABLE test_effects (subscriber TEXT NOT NULL, thing_id INTEGER NOT NULL, event_id INTEGER NOT NULL) STRICT;"),
        ]
        try Migrator.migrate(database, migrations, now: Instant.utc(clock.now()))
        return Core(database: database, clock: clock, bus: EventBus(handlers.map(\.subscription)))
    }

    func effects(_ core: Core, _ subscriber: String) throws -> [Int64] {
        try core.read { db in
            try db.query("SELECT thing_id FROM test_effects WHERE subscriber = ? ORDER BY thing_id", [subscriber]).map { $0.requiredInt("thing_id") }
        }
    }

    func testDueDeliveriesAreAppliedInOneCommitAndAFailureRollsBackItsOwnDeliveryAlone() throws {
        let clock = FixedClock(CalendarDate(year: 2024, month: 3, day: 1)!)
        let first = Handler(id: "test.first", failing: [3])
        let second = Handler(id: "test.second")
        let core = try makeCore([first, second], clock: clock)
        try core.write(.localAdministrator) { tx in
            try tx.audit(action: "test.publish", entity: "thing", entityID: "1-5")
            for id in Int64(1)...5 { try tx.publish(ThingHappened(thingId: id, note: "第\(id)件")) }
        }
        let groups = core.database.queue.committed.groups
        let report = EventDispatcher(core: core, batchTime: .infinity).deliverDue()
        XCTAssertEqual(report.delivered, 9)
        XCTAssertEqual(report.failed, 1)
        XCTAssertEqual(core.database.queue.committed.groups, groups + 1, "ten deliveries, one commit")
        XCTAssertEqual(try effects(core, "test.first"), [1, 2, 4, 5], "the failed delivery's own writes are rolled back")
        XCTAssertEqual(try effects(core, "test.second"), [1, 2, 3, 4, 5], "thing 3 reached the other subscriber")
        let failed = try XCTUnwrap(try core.read { try $0.queryOne("SELECT * FROM kernel_deliveries WHERE subscriber = 'test.first' AND status = 'pending'") })
        XCTAssertEqual(failed.int("attempts"), 1)
        XCTAssertTrue(failed.string("last_error")?.contains("thing 3 is refused") ?? false)
        XCTAssertEqual(failed.string("next_attempt_at"), Instant.utc(clock.now().addingTimeInterval(EventDispatcher.backoff(afterAttempts: 1))))
        XCTAssertEqual(try core.read { try $0.scalarInt("SELECT count(*) FROM kernel_event_receipts") }, 9, "no receipt for the rolled-back delivery")
        XCTAssertEqual(try core.read { try $0.scalarInt("SELECT count(*) FROM kernel_audit WHERE action = 'test.effect'") }, 9)

        XCTAssertEqual(EventDispatcher(core: core, batchTime: .infinity).deliverDue().delivered, 0, "not due again before its backoff ends")
        first.failing.withLock { $0 = [] }
        clock.advance(seconds: EventDispatcher.backoff(afterAttempts: 1) + 1)
        XCTAssertEqual(EventDispatcher(core: core, batchTime: .infinity).deliverDue().delivered, 1)
        XCTAssertEqual(try effects(core, "test.first"), [1, 2, 3, 4, 5])
        clock.advance(seconds: 3600)
        XCTAssertEqual(EventDispatcher(core: core, batchTime: .infinity).deliverDue().delivered, 0)
        XCTAssertEqual(try effects(core, "test.second"), [1, 2, 3, 4, 5], "each (event, subscriber) once")
        XCTAssertTrue(try core.read { try AuditLog.verify($0) }.isIntact)
    }

    func testADeliveryAlreadyReceivedIsMarkedDoneWithoutRunningTheHandlerAgain() throws {
        let clock = FixedClock(CalendarDate(year: 2024, month: 3, day: 1)!)
        let handler = Handler(id: "test.first")
        let core = try makeCore([handler], clock: clock)
        try core.write(.localAdministrator) { tx in
            try tx.audit(action: "test.publish", entity: "thing", entityID: "1-3")
            for id in Int64(1)...3 { try tx.publish(ThingHappened(thingId: id, note: "第\(id)件")) }
        }
        // A previous process handled event 2 (its receipt committed) but its delivery still reads pending.
        _ = try core.database.write { db in
            try db.execute("INSERT INTO kernel_event_receipts (subscriber, event_id, handled_at) SELECT 'test.first', id, occurred_at FROM kernel_events ORDER BY id LIMIT 1 OFFSET 1")
        }
        let report = EventDispatcher(core: core, batchTime: .infinity).deliverDue()
        XCTAssertEqual(report.delivered, 2)
        XCTAssertEqual(report.skippedDuplicates, 1)
        XCTAssertEqual(try effects(core, "test.first"), [1, 3])
        XCTAssertEqual(try core.read { try $0.scalarInt("SELECT count(*) FROM kernel_deliveries WHERE status = 'done'") }, 3)
    }

    func testMoreDeliveriesThanABatchTakeSeveralCommitsAndAllArrive() throws {
        let clock = FixedClock(CalendarDate(year: 2024, month: 3, day: 1)!)
        let handler = Handler(id: "test.first")
        let core = try makeCore([handler], clock: clock)
        let count = Int64(EventDispatcher.batchSize * 2 + 7)
        try core.write(.localAdministrator) { tx in
            try tx.audit(action: "test.publish", entity: "thing", entityID: "many")
            for id in 1...count { try tx.publish(ThingHappened(thingId: id, note: "第\(id)件")) }
        }
        let groups = core.database.queue.committed.groups
        XCTAssertEqual(EventDispatcher(core: core, batchTime: .infinity).deliverDue().delivered, Int(count))
        XCTAssertGreaterThanOrEqual(core.database.queue.committed.groups - groups, 3)
        XCTAssertEqual(try effects(core, "test.first"), Array(1...count))
    }
}
