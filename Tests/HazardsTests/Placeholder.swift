import XCTest
final class HazardsTestsPlaceholder: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
