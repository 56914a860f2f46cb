// The overview (待办) from the task ledger: a unit or town sees its own lines to sign, due soon and
// overdue (each once, at its most urgent); the office the completions to verify and the overdue
// lines counted per body; inspectors and enterprises none. Read over HTTP and the CLI alike.
import App
import Kernel
import TestSupport
import XCTest

final class LinesOverviewTests: XCTestCase {
    func lineItems(_ answer: JSON) -> [JSON] { (answer["items"]?.arrayValue ?? answer.arrayValue ?? []).filter { $0["module"] == "responsibilities" && ($0["kind"]?.stringValue ?? "").hasPrefix("line") } }
    func ids(_ items: [JSON], _ kind: String) -> Set<String> { Set(items.filter { $0["kind"]?.stringValue == kind }.compactMap { $0["link"]?.stringValue }) }

    func testATownSeesItsLinesToSignAndDueAndTheOfficeWhatToVerify() throws {
        let test = try TestApplication(demo: true, today: CalendarDate(year: 2024, month: 6, day: 15)!)
        let server = try TestServer(test)
        defer { server.stop() }
        let town = try test.id("territories", "东城镇")
        let link = { (id: Int64) in "/api/v1/responsibilities/ledger/\(id)" }

        // 东城镇: every unsigned line of its own, and nothing of another town's.
        let dongcheng = server.client(token: try test.token(for: "dongcheng"))
        var reply = try dongcheng.get("/api/v1/overview")
        XCTAssertEqual(reply.status, 200, reply.text)
        var items = lineItems(reply.json)
        let unsigned = try test.core.read { db in
            try db.query("SELECT id FROM responsibilities_lines WHERE unit_kind = 'territory' AND unit_id = ? AND status = 'assigned' AND withdrawn_on IS NULL AND due > '2024-06-22'", [town])
        }.map { link($0.requiredInt("id")) }
        XCTAssertFalse(unsigned.isEmpty, "the demo gives 东城镇 lines still to sign")
        XCTAssertEqual(ids(items, "line_to_sign"), Set(unsigned))
        let others = try test.core.read { db in try db.query("SELECT id FROM responsibilities_lines WHERE NOT (unit_kind = 'territory' AND unit_id = ?)", [town]) }
        XCTAssertTrue(Set(items.compactMap { $0["link"]?.stringValue }).isDisjoint(with: others.map { link($0.requiredInt("id")) }))
        let first = try XCTUnwrap(items.first { $0["kind"] == "line_to_sign" })
        XCTAssertTrue(first["title"]?.stringValue?.hasPrefix("待签收：") ?? false, "\(first)")

        // Signed: it no longer waits to be signed.
        let signedID = try XCTUnwrap(Int64(unsigned[0].split(separator: "/").last!))
        let signed = test.cli(["responsibilities", "ledger", "sign", "\(signedID)", "--as", "dongcheng"])
        XCTAssertEqual(signed.code, 0, signed.err)
        items = lineItems(try dongcheng.get("/api/v1/overview").json)
        XCTAssertFalse(ids(items, "line_to_sign").contains(link(signedID)))

        // Three days before its due date it is due soon (even unsigned), and after it overdue.
        test.clock.set(CalendarDate(year: 2024, month: 9, day: 27)!)
        let due930 = try test.core.read { db in
            try db.query("SELECT id FROM responsibilities_lines WHERE unit_kind = 'territory' AND unit_id = ? AND due = '2024-09-30' AND status != 'closed' AND withdrawn_on IS NULL", [town])
        }.map { link($0.requiredInt("id")) }
        XCTAssertFalse(due930.isEmpty)
        let later = server.client(token: try test.token(for: "dongcheng"))  // a token lives 30 days
        items = lineItems(try later.get("/api/v1/overview").json)
        XCTAssertTrue(Set(due930).isSubset(of: ids(items, "line_due_soon")), "\(items)")
        XCTAssertTrue(ids(items, "line_to_sign").isDisjoint(with: due930), "a line is listed once, at its most urgent")
        test.clock.set(CalendarDate(year: 2024, month: 10, day: 2)!)
        let cli = test.cli(["overview", "--as", "dongcheng", "--json"])
        XCTAssertEqual(cli.code, 0, cli.err)
        let late = lineItems(try JSONParser.parse(cli.out)).filter { $0["kind"] == "line_overdue" }
        XCTAssertTrue(Set(due930).isSubset(of: Set(late.compactMap { $0["link"]?.stringValue })))
        XCTAssertTrue(late.contains { $0["since"] == "2024-10-01" && $0["age_days"] == 1 })

        // The office: each reported completion waits for its verification; overdue lines per body.
        test.clock.set(CalendarDate(year: 2024, month: 6, day: 15)!)
        let office = server.client(token: try test.token(for: "anweiban"))
        reply = try office.get("/api/v1/overview")
        items = (reply.json["items"]?.arrayValue ?? []).filter { $0["module"] == "responsibilities" }
        let reported = try test.core.read { db in
            try db.query("SELECT l.id FROM responsibilities_lines l JOIN responsibilities_tasks t ON t.id = l.task_id WHERE l.status = 'reported' AND l.withdrawn_on IS NULL AND t.withdrawn_on IS NULL")
        }.map { link($0.requiredInt("id")) }
        XCTAssertFalse(reported.isEmpty)
        XCTAssertEqual(ids(items, "line_to_verify"), Set(reported))
        let perBody = items.filter { $0["kind"] == "lines_overdue" }
        XCTAssertFalse(perBody.isEmpty)
        XCTAssertTrue(perBody.allSatisfy { ($0["link"]?.stringValue ?? "").contains("colour=red") })
        let counted = perBody.reduce(0) { sum, item in
            let title = item["title"]?.stringValue ?? ""
            let number = title.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
            return sum + number
        }
        let overdue = try test.core.read { db in
            try db.scalarInt("""
                SELECT count(*) FROM responsibilities_lines l JOIN responsibilities_tasks t ON t.id = l.task_id
                WHERE l.due < '2024-06-15' AND l.withdrawn_on IS NULL AND t.withdrawn_on IS NULL
                AND NOT EXISTS (SELECT 1 FROM responsibilities_line_events e WHERE e.line_id = l.id AND e.action = 'complete' AND e.on_date <= '2024-06-15'
                    AND NOT EXISTS (SELECT 1 FROM responsibilities_line_events r WHERE r.line_id = l.id AND r.action = 'return' AND r.id > e.id AND r.on_date <= '2024-06-15'))
                """)
        }
        XCTAssertEqual(Int64(counted), overdue, "the per-body counts add up to the district's overdue lines")
        let verified = try XCTUnwrap(Int64(reported[0].split(separator: "/").last!))
        XCTAssertEqual(test.cli(["responsibilities", "ledger", "verify", "\(verified)"]).code, 0)
        items = lineItems(try office.get("/api/v1/overview").json)
        XCTAssertFalse(ids(items, "line_to_verify").contains(link(verified)))

        // Neither an inspector nor an enterprise has ledger lines.
        for user in ["inspector1", "qiye"] {
            let answer = try server.client(token: try test.token(for: user)).get("/api/v1/overview")
            XCTAssertEqual(answer.status, 200)
            XCTAssertTrue(lineItems(answer.json).isEmpty, user)
        }
    }

    /// The office's overdue lines per unit or town are read from partial indexes (Responsibilities
    /// 009): on days before some lines' later steps too, each count is that of the ledger's lines,
    /// replayed in Swift, past due with no completion in force that day.
    func testTheOfficesOverdueCountsAreTheLedgersOnEachDay() throws {
        let test = try TestApplication(demo: true, today: CalendarDate(year: 2024, month: 6, day: 15)!)
        let server = try TestServer(test)
        defer { server.stop() }
        let office = server.client(token: try test.token(for: "anweiban"))
        var compared = 0
        for day in ["2024-06-15", "2024-03-01", "2023-12-31", "2022-06-30"] {
            let on = try XCTUnwrap(CalendarDate(iso: day))
            test.clock.set(on)
            var expected: [String: Int] = [:]
            var after = ""
            repeat {
                let page = try office.get("/api/v1/responsibilities/ledger?on=\(day)&limit=200" + (after.isEmpty ? "" : "&after=\(after)"))
                XCTAssertEqual(page.status, 200, page.text)
                for line in page.json["items"]?.arrayValue ?? [] where (line["due"]?.stringValue ?? "") < day && line["completed_on"] == .null {
                    expected["\(line["unit_kind"]?.stringValue ?? ""):\(line["unit_id"]?.intValue ?? 0)", default: 0] += 1
                }
                after = page.json["next"]?.stringValue ?? ""
            } while !after.isEmpty
            var counted: [String: Int] = [:]
            for item in try office.get("/api/v1/overview").json["items"]?.arrayValue ?? [] where item["kind"] == "lines_overdue" {
                let link = item["link"]?.stringValue ?? ""
                let kind = link.contains("territory_id=") ? "territory" : "unit"
                let id = link.split(separator: "=")[1].prefix { $0.isNumber }
                let title = item["title"]?.stringValue ?? ""
                counted["\(kind):\(id)"] = Int(title.components(separatedBy: "有 ")[1].prefix { $0.isNumber })
            }
            XCTAssertEqual(counted, expected, day)
            compared += expected.count
        }
        XCTAssertGreaterThan(compared, 0)
    }
}
