import Foundation
import Kernel
import XCTest

final class TimeTests: XCTestCase {
    func testCalendarDatesRoundTripThroughDaysAndText() {
        for days in stride(from: -700_000, through: 2_900_000, by: 997) {
            let date = CalendarDate(daysSinceEpoch: days)
            XCTAssertEqual(date.daysSinceEpoch, days)
            XCTAssertEqual(CalendarDate(iso: date.iso), date)
        }
        XCTAssertNil(CalendarDate(iso: "2023-02-29"))
        XCTAssertNotNil(CalendarDate(iso: "2024-02-29"))
        XCTAssertNil(CalendarDate(iso: "2024-13-01"))
        XCTAssertNil(CalendarDate(iso: "2024-1-01"))
        XCTAssertNil(CalendarDate(iso: "二〇二四"))
    }

    func testEndOfMonthAndQuarters() {
        XCTAssertEqual(CalendarDate.endOfMonth(year: 2024, month: 2).iso, "2024-02-29")
        XCTAssertEqual(CalendarDate.endOfMonth(year: 2025, month: 2).iso, "2025-02-28")
        XCTAssertEqual(CalendarDate.endOfMonth(year: 2100, month: 2).iso, "2100-02-28")
        XCTAssertEqual(CalendarDate.endOfQuarter(year: 2024, quarter: 2).iso, "2024-06-30")
        XCTAssertEqual(CalendarDate(iso: "2024-08-15")!.quarter, 3)
    }

    func testShanghaiDayBoundary() {
        // 2024-02-29 16:30 UTC is already 2024-03-01 in Asia/Shanghai.
        let instant = Instant.parse("2024-02-29T16:30:00Z")!
        XCTAssertEqual(CalendarDate(instant).iso, "2024-03-01")
        XCTAssertEqual(Instant.shanghai(instant), "2024-03-01T00:30:00+08:00")
        XCTAssertEqual(Instant.utc(instant), "2024-02-29T16:30:00.000Z")
        XCTAssertEqual(CalendarDate(iso: "2024-03-01")!.startInstant, Instant.parse("2024-02-29T16:00:00Z"))
        XCTAssertEqual(Instant.parse("2024-03-01T08:00:00+08:00"), Instant.parse("2024-03-01T00:00:00Z"))
        XCTAssertNil(Instant.parse("yesterday"))
        XCTAssertNil(Instant.parse("2024-03-01T25:00:00Z"))
    }

    func testDeadlineInstances() {
        XCTAssertEqual(Deadline.endOfMonth(year: 2024, month: 2).finalDue.iso, "2024-02-29")
        XCTAssertEqual(Deadline.endOfYear(year: 2024).finalDue.iso, "2024-12-31")
        XCTAssertEqual(Deadline.quarterly(year: 2024).instances.map(\.due.iso), ["2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31"])
        XCTAssertEqual(Deadline.quarterly(year: 2024).instances.map(\.period), ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"])
        XCTAssertTrue(Deadline.quarterly(year: 2024).isRecurring)
        XCTAssertEqual(Deadline.endOfMonth(year: 2024, month: 2).phrase, "2月底前")
    }

    func testColoursSayWhyAndDueTodayIsNotOverdue() {
        let rules = ColourRules()
        let start = CalendarDate(iso: "2024-01-01")!, due = CalendarDate(iso: "2024-02-29")!
        let onDueDay = rules.verdict(today: due, start: start, due: due, progress: 90, completed: false)
        XCTAssertNotEqual(onDueDay.colour, .red, "due today is not overdue")
        let after = rules.verdict(today: CalendarDate(iso: "2024-03-01")!, start: start, due: due, progress: 90, completed: false)
        XCTAssertEqual(after.colour, .red)
        XCTAssertTrue(after.reason.contains("2024-02-29") && after.reason.contains("R1"), after.reason)
        XCTAssertEqual(rules.verdict(today: CalendarDate(iso: "2024-03-01")!, start: start, due: due, progress: nil, completed: true).colour, .green)
        let soon = rules.verdict(today: CalendarDate(iso: "2024-02-25")!, start: start, due: due, progress: 95, completed: false)
        XCTAssertEqual(soon.colour, .yellow)
        XCTAssertTrue(soon.reason.contains("R3"))
        let behind = rules.verdict(today: CalendarDate(iso: "2024-02-10")!, start: start, due: due, progress: 0, completed: false)
        XCTAssertEqual(behind.colour, .red)
        XCTAssertTrue(behind.reason.contains("R2"))
        var lenient = ColourRules()
        lenient.behindRedPercent = 100
        lenient.behindYellowPercent = 100
        XCTAssertEqual(lenient.verdict(today: CalendarDate(iso: "2024-02-01")!, start: start, due: due, progress: nil, completed: false).colour, .green)
    }

    func testFixedAndOffsetClocks() {
        let clock = FixedClock(CalendarDate(year: 2024, month: 3, day: 1)!)
        XCTAssertEqual(CalendarDate.today(clock).iso, "2024-03-01")
        clock.advance(seconds: 86_400)
        XCTAssertEqual(CalendarDate.today(clock).iso, "2024-03-02")
        let offset = OffsetClock(today: CalendarDate(year: 2024, month: 6, day: 15)!)
        XCTAssertEqual(CalendarDate(offset.now()).iso, "2024-06-15")
    }
}
