// The overview (待办): required meetings of this quarter not yet held. The office sees every body;
// a unit the special leading groups it hosts; a town, an inspector, an enterprise nothing of this.
import App
import Consultations
import Kernel
import TestSupport
import XCTest

final class MeetingsDueTests: XCTestCase {
    /// The meeting_due items of an answer: the HTTP reply's `items`, or the CLI's `--json` list.
    func due(_ answer: JSON) -> [JSON] { (answer["items"]?.arrayValue ?? answer.arrayValue ?? []).filter { $0["kind"] == "meeting_due" } }

    func testRequiredMeetingsNotYetHeldStandOnTheOverview() throws {
        let test = try TestApplication(demo: true, today: Fixtures.date("2024-07-10"))
        let server = try TestServer(test)
        defer { server.stop() }

        let office = server.client(token: try test.token(for: "anweiban"))
        var reply = try office.get("/api/v1/overview")
        XCTAssertEqual(reply.status, 200, reply.text)
        var officeItems = due(reply.json)
        let consultation = try XCTUnwrap(officeItems.first { $0["title"]?.stringValue?.contains("区安委办") ?? false })
        XCTAssertEqual(consultation["title"], "区安委办本季度（2024年第3季度）尚未召开安全风险会商研判会议")
        XCTAssertEqual(consultation["since"], "2024-07-01")
        XCTAssertEqual(consultation["age_days"], 9)
        XCTAssertEqual(consultation["module"], "consultations")
        XCTAssertFalse(consultation["detail"]?.stringValue?.isEmpty ?? true)
        let groups = try test.core.read { try $0.scalarInt("SELECT count(*) FROM registry_special_groups") }
        XCTAssertEqual(officeItems.count, Int(groups) + 2, "the office's consultation, the government's study and every special group")

        // A unit that hosts a special group sees that group's meeting; a town, an inspector and an enterprise none.
        let emergency = try test.id("units", "区应急管理局")
        let hosted = try test.core.read { try $0.query("SELECT name FROM registry_special_groups WHERE host_unit_id = ? ORDER BY id", [emergency]) }.map { $0.requiredString("name") }
        XCTAssertFalse(hosted.isEmpty, "the demo's emergency bureau hosts a special group's office")
        let host = server.client(token: try test.token(for: "yjj"))
        let hostItems = due(try host.get("/api/v1/overview").json)
        XCTAssertEqual(hostItems.compactMap { $0["title"]?.stringValue }, hosted.map { "\($0)本季度（2024年第3季度）尚未召开专项领导小组会议" })
        for user in ["dongcheng", "inspector1", "qiye"] {
            let items = try server.client(token: try test.token(for: user)).get("/api/v1/overview")
            XCTAssertEqual(items.status, 200, user)
            XCTAssertTrue(due(items.json).isEmpty, user)
        }

        // Held (and recorded): it leaves the overview; the CLI says the same.
        XCTAssertEqual(test.cli(["consultations", "meetings", "add", "--kind", "riskConsultation", "--held-on", "2024-07-08", "--convener", "王建国"]).code, 0)
        reply = try office.get("/api/v1/overview")
        officeItems = due(reply.json)
        XCTAssertFalse(officeItems.contains { $0["title"]?.stringValue?.contains("安全风险会商研判会议") ?? false })
        let cli = test.cli(["overview", "--as", "anweiban", "--json"])
        XCTAssertEqual(cli.code, 0, cli.err)
        XCTAssertEqual(due(Fixtures.json(cli.out)).count, officeItems.count)
        XCTAssertTrue(due(Fixtures.json(test.cli(["overview", "--as", "qiye", "--json"]).out)).isEmpty)
    }
}
