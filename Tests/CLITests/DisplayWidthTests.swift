import XCTest
@testable import CLI

final class DisplayWidthTests: XCTestCase {
    func testASCIICountsOneColumnEach() {
        XCTAssertEqual(displayWidth(""), 0)
        XCTAssertEqual(displayWidth("abc"), 3)
        XCTAssertEqual(displayWidth("--db PATH"), 9)
    }

    func testCJKIdeographsCountTwo() {
        XCTAssertEqual(displayWidth("区安委办"), 8)
        XCTAssertEqual(displayWidth("东城镇"), 6)
        XCTAssertEqual(displayWidth("A区B"), 4)
    }

    func testHangulAndKanaCountTwo() {
        XCTAssertEqual(displayWidth("한국"), 4)
        XCTAssertEqual(displayWidth("カナ"), 4)
        // A decomposed syllable (leading consonant + vowel) is one wide cluster.
        XCTAssertEqual(displayWidth("\u{1100}\u{1161}"), 2)
    }

    func testFullwidthAndCJKPunctuationCountTwo() {
        for mark in ["，", "。", "（", "）", "：", "、", "！", "；", "「", "」", "￥"] {
            XCTAssertEqual(displayWidth(mark), 2, "\(mark)")
        }
        XCTAssertEqual(displayWidth("ＡＢ"), 4)
        XCTAssertEqual(displayWidth("隐患（重大）：3"), 15)
    }

    func testHalfwidthPunctuationCountsOne() {
        XCTAssertEqual(displayWidth(",.():"), 5)
        XCTAssertEqual(displayWidth("ｱ"), 1) // halfwidth katakana
    }

    func testCombiningMarksAndZeroWidthCountZero() {
        XCTAssertEqual(displayWidth("e\u{301}"), 1)
        XCTAssertEqual(displayWidth("e\u{301}\u{302}"), 1)
        XCTAssertEqual(displayWidth("\u{301}"), 0)
        XCTAssertEqual(displayWidth("a\u{200B}b"), 2)
        XCTAssertEqual(displayWidth("\u{FEFF}"), 0)
        XCTAssertEqual(displayWidth("\u{7}"), 0)
    }

    func testEmojiCountTwo() {
        XCTAssertEqual(displayWidth("👍"), 2)
        XCTAssertEqual(displayWidth("👍🏽"), 2)
        XCTAssertEqual(displayWidth("👨‍👩‍👧"), 2)
        XCTAssertEqual(displayWidth("🇨🇳"), 2)
        XCTAssertEqual(displayWidth("©"), 1)
        XCTAssertEqual(displayWidth("©\u{FE0F}"), 2)
    }
}
