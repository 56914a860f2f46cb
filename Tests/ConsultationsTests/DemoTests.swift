// The demo database: a year of meetings (2024 up to the demo's today), one body red in Q1, and the
// next consultation's agenda listing real items whose links lead to their records.
import App
import Consultations
import Kernel
import TestSupport
import XCTest

final class DemoTests: XCTestCase {
    func testDemoYearAndAgendaWithLinks() throws {
        let test = try TestApplication(demo: true, today: DemoData.today)
        test.app.dispatcher.deliverDue()
        let meetings = Fixtures.json(test.cli(["consultations", "meetings", "list", "--json"]).out).arrayValue ?? []
        XCTAssertGreaterThanOrEqual(meetings.count, 25)
        XCTAssertEqual(Set(meetings.compactMap { $0["kind"]?.stringValue }), ["riskConsultation", "governmentStudy", "firstAgendaItem", "plenary", "specialGroup"])
        XCTAssertTrue(meetings.allSatisfy { ($0["held_on"]?.stringValue ?? "") <= "2024-06-15" && ($0["held_on"]?.stringValue ?? "") >= "2024-01-01" })
        XCTAssertTrue(meetings.contains { $0["ad_hoc"] == true })
        XCTAssertTrue(meetings.allSatisfy { ($0["present_count"]?.intValue ?? 0) > 0 })

        let result = test.cli(["consultations", "agenda", "--next"])
        XCTAssertEqual(result.code, 0, result.err)
        XCTAssertTrue(result.out.contains("区农业农村安全专项领导小组 2024-Q1"), result.out)
        let agenda = Fixtures.json(test.cli(["consultations", "agenda", "--next", "--json"]).out)
        XCTAssertGreaterThan(agenda["total"]?.intValue ?? 0, 3)
        let server = try TestServer(test)
        defer { server.stop() }
        let admin = server.client(token: try test.token(for: "admin"))
        var followed = 0
        for section in agenda["sections"]?.arrayValue ?? [] {
            for item in section["items"]?.arrayValue ?? [] {
                let link = try XCTUnwrap(item["link"]?.stringValue)
                guard link.hasPrefix("/api/v1/consultations/") else { continue }
                XCTAssertEqual(try admin.get(link).status, 200, link)
                followed += 1
            }
        }
        XCTAssertGreaterThan(followed, 3)

        // Decisions of the demo were published for Responsibilities.
        let published = try test.core.read { try $0.scalarInt("SELECT count(*) FROM kernel_events WHERE type = 'consultations.decision.recorded'") }
        let tracked = try test.core.read { try $0.scalarInt("SELECT count(*) FROM consultations_decisions WHERE status <> 'noted'") }
        XCTAssertEqual(published, tracked)
        XCTAssertGreaterThan(tracked, 30)
    }
}
