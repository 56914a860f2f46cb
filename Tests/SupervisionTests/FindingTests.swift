// Findings: published once with the finding, idempotent for a subscriber, the rectification flow,
// notices and bad input.
import Kernel
import TestSupport
import XCTest
@testable import Supervision

final class FindingTests: XCTestCase {
    func testFindingIsPublishedOnceAndADoubleDeliveryHasOneEffect() throws {
        let test = try DemoFixture.make()
        try test.core.database.write { db in _ = try db.execute("CREATE TABLE test_hazards (finding_id INTEGER PRIMARY KEY, text TEXT NOT NULL) STRICT") }
        let subscriber = Subscription.on(FindingRecorded.self, id: "test.hazards") { finding, _, tx in
            guard finding.isHazard else { return }
            if try tx.db.execute("INSERT OR IGNORE INTO test_hazards (finding_id, text) VALUES (?, ?)", [finding.findingId, finding.text]) == 1 {
                try tx.audit(action: "test.hazard", entity: "finding", entityID: String(finding.findingId))
            }
        }
        let core = Core(database: test.core.database, clock: test.clock, bus: EventBus(test.core.bus.subscriptions + [subscriber]))
        let before = try eventCount(test, FindingRecorded.type)
        let territory = try test.id("territories", "东城镇")
        let enterprise = try test.core.read { try $0.scalarInt("SELECT min(id) FROM registry_enterprises WHERE territory_id = ?", [territory]) }
        let inspection = try core.write(.localAdministrator) { tx in
            try InspectionService(core: core).record(try read(InspectionFields.record, [
                "group_id": 2, "mode": "overt", "date": "2024-06-14", "territory_id": .int(territory), "enterprise_ids": .array([.int(enterprise)]),
                "findings": .array([
                    .object(["description": "液化气钢瓶存放于地下室", "enterprise_id": .int(enterprise), "is_hazard": true, "hazard_grade": "major", "deadline": "2024-06-30"]),
                    .object(["description": "台账不全", "enterprise_id": .int(enterprise), "deadline": "2024-07-15"]),
                ]),
            ], tx.db), tx)
        }
        XCTAssertEqual(inspection["finding_count"], .int(2))
        XCTAssertEqual(try eventCount(test, FindingRecorded.type), before + 2, "one event per finding")
        let hazardEvent = try XCTUnwrap(try test.core.read { try $0.queryOne("SELECT * FROM kernel_events WHERE type = ? ORDER BY id DESC LIMIT 1 OFFSET 1", [FindingRecorded.type]) })
        let event = Event(id: hazardEvent.requiredInt("id"), type: hazardEvent.requiredString("type"), payload: hazardEvent.requiredString("payload"),
                          actor: hazardEvent.requiredString("actor"), occurredAt: hazardEvent.requiredString("occurred_at"))
        let payload = try event.decode(FindingRecorded.self)
        XCTAssertTrue(payload.isHazard)
        XCTAssertEqual(payload.hazardGrade, "major")
        XCTAssertEqual(payload.enterpriseId, enterprise)
        XCTAssertEqual(payload.sector != nil, true)

        let dispatcher = EventDispatcher(core: core)
        dispatcher.deliverDue()
        var report = DeliveryReport()
        dispatcher.deliver(event, to: "test.hazards", attempts: 0, report: &report)
        XCTAssertEqual(report.skippedDuplicates, 1)
        XCTAssertEqual(try test.core.read { try $0.scalarInt("SELECT count(*) FROM test_hazards WHERE finding_id = ?", [payload.findingId]) }, 1)
        // Even handled again outside the kernel's receipts, the effect stays one.
        try core.write(.system("test")) { tx in try subscriber.handle(event, tx) }
        XCTAssertEqual(try test.core.read { try $0.scalarInt("SELECT count(*) FROM test_hazards") }, 1)
        dispatcher.stop()
    }

    func testBadInputIsRefusedWholeNamingEachField() throws {
        let test = try DemoFixture.make()
        let findingsBefore = try test.core.read { try $0.scalarInt("SELECT count(*) FROM supervision_findings") }
        let inspectionsBefore = try test.core.read { try $0.scalarInt("SELECT count(*) FROM supervision_inspections") }
        XCTAssertThrowsError(try test.core.write(.localAdministrator) { tx in
            try InspectionService(core: test.core).record(try read(InspectionFields.record, [
                "group_id": 1, "mode": "sideways", "date": "2024-13-01", "territory_id": "无此镇", "colour": "blue",
            ], tx.db), tx)
        }) { error in
            let fields = Set((error as? DomainError)?.fieldErrors.map(\.field) ?? [])
            XCTAssertEqual(fields, ["mode", "date", "territory_id", "colour"])
        }
        // A bad finding inside a good inspection rolls the whole inspection back.
        let territory = try test.id("territories", "西岭镇")
        XCTAssertThrowsError(try test.core.write(.localAdministrator) { tx in
            try InspectionService(core: test.core).record(try read(InspectionFields.record, [
                "group_id": 1, "mode": "overt", "date": "2024-06-10", "territory_id": .int(territory),
                "findings": .array([.object(["description": "x", "deadline": "2024-06-01"])]),
            ], tx.db), tx)
        }) { error in
            XCTAssertEqual((error as? DomainError)?.fieldErrors.first?.field, "findings[0].deadline")
            XCTAssertEqual((error as? DomainError)?.fieldErrors.first?.code, "before_visit")
        }
        XCTAssertEqual(try test.core.read { try $0.scalarInt("SELECT count(*) FROM supervision_findings") }, findingsBefore)
        XCTAssertEqual(try test.core.read { try $0.scalarInt("SELECT count(*) FROM supervision_inspections") }, inspectionsBefore)
    }

    func testRectificationFlowRecheckAndNotice() throws {
        let (test, server) = try servedDemo()
        let admin = try server.client(as: "admin", of: test)
        let town = try server.client(as: "dongcheng", of: test)
        let territory = try test.id("territories", "东城镇")
        let inspection = try admin.post("/api/v1/supervision/inspections", .object([
            "group_id": 2, "mode": "covert", "date": "2024-06-12", "territory_id": .int(territory),
            "findings": .array([.object(["description": "<b>夜间</b> 值守 & 巡查缺失", "responsible_territory_id": .int(territory), "deadline": "2024-06-30", "severity": "serious"])]),
        ]))
        XCTAssertEqual(inspection.status, 201, inspection.text)
        let finding = try XCTUnwrap(try admin.get("/api/v1/supervision/inspections/\(inspection.json["id"]?.intValue ?? 0)").json["findings"]?.arrayValue?.first)
        let id = try XCTUnwrap(finding["id"]?.intValue)
        let base = "/api/v1/supervision/findings/\(id)/actions"

        XCTAssertEqual(try town.post("\(base)/recheck", .object(["passed": true, "note": "x"])).status, 403, "the responsible body does not re-check itself")
        let early = try admin.post("\(base)/recheck", .object(["passed": true, "note": "x"]))
        XCTAssertEqual(early.status, 409)
        XCTAssertEqual(early.json["current_state"], "open")
        XCTAssertEqual(try town.post("\(base)/progress", .object(["progress": 40, "note": "已安排值班"])).json["status"], "rectifying")
        XCTAssertEqual(try town.post("\(base)/complete", .object(["note": "完成"])).status, 422, "completion needs evidence")
        let noEvidence = try town.post("\(base)/complete", .object(["note": "完成", "evidence": .array([])]))
        XCTAssertEqual(noEvidence.status, 422, "an empty list of evidence is no evidence")
        XCTAssertEqual(noEvidence.json["errors"]?.arrayValue?.first?["code"], "required", "the schema says so (minItems 1)")
        XCTAssertEqual(try town.post("\(base)/complete", .object(["note": "完成", "evidence": .array(["值班表.pdf"])])).json["status"], "rectified")
        XCTAssertEqual(try admin.post("\(base)/recheck", .object(["passed": false, "note": "回头看：仍无人值守"])).json["status"], "rectifying")
        _ = try town.post("\(base)/complete", .object(["note": "再次整改", "evidence": .array(["监控截图.png"])]))
        let closed = try admin.post("\(base)/recheck", .object(["passed": true, "note": "回头看：已落实"]))
        XCTAssertEqual(closed.json["status"], "closed")
        XCTAssertEqual(closed.json["steps"]?.arrayValue?.map { $0["kind"]?.stringValue ?? "" },
                       ["progress", "completion", "recheckFailed", "completion", "recheckPassed"])
        // Another town does not see it.
        XCTAssertEqual(try server.client(as: "xiling", of: test).get("/api/v1/supervision/findings/\(id)").status, 404)

        // A notice merges the territory's open findings; its HTML escapes the text.
        _ = try admin.post("/api/v1/supervision/inspections/\(inspection.json["id"]?.intValue ?? 0)/findings",
                           .object(["description": "<script>alert(1)</script>", "responsible_territory_id": .int(territory), "deadline": "2024-07-10"]))
        _ = try admin.post("/api/v1/supervision/inspections/\(inspection.json["id"]?.intValue ?? 0)/findings",
                           .object(["description": "应急物资不足", "responsible_territory_id": .int(territory), "deadline": "2024-07-05"]))
        let notice = try admin.post("/api/v1/supervision/notices", .object(["responsible_territory_id": .int(territory)]))
        XCTAssertEqual(notice.status, 201, notice.text)
        XCTAssertEqual(notice.json["findings"]?.arrayValue?.count, 2)
        XCTAssertEqual(notice.json["deadline"], "2024-07-05")
        let html = try town.get("/api/v1/supervision/notices/\(notice.json["id"]?.intValue ?? 0)/html")
        XCTAssertEqual(html.status, 200)
        XCTAssertTrue(html.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        XCTAssertFalse(html.text.contains("<script>"))
        XCTAssertTrue(html.text.contains("应急物资不足"))
        XCTAssertEqual(try admin.post("/api/v1/supervision/notices", .object(["responsible_territory_id": .int(territory)])).status, 409)
    }
}
