// Who attended is counted (present_count, absent_count, compliance of attendance), so a unit or
// territory is listed once: a unit given twice, or both present and absent, was recorded as such
// (区发改局 present twice and absent once: "present 2, absent 1"). Now 422 naming both places.
import App
import Consultations
import Kernel
import TestSupport
import XCTest

final class AttendanceTests: XCTestCase {
    func testAUnitOrTerritoryIsListedOncePresentOrAbsent() throws {
        let test = try TestApplication(demo: true, today: Fixtures.date("2024-06-15"))
        let server = try TestServer(test)
        defer { server.stop() }
        let office = server.client(token: try test.token(for: "anweiban"))
        let meetings = { try test.core.read { try $0.scalarInt("SELECT count(*) FROM consultations_meetings") } }
        let before = try meetings()

        let twice = try office.post("/api/v1/consultations/meetings", .object([
            "kind": "plenary", "held_on": "2024-06-02", "convener": "区长 陈志远",
            "attendees": .array([.object(["unit_id": "区发改局"]), .object(["unit_id": 4]), .object(["territory_id": "东城镇"]), .object(["person": "李四"])]),
            "absent_units": .array(["区发改局", "区水务局"]),
            "absent_territories": .array(["东城镇"]),
        ]))
        XCTAssertEqual(twice.status, 422, twice.text)
        let errors = (twice.json["errors"]?.arrayValue ?? []).map { ($0["field"]?.stringValue ?? "", $0["code"]?.stringValue ?? "") }
        XCTAssertEqual(errors.map(\.0), ["attendees[1]", "absent_units[0]", "absent_territories[0]"], twice.text)
        XCTAssertEqual(Set(errors.map(\.1)), ["listed_twice"])
        XCTAssertTrue(twice.text.contains("attendees[1] 与 attendees[0] 是同一成员单位"), twice.text)
        XCTAssertEqual(try meetings(), before, "nothing written")

        let cli = test.cli(["consultations", "meetings", "add", "--kind", "plenary", "--held-on", "2024-06-02", "--convener", "区长",
                            "--unit", "区发改局", "--absent-units", "区发改局"])
        XCTAssertEqual(cli.code, 5, cli.err)
        XCTAssertTrue(cli.err.contains("listed twice") && cli.err.contains("同一成员单位"), cli.err)
        XCTAssertEqual(try meetings(), before, "nothing written")

        // Each once: recorded, and counted once.
        let once = try office.post("/api/v1/consultations/meetings", .object([
            "kind": "plenary", "held_on": "2024-06-02", "convener": "区长 陈志远",
            "attendees": .array([.object(["unit_id": "区发改局"]), .object(["territory_id": "东城镇"]), .object(["person": "李四"])]),
            "absent_units": .array(["区水务局"]),
        ]))
        XCTAssertEqual(once.status, 201, once.text)
        XCTAssertEqual(once.json["present_count"]?.intValue, 3)
        XCTAssertEqual(once.json["absent_count"]?.intValue, 1)
    }
}
