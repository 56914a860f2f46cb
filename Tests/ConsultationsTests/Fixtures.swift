// Shared helpers of the Consultations tests: meeting bodies, a private core whose bus carries a
// stand-in for Responsibilities, and delivering every pending event twice.
import App
import Consultations
import Foundation
import Kernel
import TestSupport
import XCTest

enum Fixtures {
    static func date(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    /// A quarterly consultation with two tracked decisions and one only noted.
    static func consultation(heldOn: String = "2024-03-20") -> [String: JSON] {
        let day = date(heldOn)
        return [
            "kind": "riskConsultation",
            "held_on": .string(heldOn),
            "convener": "区安委办主任 王建国",
            "venue": "区应急指挥中心",
            "attendees": .array([.object(["unit_id": "区应急管理局"]), .object(["unit_id": "区住房城乡建设局"]), .object(["territory_id": "东城镇"]),
                                 .object(["person": "李四", "role": "记录"])]),
            "absent_units": .array(["区水务局"]),
            "agenda": .array(["通报一季度安全生产形势", "研判二季度风险"]),
            "risks": .array([
                .object(["area": "危险化学品", "level": "major", "description": "复工复产特殊作业风险", "units": .array(["区应急管理局"]), "territories": .array(["东城镇"])]),
                .object(["area": "建设施工", "level": "橙", "description": "高处坠落风险"]),
            ]),
            "decisions": .array([
                .object(["text": "开展危化品特殊作业专项检查", "lead_unit_id": "区应急管理局", "deadline": .string(day.adding(days: 41).iso)]),
                .object(["text": "排查在建工地危大工程", "lead_unit_id": "区住房城乡建设局", "deadline": .string(day.adding(days: 72).iso)]),
                .object(["text": "各单位加强值班值守"]),
            ]),
            "minutes": "会议研判了一季度风险。\n会议要求压实责任。",
        ]
    }

    /// A core on `test`'s database whose bus also carries `extra` subscribers (e.g. a stand-in for
    /// another module), with its own dispatcher.
    static func core(on test: TestApplication, extra: [Subscription]) throws -> (Core, EventDispatcher) {
        let database = try Database(path: test.path)
        let bus = EventBus(ConsultationsDomain().subscriptions + extra)
        let core = Core(database: database, clock: test.clock, bus: bus)
        return (core, EventDispatcher(core: core))
    }

    /// Delivers every pending delivery twice (as a retrying, duplicating transport would); returns
    /// how many distinct deliveries there were.
    @discardableResult
    static func deliverTwice(_ core: Core, _ dispatcher: EventDispatcher, subscribers: Set<String>? = nil) throws -> Int {
        let pending = try core.read { db in
            try db.query("""
                SELECT d.subscriber, e.id, e.type, e.payload, e.actor, e.occurred_at FROM kernel_deliveries d JOIN kernel_events e ON e.id = d.event_id
                WHERE d.status = 'pending' ORDER BY e.id
                """)
        }.filter { subscribers?.contains($0.requiredString("subscriber")) ?? true }
        for row in pending {
            let event = Event(id: row.requiredInt("id"), type: row.requiredString("type"), payload: row.requiredString("payload"),
                              actor: row.requiredString("actor"), occurredAt: row.requiredString("occurred_at"))
            var report = DeliveryReport()
            dispatcher.deliver(event, to: row.requiredString("subscriber"), attempts: 0, report: &report)
            dispatcher.deliver(event, to: row.requiredString("subscriber"), attempts: 0, report: &report)
            XCTAssertEqual(report.failed, 0, "delivering \(event.type) to \(row.requiredString("subscriber")) failed")
        }
        return pending.count
    }

    /// Publishes `event` as another module would (with its audit record).
    static func publish<E: EventContract>(_ event: E, on core: Core, as actor: Actor = .system("test")) throws {
        try core.write(actor) { tx in
            try tx.publish(event)
            try tx.audit(action: "test.publish", entity: "event", entityID: E.type, summary: "published by the test as its module would")
        }
    }

    /// Records `body` as the office would, read by the same contract as the HTTP body.
    static func record(_ body: [String: JSON], on core: Core, as actor: Actor = .localAdministrator) throws -> Int64 {
        try core.write(actor) { tx in try ConsultationsService().recordMeeting(json: object(body), tx) }
    }

    /// A dictionary as a JSON object (keys in order, for stable bodies).
    static func object(_ members: [String: JSON]) -> JSON { .object(members.sorted { $0.key < $1.key }.map { JSON.Member($0.key, $0.value) }) }

    /// Parses a CLI `--json` output.
    static func json(_ text: String) -> JSON { (try? JSONParser.parse(text)) ?? .null }
}
