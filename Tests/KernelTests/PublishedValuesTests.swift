// The dispatcher hands a handler the contract value this process published (`PublishedValues`)
// instead of decoding the payload again: the same value, and never another event's.
@testable import Kernel
import TestSupport
import XCTest

final class PublishedValuesTests: XCTestCase {
    func testAHandlerGetsThePublishedValueAndARolledBackEventsIdNeverCarriesItsValue() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanUp() }
        let clock = FixedClock(CalendarDate(year: 2024, month: 3, day: 1)!)
        let database = try Database(path: folder.file("published.db"))
        let migrations = Migration.embedded(module: "kernel", kernelMigrations) + [
            Migration(module: "test", name: "001", sql: "CREATE TABLE test_notes (event_id INTEGER NOT NULL, thing_id INTEGER NOT NULL, note TEXT NOT NULL) STRICT;"),
        ]
        try Migrator.migrate(database, migrations, now: Instant.utc(clock.now()))
        let bus = EventBus([.on(ThingHappened.self, id: "test.note-thing") { thing, event, tx in
            try tx.db.execute("INSERT INTO test_notes (event_id, thing_id, note) VALUES (?, ?, ?)", [event.id, thing.thingId, thing.note])
            try tx.audit(action: "test.effect", entity: "thing", entityID: String(thing.thingId))
        }])
        let core = Core(database: database, clock: clock, bus: bus)
        func publish(_ thing: ThingHappened, rollBack: Bool = false) throws {
            struct Abort: Error {}
            do {
                try core.write(.localAdministrator) { tx in
                    try tx.audit(action: "test.publish", entity: "thing", entityID: String(thing.thingId))
                    try tx.publish(thing, summary: "第\(thing.thingId)件")
                    if rollBack { throw Abort() }
                }
            } catch is Abort {}
        }
        // Event 1 is rolled back: its value stays kept, but event 1 is then another thing, published
        // as a raw payload (nothing kept for it).
        try publish(ThingHappened(thingId: 1, note: "撤销的"), rollBack: true)
        XCTAssertEqual(bus.published.count, 1)
        try core.write(.localAdministrator) { tx in
            try tx.audit(action: "test.publish", entity: "thing", entityID: "2")
            try tx.publish(type: ThingHappened.type, payload: #"{"note":"第二件 \"引号\" \\ 换行\n","thing_id":2}"#)
        }
        try publish(ThingHappened(thingId: 3, note: "第三件"))
        XCTAssertEqual(try core.read { try $0.scalarInt("SELECT min(id) FROM kernel_events") }, 1, "the rolled-back event's id was used again")
        XCTAssertEqual(bus.published.count, 2)
        XCTAssertEqual(EventDispatcher(core: core).deliverAll().delivered, 2)
        XCTAssertEqual(bus.published.count, 0, "taken by the dispatcher")
        let notes = try core.read { db in
            try db.query("SELECT event_id, thing_id, note FROM test_notes ORDER BY event_id").map {
                "\($0.requiredInt("event_id")) \($0.requiredInt("thing_id")) \($0.requiredString("note"))"
            }
        }
        XCTAssertEqual(notes, ["1 2 第二件 \"引号\" \\ 换行\n", "2 3 第三件"])
        // What the handler got is what its payload decodes to.
        let decoded = try core.read { try EventLog.list($0, after: 0, type: "test.*", limit: 10) }.map { try $0.decode(ThingHappened.self).note }
        XCTAssertEqual(decoded, ["第二件 \"引号\" \\ 换行\n", "第三件"])
    }
}
