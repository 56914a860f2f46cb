import App
import Foundation
import Kernel
import TestSupport
import XCTest

final class CheckCommandTests: XCTestCase {
    func testASoundDatabasePassesEveryCheck() throws {
        let test = try TestApplication()
        XCTAssertEqual(test.cli(["org", "units", "add", "--name", "区检查局"]).code, 0)
        let result = test.cli(["check"])
        XCTAssertEqual(result.code, 0, result.err)
        for name in ["integrity", "foreign_keys", "audit_chain", "schema", "event_deliveries", "webhooks", "registry_forms"] {
            XCTAssertTrue(result.out.contains("OK      \(name)"), "\(name) ok:\n\(result.out)")
        }
        XCTAssertTrue(result.out.contains("all checks passed"))
        let json = try JSONParser.parse(test.cli(["check", "--json"]).out)
        XCTAssertEqual(json.arrayValue?.count, 7)
    }

    func testRecordsChangedOutsideAnweiAreNamedUntilTheirFormsAreMadeAgain() throws {
        let test = try TestApplication(demo: true)
        let raw = try Connection(path: test.path)
        try raw.executeScript("UPDATE registry_enterprises SET address = '手改' WHERE id <= 3; UPDATE registry_units SET rendered = x'00' WHERE id = 1")
        let result = test.cli(["check"])
        XCTAssertEqual(result.code, 0, "a warning: lists are still right")
        XCTAssertTrue(result.out.contains("WARNING registry_forms    3 enterprises, 1 units without a kept JSON form"), result.out)
        XCTAssertEqual(test.cli(["migrate"]).code, 0)
        XCTAssertTrue(test.cli(["check"]).out.contains("OK      registry_forms    every registry record has its kept JSON form"))
    }

    func testAnAlteredAuditRecordAndADanglingReferenceFailWithAClearReport() throws {
        let test = try TestApplication()
        XCTAssertEqual(test.cli(["org", "units", "add", "--name", "区检查局"]).code, 0)
        XCTAssertEqual(test.cli(["org", "units", "add", "--name", "区检查二局"]).code, 0)
        let raw = try Connection(path: test.path)
        try raw.executeScript("""
            PRAGMA foreign_keys = OFF;
            UPDATE kernel_audit SET summary = 'nothing happened' WHERE id = 1;
            INSERT INTO registry_special_groups (name, host_unit_id, version, created_at, updated_at) VALUES ('孤儿专班', 9999, 1, 'x', 'x');
            """)
        let result = test.cli(["check"])
        XCTAssertEqual(result.code, 1)
        XCTAssertTrue(result.out.contains("FAILED  audit_chain       broken at record 1"), result.out)
        XCTAssertTrue(result.out.contains("FAILED  foreign_keys      1 row(s) refer to missing rows, in registry_special_groups"), result.out)
        XCTAssertTrue(result.out.contains("OK      integrity"), result.out)
        XCTAssertTrue(result.err.contains("audit_chain") && result.err.contains("foreign_keys"), result.err)
    }
}
