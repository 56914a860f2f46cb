import XCTest
final class SupervisionTestsPlaceholder: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
