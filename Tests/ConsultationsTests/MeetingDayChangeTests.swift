// A meeting's day corrected after it was recorded (PATCH held_on / ad_hoc): a title the system
// made from the day follows the new day (the minutes no longer print "第1季度" for a meeting of
// April), a title given by hand stays, and a meeting moved into a quarter that was missing its
// meeting settles that quarter's "meeting missing" agenda item, as recording it there does.
import App
import Consultations
import Kernel
import TestSupport
import XCTest

final class MeetingDayChangeTests: XCTestCase {
    func testADefaultTitleFollowsTheDayAndAHandGivenOneStays() throws {
        let test = try TestApplication(demo: true, today: Fixtures.date("2024-06-15"))
        let server = try TestServer(test)
        defer { server.stop() }
        let office = server.client(token: try test.token(for: "anweiban"))

        let created = try office.post("/api/v1/consultations/meetings", .object([
            "kind": "riskConsultation", "held_on": "2024-03-28", "ad_hoc": true, "convener": "区安委办主任 王建国",
        ]))
        XCTAssertEqual(created.status, 201, created.text)
        let id = try XCTUnwrap(created.json["id"]?.intValue)
        XCTAssertEqual(created.json["title"], "2024年第1季度安全风险会商研判会议（专题）")

        let moved = try office.patch("/api/v1/consultations/meetings/\(id)", .object(["held_on": "2024-04-02"]))
        XCTAssertEqual(moved.status, 200, moved.text)
        XCTAssertEqual(moved.json["quarter"], "2024-Q2")
        XCTAssertEqual(moved.json["title"], "2024年第2季度安全风险会商研判会议（专题）", "the title made from the day follows the day")
        let minutes = try office.get("/api/v1/consultations/meetings/\(id)/minutes")
        XCTAssertEqual(minutes.status, 200)
        XCTAssertTrue(minutes.text.contains("2024年4月2日"), minutes.text)
        XCTAssertFalse(minutes.text.contains("第1季度"), "the printed minutes name the quarter the meeting was held in")

        let regular = try office.patch("/api/v1/consultations/meetings/\(id)", .object(["ad_hoc": false]))
        XCTAssertEqual(regular.status, 200, regular.text)
        XCTAssertEqual(regular.json["title"], "2024年第2季度安全风险会商研判会议")

        // A title given by hand is the office's words: a new day leaves it alone, as does a title given with the day.
        let named = try office.patch("/api/v1/consultations/meetings/\(id)", .object(["title": "汛前安全风险专题会商"]))
        XCTAssertEqual(named.json["title"], "汛前安全风险专题会商")
        let again = try office.patch("/api/v1/consultations/meetings/\(id)", .object(["held_on": "2024-05-06"]))
        XCTAssertEqual(again.status, 200, again.text)
        XCTAssertEqual(again.json["title"], "汛前安全风险专题会商")
        let both = try office.patch("/api/v1/consultations/meetings/\(id)", .object(["held_on": "2024-03-29", "title": "一季度补充会商"]))
        XCTAssertEqual(both.json["title"], "一季度补充会商")
        XCTAssertEqual(both.json["quarter"], "2024-Q1")
    }

    func testAMeetingMovedIntoAMissingQuarterSettlesItsAgendaItem() throws {
        let test = try TestApplication(demo: false, today: Fixtures.date("2024-04-01"))
        _ = try test.app.tick()
        _ = try test.app.tick()
        func missing() -> [String] {
            let agenda = Fixtures.json(test.cli(["consultations", "agenda", "--next", "--json"]).out)
            let items = agenda["sections"]?.arrayValue?.first { $0["type"] == "meeting_missing" }?["items"]?.arrayValue ?? []
            return items.compactMap { $0["subject"]?.stringValue }.sorted()
        }
        XCTAssertEqual(missing(), ["missing:kind:governmentStudy:2024-Q1", "missing:kind:riskConsultation:2024-Q1"])

        let created = test.cli(["consultations", "meetings", "add", "--kind", "riskConsultation", "--held-on", "2024-04-01", "--convener", "王建国", "--json"])
        XCTAssertEqual(created.code, 0, created.err)
        XCTAssertEqual(missing().count, 2, "a meeting of April does not make up for Q1")

        // It was in fact held on 29 March: corrected, it is Q1's meeting, and Q1 is no longer missing it.
        let id = try XCTUnwrap(Fixtures.json(created.out)["id"]?.intValue)
        let corrected = test.cli(["consultations", "meetings", "update", String(id), "--held-on", "2024-03-29", "--json"])
        XCTAssertEqual(corrected.code, 0, corrected.err)
        XCTAssertEqual(Fixtures.json(corrected.out)["quarter"], "2024-Q1")
        XCTAssertEqual(missing(), ["missing:kind:governmentStudy:2024-Q1"])
        let compliance = Fixtures.json(test.cli(["consultations", "compliance", "--quarter", "2024-Q1", "--json"]).out).arrayValue ?? []
        XCTAssertEqual(compliance.first { $0["kind"] == "riskConsultation" }?["colour"], "green")
    }
}
