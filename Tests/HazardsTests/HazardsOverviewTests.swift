// The overview (待办) lists the closure reviews waiting for the supervising unit and the tip-offs
// waiting for the town's triage; the office sees the district's (the reviews counted per unit,
// due and lapsed apart); nobody else sees them.
import Foundation
import Kernel
import TestSupport
import XCTest

final class HazardsOverviewTests: HazardsTestCase {
    func items(_ user: String) throws -> [JSON] {
        let reply = try client(user).get("/api/v1/overview")
        XCTAssertEqual(reply.status, 200, reply.text)
        return (reply.json["items"]?.arrayValue ?? []).filter { $0["module"] == "hazards" }
    }

    func testReviewsWaitForTheirUnitAndTipOffsForTheirTown() throws {
        let made = try client("qiye").post("/api/v1/hazards", ["description": "叉车无证驾驶（待办）", "deadline": "2024-07-15"])
        XCTAssertEqual(made.status, 201, made.text)
        let id = try XCTUnwrap(made.json["id"]?.intValue), code = try XCTUnwrap(made.json["code"]?.stringValue)
        _ = try client("qiye").post("/api/v1/hazards/\(id)/actions/finish-rectification", .object([]))
        XCTAssertEqual(try client("qiye").post("/api/v1/hazards/\(id)/actions/apply-review", .object([])).status, 200)
        let link = "/api/v1/hazards/\(id)"
        let unit = try items("yjj").first { $0["link"]?.stringValue == link }
        XCTAssertEqual(unit?["kind"], "review_due")
        XCTAssertTrue(unit?["title"]?.stringValue?.contains(code) ?? false, "\(String(describing: unit))")
        XCTAssertTrue(unit?["detail"]?.stringValue?.contains("2024-06-25") ?? false)
        // The office sees the reviews counted per supervising unit, linking to those hazards in the list.
        let waiting = try sqliteInt("SELECT count(*) FROM hazards_hazards WHERE status = 'reviewApplied' AND review_due >= '2024-06-15' AND supervising_unit_id = (SELECT supervising_unit_id FROM hazards_hazards WHERE id = \(id))")
        let unitID = try sqliteInt("SELECT supervising_unit_id FROM hazards_hazards WHERE id = \(id)")
        let office = try items("anweiban")
        XCTAssertNil(office.first { $0["link"]?.stringValue == link }, "no item per hazard for the office")
        let counted = try XCTUnwrap(office.first { $0["link"]?.stringValue == "/api/v1/hazards?status=reviewApplied&supervising_unit_id=\(unitID)" }, "\(office)")
        XCTAssertEqual(counted["kind"], "reviews_due")
        XCTAssertTrue(counted["title"]?.stringValue?.hasSuffix("有 \(waiting) 项隐患待销号核查") ?? false, "\(counted)")
        // Its link lists the unit's reviews waiting, lapsed ones too (the list has no "due from" filter).
        let listed = try client("anweiban").get(try XCTUnwrap(counted["link"]?.stringValue) + "&limit=200")
        let all = try sqliteInt("SELECT count(*) FROM hazards_hazards WHERE status = 'reviewApplied' AND supervising_unit_id = \(unitID)")
        XCTAssertEqual(listed.json["items"]?.arrayValue?.count, Int(all), listed.text)
        XCTAssertNil(try items("fgj").first { $0["link"]?.stringValue == link }, "another unit")
        XCTAssertTrue(try items("qiye").isEmpty, "an enterprise has nothing of these waiting")

        let tip = try server.client().post("/api/v1/tipoffs", ["text": "河道护栏缺失（待办）", "place": "东城镇滨河路", "territory_id": "东城镇"])
        XCTAssertEqual(tip.status, 201, tip.text)
        let tipID = try sqliteInt("SELECT max(id) FROM hazards_tipoffs")
        XCTAssertNotNil(try items("dongcheng").first { $0["link"]?.stringValue == "/api/v1/tipoffs/\(tipID)" })
        XCTAssertNil(try items("xiling").first { $0["link"]?.stringValue == "/api/v1/tipoffs/\(tipID)" })
        XCTAssertNil(try items("yjj").first { $0["link"]?.stringValue == "/api/v1/tipoffs/\(tipID)" })
        // The CLI reads the same; a lapsed review says so.
        test.clock.set(CalendarDate(year: 2024, month: 6, day: 27)!)
        let cli = test.cli(["overview", "--as", "yjj", "--json"])
        XCTAssertEqual(cli.code, 0, cli.err)
        XCTAssertTrue(cli.out.contains("review_lapsed") && cli.out.contains(code), cli.out.prefix(400).description)
        // For the office the lapsed reviews are counted apart, and the link lists just those.
        let lapsed = try XCTUnwrap(try items("anweiban").first { $0["kind"] == "reviews_lapsed" && $0["link"]?.stringValue?.contains("supervising_unit_id=\(unitID)&") == true })
        XCTAssertEqual(lapsed["link"]?.stringValue, "/api/v1/hazards?status=reviewApplied&supervising_unit_id=\(unitID)&review_due_by=2024-06-26")
        let late = try client("anweiban").get(try XCTUnwrap(lapsed["link"]?.stringValue) + "&limit=200").json["items"]?.arrayValue ?? []
        XCTAssertTrue(late.contains { $0["id"]?.intValue == id })
        XCTAssertTrue(lapsed["title"]?.stringValue?.hasSuffix("有 \(late.count) 项隐患销号核查已超期") ?? false, "\(lapsed)")
    }
}
