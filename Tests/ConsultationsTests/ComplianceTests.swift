// Done when: with a moved clock, a body that held no consultation in Q1 2024 is red after
// 2024-03-31 (and publishes consultations.meeting.missing once), green once a meeting is recorded.
import App
import Consultations
import Kernel
import TestSupport
import XCTest

final class ComplianceTests: XCTestCase {
    func line(_ test: TestApplication, _ kind: String, quarter: String = "2024-Q1") -> JSON? {
        let result = test.cli(["consultations", "compliance", "--quarter", quarter, "--json"])
        XCTAssertEqual(result.code, 0, result.err)
        return Fixtures.json(result.out).arrayValue?.first { $0["kind"]?.stringValue == kind }
    }

    func missingEvents(_ test: TestApplication) throws -> [JSON] {
        try test.core.read { try $0.query("SELECT payload FROM kernel_events WHERE type = 'consultations.meeting.missing' ORDER BY id") }
            .map { Fixtures.json($0.requiredString("payload")) }
    }

    func testQuarterWithoutConsultationTurnsRedThenGreenOnceRecorded() throws {
        let test = try TestApplication(demo: false, today: Fixtures.date("2024-02-10"))
        XCTAssertEqual(line(test, "riskConsultation")?["colour"], "green", "mid-quarter, nothing due yet")
        test.clock.set(Fixtures.date("2024-03-31"))
        XCTAssertEqual(line(test, "riskConsultation")?["colour"], "yellow", "the last day: due today is not overdue")
        _ = try test.app.tick()
        XCTAssertTrue(try missingEvents(test).isEmpty, "nothing is missing before the quarter ends")

        test.clock.set(Fixtures.date("2024-04-01"))
        let red = try XCTUnwrap(line(test, "riskConsultation"))
        XCTAssertEqual(red["colour"], "red")
        XCTAssertEqual(red["held"], false)
        XCTAssertTrue(red["reason"]?.stringValue?.contains("2024-03-31") ?? false)

        _ = try test.app.tick()
        _ = try test.app.tick()
        let events = try missingEvents(test)
        XCTAssertEqual(events.filter { $0["kind"] == "riskConsultation" }.count, 1, "published once however often the check runs")
        XCTAssertEqual(events.first { $0["kind"] == "riskConsultation" }?["quarter"], "2024-Q1")
        XCTAssertEqual(events.first { $0["kind"] == "riskConsultation" }?["body"], "区安委办")
        XCTAssertEqual(events.count, 2, "the government's quarterly study is missing too; kinds held as needed are not required")

        // The missing meeting is on the next agenda until a Q1 meeting is recorded.
        var agenda = Fixtures.json(test.cli(["consultations", "agenda", "--next", "--json"]).out)
        XCTAssertEqual(agenda["sections"]?.arrayValue?.first { $0["type"] == "meeting_missing" }?["count"], 2)

        // The office records the meeting held on 28 March, late.
        let recorded = test.cli(["consultations", "meetings", "add", "--kind", "riskConsultation", "--held-on", "2024-03-28", "--convener", "王建国", "--json"])
        XCTAssertEqual(recorded.code, 0, recorded.err)
        let green = try XCTUnwrap(line(test, "riskConsultation"))
        XCTAssertEqual(green["colour"], "green")
        XCTAssertEqual(green["held"], true)
        XCTAssertEqual(line(test, "governmentStudy")?["colour"], "red")
        agenda = Fixtures.json(test.cli(["consultations", "agenda", "--next", "--json"]).out)
        let missing = agenda["sections"]?.arrayValue?.first { $0["type"] == "meeting_missing" }?["items"]?.arrayValue ?? []
        XCTAssertEqual(missing.count, 1)
        XCTAssertTrue(missing.first?["summary"]?.stringValue?.contains("区政府") ?? false)

        // A meeting held in April does not make up for Q1.
        _ = test.cli(["consultations", "meetings", "add", "--kind", "governmentStudy", "--held-on", "2024-04-01", "--convener", "区长"])
        XCTAssertEqual(line(test, "governmentStudy")?["colour"], "red")
        XCTAssertEqual(line(test, "governmentStudy", quarter: "2024-Q2")?["colour"], "green")
    }

    func testEachSpecialGroupMustMeetAndTheListIsConfigurable() throws {
        let test = try TestApplication(demo: true, today: Fixtures.date("2024-06-15"))
        let lines = Fixtures.json(test.cli(["consultations", "compliance", "--quarter", "2024-Q1", "--json"]).out).arrayValue ?? []
        XCTAssertEqual(lines.filter { $0["kind"] == "specialGroup" }.count, 12, "one line per special leading group")
        let red = lines.filter { $0["colour"] == "red" }
        XCTAssertEqual(red.map { $0["body"]?.stringValue }, ["区农业农村安全专项领导小组"], "the demo leaves one group without its Q1 meeting")

        // The party committee's study becomes required from Q2 on; the plenary stays as needed.
        let updated = test.cli(["consultations", "kinds", "update", "firstAgendaItem", "--required-from", "2024-Q2", "--json"])
        XCTAssertEqual(updated.code, 0, updated.err)
        XCTAssertEqual(line(test, "firstAgendaItem", quarter: "2024-Q2")?["colour"], "green")
        XCTAssertNil(line(test, "firstAgendaItem", quarter: "2024-Q1"), "not required before required_from")
        XCTAssertNil(line(test, "plenary", quarter: "2024-Q2"))
        let bad = test.cli(["consultations", "kinds", "update", "plenary", "--required-from", "2024-Q5"])
        XCTAssertEqual(bad.code, 5)
        XCTAssertTrue(bad.err.contains("required_from"), bad.err)
        let denied = test.cli(["consultations", "kinds", "update", "plenary", "--required-from", "2024-Q3", "--as", "fgj"])
        XCTAssertEqual(denied.code, 1, "a member unit may not configure kinds")
    }
}
