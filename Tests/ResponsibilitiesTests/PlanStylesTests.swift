// Ways other districts write their plans (issue 19 item 3): a label line of its own, A会同B, towns
// named in a clause carrying 属地责任 (never the lead), 每月 and 每半年, a task left with no unit shown
// as unassigned with a warning; and three whole plans in further styles, each read end to end and
// drafted into ledger lines against the test directory.
import Kernel
import XCTest
@testable import Responsibilities

final class PlanStylesTests: XCTestCase {
    let directory = PlanTestDirectory.directory
    let importDay = CalendarDate(year: 2024, month: 1, day: 10)!

    private func parse(_ text: String) throws -> ParsedPlan { try WorkPlanParser.parse(text, year: 2024) }

    private func draft(_ text: String, on day: CalendarDate? = nil) throws -> PlanDraft {
        try PlanDrafter.draft(text: text, year: 2024, sourceName: "t.txt", importDate: day ?? importDay, directory: directory)
    }

    /// unit id → role of the task's resolved units (all clauses).
    private func roles(_ task: TaskDraft) -> [Int64: UnitRole] {
        var result: [Int64: UnitRole] = [:]
        for clause in task.clauses { for unit in clause.resolution.units { result[unit.id] = unit.role } }
        return result
    }

    // MARK: The styles of the issue

    func testLabelLineOfItsOwnIsTheTasksClause() throws {
        let plan = try draft("""
            一、重点工作
            (一)开展燃气安全排查。全面排查餐饮场所燃气隐患。
            牵头单位：区住建局；配合单位：区交通运输局、区发改局
            (二)加强宣传。3月底前开展宣传月活动。(责任单位:区工委宣传部)
            """)
        XCTAssertEqual(plan.tasks.count, 2)
        let first = plan.tasks[0]
        XCTAssertEqual(first.task.title, "开展燃气安全排查")
        XCTAssertEqual(first.clauses.count, 1, "the label line is the clause, not a sign-off")
        XCTAssertEqual(roles(first), [PlanTestDirectory.housing: .lead, PlanTestDirectory.transport: .cooperating, PlanTestDirectory.development: .cooperating])
        XCTAssertEqual(first.liveLines.count, 3, "three units, due by the end of the year")
        XCTAssertFalse(plan.warnings.contains { $0.code == "task_unassigned" })
    }

    func testHuitongMakesTheFirstLeadAndThePartnerCooperate() throws {
        let plan = try draft("一、重点工作\n(一)开展联合执法。(区住建局会同区交通运输局)\n")
        XCTAssertEqual(roles(plan.tasks[0]), [PlanTestDirectory.housing: .lead, PlanTestDirectory.transport: .cooperating])
        let labelled = try draft("一、重点工作\n(一)开展联合执法。(责任单位:区住建局会同区交通运输局、区发改局)\n")
        XCTAssertEqual(roles(labelled.tasks[0]), [PlanTestDirectory.housing: .lead, PlanTestDirectory.transport: .cooperating,
                                                  PlanTestDirectory.development: .cooperating])
    }

    func testTownsInAClauseCarryTerritorialResponsibilityNotTheLead() throws {
        for clause in ["〔牵头单位：区住建局；责任单位：各镇（景区、开发区）〕", "(区住建局牵头,各镇(景区、开发区)抓好落实)",
                       "(区住建局牵头,各镇(景区、开发区)落实属地责任)", "(责任单位:区住建局牵头,东城镇、西山景区、经济开发区落实)"] {
            let plan = try draft("一、重点工作\n(一)整治占道经营。\(clause)\n")
            let units = plan.tasks[0].clauses.flatMap(\.resolution.units)
            XCTAssertEqual(units.filter { $0.role == .lead }.map(\.id), [PlanTestDirectory.housing], clause)
            XCTAssertEqual(Set(units.filter { $0.kind == "territory" }.map(\.role)), [.territorial], clause)
            XCTAssertEqual(Set(units.filter { $0.kind == "territory" }.map(\.id)), PlanTestDirectory.territoryIDs, clause)
        }
        // A plain 责任单位 beside a lead unit answers for its own part.
        let plan = try draft("一、重点工作\n(一)整治。(牵头单位:区住建局;责任单位:区交通运输局)\n")
        XCTAssertEqual(roles(plan.tasks[0]), [PlanTestDirectory.housing: .lead, PlanTestDirectory.transport: .separatelyResponsible])
    }

    func testMonthlyAndHalfYearlyRecur() throws {
        let plan = try draft("""
            一、重点工作
            (一)报送风险清单。每月报送新业态安全风险。(责任单位:区发改局)
            (二)开展评估。每半年开展一次评估。(责任单位:区住建局)
            """)
        XCTAssertEqual(plan.tasks[0].liveLines.map(\.period), (1...12).map { String(format: "2024-%02d", $0) })
        XCTAssertEqual(plan.tasks[0].liveLines.last?.due.iso, "2024-12-31")
        XCTAssertEqual(plan.tasks[0].liveLines.first?.due.iso, "2024-01-31")
        XCTAssertEqual(plan.tasks[1].liveLines.map(\.period), ["2024-H1", "2024-H2"])
        XCTAssertEqual(plan.tasks[1].liveLines.map(\.due.iso), ["2024-06-30", "2024-12-31"])
        XCTAssertEqual(plan.tasks[0].task.deadlines.map(\.spec), [.monthly(year: 2024)])
        XCTAssertEqual(plan.tasks[1].task.deadlines.map(\.spec), [.halfYearly(year: 2024)])
    }

    func testRecurringPeriodsAlreadyEndedGetNoLines() throws {
        let text = "一、重点工作\n(一)会商研判。每季度开展会商研判。(责任单位:区住建局)\n(二)报送。每月报送。(责任单位:区发改局)\n"
        let plan = try draft(text, on: CalendarDate(year: 2024, month: 7, day: 20)!)
        XCTAssertEqual(plan.tasks[0].liveLines.map(\.period), ["2024-Q3", "2024-Q4"], "Q1 and Q2 ended before the import")
        XCTAssertEqual(plan.tasks[0].liveLines.first?.start.iso, "2024-07-20")
        XCTAssertEqual(plan.tasks[1].liveLines.map(\.period), ["2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12"])
    }

    func testTaskWithNoUnitIsWarnedAsUnassigned() throws {
        let plan = try draft("一、重点工作\n(一)完善制度。年底前修订制度。\n(二)加强宣传。(责任单位:区工委宣传部)\n")
        let warning = try XCTUnwrap(plan.warnings.first { $0.code == "task_unassigned" })
        XCTAssertEqual(warning.line, 2)
        XCTAssertTrue(warning.message.contains("未分配"), warning.message)
        XCTAssertTrue(plan.tasks[0].lines.isEmpty)
    }

    func testRelevantUnitsWaitForTheOfficeAndNeverExpand() throws {
        let plan = try draft("一、重点工作\n(一)排查隐患。每季度开展排查。(责任单位:区住建局牵头,区安委会有关成员单位配合)\n(二)整治。(责任单位:相关单位)\n")
        XCTAssertEqual(plan.tasks[0].liveLines.map(\.unitID), Array(repeating: PlanTestDirectory.housing, count: 4))
        XCTAssertEqual(plan.tasks[0].designations.map(\.phrase), ["区安委会有关成员单位"])
        XCTAssertEqual(plan.tasks[0].designations.first?.role, .cooperating)
        XCTAssertEqual(plan.tasks[0].designations.first?.instances.map(\.period), ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"])
        XCTAssertTrue(plan.tasks[1].lines.isEmpty)
        XCTAssertEqual(plan.tasks[1].designations.map(\.phrase), ["相关单位"])
        XCTAssertEqual(plan.warnings.filter { $0.code == "assignment_to_designate" }.count, 2)
        XCTAssertFalse(plan.warnings.contains { $0.code == "task_unassigned" }, "to be designated is not unassigned")
    }

    // MARK: Three plans in further styles

    /// Arabic-numbered tasks, the role written in brackets after each name, a deadline of a day.
    func testPlanWithRolesInBracketsAfterNames() throws {
        let plan = try draft("""
            东城区2024年安全生产工作计划
            一、压实责任
            1.修订安全生产责任清单。6月15日前完成修订。（责任单位：区住建局（牵头）、区交通运输局（配合）、区发改局（配合））
            2.开展专项整治。每半年通报一次整治情况。（区交通运输局（牵头）、区住建局（配合））
            二、夯实基础
            3.推进安全文化建设。（责任单位：区工委宣传部（牵头）、东城镇（落实））
            """)
        XCTAssertEqual(plan.parsed.title, "东城区2024年安全生产工作计划")
        XCTAssertEqual(plan.tasks.map(\.task.number), ["1.", "2.", "3."])
        XCTAssertEqual(plan.unresolved, [])
        XCTAssertEqual(roles(plan.tasks[0]), [PlanTestDirectory.housing: .lead, PlanTestDirectory.transport: .cooperating, PlanTestDirectory.development: .cooperating])
        XCTAssertEqual(plan.tasks[0].liveLines.map(\.due.iso), ["2024-06-15", "2024-06-15", "2024-06-15"])
        XCTAssertEqual(roles(plan.tasks[1]), [PlanTestDirectory.transport: .lead, PlanTestDirectory.housing: .cooperating])
        XCTAssertEqual(plan.tasks[1].liveLines.count, 4, "two units × two half-years")
        XCTAssertEqual(roles(plan.tasks[2]), [PlanTestDirectory.publicity: .lead, 101: .territorial])
    }

    /// Labels separated by spaces (主责单位 / 协办单位), a label line under the task, 每月.
    func testPlanWithSpaceSeparatedLabels() throws {
        let plan = try draft("""
            西山区安委会2024年工作要点
            一、强化监管
            （一）建立新业态风险监测机制。每月汇总外卖骑手、电动自行车等新业态风险。
            主责单位：区发改局　协办单位：区住建局　属地单位：各镇（景区、开发区）
            （二）开展执法检查。10月底前完成全覆盖检查。〔主责单位:区交通运输局 协办单位:区住建局〕
            """)
        XCTAssertEqual(plan.unresolved, [])
        XCTAssertEqual(plan.tasks.count, 2)
        let first = roles(plan.tasks[0])
        XCTAssertEqual(first[PlanTestDirectory.development], .lead)
        XCTAssertEqual(first[PlanTestDirectory.housing], .cooperating)
        XCTAssertEqual(Set(PlanTestDirectory.territoryIDs.map { first[$0] }), [.territorial])
        XCTAssertEqual(plan.tasks[0].liveLines.count, 5 * 12, "five units × twelve months")
        XCTAssertEqual(roles(plan.tasks[1]), [PlanTestDirectory.transport: .lead, PlanTestDirectory.housing: .cooperating])
        XCTAssertEqual(plan.tasks[1].liveLines.map(\.due.iso), ["2024-10-31", "2024-10-31"])
        XCTAssertFalse(plan.warnings.contains { $0.code == "task_unassigned" })
    }

    /// Sentences in brackets with 由…牵头, …配合, …落实属地管理责任; a task with no clause; 有关部门.
    func testPlanWithSentenceClauses() throws {
        let plan = try draft("""
            经济开发区2024年安全生产重点任务
            一、风险防控
            (一)开展危化品运输整治。上半年完成。(由区交通运输局牵头,区住建局配合,经济开发区落实属地管理责任)
            (二)完善应急预案。12月底前修订。(区发改局会同有关部门负责)
            (三)总结经验做法。
            """)
        XCTAssertEqual(plan.unresolved, [])
        XCTAssertEqual(roles(plan.tasks[0]), [PlanTestDirectory.transport: .lead, PlanTestDirectory.housing: .cooperating, 103: .territorial])
        XCTAssertEqual(plan.tasks[0].liveLines.map(\.due.iso), ["2024-06-30", "2024-06-30", "2024-06-30"])
        XCTAssertEqual(roles(plan.tasks[1]), [PlanTestDirectory.development: .lead])
        XCTAssertEqual(plan.tasks[1].designations.map(\.phrase), ["有关部门"])
        XCTAssertEqual(plan.tasks[1].designations.first?.role, .cooperating)
        XCTAssertTrue(plan.tasks[2].lines.isEmpty)
        XCTAssertEqual(plan.warnings.filter { $0.code == "task_unassigned" }.map(\.line), [5])
    }
}
