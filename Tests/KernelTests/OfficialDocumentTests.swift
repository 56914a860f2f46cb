// The GB/T 9704 frame: 成文日期 in 汉字, every text escaped, the parts in their order.
import Kernel
import XCTest

final class OfficialDocumentTests: XCTestCase {
    func testTheDateIsWrittenInChinese() {
        XCTAssertEqual(OfficialDocument.chineseDate(CalendarDate(year: 2024, month: 3, day: 1)!), "二〇二四年三月一日")
        XCTAssertEqual(OfficialDocument.chineseDate(CalendarDate(year: 2024, month: 12, day: 31)!), "二〇二四年十二月三十一日")
        XCTAssertEqual(OfficialDocument.chineseDate(CalendarDate(year: 2030, month: 10, day: 20)!), "二〇三〇年十月二十日")
        XCTAssertEqual(OfficialDocument.chineseDate(CalendarDate(year: 2025, month: 11, day: 10)!), "二〇二五年十一月十日")
    }

    func testEveryTextIsEscapedAndThePartsComeInOrder() {
        let hostile = "<script>x</script>\"'&"
        let document = OfficialDocument(number: hostile, title: hostile, addressees: [hostile], body: [.paragraph(hostile), .heading(hostile),
                                        .table(caption: hostile, columns: [hostile], rows: [[hostile]]), .numbered([hostile])],
                                        annexes: [DocumentAnnex(title: hostile, blocks: [.plain(hostile)])], signature: hostile,
                                        date: CalendarDate(year: 2024, month: 3, day: 1), copiedTo: [hostile], printedBy: hostile, footnote: hostile)
        let html = document.html
        XCTAssertFalse(html.contains("<script>"))
        XCTAssertFalse(html.contains("\"'&<"))
        XCTAssertTrue(html.contains("&lt;script&gt;x&lt;/script&gt;&quot;&#39;&amp;"))
        let order = ["class=\"mark", "class=\"number\"", "class=\"rule\"", "class=\"title\"", "class=\"to\"", "class=\"para\"", "class=\"annex-note\"",
                     "class=\"signoff\"", "二〇二四年三月一日", "class=\"annex\"", "class=\"imprint\"", "2024年3月1日印发", "class=\"footnote\""]
        let positions = order.map { html.range(of: $0)?.lowerBound }
        XCTAssertFalse(positions.contains(nil), "\(zip(order, positions).filter { $0.1 == nil }.map(\.0))")
        XCTAssertEqual(positions.compactMap { $0 }, positions.compactMap { $0 }.sorted(), "in the order of GB/T 9704")
        XCTAssertTrue(html.contains("<style>" + OfficialDocument.css + "</style>"), "the one constant style")
        XCTAssertFalse(OfficialDocument.css.contains("http"), "nothing from outside")
    }
}
