// A subscription's filter on its contract (`Subscription.on(_:id:only:)`): events it refuses get no
// delivery row; the others are delivered as always, durably.
import Foundation
import Kernel
import TestSupport
import XCTest

final class SubscriptionFilterTests: XCTestCase {
    var folder: TemporaryFolder!
    override func setUp() { folder = TemporaryFolder() }
    override func tearDown() { folder.cleanUp() }

    /// Two subscribers to `ThingHappened`: one takes every thing, one only things noted "重要".
    func makeCore() throws -> Core {
        let clock = FixedClock(CalendarDate(year: 2024, month: 3, day: 1)!)
        let database = try Database(path: folder.file("filter.db"))
        let migrations = Migration.embedded(module: "kernel", kernelMigrations) + [
            Migration(module: "test", name: "001", sql: "CREATE TABLE test_effects (subscriber TEXT NOT NULL, thing_id INTEGER NOT NULL) STRICT;"),
        ]
        try Migrator.migrate(database, migrations, now: Instant.utc(clock.now()))
        func record(_ subscriber: String) -> @Sendable (ThingHappened, Event, WriteTransaction) throws -> Void {
            { thing, _, tx in
                try tx.db.execute("INSERT INTO test_effects (subscriber, thing_id) VALUES (?, ?)", [subscriber, thing.thingId])
                try tx.audit(action: "test.effect", entity: "thing", entityID: String(thing.thingId))
            }
        }
        return Core(database: database, clock: clock, bus: EventBus([
            .on(ThingHappened.self, id: "test.every-thing", record("every")),
            .on(ThingHappened.self, id: "test.important-things", only: { $0.note == "重要" }, record("important")),
        ]))
    }

    func publish(_ core: Core, _ id: Int64, _ note: String) throws {
        try core.write(.localAdministrator) { tx in
            try tx.audit(action: "test.publish", entity: "thing", entityID: String(id))
            try tx.publish(ThingHappened(thingId: id, note: note))
        }
    }

    func deliveries(_ core: Core) throws -> [String] {
        try core.read { db in
            try db.query("SELECT event_id, subscriber, status FROM kernel_deliveries ORDER BY event_id, subscriber").map {
                "\($0.int("event_id") ?? 0) \($0.string("subscriber") ?? "") \($0.string("status") ?? "")"
            }
        }
    }

    func testAnEventTheFilterRefusesGetsNoDeliveryForThatSubscriber() throws {
        let core = try makeCore()
        try publish(core, 1, "一般")
        try publish(core, 2, "重要")
        XCTAssertEqual(try deliveries(core), ["1 test.every-thing pending", "2 test.every-thing pending", "2 test.important-things pending"])
        XCTAssertEqual(EventDispatcher(core: core).deliverAll().delivered, 3)
        let effects = try core.read { db in
            try db.query("SELECT subscriber, thing_id FROM test_effects ORDER BY subscriber, thing_id").map { "\($0.string("subscriber") ?? "") \($0.int("thing_id") ?? 0)" }
        }
        XCTAssertEqual(effects, ["every 1", "every 2", "important 2"])
        XCTAssertEqual(try deliveries(core), ["1 test.every-thing done", "2 test.every-thing done", "2 test.important-things done"])
        XCTAssertEqual(try core.read { try $0.scalarInt("SELECT count(*) FROM kernel_event_receipts") }, 3, "no receipt for the refused event")
    }

    /// A payload published without its contract value cannot be asked: every subscriber gets it
    /// (the handler keeps its own check).
    func testARawPayloadIsDeliveredToEverySubscriber() throws {
        let core = try makeCore()
        try core.write(.localAdministrator) { tx in
            try tx.audit(action: "test.publish", entity: "thing", entityID: "3")
            try tx.publish(type: ThingHappened.type, payload: #"{"note":"一般","thing_id":3}"#)
        }
        XCTAssertEqual(try deliveries(core), ["1 test.every-thing pending", "1 test.important-things pending"])
    }
}
