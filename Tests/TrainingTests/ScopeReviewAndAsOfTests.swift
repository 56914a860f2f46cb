// Issue 20 items 13 and 17, issue 19 item 13: a response never names a person the caller cannot
// read; an enterprise does not pass its own certificate reviews; the compliance rate counts
// pending people as not yet compliant; compliance as of a past day counts only what existed then,
// with the same bytes whether or not `anwei tick` has run.
import Kernel
import TestSupport
import XCTest

final class ScopeReviewAndAsOfTests: TrainingTestCase {
    var own: Int64 { (try? test.qiyeEnterprise) ?? 0 }

    /// A training person of another enterprise, out of `qiye`'s and `dongcheng`'s scope: registry id and name.
    func outsider() throws -> (id: Int64, name: String, enterprise: Int64) {
        try test.core.read { db in
            let row = try db.queryOne("""
                SELECT x.person_id, p.name, x.enterprise_id FROM training_people x JOIN registry_people p ON p.id = x.person_id
                JOIN registry_enterprises e ON e.id = x.enterprise_id
                WHERE e.territory_id != (SELECT id FROM registry_territories WHERE name = '东城镇')
                  AND NOT EXISTS (SELECT 1 FROM registry_posts q JOIN registry_enterprises f ON f.id = q.enterprise_id
                                  WHERE q.person_id = x.person_id AND f.territory_id = (SELECT id FROM registry_territories WHERE name = '东城镇'))
                ORDER BY x.id LIMIT 1
                """)!
            return (row.requiredInt("person_id"), row.requiredString("name"), row.requiredInt("enterprise_id"))
        }
    }

    func testAnOutOfScopePersonIsNotFoundAndNotNamedOnEveryTrainingWrite() throws {
        let other = try outsider()
        let dongchengEnterprise = try test.scalar("SELECT max(id) FROM registry_enterprises WHERE territory_id = (SELECT id FROM registry_territories WHERE name = '东城镇')")
        let server = try TestServer(test)
        defer { server.stop() }
        let bodies: [(String, JSON)] = [
            ("/api/v1/training/records", .object(["person_id": .int(other.id), "enterprise_id": .int(own), "course": "x", "held_on": "2024-05-01",
                                                   "class_hours": 4, "kind": "refresher"])),
            ("/api/v1/training/people", .object(["person_id": .int(other.id), "enterprise_id": .int(own), "role": "worker"])),
            ("/api/v1/training/certificates", .object(["person_id": .int(other.id), "enterprise_id": .int(own), "category": "welding", "item": "焊接",
                                                        "number": "LEAK-1", "issued_on": "2023-01-01"])),
            ("/api/v1/training/appointments", .object(["person_id": .int(other.id), "enterprise_id": .int(own), "role": "safetyManager"])),
        ]
        for user in ["qiye", "dongcheng"] {
            let client = server.client(token: try test.token(for: user))
            for (path, body) in bodies {
                var body = body
                if user == "dongcheng", case .object(var members) = body {
                    members = members.map { $0.key == "enterprise_id" ? JSON.Member("enterprise_id", .int(dongchengEnterprise)) : $0 }
                    body = .object(members)
                }
                let reply = try client.post(path, body)
                XCTAssertEqual(reply.status, 404, "\(user) \(path): \(reply.text)")
                XCTAssertFalse(reply.text.contains(other.name), "\(user) \(path) names the person: \(reply.text)")
            }
        }
        // The CLI alike.
        let cli = test.cli(["training", "records", "add", "--person", String(other.id), "--enterprise", String(own), "--course", "x",
                            "--held-on", "2024-05-01", "--class-hours", "4", "--kind", "refresher", "--as", "qiye"])
        XCTAssertEqual(cli.code, 3, cli.err)
        XCTAssertFalse(cli.err.contains(other.name) || cli.out.contains(other.name), cli.err)
        XCTAssertEqual(try test.scalar("SELECT count(*) FROM training_records WHERE person_id = ? AND enterprise_id = ?", [other.id, own]), 0)
        // A certificate number used in another enterprise: refused without naming that certificate.
        let existing = try test.core.read { try $0.queryOne("SELECT id, number FROM training_certificates WHERE enterprise_id != ? ORDER BY id LIMIT 1", [self.own])! }
        let manager = try test.scalar("SELECT person_id FROM training_people WHERE enterprise_id = ? AND role = 'safetyManager'", [own])
        let qiye = server.client(token: try test.token(for: "qiye"))
        let duplicate = try qiye.post("/api/v1/training/certificates", .object(["person_id": .int(manager), "enterprise_id": .int(own), "category": "welding",
                                                                                "item": "焊接", "number": .string(existing.requiredString("number")), "issued_on": "2023-01-01"]))
        XCTAssertEqual(duplicate.status, 409, duplicate.text)
        XCTAssertNil(duplicate.json["existing_id"])
        XCTAssertFalse(duplicate.text.contains("certificate \(existing.requiredInt("id"))"), duplicate.text)
        // In scope, the same write succeeds (the office names anyone).
        let office = server.client(token: try test.token(for: "anweiban"))
        XCTAssertEqual(try office.post("/api/v1/training/records", .object(["person_id": .int(other.id), "enterprise_id": .int(other.enterprise), "course": "年度再培训",
                                                                            "held_on": "2024-05-01", "class_hours": 4, "kind": "refresher"])).status, 201)
    }

    func testOnlyAUnitOrTheOfficePassesACertificateReview() throws {
        let manager = try test.scalar("SELECT person_id FROM training_people WHERE enterprise_id = ? AND role = 'safetyManager'", [own])
        func certificate(_ number: String) -> Int64 {
            test.json(["training", "certificates", "add", "--person", String(manager), "--enterprise", String(own), "--category", "electrical",
                       "--item", "低压电工作业", "--number", number, "--issued-on", "2021-07-01"])["id"]?.int ?? -1
        }
        let id = certificate("REVIEW-SELF-1")
        XCTAssertEqual(test.json(["training", "certificates", "show", String(id)])["status"]?.string, "reviewDue")
        // The enterprise itself: refused over the CLI and HTTP; nothing changes.
        let cli = test.cli(["training", "certificates", "review", String(id), "--as", "qiye"])
        XCTAssertEqual(cli.code, 1, cli.err)
        XCTAssertTrue(cli.err.contains("复审合格"), cli.err)
        let server = try TestServer(test)
        defer { server.stop() }
        let qiye = server.client(token: try test.token(for: "qiye"))
        let http = try qiye.post("/api/v1/training/certificates/\(id)/actions/review", .object(["result": "passed"]))
        XCTAssertEqual(http.status, 403, http.text)
        XCTAssertEqual(http.json["reason"]?.stringValue, "reviewer_required")
        let town = server.client(token: try test.token(for: "dongcheng"))
        XCTAssertEqual(try town.post("/api/v1/training/certificates/\(id)/actions/review", .object([:])).status, 403, "passed is the default result")
        XCTAssertEqual(try test.scalar("SELECT count(*) FROM training_certificates WHERE id = ? AND last_reviewed_on IS NULL", [id]), 1)
        // A failed review the enterprise may report; a passed one the office (or the supervising unit) records.
        let failing = certificate("REVIEW-SELF-2")
        XCTAssertEqual(try qiye.post("/api/v1/training/certificates/\(failing)/actions/review", .object(["result": "failed"])).json["status"]?.stringValue, "invalid")
        let office = server.client(token: try test.token(for: "anweiban"))
        let passed = try office.post("/api/v1/training/certificates/\(id)/actions/review", .object(["result": "passed"]))
        XCTAssertEqual(passed.status, 200, passed.text)
        XCTAssertEqual(passed.json["status"]?.stringValue, "valid")
        // The CLI alike, as the office.
        let third = certificate("REVIEW-SELF-3")
        XCTAssertEqual(test.json(["training", "certificates", "review", String(third), "--as", "anweiban"])["status"]?.string, "valid")
    }

    func testTheComplianceRateCountsPendingPeopleAsNotYetCompliant() throws {
        for by in ["territory", "industry", "enterprise"] {
            let rows = test.json(["training", "compliance", "--by", by, "--year", "2024"]).arrayValue ?? []
            XCTAssertFalse(rows.isEmpty)
            for row in rows {
                let people = row["people"]?.int ?? 0, compliant = row["compliant"]?.int ?? 0
                let expected = people == 0 ? 100 : (Double(compliant) * 1000 / Double(people)).rounded() / 10
                XCTAssertEqual(row["compliance_rate"]?.doubleValue, expected, "\(by): \(row)")
            }
        }
        let territories = test.json(["training", "compliance", "--by", "territory", "--year", "2024"]).arrayValue ?? []
        let withPending = territories.first { ($0["pending"]?.int ?? 0) > 0 }
        XCTAssertNotNil(withPending, "the demo has people with hours still to do in 2024")
        if let row = withPending {
            let people = Double(row["people"]?.int ?? 1)
            XCTAssertLessThan(row["compliance_rate"]?.doubleValue ?? 100, Double((row["compliant"]?.int ?? 0) + (row["pending"]?.int ?? 0)) * 100 / people)
            XCTAssertEqual(row["pending_rate"]?.doubleValue, (Double(row["pending"]?.int ?? 0) * 1000 / people).rounded() / 10)
        }
    }

    func testComplianceAsOfAPastDayCountsOnlyWhatExistedThenWhateverTickDid() throws {
        let day = "2024-03-01"
        func asOf(_ by: String) -> String {
            let result = test.cli(["training", "compliance", "--by", by, "--on", day, "--json"])
            XCTAssertEqual(result.code, 0, result.err)
            return result.out
        }
        let before = ["person", "enterprise", "territory", "shortfall"].map(asOf)
        // A special-operation worker with no valid certificate on that day gets one issued later,
        // and a person gets training held later; then the checks run.
        let shortfalls = (try JSONParser.parse(before[3])).arrayValue ?? []
        let lacking = shortfalls.first { $0["rule"]?.string == "certificate" }
        XCTAssertNotNil(lacking, "the demo has a special-operation worker without a certificate on \(day)")
        if let lacking {
            _ = test.json(["training", "certificates", "add", "--person", String(lacking["person_id"]?.int ?? 0), "--enterprise", String(lacking["enterprise_id"]?.int ?? 0),
                           "--category", "electrical", "--item", "低压电工作业", "--number", "ASOF-1", "--issued-on", "2024-04-01"])
            let now = test.json(["training", "compliance", "--by", "shortfall", "--json"]).arrayValue ?? []
            XCTAssertFalse(now.contains { $0["rule"]?.string == "certificate" && $0["person_id"]?.int == lacking["person_id"]?.int }, "today the certificate counts")
        }
        let manager = try test.scalar("SELECT person_id FROM training_people WHERE enterprise_id = ? AND role = 'safetyManager'", [own])
        _ = test.json(["training", "records", "add", "--person", String(manager), "--enterprise", String(own), "--course", "补训", "--held-on", "2024-05-10",
                       "--class-hours", "40", "--kind", "refresher"])
        XCTAssertEqual(test.cli(["tick"]).code, 0)
        XCTAssertEqual(["person", "enterprise", "territory", "shortfall"].map(asOf), before, "as of \(day): the same bytes")
    }
}

extension ScopeReviewAndAsOfTests {
    func testTrainingEventsCarryAChineseSummary() throws {
        XCTAssertEqual(test.cli(["tick"]).code, 0)
        let rows = try test.core.read { try $0.query("SELECT type, payload FROM kernel_events WHERE type LIKE 'training.%' ORDER BY id DESC LIMIT 50") }
        XCTAssertFalse(rows.isEmpty, "the demo's certificates and colours publish on a tick")
        for row in rows {
            let summary = (try JSONParser.parse(row.requiredString("payload")))["summary"]?.stringValue ?? ""
            XCTAssertTrue(summary.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }, "\(row.requiredString("type")): '\(summary)'")
        }
    }
}

extension JSON {
    /// A number as a Double (an integer or a fraction).
    var doubleValue: Double? {
        switch self {
        case .int(let v): return Double(v)
        case .double(let d): return d
        default: return nil
        }
    }
}
