// The importer end to end on a demo registry: the seed's figures, clauses with resolved unit ids,
// idempotence, dry run, GB18030, and malformed input that writes nothing.
import Foundation
import Kernel
import TestSupport
import XCTest
@testable import Responsibilities

final class PlanImportServiceTests: ResponsibilitiesTestCase {
    override class func makeApplication() throws -> TestApplication { try LedgerTestSupport.demoWithoutPlan(today: CalendarDate(year: 2024, month: 2, day: 1)!) }

    private func importSeed(_ test: TestApplication, _ extra: [String] = []) throws -> JSON {
        let run = test.cli(["responsibilities", "plan", "import", LedgerTestSupport.seedFile(test), "--year", "2024", "--json"] + extra)
        XCTAssertEqual(run.code, 0, run.err)
        return try LedgerTestSupport.json(run.out)
    }

    func testSeedImportsWithItsFiguresAndEveryClauseResolvedToUnitIDs() throws {
        let test = try app()
        let result = try importSeed(test)
        XCTAssertEqual(result["section_count"]?.intValue, 3)
        XCTAssertEqual(result["task_count"]?.intValue, 8)
        XCTAssertEqual(result["unresolved"]?.arrayValue?.count, 0)
        let planID = try XCTUnwrap(result["plan_id"]?.intValue)
        XCTAssertEqual(try LedgerTestSupport.count(test, "SELECT count(*) FROM responsibilities_tasks WHERE plan_id = ?", [planID]), 8)
        XCTAssertEqual(try LedgerTestSupport.count(test, "SELECT count(*) FROM responsibilities_sections WHERE plan_id = ?", [planID]), 3)

        let units = try test.core.read { try $0.query("SELECT id FROM registry_units") }.map { $0.requiredInt("id") }
        let tasks = (result["sections"]?.arrayValue ?? []).flatMap { $0["tasks"]?.arrayValue ?? [] }
        XCTAssertEqual(tasks.count, 8)
        for task in tasks {
            for clause in task["clauses"]?.arrayValue ?? [] {
                let ids = (clause["units"]?.arrayValue ?? []).compactMap { $0["id"]?.intValue }
                XCTAssertFalse(ids.isEmpty && !Render.cell(clause["raw"]).contains("有关"), Render.cell(clause["raw"]))
                XCTAssertTrue(Set(ids).isSubset(of: Set(units)), Render.cell(clause["raw"]))
            }
        }

        // (四): lead 区安委办; then lead 区安委办 with the twelve special groups' host units separately responsible; due 2024-02-29.
        let office = try test.id("units", "区安委办")
        let four = try XCTUnwrap(tasks.first { $0["number"]?.stringValue == "(四)" })
        let clauses = four["clauses"]?.arrayValue ?? []
        XCTAssertEqual(clauses.count, 2)
        XCTAssertEqual(clauses[0]["units"]?.arrayValue?.map { $0["id"]?.intValue }, [office])
        XCTAssertEqual(clauses[0]["units"]?.arrayValue?.first?["role"]?.stringValue, "lead")
        let second = clauses[1]["units"]?.arrayValue ?? []
        XCTAssertEqual(second.filter { $0["role"]?.stringValue == "lead" }.compactMap { $0["id"]?.intValue }, [office])
        let hosts = Set(try test.core.read { try $0.query("SELECT host_unit_id FROM registry_special_groups") }.map { $0.requiredInt("host_unit_id") })
        XCTAssertEqual(hosts.count, 12)
        XCTAssertEqual(Set(second.filter { $0["role"]?.stringValue == "separatelyResponsible" }.compactMap { $0["id"]?.intValue }), hosts)
        XCTAssertEqual(four["deadlines"]?.arrayValue?.first?["due"]?.stringValue, "2024-02-29")

        // (三): 12月底前 and 年底前, 区安委办 and 区消安办 responsible for them.
        let three = try XCTUnwrap(tasks.first { $0["number"]?.stringValue == "(三)" })
        let dated = try XCTUnwrap(three["clauses"]?.arrayValue?.last)
        XCTAssertEqual(dated["deadlines"]?.arrayValue?.map { $0["phrase"]?.stringValue }, ["12月底前", "年底前"])
        XCTAssertEqual(dated["deadlines"]?.arrayValue?.map { $0["due"]?.stringValue }, ["2024-12-31", "2024-12-31"])
        XCTAssertEqual(Set(dated["units"]?.arrayValue?.compactMap { $0["id"]?.intValue } ?? []), [office, try test.id("units", "区消安办")])
        let fireLines = try LedgerTestSupport.count(test, """
            SELECT count(*) FROM responsibilities_lines l JOIN responsibilities_tasks t ON t.id = l.task_id
            WHERE t.number = '(三)' AND l.unit_id = ? AND l.due = '2024-12-31' AND l.role = 'lead'
            """, [try test.id("units", "区消安办")])
        XCTAssertEqual(fireLines, 1)

        // Stored the same way: plan show lists the clauses with unit ids.
        let show = test.cli(["responsibilities", "plan", "show", String(planID), "--json"])
        XCTAssertEqual(show.code, 0, show.err)
        let stored = try LedgerTestSupport.json(show.out)
        let storedFour = (stored["sections"]?.arrayValue ?? []).flatMap { $0["tasks"]?.arrayValue ?? [] }.first { $0["number"]?.stringValue == "(四)" }
        XCTAssertEqual(storedFour?["clauses"]?.arrayValue?.count, 2)
        XCTAssertEqual(Set(storedFour?["clauses"]?.arrayValue?[1]["units"]?.arrayValue?.compactMap { $0["id"]?.intValue } ?? []), hosts.union([office]))

        // The same file again, and the same text as GB18030: nothing new.
        let again = try importSeed(test)
        XCTAssertEqual(again["created"], .bool(false))
        XCTAssertEqual(again["plan_id"]?.intValue, planID)
        let gb = try XCTUnwrap(PlanText.encode(PlanSeedFixture.text, as: "GB18030"))
        XCTAssertNotEqual(gb, Array(PlanSeedFixture.text.utf8))
        let gbRun = test.cli(["responsibilities", "plan", "import", LedgerTestSupport.file(test, "seed-gb.txt", gb), "--year", "2024", "--json"])
        XCTAssertEqual(gbRun.code, 0, gbRun.err)
        XCTAssertEqual(try LedgerTestSupport.json(gbRun.out)["plan_id"]?.intValue, planID)
        XCTAssertEqual(try LedgerTestSupport.count(test, "SELECT count(*) FROM responsibilities_plans"), 1)

        // Colour of (四)'s 2月底前 line of 区安委办: imported on 2024-02-01, green that day, red on 2024-03-01.
        let fourID = try LedgerTestSupport.taskID(test, "(四)")
        let arguments = ["responsibilities", "ledger", "list", "--task-id", String(fourID), "--unit", "区安委办", "--period", "2024-02-29", "--json"]
        let onFeb1 = try LedgerTestSupport.json(test.cli(arguments).out)
        XCTAssertEqual(onFeb1.arrayValue?.count, 1)
        XCTAssertEqual(onFeb1.arrayValue?.first?["colour"]?.stringValue, "green", Render.cell(onFeb1.arrayValue?.first?["colour_reason"]))
        test.clock.set(CalendarDate(year: 2024, month: 3, day: 1)!)
        defer { test.clock.set(CalendarDate(year: 2024, month: 2, day: 1)!) }
        let onMar1 = try LedgerTestSupport.json(test.cli(arguments).out)
        XCTAssertEqual(onMar1.arrayValue?.first?["colour"]?.stringValue, "red")
        XCTAssertTrue(onMar1.arrayValue?.first?["colour_reason"]?.stringValue?.contains("R1") ?? false)
    }

    func testDryRunPrintsTheTableAndEveryWarningWithItsLineAndWritesNothing() throws {
        let test = try LedgerTestSupport.demoWithoutPlan(today: CalendarDate(year: 2024, month: 1, day: 5)!)
        let run = test.cli(["responsibilities", "plan", "import", LedgerTestSupport.seedFile(test), "--year", "2024", "--dry-run"])
        XCTAssertEqual(run.code, 0, run.err)
        XCTAssertTrue(run.out.contains("would create plan: 3 section(s), 8 task(s)"), run.out)
        XCTAssertTrue(run.out.contains("落实党政领导责任"))
        XCTAssertTrue(run.out.contains("warning: 第13行"), run.out)
        XCTAssertTrue(run.out.contains("warning: 第14行"), run.out)
        let json = try LedgerTestSupport.json(test.cli(["responsibilities", "plan", "import", LedgerTestSupport.seedFile(test), "--year", "2024", "--dry-run", "--json"]).out)
        XCTAssertEqual(json["dry_run"], .bool(true))
        let warnings = json["warnings"]?.arrayValue ?? []
        XCTAssertEqual(warnings.filter { $0["code"]?.stringValue != "assignment_to_designate" }.compactMap { $0["line"]?.intValue }, [13, 14])
        XCTAssertEqual(json["to_designate"]?.arrayValue?.count, 5, "each 有关成员单位 clause waits for the office")
        XCTAssertTrue(run.out.contains("待区安委办明确具体单位"), run.out)
        XCTAssertEqual(try LedgerTestSupport.count(test, "SELECT count(*) FROM responsibilities_plans"), 0)
        XCTAssertEqual(try LedgerTestSupport.count(test, "SELECT count(*) FROM responsibilities_lines"), 0)
    }

    func testMalformedInputGivesAClearMessageAndWritesNothing() throws {
        let test = try app()
        let before = try LedgerTestSupport.count(test, "SELECT count(*) FROM responsibilities_tasks")
        let audit = try LedgerTestSupport.count(test, "SELECT count(*) FROM kernel_audit")
        let cases: [(String, [UInt8], String)] = [
            ("binary.bin", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D], "not a text file"),
            ("empty.txt", [], "empty"),
            ("blank.txt", Array("  \n\n  ".utf8), "empty"),
            ("prose.txt", Array("区安全生产委员会2024年工作要点\n今年要做好安全生产工作。\n".utf8), "no recognisable task"),
            ("unknown.txt", Array("一、总体要求\n(一)加强值守。节日期间加强值班值守。(责任单位:区安委办牵头,区火星管理局配合)\n".utf8), "区火星管理局"),
        ]
        for (name, bytes, expected) in cases {
            let run = test.cli(["responsibilities", "plan", "import", LedgerTestSupport.file(test, name, bytes), "--year", "2025"])
            XCTAssertEqual(run.code, 5, "\(name): \(run.err)")
            XCTAssertTrue(run.err.contains(expected), "\(name): \(run.err)")
            XCTAssertEqual(run.err.split(separator: "\n").count, 1, "one clear line: \(run.err)")
        }
        let dry = test.cli(["responsibilities", "plan", "import", test.folder.file("unknown.txt"), "--year", "2025", "--dry-run"])
        XCTAssertEqual(dry.code, 5)
        XCTAssertTrue(dry.out.contains("unknown unit: 第2行: 区火星管理局"), dry.out)
        let missing = test.cli(["responsibilities", "plan", "import", test.folder.file("nope.txt"), "--year", "2025"])
        XCTAssertEqual(missing.code, 3)
        let noYear = test.cli(["responsibilities", "plan", "import", LedgerTestSupport.seedFile(test)])
        XCTAssertEqual(noYear.code, 5, "the year is a required field, as over HTTP")
        XCTAssertTrue(noYear.err.contains("year"), noYear.err)
        let badYear = test.cli(["responsibilities", "plan", "import", LedgerTestSupport.seedFile(test), "--year", "0"])
        XCTAssertEqual(badYear.code, 5)
        XCTAssertTrue(badYear.err.contains("year") && badYear.err.contains("range"), badYear.err)
        XCTAssertEqual(try LedgerTestSupport.count(test, "SELECT count(*) FROM responsibilities_tasks"), before)
        XCTAssertEqual(try LedgerTestSupport.count(test, "SELECT count(*) FROM kernel_audit"), audit)
    }
}
