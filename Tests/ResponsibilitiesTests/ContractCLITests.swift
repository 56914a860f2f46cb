// The command line reads the same contracts as HTTP: the same names, the same checks, the same
// errors (exit 5 for a field, 2 for a bad page or an unknown option), aliases resolved and
// ambiguous names refused with the candidates, pages with the next cursor on stderr.
import Foundation
import Kernel
import TestSupport
import XCTest
@testable import Responsibilities

final class ContractCLITests: ResponsibilitiesTestCase {

    let r = ["responsibilities"]

    func testOptionsAreReadByTheContracts() throws {
        let test = try app()

        // An unknown option is named (a usage error, as the CLI's parser says).
        let unknown = test.cli(r + ["ledger", "list", "--deadline", "2024-07-01"])
        XCTAssertEqual(unknown.code, 2)
        XCTAssertTrue(unknown.err.contains("deadline"), unknown.err)

        // A wrong type is named, with the field's API name.
        let line = try XCTUnwrap(LedgerTestSupport.json(test.cli(r + ["ledger", "list", "--status", "signed", "--limit", "1", "--json"]).out).arrayValue?.first?["id"]?.intValue)
        let percent = test.cli(r + ["ledger", "progress", String(line), "--percent", "half", "--text", "x"])
        XCTAssertEqual(percent.code, 5)
        XCTAssertTrue(percent.err.contains("percent") && percent.err.contains("whole number"), percent.err)
        let year = test.cli(r + ["leader-lists", "status", "--year", "0"])
        XCTAssertEqual(year.code, 5, "year 0 is out of range, not a trap")
        XCTAssertTrue(year.err.contains("year"), year.err)
        let kind = test.cli(r + ["unit-lists", "add", "--unit", "区住建局", "--kind", "monthly", "--effective-from", "2024-07-01", "--item", "a|b"])
        XCTAssertEqual(kind.code, 5)
        XCTAssertTrue(kind.err.contains("kind") && kind.err.contains("threeManages"), kind.err)

        // A control character in a one-line text is refused.
        let bell = test.cli(r + ["tasks", "add", "--title", "汛前\u{0007}检查", "--units", "区发改局", "--due", "2024-07-01"])
        XCTAssertEqual(bell.code, 5)
        XCTAssertTrue(bell.err.contains("title") && bell.err.contains("U+0007"), bell.err)

        // An alias names a unit; a name two people share is refused with both.
        let alias = try LedgerTestSupport.json(test.cli(r + ["ledger", "list", "--unit", "区住建局", "--limit", "200", "--json"]).out).arrayValue ?? []
        XCTAssertFalse(alias.isEmpty)
        XCTAssertEqual(Set(alias.compactMap { $0["unit_name"]?.stringValue }), ["区住房城乡建设局"])
        let assigned = test.cli(r + ["tasks", "add", "--title", "报送汛期值守安排", "--units", "区住建局", "--territories", "东城镇", "--due", "2024-07-10", "--json"])
        XCTAssertEqual(assigned.code, 0, assigned.err)
        let yehua = try test.core.read { try $0.query("SELECT id FROM registry_people WHERE name = '叶华' ORDER BY id") }.map { $0.requiredInt("id") }
        let ambiguous = test.cli(r + ["leader-lists", "file", "--kind", "work", "--year", "2024", "--person", "叶华", "--content", "工作清单"])
        XCTAssertEqual(ambiguous.code, 5)
        XCTAssertTrue(ambiguous.err.contains("person_id") && ambiguous.err.contains("ambiguous"), ambiguous.err)
        XCTAssertTrue(yehua.count == 2 && yehua.allSatisfy { ambiguous.err.contains("id \($0)") }, ambiguous.err)
        let link = test.cli(r + ["chains", "add", "--name", "工贸", "--link", "生产:区火星局"])
        XCTAssertEqual(link.code, 5)
        XCTAssertTrue(link.err.contains("links[0].lead_units") && link.err.contains("区火星局"), link.err)
        let noLinks = test.cli(r + ["chains", "add", "--name", "工贸"])
        XCTAssertEqual(noLinks.code, 5)
        XCTAssertTrue(noLinks.err.contains("--link"), noLinks.err)

        // One paging rule: at most 200 (a larger page is a usage error), an empty cursor is the first page,
        // and the next cursor is on stderr.
        let tooMany = test.cli(r + ["ledger", "list", "--limit", "201"])
        XCTAssertEqual(tooMany.code, 2)
        XCTAssertTrue(tooMany.err.contains("limit"), tooMany.err)
        let first = test.cli(r + ["ledger", "list", "--after", "", "--limit", "2", "--json"])
        XCTAssertEqual(first.code, 0, first.err)
        XCTAssertEqual(try LedgerTestSupport.json(first.out).arrayValue?.count, 2)
        XCTAssertTrue(first.err.contains("--after "), first.err)
        let all = try LedgerTestSupport.allPages(test, r + ["tasks", "list"])
        let taskCount = try LedgerTestSupport.count(test, "SELECT count(*) FROM responsibilities_tasks")
        XCTAssertEqual(Int64(all.count), taskCount)
        let csv = test.cli(r + ["ledger", "list", "--csv"])
        XCTAssertEqual(csv.err, "", "CSV is not paged")
        let lineCount = try LedgerTestSupport.count(test, "SELECT count(*) FROM responsibilities_lines")
        XCTAssertEqual(Int64(csv.out.components(separatedBy: "\r\n").count - 2), lineCount)
    }

    func testHelpComesFromTheDeclarations() throws {
        let test = try app()
        let help = test.cli(r + ["ledger", "progress", "--help"])
        XCTAssertEqual(help.code, 0, help.err)
        for text in ["--percent N", "progress, 0–100 [required]", "--text TEXT", "--reporter TEXT", "--attach FILE"] {
            XCTAssertTrue(help.out.contains(text), "\(text) in:\n\(help.out)")
        }
        let list = test.cli(r + ["ledger", "list", "--help"])
        for text in ["--unit ID|NAME", "--territory ID|NAME", "--task-id ID", "--colour green|yellow|red", "--limit N", "--after N"] {
            XCTAssertTrue(list.out.contains(text), "\(text) in:\n\(list.out)")
        }
    }
}
