import Foundation
import Kernel
import TestSupport
import XCTest

/// The registry through the CLI, in process, on a real database file.
final class RegistryCommandTests: XCTestCase {
    func testDemoHasTheSeedsOrganisation() throws {
        let test = try TestApplication(demo: true)
        let units = test.cli(["org", "units", "list", "--json", "--limit", "200"])
        XCTAssertEqual(units.code, 0, units.err)
        let items = try JSONParser.parse(units.out).arrayValue ?? []
        XCTAssertEqual(items.count, 55)
        let names = Set(items.compactMap { $0["name"]?.stringValue })
        for seedUnit in ["区安委办", "区工委组织部", "区工委宣传部", "区发改局", "区绩效办", "区消安办", "区工委编办", "区平安办"] {
            XCTAssertTrue(names.contains(seedUnit), seedUnit)
        }
        XCTAssertEqual(try test.core.read { try $0.scalarInt("SELECT count(*) FROM registry_special_groups") }, 12)
        XCTAssertGreaterThanOrEqual(try test.core.read { try $0.scalarInt("SELECT count(*) FROM registry_territories") }, 8)
        let kinds = try test.core.read { try $0.query("SELECT DISTINCT kind FROM registry_territories").compactMap { $0.string("kind") } }
        XCTAssertEqual(Set(kinds), ["town", "scenicArea", "developmentZone"])
        let highRisk = try test.core.read { try $0.query("SELECT DISTINCT industry FROM registry_enterprises WHERE high_risk = 1").compactMap { $0.string("industry") } }
        XCTAssertEqual(Set(highRisk), ["coal", "nonCoalMining", "hazardousChemicals", "fireworks", "metalSmelting"])
        let codes = try test.core.read { try $0.query("SELECT credit_code FROM registry_enterprises").compactMap { $0.string("credit_code") } }
        XCTAssertGreaterThanOrEqual(codes.count, 200)
        XCTAssertTrue(codes.allSatisfy(CreditCode.isValid))
        XCTAssertTrue(try test.core.read { try AuditLog.verify($0) }.isIntact)
    }

    func testAnUpdatesHelpRequiresNoFieldAndOneFieldIsEnough() throws {
        let test = try TestApplication(demo: true)
        for kind in ["units", "territories", "enterprises", "people"] {
            let add = test.cli(["org", kind, "add", "--help"]), update = test.cli(["org", kind, "update", "--help"])
            XCTAssertTrue(add.out.contains("[required]"), "\(kind) add names its required fields")
            XCTAssertFalse(update.out.contains("[required]"), "\(kind) update: every field is optional\n\(update.out)")
        }
        let one = test.cli(["org", "enterprises", "update", "1", "--address", "工业园区经一路 1 号", "--json"])
        XCTAssertEqual(one.code, 0, one.err)
        XCTAssertTrue(one.out.contains("工业园区经一路 1 号"), one.out)
    }

    func testTheDemoIsDeterministic() throws {
        let first = try TestApplication(demo: true), second = try TestApplication(demo: true)
        let query = "SELECT group_concat(name || credit_code || territory_id || industry, '|') FROM (SELECT * FROM registry_enterprises ORDER BY id)"
        XCTAssertEqual(try first.core.read { try $0.scalar(query) }, try second.core.read { try $0.scalar(query) })
    }

    func testABadCreditCodeExitsFiveAndNamesTheField() throws {
        let test = try TestApplication(demo: true)
        let result = test.cli(["org", "enterprises", "add", "--name", "某化工有限公司", "--credit-code", "91320115MA1XXXXX01",
                               "--territory", "东城镇", "--industry", "hazardousChemicals", "--supervising-unit", "区应急管理局"])
        XCTAssertEqual(result.code, 5, result.err)
        XCTAssertTrue(result.err.contains("credit_code"), result.err)
        let valid = CreditCode.complete("91320115MA1XXXXX0")!
        let ok = test.cli(["org", "enterprises", "add", "--name", "某化工有限公司", "--credit-code", valid,
                           "--territory", "东城镇", "--industry", "hazardousChemicals", "--supervising-unit", "区应急局", "--json"])
        XCTAssertEqual(ok.code, 0, ok.err)
        let record = try JSONParser.parse(ok.out)
        XCTAssertEqual(record["high_risk"], .bool(true), "derived from the industry")
        XCTAssertEqual(record["supervising_unit_name"]?.stringValue, "区应急管理局", "the alias 区应急局 resolved")
        let duplicate = test.cli(["org", "enterprises", "add", "--name", "另一家", "--credit-code", valid, "--territory", "东城镇",
                                  "--industry", "other", "--supervising-unit", "区应急管理局"])
        XCTAssertEqual(duplicate.code, 4, "a duplicate credit code is a conflict: \(duplicate.err)")
    }

    func testACSVImportWithOneBadRowAmongAThousandWritesNothingAndNamesTheLine() throws {
        let test = try TestApplication(demo: true)
        var csv = "\u{FEFF}name,credit_code,territory_id,industry,supervising_unit_id\r\n"
        for i in 1...1000 {
            var code = CreditCode.complete("92320115" + String(format: "%09d", i))!
            if i == 617 { code = String(code.dropLast()) + (code.last == "0" ? "1" : "0") }
            csv += "导入测试企业\(i),\(code),西岭镇,commerce,区商务局\r\n"
        }
        let file = test.folder.file("enterprises.csv")
        try csv.write(toFile: file, atomically: true, encoding: .utf8)
        let before = try test.core.read { try $0.scalarInt("SELECT count(*) FROM registry_enterprises") }
        let result = test.cli(["org", "enterprises", "import", file])
        XCTAssertEqual(result.code, 5, result.err)
        XCTAssertTrue(result.err.contains("line 618"), "row 617 is on line 618 after the header: \(result.err)")
        XCTAssertFalse(result.err.contains("line 619"), "only the bad row is reported")
        XCTAssertEqual(try test.core.read { try $0.scalarInt("SELECT count(*) FROM registry_enterprises") }, before, "nothing was written")
    }

    func testImportDryRunAndASuccessfulImport() throws {
        let test = try TestApplication(demo: true)
        let csv = "名称,类型\n新城镇,town\n湖光景区,景区\n"
        let file = test.folder.file("t.csv")
        try csv.write(toFile: file, atomically: true, encoding: .utf8)
        let dry = test.cli(["org", "territories", "import", file, "--dry-run"])
        XCTAssertEqual(dry.code, 0, dry.err)
        XCTAssertTrue(dry.out.contains("would import 2"))
        XCTAssertEqual(try test.core.read { try $0.scalarInt("SELECT count(*) FROM registry_territories WHERE name = '新城镇'") }, 0)
        let real = test.cli(["org", "territories", "import", file])
        XCTAssertEqual(real.code, 0, real.err)
        XCTAssertEqual(try test.core.read { try $0.scalarInt("SELECT count(*) FROM registry_territories WHERE name IN ('新城镇', '湖光景区')") }, 2)
    }

    func testShowUpdateAndErrors() throws {
        let test = try TestApplication(demo: true)
        let show = test.cli(["org", "units", "show", "区发改局", "--json"])
        XCTAssertEqual(show.code, 0, show.err)
        XCTAssertEqual(try JSONParser.parse(show.out)["name"]?.stringValue, "区发改局")
        XCTAssertEqual(test.cli(["org", "units", "show", "99999"]).code, 3)
        let update = test.cli(["org", "units", "update", "区发改局", "--phone", "025-1234567", "--if-version", "1", "--json"])
        XCTAssertEqual(update.code, 0, update.err)
        XCTAssertEqual(try JSONParser.parse(update.out)["version"], .int(2))
        let stale = test.cli(["org", "units", "update", "区发改局", "--phone", "025-7654321", "--if-version", "1"])
        XCTAssertEqual(stale.code, 4, stale.err)
        XCTAssertEqual(test.cli(["org", "units", "update", "区发改局"]).code, 2, "nothing to change is a usage error")
        XCTAssertEqual(test.cli(["org", "territories", "add", "--name", "某地", "--kind", "village"]).code, 5)
        let table = test.cli(["org", "territories", "list"])
        XCTAssertTrue(table.out.contains("东城镇"))
        let csv = test.cli(["org", "territories", "list", "--csv"])
        XCTAssertTrue(csv.out.hasPrefix("\u{FEFF}"), "CSV has a BOM for spreadsheets")
    }

    func testHelpAtEveryLevel() throws {
        let test = try TestApplication()
        for path in [[], ["org"], ["org", "enterprises"], ["org", "enterprises", "add"], ["users", "add"], ["events", "list"], ["audit", "verify"], ["migrate"], ["serve"], ["demo"], ["tick"], ["hazards"], ["responsibilities"]] {
            let result = test.cli(path + ["--help"])
            XCTAssertEqual(result.code, 0, "\(path): \(result.err)")
            XCTAssertTrue(result.out.contains("Usage: anwei"), "\(path)")
        }
        XCTAssertTrue(test.cli(["--help"]).out.contains("hazards"))
        XCTAssertEqual(test.cli(["org", "nosuch"]).code, 2)
    }

    func testEventsAndAuditCommands() throws {
        let test = try TestApplication(demo: true)
        _ = test.cli(["org", "enterprises", "update", "1", "--address", "新地址1号"])
        let events = test.cli(["events", "list", "--type", "registry.*", "--json"])
        XCTAssertEqual(events.code, 0, events.err)
        let list = try JSONParser.parse(events.out).arrayValue ?? []
        XCTAssertEqual(list.last?["type"]?.stringValue, "registry.enterprise.changed")
        XCTAssertEqual(test.cli(["audit", "verify"]).code, 0)
        let audit = test.cli(["audit", "list", "--entity", "enterprise", "--entity-id", "1", "--json"])
        XCTAssertEqual(try JSONParser.parse(audit.out).arrayValue?.first?["action"]?.stringValue, "enterprise.update")
        XCTAssertEqual(test.cli(["audit", "list", "--since", "tomorrow"]).code, 5, "a bad date is a validation error, as over HTTP")
    }
}
