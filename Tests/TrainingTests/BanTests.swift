// Bans (Law Art 94): a banned person is refused as principal person, naming the ban; existing
// appointments that conflict are flagged; a five-year ban ends.
import Kernel
import TestSupport
import XCTest

final class BanTests: TrainingTestCase {

    func testBannedPersonIsRefusedAsPrincipalPersonNamingTheBan() throws {
        test.clock.set(CalendarDate(year: 2024, month: 6, day: 20)!)
        let chemicals = try test.core.read { try $0.query("SELECT id FROM registry_enterprises WHERE industry = 'hazardousChemicals' ORDER BY id LIMIT 3 OFFSET 5") }
            .map { $0.requiredInt("id") }
        let person = try test.freePerson(10)
        // Appointed first; then the ban flags it.
        let appointment = test.json(["training", "appointments", "add", "--enterprise", String(chemicals[0]), "--person", String(person), "--role", "principalPerson",
                                     "--appointed-on", "2024-01-10"])
        XCTAssertEqual(appointment["status"]?.string, "active")
        let ban = test.json(["training", "bans", "add", "--person", String(person), "--industry", "hazardousChemicals", "--accident-grade", "major",
                             "--source", "事故记录 SG-2024-099", "--starts-on", "2024-05-01"])
        XCTAssertEqual(ban["kind"]?.string, "lifetime", "a major accident bars for life")
        XCTAssertEqual(ban["legal_basis"]?.string, "《安全生产法》第九十四条")
        XCTAssertTrue(ban["conflicts"]?.arrayValue?.contains { $0["source"]?.string == "appointment" && $0["enterprise_id"]?.int == chemicals[0] } ?? false, "\(ban)")
        let flagged = test.json(["training", "appointments", "show", String(appointment["id"]?.int ?? 0)])
        XCTAssertEqual(flagged["status"]?.string, "flagged")
        XCTAssertEqual(flagged["ban_id"]?.int, ban["id"]?.int)

        // A new appointment in the same industry is refused with the reason and the ban's record.
        let refused = test.cli(["training", "appointments", "add", "--enterprise", String(chemicals[1]), "--person", String(person), "--role", "principalPerson"])
        XCTAssertEqual(refused.code, 4)
        XCTAssertTrue(refused.err.contains("ban \(ban["id"]?.int ?? 0)"), refused.err)
        XCTAssertTrue(refused.err.contains("SG-2024-099") && refused.err.contains("第九十四条"), refused.err)
        XCTAssertEqual(try test.scalar("SELECT count(*) FROM training_appointments WHERE enterprise_id = ? AND person_id = ?", [chemicals[1], person]), 0)
        // Over HTTP: 409 with the ban as a problem member.
        let server = try TestServer(test)
        defer { server.stop() }
        let reply = try server.client(token: try test.token(for: "admin")).post("/api/v1/training/appointments",
            .object(["enterprise_id": .int(chemicals[2]), "person_id": .int(person), "role": "principalPerson"]))
        XCTAssertEqual(reply.status, 409)
        XCTAssertEqual(reply.json["ban"]?["id"]?.int, ban["id"]?.int)
        XCTAssertEqual(reply.json["reason"]?.string, "banned")
        // Safety manager is not barred, nor a principal person in another industry.
        XCTAssertEqual(test.cli(["training", "appointments", "add", "--enterprise", String(chemicals[1]), "--person", String(person), "--role", "safetyManager"]).code, 0)
        let commerce = try test.enterprise(industry: "commerce")
        XCTAssertEqual(test.cli(["training", "appointments", "add", "--enterprise", String(commerce.id), "--person", String(person), "--role", "principalPerson"]).code, 0)
    }

    func testFiveYearBanEnds() throws {
        test.clock.set(CalendarDate(year: 2024, month: 6, day: 20)!)
        let e = try test.enterprise(industry: "construction")
        let person = try test.freePerson(11)
        let ban = test.json(["training", "bans", "add", "--person", String(person), "--industry", "construction", "--accident-grade", "general",
                             "--source", "事故记录 SG-2024-100", "--starts-on", "2024-02-01"])
        XCTAssertEqual(ban["kind"]?.string, "term")
        XCTAssertEqual(ban["ends_on"]?.string, "2029-02-01")
        XCTAssertEqual(test.cli(["training", "people", "add", "--person", String(person), "--enterprise", String(e.id), "--role", "principalPerson"]).code, 4)
        test.clock.set(CalendarDate(year: 2029, month: 2, day: 1)!)
        XCTAssertEqual(test.cli(["training", "appointments", "add", "--enterprise", String(e.id), "--person", String(person), "--role", "principalPerson"]).code, 0)
        test.clock.set(CalendarDate(year: 2024, month: 6, day: 20)!)
        let wrong = test.cli(["training", "bans", "add", "--person", String(person), "--industry", "construction", "--kind", "term", "--accident-grade", "major", "--source", "x"])
        XCTAssertEqual(wrong.code, 5, "a major accident cannot give a term ban")
    }
}

extension BanTests {
    func testEnterpriseHeadedByABannedPersonIsRed() throws {
        test.clock.set(CalendarDate(year: 2024, month: 6, day: 20)!)
        let e = try test.enterprise(industry: "fireworks")
        let ban = test.json(["training", "bans", "add", "--person", String(e.principal), "--industry", "fireworks", "--kind", "lifetime",
                             "--source", "事故记录 SG-2024-101", "--starts-on", "2024-06-01"])
        XCTAssertTrue(ban["conflicts"]?.arrayValue?.contains { $0["source"]?.string == "registryPost" && $0["enterprise_id"]?.int == e.id } ?? false, "\(ban)")
        let view = test.json(["training", "enterprises", "show", String(e.id), "--year", "2024"])
        XCTAssertEqual(view["colour"]?.string, "red")
        XCTAssertTrue(view["reasons"]?.arrayValue?.contains { $0.string.contains("is banned") && $0.string.contains("ban \(ban["id"]?.int ?? 0)") } ?? false, "\(view)")
    }
}

extension BanTests {
    /// Law Art 94: a principal person given a criminal penalty or dismissed is barred for five years;
    /// a term ban ending sooner is narrower than the law and is refused, nothing written.
    func testATermBanShorterThanTheLawIsRefused() throws {
        test.clock.set(CalendarDate(year: 2024, month: 6, day: 20)!)
        let person = try test.freePerson(12)
        let before = try test.scalar("SELECT count(*) FROM training_bans", [])
        let short = test.cli(["training", "bans", "add", "--person", String(person), "--industry", "construction", "--kind", "term",
                              "--source", "撤职处分决定", "--starts-on", "2024-06-01", "--ends-on", "2024-06-10"])
        XCTAssertEqual(short.code, 5, short.err)
        XCTAssertTrue(short.err.contains("2029-06-01") && short.err.contains("第九十四条"), short.err)
        XCTAssertEqual(try test.scalar("SELECT count(*) FROM training_bans", []), before)
        let server = try TestServer(test)
        defer { server.stop() }
        let reply = try server.client(token: try test.token(for: "admin")).post("/api/v1/training/bans", .object([
            "person_id": .int(person), "industry": "construction", "kind": "term", "source": "撤职处分决定", "starts_on": "2024-06-01", "ends_on": "2029-05-31"]))
        XCTAssertEqual(reply.status, 422, reply.text)
        XCTAssertEqual(reply.json["errors"]?.arrayValue?.first?["code"]?.string, "term_too_short")
        XCTAssertEqual(try test.scalar("SELECT count(*) FROM training_bans", []), before)
        // Five years, or longer, is taken.
        let full = test.json(["training", "bans", "add", "--person", String(person), "--industry", "construction", "--kind", "term",
                              "--source", "撤职处分决定", "--starts-on", "2024-06-01", "--ends-on", "2029-06-01"])
        XCTAssertEqual(full["ends_on"]?.string, "2029-06-01")
    }
}

extension BanTests {
    /// A principal person who left and was banned meanwhile does not come back as principal person
    /// (Law Art 94, "by any path"): not by `return`, not by clearing `left_on`; other roles do.
    func testABannedPrincipalPersonDoesNotReturnToWorkAsPrincipalPerson() throws {
        test.clock.set(CalendarDate(year: 2024, month: 6, day: 20)!)
        let e = try test.enterprise(industry: "construction")
        let person = try test.freePerson(13), worker = try test.freePerson(14)
        let principal = test.json(["training", "people", "add", "--person", String(person), "--enterprise", String(e.id), "--role", "principalPerson",
                                   "--role-since", "2024-01-10"])
        let manager = test.json(["training", "people", "add", "--person", String(worker), "--enterprise", String(e.id), "--role", "safetyManager",
                                 "--role-since", "2024-01-10"])
        let id = principal["id"]?.int ?? 0
        test.json(["training", "people", "leave", String(id), "--on", "2024-03-01"])
        test.json(["training", "people", "leave", String(manager["id"]?.int ?? 0), "--on", "2024-03-01"])
        for banned in [person, worker] {
            test.json(["training", "bans", "add", "--person", String(banned), "--industry", "construction", "--kind", "term",
                       "--source", "撤职处分决定", "--starts-on", "2024-04-01"])
        }
        let back = test.cli(["training", "people", "return", String(id), "--on", "2024-06-20"])
        XCTAssertEqual(back.code, 4, back.err)
        XCTAssertTrue(back.err.contains("第九十四条") && back.err.contains("不得担任"), back.err)
        let server = try TestServer(test)
        defer { server.stop() }
        let patched = try server.client(token: try test.token(for: "admin")).patch("/api/v1/training/people/\(id)", .object(["left_on": .null]))
        XCTAssertEqual(patched.status, 409, patched.text)
        XCTAssertEqual(patched.json["reason"]?.string, "banned")
        XCTAssertEqual(try test.scalar("SELECT count(*) FROM training_people WHERE id = ? AND left_on = '2024-03-01'", [id]), 1, "still away")
        // A banned safety manager is not barred by Art 94 from returning to that job.
        XCTAssertEqual(test.cli(["training", "people", "return", String(manager["id"]?.int ?? 0), "--on", "2024-06-20"]).code, 0)
    }
}
