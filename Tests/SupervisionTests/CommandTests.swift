// The CLI calls the same services: groups, coverage, inspections, findings.
import Kernel
import TestSupport
import XCTest
@testable import Supervision

final class CommandTests: XCTestCase {
    func testCommandsListRecordAndRefuse() throws {
        let test = try DemoFixture.make()
        let groups = test.cli(["supervision", "groups", "list"])
        XCTAssertEqual(groups.code, 0, groups.err)
        XCTAssertTrue(groups.out.contains("第五督导组"))
        let matrix = test.cli(["supervision", "coverage", "--year", "2024", "--quarter", "1", "--json"])
        XCTAssertEqual(matrix.code, 0, matrix.err)
        XCTAssertEqual((try JSONParser.parse(matrix.out)).arrayValue?.count, 10)
        let added = test.cli(["supervision", "inspections", "add", "--group-id", "3", "--mode", "expert", "--date", "2024-06-11", "--territory", "东城镇",
                              "--inspectors", "专家甲", "--inspectors", "专家乙", "--json"])
        XCTAssertEqual(added.code, 0, added.err)
        let inspection = try JSONParser.parse(added.out)
        XCTAssertEqual(inspection["inspectors"], .array(["专家甲", "专家乙"]))
        XCTAssertEqual(inspection["campaign_name"], "汛期", "the date falls in the 汛期 window")
        let finding = test.cli(["supervision", "findings", "add", String(inspection["id"]?.intValue ?? 0), "--description", "堤防巡查记录缺失",
                                "--responsible-unit", "区水务局", "--deadline", "2024-07-01"])
        XCTAssertEqual(finding.code, 0, finding.err)
        let list = test.cli(["supervision", "findings", "list", "--responsible-kind", "unit"])
        XCTAssertTrue(list.out.contains("堤防巡查记录缺失"))
        let bad = test.cli(["supervision", "inspections", "add", "--group-id", "3", "--mode", "overt", "--date", "2024-06-11"])
        XCTAssertEqual(bad.code, 5)
        XCTAssertTrue(bad.err.contains("territory_id"))
        let missing = test.cli(["supervision", "findings", "show", "99999"])
        XCTAssertEqual(missing.code, 3)
        let forbidden = test.cli(["supervision", "groups", "add", "--name", "x", "--leader", "y", "--as", "fgj"])
        XCTAssertNotEqual(forbidden.code, 0)
    }
}

extension CommandTests {
    /// The escalation rules and proposals are the office's: HTTP admits only the office, and the CLI
    /// refuses the others the same way (no list of proposals about other bodies, no evaluation).
    func testEscalationRulesAndProposalsAreTheOfficesInTheCLIAsOverHTTP() throws {
        let (test, server) = try servedDemo()
        let proposals = { try test.core.read { try $0.scalarInt("SELECT count(*) FROM supervision_proposals") } }
        XCTAssertGreaterThan(try proposals(), 0, "the demo has proposals")
        let office = test.cli(["supervision", "proposals", "list", "--as", "anweiban", "--json"])
        XCTAssertEqual(office.code, 0, office.err)
        XCTAssertEqual(test.cli(["supervision", "rules", "list", "--as", "anweiban"]).code, 0)
        let before = try proposals()
        for user in ["dongcheng", "fgj", "inspector1", "qiye"] {
            XCTAssertEqual(try server.client(as: user, of: test).get("/api/v1/supervision/proposals").status, 403)
            for command in [["proposals", "list"], ["rules", "list"], ["proposals", "evaluate"]] {
                let run = test.cli(["supervision"] + command + ["--as", user, "--json"])
                XCTAssertNotEqual(run.code, 0, "\(user) \(command): \(run.out)")
                XCTAssertTrue(run.err.contains("只能由区安委办办理"), "\(user) \(command): \(run.err)")
                XCTAssertFalse(run.out.contains("reason"), "nothing listed: \(run.out)")
            }
        }
        XCTAssertEqual(try proposals(), before)
    }
}

extension CommandTests {
    /// 四不两直 draws are the office's and the groups': a town, a unit or an enterprise is refused
    /// over HTTP (403) and in the CLI alike, rather than shown an empty list or "not found".
    func testDrawsAreRefusedToOthersInTheCLIAsOverHTTP() throws {
        let (test, server) = try servedDemo()
        let draw = try test.core.read { try $0.scalarInt("SELECT min(id) FROM supervision_draws") }
        XCTAssertGreaterThan(draw, 0, "the demo has a draw")
        XCTAssertEqual(test.cli(["supervision", "draws", "list", "--as", "inspector1"]).code, 0)
        XCTAssertEqual(test.cli(["supervision", "draws", "show", String(draw), "--as", "anweiban"]).code, 0)
        for user in ["dongcheng", "fgj", "qiye"] {
            XCTAssertEqual(try server.client(as: user, of: test).get("/api/v1/supervision/draws").status, 403)
            for command in [["list"], ["show", String(draw)], ["verify", String(draw)]] {
                let run = test.cli(["supervision", "draws"] + command + ["--as", user])
                XCTAssertEqual(run.code, 1, "\(user) \(command): \(run.out)")
                XCTAssertTrue(run.err.contains("无权查看四不两直抽签"), "\(user) \(command): \(run.err)")
            }
        }
    }
}
