// A list page written straight from SQLite's rows is byte for byte the page built from
// `HazardView.summary` trees, for every kind of filter, scope, cursor and awkward text.
import Kernel
import TestSupport
import XCTest
@testable import Hazards

final class HazardListWriterTests: HazardsTestCase {
    func testPagesAreTheBytesOfTheSummaryTrees() throws {
        let town = try client("dongcheng")
        let awkward = ["引号\"与反斜杠\\", "换行\n制表\t回车\r结束", "控制\u{01}\u{1F}字符", "emoji 🔥 燃气管道", "plain ascii", "</script>&<"]
        let service = HazardService()
        let townActor = Actor(userID: nil, username: "dongcheng", role: .town, scope: .territory(try test.id("territories", "东城镇")))
        for (i, description) in awkward.enumerated() {
            let fields: JSON = ["place": .string("人民路\(i)号"), "territory_id": "东城镇", "sector": "selfBuiltHouse",
                                "supervising_unit_id": "区住房城乡建设局", "description": .string(description),
                                "found_on": "2024-04-01", "deadline": .string(i % 2 == 0 ? "2024-06-20" : "2024-05-01")]
            let made = try town.post("/api/v1/hazards", fields)
            // A CR in a multi-line text is read as a line break; other control characters are refused.
            guard description.unicodeScalars.contains(where: { $0 == "\u{01}" }) else {
                XCTAssertEqual(made.status, 201, made.text)
                continue
            }
            // Control characters are refused now; older records may still hold them, and the
            // writer must escape them as the trees do: written past the reader, as an old row.
            XCTAssertEqual(made.status, 422, made.text)
            XCTAssertEqual(made.json["errors"]?.arrayValue?.first?["code"], "control_character", made.text)
            guard case .object(let members) = fields else { continue }
            let clean = members.map { $0.key == "description" ? JSON.Member("description", "待替换") : $0 }
            var values = try test.core.read { try HazardInput.register().values(json: clean, $0) }
            values.set("description", .text(description))
            _ = try test.core.write(townActor) { tx in try service.register(values, tx) }
        }
        let accounts = Accounts(core: test.app.core)
        var compared = 0
        for user in ["admin", "dongcheng", "qiye", "yjj"] {
            let actor = try XCTUnwrap(try accounts.authenticate(token: try test.token(for: user)), user)
            let queries: [[String: String]] = [
                [:], ["status": "rectifying"], ["territory_id": "东城镇", "status": "open"], ["grade": "major"], ["overdue": "true"],
                ["q": "燃气管道"], ["q": "引号"], ["stock": "true"], ["sector": "selfBuiltHouse"],
            ]
            for query in queries {
                for limit in [1, 7, 50, 10_000] {
                    var after: Int64?
                    for _ in 0..<3 {
                        let (tree, next, bytes, writtenNext) = try test.app.core.read { db in
                            let filters = HazardStore.Filters(try HazardInput.filters.values(text: query.map { ($0.key, $0.value) }, db))
                            let page = try HazardStore.list(filters, actor: actor, today: Self.today, settings: service.settings, after: after, limit: limit, db)
                            var out = ByteBuffer(capacity: 0)
                            let writtenNext = try HazardListWriter.write(filters, actor: actor, today: Self.today, settings: service.settings,
                                                                         after: after, limit: limit, db, into: &out)
                            return (JSON.array(page.items).bytes, page.next, out.finish(), writtenNext)
                        }
                        XCTAssertEqual(String(decoding: bytes, as: UTF8.self), String(decoding: tree, as: UTF8.self), "\(user) \(query) limit \(limit)")
                        XCTAssertEqual(writtenNext, next, "\(user) \(query) limit \(limit)")
                        compared += 1
                        guard let next else { break }
                        after = try Cursor.decode(next)
                    }
                }
            }
        }
        XCTAssertGreaterThan(compared, 150)
        // Territory and unit names come from memory: a rename shows on the very next page.
        let admin = try client("admin")
        let territory = try XCTUnwrap(try admin.get("/api/v1/org/territories?limit=50").json["items"]?.arrayValue?
            .first { $0["name"]?.stringValue == "东城镇" }?["id"]?.intValue)
        let before = try town.get("/api/v1/hazards?sector=selfBuiltHouse&limit=3")
        XCTAssertEqual(before.json["items"]?.arrayValue?.first?["territory_name"]?.stringValue, "东城镇")
        XCTAssertEqual(try admin.patch("/api/v1/org/territories/\(territory)", ["name": "东城街道"]).status, 200)
        let after = try town.get("/api/v1/hazards?sector=selfBuiltHouse&limit=3")
        XCTAssertEqual(after.json["items"]?.arrayValue?.first?["territory_name"]?.stringValue, "东城街道")
        XCTAssertEqual(try admin.patch("/api/v1/org/territories/\(territory)", ["name": "东城镇"]).status, 200)

        // And over HTTP: the page as served parses, and carries the awkward texts intact.
        let page = try town.get("/api/v1/hazards?sector=selfBuiltHouse&limit=200")
        XCTAssertEqual(page.status, 200)
        let descriptions = Set(page.json["items"]?.arrayValue?.compactMap { $0["description"]?.stringValue } ?? [])
        // As stored: a CR in a multi-line text was read as a line break.
        let expected = Set(awkward.map { $0.replacingOccurrences(of: "\r", with: "\n") })
        XCTAssertTrue(expected.isSubset(of: descriptions), "\(expected.subtracting(descriptions)) in \(page.text.prefix(300))")
    }
}
