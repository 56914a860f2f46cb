// One-matter chains (#19 item 6): a link with units but no lead is flagged beside gaps and
// overlaps; chains are listed, shown and revised (a new version, audited) over HTTP and the CLI;
// only the office writes; units and towns read; others are refused.
import Foundation
import Kernel
import TestSupport
import XCTest
@testable import Responsibilities

final class ChainRevisionTests: XCTestCase {
    func testChainsAreListedShownRevisedAndAudited() throws {
        let test = try TestApplication(demo: true, today: CalendarDate(year: 2024, month: 3, day: 1)!)
        let server = try TestServer(test)
        defer { server.stop() }
        let base = "/api/v1/responsibilities", r = ["responsibilities"]
        let office = server.client(token: try test.token(for: "anweiban"))
        let unit = server.client(token: try test.token(for: "fgj"))
        let town = server.client(token: try test.token(for: "xiling"))
        let enterprise = server.client(token: try test.token(for: "qiye"))
        let inspector = server.client(token: try test.token(for: "inspector1"))

        let added = test.cli(r + ["chains", "add", "--name", "燃气", "--link", "生产:区城市管理局", "--link", "储存:区城市管理局,区应急管理局",
                                  "--link", "运输:;区公安分局", "--link", "销售:", "--as", "anweiban"])
        XCTAssertEqual(added.code, 0, added.err)
        let again = try office.post("\(base)/chains", .object(["name": "燃气", "links": .array([.object(["name": "生产"])])]))
        XCTAssertEqual(again.status, 409)
        XCTAssertEqual(again.json["code"]?.stringValue, "chain_exists")
        XCTAssertTrue(again.json["detail"]?.stringValue?.contains("已有名为“燃气”") ?? false, again.text)

        // The check: an overlap, a link with a cooperating unit but no lead, a gap.
        let issues = try unit.get("\(base)/chains/check").json["items"]?.arrayValue ?? []
        XCTAssertEqual(issues.compactMap { $0["link"]?.stringValue }, ["储存", "运输", "销售"])
        XCTAssertEqual(issues.compactMap { $0["problem"]?.stringValue }, ["two_leads", "no_lead", "no_unit"])
        XCTAssertEqual(issues[1]["message"]?.stringValue, "环节有配合单位但无牵头单位 (no lead unit)")

        // Listed and shown, by the office, a unit and a town; refused to an enterprise and an inspector.
        let list = try town.get("\(base)/chains")
        XCTAssertEqual(list.status, 200, list.text)
        ReplyConformance.assert(list.json, [FieldSpec.list("items", of: .object(ListContracts.chainSummary), maxItems: 1000, "").always], "GET chains")
        let summary = try XCTUnwrap(list.json["items"]?.arrayValue?.first)
        XCTAssertEqual(summary["name"]?.stringValue, "燃气")
        XCTAssertEqual(summary["problems"]?.intValue, 3)
        let id = try XCTUnwrap(summary["id"]?.intValue)
        let shown = try office.get("\(base)/chains/\(id)")
        ReplyConformance.assert(shown.json, ListContracts.chain, "GET chains/{id}")
        XCTAssertEqual(shown.json["links"]?.arrayValue?[2]["cooperating_units"]?.arrayValue?.first?["name"]?.stringValue, "区公安分局")
        XCTAssertEqual(try enterprise.get("\(base)/chains").status, 403)
        XCTAssertEqual(try inspector.get("\(base)/chains/\(id)").status, 403)
        XCTAssertEqual(try office.get("\(base)/chains/9999").status, 404)
        XCTAssertEqual(test.cli(r + ["chains", "list", "--as", "qiye"]).code, 1)
        XCTAssertEqual(test.cli(r + ["chains", "check", "--as", "qiye"]).code, 1)
        let cliShow = test.cli(r + ["chains", "show", String(id), "--as", "dongcheng"])
        XCTAssertEqual(cliShow.code, 0, cliShow.err)
        XCTAssertTrue(cliShow.out.contains("第1版") && cliShow.out.contains("no_lead"), cliShow.out)

        // Revised over HTTP (office only): the links replaced, a new version, no problems left.
        let links: JSON = .array([
            .object(["name": "生产", "lead_units": .array(["区城市管理局"])]),
            .object(["name": "储存", "lead_units": .array(["区应急管理局"]), "cooperating_units": .array(["区城市管理局"])]),
            .object(["name": "运输", "lead_units": .array(["区交通运输局"]), "cooperating_units": .array(["区公安分局"])]),
            .object(["name": "销售", "lead_units": .array(["区市场监管局"])]),
        ])
        XCTAssertEqual(try unit.patch("\(base)/chains/\(id)", .object(["links": links])).status, 403)
        XCTAssertEqual(try office.patch("\(base)/chains/9999", .object(["links": links])).status, 404)
        let twice = try office.patch("\(base)/chains/\(id)", .object(["links": .array([.object(["name": "a"]), .object(["name": "a"])])]))
        XCTAssertEqual(twice.status, 422)
        XCTAssertEqual(ContractHTTPTests.errors(twice).first?.code, "link_twice")
        let unknown = try office.patch("\(base)/chains/\(id)", .object(["links": .array([.object(["name": "a", "lead_units": .array(["区火星局"])])])]))
        XCTAssertEqual(unknown.status, 422)
        let revised = try office.patch("\(base)/chains/\(id)", .object(["links": links]))
        XCTAssertEqual(revised.status, 200, revised.text)
        ReplyConformance.assert(revised.json, ListContracts.chain, "PATCH chains/{id}")
        XCTAssertEqual(revised.json["version"]?.intValue, 2)
        XCTAssertEqual(revised.json["problems"]?.intValue, 0)
        XCTAssertEqual(revised.header("ETag"), "\"2\"")
        XCTAssertEqual(try office.get("\(base)/chains/check").json["items"]?.arrayValue?.count, 0)

        // Revised by the CLI: renamed, a link removed; a unit is refused; another chain's name conflicts.
        XCTAssertEqual(test.cli(r + ["chains", "revise", String(id), "--link", "生产:区城市管理局", "--as", "fgj"]).code, 1)
        XCTAssertEqual(test.cli(r + ["chains", "add", "--name", "危化品", "--link", "生产:区应急管理局"]).code, 0)
        XCTAssertEqual(test.cli(r + ["chains", "revise", String(id), "--name", "危化品", "--link", "生产:区城市管理局"]).code, 4)
        let renamed = test.cli(r + ["chains", "revise", String(id), "--name", "城镇燃气", "--link", "生产:区城市管理局", "--link", "使用:区城市管理局;各镇", "--json"])
        XCTAssertEqual(renamed.code, 5, "各镇 is not a member unit: nothing written")
        XCTAssertEqual(try office.get("\(base)/chains/\(id)").json["version"]?.intValue, 2)
        let cli = test.cli(r + ["chains", "revise", String(id), "--name", "城镇燃气", "--link", "生产:区城市管理局", "--link", "使用:区城市管理局", "--json"])
        XCTAssertEqual(cli.code, 0, cli.err)
        let after = try LedgerTestSupport.json(cli.out)
        XCTAssertEqual(after["name"]?.stringValue, "城镇燃气")
        XCTAssertEqual(after["links"]?.arrayValue?.compactMap { $0["name"]?.stringValue }, ["生产", "使用"])

        // Every change audited with the chain before and after.
        let audit = try test.core.read { try $0.query("SELECT action, summary, before_digest FROM kernel_audit WHERE entity = 'chain' AND entity_id = ? ORDER BY id", [String(id)]) }
        XCTAssertEqual(audit.first?.requiredString("action"), "responsibilities.chain.add")
        XCTAssertEqual(audit.filter { $0.requiredString("action") == "responsibilities.chain.revise" }.count, 2)
        XCTAssertTrue(audit.last?.requiredString("summary").contains("修订一件事链条“城镇燃气”") ?? false, audit.last?.requiredString("summary") ?? "")
        XCTAssertNotNil(audit.last?.string("before_digest"))
    }
}
