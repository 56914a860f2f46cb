// Issue 19 items 8, 9, 10: a town's finding becomes the town's task (and asking for a task with no
// one to give it to is refused); a notice's reply cannot be due in the past; a 挂牌督办 names its hazard.
import Kernel
import TestSupport
import XCTest
@testable import Supervision

final class FindingTaskNoticeTests: XCTestCase {
    func lastPayload(_ test: TestApplication, _ type: String) throws -> JSON {
        let row = try XCTUnwrap(try test.core.read { try $0.queryOne("SELECT payload FROM kernel_events WHERE type = ? ORDER BY id DESC LIMIT 1", [type]) })
        return try JSONParser.parse(row.requiredString("payload"))
    }

    func testATownsFindingNamesTheTownAndATaskWithNoOneToTakeItIsRefused() throws {
        let (test, server) = try servedDemo()
        let office = try server.client(as: "anweiban", of: test)
        let territory = try test.id("territories", "东城镇")
        let enterprise = try test.core.read { try $0.scalarInt("SELECT min(id) FROM registry_enterprises WHERE territory_id = ?", [territory]) }
        let inspection = try office.post("/api/v1/supervision/inspections", .object(["group_id": 2, "mode": "overt", "date": "2024-06-14", "territory_id": .int(territory)]))
        XCTAssertEqual(inspection.status, 201, inspection.text)
        let id = try XCTUnwrap(inspection.json["id"]?.intValue)
        // A town answers: the event names the town, wants a task and reads in Chinese.
        let town = try office.post("/api/v1/supervision/inspections/\(id)/findings", .object([
            "description": "镇级安全生产网格员未配齐", "responsible_territory_id": .int(territory), "wants_task": true, "deadline": "2024-07-31"]))
        XCTAssertEqual(town.status, 201, town.text)
        let payload = try lastPayload(test, FindingRecorded.type)
        XCTAssertEqual(payload["responsible_territory_id"], .int(territory))
        XCTAssertEqual(payload["wants_task"], .bool(true))
        XCTAssertEqual(payload["responsible_unit_id"] ?? .null, .null)
        XCTAssertTrue((payload["summary"]?.stringValue ?? "").contains("东城镇"), "\(payload)")
        // A town by default (no wants_task given) also asks for the task.
        _ = try office.post("/api/v1/supervision/inspections/\(id)/findings", .object(["description": "应急预案未演练", "responsible_territory_id": .int(territory), "deadline": "2024-07-31"]))
        XCTAssertEqual(try lastPayload(test, FindingRecorded.type)["wants_task"], .bool(true))
        // An enterprise answers and a task is asked for: refused, naming the field; nothing written.
        let before = try eventCount(test, FindingRecorded.type)
        let refused = try office.post("/api/v1/supervision/inspections/\(id)/findings", .object([
            "description": "消防通道堵塞", "enterprise_id": .int(enterprise), "wants_task": true, "deadline": "2024-07-31"]))
        XCTAssertEqual(refused.status, 422, refused.text)
        XCTAssertEqual(refused.json["errors"]?.arrayValue?.first?["field"], "wants_task")
        XCTAssertEqual(refused.json["errors"]?.arrayValue?.first?["code"], "no_task_party")
        XCTAssertEqual(try eventCount(test, FindingRecorded.type), before)
        let cli = test.cli(["supervision", "findings", "add", String(id), "--description", "消防通道堵塞", "--enterprise", String(enterprise),
                            "--wants-task", "true", "--deadline", "2024-07-31"])
        XCTAssertNotEqual(cli.code, 0)
        XCTAssertTrue(cli.err.contains("wants_task") || cli.err.contains("不能生成任务"), cli.err)
        // Wrong user: an enterprise cannot record findings.
        XCTAssertEqual(try server.client(as: "qiye", of: test).post("/api/v1/supervision/inspections/\(id)/findings",
                                                                     .object(["description": "x", "deadline": "2024-07-31"])).status, 403)
    }

    func testANoticeCannotBeIssuedWithItsReplyAlreadyDue() throws {
        let (test, server) = try servedDemo()
        let office = try server.client(as: "anweiban", of: test)
        let territory = try test.id("territories", "西岭镇")
        let inspection = try office.post("/api/v1/supervision/inspections", .object([
            "group_id": 2, "mode": "overt", "date": "2024-06-01", "territory_id": .int(territory),
            "findings": .array([.object(["description": "值班值守制度不落实", "responsible_territory_id": .int(territory), "deadline": "2024-06-10"])]),
        ]))
        XCTAssertEqual(inspection.status, 201, inspection.text)
        let findingID = try test.core.read { try $0.scalarInt("SELECT max(id) FROM supervision_findings WHERE description = '值班值守制度不落实'") }
        let body: [JSON.Member] = [JSON.Member("responsible_territory_id", .int(territory)), JSON.Member("finding_ids", .array([.int(findingID)]))]
        // Today is 2024-06-15: the finding's deadline 06-10 would make the reply already due.
        let past = try office.post("/api/v1/supervision/notices", .object(body))
        XCTAssertEqual(past.status, 422, past.text)
        let error = try XCTUnwrap(past.json["errors"]?.arrayValue?.first)
        XCTAssertEqual(error["field"], "deadline")
        XCTAssertEqual(error["code"], "deadline_past")
        XCTAssertTrue((error["message"]?.stringValue ?? "").contains("2024-06-10") && (error["message"]?.stringValue ?? "").contains("2024-06-15"), "\(error)")
        let given = try office.post("/api/v1/supervision/notices", .object(body + [JSON.Member("deadline", "2024-03-06")]))
        XCTAssertEqual(given.status, 422)
        XCTAssertEqual(given.json["errors"]?.arrayValue?.first?["code"], "deadline_past")
        XCTAssertEqual(try test.core.read { try $0.scalarInt("SELECT count(*) FROM supervision_findings WHERE id = ? AND notice_id IS NOT NULL", [findingID]) }, 0)
        let cli = test.cli(["supervision", "notices", "issue", "--responsible-territory", String(territory), "--finding-ids", String(findingID)])
        XCTAssertNotEqual(cli.code, 0)
        XCTAssertTrue(cli.err.contains("deadline"), cli.err)
        // A reply date from today on: issued.
        let issued = try office.post("/api/v1/supervision/notices", .object(body + [JSON.Member("deadline", "2024-06-15")]))
        XCTAssertEqual(issued.status, 201, issued.text)
        XCTAssertEqual(issued.json["deadline"], "2024-06-15")
        // Wrong user.
        XCTAssertEqual(try server.client(as: "xiling", of: test).post("/api/v1/supervision/notices", .object(body + [JSON.Member("deadline", "2024-07-01")])).status, 403)
    }

    func testAcceptingAListedSupervisionProposalNamesItsHazard() throws {
        let (test, server) = try servedDemo()
        let territory = try test.id("territories", "西岭镇")
        let unit = try test.id("units", "区发改局")
        let hazard = HazardFacts(hazardId: 777, code: "YH-2024-0777", grade: "general", territoryId: territory, sector: "manufacturing",
                                 supervisingUnitId: unit, enterpriseId: nil, source: "selfInspection")
        try test.core.write(.system("hazards")) { tx in
            try tx.audit(action: "test.publish", entity: "test", entityID: "hazard")
            try tx.publish(HazardOverdue(hazard: hazard, daysOverdue: 31, listed: false))
        }
        test.app.dispatcher.deliverDue()
        let proposal = try XCTUnwrap(try InstrumentService(core: test.core).proposals(status: .proposed, actor: .localAdministrator, nil).items.first { $0["period"] == "hazard:777" })
        XCTAssertEqual(proposal["proposes"], "listedSupervision")
        let office = try server.client(as: "anweiban", of: test)
        XCTAssertEqual(try server.client(as: "xiling", of: test).post("/api/v1/supervision/proposals/\(proposal["id"]?.intValue ?? 0)/actions/accept", .object([:])).status, 403)
        let accepted = try office.post("/api/v1/supervision/proposals/\(proposal["id"]?.intValue ?? 0)/actions/accept", .object(["follow_up_deadline": "2024-07-15"]))
        XCTAssertEqual(accepted.status, 200, accepted.text)
        let instrumentID = try XCTUnwrap(accepted.json["instrument_id"]?.intValue)
        let instrument = try office.get("/api/v1/supervision/instruments/\(instrumentID)")
        XCTAssertEqual(instrument.json["hazard_id"], .int(777))
        XCTAssertEqual(instrument.json["hazard_code"], "YH-2024-0777")
        XCTAssertEqual(instrument.json["hazard_ids"], .array([.int(777)]))
        let payload = try lastPayload(test, InstrumentIssued.type)
        XCTAssertEqual(payload["hazard_id"], .int(777))
        XCTAssertTrue((payload["summary"]?.stringValue ?? "").contains("YH-2024-0777") && (payload["summary"]?.stringValue ?? "").contains("西岭镇"), "\(payload)")
        let shown = test.cli(["supervision", "instruments", "show", String(instrumentID)])
        XCTAssertEqual(shown.code, 0, shown.err)
        XCTAssertTrue(shown.out.contains("YH-2024-0777"), shown.out)
        // The town it is addressed to sees the hazard on it.
        XCTAssertEqual(try server.client(as: "xiling", of: test).get("/api/v1/supervision/instruments/\(instrumentID)").json["hazard_id"], .int(777))
        // One 挂牌督办 lists one hazard.
        let two = try office.post("/api/v1/supervision/instruments", .object(["kind": "listedSupervision", "target_territory_id": .int(territory), "reason": "两项隐患",
                                                                              "hazard_ids": .array([.int(777), .int(778)])]))
        XCTAssertEqual(two.status, 422, two.text)
        XCTAssertEqual(two.json["errors"]?.arrayValue?.first?["code"], "one_hazard")
    }
}
