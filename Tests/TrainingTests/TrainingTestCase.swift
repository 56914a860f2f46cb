// One demo database per test class (building it costs seconds), on the class's own `today`.
import Kernel
import TestSupport
import XCTest

class TrainingTestCase: XCTestCase {
    nonisolated(unsafe) static var shared: [String: TestApplication] = [:]

    /// The day the class's demo database is built on; a class overrides it.
    class var today: CalendarDate { CalendarDate(year: 2024, month: 6, day: 20)! }

    var test: TestApplication { Self.shared[String(describing: type(of: self))]! }

    override class func setUp() {
        super.setUp()
        shared[String(describing: self)] = try? TestApplication(demo: true, today: today)
    }

    override class func tearDown() {
        shared[String(describing: self)] = nil
        super.tearDown()
    }
}
