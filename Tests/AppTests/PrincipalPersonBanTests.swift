// Law Art 94 on the registry's paths (issue 20 item 11): a post as principal person and an
// enterprise's principal person are refused for a banned person, over the CLI and HTTP, through
// the kernel's registry rule that Training registers; a namesake entered as a new record is caught
// unless identity numbers tell the two apart (item 12).
import Foundation
import Kernel
import TestSupport
import XCTest

final class PrincipalPersonBanTests: XCTestCase {
    static let bannedIdentity = IdentityNumber.complete("11010519491231002")!   // 11010519491231002X (GB 11643's example)
    static let otherIdentity = IdentityNumber.complete("32010219800101123")!

    func json(_ test: TestApplication, _ arguments: [String], file: StaticString = #filePath, line: UInt = #line) -> JSON {
        let result = test.cli(arguments + ["--json"])
        XCTAssertEqual(result.code, 0, "anwei \(arguments.joined(separator: " ")): \(result.err)", file: file, line: line)
        return (try? JSONParser.parse(result.out)) ?? .null
    }

    func enterprise(_ test: TestApplication, industry: String, offset: Int = 0) throws -> Int64 {
        try test.core.read { try $0.scalarInt("SELECT id FROM registry_enterprises WHERE industry = ? ORDER BY id LIMIT 1 OFFSET ?", [industry, offset]) }
    }

    func count(_ test: TestApplication, _ sql: String, _ arguments: [any DatabaseValueConvertible]) throws -> Int64 {
        try test.core.read { try $0.scalarInt(sql, arguments) }
    }

    func testAFiveYearBanBarsEveryIndustryOnEveryRegistryPath() throws {
        let test = try TestApplication(demo: true, today: CalendarDate(year: 2024, month: 6, day: 20)!)
        let person = json(test, ["org", "people", "add", "--name", "孙禁入", "--identity-number", Self.bannedIdentity])["id"]?.intValue ?? 0
        // A criminal penalty (刑事处罚): five years barred from heading ANY enterprise.
        let ban = json(test, ["training", "bans", "add", "--person", String(person), "--industry", "construction", "--kind", "term",
                              "--source", "刑事判决书 (2024)京0101刑初1号", "--starts-on", "2024-03-01"])
        XCTAssertEqual(ban["ends_on"]?.stringValue, "2029-03-01")
        let commerce = try enterprise(test, industry: "commerce")

        // org posts add --role principalPerson, in another industry: refused, naming the ban; nothing written.
        let refused = test.cli(["org", "posts", "add", "--person", String(person), "--enterprise", String(commerce), "--title", "总经理", "--role", "principalPerson"])
        XCTAssertEqual(refused.code, 4, refused.err)
        XCTAssertTrue(refused.err.contains("禁入记录 \(ban["id"]?.intValue ?? 0)") && refused.err.contains("第九十四条"), refused.err)
        XCTAssertEqual(try count(test, "SELECT count(*) FROM registry_posts WHERE person_id = ?", [person]), 0)
        // A safety manager is not barred; promoting that post to principal person is.
        let post = json(test, ["org", "posts", "add", "--person", String(person), "--enterprise", String(commerce), "--title", "安全员", "--role", "safetyManager"])
        let postID = post["id"]?.intValue ?? 0
        XCTAssertEqual(test.cli(["org", "posts", "update", String(postID), "--role", "principalPerson"]).code, 4)
        XCTAssertEqual(try count(test, "SELECT count(*) FROM registry_posts WHERE id = ? AND role = 'safetyManager'", [postID]), 1)

        // Over HTTP, as the office and as the enterprise itself: 409 with the ban's record.
        let server = try TestServer(test)
        defer { server.stop() }
        let office = server.client(token: try test.token(for: "anweiban"))
        let created = try office.post("/api/v1/org/posts", .object(["person_id": .int(person), "enterprise_id": .int(commerce), "title": "总经理", "role": "principalPerson"]))
        XCTAssertEqual(created.status, 409, created.text)
        XCTAssertEqual(created.json["reason"]?.stringValue, "banned")
        XCTAssertEqual(created.json["ban"]?["id"]?.intValue, ban["id"]?.intValue)
        XCTAssertFalse(created.text.contains(Self.bannedIdentity), "the refusal does not carry the identity number")
        let patched = try office.patch("/api/v1/org/posts/\(postID)", .object(["role": "principalPerson"]))
        XCTAssertEqual(patched.status, 409, patched.text)
        let qiye = server.client(token: try test.token(for: "qiye"))
        let own = try test.core.read { try $0.scalarInt("SELECT min(id) FROM registry_enterprises WHERE territory_id = (SELECT id FROM registry_territories WHERE name = '东城镇')") }
        // The person works for another enterprise: qiye may not take them into its staff at all.
        let sideways = try qiye.post("/api/v1/org/posts", .object(["person_id": .int(person), "enterprise_id": .int(own), "title": "安全员", "role": "safetyManager"]))
        XCTAssertEqual(sideways.status, 422, sideways.text)
        XCTAssertEqual(sideways.json["errors"]?.arrayValue?.first?["code"], "not_found")
        XCTAssertFalse(sideways.text.contains("孙禁入"), "the refusal does not name the person")
        // Once the person also works at qiye's enterprise, making them its principal person is the ban's refusal.
        XCTAssertEqual(try office.post("/api/v1/org/posts", .object(["person_id": .int(person), "enterprise_id": .int(own), "title": "安全员", "role": "safetyManager"])).status, 201)
        let byEnterprise = try qiye.post("/api/v1/org/posts", .object(["person_id": .int(person), "enterprise_id": .int(own), "title": "总经理", "role": "principalPerson"]))
        XCTAssertEqual(byEnterprise.status, 409, byEnterprise.text)

        // An enterprise's principal person (the name on its record): CLI and HTTP.
        let before = try test.core.read { try $0.queryOne("SELECT principal_person, version FROM registry_enterprises WHERE id = ?", [commerce]) }
        let update = test.cli(["org", "enterprises", "update", String(commerce), "--principal-person", "孙禁入"])
        XCTAssertEqual(update.code, 4, update.err)
        XCTAssertTrue(update.err.contains("禁入记录"), update.err)
        let patch = try office.patch("/api/v1/org/enterprises/\(commerce)", .object(["principal_person": "孙禁入"]))
        XCTAssertEqual(patch.status, 409, patch.text)
        let after = try test.core.read { try $0.queryOne("SELECT principal_person, version FROM registry_enterprises WHERE id = ?", [commerce]) }
        XCTAssertEqual(after?.string("principal_person"), before?.string("principal_person"))
        XCTAssertEqual(after?.int("version"), before?.int("version"))
        // Another name is accepted.
        XCTAssertEqual(test.cli(["org", "enterprises", "update", String(commerce), "--principal-person", "钱合规"]).code, 0)

        // A CSV import of posts is all or nothing: the banned row names its line, and nothing is written.
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("posts-\(UUID().uuidString).csv")
        try "person_id,enterprise_id,title,role\n\(person),\(commerce),副经理,deputyLeader\n\(person),\(commerce),总经理,principalPerson\n"
            .write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let imported = test.cli(["org", "posts", "import", file.path])
        XCTAssertNotEqual(imported.code, 0)
        XCTAssertTrue(imported.err.contains("3") && imported.err.contains("禁入记录"), imported.err)
        XCTAssertEqual(try count(test, "SELECT count(*) FROM registry_posts WHERE person_id = ?", [person]), 2, "only the two safety managers' posts")

        // Five years on, the ban has ended.
        test.clock.set(CalendarDate(year: 2029, month: 3, day: 1)!)
        XCTAssertEqual(test.cli(["org", "posts", "update", String(postID), "--role", "principalPerson"]).code, 0)
    }

    func testALifetimeBanBarsTheSameIndustryOnly() throws {
        let test = try TestApplication(demo: true, today: CalendarDate(year: 2024, month: 6, day: 20)!)
        let person = json(test, ["org", "people", "add", "--name", "李终身"])["id"]?.intValue ?? 0
        _ = json(test, ["training", "bans", "add", "--person", String(person), "--industry", "hazardousChemicals", "--accident-grade", "major",
                        "--source", "事故调查报告 SG-2024-007", "--starts-on", "2024-04-01"])
        let chemicals = try enterprise(test, industry: "hazardousChemicals", offset: 2)
        let commerce = try enterprise(test, industry: "commerce", offset: 1)
        XCTAssertEqual(test.cli(["org", "posts", "add", "--person", String(person), "--enterprise", String(chemicals), "--title", "厂长", "--role", "principalPerson"]).code, 4)
        XCTAssertEqual(test.cli(["org", "enterprises", "update", String(chemicals), "--principal-person", "李终身"]).code, 4)
        XCTAssertEqual(test.cli(["org", "posts", "add", "--person", String(person), "--enterprise", String(commerce), "--title", "经理", "--role", "principalPerson"]).code, 0,
                       "a lifetime ban is for the same industry")
        // Moving an enterprise headed by them into the banned industry is a change of principal person's industry: refused.
        XCTAssertEqual(test.cli(["org", "enterprises", "update", String(commerce), "--principal-person", "李终身"]).code, 0)
        XCTAssertEqual(test.cli(["org", "enterprises", "update", String(commerce), "--industry", "hazardousChemicals"]).code, 4)
    }

    func testABannedPersonEnteredAgainIsCaught() throws {
        let test = try TestApplication(demo: true, today: CalendarDate(year: 2024, month: 6, day: 20)!)
        let banned = json(test, ["org", "people", "add", "--name", "孙禁入", "--identity-number", Self.bannedIdentity])["id"]?.intValue ?? 0
        _ = json(test, ["training", "bans", "add", "--person", String(banned), "--industry", "construction", "--kind", "term",
                        "--source", "行政处分决定 撤职", "--starts-on", "2024-03-01"])
        let commerce = try enterprise(test, industry: "commerce")
        // The same identity cannot be entered twice (and the refusal does not repeat the number).
        let again = test.cli(["org", "people", "add", "--name", "孙禁入", "--identity-number", Self.bannedIdentity.lowercased()])
        XCTAssertEqual(again.code, 4, again.err)
        XCTAssertTrue(again.err.contains("identity_number"), again.err)
        XCTAssertFalse(again.err.contains(Self.bannedIdentity), again.err)
        // A new record of the same name with no identity number: caught as a namesake who cannot be told apart.
        let copy = json(test, ["org", "people", "add", "--name", "孙禁入"])["id"]?.intValue ?? 0
        let server = try TestServer(test)
        defer { server.stop() }
        let office = server.client(token: try test.token(for: "anweiban"))
        let namesake = try office.post("/api/v1/org/posts", .object(["person_id": .int(copy), "enterprise_id": .int(commerce), "title": "总经理", "role": "principalPerson"]))
        XCTAssertEqual(namesake.status, 409, namesake.text)
        XCTAssertEqual(namesake.json["reason"]?.stringValue, "banned_namesake")
        XCTAssertEqual(test.cli(["training", "appointments", "add", "--enterprise", String(commerce), "--person", String(copy), "--role", "principalPerson"]).code, 4)
        // Once its own (different) identity number is recorded, it is another person.
        XCTAssertEqual(test.cli(["org", "people", "update", String(copy), "--identity-number", Self.otherIdentity]).code, 0)
        XCTAssertEqual(try office.post("/api/v1/org/posts", .object(["person_id": .int(copy), "enterprise_id": .int(commerce), "title": "总经理",
                                                                      "role": "principalPerson"])).status, 201)
        // The enterprise's principal person by name: the posted, identified namesake is meant, not the banned one.
        XCTAssertEqual(test.cli(["org", "enterprises", "update", String(commerce), "--principal-person", "孙禁入"]).code, 0)
        // Elsewhere the bare name still means whoever bears it, the banned person among them.
        let other = try enterprise(test, industry: "commerce", offset: 1)
        XCTAssertEqual(test.cli(["org", "enterprises", "update", String(other), "--principal-person", "孙禁入"]).code, 4)
    }
}
