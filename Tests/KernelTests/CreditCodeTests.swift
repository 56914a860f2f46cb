import Kernel
import XCTest

final class CreditCodeTests: XCTestCase {
    func testKnownValidCodes() {
        // Published codes of real organisations (their check characters are right).
        for code in ["91350100M000100Y43", "91110000100010433L"] {
            XCTAssertNil(CreditCode.problem(code), code)
        }
    }

    func testCompleteMakesValidCodesAndOneChangedCharacterBreaksThem() {
        let code = CreditCode.complete("91320115MA1XXXXX0")!
        XCTAssertTrue(CreditCode.isValid(code))
        var chars = Array(code)
        chars[10] = chars[10] == "0" ? "1" : "0"
        XCTAssertFalse(CreditCode.isValid(String(chars)))
    }

    func testProblemsNameWhatIsWrong() {
        XCTAssertEqual(CreditCode.problem("123"), "须为18位，收到3位 (must be 18 characters, got 3)")
        XCTAssertTrue(CreditCode.problem("91320115MA1XXXXXIX")?.contains("第17位“I”不可用") ?? false)
        let valid = CreditCode.complete("91320115MA1XXXXX0")!
        let wrongCheck = String(valid.dropLast()) + (valid.last == "0" ? "1" : "0")
        XCTAssertTrue(CreditCode.problem(wrongCheck)?.hasPrefix("校验码为") ?? false)
    }
}
