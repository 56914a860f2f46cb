// The list page's fast date reading agrees with the kernel's parser, and the colour and overdue
// flags read the same from one parse as they always did.
import Kernel
import XCTest
@testable import Hazards

final class HazardViewTests: XCTestCase {
    func testDateReadingAgreesWithTheKernel() {
        for text in ["2024-06-15", "2023-01-01", "1999-12-31", "2024-02-29", "2023-02-29", "2024-13-01", "2024-00-10", "2024-6-15", "2024/06/15",
                     "20240615xx", "2024-06-1a", "", "2024-06-150", "２０２４-06-15"] {
            XCTAssertEqual(HazardView.date(text), CalendarDate(iso: text), text)
        }
    }

    func testColourAndOverdueAtTheEdges() {
        let today = CalendarDate(year: 2024, month: 6, day: 15)!
        let dueToday = HazardView.colour(status: .rectifying, deadline: "2024-06-15", reviewDue: nil, today: today)
        XCTAssertEqual(dueToday.colour, .yellow)
        XCTAssertEqual(dueToday.reason, "due soon: deadline 2024-06-15, 0 day(s) left")
        XCTAssertFalse(HazardView.isOverdue(status: .rectifying, deadline: "2024-06-15", today: today), "due today is not overdue")
        let late = HazardView.colour(status: .reported, deadline: "2024-06-10", reviewDue: nil, today: today)
        XCTAssertEqual(late.colour, .red)
        XCTAssertEqual(late.reason, "overdue: deadline 2024-06-10, 5 day(s) late")
        XCTAssertTrue(HazardView.isOverdue(status: .reported, deadline: "2024-06-10", today: today))
        XCTAssertFalse(HazardView.isOverdue(status: .closed, deadline: "2024-06-10", today: today))
        XCTAssertEqual(HazardView.colour(status: .reviewApplied, deadline: "2024-07-01", reviewDue: "2024-06-12", today: today).reason,
                       "review overdue: on-site review due 2024-06-12, 3 day(s) late")
        XCTAssertEqual(HazardView.colour(status: .rectifying, deadline: "2024-07-01", reviewDue: nil, today: today).colour, .green)
        XCTAssertEqual(HazardView.colour(status: .merged, deadline: "2024-06-01", reviewDue: nil, today: today).reason, "merged")
    }
}

final class ReceiptKeyTests: XCTestCase {
    /// A receipt key never starts with "-", which a shell line would read as an option (about one
    /// key in 64 did: 4,000 draws without the rule would almost surely show one).
    func testNoReceiptKeyStartsWithADash() {
        let keys = (0..<4_000).map { _ in TipOffService.newReceiptKey() }
        XCTAssertEqual(keys.filter { $0.hasPrefix("-") }, [])
        XCTAssertEqual(Set(keys.map(\.count)), [43], "256 bits in base64url, as before")
        XCTAssertEqual(Set(keys).count, keys.count)
    }
}
