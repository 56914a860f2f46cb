// The responsibility lists: chains with gaps and overlaps, the leading group's head rule,
// versioned unit lists with a diff, and who has not filed a work list.
import Foundation
import Kernel
import TestSupport
import XCTest
@testable import Responsibilities

final class ListsTests: XCTestCase {
    func testChainsGroupsUnitListsAndLeaderLists() throws {
        let test = try TestApplication(demo: true, today: CalendarDate(year: 2024, month: 3, day: 1)!)
        let r = ["responsibilities"]

        let chain = test.cli(r + ["chains", "add", "--name", "燃气", "--link", "生产:区城市管理局", "--link", "储存:区城市管理局,区应急管理局",
                                  "--link", "运输:区交通运输局;区公安分局", "--link", "销售:"])
        XCTAssertEqual(chain.code, 0, chain.err)
        let issues = try LedgerTestSupport.json(test.cli(r + ["chains", "check", "--json"]).out).arrayValue ?? []
        XCTAssertEqual(issues.compactMap { $0["link"]?.stringValue }, ["储存", "销售"])
        XCTAssertEqual(issues.compactMap { $0["problem"]?.stringValue }, ["two_leads", "no_unit"])
        XCTAssertEqual(test.cli(r + ["chains", "add", "--name", "x", "--link", "a:区火星局"]).code, 5)

        let (principalID, principal) = try test.core.read { db -> (Int64, String) in
            let row = try db.queryOne("""
                SELECT p.id, p.name FROM registry_posts s JOIN registry_people p ON p.id = s.person_id JOIN registry_units u ON u.id = s.unit_id
                WHERE u.name = '区发改局' AND s.role = 'principalLeader'
                """)
            return (row?.requiredInt("id") ?? 0, row?.requiredString("name") ?? "")
        }
        let head = String(principalID)
        // The demo's leader shares the name with another person: by name the head is ambiguous, refused with both.
        let byName = test.cli(r + ["groups", "set", "--unit", "区发改局", "--head", principal, "--as", "fgj"])
        XCTAssertEqual(byName.code, 5, byName.err)
        XCTAssertTrue(byName.err.contains("ambiguous") && byName.err.contains("id \(principalID)"), byName.err)
        let other = try test.core.read { try $0.queryOne("""
            SELECT p.id FROM registry_posts s JOIN registry_people p ON p.id = s.person_id JOIN registry_units u ON u.id = s.unit_id
            WHERE u.name = '区应急管理局' AND s.role = 'principalLeader'
            """)?.requiredInt("id") ?? 0 }
        let wrong = test.cli(r + ["groups", "set", "--unit", "区发改局", "--head", String(other), "--as", "fgj"])
        XCTAssertEqual(wrong.code, 5)
        XCTAssertTrue(wrong.err.contains("主要负责同志") && wrong.err.contains(principal) && wrong.err.contains("head"), wrong.err)
        let nobody = test.cli(r + ["groups", "set", "--unit", "区发改局", "--head", "某某某", "--as", "fgj"])
        XCTAssertEqual(nobody.code, 5)
        XCTAssertTrue(nobody.err.contains("某某某") && nobody.err.contains("head"), nobody.err)
        XCTAssertEqual(test.cli(r + ["groups", "set", "--unit", "区发改局", "--head", head, "--members", "李强", "--as", "fgj"]).code, 0)
        XCTAssertEqual(test.cli(r + ["groups", "set", "--unit", "区应急管理局", "--head", head, "--as", "fgj"]).code, 3, "another unit is out of scope")

        XCTAssertEqual(test.cli(r + ["unit-lists", "add", "--unit", "区住建局", "--kind", "threeManages", "--effective-from", "2024-01-01",
                                     "--item", "建设施工安全监管|《安全生产法》第十条", "--item", "燃气工程质量监管|《建设工程质量管理条例》"]).code, 0)
        XCTAssertEqual(test.cli(r + ["unit-lists", "add", "--unit", "区住建局", "--kind", "threeManages", "--effective-from", "2024-01-01", "--item", "a|b"]).code, 5,
                       "a new version must take effect after the previous one")
        XCTAssertEqual(test.cli(r + ["unit-lists", "add", "--unit", "区住建局", "--kind", "threeManages", "--effective-from", "2024-07-01",
                                     "--item", "建设施工安全监管|《安全生产法》第十条、第十七条", "--item", "自建房安全排查|《国务院办公厅关于自建房安全专项整治的通知》"]).code, 0)
        let diff = try LedgerTestSupport.json(test.cli(r + ["unit-lists", "diff", "--unit", "区住建局", "--kind", "threeManages", "--from", "1", "--to", "2", "--json"]).out)
        XCTAssertEqual(diff["added"]?.arrayValue?.compactMap { $0["duty"]?.stringValue }, ["自建房安全排查"])
        XCTAssertEqual(diff["removed"]?.arrayValue?.compactMap { $0["duty"]?.stringValue }, ["燃气工程质量监管"])
        XCTAssertEqual(diff["changed"]?.arrayValue?.first?["basis_after"]?.stringValue, "《安全生产法》第十条、第十七条")

        let leaders = try test.core.read { try ListService.leaders($0).count }
        XCTAssertEqual(leaders, 55)
        XCTAssertEqual(test.cli(r + ["leader-lists", "file", "--kind", "work", "--year", "2024", "--person", head, "--content", "2024年度安全生产工作清单"]).code, 0)
        let missing = try LedgerTestSupport.json(test.cli(r + ["leader-lists", "status", "--year", "2024", "--missing", "--json"]).out).arrayValue ?? []
        XCTAssertEqual(missing.count, 54)
        XCTAssertTrue(missing.allSatisfy { $0["colour"]?.stringValue == "red" }, "due by end of February; it is 2024-03-01")
        XCTAssertFalse(missing.contains { $0["name"]?.stringValue == principal && $0["unit"]?.stringValue == "区发改局" })
    }
}
