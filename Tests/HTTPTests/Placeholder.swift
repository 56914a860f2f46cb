import XCTest
final class HTTPTestsPlaceholder: XCTestCase { func testBuilds() { XCTAssertTrue(true) } }
