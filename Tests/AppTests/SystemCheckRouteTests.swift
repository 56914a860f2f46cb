// `GET /api/v1/system/check`: `anwei check`'s report over HTTP, for administrators only, the same
// findings as the command's --json, and a failure named when the audit chain is altered.
import App
import Foundation
import Kernel
import TestSupport
import XCTest

final class SystemCheckRouteTests: XCTestCase {
    func testTheAdministratorReadsTheSameReportAsTheCommand() throws {
        let test = try TestApplication(demo: true)
        let server = try TestServer(test)
        defer { server.stop() }
        let reply = try server.client(token: try test.token(for: "admin")).get("/api/v1/system/check")
        XCTAssertEqual(reply.status, 200, reply.text)
        XCTAssertEqual(reply.json["passed"], .bool(true))
        XCTAssertEqual(reply.json["failed"], .int(0))
        let findings = reply.json["findings"]?.arrayValue ?? []
        let command = try JSONParser.parse(test.cli(["check", "--json"]).out).arrayValue ?? []
        XCTAssertEqual(findings.map { $0["check"] }, command.map { $0["check"] }, "the command's checks, in its order")
        XCTAssertEqual(findings.map { $0["verdict"] }, command.map { $0["verdict"] })
        XCTAssertEqual(findings.count, 7)
        for user in ["anweiban", "fgj", "dongcheng", "inspector1", "qiye"] {
            XCTAssertEqual(try server.client(token: try test.token(for: user)).get("/api/v1/system/check").status, 403, user)
        }
        XCTAssertEqual(try server.client().get("/api/v1/system/check").status, 401)
    }

    func testAnAlteredAuditRecordFailsTheReport() throws {
        let test = try TestApplication(demo: true)
        let server = try TestServer(test)
        defer { server.stop() }
        let admin = server.client(token: try test.token(for: "admin"))
        let raw = try Connection(path: test.path)
        try raw.executeScript("UPDATE kernel_audit SET summary = 'nothing happened' WHERE id = 1")
        let reply = try admin.get("/api/v1/system/check")
        XCTAssertEqual(reply.status, 200)
        XCTAssertEqual(reply.json["passed"], .bool(false))
        XCTAssertEqual(reply.json["failed"], .int(1))
        let chain = reply.json["findings"]?.arrayValue?.first { $0["check"] == "audit_chain" }
        XCTAssertEqual(chain?["verdict"], "failed")
        XCTAssertTrue(chain?["detail"]?.stringValue?.contains("broken at record 1") ?? false, "\(String(describing: chain))")
    }
}
