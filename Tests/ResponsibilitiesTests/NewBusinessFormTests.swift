// New business forms (#19 item 15): a town or unit raises a request, the office names the lead
// department, which enters that unit's 三管三必须 list and can lead a chain link; open requests
// stand on the overview with their age. Scope: a unit or town its own, the office all, others
// refused. HTTP and the CLI, wrong users, wrong order, dates in the past, hostile input.
import Foundation
import Kernel
import TestSupport
import XCTest
@testable import Responsibilities

final class NewBusinessFormTests: XCTestCase {
    func testRaiseDecideListChainAndOverview() throws {
        let test = try TestApplication(demo: true, today: CalendarDate(year: 2024, month: 4, day: 10)!)
        let server = try TestServer(test)
        defer { server.stop() }
        let base = "/api/v1/responsibilities/new-business-forms", r = ["responsibilities", "business-forms"]
        let office = server.client(token: try test.token(for: "anweiban"))
        let dongcheng = server.client(token: try test.token(for: "dongcheng"))
        let xiling = server.client(token: try test.token(for: "xiling"))
        let fgj = server.client(token: try test.token(for: "fgj"))
        let yjj = server.client(token: try test.token(for: "yjj"))
        let enterprise = server.client(token: try test.token(for: "qiye"))
        let inspector = server.client(token: try test.token(for: "inspector1"))

        // A town raises over HTTP (today 04-10); a unit by the CLI on 04-03.
        let raised = try dongcheng.post(base, .object(["what": "外卖骑手电动自行车集中充电", "location": "东城镇创业大道",
                                                       "candidate_units": .array(["区消防救援大队", "区商务局"])]))
        XCTAssertEqual(raised.status, 201, raised.text)
        ReplyConformance.assert(raised.json, ListContracts.businessForm, "POST new-business-forms")
        XCTAssertEqual(raised.json["raised_by_name"]?.stringValue, "东城镇")
        XCTAssertEqual(raised.json["state"]?.stringValue, "open")
        XCTAssertEqual(raised.json["candidates"]?.arrayValue?.compactMap { $0["name"]?.stringValue }, ["区消防救援大队", "区商务局"])
        let townID = try XCTUnwrap(raised.json["id"]?.intValue)
        let cliRaise = test.cli(r + ["raise", "--what", "剧本杀密室逃脱", "--location", "全区", "--as", "fgj", "--today", "2024-04-03", "--json"])
        XCTAssertEqual(cliRaise.code, 0, cliRaise.err)
        let unitID = try XCTUnwrap(try LedgerTestSupport.json(cliRaise.out)["id"]?.intValue)

        // Who may raise: not an enterprise or an inspector (403, nothing written); hostile input refused by the reader.
        XCTAssertEqual(try enterprise.post(base, .object(["what": "x", "location": "y"])).status, 403)
        XCTAssertEqual(try inspector.post(base, .object(["what": "x", "location": "y"])).status, 403)
        XCTAssertEqual(test.cli(r + ["raise", "--what", "x", "--location", "y", "--as", "qiye"]).code, 1)
        let hostile = try dongcheng.post(base, .object(["what": "a\u{0007}b", "location": .string(String(repeating: "长", count: 500)), "extra": 1]))
        XCTAssertEqual(hostile.status, 422)
        XCTAssertEqual(Set(ContractHTTPTests.errors(hostile).map(\.code)), ["control_character", "too_long", "unknown_field"])
        XCTAssertEqual(ContractHTTPTests.errors(try dongcheng.post(base, .object(["what": "x", "location": "y", "candidate_units": .array(["区火星局"])]))).first?.code, "not_found")
        XCTAssertEqual(try test.core.read { try $0.scalarInt("SELECT count(*) FROM responsibilities_new_business_forms") }, 2)

        // Scope: each its own; the office all; another town or unit 404; enterprise 403.
        XCTAssertEqual((try office.get(base).json["items"]?.arrayValue ?? []).count, 2)
        XCTAssertEqual((try dongcheng.get(base).json["items"]?.arrayValue ?? []).compactMap { $0["id"]?.intValue }, [townID])
        XCTAssertEqual((try xiling.get(base).json["items"]?.arrayValue ?? []).count, 0)
        XCTAssertEqual(try xiling.get("\(base)/\(townID)").status, 404)
        XCTAssertEqual(try yjj.get("\(base)/\(unitID)").status, 404)
        XCTAssertEqual(try fgj.get("\(base)/\(unitID)").json["age_days"]?.intValue, 7)
        XCTAssertEqual(try enterprise.get(base).status, 403)
        XCTAssertEqual(test.cli(r + ["show", String(townID), "--as", "xiling"]).code, 3)
        XCTAssertEqual(test.cli(r + ["list", "--as", "inspector1"]).code, 1)
        XCTAssertEqual(test.cli(r + ["show", String(townID), "--as", "qiye"]).code, 1)

        // The office's overview: both, oldest first, with their age; a town sees its own; as of 04-05 only the unit's.
        let overview = try office.get("/api/v1/overview").json["items"]?.arrayValue?.filter { $0["kind"]?.stringValue == "new_business_form_open" } ?? []
        XCTAssertEqual(overview.compactMap { $0["link"]?.stringValue }, ["\(base)/\(unitID)", "\(base)/\(townID)"])
        XCTAssertEqual(overview.compactMap { $0["age_days"]?.intValue }, [7, 0])
        XCTAssertEqual(overview.first?["title"]?.stringValue, "新业态新领域待明确主责部门：剧本杀密室逃脱")
        XCTAssertEqual(overview.first?["since"]?.stringValue, "2024-04-03")
        let townOverview = try dongcheng.get("/api/v1/overview").json["items"]?.arrayValue?.filter { $0["kind"]?.stringValue == "new_business_form_open" } ?? []
        XCTAssertEqual(townOverview.compactMap { $0["link"]?.stringValue }, ["\(base)/\(townID)"])
        XCTAssertEqual((try xiling.get("/api/v1/overview").json["items"]?.arrayValue ?? []).filter { $0["kind"]?.stringValue == "new_business_form_open" }.count, 0)
        let early = try LedgerTestSupport.json(test.cli(["overview", "--today", "2024-04-05", "--json"]).out).arrayValue ?? []
        XCTAssertEqual(early.filter { $0["kind"]?.stringValue == "new_business_form_open" }.count, 1)

        // Deciding: not by a town or unit; not before the request was raised; not twice.
        let decide = "\(base)/\(townID)/actions/decide"
        XCTAssertEqual(try dongcheng.post(decide, .object(["lead_unit_id": "区消防救援大队"])).status, 403)
        XCTAssertEqual(test.cli(r + ["decide", String(townID), "--lead-unit", "区消防救援大队", "--as", "fgj"]).code, 1)
        let past = test.cli(r + ["decide", String(townID), "--lead-unit", "区消防救援大队", "--today", "2024-03-01", "--as", "anweiban"])
        XCTAssertEqual(past.code, 4, past.err)
        XCTAssertTrue(past.err.contains("早于提请日期"), past.err)
        XCTAssertEqual(ContractHTTPTests.errors(try office.post(decide, .object(["lead_unit_id": "区火星局"]))).first?.code, "not_found")
        let decided = try office.post(decide, .object(["lead_unit_id": "区消防救援大队", "note": "业务相近"]))
        XCTAssertEqual(decided.status, 200, decided.text)
        ReplyConformance.assert(decided.json, ListContracts.businessForm, "POST decide")
        XCTAssertEqual(decided.json["lead_unit_name"]?.stringValue, "区消防救援大队")
        XCTAssertEqual(decided.json["decided_on"]?.stringValue, "2024-04-10")
        let twice = try office.post(decide, .object(["lead_unit_id": "区商务局"]))
        XCTAssertEqual(twice.status, 409)
        XCTAssertEqual(twice.json["code"]?.stringValue, "state")
        XCTAssertTrue(twice.json["detail"]?.stringValue?.contains("已于2024-04-10明确主责部门为区消防救援大队") ?? false, twice.text)
        XCTAssertEqual(try office.post("\(base)/9999/actions/decide", .object(["lead_unit_id": "区商务局"])).status, 404)

        // The lead department's 三管三必须 list has the duty (a new version); the overview no longer lists it.
        let fire = try test.id("units", "区消防救援大队")
        let lists = try office.get("/api/v1/responsibilities/unit-lists?unit_id=\(fire)&kind=threeManages").json["items"]?.arrayValue ?? []
        let duty = lists.last?["items"]?.arrayValue?.last
        XCTAssertEqual(duty?["duty"]?.stringValue, "新业态新领域：外卖骑手电动自行车集中充电（东城镇创业大道）安全监管（主责部门）")
        XCTAssertTrue(duty?["basis"]?.stringValue?.contains("《安全生产法》第十条") ?? false)
        let after = try office.get("/api/v1/overview").json["items"]?.arrayValue?.filter { $0["kind"]?.stringValue == "new_business_form_open" } ?? []
        XCTAssertEqual(after.compactMap { $0["link"]?.stringValue }, ["\(base)/\(unitID)"])
        let asOfBefore = try LedgerTestSupport.json(test.cli(["overview", "--today", "2024-04-09", "--json"]).out).arrayValue ?? []
        XCTAssertEqual(asOfBefore.filter { $0["kind"]?.stringValue == "new_business_form_open" }.compactMap { $0["link"]?.stringValue }, ["\(base)/\(unitID)"],
                       "on 04-09 the town's request was not raised yet")

        // Linked into a chain: the decided request leads its link; an open one cannot be linked.
        let chains = "/api/v1/responsibilities/chains"
        let open = try office.post(chains, .object(["name": "剧本杀", "links": .array([.object(["name": "经营", "business_form_id": .int(unitID)])])]))
        XCTAssertEqual(open.status, 422)
        XCTAssertEqual(ContractHTTPTests.errors(open).first?.code, "state")
        let cliChain = test.cli(["responsibilities", "chains", "add", "--name", "电动自行车", "--link", "生产:区市场监管局", "--link", "充电:#\(townID);区商务局"])
        XCTAssertEqual(cliChain.code, 0, cliChain.err)
        let chainID = try XCTUnwrap(try office.get(chains).json["items"]?.arrayValue?.first?["id"]?.intValue)
        let link = try office.get("\(chains)/\(chainID)").json["links"]?.arrayValue?[1]
        XCTAssertEqual(link?["lead_units"]?.arrayValue?.compactMap { $0["name"]?.stringValue }, ["区消防救援大队"])
        XCTAssertEqual(link?["business_form_id"]?.intValue, townID)
        XCTAssertNil(link?["problem"]?.stringValue)

        // Decided on 04-12 (a later day): as of today (04-10) it is still open on the overview.
        XCTAssertEqual(test.cli(r + ["decide", String(unitID), "--lead-unit", "区文化旅游局", "--today", "2024-04-12", "--as", "anweiban"]).code, 0)
        let stillOpen = try office.get("/api/v1/overview").json["items"]?.arrayValue?.filter { $0["kind"]?.stringValue == "new_business_form_open" } ?? []
        XCTAssertEqual(stillOpen.compactMap { $0["link"]?.stringValue }, ["\(base)/\(unitID)"])
        let later = try LedgerTestSupport.json(test.cli(["overview", "--today", "2024-04-12", "--json"]).out).arrayValue ?? []
        XCTAssertEqual(later.filter { $0["kind"]?.stringValue == "new_business_form_open" }.count, 0)

        // Audited, in Chinese.
        let audit = try test.core.read { try $0.query("SELECT action, summary FROM kernel_audit WHERE entity = 'business_form' ORDER BY id") }
        XCTAssertEqual(audit.map { $0.requiredString("action") }, ["responsibilities.business_form.raise", "responsibilities.business_form.raise", "responsibilities.business_form.decide",
                                                               "responsibilities.business_form.decide"])
        XCTAssertTrue(audit[2].requiredString("summary").contains("明确新业态新领域“外卖骑手电动自行车集中充电”的主责部门为区消防救援大队"))
    }
}
