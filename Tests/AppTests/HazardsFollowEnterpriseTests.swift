// An enterprise's registration decides where its hazards lie and which department supervises them.
// When the registry moves an enterprise (a corrected town, another department), its open hazards
// follow, each on its timeline and in the audit, and the new department hears of each by
// hazards.hazard.transferred; its closed hazards stay where they were judged, and the stats' counts
// stay true. Before, the hazards stayed with the old town and department, which were then held to
// account for an enterprise no longer theirs.
import App
import Foundation
import Kernel
import TestSupport
import XCTest

final class HazardsFollowEnterpriseTests: XCTestCase {
    func testAnEnterprisesOpenHazardsFollowItsRegistrationAndItsClosedOnesStay() throws {
        let test = try TestApplication(demo: true, today: CalendarDate(year: 2024, month: 6, day: 15)!)
        test.app.dispatcher.deliverDue()
        func rows(_ sql: String, _ arguments: [any DatabaseValueConvertible] = []) throws -> [Row] { try test.core.read { try $0.query(sql, arguments) } }
        // An enterprise of the demo with closed hazards and more than one open.
        let enterprise = try XCTUnwrap(try rows("""
            SELECT enterprise_id FROM hazards_hazards WHERE enterprise_id IS NOT NULL GROUP BY enterprise_id
            HAVING sum(status IN ('closed', 'merged')) > 0 AND sum(status NOT IN ('closed', 'merged')) > 1 ORDER BY enterprise_id LIMIT 1
            """).first?.int("enterprise_id"))
        let before = try rows("SELECT id, status, territory_id, supervising_unit_id FROM hazards_hazards WHERE enterprise_id = ? ORDER BY id", [enterprise])
        let open = before.filter { !["closed", "merged"].contains($0.string("status") ?? "") }.map { $0.requiredInt("id") }
        let finished = before.filter { ["closed", "merged"].contains($0.string("status") ?? "") }
        let registered = try XCTUnwrap(try rows("SELECT territory_id, supervising_unit_id FROM registry_enterprises WHERE id = ?", [enterprise]).first)
        let newTerritory = try XCTUnwrap(try rows("SELECT id FROM registry_territories WHERE id <> ? ORDER BY id LIMIT 1", [registered.requiredInt("territory_id")]).first?.int("id"))
        let newUnit = try test.id("units", "区发改局")
        XCTAssertNotEqual(registered.int("supervising_unit_id"), newUnit)

        // The office gives one open hazard to a department of its choosing: that choice stays.
        let chosen = try XCTUnwrap(open.first)
        let kept = test.cli(["hazards", "transfer", String(chosen), "--supervising-unit", "区住建局", "--reason", "经核实由区住建局监管", "--as", "anweiban"])
        XCTAssertEqual(kept.code, 0, kept.err)
        let chosenUnit = try test.id("units", "区住建局")

        // A town may not move it; the office may.
        XCTAssertNotEqual(test.cli(["org", "enterprises", "update", String(enterprise), "--territory", String(newTerritory), "--as", "dongcheng"]).code, 0)
        let moved = test.cli(["org", "enterprises", "update", String(enterprise), "--territory", String(newTerritory), "--as", "anweiban", "--json"])
        XCTAssertEqual(moved.code, 0, moved.err)
        test.app.dispatcher.deliverDue()
        for id in open {
            XCTAssertEqual(try rows("SELECT territory_id FROM hazards_hazards WHERE id = ?", [id]).first?.int("territory_id"), newTerritory, "open hazard \(id) follows")
            let last = try XCTUnwrap(try rows("SELECT action, note FROM hazards_actions WHERE hazard_id = ? ORDER BY id DESC LIMIT 1", [id]).first)
            XCTAssertEqual(last.string("action"), "follow-enterprise")
            XCTAssertTrue(last.string("note")?.hasPrefix("企业登记变更") ?? false, last.string("note") ?? "")
        }
        for row in finished {
            XCTAssertEqual(try rows("SELECT territory_id FROM hazards_hazards WHERE id = ?", [row.requiredInt("id")]).first?.int("territory_id"),
                           row.int("territory_id"), "a closed hazard stays where it was judged")
        }
        XCTAssertEqual(try rows("SELECT count(*) AS n FROM kernel_audit WHERE action = 'hazards.follow-enterprise'").first?.int("n"), Int64(open.count))
        XCTAssertEqual(try rows("SELECT count(*) AS n FROM kernel_events WHERE type = ?", [HazardTransferred.type]).first?.int("n"), 1, "only the office's own transfer")
        XCTAssertEqual(try rows("SELECT supervising_unit_id FROM hazards_hazards WHERE id = ?", [chosen]).first?.int("supervising_unit_id"), chosenUnit,
                       "a change of territory leaves the department alone")

        // Another department: each open hazard is transferred, and the event names both.
        let transferred = test.cli(["org", "enterprises", "update", String(enterprise), "--supervising-unit", "区发改局", "--as", "anweiban", "--json"])
        XCTAssertEqual(transferred.code, 0, transferred.err)
        test.app.dispatcher.deliverDue()
        XCTAssertEqual(try rows("SELECT count(*) AS n FROM hazards_hazards WHERE enterprise_id = ? AND supervising_unit_id = ?", [enterprise, newUnit]).first?.int("n"),
                       Int64(open.count - 1))
        XCTAssertEqual(try rows("SELECT supervising_unit_id FROM hazards_hazards WHERE id = ?", [chosen]).first?.int("supervising_unit_id"), chosenUnit,
                       "the office's choice stays when the enterprise's department changes")
        let events = try rows("SELECT payload FROM kernel_events WHERE type = ? ORDER BY id", [HazardTransferred.type])
        XCTAssertEqual(events.count, open.count, "the office's transfer and one for each other open hazard")
        let first = try JSONParser.parse(Array((events.dropFirst().first?.string("payload") ?? "").utf8))
        XCTAssertEqual(first["from_unit_id"]?.intValue, registered.int("supervising_unit_id"))
        XCTAssertTrue(first["summary"]?.stringValue?.contains("→ 区发改局") ?? false, first["summary"]?.stringValue ?? "")

        // A change of another field moves nothing; a redelivered event finds nothing left to move.
        XCTAssertEqual(test.cli(["org", "enterprises", "update", String(enterprise), "--address", "工业园区纬二路 8 号", "--as", "anweiban"]).code, 0)
        var report = DeliveryReport()
        for event in try test.core.read({ try EventLog.list($0, after: 0, type: EnterpriseChanged.type, limit: 1000) }) {
            test.app.dispatcher.deliver(event, to: "hazards.follow-enterprise", attempts: 0, report: &report)
        }
        test.app.dispatcher.deliverDue()
        XCTAssertEqual(try rows("SELECT count(*) AS n FROM kernel_audit WHERE action = 'hazards.follow-enterprise'").first?.int("n"), Int64(open.count * 2 - 1))

        // The stats' kept counts still agree with the register.
        let counts = try rows("""
            SELECT (SELECT count(*) FROM (SELECT territory_id, supervising_unit_id, status, count(*) AS n FROM hazards_hazards GROUP BY 1, 2, 3) r
                    WHERE r.n <> (SELECT coalesce(sum(c.n), 0) FROM hazards_counts c WHERE c.territory_id IS r.territory_id
                                  AND c.supervising_unit_id IS r.supervising_unit_id AND c.status = r.status)) AS wrong
            """)
        XCTAssertEqual(counts.first?.int("wrong"), 0)
        XCTAssertEqual(try rows("SELECT count(*) AS n FROM kernel_deliveries WHERE status <> 'done'").first?.int("n"), 0)
        XCTAssertTrue(try test.core.read { try AuditLog.verify($0) }.isIntact)
    }
}
