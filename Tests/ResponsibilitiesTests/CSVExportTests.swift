// Every CSV export of the module, over HTTP (Accept: text/csv) and from the CLI (--csv), writes
// a cell that a spreadsheet would run as a formula (=HYPERLINK(...), +cmd, @SUM(1), -2+3) with a
// leading ': text anyone may type (a task's title, a plan's file name, a unit's or a chain's name).
import CLI
import Foundation
import Kernel
import TestSupport
import XCTest
@testable import Responsibilities

final class CSVExportTests: XCTestCase {
    static let title = "=HYPERLINK(\"http://example.com/x\",\"点我\")"
    static let source = "+cmd|' /C calc'!A0"
    static let unit = "@SUM(1)"
    static let chain = "-2+3"

    /// Every cell of `text` (CSV): none begins with a formula character; each of `expected` is there, neutralised.
    private func assertNeutralised(_ text: String, _ expected: [String], _ what: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let records = try CSV.parse(text)
        XCTAssertGreaterThan(records.count, 1, "\(what): no rows", file: file, line: line)
        let cells = records.flatMap(\.fields)
        for cell in cells where cell.first.map({ "=+-@\t\r".contains($0) }) ?? false {
            XCTFail("\(what): a formula cell: \(cell)", file: file, line: line)
        }
        for value in expected {
            XCTAssertTrue(cells.contains("'" + value), "\(what): '\(value) not among \(cells.prefix(40))", file: file, line: line)
        }
    }

    func testEveryExportNeutralisesFormulaCells() throws {
        let test = try TestApplication(demo: true, today: CalendarDate(year: 2024, month: 6, day: 15)!)
        let server = try TestServer(test)
        defer { server.stop() }
        let admin = server.client(token: try test.token(for: "admin"))
        let base = "/api/v1/responsibilities"
        let r = ["responsibilities"]

        // Text anyone may type, where each export shows it.
        XCTAssertEqual(test.cli(r + ["tasks", "add", "--title", Self.title, "--units", "区住建局", "--due", "2024-07-10"]).code, 0)
        let plan = try admin.post("\(base)/plans", .object(["year": 2025, "source_name": .string(Self.source),
                                                             "text": "一、总体要求\n(一)加强值守。节日期间加强值班值守。(责任单位:区安委办牵头)\n"]))
        XCTAssertEqual(plan.status, 201, plan.text)
        XCTAssertEqual(test.cli(r + ["unit-lists", "add", "--unit", "区住建局", "--kind", "threeManages", "--effective-from", "2024-03-01",
                                     "--item", "建设施工安全监管|《安全生产法》第十条"]).code, 0)
        let unitID = try test.id("units", "区住房城乡建设局")
        let renamed = try admin.patch("/api/v1/org/units/\(unitID)", .object(["name": .string(Self.unit)]))
        XCTAssertEqual(renamed.status, 200, renamed.text)
        let chain = try admin.post("\(base)/chains", .object(["name": .string(Self.chain), "links": .array([.object(["name": "销售"])])]))
        XCTAssertEqual(chain.status, 201, chain.text)

        let exports: [(path: String, command: [String], expected: [String])] = [
            ("tasks", ["tasks", "list"], [Self.title]),
            ("ledger", ["ledger", "list"], [Self.title]),
            ("plans", ["plan", "list"], [Self.source]),
            ("unit-lists", ["unit-lists", "list"], [Self.unit]),
            ("leader-lists?year=2024", ["leader-lists", "status", "--year", "2024"], [Self.unit]),
            ("chains/check", ["chains", "check"], [Self.chain]),
        ]
        for export in exports {
            let http = try admin.get("\(base)/\(export.path)", headers: [("Accept", "text/csv")])
            XCTAssertEqual(http.status, 200, "\(export.path): \(http.text)")
            XCTAssertTrue(http.header("Content-Type")?.hasPrefix("text/csv") ?? false, export.path)
            try assertNeutralised(http.text, export.expected, "GET \(export.path)")
            let cli = test.cli(r + export.command + ["--csv"])
            XCTAssertEqual(cli.code, 0, "\(export.command): \(cli.err)")
            try assertNeutralised(cli.out, export.expected, "anwei \(export.command.joined(separator: " ")) --csv")
        }
    }
}
