// #19 item 13: figures "as of" a day read only what existed on that day. The agenda and the
// compliance for a past day are the same bytes before and after `tick --at` a later day; a meeting
// held after the day does not count for it; a decision completed later was open on it.
import App
import Consultations
import Kernel
import TestSupport
import XCTest

final class AsOfTests: XCTestCase {
    func section(_ agenda: JSON, _ type: String) -> [JSON] {
        agenda["sections"]?.arrayValue?.first { $0["type"]?.stringValue == type }?["items"]?.arrayValue ?? []
    }

    func testPastAgendaAndComplianceAreTheSameBytesBeforeAndAfterALaterTick() throws {
        let test = try TestApplication(demo: true, today: Fixtures.date("2024-06-15"))
        let server = try TestServer(test)
        defer { server.stop() }
        let office = server.client(token: try test.token(for: "anweiban"))

        func figures() throws -> [String] {
            var out: [String] = []
            for arguments in [["consultations", "agenda", "--next", "--as-of", "2024-06-15", "--json"],
                              ["consultations", "agenda", "--next", "--on", "2024-05-01", "--json"],
                              ["consultations", "compliance", "--quarter", "2024-Q2", "--as-of", "2024-06-15", "--json"],
                              ["consultations", "compliance", "--quarter", "2024-Q1", "--as-of", "2024-04-10", "--json"],
                              ["consultations", "decisions", "list", "--json"]] {
                let result = test.cli(arguments + ["--as", "anweiban"])
                XCTAssertEqual(result.code, 0, "\(arguments): \(result.err)")
                out.append(result.out)
            }
            for path in ["/api/v1/consultations/agenda?as_of=2024-06-15", "/api/v1/consultations/agenda?as_of=2024-03-01",
                         "/api/v1/consultations/compliance?quarter=2024-Q2&as_of=2024-06-01"] {
                let reply = try office.get(path)
                XCTAssertEqual(reply.status, 200, "\(path): \(reply.text)")
                out.append(reply.text)
            }
            return out
        }

        // Agenda facts of the demo's own half-year so far, so the comparison is not between two empty agendas.
        XCTAssertEqual(test.cli(["tick"]).code, 0)
        let before = try figures()
        // A year-end tick: deadlines of the whole year pass, quarters end without meetings.
        let tick = test.cli(["tick", "--at", "2024-12-31"])
        XCTAssertEqual(tick.code, 0, tick.err)
        let lateFacts = try test.core.read { try $0.scalarInt("SELECT count(*) FROM consultations_agenda_items WHERE known_on = '2024-12-31'") }
        XCTAssertGreaterThan(lateFacts, 0, "the year-end tick told the agenda of red tasks and missed meetings")
        let after = try figures()
        for (index, (a, b)) in zip(before, after).enumerated() {
            XCTAssertEqual(a, b, "figure \(index) as of a past day changed after a later tick")
        }

        // On the year's last day those facts are on the agenda: the date filters them, it does not lose them.
        test.clock.set(Fixtures.date("2025-01-02"))
        let yearEnd = Fixtures.json(test.cli(["consultations", "agenda", "--next", "--as-of", "2024-12-31", "--json"]).out)
        let midYear = Fixtures.json(test.cli(["consultations", "agenda", "--next", "--as-of", "2024-06-15", "--json"]).out)
        XCTAssertGreaterThan(section(yearEnd, "red_task").count, section(midYear, "red_task").count)
        XCTAssertFalse(section(yearEnd, "meeting_missing").isEmpty, "quarters that ended without a meeting")
        XCTAssertEqual(yearEnd["generated_on"], "2024-12-31")
    }

    func testComplianceCountsOnlyMeetingsHeldByTheDay() throws {
        let test = try TestApplication(demo: false, today: Fixtures.date("2024-03-25"))
        XCTAssertEqual(test.cli(["consultations", "meetings", "add", "--kind", "riskConsultation", "--held-on", "2024-03-20", "--convener", "王建国"]).code, 0)
        func line(asOf: String) -> JSON? {
            let result = test.cli(["consultations", "compliance", "--quarter", "2024-Q1", "--as-of", asOf, "--json"])
            XCTAssertEqual(result.code, 0, result.err)
            return Fixtures.json(result.out).arrayValue?.first { $0["kind"]?.stringValue == "riskConsultation" }
        }
        let early = try XCTUnwrap(line(asOf: "2024-02-10"))
        XCTAssertEqual(early["held"], false, "on 02-10 the meeting of 03-20 had not been held")
        XCTAssertEqual(early["meetings"]?.arrayValue?.count, 0)
        XCTAssertEqual(early["reason_code"], "in_progress")
        XCTAssertEqual(early["as_of"], "2024-02-10")
        let late = try XCTUnwrap(line(asOf: "2024-03-25"))
        XCTAssertEqual(late["held"], true)
        XCTAssertEqual(late["reason_code"], "held")
        XCTAssertTrue(late["reason"]?.stringValue?.hasPrefix("已于 2024-03-20 召开") ?? false, late["reason"]?.stringValue ?? "")
        // The default quarter is the one as_of falls in.
        let defaulted = Fixtures.json(test.cli(["consultations", "compliance", "--as-of", "2023-12-01", "--json"]).out)
        XCTAssertEqual(defaulted.arrayValue?.count, 0, "2023-Q4: nothing was required yet")

        // A day after today is refused, naming the field; a malformed one is the reader's.
        let future = test.cli(["consultations", "compliance", "--as-of", "2024-03-26"])
        XCTAssertEqual(future.code, 5, future.err)
        XCTAssertTrue(future.err.contains("as_of") || future.err.contains("as-of"), future.err)
        XCTAssertEqual(test.cli(["consultations", "compliance", "--as-of", "2024-13-01"]).code, 5)
        XCTAssertEqual(test.cli(["consultations", "agenda", "--next", "--as-of", "2099-01-01"]).code, 5)
    }

    func testAsOfOverHTTPForEveryRole() throws {
        let test = try TestApplication(demo: true, today: Fixtures.date("2024-06-15"))
        let server = try TestServer(test)
        defer { server.stop() }
        let office = server.client(token: try test.token(for: "anweiban"))
        let future = try office.get("/api/v1/consultations/compliance?as_of=2024-06-16")
        XCTAssertEqual(future.status, 422, future.text)
        XCTAssertEqual(future.json["errors"]?.arrayValue?.first?["field"], "as_of")
        XCTAssertEqual(future.json["errors"]?.arrayValue?.first?["code"], "future")
        XCTAssertEqual(try office.get("/api/v1/consultations/compliance?as_of=yesterday").status, 422)
        XCTAssertEqual(try office.get("/api/v1/consultations/agenda?as_of=2024-06-16").status, 422)
        XCTAssertEqual(try office.get("/api/v1/consultations/agenda?as_of=2024-01-01").status, 200)
        // Roles: units and towns read compliance; the agenda is the office's; inspectors and enterprises neither.
        for user in ["fgj", "dongcheng"] {
            let client = server.client(token: try test.token(for: user))
            XCTAssertEqual(try client.get("/api/v1/consultations/compliance?as_of=2024-04-01").status, 200, user)
            let refused = try client.get("/api/v1/consultations/agenda?as_of=2024-04-01")
            XCTAssertEqual(refused.status, 403, user)
            XCTAssertEqual(test.cli(["consultations", "agenda", "--next", "--as-of", "2024-04-01", "--as", user]).code, 1, user)
        }
        for user in ["inspector1", "qiye"] {
            let client = server.client(token: try test.token(for: user))
            XCTAssertEqual(try client.get("/api/v1/consultations/compliance?as_of=2024-04-01").status, 403, user)
            XCTAssertEqual(try client.get("/api/v1/consultations/agenda").status, 403, user)
        }
        XCTAssertEqual(try server.client().get("/api/v1/consultations/compliance").status, 401)
    }
}
