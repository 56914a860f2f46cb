// Every CSV export of Hazards, over HTTP and from the CLI, goes through the one CSV writer: a cell
// a spreadsheet would run as a formula (a tip-off or a name is text anyone can write) comes out
// with a leading apostrophe. Exports are not paged: every matching row.
import Foundation
import Kernel
import TestSupport
import XCTest

final class CSVExportTests: HazardsTestCase {
    static let csv = [("Accept", "text/csv")]

    /// The export holds `cell` neutralised, and no cell of it starts a formula.
    func assertNeutralised(_ text: String, _ cell: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(text.hasPrefix("\u{FEFF}"), "\(what): UTF-8 with BOM", file: file, line: line)
        XCTAssertTrue(text.contains("'" + cell), "\(what): \(text.prefix(400))", file: file, line: line)
        for separator in [",", "\n", ",\"", "\n\""] {
            XCTAssertFalse(text.contains(separator + cell), "\(what): a cell starts with \(cell)", file: file, line: line)
        }
    }

    func testFormulaCellsAreNeutralisedInEveryExport() throws {
        let admin = try client("admin")
        // The register: a description that is a formula.
        let formula = "=HYPERLINK(\"http://example.com\",\"点我\")"
        let made = try admin.post("/api/v1/hazards", ["enterprise_id": 1, "description": .string(formula)])
        XCTAssertEqual(made.status, 201, made.text)
        let list = try admin.get("/api/v1/hazards?q=HYPERLINK", headers: Self.csv)
        XCTAssertEqual(list.status, 200, list.text)
        XCTAssertEqual(list.header("Content-Type"), "text/csv; charset=utf-8")
        assertNeutralised(list.text, "=HYPERLINK", "hazards list")
        let cliList = test.cli(["hazards", "list", "--q", "HYPERLINK", "--csv"])
        XCTAssertEqual(cliList.code, 0, cliList.err)
        assertNeutralised(cliList.out, "=HYPERLINK", "anwei hazards list --csv")

        // Tip-offs: text and place from the public.
        let submitted = try server.client().post("/api/v1/tipoffs", ["text": "+cmd|' /C calc'!A0", "place": "@SUM(1)"])
        XCTAssertEqual(submitted.status, 201, submitted.text)
        let tipOffs = try admin.get("/api/v1/tipoffs", headers: Self.csv)
        assertNeutralised(tipOffs.text, "+cmd", "tipoffs list")
        assertNeutralised(tipOffs.text, "@SUM(1)", "tipoffs list")
        let cliTipOffs = test.cli(["hazards", "tipoffs", "list", "--csv"])
        XCTAssertEqual(cliTipOffs.code, 0, cliTipOffs.err)
        assertNeutralised(cliTipOffs.out, "+cmd", "anwei hazards tipoffs list --csv")

        // Stats: a supervising unit's name.
        let unit = try admin.post("/api/v1/org/units", ["name": "-2+3监管局"])
        XCTAssertEqual(unit.status, 201, unit.text)
        let placed = try admin.post("/api/v1/hazards", ["place": "某处", "territory_id": "东城镇", "sector": "gas", "supervising_unit_id": "-2+3监管局", "description": "统计导出测试"])
        XCTAssertEqual(placed.status, 201, placed.text)
        let stats = try admin.get("/api/v1/hazards/stats?by=unit", headers: Self.csv)
        assertNeutralised(stats.text, "-2+3监管局", "stats")
        let cliStats = test.cli(["hazards", "stats", "--by", "unit", "--csv"])
        assertNeutralised(cliStats.out, "-2+3监管局", "anwei hazards stats --csv")

        // Closure warnings: the flagged enterprise's name.
        let flagged = try XCTUnwrap(try admin.get("/api/v1/hazards/closure-warnings").json["items"]?.arrayValue?.first?["enterprise_id"]?.intValue)
        XCTAssertEqual(try admin.patch("/api/v1/org/enterprises/\(flagged)", ["name": "@SUM(1)企业"]).status, 200)
        let warnings = try admin.get("/api/v1/hazards/closure-warnings", headers: Self.csv)
        assertNeutralised(warnings.text, "@SUM(1)企业", "closure warnings")
        let cliWarnings = test.cli(["hazards", "closure-warnings", "--csv"])
        assertNeutralised(cliWarnings.out, "@SUM(1)企业", "anwei hazards closure-warnings --csv")
    }

    /// Rows after the header (no cell here spans lines).
    func rows(_ text: String) -> Int64 { Int64(text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count - 1) }

    func testExportsAreNotPaged() throws {
        let admin = try client("admin")
        let total = try sqliteInt("SELECT count(*) FROM hazards_hazards")
        XCTAssertGreaterThan(total, 200)
        let export = try admin.get("/api/v1/hazards?limit=10", headers: Self.csv)
        XCTAssertEqual(export.status, 200)
        XCTAssertEqual(rows(export.text), total, "every hazard, whatever the page size")
        let cli = test.cli(["hazards", "list", "--csv"])
        XCTAssertEqual(rows(cli.out), total)
        let tipOffs = test.cli(["hazards", "tipoffs", "list", "--csv"])
        XCTAssertEqual(rows(tipOffs.out), try sqliteInt("SELECT count(*) FROM hazards_tipoffs"))
    }
}
