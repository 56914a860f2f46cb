import Kernel
import XCTest

/// The one HTML escaping the printable documents and the web pages share.
final class HTMLTextTests: XCTestCase {
    func testTheFiveCharactersAreReplacedAndChineseIsKept() {
        XCTAssertEqual(HTMLText.escape(#"<a href="x">东城镇 & 'y'</a>"#),
                       "&lt;a href=&quot;x&quot;&gt;东城镇 &amp; &#39;y&#39;&lt;/a&gt;")
    }

    func testAQuoteFollowedByACombiningMarkIsStillEscaped() {
        // `"\u{301}` is one Character; matched by Character it was left as a bare quote, which ends
        // an attribute value early.
        let escaped = HTMLText.escape("a\"\u{301}b<\u{338}")
        XCTAssertFalse(escaped.unicodeScalars.contains("\""))
        XCTAssertFalse(escaped.unicodeScalars.contains("<"))
        XCTAssertEqual(escaped, "a&quot;\u{301}b&lt;\u{338}")
    }

    func testEscapingIntoAppendsToWhatIsThere() {
        var out = "<p>"
        HTMLText.escape("1 < 2", into: &out)
        XCTAssertEqual(out, "<p>1 &lt; 2")
    }
}
