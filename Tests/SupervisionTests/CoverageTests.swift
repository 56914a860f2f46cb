// The coverage matrix on the demo database, red at quarter end, and the visit-missing event.
import Kernel
import TestSupport
import XCTest
@testable import Supervision

final class CoverageTests: XCTestCase {
    func testDemoGroupsCoverEveryTerritoryEveryQuarterOf2024() throws {
        let test = try DemoFixture.make()
        let groups = try GroupService(core: test.core).list(year: 2024)
        XCTAssertEqual(groups.count, 5)
        XCTAssertEqual(groups.first?["id"], .int(1), "inspector1 has scope group:1")
        let matrix = try CoverageService(core: test.core).matrix(year: 2024, quarter: nil, actor: .localAdministrator)
        let cells = matrix["cells"]?.arrayValue ?? []
        XCTAssertEqual(cells.count, 40, "10 territories × 4 quarters")
        XCTAssertTrue(cells.allSatisfy { $0["group_id"] != .null }, "no gap in any quarter")
        let q1 = cells.filter { $0["quarter"] == "2024-Q1" }
        XCTAssertTrue(q1.allSatisfy { $0["status"] == "done" && $0["colour"] == "green" }, "Q1 fully visited")
        let q2 = cells.filter { $0["quarter"] == "2024-Q2" }
        XCTAssertTrue(q2.contains { $0["status"] == "done" })
        XCTAssertTrue(q2.contains { $0["status"] == "planned" }, "some Q2 visits are still to come on 2024-06-15")
        XCTAssertFalse(cells.contains { $0["colour"] == "red" }, "nothing is red before Q2 ends")
        // The kernel's inspector scope followed the published coverage.
        let kernelCopy = try test.core.read { try $0.scalarInt("SELECT count(*) FROM access_group_coverage") }
        XCTAssertEqual(kernelCopy, 40)
    }

    func testUnvisitedTerritoryTurnsRedAtQuarterEndAndPublishesOnce() throws {
        let test = try DemoFixture.make()
        let service = CoverageService(core: test.core)
        let before = try service.matrix(year: 2024, quarter: 2, actor: .localAdministrator)["cells"]?.arrayValue ?? []
        let unvisited = before.filter { $0["visits_done"] == .int(0) }
        XCTAssertFalse(unvisited.isEmpty)
        XCTAssertEqual(try test.app.tick().first { $0.check == CoverageService.checkID }?.published, 0, "Q2 has not ended on 2024-06-15")

        test.clock.set(date("2024-06-25"))
        let dueSoon = try service.matrix(year: 2024, quarter: 2, actor: .localAdministrator)["cells"]?.arrayValue ?? []
        XCTAssertTrue(dueSoon.filter { $0["visits_done"] == .int(0) }.allSatisfy { $0["status"] == "due_soon" && $0["colour"] == "yellow" })

        test.clock.set(date("2024-07-01"))
        let after = try service.matrix(year: 2024, quarter: 2, actor: .localAdministrator)["cells"]?.arrayValue ?? []
        let red = after.filter { $0["colour"] == "red" }
        XCTAssertEqual(red.count, unvisited.count)
        XCTAssertTrue(red.allSatisfy { $0["status"] == "overdue" && ($0["reason"]?.stringValue ?? "").contains("2024-Q2 已于 2024-06-30 结束") })

        let first = try test.app.tick().first { $0.check == CoverageService.checkID }?.published
        XCTAssertEqual(first, unvisited.count)
        XCTAssertEqual(try eventCount(test, VisitMissing.type), Int64(unvisited.count))
        XCTAssertEqual(try test.app.tick().first { $0.check == CoverageService.checkID }?.published, 0, "once per territory and quarter")
        let payloads = try test.core.read { try $0.query("SELECT payload FROM kernel_events WHERE type = ?", [VisitMissing.type]) }
        let territories = Set(payloads.compactMap { (try? JSONParser.parse($0.requiredString("payload")))?["territory_id"]?.intValue })
        XCTAssertEqual(territories, Set(unvisited.compactMap { $0["territory_id"]?.intValue }))
    }

    func testCoverageOverHTTPIsScopedAndConflictsAreRefused() throws {
        let (test, server) = try servedDemo()
        let inspector = try server.client(as: "inspector1", of: test)
        let reply = try inspector.get("/api/v1/supervision/coverage?year=2024&quarter=2")
        XCTAssertEqual(reply.status, 200)
        let cells = reply.json["cells"]?.arrayValue ?? []
        XCTAssertEqual(cells.count, 2)
        XCTAssertTrue(cells.allSatisfy { $0["group_id"] == .int(1) })
        XCTAssertEqual(try server.client(as: "qiye", of: test).get("/api/v1/supervision/coverage").status, 403)
        let csv = try server.client(as: "admin", of: test).get("/api/v1/supervision/coverage?year=2024", headers: [("Accept", "text/csv")])
        XCTAssertEqual(csv.status, 200)
        XCTAssertTrue(csv.text.contains("territory_name"))

        // A territory already covered by group 2 in Q3 cannot also go to group 1.
        let admin = try server.client(as: "admin", of: test)
        let taken = try test.core.read { try $0.scalarInt("SELECT territory_id FROM supervision_coverage WHERE quarter = '2024-Q3' AND group_id = 2 LIMIT 1") }
        let conflict = try admin.send("PUT", "/api/v1/supervision/groups/1/coverage", json: .object(["quarter": "2024-Q3", "territory_ids": .array([.int(taken)])]))
        XCTAssertEqual(conflict.status, 409)
        XCTAssertTrue((conflict.json["detail"]?.stringValue ?? "").contains("第二督导组"))
        let bad = try admin.send("PUT", "/api/v1/supervision/groups/1/coverage", json: .object(["quarter": "2024-Q5", "territory_ids": .array([.int(999)])]))
        XCTAssertEqual(bad.status, 422)
        let fields = Set((bad.json["errors"]?.arrayValue ?? []).compactMap { $0["field"]?.stringValue })
        XCTAssertEqual(fields, ["quarter", "territory_ids[0]"])
        XCTAssertEqual(try inspector.send("PUT", "/api/v1/supervision/groups/1/coverage", json: .object(["quarter": "2024-Q3", "territory_ids": .array([])])).status, 403)
    }
}
