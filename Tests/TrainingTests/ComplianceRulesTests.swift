// The hour rules (Order 3 Art 9, 13) in an ordinary and a high-risk industry, judged with a moved
// clock, with each shortfall explained; exams with one make-up; the enterprise turning red.
import Kernel
import TestSupport
import XCTest

final class ComplianceRulesTests: TrainingTestCase {

    @discardableResult
    func train(_ person: Int64, _ enterprise: Int64, _ on: String, _ hours: String, _ kind: String, level: String? = nil, exam: String? = nil) -> JSON {
        var args = ["training", "records", "add", "--person", String(person), "--enterprise", String(enterprise), "--course", "课程 \(kind)",
                    "--held-on", on, "--class-hours", hours, "--kind", kind, "--provider", "区安全生产培训中心"]
        if let level { args += ["--level", level] }
        if let exam { args += ["--exam-score", exam] }
        return test.json(args)
    }

    func person(_ person: Int64, _ year: String, _ enterprise: Int64) -> JSON? {
        test.json(["training", "compliance", "--by", "person", "--year", year, "--enterprise", String(enterprise)]).arrayValue?
            .first { $0["person_id"]?.int == person }
    }

    /// A person from the registry given a fresh training role in `enterprise`.
    func newRole(_ offset: Int, _ enterprise: Int64, role: String, since: String) throws -> Int64 {
        let id = try test.freePerson(offset)
        test.json(["training", "people", "add", "--person", String(id), "--enterprise", String(enterprise), "--role", role, "--role-since", since, "--hired-on", since])
        return id
    }

    func testManagerHoursInAnOrdinaryIndustry() throws {
        test.clock.set(CalendarDate(year: 2024, month: 6, day: 20)!)
        let e = try test.enterprise(industry: "commerce")
        let manager = try newRole(0, e.id, role: "safetyManager", since: "2022-02-01")
        train(manager, e.id, "2022-03-10", "32", "initial", exam: "88")
        train(manager, e.id, "2023-05-10", "12", "refresher")
        train(manager, e.id, "2024-04-10", "8", "refresher")
        let name = try test.core.read { try $0.queryOne("SELECT name FROM registry_people WHERE id = ?", [manager])?.requiredString("name") } ?? ""
        let y2023 = person(manager, "2023", e.id)
        XCTAssertEqual(y2023?["status"]?.string, "compliant", "32 h initial and 12 h in 2023 meet the ordinary rule")
        let y2024 = person(manager, "2024", e.id)
        XCTAssertEqual(y2024?["status"]?.string, "pending", "the year is not over: short but not yet overdue")
        XCTAssertEqual(y2024?["shortfalls"]?.arrayValue?.first?.string, "\(name), safety manager, 2024: 8 of 12 refresher hours")
        // Seen after the year ends, the same shortfall is overdue.
        test.clock.set(CalendarDate(year: 2025, month: 1, day: 5)!)
        XCTAssertEqual(person(manager, "2024", e.id)?["status"]?.string, "shortfall")
        test.clock.set(CalendarDate(year: 2024, month: 6, day: 20)!)
    }

    func testManagerAndWorkerHoursInAHighRiskIndustry() throws {
        test.clock.set(CalendarDate(year: 2024, month: 6, day: 20)!)
        let e = try test.enterprise(industry: "hazardousChemicals")
        let manager = try newRole(1, e.id, role: "safetyManager", since: "2023-01-01")
        train(manager, e.id, "2023-02-01", "32", "initial", exam: "90")
        let shortfalls = person(manager, "2023", e.id)?["shortfalls"]?.arrayValue?.map(\.string) ?? []
        XCTAssertTrue(shortfalls.contains { $0.hasSuffix("2023: 32 of 48 initial hours, due 2023-07-03") }, "\(shortfalls)")
        train(manager, e.id, "2023-03-01", "16", "initial", exam: "85")
        XCTAssertEqual(person(manager, "2023", e.id)?["status"]?.string, "compliant")
        train(manager, e.id, "2024-03-01", "12", "refresher")
        XCTAssertTrue(person(manager, "2024", e.id)?["shortfalls"]?.arrayValue?.first?.string.hasSuffix("2024: 12 of 16 refresher hours") ?? false)

        // A new worker in a high-risk enterprise: 72 h over three levels before the job, then 20 h a year.
        let worker = try newRole(2, e.id, role: "newWorker", since: "2023-04-01")
        train(worker, e.id, "2023-03-20", "24", "newWorker", level: "plant")
        let missing = person(worker, "2023", e.id)?["shortfalls"]?.arrayValue?.map(\.string) ?? []
        XCTAssertTrue(missing.contains { $0.contains("2023: 24 of 72 pre-job hours") }, "\(missing)")
        train(worker, e.id, "2023-03-22", "30", "newWorker", level: "workshop")
        train(worker, e.id, "2023-03-24", "18", "newWorker", level: "team")
        XCTAssertEqual(person(worker, "2023", e.id)?["status"]?.string, "compliant")
        let y2024 = person(worker, "2024", e.id)?["shortfalls"]?.arrayValue?.map(\.string) ?? []
        XCTAssertTrue(y2024.contains { $0.hasSuffix("2024: 0 of 20 refresher hours") }, "\(y2024)")

        // The same worker in an ordinary industry would owe 24 h and no yearly hours.
        let ordinary = try test.enterprise(industry: "commerce")
        let clerk = try newRole(3, ordinary.id, role: "newWorker", since: "2023-04-01")
        train(clerk, ordinary.id, "2023-03-20", "12", "newWorker", level: "plant")
        train(clerk, ordinary.id, "2023-03-21", "8", "newWorker", level: "workshop")
        train(clerk, ordinary.id, "2023-03-22", "4", "newWorker", level: "team")
        XCTAssertEqual(person(clerk, "2023", ordinary.id)?["status"]?.string, "compliant")
        XCTAssertEqual(person(clerk, "2024", ordinary.id)?["status"]?.string, "compliant")
    }

    func testExamPassMarkAndOneMakeUp() throws {
        test.clock.set(CalendarDate(year: 2024, month: 6, day: 20)!)
        let e = try test.enterprise(industry: "education")
        let manager = try newRole(4, e.id, role: "principalPerson", since: "2024-01-10")
        let record = train(manager, e.id, "2024-02-01", "32", "initial")
        let id = String(record["id"]?.int ?? 0)
        XCTAssertEqual(test.json(["training", "records", "exam", id, "--score", "72"])["exam"]?.string, "awaitingMakeUp")
        XCTAssertTrue(person(manager, "2024", e.id)?["shortfalls"]?.arrayValue?.first?.string.contains("0 of 32 initial hours") ?? false,
                      "a failed exam does not count until the make-up passes")
        XCTAssertEqual(test.json(["training", "records", "exam", id, "--score", "80"])["exam"]?.string, "passed", "80 of 100 passes")
        XCTAssertEqual(person(manager, "2024", e.id)?["status"]?.string, "compliant")
        let third = test.cli(["training", "records", "exam", id, "--score", "95"])
        XCTAssertEqual(third.code, 4, "no attempt after a pass")
        let bad = test.cli(["training", "records", "add", "--person", String(manager), "--enterprise", String(e.id), "--course", "x",
                            "--held-on", "2024-02-30", "--class-hours", "-2", "--kind", "newWorker"])
        XCTAssertEqual(bad.code, 5)
        for field in ["held_on", "class_hours"] { XCTAssertTrue(bad.err.contains(field), "\(field) named in: \(bad.err)") }
        // Once the declared types are right, the rule the declaration cannot state: a new worker's training names its level.
        let noLevel = test.cli(["training", "records", "add", "--person", String(manager), "--enterprise", String(e.id), "--course", "x",
                                "--held-on", "2024-02-28", "--class-hours", "2", "--kind", "newWorker"])
        XCTAssertEqual(noLevel.code, 5)
        XCTAssertTrue(noLevel.err.contains("level") && noLevel.err.contains("厂级"), noLevel.err)
    }

    func testEnterpriseTurnsRedAndPublishesOnce() throws {
        test.clock.set(CalendarDate(year: 2024, month: 6, day: 20)!)
        let e = try test.enterprise(industry: "agriculture")
        let manager = try newRole(5, e.id, role: "safetyManager", since: "2023-09-01")
        let view = test.json(["training", "enterprises", "show", String(e.id), "--year", "2024"])
        XCTAssertEqual(view["colour"]?.string, "red")
        XCTAssertTrue(view["reasons"]?.arrayValue?.contains { $0.string.contains("safety manager") && $0.string.contains("0 of 32 initial hours") } ?? false, "\(view)")
        _ = try test.app.tick()
        _ = try test.app.tick()
        let events = try test.core.read { db in
            try db.scalarInt("SELECT count(*) FROM kernel_events WHERE type = 'training.compliance.red' AND json_extract(payload, '$.enterprise_id') = ? AND json_extract(payload, '$.year') = 2024", [e.id])
        }
        XCTAssertEqual(events, 1, "turning red publishes one event for Supervision to count")
        let name = try test.core.read { try $0.queryOne("SELECT name FROM registry_people WHERE id = ?", [manager])?.requiredString("name") } ?? "?"
        XCTAssertTrue(view["reasons"]?.arrayValue?.contains { $0.string.contains(name) } ?? false)
        train(manager, e.id, "2024-06-01", "32", "initial", exam: "91")
        let after = test.json(["training", "enterprises", "show", String(e.id), "--year", "2024"])
        XCTAssertFalse(after["reasons"]?.arrayValue?.contains { $0.string.contains(name) } ?? true, "trained: no longer a reason")
    }
}
