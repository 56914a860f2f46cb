// A check's marks read once (`FiredThresholds`): exactly what `fireOnce` recorded for that check,
// by subject, none of another check's; a threshold read as fired is one `fireOnce` refuses.
import Foundation
import Kernel
import TestSupport
import XCTest

final class FiredThresholdsTests: XCTestCase {
    func testAReadHoldsEveryMarkOfItsCheckAndNoOther() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanUp() }
        let database = try Database(path: folder.file("fired.db"))
        try Migrator.migrate(database, Migration.embedded(module: "kernel", kernelMigrations), now: "2024-01-01T00:00:00.000Z")
        let core = Core(database: database, clock: FixedClock(CalendarDate(year: 2024, month: 6, day: 1)!), bus: EventBus([]))
        try core.write(.system("test")) { tx in
            XCTAssertEqual(try tx.firedThresholds(check: "a").count, 0)
            XCTAssertTrue(try tx.fireOnce(check: "a", subject: "hazard:1", threshold: "1d"))
            XCTAssertTrue(try tx.fireOnce(check: "a", subject: "hazard:1", threshold: "7d"))
            XCTAssertTrue(try tx.fireOnce(check: "a", subject: "hazard:12", threshold: "deadline:2024-05-01"))
            XCTAssertTrue(try tx.fireOnce(check: "b", subject: "hazard:2", threshold: "1d"))
            XCTAssertFalse(try tx.fireOnce(check: "a", subject: "hazard:1", threshold: "1d"), "once per threshold")
            try tx.audit(action: "test.fire", entity: "check", entityID: "a")
        }
        try core.write(.system("test")) { tx in
            let a = try tx.firedThresholds(check: "a")
            XCTAssertEqual(a.count, 3)
            XCTAssertTrue(a.contains(subject: "hazard:1", threshold: "1d"))
            XCTAssertTrue(a.contains(subject: "hazard:1", threshold: "7d"))
            XCTAssertTrue(a.contains(subject: "hazard:12", threshold: "deadline:2024-05-01"))
            XCTAssertFalse(a.contains(subject: "hazard:1", threshold: "30d"))
            XCTAssertFalse(a.contains(subject: "hazard:2", threshold: "1d"), "another check's mark")
            XCTAssertFalse(a.contains(subject: "hazard:3", threshold: "1d"))
            // What it reads as fired, fireOnce refuses; what it does not, fireOnce marks.
            for threshold in ["1d", "7d"] { XCTAssertFalse(try tx.fireOnce(check: "a", subject: "hazard:1", threshold: threshold)) }
            XCTAssertTrue(try tx.fireOnce(check: "a", subject: "hazard:1", threshold: "30d"))
            try tx.audit(action: "test.fire", entity: "check", entityID: "a")
            XCTAssertTrue(try tx.firedThresholds(check: "a").contains(subject: "hazard:1", threshold: "30d"), "read in the same transaction")
        }
    }

    /// Past 64 distinct thresholds (a listing proposal's is its deadline) the marks are kept whole.
    func testManyDistinctThresholdsAreAllKept() throws {
        let folder = TemporaryFolder()
        defer { folder.cleanUp() }
        let database = try Database(path: folder.file("many.db"))
        try Migrator.migrate(database, Migration.embedded(module: "kernel", kernelMigrations), now: "2024-01-01T00:00:00.000Z")
        let core = Core(database: database, clock: FixedClock(CalendarDate(year: 2024, month: 6, day: 1)!), bus: EventBus([]))
        let day = CalendarDate(year: 2024, month: 1, day: 1)!
        try core.write(.system("test")) { tx in
            for n in 0..<150 where n % 3 != 1 {
                XCTAssertTrue(try tx.fireOnce(check: "c", subject: "hazard:\(n % 7)", threshold: "deadline:\(day.adding(days: n).iso)"))
            }
            try tx.audit(action: "test.fire", entity: "check", entityID: "c")
        }
        try core.write(.system("test")) { tx in
            let c = try tx.firedThresholds(check: "c")
            XCTAssertEqual(c.count, 100)
            for n in 0..<150 {
                for subject in 0..<7 {
                    XCTAssertEqual(c.contains(subject: "hazard:\(subject)", threshold: "deadline:\(day.adding(days: n).iso)"), n % 3 != 1 && n % 7 == subject, "\(n) \(subject)")
                }
            }
        }
    }
}
