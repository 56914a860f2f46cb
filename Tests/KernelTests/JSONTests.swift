import Kernel
import XCTest

final class JSONTests: XCTestCase {
    func testSerializesInOrderWithEscapes() {
        let value: JSON = .object(["b": 1, "a": .string("引号\"\\\n\u{1}"), "c": .array([.null, true, .double(1.5)])])
        XCTAssertEqual(value.serialized, #"{"b":1,"a":"引号\"\\\n\u0001","c":[null,true,1.5]}"#)
    }

    func testParsesWhatItWrites() throws {
        let value: JSON = .object(["名称": "区安委办", "n": -12, "list": .array(["x", .bool(false)]), "nested": .object(["k": .null])])
        XCTAssertEqual(try JSONParser.parse(value.serialized), value)
        XCTAssertEqual(try JSONParser.parse(value.pretty), value)
    }

    func testRejectsMalformedInputWithAnOffset() {
        for bad in ["", "{", "{\"a\":}", "[1,]", "\"\\x\"", "01", "1.", "tru", "{\"a\":1}x", "\"\u{1}\"", "\"\\ud800\"", "[" + String(repeating: "[", count: 100)] {
            XCTAssertThrowsError(try JSONParser.parse(bad), bad) { error in
                XCTAssertTrue(error is JSONParseError, "\(bad): \(error)")
            }
        }
    }

    func testSurrogatePairsAndBigNumbers() throws {
        XCTAssertEqual(try JSONParser.parse(#""\ud83d\ude00""#), .string("😀"))
        XCTAssertEqual(try JSONParser.parse("9223372036854775807"), .int(Int64.max))
        XCTAssertEqual(try JSONParser.parse("1e3"), .double(1000))
        XCTAssertThrowsError(try JSONParser.parse("1e999"))
    }
}
