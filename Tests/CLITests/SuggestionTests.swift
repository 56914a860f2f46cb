import XCTest
@testable import CLI

final class SuggestionTests: XCTestCase {
    func testEditDistance() {
        XCTAssertEqual(editDistance("unit", "unit"), 0)
        XCTAssertEqual(editDistance("untt", "unit"), 1)
        XCTAssertEqual(editDistance("stauts", "status"), 2)
        XCTAssertEqual(editDistance("", "abc"), 3)
        XCTAssertEqual(editDistance("kitten", "sitting"), 3)
        XCTAssertEqual(editDistance("单位", "单元"), 1)
    }

    func testSuggestsTheClosestWithinTwoEdits() {
        XCTAssertEqual(suggestion(for: "untt", among: ["status", "unit", "units"]), "unit")
        XCTAssertEqual(suggestion(for: "lst", among: ["show", "list"]), "list")
        XCTAssertNil(suggestion(for: "frobnicate", among: ["unit", "status"]))
    }

    func testNeverSuggestsForAWordAsShortAsItsDistance() {
        XCTAssertNil(suggestion(for: "ls", among: ["rm"]))
        XCTAssertNil(suggestion(for: "x", among: ["y"]))
        XCTAssertEqual(suggestion(for: "db", among: ["d", "as"]), "d")
    }
}
