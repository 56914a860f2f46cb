import XCTest
final class ConsultationsTestsPlaceholder: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
