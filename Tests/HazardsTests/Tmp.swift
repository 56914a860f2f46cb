import XCTest
final class HazardsSmokeTests: XCTestCase { func testNothing() {} }
