// The office's year over the CLI (issue 19): a 有关 clause gives no lines until the office
// designates the units (once, audited, on its overview until then); an edited plan re-imported is a
// revision whose unchanged lines keep their history and whose removed task is withdrawn; a plan
// withdrawn; units added and removed by hand; quarterly work assigned mid-year; a town's finding.
import Foundation
import Kernel
import TestSupport
import XCTest
@testable import Responsibilities

final class PlanRevisionTests: XCTestCase {
    typealias S = LedgerTestSupport

    private func importSeed(_ test: TestApplication, as user: String = "anweiban") throws -> Int64 {
        let run = test.cli(["responsibilities", "plan", "import", S.seedFile(test), "--year", "2024", "--json", "--as", user])
        XCTAssertEqual(run.code, 0, run.err)
        return try XCTUnwrap(S.json(run.out)["plan_id"]?.intValue)
    }

    private func json(_ test: TestApplication, _ arguments: [String], code: Int32 = 0, file: StaticString = #filePath, line: UInt = #line) throws -> JSON {
        let run = test.cli(arguments + ["--json"])
        XCTAssertEqual(run.code, code, run.err + run.out, file: file, line: line)
        return try S.json(run.out, file: file, line: line)
    }

    private func linesOf(_ test: TestApplication, task: Int64, unit: Int64? = nil, withdrawn: Bool = false) throws -> Int64 {
        try S.count(test, "SELECT count(*) FROM responsibilities_lines WHERE task_id = ? AND (? IS NULL OR unit_id = ?) AND (withdrawn_on IS NOT NULL) = ?",
                    [task, unit, unit, withdrawn])
    }

    /// The seed edited: task (七) 强化组织领导 removed, (八) renumbered (七), a monthly task (八) added with a label line of its own.
    static var editedSeed: String {
        var lines = PlanSeedFixture.text.components(separatedBy: "\n").filter { !$0.hasPrefix("(七)") }
        lines = lines.map { $0.replacingOccurrences(of: "(八)健全重大", with: "(七)健全重大") }
        let index = lines.firstIndex { $0.hasPrefix("(七)健全重大") }! + 1
        lines.insert(contentsOf: ["(八)加强新业态安全监管。每月梳理新业态新领域安全风险,报送区安委办。", "牵头单位:区应急管理局;责任单位:各镇(景区、开发区)"], at: index)
        return lines.joined(separator: "\n")
    }

    func testRelevantUnitsGiveNoLinesUntilTheOfficeDesignatesThem() throws {
        let test = try S.demoWithoutPlan(today: CalendarDate(year: 2024, month: 1, day: 10)!)
        _ = try importSeed(test)
        let two = try S.taskID(test, "(二)"), six = try S.taskID(test, "(六)")
        let office = try test.id("units", "区安委办"), fgj = try test.id("units", "区发改局"), town = try test.id("territories", "东城镇")
        // (二) 区安委办牵头,区安委会有关成员单位协同: the office's four quarters only, not 55 units × 4.
        XCTAssertEqual(try linesOf(test, task: two), 4)
        XCTAssertEqual(try linesOf(test, task: two, unit: office), 4)
        XCTAssertEqual(try S.count(test, "SELECT count(*) FROM responsibilities_lines"), try S.count(test, "SELECT count(*) FROM responsibilities_lines WHERE role != 'cooperating' OR unit_kind = 'unit'"))
        // (六) (责任单位:区安委会有关成员单位分工负责) alone: no lines, no colour, to be designated.
        let task = try json(test, ["responsibilities", "tasks", "show", String(six), "--as", "anweiban"])
        XCTAssertEqual(task["colour"], .null)
        XCTAssertEqual(task["colour_code"]?.stringValue, "to_designate")
        XCTAssertEqual(task["to_designate"]?.intValue, 1)

        // On the office's overview, oldest first; not on a unit's or a town's.
        let overview = try json(test, ["overview", "--as", "anweiban"]).arrayValue ?? []
        let waiting = overview.filter { $0["kind"]?.stringValue == "assignment_to_designate" }
        XCTAssertEqual(waiting.count, 5)
        XCTAssertTrue(waiting[0]["title"]?.stringValue?.contains("任务(二)“做好督导督查”") ?? false, Render.cell(waiting[0]["title"]))
        XCTAssertEqual(waiting[0]["since"]?.stringValue, "2024-01-10")
        XCTAssertEqual(waiting[0]["link"]?.stringValue, "/api/v1/responsibilities/tasks/\(two)")
        for user in ["fgj", "dongcheng"] {
            XCTAssertFalse(try json(test, ["overview", "--as", user]).arrayValue?.contains { $0["kind"]?.stringValue == "assignment_to_designate" } ?? true)
            XCTAssertEqual(try json(test, ["responsibilities", "plan", "to-designate", "--as", user]).arrayValue?.count, 0)
        }
        let pending = try json(test, ["responsibilities", "plan", "to-designate", "--status", "pending", "--as", "anweiban"]).arrayValue ?? []
        let first = try XCTUnwrap(pending.first { $0["task_id"]?.intValue == two }?["id"]?.intValue)

        // Wrong user, no unit, unknown unit: refused, nothing written.
        XCTAssertEqual(test.cli(["responsibilities", "plan", "designate", String(first), "--units", "区发改局", "--as", "fgj"]).code, 1)
        XCTAssertEqual(test.cli(["responsibilities", "plan", "designate", String(first), "--as", "anweiban"]).code, 5)
        XCTAssertEqual(test.cli(["responsibilities", "plan", "designate", String(first), "--units", "不存在的局", "--as", "anweiban"]).code, 5)
        XCTAssertEqual(test.cli(["responsibilities", "plan", "designate", "9999", "--units", "区发改局", "--as", "anweiban"]).code, 3)
        XCTAssertEqual(try linesOf(test, task: two), 4)

        // Designated in April: the designated units get the quarters that have not ended (Q2–Q4).
        test.clock.set(CalendarDate(year: 2024, month: 4, day: 15)!)
        let done = try json(test, ["responsibilities", "plan", "designate", String(first), "--units", "区发改局", "--territories", "东城镇", "--as", "anweiban"])
        XCTAssertEqual(done["status"]?.stringValue, "designated")
        XCTAssertEqual(done["ledger_lines_created"]?.intValue, 6)
        let lines = try test.core.read { try $0.query("SELECT unit_id, role, period, source FROM responsibilities_lines WHERE task_id = ? AND source = 'designated' ORDER BY id", [two]) }
        XCTAssertEqual(lines.map { $0.requiredString("period") }, ["2024-Q2", "2024-Q3", "2024-Q4", "2024-Q2", "2024-Q3", "2024-Q4"])
        XCTAssertEqual(lines.map { $0.requiredInt("unit_id") }, [fgj, fgj, fgj, town, town, town])
        XCTAssertEqual(lines.map { $0.requiredString("role") }, ["cooperating", "cooperating", "cooperating", "territorial", "territorial", "territorial"])
        XCTAssertEqual(Set(lines.map { $0.requiredString("source") }), ["designated"])
        // The unit now sees its lines; designating twice is refused; the overview no longer lists it.
        XCTAssertEqual(try json(test, ["responsibilities", "ledger", "list", "--task-id", String(two), "--as", "fgj"]).arrayValue?.count, 3)
        XCTAssertEqual(test.cli(["responsibilities", "plan", "designate", String(first), "--units", "区住建局", "--as", "anweiban"]).code, 4)
        XCTAssertEqual(try json(test, ["overview", "--as", "anweiban"]).arrayValue?.filter { $0["kind"]?.stringValue == "assignment_to_designate" }.count, 4)
        XCTAssertEqual(try S.count(test, "SELECT count(*) FROM kernel_audit WHERE action = 'responsibilities.designation.designate' AND entity_id = ?", [String(first)]), 1)
    }

    func testAnEditedPlanReimportedIsARevisionThatKeepsHistory() throws {
        let test = try S.demoWithoutPlan(today: CalendarDate(year: 2024, month: 1, day: 10)!)
        let planID = try importSeed(test)
        let four = try S.taskID(test, "(四)"), seven = try S.taskID(test, "(七)"), eight = try S.taskID(test, "(八)")
        let office = try test.id("units", "区安委办")
        let signed = try test.core.read { try $0.scalarInt("SELECT min(id) FROM responsibilities_lines WHERE task_id = ? AND unit_id = ?", [four, office]) }
        test.clock.set(CalendarDate(year: 2024, month: 1, day: 11)!)
        XCTAssertEqual(test.cli(["responsibilities", "ledger", "sign", String(signed), "--as", "anweiban"]).code, 0)
        let sevenLines = try linesOf(test, task: seven)
        XCTAssertEqual(sevenLines, 55)
        let before = try S.count(test, "SELECT count(*) FROM responsibilities_lines")

        // The dry run shows the difference and writes nothing.
        test.clock.set(CalendarDate(year: 2024, month: 3, day: 1)!)
        let file = S.file(test, "edited.txt", Array(Self.editedSeed.utf8))
        let dry = try json(test, ["responsibilities", "plan", "import", file, "--year", "2024", "--dry-run", "--as", "anweiban"])
        let revision = try XCTUnwrap(dry["revision"])
        XCTAssertEqual(revision["from_revision"]?.intValue, 1)
        XCTAssertEqual(revision["tasks_withdrawn"]?.arrayValue?.map { $0["title"]?.stringValue }, ["强化组织领导"])
        XCTAssertEqual(revision["tasks_withdrawn"]?.arrayValue?.first?["ledger_lines"]?.intValue, 55)
        XCTAssertEqual(revision["tasks_added"]?.arrayValue?.map { $0["title"]?.stringValue }, ["加强新业态安全监管"])
        XCTAssertEqual(revision["tasks_added"]?.arrayValue?.first?["ledger_lines"]?.intValue, 11 * 10, "the lead and ten towns, March to December")
        XCTAssertEqual(revision["tasks_changed"]?.arrayValue?.map { $0["title"]?.stringValue }, ["健全重大隐患排查整治机制"], "renumbered (八) → (七)")
        XCTAssertEqual(revision["tasks_unchanged"]?.intValue, 6)
        XCTAssertEqual(try S.count(test, "SELECT count(*) FROM responsibilities_lines"), before)
        let text = test.cli(["responsibilities", "plan", "import", file, "--year", "2024", "--dry-run", "--as", "anweiban"])
        XCTAssertTrue(text.out.contains("would revise plan \(planID)"), text.out)
        XCTAssertTrue(text.out.contains("- 撤销任务 (七) 强化组织领导"), text.out)
        // Only the office revises.
        XCTAssertEqual(test.cli(["responsibilities", "plan", "import", file, "--year", "2024", "--as", "fgj"]).code, 1)

        let done = try json(test, ["responsibilities", "plan", "import", file, "--year", "2024", "--as", "anweiban"])
        XCTAssertEqual(done["plan_id"]?.intValue, planID, "a revision, never a second plan")
        XCTAssertEqual(done["created"], .bool(false))
        XCTAssertEqual(try S.count(test, "SELECT count(*) FROM responsibilities_plans"), 1)
        XCTAssertEqual(try S.count(test, "SELECT revision FROM responsibilities_plans WHERE id = ?", [planID]), 2)
        XCTAssertEqual(try S.count(test, "SELECT count(*) FROM responsibilities_plan_revisions WHERE plan_id = ?", [planID]), 2)
        // Unchanged lines keep their id and history; the removed task's lines are withdrawn, kept.
        let line = try json(test, ["responsibilities", "ledger", "show", String(signed), "--as", "anweiban"])
        XCTAssertEqual(line["status"]?.stringValue, "signed")
        XCTAssertEqual(line["history"]?.arrayValue?.map { $0["action"]?.stringValue }, ["sign"])
        XCTAssertEqual(try linesOf(test, task: seven, withdrawn: true), 55)
        XCTAssertEqual(try S.count(test, "SELECT count(*) FROM responsibilities_tasks WHERE id = ? AND withdrawn_on = '2024-03-01'", [seven]), 1)
        XCTAssertEqual(try S.count(test, "SELECT id FROM responsibilities_tasks WHERE number = '(七)' AND withdrawn_on IS NULL"), eight, "the renumbered task is the same task")
        let listed = try S.allPages(test, ["responsibilities", "ledger", "list", "--as", "anweiban"])
        XCTAssertFalse(listed.contains { $0["task_id"]?.intValue == seven }, "withdrawn lines are out of the ledger's colours")
        let withdrawn = try S.allPages(test, ["responsibilities", "ledger", "list", "--withdrawn", "true", "--as", "anweiban"])
        XCTAssertEqual(withdrawn.count, 55)
        XCTAssertTrue(withdrawn.allSatisfy { $0["colour"] == .null && $0["colour_code"]?.stringValue == "withdrawn" })
        XCTAssertFalse(try json(test, ["responsibilities", "tasks", "list", "--as", "anweiban"]).arrayValue?.contains { $0["id"]?.intValue == seven } ?? true)
        let gone = try XCTUnwrap(withdrawn.first?["id"]?.intValue)
        XCTAssertEqual(test.cli(["responsibilities", "ledger", "sign", String(gone), "--as", "anweiban"]).code, 4, "a withdrawn line takes no action")
        // The new task: the lead and the towns (属地), monthly from March.
        let new = try S.count(test, "SELECT id FROM responsibilities_tasks WHERE number = '(八)' AND withdrawn_on IS NULL")
        let roles = try test.core.read { try $0.query("SELECT DISTINCT unit_kind, role FROM responsibilities_lines WHERE task_id = ? ORDER BY unit_kind", [new]) }
        XCTAssertEqual(roles.map { "\($0.requiredString("unit_kind")):\($0.requiredString("role"))" }, ["territory:territorial", "unit:lead"])
        // The same text again changes nothing; the audit says what the revision did.
        XCTAssertNil(try json(test, ["responsibilities", "plan", "import", file, "--year", "2024", "--as", "anweiban"])["revision"])
        XCTAssertEqual(try S.count(test, "SELECT count(*) FROM kernel_audit WHERE action = 'responsibilities.plan.revise'"), 1)
    }

    func testAUnitAddedByARevisionIsNotGivenADeadlineAlreadyPassed() throws {
        let test = try S.demoWithoutPlan(today: CalendarDate(year: 2024, month: 1, day: 10)!)
        _ = try importSeed(test)
        let four = try S.taskID(test, "(四)")
        let emergency = try test.id("units", "区应急管理局")
        // (四)'s clause (区安委办) covers 2月底前 and 每季度; on 07-01 the revision names 区应急管理局 beside it.
        test.clock.set(CalendarDate(year: 2024, month: 7, day: 1)!)
        let text = PlanSeedFixture.text.replacingOccurrences(of: "提请明确主责部门。(责任单位:区安委办)", with: "提请明确主责部门。(责任单位:区安委办牵头,区应急管理局配合)")
        XCTAssertNotEqual(text, PlanSeedFixture.text)
        let file = S.file(test, "edited.txt", Array(text.utf8))
        let dry = try json(test, ["responsibilities", "plan", "import", file, "--year", "2024", "--dry-run", "--as", "anweiban"])
        XCTAssertEqual(dry["revision"]?["lines_added"]?.intValue, 2, "Q3 and Q4 only: not 2024-02-29, nor Q1, Q2")
        _ = try json(test, ["responsibilities", "plan", "import", file, "--year", "2024", "--as", "anweiban"])
        let periods = try test.core.read { try $0.query("SELECT period FROM responsibilities_lines WHERE task_id = ? AND unit_id = ? AND role = 'cooperating' ORDER BY id", [four, emergency]) }
        XCTAssertEqual(periods.map { $0.requiredString("period") }, ["2024-Q3", "2024-Q4"], "a unit named on 07-01 is not born overdue")
        let red = try S.allPages(test, ["responsibilities", "ledger", "list", "--unit", "区应急管理局", "--task-id", String(four), "--colour", "red", "--as", "anweiban"])
        XCTAssertEqual(red.filter { $0["role"]?.stringValue == "cooperating" }.count, 0)
    }

    func testWithdrawAPlanAndAddOrRemoveUnitsByHand() throws {
        let test = try S.demoWithoutPlan(today: CalendarDate(year: 2024, month: 5, day: 10)!)
        let planID = try importSeed(test)
        let four = try S.taskID(test, "(二)")  // (二): the office's quarterly lines only
        let housing = try test.id("units", "区住建局")
        // Add a unit: its lines for the task's periods not yet ended; only the office; not twice.
        XCTAssertEqual(test.cli(["responsibilities", "tasks", "add-unit", String(four), "--unit", "区住建局", "--as", "fgj"]).code, 1)
        XCTAssertEqual(test.cli(["responsibilities", "tasks", "add-unit", String(four), "--as", "anweiban"]).code, 5)
        XCTAssertEqual(test.cli(["responsibilities", "tasks", "add-unit", String(four), "--unit", "区住建局", "--territory", "东城镇", "--as", "anweiban"]).code, 5)
        let added = try json(test, ["responsibilities", "tasks", "add-unit", String(four), "--unit", "区住建局", "--role", "cooperating", "--reason", "职能调整", "--as", "anweiban"])
        XCTAssertEqual(added["ledger_lines"]?.intValue, 3, "Q2, Q3, Q4 — Q1 has ended")
        let periods = try test.core.read { try $0.query("SELECT period, role FROM responsibilities_lines WHERE task_id = ? AND unit_id = ? ORDER BY id", [four, housing]) }
        XCTAssertEqual(periods.map { $0.requiredString("period") }, ["2024-Q2", "2024-Q3", "2024-Q4"])
        XCTAssertEqual(Set(periods.map { $0.requiredString("role") }), ["cooperating"])
        XCTAssertEqual(test.cli(["responsibilities", "tasks", "add-unit", String(four), "--unit", "区住建局", "--as", "anweiban"]).code, 4)
        // Remove it: withdrawn with a reason, kept; removing again is refused.
        XCTAssertEqual(test.cli(["responsibilities", "tasks", "remove-unit", String(four), "--unit", "区住建局", "--reason", "不涉及", "--as", "yjj"]).code, 1)
        XCTAssertEqual(try json(test, ["responsibilities", "tasks", "remove-unit", String(four), "--unit", "区住建局", "--reason", "不涉及", "--as", "anweiban"])["ledger_lines"]?.intValue, 3)
        XCTAssertEqual(try linesOf(test, task: four, unit: housing, withdrawn: true), 3)
        XCTAssertEqual(test.cli(["responsibilities", "tasks", "remove-unit", String(four), "--unit", "区住建局", "--as", "anweiban"]).code, 4)
        XCTAssertEqual(try S.count(test, "SELECT count(*) FROM kernel_audit WHERE action IN ('responsibilities.task.add_unit', 'responsibilities.task.remove_unit')"), 2)

        // Withdraw the whole plan: only the office, with a reason, once.
        XCTAssertEqual(test.cli(["responsibilities", "plan", "withdraw", String(planID), "--reason", "误导入", "--as", "dongcheng"]).code, 1)
        XCTAssertEqual(test.cli(["responsibilities", "plan", "withdraw", String(planID), "--as", "anweiban"]).code, 5)
        let plan = try json(test, ["responsibilities", "plan", "withdraw", String(planID), "--reason", "误导入了征求意见稿", "--as", "anweiban"])
        XCTAssertEqual(plan["withdrawn_on"]?.stringValue, "2024-05-10")
        XCTAssertEqual(plan["withdrawn_tasks"]?.arrayValue?.count, 8)
        XCTAssertEqual(test.cli(["responsibilities", "plan", "withdraw", String(planID), "--reason", "again", "--as", "anweiban"]).code, 4)
        XCTAssertEqual(try S.count(test, "SELECT count(*) FROM responsibilities_lines l JOIN responsibilities_tasks t ON t.id = l.task_id WHERE t.plan_id = ? AND l.withdrawn_on IS NULL", [planID]), 0)
        XCTAssertEqual(try json(test, ["responsibilities", "ledger", "list", "--as", "anweiban"]).arrayValue?.count, 0)
        XCTAssertEqual(test.cli(["responsibilities", "tasks", "add-unit", String(four), "--unit", "区住建局", "--as", "anweiban"]).code, 4, "a withdrawn task takes no unit")
        XCTAssertEqual(try json(test, ["overview", "--as", "anweiban"]).arrayValue?.filter { $0["kind"]?.stringValue == "assignment_to_designate" }.count, 0)
        // The year may then have a new plan: the same text imports afresh.
        let again = try json(test, ["responsibilities", "plan", "import", S.seedFile(test), "--year", "2024", "--as", "anweiban"])
        XCTAssertEqual(again["created"], .bool(true))
        XCTAssertNotEqual(again["plan_id"]?.intValue, planID)
    }

    func testQuarterlyWorkAssignedMidYearAndATownsFinding() throws {
        let test = try S.demoWithoutPlan(today: CalendarDate(year: 2024, month: 7, day: 20)!)
        let task = try json(test, ["responsibilities", "tasks", "add", "--title", "季度会商研判", "--territories", "东城镇", "--quarterly-year", "2024", "--as", "anweiban"])
        let id = try XCTUnwrap(task["id"]?.intValue)
        let periods = try test.core.read { try $0.query("SELECT period, start FROM responsibilities_lines WHERE task_id = ? ORDER BY id", [id]) }
        XCTAssertEqual(periods.map { $0.requiredString("period") }, ["2024-Q3", "2024-Q4"], "not born with Q1 and Q2 overdue")
        XCTAssertEqual(periods.first?.requiredString("start"), "2024-07-20")
        XCTAssertEqual(test.cli(["responsibilities", "tasks", "add", "--title", "x", "--territories", "东城镇", "--quarterly-year", "2023", "--as", "anweiban"]).code, 5)

        // A finding whose responsible party is a town becomes that town's task.
        let town = try test.id("territories", "东城镇")
        let finding = FindingRecorded(findingId: 77, inspectionId: 5, text: "东城镇未落实隐患排查台账。限期整改。", severity: "general", isHazard: false, hazardGrade: nil,
                                      sector: nil, enterpriseId: nil, territoryId: town, responsibleUnitId: nil, deadline: CalendarDate(year: 2024, month: 8, day: 31)!,
                                      wantsTask: true, responsibleTerritoryId: town)
        try test.core.write(.localAdministrator) { tx in
            try tx.publish(finding)
            try tx.audit(action: "test.publish", entity: "event", entityID: "77")
        }
        test.app.dispatcher.deliverDue()
        let lines = try json(test, ["responsibilities", "ledger", "list", "--as", "dongcheng"]).arrayValue ?? []
        let mine = try XCTUnwrap(lines.first { $0["origin"]?.stringValue == "supervision.finding:77" })
        XCTAssertEqual(mine["unit_kind"]?.stringValue, "territory")
        XCTAssertEqual(mine["unit_id"]?.intValue, town)
        XCTAssertEqual(mine["due"]?.stringValue, "2024-08-31")
        XCTAssertFalse(try json(test, ["responsibilities", "ledger", "list", "--as", "xiling"]).arrayValue?.contains { $0["origin"]?.stringValue == "supervision.finding:77" } ?? true)
    }
}
