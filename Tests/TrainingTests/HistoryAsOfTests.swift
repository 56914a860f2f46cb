// Issue 19 item 13: a certificate review (复审), a revocation and an exam score recorded after a
// past day do not show on that day. Compliance, the certificate list and one certificate as of
// the day are the same bytes over the CLI and HTTP before and after they are recorded, and after
// `anwei tick --at` a later date; today shows the new state.
import Kernel
import TestSupport
import XCTest

final class HistoryAsOfTests: TrainingTestCase {
    static let day = "2024-03-01"

    /// The first certificate issued by `day` with `status` today.
    func certificate(status: String) throws -> JSON {
        let items = test.json(["training", "certificates", "list", "--status", status, "--limit", "200"]).arrayValue ?? []
        let found = items.first { ($0["issued_on"]?.string ?? "9") <= Self.day && $0["type"]?.string == "specialOperation" }
        return try XCTUnwrap(found, "the demo has a \(status) certificate issued by \(Self.day)")
    }

    func testAReviewARevocationAndAnExamRecordedLaterDoNotChangeAPastDay() throws {
        let day = Self.day
        let due = try certificate(status: "reviewDue"), valid = try certificate(status: "valid")
        let dueID = String(due["id"]?.int ?? 0), validID = String(valid["id"]?.int ?? 0)
        // A refresher held before the day, its exam not yet taken: on the day its hours count.
        let own = try test.qiyeEnterprise
        let manager = try test.scalar("SELECT person_id FROM training_people WHERE enterprise_id = ? AND role = 'safetyManager'", [own])
        let record = test.json(["training", "records", "add", "--person", String(manager), "--enterprise", String(own), "--course", "年度再培训(补考前)",
                                "--held-on", "2024-02-10", "--class-hours", "8", "--kind", "refresher"])
        let recordID = String(record["id"]?.int ?? 0)
        XCTAssertEqual(record["counts"], .bool(true))

        let server = try TestServer(test)
        defer { server.stop() }
        let office = server.client(token: try test.token(for: "anweiban"))
        let cliViews: [[String]] = [
            ["training", "compliance", "--by", "person", "--on", day, "--json"],
            ["training", "compliance", "--by", "enterprise", "--on", day, "--json"],
            ["training", "compliance", "--by", "shortfall", "--on", day, "--json"],
            ["training", "certificates", "list", "--on", day, "--limit", "200", "--json"],
            ["training", "certificates", "show", dueID, "--on", day, "--json"],
            ["training", "certificates", "show", validID, "--on", day, "--json"],
        ]
        let paths = [
            "/api/v1/training/compliance?by=person&on=\(day)", "/api/v1/training/compliance?on=\(day)",
            "/api/v1/training/certificates?on=\(day)&limit=200", "/api/v1/training/certificates?on=\(day)&status=valid&limit=200",
            "/api/v1/training/certificates/\(dueID)?on=\(day)", "/api/v1/training/certificates/\(validID)?on=\(day)",
        ]
        func views() throws -> [String] {
            let cli = cliViews.map { arguments -> String in
                let result = test.cli(arguments)
                XCTAssertEqual(result.code, 0, "\(arguments): \(result.err)")
                return result.out
            }
            let http = try paths.map { path -> String in
                let reply = try office.get(path)
                XCTAssertEqual(reply.status, 200, "\(path): \(reply.text)")
                return reply.text
            }
            return cli + http
        }
        let before = try views()
        let dueThen = try JSONParser.parse(before[4]), validThen = try JSONParser.parse(before[5])
        XCTAssertEqual(validThen["status"]?.string, "valid")
        XCTAssertNil(dueThen["last_reviewed_on"]?.stringValue)

        // Recorded today (2024-06-20): the review (CLI), the revocation (HTTP), a failed exam (CLI).
        let reviewed = test.json(["training", "certificates", "review", dueID, "--as", "anweiban"])
        XCTAssertEqual(reviewed["status"]?.string, "valid")
        XCTAssertEqual(reviewed["last_reviewed_on"]?.string, "2024-06-20")
        let revoked = try office.post("/api/v1/training/certificates/\(validID)/actions/revoke", .object(["reason": "违章作业被吊销"]))
        XCTAssertEqual(revoked.status, 200, revoked.text)
        XCTAssertEqual(revoked.json["status"]?.stringValue, "invalid")
        let exam = test.json(["training", "records", "exam", recordID, "--score", "50"])
        XCTAssertEqual(exam["exam"]?.string, "awaitingMakeUp")
        XCTAssertEqual(exam["counts"], .bool(false))

        let after = try views()
        for (index, view) in after.enumerated() {
            XCTAssertEqual(view, before[index], "as of \(day), view \(index) is unchanged by what was recorded later")
        }
        XCTAssertEqual(test.cli(["tick", "--at", "2024-12-31"]).code, 0)
        let ticked = try views()
        for (index, view) in ticked.enumerated() {
            XCTAssertEqual(view, before[index], "as of \(day), view \(index) is unchanged by tick --at 2024-12-31")
        }

        // Today: the new state.
        let dueNow = test.json(["training", "certificates", "show", dueID])
        XCTAssertEqual(dueNow["status"]?.string, "valid")
        XCTAssertEqual(dueNow["last_reviewed_on"]?.string, "2024-06-20")
        XCTAssertNotEqual(dueNow["next_review_on"]?.string, dueThen["next_review_on"]?.string, "the review moved the next review on")
        let validNow = try office.get("/api/v1/training/certificates/\(validID)")
        XCTAssertEqual(validNow.json["status"]?.stringValue, "invalid")
        XCTAssertTrue((validNow.json["reason"]?.stringValue ?? "").contains("违章作业被吊销"), validNow.text)
        let revokedToday = test.json(["training", "certificates", "list", "--status", "invalid", "--person", String(valid["person_id"]?.int ?? 0)]).arrayValue ?? []
        XCTAssertTrue(revokedToday.contains { $0["id"]?.int == valid["id"]?.int })
        // The same day asked explicitly (`on` = today) is today's answer.
        XCTAssertEqual(test.cli(["training", "certificates", "show", validID, "--on", "2024-06-20", "--json"]).out,
                       test.cli(["training", "certificates", "show", validID, "--json"]).out)
    }

    func testACertificateIssuedAfterTheDayIsNotThereOnIt() throws {
        let own = try test.qiyeEnterprise
        let manager = try test.scalar("SELECT person_id FROM training_people WHERE enterprise_id = ? AND role = 'safetyManager'", [own])
        let added = test.json(["training", "certificates", "add", "--person", String(manager), "--enterprise", String(own), "--category", "electrical",
                               "--item", "低压电工作业", "--number", "HIST-LATER-1", "--issued-on", "2024-04-01"])
        let id = String(added["id"]?.int ?? 0)
        let cli = test.cli(["training", "certificates", "show", id, "--on", Self.day])
        XCTAssertEqual(cli.code, 3, cli.err)
        XCTAssertTrue(cli.err.contains("尚未签发"), cli.err)
        let listed = test.json(["training", "certificates", "list", "--person", String(manager), "--on", Self.day]).arrayValue ?? []
        XCTAssertFalse(listed.contains { $0["id"]?.int == added["id"]?.int })
        let server = try TestServer(test)
        defer { server.stop() }
        let office = server.client(token: try test.token(for: "anweiban"))
        XCTAssertEqual(try office.get("/api/v1/training/certificates/\(id)?on=\(Self.day)").status, 404)
        XCTAssertEqual(try office.get("/api/v1/training/certificates/\(id)?on=2024-04-01").status, 200)
        let future = try office.get("/api/v1/training/certificates/\(id)?on=2024-12-01")
        XCTAssertEqual(future.status, 422, future.text)
    }
}
