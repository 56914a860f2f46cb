import Foundation
@testable import Kernel
import TestSupport
import XCTest

/// What a delivery costs (issue 23, session 28) without changing what it does: an event's payload
/// is decoded once for all its subscribers; a batch runs without a savepoint per delivery until a
/// handler fails, and a failing handler still runs once per attempt; a tick's `deliverAll` takes
/// the whole backlog, batch by batch; the deliveries' status rule still holds after its rewrite.
final class DeliveryCostTests: XCTestCase {
    var folder: TemporaryFolder!
    override func setUp() { folder = TemporaryFolder() }
    override func tearDown() { folder.cleanUp() }

    /// A contract that counts how many times a payload of it was decoded.
    struct Counted: EventContract {
        static let type = "test.counted"
        static let decodes = Locked(0)
        var thingId: Int64

        init(thingId: Int64) { self.thingId = thingId }

        init(from decoder: any Decoder) throws {
            Counted.decodes.withLock { $0 += 1 }
            let container = try decoder.container(keyedBy: CodingKeys.self)
            thingId = try container.decode(Int64.self, forKey: .thingId)
        }
    }

    /// Records each call (subscriber, thing) in memory and each effect in `test_effects`; fails for
    /// the things in `failing` after writing.
    final class Recorder: @unchecked Sendable {
        let calls = Locked<[String]>([])
        let failing: Locked<Set<Int64>>
        init(failing: Set<Int64> = []) { self.failing = Locked(failing) }

        func subscription(_ id: String, publishesFollowUpFor followUps: Set<Int64> = []) -> Subscription {
            Subscription.on(Counted.self, id: id) { counted, event, tx in
                self.calls.withLock { $0.append("\(id):\(counted.thingId)") }
                try tx.db.execute("INSERT INTO test_effects (subscriber, thing_id, event_id) VALUES (?, ?, ?)", [id, counted.thingId, event.id])
                try tx.audit(action: "test.effect", entity: "thing", entityID: String(counted.thingId))
                if followUps.contains(counted.thingId) { try tx.publish(Counted(thingId: counted.thingId + 1_000)) }
                if self.failing.current.contains(counted.thingId) { throw DomainError(.unavailable, "thing \(counted.thingId) is refused (simulated)") }
            }
        }

        func count(_ call: String) -> Int { calls.current.filter { $0 == call }.count }
    }

    func makeCore(_ subscriptions: [Subscription], clock: FixedClock) throws -> Core {
        let database = try Database(path: folder.file("cost.db"))
        let migrations = Migration.embedded(module: "kernel", kernelMigrations) + [
            Migration(module: "test", name: "001", sql: "CREATE TABLE test_effects (subscriber TEXT NOT NULL, thing_id INTEGER NOT NULL, event_id INTEGER NOT NULL) STRICT;"),
        ]
        try Migrator.migrate(database, migrations, now: Instant.utc(clock.now()))
        return Core(database: database, clock: clock, bus: EventBus(subscriptions))
    }

    func publish(_ core: Core, _ ids: ClosedRange<Int64>) throws {
        try core.write(.localAdministrator) { tx in
            try tx.audit(action: "test.publish", entity: "thing", entityID: "\(ids)")
            for id in ids { try tx.publish(Counted(thingId: id)) }
        }
    }

    func effects(_ core: Core, _ subscriber: String) throws -> [Int64] {
        try core.read { db in
            try db.query("SELECT thing_id FROM test_effects WHERE subscriber = ? ORDER BY thing_id", [subscriber]).map { $0.requiredInt("thing_id") }
        }
    }

    func testAnEventsPayloadIsDecodedOnceForAllItsSubscribers() throws {
        let clock = FixedClock(CalendarDate(year: 2024, month: 3, day: 1)!)
        let recorder = Recorder()
        let subscriptions = [recorder.subscription("test.a"), recorder.subscription("test.b"), recorder.subscription("test.c")]
        let core = try makeCore(subscriptions, clock: clock)
        try publish(core, 1...4)
        // Delivered by another process (its bus kept none of the published values): each payload
        // is decoded once for its three subscribers.
        let elsewhere = Core(database: core.database, clock: clock, bus: EventBus(subscriptions))
        var before = Counted.decodes.current
        var report = EventDispatcher(core: elsewhere, batchTime: .infinity).deliverDue()
        XCTAssertEqual(report.delivered, 12)
        XCTAssertEqual(Counted.decodes.current - before, 4, "four events, three subscribers each: four decodes")
        // Delivered by the process that published them: the values it kept (`PublishedValues`).
        try publish(core, 5...8)
        before = Counted.decodes.current
        report = EventDispatcher(core: core, batchTime: .infinity).deliverDue()
        XCTAssertEqual(report.delivered, 12)
        XCTAssertEqual(Counted.decodes.current - before, 0, "the published values: nothing decoded")
        for subscriber in ["test.a", "test.b", "test.c"] { XCTAssertEqual(try effects(core, subscriber), Array(1...8)) }
    }

    func testPublishWritesOnePendingDeliveryPerSubscriberInTheBussOrder() throws {
        let clock = FixedClock(CalendarDate(year: 2024, month: 3, day: 1)!)
        let recorder = Recorder()
        let core = try makeCore([recorder.subscription("test.z"), recorder.subscription("test.a"), recorder.subscription("test.m")], clock: clock)
        try publish(core, 1...2)
        let rows = try core.read { db in
            try db.query("SELECT rowid, event_id, subscriber, status, attempts, next_attempt_at, last_error, done_at FROM kernel_deliveries ORDER BY rowid")
        }
        XCTAssertEqual(rows.map { "\($0.requiredInt("event_id")):\($0.requiredString("subscriber"))" }, ["1:test.z", "1:test.a", "1:test.m", "2:test.z", "2:test.a", "2:test.m"])
        for row in rows {
            XCTAssertEqual(row.string("status"), "pending")
            XCTAssertEqual(row.int("attempts"), 0)
            XCTAssertEqual(row.string("next_attempt_at"), Instant.utc(clock.now()))
            XCTAssertNil(row.string("last_error"))
            XCTAssertNil(row.string("done_at"))
        }
    }

    func testAHandlerThatFailsInABatchRunsOnceAndTheOthersTakeEffectOnce() throws {
        let clock = FixedClock(CalendarDate(year: 2024, month: 3, day: 1)!)
        let recorder = Recorder(failing: [3])
        let core = try makeCore([recorder.subscription("test.first"), recorder.subscription("test.second")], clock: clock)
        try publish(core, 1...5)
        let groups = core.database.queue.committed.groups
        let report = EventDispatcher(core: core, batchTime: .infinity).deliverDue()
        XCTAssertEqual(report.delivered, 8)
        XCTAssertEqual(report.failed, 2, "thing 3 fails for both subscribers")
        XCTAssertEqual(core.database.queue.committed.groups, groups + 1, "one commit for the batch")
        XCTAssertEqual(recorder.count("test.first:3"), 1, "the failing handler ran once in this attempt")
        XCTAssertEqual(recorder.count("test.second:3"), 1)
        XCTAssertEqual(recorder.count("test.first:5"), 1, "those after the failure ran once")
        XCTAssertEqual(try effects(core, "test.first"), [1, 2, 4, 5])
        XCTAssertEqual(try effects(core, "test.second"), [1, 2, 4, 5])
        let failed = try core.read { try $0.query("SELECT subscriber, attempts, last_error FROM kernel_deliveries WHERE status = 'pending' ORDER BY subscriber") }
        XCTAssertEqual(failed.map { $0.requiredString("subscriber") }, ["test.first", "test.second"])
        XCTAssertTrue(failed.allSatisfy { $0.int("attempts") == 1 && ($0.string("last_error")?.contains("thing 3 is refused") ?? false) })
        XCTAssertEqual(try core.read { try $0.scalarInt("SELECT count(*) FROM kernel_event_receipts") }, 8)
        XCTAssertEqual(try core.read { try $0.scalarInt("SELECT count(*) FROM kernel_audit WHERE action = 'test.effect'") }, 8)
        XCTAssertTrue(try core.read { try AuditLog.verify($0) }.isIntact)

        recorder.failing.withLock { $0 = [] }
        clock.advance(seconds: EventDispatcher.backoff(afterAttempts: 1) + 1)
        XCTAssertEqual(EventDispatcher(core: core, batchTime: .infinity).deliverDue().delivered, 2)
        XCTAssertEqual(try effects(core, "test.first"), [1, 2, 3, 4, 5])
        XCTAssertEqual(try effects(core, "test.second"), [1, 2, 3, 4, 5])
    }

    func testDeliverAllTakesTheWholeBacklogAndWhatItsHandlersPublish() throws {
        let clock = FixedClock(CalendarDate(year: 2024, month: 3, day: 1)!)
        let recorder = Recorder()
        let count = Int64(EventDispatcher.batchSize * 3 + 5)
        let core = try makeCore([recorder.subscription("test.first", publishesFollowUpFor: [1, count])], clock: clock)
        try publish(core, 1...count)
        XCTAssertEqual(EventDispatcher(core: core, batchTime: .infinity).deliverDue(limit: 10).delivered, 10, "deliverDue stops at its limit")
        let groups = core.database.queue.committed.groups
        let report = EventDispatcher(core: core, batchTime: .infinity).deliverAll()
        XCTAssertEqual(report.delivered, Int(count) - 10 + 2, "the rest, and the two follow-ups their handlers published")
        XCTAssertGreaterThanOrEqual(core.database.queue.committed.groups - groups, 4, "batch by batch, one transaction each")
        XCTAssertEqual(try effects(core, "test.first"), Array(1...count) + [1_001, count + 1_000])
        XCTAssertEqual(try core.read { try $0.scalarInt("SELECT count(*) FROM kernel_deliveries WHERE status != 'done'") }, 0)
    }

    func testTheDeliveriesStatusRuleStillRefusesAnUnknownStatus() throws {
        let clock = FixedClock(CalendarDate(year: 2024, month: 3, day: 1)!)
        let core = try makeCore([Recorder().subscription("test.first")], clock: clock)
        try publish(core, 1...1)
        XCTAssertThrowsError(try core.database.write { db in
            try db.execute("UPDATE kernel_deliveries SET status = 'lost'")
        })
        XCTAssertThrowsError(try core.database.write { db in
            try db.execute("INSERT INTO kernel_deliveries (event_id, subscriber, status, next_attempt_at) VALUES (1, 'test.other', 'waiting', '2024-03-01T00:00:00.000Z')")
        })
        for status in ["done", "failed", "pending"] {
            XCTAssertNoThrow(try core.database.write { db in try db.execute("UPDATE kernel_deliveries SET status = ?", [status]) })
        }
        let sql = try core.read { try $0.queryOne("SELECT sql FROM sqlite_master WHERE name = 'kernel_deliveries'")?.string("sql") }
        XCTAssertFalse(try XCTUnwrap(sql).contains("IN ("), "written as comparisons, which cost SQLite no temporary b-tree per row")
        XCTAssertEqual(try core.read { try $0.scalarInt("SELECT count(*) FROM sqlite_master WHERE name = 'kernel_deliveries_pending'") }, 1)
    }
}
