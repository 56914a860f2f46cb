import App
import Foundation
import Kernel
import TestSupport
import XCTest

/// Every role against the kernel's endpoints: exactly what domain.md §1 allows; out of scope is 404.
final class RoleMatrixTests: XCTestCase {
    nonisolated(unsafe) static var test: TestApplication!
    nonisolated(unsafe) static var server: TestServer!
    nonisolated(unsafe) static var tokens: [String: String] = [:]

    override class func setUp() {
        test = try! TestApplication(demo: true)
        server = try! TestServer(test)
        for user in ["admin", "fgj", "yjj", "dongcheng", "xiling", "inspector1", "qiye"] { tokens[user] = try! test.token(for: user) }
    }

    override class func tearDown() {
        server.stop()
        server = nil
        test = nil
    }

    func client(_ user: String) -> HTTPClient { Self.server.client(token: Self.tokens[user]) }

    func testWhoMayReadAndWriteWhat() throws {
        // (method, path, body) → expected status per user.
        let territory: JSON = .object(["name": "矩阵镇", "kind": "town"])
        let cases: [(String, String, JSON?, [String: Int])] = [
            ("GET", "/api/v1/org/units?limit=1", nil, ["admin": 200, "fgj": 200, "dongcheng": 200, "inspector1": 200, "qiye": 200]),
            ("GET", "/api/v1/org/territories?limit=1", nil, ["admin": 200, "fgj": 200, "dongcheng": 200, "inspector1": 200, "qiye": 200]),
            ("GET", "/api/v1/users", nil, ["admin": 200, "fgj": 403, "dongcheng": 403, "inspector1": 403, "qiye": 403]),
            ("GET", "/api/v1/audit", nil, ["admin": 200, "fgj": 403, "dongcheng": 403, "inspector1": 403, "qiye": 403]),
            ("GET", "/api/v1/events", nil, ["admin": 200, "fgj": 403, "dongcheng": 403, "inspector1": 403, "qiye": 403]),
            ("POST", "/api/v1/org/territories", territory, ["fgj": 403, "dongcheng": 403, "inspector1": 403, "qiye": 403, "admin": 201]),
            ("POST", "/api/v1/users", .object(["username": "matrix", "role": "town", "scope": "territory:1", "password": "a good long passphrase"]),
             ["fgj": 403, "qiye": 403, "admin": 201]),
        ]
        for (method, path, body, expected) in cases {
            for (user, status) in expected.sorted(by: { $0.key > $1.key }) {
                let reply = try client(user).send(method, path, json: body)
                XCTAssertEqual(reply.status, status, "\(user) \(method) \(path): \(reply.text)")
                if status == 403 { XCTAssertEqual(reply.header("Content-Type"), "application/problem+json") }
            }
        }
        // The refusal names the role in Chinese and the endpoint, with the route's summary as it is.
        let refused = try client("qiye").get("/api/v1/users")
        XCTAssertEqual(refused.json["detail"]?.stringValue?.hasPrefix("生产经营单位用户无权使用此接口 GET /api/v1/users (an enterprise user may not use this endpoint: "), true, refused.text)
    }

    func testEnterprisesAreScopedAndOutOfScopeIsNotFound() throws {
        let core = Self.test.core
        let dongcheng = try Self.test.id("territories", "东城镇")
        let inTown = try core.read { try $0.scalarInt("SELECT min(id) FROM registry_enterprises WHERE territory_id = ?", [dongcheng]) }
        let elsewhere = try core.read { try $0.scalarInt("SELECT min(id) FROM registry_enterprises WHERE territory_id != ?", [dongcheng]) }
        let fgj = try Self.test.id("units", "区发改局"), yjj = try Self.test.id("units", "区应急管理局")
        let supervisedByYjj = try core.read { try $0.scalarInt("SELECT min(id) FROM registry_enterprises WHERE supervising_unit_id = ?", [yjj]) }

        let townList = try client("dongcheng").get("/api/v1/org/enterprises?limit=200").json["items"]?.arrayValue ?? []
        XCTAssertEqual(Int64(townList.count), try core.read { try $0.scalarInt("SELECT count(*) FROM registry_enterprises WHERE territory_id = ?", [dongcheng]) })
        XCTAssertTrue(townList.allSatisfy { $0["territory_id"] == .int(dongcheng) })
        XCTAssertEqual(try client("dongcheng").get("/api/v1/org/enterprises/\(inTown)").status, 200)
        XCTAssertEqual(try client("dongcheng").get("/api/v1/org/enterprises/\(elsewhere)").status, 404, "another town's enterprise is not found")
        XCTAssertEqual(try client("xiling").get("/api/v1/org/enterprises/\(inTown)").status, 404)

        XCTAssertEqual(try client("yjj").get("/api/v1/org/enterprises/\(supervisedByYjj)").status, 200)
        let fgjList = try client("fgj").get("/api/v1/org/enterprises").json["items"]?.arrayValue ?? []
        XCTAssertTrue(fgjList.allSatisfy { $0["supervising_unit_id"] == .int(fgj) }, "a unit sees only the enterprises it supervises")
        XCTAssertEqual(try client("fgj").get("/api/v1/org/enterprises/\(supervisedByYjj)").status, 404)

        let qiyeList = try client("qiye").get("/api/v1/org/enterprises").json["items"]?.arrayValue ?? []
        XCTAssertEqual(qiyeList.count, 1, "an enterprise sees itself only")
        XCTAssertEqual(qiyeList.first?["id"], .int(inTown))
        // An inspector sees the enterprises of the territories its group covers this quarter (the clock is in 2024-Q1).
        let covered = try core.read { try $0.query("SELECT territory_id FROM access_group_coverage WHERE group_id = 1 AND quarter = '2024-Q1'").compactMap { $0.int("territory_id") } }
        XCTAssertFalse(covered.isEmpty, "the demo's first group covers territories in 2024-Q1")
        let inspectorList = try client("inspector1").get("/api/v1/org/enterprises?limit=200").json["items"]?.arrayValue ?? []
        let expected = try core.read { try $0.scalarInt("SELECT count(*) FROM registry_enterprises WHERE territory_id IN (\(covered.map(String.init).joined(separator: ",")))") }
        XCTAssertEqual(Int64(inspectorList.count), expected)
        XCTAssertTrue(inspectorList.allSatisfy { covered.contains($0["territory_id"]?.intValue ?? -1) })
        let uncovered = try core.read { try $0.scalarInt("SELECT min(id) FROM registry_enterprises WHERE territory_id NOT IN (\(covered.map(String.init).joined(separator: ",")))") }
        XCTAssertEqual(try client("inspector1").get("/api/v1/org/enterprises/\(uncovered)").status, 404)
        XCTAssertEqual(try client("qiye").patch("/api/v1/org/enterprises/\(inTown)", .object(["address": "x"])).status, 403,
                       "an enterprise may not edit the registry")
        XCTAssertEqual(try client("dongcheng").patch("/api/v1/org/enterprises/\(elsewhere)", .object(["address": "x"])).status, 403)
    }

    func testPeopleAreScopedThroughTheirPosts() throws {
        let core = Self.test.core
        let qiyeEnterprise = try core.read { try $0.scalarInt("SELECT min(id) FROM registry_enterprises WHERE territory_id = (SELECT id FROM registry_territories WHERE name = '东城镇')") }
        let people = try client("qiye").get("/api/v1/org/people?limit=200").json["items"]?.arrayValue ?? []
        XCTAssertEqual(people.count, 2, "its principal person and safety manager")
        let ids = people.compactMap { $0["id"]?.intValue }
        let posts = try core.read { try $0.scalarInt("SELECT count(*) FROM registry_posts WHERE enterprise_id = ? AND person_id IN (\(ids.map(String.init).joined(separator: ",")))", [qiyeEnterprise]) }
        XCTAssertEqual(posts, 2)
    }
}
