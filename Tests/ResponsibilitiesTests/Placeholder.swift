import XCTest
final class ResponsibilitiesTestsPlaceholder: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
