import Foundation
import Kernel
import TestSupport
import XCTest

/// A scoped user writes only records it may read, pointing only at records it may read.
final class RegistryWriteScopeTests: XCTestCase {
    func testATownCannotPlaceAnEnterpriseInAnotherTownNorAnEnterpriseTakeAnothersPerson() throws {
        let test = try TestApplication(demo: true)
        let server = try TestServer(test)
        defer { server.stop() }
        let count = { (sql: String) throws -> Int64 in try test.core.read { try $0.scalarInt(sql) } }
        let enterprisesBefore = try count("SELECT count(*) FROM registry_enterprises")

        // 东城镇 registers an enterprise in 西岭镇: refused, nothing written, over HTTP and the CLI.
        let town = server.client(token: try test.token(for: "dongcheng"))
        let body: JSON = .object(["name": "越界登记测试有限公司", "credit_code": "91110000MA01ABCD1X", "territory_id": "西岭镇",
                                  "industry": "manufacturing", "supervising_unit_id": "区应急管理局"])
        let elsewhere = try town.post("/api/v1/org/enterprises", body)
        XCTAssertTrue([403, 422].contains(elsewhere.status), elsewhere.text)
        let cli = test.cli(["org", "enterprises", "add", "--as", "dongcheng", "--name", "越界登记测试有限公司", "--territory", "西岭镇",
                            "--industry", "manufacturing", "--supervising-unit", "区应急管理局"])
        XCTAssertNotEqual(cli.code, 0, cli.out)
        XCTAssertEqual(try count("SELECT count(*) FROM registry_enterprises"), enterprisesBefore)
        XCTAssertEqual(try count("SELECT count(*) FROM kernel_audit WHERE summary LIKE '%越界登记测试%'"), 0, "no audit record of a write that did not happen")

        // qiye adds a post for a person who works at another enterprise: refused without naming them.
        let own = try count("SELECT min(id) FROM registry_enterprises WHERE territory_id = (SELECT id FROM registry_territories WHERE name = '东城镇')")
        let other = try XCTUnwrap(test.core.read { try $0.queryOne("""
            SELECT p.person_id AS id, pe.name AS name FROM registry_posts p JOIN registry_people pe ON pe.id = p.person_id
            WHERE p.enterprise_id IS NOT NULL AND p.enterprise_id <> ? AND NOT EXISTS (SELECT 1 FROM registry_posts q WHERE q.person_id = p.person_id AND q.enterprise_id = ?)
            ORDER BY p.id LIMIT 1
            """, [own, own]) })
        let qiye = server.client(token: try test.token(for: "qiye"))
        let sideways = try qiye.post("/api/v1/org/posts", .object(["person_id": .int(other.requiredInt("id")), "enterprise_id": .int(own), "title": "安全员", "role": "safetyManager"]))
        XCTAssertEqual(sideways.status, 422, sideways.text)
        XCTAssertEqual(sideways.json["errors"]?.arrayValue?.first?["field"], "person_id")
        XCTAssertFalse(sideways.text.contains(other.requiredString("name")))
        XCTAssertEqual(try qiye.get("/api/v1/org/people/\(other.requiredInt("id"))").status, 404, "still out of qiye's sight")
        // A post at another enterprise: the enterprise is not qiye's to point at.
        let otherEnterprise = try count("SELECT max(id) FROM registry_enterprises")
        let abroad = try qiye.post("/api/v1/org/posts", .object(["person_id": .int(other.requiredInt("id")), "enterprise_id": .int(otherEnterprise), "title": "安全员"]))
        XCTAssertEqual(abroad.status, 422, abroad.text)

        // A person just added (no post yet) can be placed at qiye's own enterprise by qiye.
        let added = try qiye.post("/api/v1/org/people", .object(["name": "新入职安全员"]))
        XCTAssertEqual(added.status, 201, added.text)
        let placed = try qiye.post("/api/v1/org/posts", .object(["person_id": .int(try XCTUnwrap(added.json["id"]?.intValue)), "enterprise_id": .int(own), "title": "安全员", "role": "safetyManager"]))
        XCTAssertEqual(placed.status, 201, placed.text)

        // Its own enterprise's record is the office's to change: refused in Chinese, the gloss in good English.
        let moved = try qiye.patch("/api/v1/org/enterprises/\(own)", .object(["supervising_unit_id": "区发改局"]))
        XCTAssertEqual(moved.status, 403, moved.text)
        XCTAssertEqual(moved.json["detail"]?.stringValue, "生产经营单位用户不能修改生产经营单位 (an enterprise user may not change enterprises)")
        let hook = try qiye.post("/api/v1/webhooks", .object(["url": "http://127.0.0.1:1/x", "events": "*"]))
        XCTAssertEqual(hook.status, 403, hook.text)
        XCTAssertTrue(hook.json["detail"]?.stringValue?.contains("(an enterprise user may not use this endpoint") == true, hook.text)
    }
}
