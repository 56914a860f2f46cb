// 时限识别:月底前(闰年与平年)、年底前、上半年、单独的“2月”、具体日期、季度、每季度、重大活动和节日期间。
import XCTest
@testable import Responsibilities

final class PlanDeadlineTests: XCTestCase {
    private func scan(_ text: String, year: Int = 2024) -> [ParsedDeadline] {
        DeadlineScanner.scan(PlanGlyphs.lines(of: text).flatMap(\.glyphs), year: year)
    }

    func testEndOfFebruaryInLeapAndNonLeapYears() {
        XCTAssertEqual(scan("2月底前完成", year: 2024).map(\.spec), [.by(PlanDate(year: 2024, month: 2, day: 29))])
        XCTAssertEqual(scan("2月底前完成", year: 2025).map(\.spec), [.by(PlanDate(year: 2025, month: 2, day: 28))])
        XCTAssertEqual(scan("2月底前完成", year: 2100).first?.spec.dueDate?.iso, "2100-02-28")
        XCTAssertEqual(scan("2月底前完成", year: 2000).first?.spec.dueDate?.iso, "2000-02-29")
        XCTAssertEqual(scan("二月底前完成", year: 2025).first?.spec.dueDate?.iso, "2025-02-28")
    }

    func testEndOfYearFirstHalfAndMonthEnds() {
        XCTAssertEqual(scan("12月底前,年底前,6月底前,上半年,下半年").map(\.spec.dueDate?.iso),
                       ["2024-12-31", "2024-12-31", "2024-06-30", "2024-06-30", "2024-12-31"])
        XCTAssertEqual(scan("12月底前,年底前,6月底前,上半年").map(\.phrase), ["12月底前", "年底前", "6月底前", "上半年"])
        XCTAssertEqual(scan("力争年内完成").map(\.spec.dueDate?.iso), ["2024-12-31"])
        XCTAssertEqual(scan("2025年底前基本消除").map(\.phrase), ["2025年底前"])
        XCTAssertEqual(scan("2025年底前基本消除").map(\.spec.dueDate?.iso), ["2025-12-31"])
        XCTAssertEqual(scan("2025年3月底前").map(\.spec.dueDate?.iso), ["2025-03-31"])
    }

    func testMonthAloneMeansWithinThatMonth() {
        let found = scan("2月,印发实施方案")
        XCTAssertEqual(found.map(\.spec), [.withinMonth(year: 2024, month: 2)])
        XCTAssertEqual(found.first?.spec.dueDate?.iso, "2024-02-29")
        XCTAssertEqual(found.first?.spec.occurrences.map(\.iso), ["2024-02-29"])
        XCTAssertEqual(scan("9月份开展检查").map(\.spec), [.withinMonth(year: 2024, month: 9)])
    }

    func testExactDaysAndTenDayPeriods() {
        XCTAssertEqual(scan("3月15日前报送").map(\.spec.dueDate?.iso), ["2024-03-15"])
        XCTAssertEqual(scan("3月15日前报送").map(\.phrase), ["3月15日前"])
        XCTAssertEqual(scan("4月中旬前").map(\.spec.dueDate?.iso), ["2024-04-20"])
        XCTAssertEqual(scan("2月30日前").count, 0, "no such day: not invented")
        XCTAssertEqual(scan("第一季度末前完成").map(\.spec.dueDate?.iso), ["2024-03-31"])
        XCTAssertEqual(scan("第一季度末前完成").map(\.phrase), ["第一季度末前"])
    }

    func testQuarterlyRecurrence() {
        let found = scan("每季度至少组织研究一次,按季度报送")
        XCTAssertEqual(found.map(\.spec), [.quarterly(year: 2024), .quarterly(year: 2024)])
        XCTAssertNil(found[0].spec.dueDate)
        XCTAssertEqual(found[0].spec.occurrences.count, 4)
        XCTAssertEqual(found[0].spec.occurrences.last?.iso, "2024-12-31")
    }

    func testSpecialPeriods() {
        let found = scan("在全国两会、中秋、国庆等重大活动和重大节日期间,开展明查暗访")
        XCTAssertEqual(found.map(\.spec), [.specialPeriods(["全国两会", "中秋", "国庆"])])
        XCTAssertEqual(found.map(\.phrase), ["全国两会、中秋、国庆等重大活动和重大节日期间"])
        XCTAssertEqual(scan("春节和国庆期间加强值守").map(\.spec), [.specialPeriods(["春节", "国庆"])])
        XCTAssertEqual(scan("督导期间发现问题").count, 0)
    }

    func testThingsThatAreNotDeadlines() {
        XCTAssertEqual(scan("确保2024年各项任务落实,基本消除2023年及以前的存量,三年行动(2024—2026年),12个月内,相对固定5个督导组,增长3.5%").count, 0)
        XCTAssertEqual(scan("月度调度,十二个专项领导小组").count, 0)
    }

    func testLineNumbersFollowTheText() {
        let found = scan("第一行没有\n\n2月底前完成\n年底前完成")
        XCTAssertEqual(found.map(\.line), [3, 4])
    }

    func testPlanDateBasics() {
        XCTAssertEqual(PlanDate(year: 2024, month: 2, day: 29).iso, "2024-02-29")
        XCTAssertNil(PlanDate(validYear: 2025, month: 2, day: 29))
        XCTAssertNotNil(PlanDate(validYear: 2024, month: 2, day: 29))
        XCTAssertLessThan(PlanDate(year: 2024, month: 2, day: 29), PlanDate(year: 2024, month: 3, day: 1))
        XCTAssertEqual(DeadlineSpec.specialPeriods(["国庆"]).occurrences, [])
    }
}
