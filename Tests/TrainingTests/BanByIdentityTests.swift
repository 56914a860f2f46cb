// A ban recorded by the identity number in the judgment (issue 20 item 12): it falls on the record
// holding that number, whatever its name; an unknown or malformed number is refused.
import Kernel
import TestSupport
import XCTest

final class BanByIdentityTests: TrainingTestCase {
    func testABanIsRecordedByIdentityNumber() throws {
        let number = IdentityNumber.complete("44030419850612301")!
        let person = test.json(["org", "people", "add", "--name", "赵判决", "--identity-number", number])["id"]?.int ?? -1
        let ban = test.json(["training", "bans", "add", "--identity-number", number, "--industry", "nonCoalMining", "--kind", "term",
                             "--source", "刑事判决书 (2024)粤0304刑初9号", "--starts-on", "2024-02-01", "--as", "anweiban"])
        XCTAssertEqual(ban["person_id"]?.int, person)
        XCTAssertFalse(ban.serialized.contains(number), "the ban does not carry the number")
        let other = try test.freePerson(12)
        let mismatch = test.cli(["training", "bans", "add", "--identity-number", number, "--person", String(other), "--industry", "nonCoalMining", "--source", "x"])
        XCTAssertEqual(mismatch.code, 5, mismatch.err)
        XCTAssertTrue(mismatch.err.contains("identity_mismatch") || mismatch.err.contains("不符"), mismatch.err)
        let server = try TestServer(test)
        defer { server.stop() }
        let office = server.client(token: try test.token(for: "anweiban"))
        let unknown = try office.post("/api/v1/training/bans", .object(["identity_number": .string(IdentityNumber.complete("44030419850612302")!),
                                                                        "industry": "nonCoalMining", "source": "x"]))
        XCTAssertEqual(unknown.status, 404, unknown.text)
        let malformed = try office.post("/api/v1/training/bans", .object(["identity_number": "4403041985061230", "industry": "nonCoalMining", "source": "x"]))
        XCTAssertEqual(malformed.status, 422)
        XCTAssertEqual(malformed.json["errors"]?.arrayValue?.first?["code"]?.stringValue, "format")
        let neither = try office.post("/api/v1/training/bans", .object(["industry": "nonCoalMining", "source": "x"]))
        XCTAssertEqual(neither.status, 422)
        XCTAssertEqual(neither.json["errors"]?.arrayValue?.first?["field"]?.stringValue, "person_id")
        XCTAssertEqual(neither.json["errors"]?.arrayValue?.first?["code"]?.stringValue, "person_or_identity")
        XCTAssertEqual(try test.scalar("SELECT count(*) FROM training_bans WHERE person_id IN (?, ?)", [person, other]), 1)
    }
}
