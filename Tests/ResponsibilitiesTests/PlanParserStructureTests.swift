// 文档结构:三、>(一)>1. 嵌套,1、与 1 . 编号,词中多余空格,句中空行,通知抬头,落款,编号跳号。
import XCTest
@testable import Responsibilities

final class PlanParserStructureTests: XCTestCase {
    func testNestedLevelsGivePathNumbers() throws {
        let text = """
        区应急管理工作要点
        一、强化基础
        (一)隐患排查。(责任单位:区住建局)
        三、攻坚行动
        (一)组织领导
        1.制定方案。3月底前印发方案。(责任单位:区安委办)
        2.开展督导。(责任单位:区安委办牵头,区交通运输局配合)
        (二)宣传教育。(责任单位:区工委宣传部)
        """
        let plan = try WorkPlanParser.parse(text, year: 2024)
        XCTAssertEqual(plan.sections.map(\.number), ["一", "三"])
        XCTAssertEqual(plan.warnings.map(\.line), [4], "三 after 一 is a numbering skip: \(plan.warnings)")
        XCTAssertEqual(plan.tasks.map(\.number), ["(一)", "三/(一)/1.", "三/(一)/2.", "(二)"])
        XCTAssertEqual(plan.tasks.map(\.title), ["隐患排查", "制定方案", "开展督导", "宣传教育"])
        XCTAssertEqual(plan.tasks.map(\.line), [3, 6, 7, 8])
        XCTAssertEqual(plan.tasks[1].deadlines.map(\.spec.dueDate?.iso), ["2024-03-31"])
        XCTAssertEqual(plan.tasks[2].clauses[0].units.map(\.role), [.lead, .cooperating])
    }

    func testAHundredthItemIsATaskButAnEmergencyNumberIsText() throws {
        // With two digits only, "100." and every item after it were read as the text of item 99.
        let items = (1...101).map { "\($0).第\($0)项任务。(责任单位:区安委办)" }
        let text = (["区安全生产委员会工作要点", "一、重点任务"] + items.prefix(99)
                    + ["119、110等报警电话24小时有人值守。"] + items.suffix(2)).joined(separator: "\n")
        let plan = try WorkPlanParser.parse(text, year: 2024)
        XCTAssertEqual(plan.tasks.count, 101)
        XCTAssertEqual(plan.tasks.suffix(3).map(\.number), ["99.", "100.", "101."])
        XCTAssertEqual(plan.tasks.suffix(2).map(\.title), ["第100项任务", "第101项任务"])
        // A number out of sequence is text of the item before (here after its clause, so said in a warning), not item 119.
        XCTAssertEqual(plan.warnings.count, 1, "\(plan.warnings)")
        XCTAssertTrue(plan.warnings.first?.message.contains("任务99.末尾“119、110等报警电话") == true, "\(plan.warnings)")
    }

    func testADateNoCalendarHasIsSaidNotDroppedSilently() throws {
        let text = """
        一、重点任务
        1.制定方案。2月30日前印发。(责任单位:区安委办)
        2.开展督导。13月底前完成。(责任单位:区住建局)
        3.完成验收。2月29日前完成,12月31日前总结。(责任单位:区发改局)
        """
        let plan = try WorkPlanParser.parse(text, year: 2024)
        XCTAssertEqual(plan.warnings.filter { $0.code == "impossible_date" }.map(\.message), [
            "任务1.中“2月30日前”不是有效日期，未作为期限 (not a valid date; not taken as a deadline)",
            "任务2.中“13月底前”不是有效日期，未作为期限 (not a valid date; not taken as a deadline)",
        ], "2024 is a leap year: 2月29日 is a date")
        XCTAssertEqual(plan.tasks[0].deadlines.count, 0)
        XCTAssertEqual(plan.tasks[2].deadlines.map(\.spec.dueDate?.iso), ["2024-02-29", "2024-12-31"])
        XCTAssertEqual(try WorkPlanParser.parse(text, year: 2025).warnings.filter { $0.code == "impossible_date" }.count, 3, "in 2025 it is not")
    }

    func testArabicNumberingStylesAndHeadlineTitles() throws {
        let text = """
        一、重点任务
        1、加强领导
        细化分工,压实责任。(责任单位:区安委办)
        2 . 强化培训。开展全员培训。(责任单位:区住建局)
        3．完善制度。增长3.5%。(责任单位:区发改局)
        """
        let plan = try WorkPlanParser.parse(text, year: 2024)
        XCTAssertEqual(plan.tasks.map(\.number), ["1.", "2.", "3."])
        XCTAssertEqual(plan.tasks.map(\.title), ["加强领导", "强化培训", "完善制度"])
        XCTAssertEqual(plan.tasks[0].clauses[0].text, "加强领导细化分工,压实责任。")
        XCTAssertEqual(plan.warnings, [])
    }

    func testStraySpacesInsideWordsAreRemoved() throws {
        let text = "一、重点任务\n(一) 落实 责任 。2 月 底前 完成。( 责任单位 : 区 安委办 牵头 , 区住建局　分工负责 )"
        let plan = try WorkPlanParser.parse(text, year: 2024)
        let task = try XCTUnwrap(plan.tasks.first)
        XCTAssertEqual(task.title, "落实责任")
        XCTAssertEqual(task.clauses[0].units.map(\.text), ["区安委办", "区住建局"])
        XCTAssertEqual(task.clauses[0].units.map(\.role), [.lead, .separatelyResponsible])
        XCTAssertEqual(task.deadlines.map(\.phrase), ["2月底前"])
        XCTAssertEqual(task.deadlines.map(\.spec.dueDate?.iso), ["2024-02-29"])
        let units = UnitResolver.resolve(task.clauses[0].units, in: PlanTestDirectory.directory).units
        XCTAssertEqual(units.map(\.id), [PlanTestDirectory.office, PlanTestDirectory.housing])
    }

    func testBlankLineInTheMiddleOfASentence() throws {
        let text = "一、重点任务\n(一)落实责任。推动各成员单位\n\n落实清单,12月底\n\n前完成。(责任单位:区安委办\n\n牵头,区住建局配合)\n(二)下一项。(责任单位:区发改局)"
        let plan = try WorkPlanParser.parse(text, year: 2024)
        XCTAssertEqual(plan.taskCount, 2)
        let clause = try XCTUnwrap(plan.tasks.first?.clauses.first)
        XCTAssertEqual(clause.text, "落实责任。推动各成员单位落实清单,12月底前完成。")
        XCTAssertEqual(clause.deadlines.map(\.phrase), ["12月底前"])
        XCTAssertEqual(clause.deadlines.map(\.line), [4])
        XCTAssertEqual(clause.line, 6)
        XCTAssertEqual(clause.units.map(\.text), ["区安委办", "区住建局"])
        XCTAssertEqual(clause.units.map(\.line), [6, 8])
        XCTAssertEqual(plan.warnings, [])
    }

    func testHeaderAndNoticeBeforeThePlanAndSignOffAfter() throws {
        let text = """
        首页 > 范文大全 > 工作计划
        区安委办〔2025〕3号
        关于印发《区安全生产委员会2025年工作要点》的通知
        各镇(景区、开发区),区安委会各成员单位:
        现将《区安全生产委员会2025年工作要点》印发给你们,请认真贯彻落实。
        1.请于1月底前报送联络员名单。
        区安全生产委员会
        2025年1月6日

        区安全生产委员会2025年工作要点
        一、压实责任
        (一)落实清单。2月底前制定年度工作清单。(责任单位:区安委办)
        区安委办
        2025年1月6日印发
        """
        let plan = try WorkPlanParser.parse(text, year: 2025)
        XCTAssertEqual(plan.title, "区安全生产委员会2025年工作要点")
        XCTAssertEqual(plan.taskCount, 1)
        XCTAssertEqual(plan.sections.map(\.line), [11])
        let task = try XCTUnwrap(plan.tasks.first)
        XCTAssertEqual(task.text, "落实清单。2月底前制定年度工作清单。(责任单位:区安委办)")
        XCTAssertEqual(task.deadlines.map(\.spec.dueDate?.iso), ["2025-02-28"], "2025 is not a leap year")
        XCTAssertEqual(plan.warnings.map(\.line), [13])
        XCTAssertTrue(plan.warnings[0].message.contains("落款"))
    }

    func testNoticeTitleIsUsedWhenThereIsNoTitleLine() throws {
        let plan = try WorkPlanParser.parse("关于印发《区2024年安全生产工作要点》的通知\n一、压实责任\n(一)落实清单。(责任单位:区安委办)", year: 2024)
        XCTAssertEqual(plan.title, "区2024年安全生产工作要点")
    }

    func testTitleYearDifferentFromImportYearIsWarned() throws {
        let plan = try WorkPlanParser.parse("区安全生产委员会2025年工作要点\n一、压实责任\n(一)落实清单。(责任单位:区安委办)", year: 2024)
        XCTAssertEqual(plan.warnings.map(\.line), [1])
        XCTAssertTrue(plan.warnings[0].message.contains("2025"))
    }

    func testPlanWithoutSectionsGetsOneUnnamedSection() throws {
        let plan = try WorkPlanParser.parse("（一）落实清单。（责任单位：区安委办）\n（二）开展培训。（责任单位：区住建局）", year: 2024)
        XCTAssertEqual(plan.sections.count, 1)
        XCTAssertEqual(plan.sections[0].number, "")
        XCTAssertEqual(plan.tasks.map(\.number), ["(一)", "(二)"])
    }

    func testTaskWithoutClauseAndTruncatedLastTaskAreWarned() throws {
        let plan = try WorkPlanParser.parse("一、压实责任\n(一)落实清单。\n(二)开展培训。(责任单位:区住建局)\n(三)开展督导,每季度对各镇开展", year: 2024)
        XCTAssertEqual(plan.taskCount, 3)
        XCTAssertEqual(plan.warnings.map(\.line), [2, 4])
        XCTAssertTrue(plan.warnings[0].message.contains("没有责任条款"))
        XCTAssertTrue(plan.warnings[1].message.contains("截断"))
        XCTAssertEqual(plan.tasks[2].deadlines.map(\.spec), [.quarterly(year: 2024)])
    }

    func testNumberingSkipIsWarned() throws {
        let plan = try WorkPlanParser.parse("一、压实责任\n(一)甲。(责任单位:区安委办)\n(三)乙。(责任单位:区安委办)", year: 2024)
        XCTAssertEqual(plan.warnings.map(\.line), [3])
        XCTAssertTrue(plan.warnings[0].message.contains("(一)之后是(三)"), plan.warnings[0].message)
    }
}
