// The stats come from `hazards_counts`, kept by triggers: after registering, closing, reopening
// and merging, the table equals a fresh GROUP BY of the register (checked with the sqlite3 shell),
// and every view (by territory, sector, unit; with the filters and scopes the counts answer) equals
// the same figures read from the register itself, overdue included as the clock moves.
import Foundation
import Kernel
import TestSupport
import XCTest
@testable import Hazards

final class StatsCountsTests: HazardsTestCase {
    static let countsKey = """
        territory_id, sector, supervising_unit_id, grade, source, listed, status, CAST(substr(found_on, 1, 4) AS INTEGER), coalesce(CAST(substr(closed_on, 1, 4) AS INTEGER), 0)
        """

    /// The counts table against the register, both ways, and every stats view against the register's.
    func assertStatsExact(_ moment: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let fresh = "SELECT \(Self.countsKey), count(*) FROM hazards_hazards GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9"
        let kept = "SELECT territory_id, sector, supervising_unit_id, grade, source, listed, status, found_year, closed_year, n FROM hazards_counts WHERE n > 0"
        XCTAssertEqual(try sqlite("SELECT count(*) FROM (\(fresh) EXCEPT \(kept))"), ["0"], "\(moment): a register group missing from the counts", file: file, line: line)
        XCTAssertEqual(try sqlite("SELECT count(*) FROM (\(kept) EXCEPT \(fresh))"), ["0"], "\(moment): a count the register does not have", file: file, line: line)
        XCTAssertEqual(try sqliteInt("SELECT sum(n) FROM hazards_counts"), try sqliteInt("SELECT count(*) FROM hazards_hazards"), moment, file: file, line: line)

        let service = HazardService()
        let dongcheng = try XCTUnwrap(try sqlite("SELECT id FROM registry_territories WHERE name = '东城镇'").first.flatMap { Int64($0) })
        var filterSets: [HazardStore.Filters] = [HazardStore.Filters()]
        var open = HazardStore.Filters(); open.status = "open"; filterSets.append(open)
        var major = HazardStore.Filters(); major.grade = "major"; filterSets.append(major)
        var stock = HazardStore.Filters(); stock.stock = true; filterSets.append(stock)
        var notStock = HazardStore.Filters(); notStock.stock = false; filterSets.append(notStock)
        var closed = HazardStore.Filters(); closed.status = "closed"; filterSets.append(closed)
        var town = HazardStore.Filters(); town.territoryID = dongcheng; town.publicFacing = false; filterSets.append(town)
        var selfInspected = HazardStore.Filters(); selfInspected.source = "selfInspection"; filterSets.append(selfInspected)
        var listed = HazardStore.Filters(); listed.listed = true; filterSets.append(listed)
        let actors: [Actor] = [.system("test"), Actor(userID: nil, username: "town", role: .town, scope: .territory(dongcheng))]
        let today = test.core.today
        try test.core.read { db in
            for by in StatsDimension.allCases {
                for filters in filterSets {
                    for actor in actors {
                        let fromCounts = try XCTUnwrap(try HazardCounts.stats(by: by, filters: filters, actor: actor, today: today, stockLastYear: service.settings.stockLastYear, db))
                        let fromRegister = try service.registerStats(by: by, filters: filters, actor: actor, today: today, db)
                        XCTAssertEqual(fromCounts.map { "\($0.key) \($0.values.sorted { $0.key < $1.key })" },
                                       fromRegister.map { "\($0.key) \($0.values.sorted { $0.key < $1.key })" },
                                       "\(moment): stats by \(by) with \(filters) as \(actor.username)", file: file, line: line)
                    }
                }
            }
        }
    }

    func testCountsStayExactThroughEveryLifecycleAction() throws {
        let admin = try client("admin")
        try assertStatsExact("the demo as loaded")
        let enterprise = try XCTUnwrap(try sqlite("SELECT id FROM registry_enterprises ORDER BY id LIMIT 1 OFFSET 7").first.flatMap { Int64($0) })

        // Register: an old general hazard (found in 2023, overdue) and a major one found this year.
        let old = try admin.post("/api/v1/hazards", ["enterprise_id": .int(enterprise), "description": "配电箱无防护（统计测试）", "found_on": "2023-11-05", "deadline": "2024-01-31"])
        XCTAssertEqual(old.status, 201, old.text)
        let oldID = try XCTUnwrap(old.json["id"]?.intValue)
        let unit = try XCTUnwrap(old.json["supervising_unit_id"]?.intValue)
        let fresh = try admin.post("/api/v1/hazards", ["enterprise_id": .int(enterprise), "description": "储罐区报警装置失效（统计测试）", "grade": "major",
                                                       "standard_clause_id": 4, "found_on": "2024-06-01", "deadline": "2024-07-15"])
        XCTAssertEqual(fresh.status, 201, fresh.text)
        let freshID = try XCTUnwrap(fresh.json["id"]?.intValue)
        try assertStatsExact("after register")

        // 挂牌督办 moves the major hazard to the listed counts.
        let listing = try admin.post("/api/v1/hazards/\(freshID)/actions/list-for-supervision", ["level": "区级", "notice_number": "区安委办督〔2024〕9号", "supervising_body": "区安委办"])
        XCTAssertEqual(listing.status, 200, listing.text)
        try assertStatsExact("after listing")

        // Close: rectified, review applied, reviewed and passed (销号).
        for (action, body) in [("finish-rectification", JSON.object([])), ("apply-review", .object([])), ("review", ["passed": true, "on_behalf_of_unit_id": .int(unit), "on_behalf_reason": "代为核查"])] {
            // 销号 is never by whoever registered it (admin): the office's other user, in the department's place (issue 20).
            let reply = try (action == "review" ? client("anweiban") : admin).post("/api/v1/hazards/\(oldID)/actions/\(action)", body)
            XCTAssertEqual(reply.status, 200, "\(action): \(reply.text)")
        }
        XCTAssertEqual(try admin.get("/api/v1/hazards/\(oldID)").json["status"], "closed")
        try assertStatsExact("after close")

        // Reopen: closed_on cleared, back to rectifying.
        XCTAssertEqual(try admin.post("/api/v1/hazards/\(oldID)/actions/reopen", ["reason": "复查发现再次损坏"]).json["status"], "rectifying")
        try assertStatsExact("after reopen")

        // Merge the old one into the new one: merged hazards leave the figures.
        let before = try admin.get("/api/v1/hazards/stats?by=sector").json["items"]?.arrayValue?.last
        XCTAssertEqual(try admin.post("/api/v1/hazards/\(oldID)/actions/merge", ["into": .int(freshID)]).json["status"], "merged")
        try assertStatsExact("after merge")
        let after = try admin.get("/api/v1/hazards/stats?by=sector").json["items"]?.arrayValue?.last
        XCTAssertEqual(after?["total"]?.intValue, (before?["total"]?.intValue ?? 0) - 1)
        XCTAssertEqual(after?["overdue"]?.intValue, (before?["overdue"]?.intValue ?? 0) - 1, "the merged hazard was overdue")

        // Overdue follows the clock: the major hazard's deadline (2024-07-15) passes.
        test.clock.set(CalendarDate(year: 2024, month: 7, day: 16)!)
        try assertStatsExact("a month later")
        let later = try client("admin").get("/api/v1/hazards/stats?by=sector").json["items"]?.arrayValue?.last
        XCTAssertEqual(later?["overdue"]?.intValue, try sqliteInt("SELECT count(*) FROM hazards_hazards WHERE status NOT IN ('closed', 'merged') AND deadline < '2024-07-16'"))
        // And on the first day of a new year, 'new' and 'closed this year' start again.
        test.clock.set(CalendarDate(year: 2025, month: 1, day: 1)!)
        try assertStatsExact("new year")
        let newYear = try client("admin").get("/api/v1/hazards/stats?by=territory").json["items"]?.arrayValue?.last
        XCTAssertEqual(newYear?["new"]?.intValue, 0)
        XCTAssertEqual(newYear?["closed_this_year"]?.intValue, 0)
    }

    func testFiltersTheCountsCannotAnswerReadTheRegister() throws {
        let service = HazardService()
        var byEnterprise = HazardStore.Filters(); byEnterprise.enterpriseID = 1
        var overdue = HazardStore.Filters(); overdue.overdue = true
        var byText = HazardStore.Filters(); byText.text = "燃气"
        let enterpriseUser = Actor(userID: nil, username: "qiye", role: .enterprise, scope: .enterprise(1))
        try test.core.read { db in
            XCTAssertNil(try HazardCounts.stats(by: .territory, filters: byEnterprise, actor: .system("test"), today: test.core.today, stockLastYear: 2023, db))
            XCTAssertNil(try HazardCounts.stats(by: .territory, filters: overdue, actor: .system("test"), today: test.core.today, stockLastYear: 2023, db))
            XCTAssertNil(try HazardCounts.stats(by: .territory, filters: byText, actor: .system("test"), today: test.core.today, stockLastYear: 2023, db))
            XCTAssertNil(try HazardCounts.stats(by: .sector, filters: HazardStore.Filters(), actor: enterpriseUser, today: test.core.today, stockLastYear: 2023, db))
            let items = try service.stats(by: .territory, filters: overdue, actor: .system("test"), today: test.core.today, db)
            XCTAssertEqual(items.last?["total"]?.intValue,
                           try sqliteInt("SELECT count(*) FROM hazards_hazards WHERE status NOT IN ('closed', 'merged') AND deadline < '\(test.core.today.iso)'"))
            XCTAssertEqual(items.last?["overdue"]?.intValue, items.last?["total"]?.intValue)
        }
    }
}
