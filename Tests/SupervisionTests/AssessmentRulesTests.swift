// Issue 19 items 11, 12, 13, 16: manual items only where the scheme scores by hand, within the
// weight, withdrawable; a missed visit counts against the group's organiser; each reader sees only
// its own lines; a date's figures do not move when `tick` runs for a later date.
import Kernel
import TestSupport
import XCTest
@testable import Supervision

final class AssessmentRulesTests: XCTestCase {
    func testManualItemsAreBoundedAndWithdrawable() throws {
        let (test, server) = try servedDemo()
        let office = try server.client(as: "anweiban", of: test)
        let territory = try test.id("territories", "东城镇")
        func item(_ indicator: String, _ points: Int64) throws -> HTTPReply {
            try office.post("/api/v1/supervision/assessment/items", .object(["year": 2024, "subject_territory_id": .int(territory), "indicator": .string(indicator),
                                                                           "points": .int(points), "reason": "年度重点工作推进不力", "evidence": "区安委办通报"]))
        }
        let computed = try item("A1", -2)
        XCTAssertEqual(computed.status, 422, computed.text)
        XCTAssertEqual(computed.json["errors"]?.arrayValue?.first?["code"], "computed")
        XCTAssertTrue((computed.json["errors"]?.arrayValue?.first?["message"]?.stringValue ?? "").contains("A2"), "names the manual indicators")
        let beyond = try item("A2", -30)
        XCTAssertEqual(beyond.status, 422, beyond.text)
        XCTAssertEqual(beyond.json["errors"]?.arrayValue?.first?["field"], "points")
        XCTAssertEqual(beyond.json["errors"]?.arrayValue?.first?["code"], "beyond_weight")
        let cli = test.cli(["supervision", "assessment", "add-item", "--year", "2024", "--subject-territory", "东城镇", "--indicator", "A1", "--points", "-2",
                            "--reason", "x", "--evidence", "y"])
        XCTAssertNotEqual(cli.code, 0)
        XCTAssertTrue(cli.err.contains("A1"), cli.err)
        XCTAssertEqual(try server.client(as: "fgj", of: test).post("/api/v1/supervision/assessment/items", .object(["year": 2024, "subject_territory_id": .int(territory),
                        "indicator": "A2", "points": -1, "reason": "x", "evidence": "y"])).status, 403)

        let ok = try item("A2", -6)
        XCTAssertEqual(ok.status, 201, ok.text)
        XCTAssertEqual(ok.json["subject_name"], "东城镇")
        let id = try XCTUnwrap(ok.json["id"]?.intValue)
        XCTAssertEqual(try item("A2", -6).status, 422, "together beyond the weight")
        func lines() throws -> [JSON] {
            let results = try office.get("/api/v1/supervision/assessment/report?year=2024").json["results"]?.arrayValue ?? []
            return results.first { $0["kind"] == "territory" && $0["id"] == .int(territory) }?["lines"]?.arrayValue ?? []
        }
        XCTAssertTrue(try lines().contains { $0["source"] == .string("assessment item \(id)") && $0["code"] == "manualDeduction" })

        // Withdrawn with a reason: kept, audited, no longer counted.
        XCTAssertEqual(try office.post("/api/v1/supervision/assessment/items/\(id)/actions/withdraw", .object([:])).status, 422, "a reason is required")
        let withdrawn = try office.post("/api/v1/supervision/assessment/items/\(id)/actions/withdraw", .object(["reason": "证据有误，重新核定"]))
        XCTAssertEqual(withdrawn.status, 200, withdrawn.text)
        XCTAssertEqual(withdrawn.json["status"], "withdrawn")
        XCTAssertEqual(withdrawn.json["withdrawal_reason"], "证据有误，重新核定")
        XCTAssertFalse(try lines().contains { $0["source"] == .string("assessment item \(id)") })
        XCTAssertEqual(try office.post("/api/v1/supervision/assessment/items/\(id)/actions/withdraw", .object(["reason": "再撤一次"])).status, 409)
        XCTAssertEqual(try office.get("/api/v1/supervision/assessment/items?year=2024").json.items.first { $0["id"] == .int(id) }?["status"], "withdrawn")
        XCTAssertEqual(try server.client(as: "dongcheng", of: test).get("/api/v1/supervision/assessment/items?year=2024").status, 403)
        let audit = try test.core.read { try $0.scalarInt("SELECT count(*) FROM kernel_audit WHERE action = 'supervision.assessment.item.withdraw' AND entity_id = ?", [String(id)]) }
        XCTAssertEqual(audit, 1)
        // The CLI: the same rules, and a withdrawn item cannot be withdrawn again.
        let again = test.cli(["supervision", "assessment", "withdraw-item", String(id), "--reason", "再撤一次"])
        XCTAssertNotEqual(again.code, 0)
        let listed = test.cli(["supervision", "assessment", "items", "--year", "2024", "--json"])
        XCTAssertEqual(listed.code, 0, listed.err)
        XCTAssertTrue(listed.out.contains("withdrawn"))
    }

    func testAMissedVisitCountsAgainstTheGroupsOrganiserNotTheTown() throws {
        let test = try DemoFixture.make(today: date("2024-07-02"))
        let report = try test.core.read { try AssessmentService(core: test.core).report(year: 2024, $0) }
        let results = report["results"]?.arrayValue ?? []
        let missed = try test.core.read { db in
            try CoverageService(core: test.core).cells([Quarter(year: 2024, number: 2)], today: date("2024-07-02"), actor: .localAdministrator, db).filter { $0.status == "overdue" }
        }
        XCTAssertFalse(missed.isEmpty, "the demo leaves some Q2 visits undone")
        for territory in results where territory["kind"] == "territory" {
            XCTAssertFalse((territory["lines"]?.arrayValue ?? []).contains { $0["code"] == "visitMissing" }, "a town is not blamed for not being visited")
        }
        for cell in missed {
            let organiser = try XCTUnwrap(try test.core.read { try $0.queryOne("SELECT leader_unit_id FROM supervision_groups WHERE id = ?", [cell.groupID ?? 0])?.int("leader_unit_id") })
            let unit = try XCTUnwrap(results.first { $0["kind"] == "unit" && $0["id"] == .int(organiser) })
            let line = (unit["lines"]?.arrayValue ?? []).first { $0["code"] == "visitMissing" && ($0["reason"]?.stringValue ?? "").contains(cell.territoryName) }
            XCTAssertNotNil(line, "\(cell.territoryName) missed by \(cell.groupName ?? "") counts against its organiser")
            XCTAssertEqual(line?["indicator"], "C1")
        }
    }

    func testEachReaderSeesItsOwnLinesAndTheRankingOnly() throws {
        let (test, server) = try servedDemo()
        let warned = try XCTUnwrap(try test.core.read { try $0.queryOne("SELECT target_id, reason FROM supervision_instruments WHERE kind = 'warningNotice' AND target_kind = 'territory'") })
        let warnedID = warned.requiredInt("target_id"), warningText = warned.requiredString("reason")
        let dongcheng = try test.id("territories", "东城镇"), xiling = try test.id("territories", "西岭镇")
        let (user, own) = warnedID == dongcheng ? ("xiling", xiling) : ("dongcheng", dongcheng)
        let office = try server.client(as: "anweiban", of: test)
        XCTAssertTrue(try office.get("/api/v1/supervision/assessment/report?year=2024").text.contains(warningText), "the office reads every line")

        let town = try server.client(as: user, of: test)
        let json = try town.get("/api/v1/supervision/assessment/report?year=2024")
        XCTAssertEqual(json.status, 200, json.text)
        XCTAssertFalse(json.text.contains(warningText), "another town's 警示通报 text is not the reader's")
        let results = json.json["results"]?.arrayValue ?? []
        XCTAssertEqual(results.count, 64, "the whole published ranking")
        for result in results {
            if result["kind"] == "territory" && result["id"] == .int(own) {
                XCTAssertNotNil(result["lines"]?.arrayValue)
                XCTAssertNotNil(result["indicators"]?.arrayValue)
            } else {
                guard case .object(let members) = result else { return XCTFail("an object") }
                XCTAssertEqual(Set(members.map(\.key)), AssessmentAccess.rankingMembers, "others: the ranking only")
            }
        }
        let csv = try town.get("/api/v1/supervision/assessment/report?year=2024", headers: [("Accept", "text/csv")])
        XCTAssertEqual(csv.status, 200)
        XCTAssertFalse(csv.text.contains(warningText))
        XCTAssertTrue(csv.text.contains("东城镇") && csv.text.contains("西岭镇"), "names, not ids")
        let html = try town.get("/api/v1/supervision/assessment/report/html?year=2024")
        XCTAssertEqual(html.status, 200)
        XCTAssertFalse(html.text.contains(warningText))
        let exported = test.cli(["supervision", "assessment", "export", "--year", "2024", "--as", user])
        XCTAssertEqual(exported.code, 0, exported.err)
        XCTAssertFalse(exported.out.contains(warningText))
        // The warned town reads its own warning in its own lines.
        let warnedUser = user == "xiling" ? "dongcheng" : "xiling"
        if warnedID == dongcheng || warnedID == xiling {
            XCTAssertTrue(try server.client(as: warnedUser, of: test).get("/api/v1/supervision/assessment/report?year=2024").text.contains(warningText))
        }
        // A unit: its own lines only.
        let unit = try server.client(as: "fgj", of: test).get("/api/v1/supervision/assessment/report?year=2024")
        XCTAssertEqual(unit.status, 200)
        XCTAssertEqual((unit.json["results"]?.arrayValue ?? []).filter { $0["lines"] != nil }.count, 1)
        // Enterprises and inspectors: refused, in every form.
        for refused in ["qiye", "inspector1"] {
            let client = try server.client(as: refused, of: test)
            XCTAssertEqual(try client.get("/api/v1/supervision/assessment/report?year=2024").status, 403)
            XCTAssertEqual(try client.get("/api/v1/supervision/assessment/report?year=2024", headers: [("Accept", "text/csv")]).status, 403)
            XCTAssertEqual(try client.get("/api/v1/supervision/assessment/report/html?year=2024").status, 403)
            XCTAssertNotEqual(test.cli(["supervision", "assessment", "export", "--year", "2024", "--as", refused]).code, 0)
        }
    }

    func testADatesFiguresAreTheSameBytesBeforeAndAfterALaterTick() throws {
        let test = try DemoFixture.make()
        let export = ["supervision", "assessment", "export", "--year", "2024", "--as-of", "2024-06-15"]
        let json = ["supervision", "assessment", "run", "--year", "2024", "--as-of", "2024-06-15", "--json"]
        let beforeCSV = test.cli(export), beforeJSON = test.cli(json), beforeDefault = test.cli(["supervision", "assessment", "export", "--year", "2024", "--html"])
        XCTAssertEqual(beforeCSV.code, 0, beforeCSV.err)
        XCTAssertEqual(beforeJSON.code, 0, beforeJSON.err)
        let factsBefore = try test.core.read { try $0.scalarInt("SELECT count(*) FROM supervision_facts") }

        let tick = test.cli(["tick", "--at", "2024-12-31"])
        XCTAssertEqual(tick.code, 0, tick.err)
        let learnt = try test.core.read { try $0.scalarInt("SELECT count(*) FROM supervision_facts WHERE known_on = '2024-12-31'") }
        XCTAssertGreaterThan(learnt, 0, "the later tick told Supervision things (facts before: \(factsBefore))")

        XCTAssertEqual(test.cli(export).out, beforeCSV.out, "the same bytes as of 2024-06-15")
        XCTAssertEqual(test.cli(json).out, beforeJSON.out)
        XCTAssertEqual(test.cli(["supervision", "assessment", "export", "--year", "2024", "--html"]).out, beforeDefault.out, "today's figures too")
        XCTAssertNotEqual(test.cli(["supervision", "assessment", "export", "--year", "2024", "--as-of", "2024-12-31"]).out, beforeCSV.out, "the year's end knows more")
    }

    func testCoverageOnAPastDateShowsOnlyTheVisitsMadeByThen() throws {
        let test = try DemoFixture.make()
        let now = try CoverageService(core: test.core).matrix(year: 2024, quarter: 1, actor: .localAdministrator)["cells"]?.arrayValue ?? []
        XCTAssertTrue(now.contains { ($0["last_visit"]?.stringValue ?? "") > "2024-01-10" }, "the demo visits in Q1 after 01-10")
        test.clock.set(date("2024-01-10"))
        let then = try CoverageService(core: test.core).matrix(year: 2024, quarter: 1, actor: .localAdministrator)["cells"]?.arrayValue ?? []
        XCTAssertFalse(then.contains { ($0["last_visit"]?.stringValue ?? "") > "2024-01-10" })
        XCTAssertTrue(then.allSatisfy { $0["status"] != "done" || ($0["last_visit"]?.stringValue ?? "") <= "2024-01-10" })
        let cli = test.cli(["supervision", "coverage", "--year", "2024", "--quarter", "1", "--json"])
        XCTAssertEqual(cli.code, 0, cli.err)
        XCTAssertFalse(cli.out.contains("\"2024-02-"), "no visit of February on 01-10")
    }
}
