// A certificate through its life with a moved clock: reminders at 90/60/30/7 days once each,
// review due → expired → invalid with one event each, the 10-year extension, renewal on review.
import Kernel
import TestSupport
import XCTest

final class CertificateLifecycleTests: TrainingTestCase {
    override class var today: CalendarDate { CalendarDate(year: 2023, month: 11, day: 1)! }

    func addCertificate(issued: String, number: String, extra: [String] = []) throws -> Int64 {
        let e = try test.enterprise(industry: "manufacturing")
        let record = test.json(["training", "certificates", "add", "--person", String(e.manager), "--enterprise", String(e.id), "--category", "welding",
                                "--item", "熔化焊接与热切割作业", "--number", number, "--issued-on", issued] + extra)
        return record["id"]?.int ?? -1
    }

    func status(_ id: Int64) -> JSON { test.json(["training", "certificates", "show", String(id)]) }

    func testReviewDueThenExpiredThenInvalidWithRemindersOnceEach() throws {
        test.clock.set(CalendarDate(year: 2023, month: 11, day: 1)!)
        let id = try addCertificate(issued: "2021-03-01", number: "T-LIFE-1")
        XCTAssertEqual(status(id)["status"]?.string, "valid")
        XCTAssertEqual(status(id)["next_review_on"]?.string, "2024-03-01")
        _ = try test.app.tick()
        XCTAssertEqual(try test.certificateEvents("training.certificate.expiring", id).count, 0, "121 days ahead: no reminder yet")

        test.clock.set(CalendarDate(year: 2023, month: 12, day: 5)!)   // 87 days left
        _ = try test.app.tick()
        _ = try test.app.tick()
        var expiring = try test.certificateEvents("training.certificate.expiring", id)
        XCTAssertEqual(expiring.count, 1, "the 90-day reminder fires once however often the check runs")
        XCTAssertEqual(expiring.first?["days_left"]?.int, 87)
        XCTAssertEqual(expiring.first?["kind"]?.string, "review")
        XCTAssertEqual(status(id)["status"]?.string, "valid")

        test.clock.set(CalendarDate(year: 2024, month: 1, day: 15)!)   // 46 days left: in the 60-day window
        _ = try test.app.tick()
        XCTAssertEqual(status(id)["status"]?.string, "reviewDue")
        test.clock.set(CalendarDate(year: 2024, month: 2, day: 28)!)   // 2 days left: 30 and 7 reached at once, one reminder
        _ = try test.app.tick()
        expiring = try test.certificateEvents("training.certificate.expiring", id)
        XCTAssertEqual(expiring.map { $0["days_left"]?.int }, [87, 46, 2])
        _ = try test.app.tick()
        XCTAssertEqual(try test.certificateEvents("training.certificate.expiring", id).count, 3)

        test.clock.set(CalendarDate(year: 2024, month: 3, day: 1)!)    // due today is not overdue
        XCTAssertEqual(status(id)["status"]?.string, "reviewDue")
        test.clock.set(CalendarDate(year: 2024, month: 3, day: 2)!)
        XCTAssertEqual(status(id)["status"]?.string, "expired")
        _ = try test.app.tick()
        _ = try test.app.tick()
        var expired = try test.certificateEvents("training.certificate.expired", id)
        XCTAssertEqual(expired.map { $0["status"]?.string }, ["expired"])
        XCTAssertEqual(expired.first?["date"]?.string, "2024-03-01")

        test.clock.set(CalendarDate(year: 2024, month: 4, day: 15)!)
        let shown = status(id)
        XCTAssertEqual(shown["status"]?.string, "invalid")
        XCTAssertTrue(shown["reason"]?.string.contains("2024-03-01") ?? false, shown["reason"]?.string ?? "")
        _ = try test.app.tick()
        _ = try test.app.tick()
        expired = try test.certificateEvents("training.certificate.expired", id)
        XCTAssertEqual(expired.map { $0["status"]?.string }, ["expired", "invalid"])

        // An invalid certificate cannot be reviewed: 409 naming its state.
        let refused = test.cli(["training", "certificates", "review", String(id), "--on", "2024-04-15"])
        XCTAssertEqual(refused.code, 4)
        XCTAssertTrue(refused.err.contains("invalid"), refused.err)
    }

    func testTenYearsOfCompliantWorkStretchReviewsToSixYears() throws {
        test.clock.set(CalendarDate(year: 2023, month: 11, day: 1)!)
        let ordinary = try addCertificate(issued: "2020-01-10", number: "T-EXT-1", extra: ["--compliant-since", "2016-01-01"])
        let extended = try addCertificate(issued: "2020-01-10", number: "T-EXT-2", extra: ["--compliant-since", "2012-05-01"])
        XCTAssertEqual(status(ordinary)["next_review_on"]?.string, "2023-01-10")
        XCTAssertEqual(status(ordinary)["review_interval_years"]?.int, 3)
        XCTAssertEqual(status(ordinary)["status"]?.string, "invalid", "7 years of compliant work: the 2023 review was owed and missed")
        let stretched = status(extended)
        XCTAssertEqual(stretched["review_interval_years"]?.int, 6)
        XCTAssertEqual(stretched["next_review_on"]?.string, "2026-01-10", "no 2023 review: the next is the renewal at the end of validity")
        XCTAssertEqual(stretched["status"]?.string, "valid")
        XCTAssertTrue(stretched["reason"]?.string.contains("2012-05-01") ?? false)
    }

    func testRenewalReviewExtendsValidityAndEarlyReviewIsRefused() throws {
        test.clock.set(CalendarDate(year: 2024, month: 3, day: 1)!)
        let id = try addCertificate(issued: "2018-07-01", number: "T-RENEW-1", extra: ["--reviewed-for", "2021-07-01", "--last-reviewed-on", "2021-06-10"])
        XCTAssertEqual(status(id)["next_review_on"]?.string, "2024-07-01")
        let early = test.cli(["training", "certificates", "review", String(id), "--on", "2024-03-01"])
        XCTAssertEqual(early.code, 4, "before the 60-day window")
        XCTAssertTrue(early.err.contains("2024-05-02"), early.err)

        test.clock.set(CalendarDate(year: 2024, month: 6, day: 15)!)
        XCTAssertEqual(status(id)["status"]?.string, "reviewDue")
        let reviewed = test.json(["training", "certificates", "review", String(id), "--on", "2024-06-15"])
        XCTAssertEqual(reviewed["status"]?.string, "valid")
        XCTAssertEqual(reviewed["valid_to"]?.string, "2030-07-01")
        XCTAssertEqual(reviewed["next_review_on"]?.string, "2027-07-01")
        XCTAssertEqual(reviewed["last_reviewed_on"]?.string, "2024-06-15")
    }

    func testCategoryOutsideTheCatalogueIsRefused() throws {
        let e = try test.enterprise(industry: "manufacturing")
        let result = test.cli(["training", "certificates", "add", "--person", String(e.manager), "--enterprise", String(e.id), "--category", "driving",
                               "--item", "x", "--number", "T-BAD-1", "--issued-on", "2021-01-01"])
        XCTAssertEqual(result.code, 5)
        XCTAssertTrue(result.err.contains("category"), result.err)
        let equipment = test.json(["training", "certificates", "add", "--person", String(e.manager), "--enterprise", String(e.id), "--type", "specialEquipment",
                                   "--category", "N1", "--item", "叉车司机", "--number", "TZ-1", "--issued-on", "2022-01-01"])
        XCTAssertEqual(equipment["type"]?.string, "specialEquipment")
        XCTAssertEqual(equipment["valid_to"]?.string, "2026-01-01")
    }
}
