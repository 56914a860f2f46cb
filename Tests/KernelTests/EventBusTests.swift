import Foundation
import Kernel
import TestSupport
import XCTest

/// A contract used only by these tests.
struct ThingHappened: EventContract {
    static let type = "test.thing.happened"
    var thingId: Int64
    var note: String
}

final class EventBusTests: XCTestCase {
    var folder: TemporaryFolder!
    var path: String { folder.file("events.db") }
    override func setUp() { folder = TemporaryFolder() }
    override func tearDown() { folder.cleanUp() }

    /// A handler that records each thing in `test_effects` (keyed by thing id), failing the first `failures` times.
    final class FlakyHandler: @unchecked Sendable {
        let failures: Locked<Int>
        let calls = Locked(0)
        init(failures: Int) { self.failures = Locked(failures) }

        var subscription: Subscription {
            Subscription.on(ThingHappened.self, id: "test.record-thing") { thing, event, tx in
                self.calls.withLock { $0 += 1 }
                let fail = self.failures.withLock { remaining -> Bool in
                    if remaining > 0 { remaining -= 1; return true }
                    return false
                }
                if fail { throw DomainError(.unavailable, "the handler is down (simulated)") }
                try tx.db.execute("INSERT INTO test_effects (thing_id, event_id, note) VALUES (?, ?, ?)", [thing.thingId, event.id, thing.note])
                try tx.audit(action: "test.effect", entity: "thing", entityID: String(thing.thingId))
            }
        }
    }

    func makeCore(_ handler: FlakyHandler, clock: FixedClock) throws -> Core {
        let database = try Database(path: path)
        let migrations = Migration.embedded(module: "kernel", kernelMigrations) + [
            Migration(module: "test", name: "001", sql: "CREATE TABLE test_effects (thing_id INTEGER NOT NULL, event_id INTEGER NOT NULL, note TEXT NOT NULL) STRICT;"),
        ]
        try Migrator.migrate(database, migrations, now: Instant.utc(clock.now()))
        return Core(database: database, clock: clock, bus: EventBus([handler.subscription]))
    }

    func publish(_ core: Core, _ id: Int64) throws {
        try core.write(.localAdministrator) { tx in
            try tx.audit(action: "test.publish", entity: "thing", entityID: String(id))
            try tx.publish(ThingHappened(thingId: id, note: "第\(id)件"))
        }
    }

    func effects(_ core: Core) throws -> Int64 { try core.read { try $0.scalarInt("SELECT count(*) FROM test_effects") } }

    func testPublicationWritesEventAndOneDeliveryPerSubscriberInTheSameTransaction() throws {
        let clock = FixedClock(CalendarDate(year: 2024, month: 3, day: 1)!)
        let core = try makeCore(FlakyHandler(failures: 0), clock: clock)
        struct Abort: Error {}
        XCTAssertThrowsError(try core.write(.localAdministrator) { tx in
            try tx.audit(action: "test.publish", entity: "thing", entityID: "1")
            try tx.publish(ThingHappened(thingId: 1, note: "rolled back"))
            throw Abort()
        })
        XCTAssertEqual(try core.read { try $0.scalarInt("SELECT count(*) FROM kernel_events") }, 0, "a rolled-back change publishes nothing")
        try publish(core, 2)
        let (events, pending) = try core.read { db in
            (try db.scalarInt("SELECT count(*) FROM kernel_events"), try db.scalarInt("SELECT count(*) FROM kernel_deliveries WHERE status = 'pending'"))
        }
        XCTAssertEqual(events, 1)
        XCTAssertEqual(pending, 1)
        let feed = try core.read { try EventLog.list($0, after: 0, type: "test.*", limit: 10) }
        XCTAssertEqual(feed.first?.type, "test.thing.happened")
        XCTAssertEqual(try feed.first?.decode(ThingHappened.self).note, "第2件")
    }

    func testAHandlerThatFailsTwiceIsRetriedWithBackoffAndTakesEffectOnce() throws {
        let clock = FixedClock(CalendarDate(year: 2024, month: 3, day: 1)!)
        let handler = FlakyHandler(failures: 2)
        let core = try makeCore(handler, clock: clock)
        let dispatcher = EventDispatcher(core: core)
        try publish(core, 7)
        XCTAssertEqual(dispatcher.deliverDue().failed, 1)
        XCTAssertEqual(try effects(core), 0)
        let row = try core.read { try $0.queryOne("SELECT attempts, last_error, next_attempt_at FROM kernel_deliveries") }!
        XCTAssertEqual(row.int("attempts"), 1)
        XCTAssertTrue(row.string("last_error")?.contains("simulated") ?? false)
        XCTAssertEqual(dispatcher.deliverDue().delivered, 0, "not due again before its backoff ends")
        clock.advance(seconds: EventDispatcher.backoff(afterAttempts: 1) + 1)
        XCTAssertEqual(dispatcher.deliverDue().failed, 1)
        clock.advance(seconds: EventDispatcher.backoff(afterAttempts: 2) + 1)
        XCTAssertEqual(dispatcher.deliverDue().delivered, 1)
        XCTAssertEqual(try effects(core), 1)
        clock.advance(seconds: 3600)
        XCTAssertEqual(dispatcher.deliverDue().delivered, 0)
        XCTAssertEqual(try effects(core), 1, "delivered exactly once to the handler's effect")
        XCTAssertEqual(handler.calls.current, 3)
    }

    func testPendingDeliveriesSurviveARestart() throws {
        let clock = FixedClock(CalendarDate(year: 2024, month: 3, day: 1)!)
        do {
            // The first process publishes and is stopped before its dispatcher runs.
            let core = try makeCore(FlakyHandler(failures: 0), clock: clock)
            try publish(core, 1)
            try publish(core, 2)
        }
        let restarted = try makeCore(FlakyHandler(failures: 0), clock: clock)
        XCTAssertEqual(try effects(restarted), 0)
        let report = EventDispatcher(core: restarted).deliverDue()
        XCTAssertEqual(report.delivered, 2)
        XCTAssertEqual(try effects(restarted), 2)
        XCTAssertEqual(try restarted.read { try $0.scalarInt("SELECT count(*) FROM kernel_deliveries WHERE status = 'done'") }, 2)
    }

    func testDeliveringTheSameEventTwiceHasOneEffect() throws {
        let clock = FixedClock(CalendarDate(year: 2024, month: 3, day: 1)!)
        let core = try makeCore(FlakyHandler(failures: 0), clock: clock)
        let dispatcher = EventDispatcher(core: core)
        try publish(core, 9)
        let event = try core.read { try EventLog.list($0, after: 0, type: nil, limit: 1) }[0]
        var report = DeliveryReport()
        dispatcher.deliver(event, to: "test.record-thing", attempts: 0, report: &report)
        dispatcher.deliver(event, to: "test.record-thing", attempts: 0, report: &report)
        XCTAssertEqual(report.delivered, 1)
        XCTAssertEqual(report.skippedDuplicates, 1)
        XCTAssertEqual(try effects(core), 1)
    }

    func testFailedDeliveriesWaitForRetryThenSucceed() throws {
        let clock = FixedClock(CalendarDate(year: 2024, month: 3, day: 1)!)
        let handler = FlakyHandler(failures: EventDispatcher.maximumAttempts)
        let core = try makeCore(handler, clock: clock)
        let dispatcher = EventDispatcher(core: core)
        try publish(core, 3)
        for _ in 0..<EventDispatcher.maximumAttempts {
            dispatcher.deliverDue()
            clock.advance(seconds: 3601)
        }
        XCTAssertEqual(try core.read { try $0.scalar("SELECT status FROM kernel_deliveries") }, .text("failed"))
        XCTAssertEqual(dispatcher.deliverDue().delivered, 0, "a failed delivery waits for an operator")
        // An event that does not exist is said so, and nothing is recorded as retried.
        let audited = try core.read { try $0.scalarInt("SELECT count(*) FROM kernel_audit") }
        XCTAssertThrowsError(try dispatcher.retryFailed(eventID: 999_999, actor: .localAdministrator)) { error in
            XCTAssertEqual((error as? DomainError)?.kind, .notFound)
            XCTAssertEqual((error as? DomainError)?.message, "事件 999999 不存在或不在您的查看范围内 (no event with id 999999)")
        }
        XCTAssertEqual(try core.read { try $0.scalarInt("SELECT count(*) FROM kernel_audit") }, audited)
        XCTAssertEqual(try dispatcher.retryFailed(actor: .localAdministrator), 1)
        XCTAssertEqual(dispatcher.deliverDue().delivered, 1)
        XCTAssertEqual(try effects(core), 1)
    }

    func testBackgroundDispatcherDeliversAfterCommit() throws {
        let core = try makeCore(FlakyHandler(failures: 0), clock: FixedClock(CalendarDate(year: 2024, month: 3, day: 1)!))
        let dispatcher = EventDispatcher(core: core)
        dispatcher.start(interval: 0.05)
        defer { dispatcher.stop() }
        try publish(core, 4)
        let deadline = Date().addingTimeInterval(5)
        while try effects(core) == 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        XCTAssertEqual(try effects(core), 1)
    }

    func testAWriteThatChangesDataWithoutAnAuditRecordIsRefused() throws {
        let core = try makeCore(FlakyHandler(failures: 0), clock: FixedClock(CalendarDate(year: 2024, month: 3, day: 1)!))
        XCTAssertThrowsError(try core.write(.localAdministrator) { tx in
            try tx.db.execute("INSERT INTO test_effects VALUES (1, 1, 'sneaky')")
        }) { XCTAssertTrue($0 is UnauditedWrite) }
        XCTAssertEqual(try effects(core), 0)
    }

    func testPatternsMatchPrefixesAndExactTypes() {
        XCTAssertTrue(EventPattern.matches("hazards.*", "hazards.hazard.closed"))
        XCTAssertFalse(EventPattern.matches("hazards.*", "hazardsx.y"))
        XCTAssertTrue(EventPattern.matches("*", "anything"))
        XCTAssertTrue(EventPattern.matches("a.b", "a.b"))
        XCTAssertFalse(EventPattern.matches("a.b", "a.bc"))
    }
}
