// The server keeps the roll-ups by territory and industry while nothing they judge has changed
// (ComplianceRollUpCache, Training 009's count of changes): after each kind of write — an
// enterprise moved to another territory, a record added, a person's role changed, a
// certificate revoked — and on another day, what the server answers is what the CLI, which
// judges every time, answers.
import CLI
import Kernel
import TestSupport
import XCTest

final class ComplianceRollUpCacheTests: TrainingTestCase {
    func testTheKeptRollUpsFollowEveryChangeAndDay() throws {
        let server = try TestServer(test)
        defer { server.stop() }
        let cases: [(user: String, query: String)] = [("anweiban", "by=territory&year=2024"), ("anweiban", "by=industry&year=2024"),
                                                        ("dongcheng", "by=territory&year=2024"), ("yjj", "by=industry"),
                                                        ("anweiban", "by=territory&year=2023"), ("anweiban", "by=territory&year=2024&on=2024-03-01")]
        /// The server's rows and the CLI's for every case, compared; the server's returned.
        func compare(_ step: String) throws -> [[JSON]] {
            try cases.map { user, query in
                let reply = try server.client(token: try test.token(for: user)).get("/api/v1/training/compliance?\(query)")
                XCTAssertEqual(reply.status, 200, reply.text)
                let served = reply.json["items"]?.arrayValue ?? []
                var arguments = ["training", "compliance", "--as", user, "--json"]
                for pair in query.split(separator: "&") {
                    let parts = pair.split(separator: "=")
                    arguments += ["--\(parts[0])", String(parts[1])]
                }
                let cli = test.cli(arguments)
                XCTAssertEqual(cli.code, 0, cli.err)
                XCTAssertEqual(served, try JSONParser.parse(cli.out).arrayValue ?? [], "\(step): \(user) \(query)")
                XCTAssertGreaterThan(served.count, 0, "\(step): \(user) \(query)")
                return served
            }
        }
        let first = try compare("first")
        XCTAssertEqual(try compare("again"), first, "unchanged: the same rows")

        let e = try test.enterprise(industry: "education")
        let other = try test.scalar("SELECT min(id) FROM registry_territories WHERE id <> (SELECT territory_id FROM registry_enterprises WHERE id = ?)", [e.id])
        XCTAssertEqual(test.cli(["org", "enterprises", "update", String(e.id), "--territory", String(other), "--industry", "hazardousChemicals"]).code, 0)
        XCTAssertNotEqual(try compare("an enterprise moved to another territory and industry"), first)

        let record = test.cli(["training", "records", "add", "--person", String(e.manager), "--enterprise", String(e.id), "--course", "危化品安全管理",
                               "--held-on", "2024-05-01", "--class-hours", "48", "--kind", "initial"])
        XCTAssertEqual(record.code, 0, record.err)
        _ = try compare("a record added")

        let person = try test.scalar("SELECT id FROM training_people WHERE enterprise_id = ? AND person_id = ?", [e.id, e.principal])
        let role = try server.client(token: try test.token(for: "admin")).patch("/api/v1/training/people/\(person)", .object(["role": "safetyManager"]))
        XCTAssertEqual(role.status, 200, role.text)
        _ = try compare("a person's role changed")

        let certificate = try test.scalar("SELECT min(id) FROM training_certificates WHERE invalid_reason IS NULL")
        let revoked = test.cli(["training", "certificates", "revoke", String(certificate), "--reason", "考试舞弊"])
        XCTAssertEqual(revoked.code, 0, revoked.err)
        _ = try compare("a certificate revoked")

        test.clock.set(CalendarDate(year: 2024, month: 12, day: 31)!)
        _ = try compare("another day")
    }
}
