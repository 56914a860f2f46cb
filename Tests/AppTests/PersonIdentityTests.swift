// A person's resident identity number (issue 20 item 12): 18 characters with a GB 11643 check
// character, optional, unique; personal data shown only to those who may read the person.
import Foundation
import Kernel
import TestSupport
import XCTest

final class PersonIdentityTests: XCTestCase {
    func testTheCheckCharacter() {
        XCTAssertNil(IdentityNumber.problem("11010519491231002X"), "GB 11643's own example")
        XCTAssertNil(IdentityNumber.problem("11010519491231002x"))
        XCTAssertNotNil(IdentityNumber.problem("110105194912310021"), "wrong check character")
        XCTAssertNotNil(IdentityNumber.problem("11010519491231002"), "17 digits")
        XCTAssertNotNil(IdentityNumber.problem("1101051949123100AX"), "letters")
        XCTAssertNotNil(IdentityNumber.problem(IdentityNumber.complete("11010519490231002")!), "no 31 February")
        XCTAssertEqual(IdentityNumber.masked("11010519491231002X"), "110105***********X")
    }

    func testMalformedNumbersAreRefusedOverTheCLIAndHTTP() throws {
        let test = try TestApplication(demo: true)
        let cases: [(String, String)] = [("110105194912310021", "checksum"), ("11010519491231002", "format"), ("1101051949123100AB", "format"),
                                         ("11010519491231002X1", "format"), (IdentityNumber.complete("11010519491332002")!, "checksum"), ("１１０１０５１９４９１２３１００２Ｘ", "format")]
        let server = try TestServer(test)
        defer { server.stop() }
        let office = server.client(token: try test.token(for: "anweiban"))
        for (number, code) in cases {
            let cli = test.cli(["org", "people", "add", "--name", "王某", "--identity-number", number])
            XCTAssertEqual(cli.code, 5, "\(number): \(cli.err)")
            let reply = try office.post("/api/v1/org/people", .object(["name": "王某", "identity_number": .string(number)]))
            XCTAssertEqual(reply.status, 422, number)
            XCTAssertEqual(reply.json["errors"]?.arrayValue?.first?["field"]?.stringValue, "identity_number")
            XCTAssertEqual(reply.json["errors"]?.arrayValue?.first?["code"]?.stringValue, code, number)
            XCTAssertFalse(reply.text.contains(number), "the refusal does not echo the number")
        }
        XCTAssertEqual(try test.core.read { try $0.scalarInt("SELECT count(*) FROM registry_people WHERE name = '王某'") }, 0)
    }

    func testTheNumberIsShownOnlyToThoseWhoMayReadThePerson() throws {
        let test = try TestApplication(demo: true)
        let number = IdentityNumber.complete("32010219800101123")!
        let own = try test.core.read { try $0.scalarInt("SELECT min(id) FROM registry_enterprises WHERE territory_id = (SELECT id FROM registry_territories WHERE name = '东城镇')") }
        let other = try test.core.read { try $0.scalarInt("SELECT min(id) FROM registry_enterprises WHERE territory_id != (SELECT id FROM registry_territories WHERE name = '东城镇')") }
        let added = test.cli(["org", "people", "add", "--name", "周身份", "--identity-number", number.lowercased(), "--json"])
        XCTAssertEqual(added.code, 0, added.err)
        let person = (try JSONParser.parse(added.out))["id"]?.intValue ?? 0
        XCTAssertTrue(added.out.contains(number), "stored with a capital X and shown to the office")
        XCTAssertEqual(test.cli(["org", "posts", "add", "--person", String(person), "--enterprise", String(other), "--title", "安全员", "--role", "safetyManager"]).code, 0)

        let server = try TestServer(test)
        defer { server.stop() }
        let qiye = server.client(token: try test.token(for: "qiye"))
        XCTAssertEqual(try qiye.get("/api/v1/org/people/\(person)").status, 404)
        let list = try qiye.get("/api/v1/org/people?limit=200")
        XCTAssertEqual(list.status, 200)
        XCTAssertFalse(list.text.contains(number), "not in an out-of-scope user's list")
        XCTAssertFalse(test.cli(["org", "people", "list", "--limit", "200", "--json", "--as", "qiye"]).out.contains(number))
        let office = server.client(token: try test.token(for: "anweiban"))
        XCTAssertEqual(try office.get("/api/v1/org/people/\(person)").json["identity_number"]?.stringValue, number)
        // Once the person holds a post in the enterprise, it may read them.
        XCTAssertEqual(test.cli(["org", "posts", "add", "--person", String(person), "--enterprise", String(own), "--title", "安全员", "--role", "safetyManager"]).code, 0)
        XCTAssertEqual(try qiye.get("/api/v1/org/people/\(person)").json["identity_number"]?.stringValue, number)
        // The audit log keeps a masked form only (its digests are of the masked record).
        XCTAssertEqual(RegistrySchemas.people.auditForm(.object(["identity_number": .string(number)]))["identity_number"]?.stringValue, IdentityNumber.masked(number))
        XCTAssertTrue(try test.core.read { try AuditLog.verify($0) }.isIntact)
    }
}
