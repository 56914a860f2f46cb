// The overdue check reads its marks once and skips the hazards with nothing left to fire (issue
// 23); what it publishes is what marking every hazard would: a higher threshold already marked does
// not hide a lower one not yet marked, a listing proposal is once per deadline (a new deadline
// passed is proposed again), a listed hazard is not proposed, and a closed one is left alone.
import Foundation
import Kernel
import TestSupport
import XCTest

final class OverdueMarksTests: HazardsTestCase {
    func register(_ description: String, deadline: String) throws -> Int64 {
        let made = try client("anweiban").post("/api/v1/hazards", ["enterprise_id": 3, "description": .string(description), "found_on": "2024-05-01", "deadline": .string(deadline)])
        XCTAssertEqual(made.status, 201, made.text)
        return try XCTUnwrap(made.json["id"]?.intValue)
    }

    func events(_ type: String, hazard id: Int64) throws -> [JSON] {
        try sqlite("SELECT payload FROM kernel_events WHERE type = '\(type)' AND json_extract(payload, '$.hazard.hazard_id') = \(id) ORDER BY id")
            .map { try JSONParser.parse($0) }
    }

    func marks(_ check: String, hazard id: Int64) throws -> [String] {
        try sqlite("SELECT threshold FROM kernel_fired_thresholds WHERE check_id = '\(check)' AND subject = 'hazard:\(id)' ORDER BY threshold")
    }

    /// Sets columns of a hazard as a later change would (audited like every write).
    func update(_ id: Int64, _ assignments: String) throws {
        try test.core.write(.system("test")) { tx in
            try tx.db.execute("UPDATE hazards_hazards SET \(assignments) WHERE id = ?", [id])
            try tx.audit(action: "test.update", entity: "hazard", entityID: String(id))
        }
    }

    func tick(_ year: Int, _ month: Int, _ day: Int) throws {
        test.clock.set(CalendarDate(year: year, month: month, day: day)!)
        _ = try test.app.tick()
    }

    func testAMarkedHigherThresholdDoesNotHideALowerOneNotYetMarked() throws {
        let id = try register("配电箱无防护门（标记测试）", deadline: "2024-06-01")
        // Only the 30-day mark (as a check with other thresholds once left it).
        try test.core.write(.system("test")) { tx in
            XCTAssertTrue(try tx.fireOnce(check: "hazards.overdue", subject: "hazard:\(id)", threshold: "30d"))
            try tx.audit(action: "test.mark", entity: "check", entityID: "hazards.overdue")
        }
        try tick(2024, 7, 11) // 40 days late: 1, 7 and 30 reached; 1 and 7 not marked
        let overdue = try events("hazards.hazard.overdue", hazard: id)
        XCTAssertEqual(overdue.count, 1, "\(overdue)")
        XCTAssertEqual(overdue.first?["threshold"]?.intValue, 7, "the highest newly marked")
        XCTAssertEqual(overdue.first?["days_overdue"]?.intValue, 40)
        XCTAssertEqual(try marks("hazards.overdue", hazard: id), ["1d", "30d", "7d"])
        try tick(2024, 7, 12)
        XCTAssertEqual(try events("hazards.hazard.overdue", hazard: id).count, 1, "nothing left to fire")
        try tick(2024, 9, 1) // 92 days: 90 reached
        XCTAssertEqual(try events("hazards.hazard.overdue", hazard: id).last?["threshold"]?.intValue, 90)
        XCTAssertEqual(try events("hazards.hazard.overdue", hazard: id).count, 2)
    }

    func testAListingProposalIsOncePerDeadlineAndNoneWhenListedOrClosed() throws {
        let major = try register("储罐区可燃气体报警失效（挂牌测试）", deadline: "2024-06-01")
        let listed = try register("有限空间未设警示（已挂牌测试）", deadline: "2024-06-01")
        let closed = try register("消防栓损坏（已销号测试）", deadline: "2024-06-01")
        try update(major, "grade = 'major'")
        try update(listed, "grade = 'major', listed = 1")
        try update(closed, "grade = 'major', status = 'closed', closed_on = '2024-06-05'")
        try tick(2024, 6, 3)
        try tick(2024, 6, 4)
        XCTAssertEqual(try events("hazards.hazard.listing_proposed", hazard: major).count, 1, "once for its deadline")
        XCTAssertEqual(try marks("hazards.listing-proposal", hazard: major), ["deadline:2024-06-01"])
        XCTAssertEqual(try events("hazards.hazard.listing_proposed", hazard: listed).count, 0, "already listed")
        XCTAssertEqual(try events("hazards.hazard.overdue", hazard: listed).count, 1, "but overdue all the same")
        XCTAssertEqual(try events("hazards.hazard.overdue", hazard: closed).count + (try events("hazards.hazard.listing_proposed", hazard: closed).count), 0)
        // A new deadline, passed in turn: proposed again, once; the overdue thresholds stay marked.
        try update(major, "deadline = '2024-06-10'")
        try tick(2024, 6, 8)
        XCTAssertEqual(try events("hazards.hazard.listing_proposed", hazard: major).count, 1, "the new deadline has not passed")
        try tick(2024, 6, 12)
        try tick(2024, 6, 13)
        XCTAssertEqual(try events("hazards.hazard.listing_proposed", hazard: major).count, 2)
        XCTAssertEqual(try marks("hazards.listing-proposal", hazard: major), ["deadline:2024-06-01", "deadline:2024-06-10"])
        XCTAssertEqual(try events("hazards.hazard.overdue", hazard: major).count, 1, "1 day: marked at the first deadline")
    }
}
