// A text search's pages (`q`, chosen from the trigram index in id order after the cursor, with the
// code range and the enterprises whose names hold the term) hold every matching hazard exactly
// once, in id order, and the same hazards as the whole list (the CSV export's query), for every
// kind of term, filter and scope.
import Kernel
import TestSupport
import XCTest
@testable import Hazards

final class TextSearchPagingTests: HazardsTestCase {
    func testPagesOfATextSearchHoldEveryMatchOnce() throws {
        let admin = try client("admin")
        for (i, description) in ["菜市场燃气管道穿越仓库，存在泄漏", "燃气管道老化", "沿街商铺燃气管道未固定", "管道穿越防火墙未封堵"].enumerated() {
            let made = try admin.post("/api/v1/hazards", ["place": .string("滨河路\(i)号"), "territory_id": "南湖镇", "sector": "gas",
                                                          "supervising_unit_id": "区城市管理局", "description": .string(description)])
            XCTAssertEqual(made.status, 201, made.text)
        }
        // A part of an enterprise's name that has hazards, and the start of this year's codes.
        let name = try XCTUnwrap(try sqlite("""
            SELECT e.name FROM registry_enterprises e WHERE EXISTS (SELECT 1 FROM hazards_hazards h WHERE h.enterprise_id = e.id)
            AND length(e.name) >= 4 ORDER BY e.id LIMIT 1
            """).first)
        let namePart = String(name.prefix(3))
        let terms = ["燃气管道", "管道穿越 燃气管道", "燃气管道 泄漏", namePart, "YH-2024", "yh-2024-00", "燃气", "无此内容的词语"]
        let filters: [[String: String]] = [[:], ["status": "open"], ["grade": "general"], ["territory_id": "南湖镇"]]
        let service = HazardService()
        let accounts = Accounts(core: test.app.core)
        var checked = 0, matched = 0
        var townWhole: [String: [Int64]] = [:]
        for user in ["admin", "dongcheng", "qiye", "yjj", "inspector1"] {
            let actor = try XCTUnwrap(try accounts.authenticate(token: try test.token(for: user)), user)
            for term in terms {
                for filter in filters {
                    let query = filter.merging(["q": term]) { a, _ in a }
                    let (whole, pages) = try test.app.core.read { db -> ([Int64], [Int: [Int64]]) in
                        let filters = HazardStore.Filters(try HazardInput.filters.values(text: query.map { ($0.key, $0.value) }, db))
                        let whole = try HazardStore.list(filters, actor: actor, today: Self.today, settings: service.settings, after: nil, limit: nil, db)
                            .items.compactMap { $0["id"]?.intValue }
                        var pages: [Int: [Int64]] = [:]
                        for limit in [1, 3, 7] {
                            var after: Int64?
                            var ids: [Int64] = []
                            repeat {
                                let page = try HazardStore.list(filters, actor: actor, today: Self.today, settings: service.settings, after: after, limit: limit, db)
                                XCTAssertLessThanOrEqual(page.items.count, limit)
                                ids += page.items.compactMap { $0["id"]?.intValue }
                                after = try page.next.map(Cursor.decode)
                            } while after != nil
                            pages[limit] = ids
                        }
                        return (whole, pages)
                    }
                    XCTAssertEqual(whole, whole.sorted(), "\(user) \(query)")
                    for (limit, ids) in pages {
                        XCTAssertEqual(ids, whole, "\(user) \(query) pages of \(limit)")
                    }
                    checked += 1
                    matched += whole.count
                    if user == "dongcheng" && filter.isEmpty { townWhole[term] = whole }
                }
            }
        }
        XCTAssertEqual(checked, 5 * terms.count * filters.count)
        XCTAssertGreaterThan(matched, 100)

        // Over HTTP: each page as served, followed by its `next`, gives the whole list's hazards.
        let town = try client("dongcheng")
        for term in ["燃气管道", namePart, "YH-2024"] {
            let q = term.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? term
            var ids: [Int64] = []
            var next: String? = "/api/v1/hazards?q=\(q)&limit=5"
            while let path = next {
                let reply = try town.get(path)
                XCTAssertEqual(reply.status, 200, reply.text)
                ids += reply.json["items"]?.arrayValue?.compactMap { $0["id"]?.intValue } ?? []
                next = reply.json["next"]?.stringValue.map { "/api/v1/hazards?q=\(q)&limit=5&after=\($0)" }
            }
            XCTAssertEqual(ids, townWhole[term], term)
            XCTAssertEqual(Set(ids).count, ids.count, term)
        }
    }
}
