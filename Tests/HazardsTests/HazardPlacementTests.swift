// Issue 20 items 1 and 3: where a hazard lies and who supervises it come from the enterprise's
// record (三管三必须), a public place takes a town's own territory; only the office reassigns the
// department (transfer); a determination-standard clause belongs to the hazard's sector or to a
// cross-sector standard. Over HTTP and the CLI, as every role.
import Foundation
import Kernel
import TestSupport
import XCTest

final class HazardPlacementTests: HazardsTestCase {
    func codes(_ reply: HTTPReply) -> [String: String] {
        Dictionary((reply.json["errors"]?.arrayValue ?? []).compactMap { e in e["field"]?.stringValue.map { ($0, e["code"]?.stringValue ?? "") } }, uniquingKeysWith: { a, _ in a })
    }

    func testAnEnterprisesHazardLiesWhereTheEnterpriseIsUnderItsDepartment() throws {
        let qiye = try client("qiye"), yjj = try client("yjj"), fgj = try client("fgj"), dongcheng = try client("dongcheng"), xiling = try client("xiling")
        let anweiban = try client("anweiban")
        // The enterprise names another town and another department: refused, both named.
        let moved = try qiye.post("/api/v1/hazards", ["description": "配电箱无防护", "territory_id": "西岭镇", "supervising_unit_id": "区发改局"])
        XCTAssertEqual(moved.status, 422, moved.text)
        XCTAssertEqual(codes(moved), ["territory_id": "not_enterprise_territory", "supervising_unit_id": "not_enterprise_unit"])
        XCTAssertTrue(moved.text.contains("东城镇") && moved.text.contains("区应急管理局"), moved.text)
        XCTAssertTrue(moved.text.contains("transfer"), "names the way to reassign: \(moved.text)")
        // Naming the same ones is fine; leaving them out takes the enterprise's.
        let same = try qiye.post("/api/v1/hazards", ["description": "配电箱无防护", "territory_id": "东城镇", "supervising_unit_id": "区应急管理局"])
        XCTAssertEqual(same.status, 201, same.text)
        let made = try qiye.post("/api/v1/hazards", ["description": "消防通道堵塞"])
        XCTAssertEqual(made.json["territory_name"], "东城镇")
        XCTAssertEqual(made.json["supervising_unit_name"], "区应急管理局")
        let id = try XCTUnwrap(made.json["id"]?.intValue)
        XCTAssertEqual(try dongcheng.get("/api/v1/hazards/\(id)").status, 200)
        XCTAssertEqual(try yjj.get("/api/v1/hazards/\(id)").status, 200)
        XCTAssertEqual(try xiling.get("/api/v1/hazards/\(id)").status, 404)
        // Neither a unit nor the office moves it at registration.
        let enterprise = try XCTUnwrap(made.json["enterprise_id"]?.intValue)
        let byUnit = try yjj.post("/api/v1/hazards", ["enterprise_id": .int(enterprise), "description": "x", "territory_id": "西岭镇"])
        XCTAssertEqual(codes(byUnit), ["territory_id": "not_enterprise_territory"], byUnit.text)
        let byOffice = try anweiban.post("/api/v1/hazards", ["enterprise_id": .int(enterprise), "description": "x", "supervising_unit_id": "区发改局"])
        XCTAssertEqual(codes(byOffice), ["supervising_unit_id": "not_enterprise_unit"], byOffice.text)
        // Another department cannot register for an enterprise it does not supervise.
        XCTAssertEqual(try fgj.post("/api/v1/hazards", ["enterprise_id": .int(enterprise), "description": "x"]).status, 403)
        let named = try fgj.post("/api/v1/hazards", ["enterprise_id": .int(enterprise), "description": "x", "supervising_unit_id": "区发改局"])
        XCTAssertEqual(named.status, 403, "refused before anything about an enterprise out of scope is said: \(named.text)")
        XCTAssertFalse(named.text.contains("东城镇") || named.text.contains("区应急管理局"), named.text)
        let town = try client("xiling").post("/api/v1/hazards", ["enterprise_id": .int(enterprise), "description": "x", "territory_id": "西岭镇"])
        XCTAssertEqual(town.status, 403, town.text)
        XCTAssertFalse(town.text.contains("东城镇"), town.text)

        // The CLI: the same refusal, the same codes.
        let cli = test.cli(["hazards", "add", "--as", "qiye", "--description", "墙体开裂", "--territory", "西岭镇", "--json"])
        XCTAssertNotEqual(cli.code, 0)
        XCTAssertTrue(cli.err.contains("not_enterprise_territory") || cli.err.contains("隐患属地取自企业登记"), cli.err)
    }

    func testAPublicPlaceTakesTheTownsTerritoryOrTheOnesGiven() throws {
        let dongcheng = try client("dongcheng"), anweiban = try client("anweiban"), yjj = try client("yjj"), inspector = try client("inspector1"), qiye = try client("qiye")
        let town = try dongcheng.post("/api/v1/hazards", ["place": "老街12号", "sector": "selfBuiltHouse", "supervising_unit_id": "区住建局", "description": "墙体开裂"])
        XCTAssertEqual(town.status, 201, town.text)
        XCTAssertEqual(town.json["territory_name"], "东城镇")
        XCTAssertEqual(try dongcheng.post("/api/v1/hazards", ["place": "老街", "territory_id": "西岭镇", "sector": "gas", "supervising_unit_id": "区城市管理局", "description": "x"]).status, 403)
        // The office gives the territory; without it, a clear 422.
        let office = try anweiban.post("/api/v1/hazards", ["place": "滨河路", "sector": "gas", "supervising_unit_id": "区城市管理局", "description": "燃气管道老化"])
        XCTAssertEqual(codes(office), ["territory_id": "required_without_enterprise"], office.text)
        XCTAssertEqual(try anweiban.post("/api/v1/hazards", ["place": "滨河路", "territory_id": "南湖镇", "sector": "gas", "supervising_unit_id": "区城市管理局", "description": "燃气管道老化"]).status, 201)
        // A department registers what it supervises itself.
        let unit = try yjj.post("/api/v1/hazards", ["place": "东城镇加油站旁空地", "territory_id": "东城镇", "sector": "hazardousChemicals", "description": "违规存放危化品"])
        XCTAssertEqual(unit.status, 201, unit.text)
        XCTAssertEqual(unit.json["supervising_unit_name"], "区应急管理局")
        XCTAssertEqual(try yjj.post("/api/v1/hazards", ["place": "x", "territory_id": "东城镇", "sector": "gas", "supervising_unit_id": "区发改局", "description": "x"]).status, 403)
        // An inspector gives a territory its group covers; the enterprise registers only its own.
        XCTAssertNotEqual(try inspector.post("/api/v1/hazards", ["place": "x", "sector": "gas", "supervising_unit_id": "区城市管理局", "description": "x"]).status, 201)
        let own = try qiye.post("/api/v1/hazards", ["place": "某公园", "territory_id": "东城镇", "sector": "gas", "supervising_unit_id": "区城市管理局", "description": "x"])
        XCTAssertEqual(codes(own), ["supervising_unit_id": "not_enterprise_unit"], "an enterprise user's hazard is its own enterprise's: \(own.text)")
    }

    func testOnlyTheOfficeTransfersTheDepartmentWithAReasonOnTheTimelineAndAudit() throws {
        let qiye = try client("qiye"), yjj = try client("yjj"), fgj = try client("fgj"), admin = try client("admin"), anweiban = try client("anweiban"), dongcheng = try client("dongcheng")
        let made = try qiye.post("/api/v1/hazards", ["description": "车间疏散通道堵塞（改派测试）"])
        let id = try XCTUnwrap(made.json["id"]?.intValue)
        let path = "/api/v1/hazards/\(id)/actions/transfer"
        for user in [qiye, yjj, dongcheng] {
            XCTAssertEqual(try user.post(path, ["supervising_unit_id": "区发改局", "reason": "x"]).status, 403)
        }
        XCTAssertEqual(try fgj.post(path, ["supervising_unit_id": "区发改局", "reason": "x"]).status, 403, "a unit may not take the action at all")
        XCTAssertEqual(try anweiban.post(path, ["supervising_unit_id": "区发改局"]).status, 422, "a reason is required")
        XCTAssertEqual(codes(try anweiban.post(path, ["supervising_unit_id": "区应急管理局", "reason": "x"])), ["supervising_unit_id": "same_unit"])
        XCTAssertEqual(try anweiban.post(path, ["supervising_unit_id": "火星局", "reason": "x"]).status, 422)
        XCTAssertEqual(try anweiban.post("/api/v1/hazards/99999999/actions/transfer", ["supervising_unit_id": "区发改局", "reason": "x"]).status, 404)
        let moved = try anweiban.post(path, ["supervising_unit_id": "区发改局", "reason": "经核实属发改部门监管的项目"])
        XCTAssertEqual(moved.status, 200, moved.text)
        XCTAssertEqual(moved.json["supervising_unit_name"], "区发改局")
        XCTAssertEqual(try yjj.get("/api/v1/hazards/\(id)").status, 404, "the old department no longer sees it")
        XCTAssertEqual(try fgj.get("/api/v1/hazards/\(id)").status, 200)
        XCTAssertEqual(try dongcheng.get("/api/v1/hazards/\(id)").status, 200, "the territory did not change")
        let last = try XCTUnwrap(try dongcheng.get("/api/v1/hazards/\(id)/timeline").json["items"]?.arrayValue?.last)
        XCTAssertEqual(last["action"], "transfer")
        XCTAssertEqual(last["actor"], "anweiban")
        XCTAssertTrue(last["note"]?.stringValue?.contains("经核实属发改部门监管的项目") ?? false, "\(last)")
        XCTAssertEqual(last["details"]?["to_unit_name"], "区发改局")
        let audit = try sqlite("SELECT actor || '|' || summary FROM kernel_audit WHERE action = 'hazards.transfer' AND entity_id = '\(id)'")
        XCTAssertEqual(audit.count, 1)
        XCTAssertTrue(audit[0].hasPrefix("anweiban|") && audit[0].contains("经核实"), "\(audit)")
        // The admin is an office user too; the CLI takes the same action.
        let back = test.cli(["hazards", "transfer", String(id), "--supervising-unit", "区应急管理局", "--reason", "改回", "--as", "admin", "--json"])
        XCTAssertEqual(back.code, 0, back.err)
        XCTAssertEqual(try admin.get("/api/v1/hazards/\(id)").json["supervising_unit_name"], "区应急管理局")
        XCTAssertNotEqual(test.cli(["hazards", "transfer", String(id), "--supervising-unit", "区发改局", "--reason", "x", "--as", "yjj"]).code, 0)
    }

    func testAClauseBelongsToTheHazardsSectorOrACrossSectorStandard() throws {
        let qiye = try client("qiye"), anweiban = try client("anweiban"), yjj = try client("yjj")
        let standards = try qiye.get("/api/v1/hazards/standards").json["items"]?.arrayValue ?? []
        func clause(_ code: String) throws -> Int64 { try XCTUnwrap(standards.first { $0["code"] == .string(code) }?["clauses"]?.arrayValue?.first?["id"]?.intValue) }
        let gas = try clause("GAS-2023"), chemicals = try clause("HC-2017"), fire = try clause("FIRE-2021"), transport = try clause("RT-2023")
        XCTAssertEqual(standards.first { $0["code"] == "FIRE-2021" }?["cross_sector"], true)
        XCTAssertTrue(standards.first { $0["code"] == "RT-2023" }?["sectors"]?.arrayValue?.contains("transport") ?? false)
        // qiye is a hazardous-chemicals enterprise: a gas clause is refused, naming the standard.
        let wrong = try qiye.post("/api/v1/hazards", ["description": "报警装置失效", "grade": "major", "standard_clause_id": .int(gas)])
        XCTAssertEqual(wrong.status, 422, wrong.text)
        XCTAssertEqual(codes(wrong), ["standard_clause_id": "sector_mismatch"])
        XCTAssertTrue(wrong.text.contains("GAS-2023"), wrong.text)
        XCTAssertEqual(try qiye.post("/api/v1/hazards", ["description": "报警装置失效", "grade": "major", "standard_clause_id": .int(chemicals)]).status, 201)
        XCTAssertEqual(try qiye.post("/api/v1/hazards", ["description": "自动喷淋瘫痪", "grade": "major", "standard_clause_id": .int(fire)]).status, 201, "fire is cross-sector")
        // A public place of the traffic sector cites the road-transport standard, not the chemicals one.
        let road: JSON = ["place": "创业大道", "territory_id": "东城镇", "sector": "traffic", "supervising_unit_id": "区交通运输局", "description": "视距不良", "grade": "major"]
        var withChemicals = road, withTransport = road
        if case .object(var m) = road { m.append(JSON.Member("standard_clause_id", .int(chemicals))); withChemicals = .object(m) }
        if case .object(var m) = road { m.append(JSON.Member("standard_clause_id", .int(transport))); withTransport = .object(m) }
        XCTAssertEqual(codes(try anweiban.post("/api/v1/hazards", withChemicals)), ["standard_clause_id": "sector_mismatch"])
        XCTAssertEqual(try anweiban.post("/api/v1/hazards", withTransport).status, 201)
        // Filing the plan checks the clause the same way.
        let general = try qiye.post("/api/v1/hazards", ["description": "储罐区报警装置失效（判定条款测试）"])
        let id = try XCTUnwrap(general.json["id"]?.intValue)
        let regraded = try yjj.post("/api/v1/hazards/\(id)/actions/regrade", ["grade": "major", "reason": "认定为重大", "standard_clause_id": .int(gas)])
        XCTAssertEqual(codes(regraded), ["standard_clause_id": "sector_mismatch"], regraded.text)
        // The CLI: the same refusal.
        let cli = test.cli(["hazards", "add", "--as", "qiye", "--description", "x", "--grade", "major", "--standard-clause-id", String(gas)])
        XCTAssertNotEqual(cli.code, 0)
        XCTAssertTrue(cli.err.contains("GAS-2023"), cli.err)
        // A district's own cross-sector standard.
        let added = try anweiban.post("/api/v1/hazards/standards", ["code": "LOCAL-1", "title": "本区有限空间作业重大隐患判定要点", "sector": "manufacturing", "cross_sector": true])
        XCTAssertEqual(added.status, 201, added.text)
        XCTAssertEqual(added.json["cross_sector"], true)
    }

    func testTheDemoCitesOnlyClausesThatFitAndPlacesTheirTowns() throws {
        let misfits = try sqliteInt("""
            SELECT count(*) FROM hazards_hazards h JOIN hazards_standard_clauses c ON c.id = h.standard_clause_id JOIN hazards_standards s ON s.id = c.standard_id
            WHERE s.cross_sector = 0 AND NOT EXISTS (SELECT 1 FROM hazards_standard_sectors x WHERE x.standard_id = s.id AND x.sector = h.sector)
            """)
        XCTAssertEqual(misfits, 0)
        let moved = try sqliteInt("""
            SELECT count(*) FROM hazards_hazards h JOIN registry_enterprises e ON e.id = h.enterprise_id
            WHERE h.territory_id <> e.territory_id OR h.supervising_unit_id <> e.supervising_unit_id
            """)
        XCTAssertEqual(moved, 0)
        XCTAssertEqual(try sqliteInt("""
            SELECT count(*) FROM hazards_hazards h JOIN registry_territories t ON t.id = h.territory_id WHERE h.place LIKE '东城镇%' AND t.name <> '东城镇'
            """), 0)
        XCTAssertEqual(try sqliteInt("SELECT count(*) FROM hazards_hazards WHERE status = 'closed' AND (closed_by NOT LIKE 'demo:区%' OR closed_by = 'demo:区安委办')"), 0,
                       "the demo's closures are the departments' own")
    }
}
