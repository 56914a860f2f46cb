// The overview (待办) of certificates: an enterprise sees each of its own certificates in the review
// window or past it; the office, a unit, a town and an inspector one item per enterprise in scope
// with how many, which add up to what the certificate list says. Over HTTP and the CLI.
import Kernel
import TestSupport
import XCTest

final class CertificatesOverviewTests: TrainingTestCase {
    func items(_ user: String, _ server: TestServer) throws -> [JSON] {
        let reply = try server.client(token: try test.token(for: user)).get("/api/v1/overview")
        XCTAssertEqual(reply.status, 200, reply.text)
        return (reply.json["items"]?.arrayValue ?? []).filter { $0["module"] == "training" }
    }

    /// Certificates with `status` the user's list gives (every page).
    func listed(_ user: String, status: String, _ server: TestServer) throws -> [JSON] {
        let client = server.client(token: try test.token(for: user))
        var all: [JSON] = [], after = ""
        repeat {
            let page = try client.get("/api/v1/training/certificates?status=\(status)&limit=200&after=\(after)")
            XCTAssertEqual(page.status, 200, page.text)
            all += page.json["items"]?.arrayValue ?? []
            after = page.json["next"]?.stringValue ?? ""
        } while !after.isEmpty
        return all
    }

    func testEachEnterpriseItsOwnAndTheDistrictCountsPerEnterprise() throws {
        let server = try TestServer(test)
        defer { server.stop() }
        // Certificate 5 of qiye's enterprise: next review 2025-08-07, window from 2025-06-08.
        test.clock.set(CalendarDate(year: 2025, month: 6, day: 1)!)
        XCTAssertTrue(try items("qiye", server).isEmpty, "nothing in its window yet")
        test.clock.set(CalendarDate(year: 2025, month: 7, day: 20)!)
        var own = try items("qiye", server)
        let five = try XCTUnwrap(own.first { $0["link"] == "/api/v1/training/certificates/5" }, "\(own)")
        XCTAssertEqual(five["kind"], "certificate_review_due")
        XCTAssertTrue(five["title"]?.stringValue?.contains("宋春梅") ?? false, "\(five)")
        XCTAssertTrue(five["title"]?.stringValue?.contains("须于2025-08-07前复审") ?? false, "\(five)")
        XCTAssertEqual(five["since"], "2025-06-08")
        test.clock.set(CalendarDate(year: 2025, month: 8, day: 20)!)
        own = try items("qiye", server)
        XCTAssertEqual(own.first { $0["link"] == "/api/v1/training/certificates/5" }?["kind"], "certificate_expired")
        let mine = try listed("qiye", status: "reviewDue", server).count + (try listed("qiye", status: "expired", server).count)
        XCTAssertEqual(own.count, mine, "one item per certificate the enterprise's list says is due or late")

        // The office: per enterprise, counts that add up to the district's list; each link lists them.
        for user in ["anweiban", "dongcheng", "inspector1", "fgj"] {
            let district = try items(user, server)
            let due = try listed(user, status: "reviewDue", server), late = try listed(user, status: "expired", server)
            XCTAssertEqual(district.count, Set((due + late).compactMap { $0["enterprise_id"]?.intValue }).count, user)
            var counted = 0
            for item in district {
                XCTAssertEqual(item["kind"], "certificates_due")
                let title = item["title"]?.stringValue ?? ""
                for part in title.split(separator: " ").dropFirst() { counted += Int(part.prefix { $0.isNumber }) ?? 0 }
                let link = try XCTUnwrap(item["link"]?.stringValue)
                let page = try server.client(token: try test.token(for: user)).get(link)
                XCTAssertEqual(page.status, 200, link)
                XCTAssertFalse(page.json["items"]?.arrayValue?.isEmpty ?? true, "\(user) \(link) lists what the item counts")
            }
            XCTAssertEqual(counted, due.count + late.count, user)
        }
        let cli = test.cli(["overview", "--as", "anweiban", "--json"])
        XCTAssertEqual(cli.code, 0, cli.err)
        XCTAssertEqual((try JSONParser.parse(cli.out)).arrayValue?.filter { $0["module"] == "training" }.count, try items("anweiban", server).count)
    }

    /// The overview judges only the certificates whose dates may put them in the window or past it
    /// (`CertificatesOverview.MayBeDue`, in SQL): on each day at the edges of every certificate's
    /// window and grace, the office's counts still add up to what the list, judging every one, says.
    func testOnTheEdgesOfEveryWindowTheCountsAreTheListsCounts() throws {
        let server = try TestServer(test)
        defer { server.stop() }
        let rules = try server.client(token: try test.token(for: "anweiban")).get("/api/v1/training/rules").json
        let grace = Int(try XCTUnwrap(rules["late_review_grace_days"]?.intValue))
        var days: Set<CalendarDate> = []
        for certificate in try listed("anweiban", status: "valid", server) + (try listed("anweiban", status: "reviewDue", server)) {
            guard let opens = certificate["review_window_opens"]?.stringValue.flatMap(CalendarDate.init(iso:)),
                  let due = certificate["next_review_on"]?.stringValue.flatMap(CalendarDate.init(iso:)) else { continue }
            days.formUnion([opens.adding(days: -1), opens, due, due.adding(days: 1), due.adding(days: grace), due.adding(days: grace + 1)])
        }
        XCTAssertGreaterThan(days.count, 10)
        var seen = 0
        for day in days.sorted() where day >= CalendarDate(year: 2024, month: 6, day: 15)! {
            test.clock.set(day)
            let due = try listed("anweiban", status: "reviewDue", server), late = try listed("anweiban", status: "expired", server)
            var counted = 0
            for item in try items("anweiban", server) {
                // "…：特种作业证书 1 张逾期未复审、2 张待复审": the figure before each " 张".
                for part in (item["title"]?.stringValue ?? "").components(separatedBy: " 张").dropLast() {
                    counted += Int(String(part.reversed().prefix { $0.isNumber }.reversed())) ?? 0
                }
            }
            XCTAssertEqual(counted, due.count + late.count, day.iso)
            seen += due.count + late.count
        }
        XCTAssertGreaterThan(seen, 0)
    }
}
