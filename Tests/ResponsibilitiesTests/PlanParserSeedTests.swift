// 种子文档(区安全生产委员会2024年工作要点)的导入:3个部分、8项任务、责任条款、时限、截断与页脚。
import XCTest
import Foundation
@testable import Responsibilities

final class PlanParserSeedTests: XCTestCase {
    private func seed() throws -> ParsedPlan { try WorkPlanParser.parse(PlanSeedFixture.text, year: 2024) }

    private func task(_ number: String, _ plan: ParsedPlan) throws -> ParsedTask {
        try XCTUnwrap(plan.tasks.first { $0.number == number }, "task \(number) missing")
    }

    func testFixtureIsTheSharedSeedVerbatim() throws {
        let path = "/work/shared/seeds/000_e6a803d408bb7296.txt"
        XCTAssertEqual(PlanSeedFixture.text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).count, 14)
        XCTAssertTrue(PlanSeedFixture.text.hasPrefix("区安全生产委员会2024年工作要点\n"))
        if let data = FileManager.default.contents(atPath: path) {
            XCTAssertEqual(try PlanText.decode(Array(data)), PlanSeedFixture.text)
        }
    }

    func testThreeSectionsAndEightTasks() throws {
        let plan = try seed()
        XCTAssertEqual(plan.title, "区安全生产委员会2024年工作要点")
        XCTAssertEqual(plan.year, 2024)
        XCTAssertEqual(plan.sections.map(\.number), ["一", "二", "三"])
        XCTAssertEqual(plan.sections.map(\.title), ["树牢安全发展理念", "严格安全生产责任制", "落实治本攻坚三年行动"])
        XCTAssertEqual(plan.sections.map(\.line), [3, 7, 11])
        XCTAssertEqual(plan.sections.map { $0.tasks.count }, [3, 3, 2])
        XCTAssertEqual(plan.taskCount, 8)
        XCTAssertEqual(plan.tasks.map(\.number), ["(一)", "(二)", "(三)", "(四)", "(五)", "(六)", "(七)", "(八)"])
        XCTAssertEqual(plan.tasks.map(\.line), [4, 5, 6, 8, 9, 10, 12, 13])
        XCTAssertEqual(plan.tasks.map(\.title), ["抓好组织学习", "做好督导督查", "强化考核", "落实党政领导责任", "落实部门监管责任",
                                                 "落实企业主体责任", "强化组织领导", "健全重大隐患排查整治机制"])
    }

    func testTaskOneLeadOfficeWithOrganisationPublicityAndAllMembersSeparatelyResponsible() throws {
        let one = try task("(一)", seed())
        XCTAssertEqual(one.clauses.count, 1)
        let clause = one.clauses[0]
        XCTAssertEqual(clause.raw, "(责任单位:区安委办牵头,区工委组织部、区工委宣传部、区安委会各成员单位分工负责)")
        XCTAssertEqual(clause.line, 4)
        XCTAssertEqual(clause.units.map(\.text), ["区安委办", "区工委组织部", "区工委宣传部", "区安委会各成员单位"])
        XCTAssertEqual(clause.units.map(\.role), [.lead, .separatelyResponsible, .separatelyResponsible, .separatelyResponsible])
        XCTAssertTrue(clause.text.hasPrefix("抓好组织学习。贯彻落实"))
        XCTAssertTrue(clause.text.hasSuffix("作为领导干部培训的重要内容。"))

        let (units, unresolved) = UnitResolver.resolve(clause.units, in: PlanTestDirectory.directory)
        XCTAssertEqual(unresolved, [])
        XCTAssertEqual(units.ids(.lead), [PlanTestDirectory.office])
        XCTAssertEqual(units.ids(.separatelyResponsible), PlanTestDirectory.memberIDs.subtracting([PlanTestDirectory.office]))
        XCTAssertEqual(units.count, PlanTestDirectory.directory.units.count, "each unit once per clause")
        XCTAssertEqual(units.first { $0.id == PlanTestDirectory.organisation }?.via, "区工委组织部")
        XCTAssertEqual(units.first { $0.id == PlanTestDirectory.transport }?.via, "区安委会各成员单位")
    }

    func testTaskThreeDeadlinesBelongToTheOfficeAndFireOfficeClause() throws {
        let three = try task("(三)", seed())
        XCTAssertEqual(three.clauses.count, 2)
        let first = three.clauses[0]
        XCTAssertEqual(first.units.map(\.text), ["区安委办", "区工委组织部", "区发改局", "区绩效办", "区安委会有关成员单位"])
        XCTAssertEqual(first.units.map(\.role), [.lead, .cooperating, .cooperating, .cooperating, .cooperating])
        XCTAssertEqual(first.deadlines, [])

        let second = three.clauses[1]
        XCTAssertEqual(second.raw, "(责任单位:区安委办、区消安办)")
        XCTAssertEqual(second.units.map(\.text), ["区安委办", "区消安办"])
        XCTAssertEqual(second.units.map(\.role), [.lead, .lead])
        XCTAssertEqual(second.deadlines.map(\.phrase), ["12月底前", "年底前"])
        XCTAssertEqual(second.deadlines.map(\.spec.dueDate?.iso), ["2024-12-31", "2024-12-31"])
        XCTAssertEqual(second.deadlines.map(\.line), [6, 6])
        XCTAssertTrue(second.text.hasPrefix("12月底前,配合做好省安委会"))
        XCTAssertEqual(three.deadlines.map(\.phrase), ["12月底前", "年底前"])

        let (units, unresolved) = UnitResolver.resolve(second.units, in: PlanTestDirectory.directory)
        XCTAssertEqual(unresolved, [])
        XCTAssertEqual(units.map(\.id), [PlanTestDirectory.office, PlanTestDirectory.fireOffice])
        XCTAssertEqual(units.map(\.name), ["区安全生产委员会办公室", "区消防安全委员会办公室"])

        // The named units cooperate; "区安委会有关成员单位" waits for the office to designate them (never all 55).
        let cooperating = UnitResolver.resolveWithNotes(first.units, in: PlanTestDirectory.directory)
        XCTAssertEqual(cooperating.units.ids(.lead), [PlanTestDirectory.office])
        XCTAssertEqual(cooperating.units.ids(.cooperating), [PlanTestDirectory.organisation, PlanTestDirectory.development, PlanTestDirectory.performance])
        XCTAssertEqual(cooperating.toDesignate.map(\.phrase), ["区安委会有关成员单位"])
    }

    func testTaskFourTwoClausesLeapYearDeadlineAndQuarterly() throws {
        let four = try task("(四)", seed())
        XCTAssertEqual(four.clauses.count, 2)
        XCTAssertEqual(four.clauses[0].units, [UnitPhrase(text: "区安委办", role: .lead, line: 8)])
        XCTAssertEqual(four.clauses[0].deadlines.map(\.spec), [.by(PlanDate(year: 2024, month: 2, day: 29)), .quarterly(year: 2024)])
        XCTAssertEqual(four.clauses[1].units.map(\.text), ["区安委办", "十二个专项领导小组办公室所在单位"])
        XCTAssertEqual(four.clauses[1].units.map(\.role), [.lead, .separatelyResponsible])
        XCTAssertTrue(four.clauses[1].text.hasPrefix("落实区安委会十二个专项领导小组"))
        XCTAssertEqual(four.deadlines.first?.spec.dueDate?.iso, "2024-02-29")
        XCTAssertEqual(four.deadlines.first?.phrase, "2月底前")
        XCTAssertTrue(four.deadlines.contains { $0.spec == .quarterly(year: 2024) && $0.phrase == "每季度" })

        let hosts = UnitResolver.resolve(four.clauses[1].units, in: PlanTestDirectory.directory).units
        XCTAssertEqual(hosts.ids(.lead), [PlanTestDirectory.office])
        XCTAssertEqual(hosts.ids(.separatelyResponsible), [PlanTestDirectory.housing, PlanTestDirectory.transport])
        XCTAssertEqual(Set(hosts.filter { $0.role == .separatelyResponsible }.map(\.via)), ["十二个专项领导小组办公室所在单位"])
    }

    func testTaskSevenWithinFebruaryAndEndOfFebruary() throws {
        let seven = try task("(七)", seed())
        XCTAssertEqual(seven.deadlines.map(\.phrase), ["2月", "2月底"])
        XCTAssertEqual(seven.deadlines.map(\.spec), [.withinMonth(year: 2024, month: 2), .by(PlanDate(year: 2024, month: 2, day: 29))])
        XCTAssertEqual(seven.deadlines[0].spec.dueDate?.iso, "2024-02-29")
    }

    func testTaskEightSpecialPeriodsQuarterlyAndTruncatedTail() throws {
        let plan = try seed()
        let eight = try task("(八)", plan)
        XCTAssertEqual(eight.clauses.count, 1, "the cut-off second clause is not imported")
        XCTAssertEqual(eight.clauses[0].units.map(\.text), ["区安委办", "区安委会有关成员单位"])
        XCTAssertEqual(eight.clauses[0].units.map(\.role), [.lead, .separatelyResponsible])
        XCTAssertEqual(eight.clauses[0].deadlines.map(\.spec), [.specialPeriods(["全国两会", "中秋", "国庆"]), .quarterly(year: 2024)])
        XCTAssertEqual(eight.clauses[0].deadlines[0].phrase, "全国两会、中秋、国庆等重大活动和重大节日期间")
        XCTAssertNil(eight.clauses[0].deadlines[0].spec.dueDate)
        XCTAssertEqual(DeadlineSpec.quarterly(year: 2024).occurrences.map(\.iso), ["2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31"])
        XCTAssertFalse(eight.text.contains("区平安"), "the incomplete clause is left out of the task text")
        XCTAssertTrue(eight.text.hasSuffix("上学就医等公共安全底线。"))

        let cut = try XCTUnwrap(plan.warnings.first { $0.message.contains("截断") })
        XCTAssertEqual(cut.line, 13)
        XCTAssertTrue(cut.message.contains("(责任单位:区安委会、区平安"))
        XCTAssertTrue(cut.message.contains("(八)"))
    }

    func testFooterIgnoredAndEveryWarningHasALine() throws {
        let plan = try seed()
        let footer = try XCTUnwrap(plan.warnings.first { $0.message.contains("页脚") })
        XCTAssertEqual(footer.line, 14)
        XCTAssertFalse(plan.tasks.contains { $0.text.contains("转载") || $0.text.contains("http") })
        XCTAssertEqual(plan.warnings.count, 2, "\(plan.warnings)")
        XCTAssertTrue(plan.warnings.allSatisfy { (1...14).contains($0.line) })
        XCTAssertEqual(plan.warnings.map(\.line), [13, 14])
    }

    func testPreambleIsNotATask() throws {
        let plan = try seed()
        XCTAssertFalse(plan.tasks.contains { $0.text.contains("主要任务是") })
    }

    func testEveryClauseOfTheSeedResolvesWithoutUnknownNames() throws {
        let plan = try seed()
        for clause in plan.tasks.flatMap(\.clauses) {
            let resolution = UnitResolver.resolveWithNotes(clause.units, in: PlanTestDirectory.directory)
            XCTAssertEqual(resolution.unresolved, [], clause.raw)
            // A clause names units, or relevant units the office designates (待明确), or both.
            XCTAssertFalse(resolution.units.isEmpty && resolution.toDesignate.isEmpty, clause.raw)
            XCTAssertEqual(Set(resolution.units.map(\.id)).count, resolution.units.count, clause.raw)
        }
    }

    func testPlanEncodesAsJSON() throws {
        let plan = try seed()
        let data = try JSONEncoder().encode(plan)
        let back = try JSONDecoder().decode(ParsedPlan.self, from: data)
        XCTAssertEqual(back.sections, plan.sections)
        XCTAssertEqual(back.warnings, plan.warnings)
        XCTAssertEqual(back.taskCount, 8)
    }
}
