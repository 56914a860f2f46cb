// The descriptions' trigram index merges its segments in the server's index upkeep, not in the
// commits of the creates (Hazards 011, issue 23): over the real server, hazards created one by one
// each leave a segment, the upkeep merges them in the background, and `?q=` finds every one.
import Foundation
import Kernel
import TestSupport
import XCTest

final class FullTextUpkeepTests: HazardsTestCase {
    func testTheIndexMergesNothingInItsCommitsAndTheServerMergesItInTheBackground() throws {
        XCTAssertEqual(try sqlite("SELECT k || '=' || v FROM hazards_fts_config WHERE k IN ('automerge', 'crisismerge') ORDER BY k"),
                       ["automerge=0", "crisismerge=64"])
        let admin = try client("admin")
        let tag = "合并" + UUID().uuidString.prefix(6)
        // Each create its own commit, and so its own segment on level 0; the upkeep may merge
        // between them: what it left must have no level of four segments at the end.
        for i in 0..<24 {
            let made = try admin.post("/api/v1/hazards", ["enterprise_id": 7, "grade": "general", "description": .string("\(tag) 第\(i)处：消防通道堵塞")])
            XCTAssertEqual(made.status, 201, made.text)
        }
        let deadline = Date().addingTimeInterval(20)
        var levels = try test.core.read { try FullTextSegments.perLevel("hazards_fts", $0) }
        while levels.contains(where: { $0 >= 4 }), Date() < deadline {
            usleep(20_000)
            levels = try test.core.read { try FullTextSegments.perLevel("hazards_fts", $0) }
        }
        XCTAssertTrue(levels.allSatisfy { $0 < 4 }, "merged by the server's upkeep: \(levels)")
        XCTAssertFalse(server.log.current.contains { $0.contains("index upkeep") }, "no upkeep failed")

        let found = try admin.get("/api/v1/hazards?q=\(tag.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)&limit=100")
        XCTAssertEqual(found.status, 200, found.text)
        XCTAssertEqual(found.json["items"]?.arrayValue?.count, 24, "every create found by its description")
        _ = try test.core.database.write { try $0.execute("INSERT INTO hazards_fts (hazards_fts) VALUES ('integrity-check')") }
    }

    /// Where no server keeps the index (cron runs `anwei tick`), the tick merges it.
    func testTickMergesWhatNoKeeperMerged() throws {
        let resume = server.pauseIndexUpkeep()
        defer { resume() }
        let admin = try client("admin")
        let tag = "节拍" + UUID().uuidString.prefix(6)
        for i in 0..<12 {
            let made = try admin.post("/api/v1/hazards", ["enterprise_id": 7, "grade": "general", "description": .string("\(tag) 第\(i)处：疏散指示标志损坏")])
            XCTAssertEqual(made.status, 201, made.text)
        }
        let before = try test.core.read { try FullTextSegments.perLevel("hazards_fts", $0) }
        XCTAssertGreaterThanOrEqual(before.reduce(0, +), 12, "nothing merged them: \(before)")
        XCTAssertTrue(before.contains { $0 >= 4 }, "\(before)")
        let ticked = test.cli(["tick"])
        XCTAssertEqual(ticked.code, 0, ticked.err)
        let after = try test.core.read { try FullTextSegments.perLevel("hazards_fts", $0) }
        XCTAssertTrue(after.allSatisfy { $0 < 4 }, "merged by the tick: \(after)")
        let found = try admin.get("/api/v1/hazards?q=\(tag.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed)!)&limit=100")
        XCTAssertEqual(found.json["items"]?.arrayValue?.count, 12)
    }
}
