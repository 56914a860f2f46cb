// An inspector reads the inspections in the towns its group covers, whoever made them, but adds
// findings only to its own group's inspections; refusals are Chinese first.
import Kernel
import TestSupport
import XCTest
@testable import Supervision

final class GroupScopeTests: XCTestCase {
    func testAnInspectorAddsFindingsOnlyToItsOwnGroupsInspections() throws {
        let (test, server) = try servedDemo()
        let inspector = try server.client(as: "inspector1", of: test)
        // Another group's inspection in a town group 1 covers this quarter: visible to inspector1.
        let (other, own) = try test.core.read { db in
            (try db.scalarInt("""
                SELECT min(i.id) FROM supervision_inspections i JOIN supervision_coverage c ON c.territory_id = i.territory_id AND c.group_id = 1 AND c.quarter = '2024-Q2'
                WHERE i.group_id <> 1
                """),
             try db.scalarInt("SELECT min(id) FROM supervision_inspections WHERE group_id = 1"))
        }
        XCTAssertGreaterThan(other, 0, "the demo has another group's inspection in a town group 1 covers")
        XCTAssertEqual(try inspector.get("/api/v1/supervision/inspections/\(other)").status, 200)

        let findings = { try test.core.read { try $0.scalarInt("SELECT count(*) FROM supervision_findings") } }
        let before = try findings()
        let refused = try inspector.post("/api/v1/supervision/inspections/\(other)/findings",
                                         .object(["description": "越组记录的问题", "deadline": "2024-07-30"]))
        XCTAssertEqual(refused.status, 403, refused.text)
        XCTAssertTrue((refused.json["detail"]?.stringValue ?? "").contains("本督导组"), refused.text)
        XCTAssertEqual(try findings(), before, "nothing written")

        // Its own group's inspection takes the finding.
        let allowed = try inspector.post("/api/v1/supervision/inspections/\(own)/findings",
                                         .object(["description": "本组检查发现的问题", "deadline": "2024-07-30"]))
        XCTAssertEqual(allowed.status, 201, allowed.text)
        XCTAssertEqual(try findings(), before + 1)

        // A town may not re-check (回头看): refused in Chinese first.
        let findingID = try XCTUnwrap(allowed.json["id"]?.intValue)
        XCTAssertEqual(allowed.json["territory_id"]?.intValue, try test.id("territories", "东城镇"), "group 1's first inspection is in 东城镇")
        let recheck = try server.client(as: "dongcheng", of: test).post("/api/v1/supervision/findings/\(findingID)/actions/recheck",
                                                                       .object(["passed": true, "note": "x"]))
        XCTAssertEqual(recheck.status, 403, recheck.text)
        XCTAssertTrue((recheck.json["detail"]?.stringValue ?? "").hasPrefix("只有区安委办或督导组"), recheck.text)
    }
}
