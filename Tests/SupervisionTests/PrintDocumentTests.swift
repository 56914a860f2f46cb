// The printed documents after GB/T 9704: an instrument's own HTML route (and command), read as the
// instrument is (404 out of scope), and the notice and assessment in the same frame.
import Foundation
import Kernel
import TestSupport
import XCTest

final class PrintDocumentTests: XCTestCase {
    func testAnInstrumentPrintsAsADocumentForWhoMayReadIt() throws {
        let (test, server) = try servedDemo()
        let office = try server.client(as: "anweiban", of: test)
        let issued = try office.post("/api/v1/supervision/instruments", .object([
            "kind": "admonitoryInterview", "target_territory_id": "西岭镇", "reason": "<b>两项</b>重大隐患逾期未整改 & 未报告",
            "correction_report_due": "2024-12-31", "date": "2024-12-01",
        ]))
        XCTAssertEqual(issued.status, 201, issued.text)
        let id = try XCTUnwrap(issued.json["id"]?.intValue)
        let number = try XCTUnwrap(issued.json["number"]?.stringValue)
        for user in ["anweiban", "admin", "xiling"] {
            let html = try server.client(as: user, of: test).get("/api/v1/supervision/instruments/\(id)/html")
            XCTAssertEqual(html.status, 200, user)
            XCTAssertTrue(html.header("Content-Type")?.hasPrefix("text/html") ?? false)
            XCTAssertTrue(html.text.contains("<p class=\"number\">\(number)</p>"), "the record's number")
            XCTAssertTrue(html.text.contains("关于约谈西岭镇主要负责人的通知"))
            XCTAssertTrue(html.text.contains("<p class=\"to\">西岭镇：</p>"))
            XCTAssertTrue(html.text.contains("&lt;b&gt;两项&lt;/b&gt;重大隐患逾期未整改 &amp; 未报告"))
            XCTAssertFalse(html.text.contains("<b>"))
            XCTAssertTrue(html.text.contains("于2024年12月31日前将书面整改报告报送"))
            XCTAssertTrue(html.text.contains("二〇二四年十二月一日"), "成文日期 in 汉字")
            XCTAssertTrue(html.text.contains("@page{size:A4;margin:37mm 26mm 35mm 28mm}"))
        }
        for user in ["dongcheng", "fgj", "qiye"] {
            let refused = try server.client(as: user, of: test).get("/api/v1/supervision/instruments/\(id)/html")
            XCTAssertEqual(refused.status, 404, user)
            XCTAssertFalse(refused.text.contains("两项"), user)
        }
        XCTAssertEqual(try office.get("/api/v1/supervision/instruments/999999/html").status, 404)
        let cli = test.cli(["supervision", "instruments", "html", String(id), "--as", "anweiban"])
        XCTAssertEqual(cli.code, 0, cli.err)
        XCTAssertTrue(cli.out.hasPrefix("<!DOCTYPE html>") && cli.out.contains(number))
        XCTAssertEqual(test.cli(["supervision", "instruments", "html", String(id), "--as", "dongcheng"]).code, 3)
    }

    func testTheNoticeAndTheBulletinUseTheFrame() throws {
        let (test, server) = try servedDemo()
        let office = try server.client(as: "anweiban", of: test)
        let notices = try office.get("/api/v1/supervision/notices")
        let notice = try XCTUnwrap(notices.json["items"]?.arrayValue?.first)
        let html = try office.get("/api/v1/supervision/notices/\(notice["id"]?.intValue ?? 0)/html")
        XCTAssertTrue(html.text.contains("<p class=\"mark mark-s\">区安全生产委员会办公室文件</p>"), html.text)
        XCTAssertTrue(html.text.contains("<p class=\"number\">\(notice["number"]?.stringValue ?? "-")</p>"))
        XCTAssertTrue(html.text.contains("关于限期整改安全生产督导检查发现问题的通知") && html.text.contains("附件：整改问题清单"))
        let bulletin = try office.get("/api/v1/supervision/assessment/report/html?year=2024")
        XCTAssertTrue(bulletin.text.contains("安委办考核〔2024〕1号") && bulletin.text.contains("关于2024年度安全生产工作考核结果的通报"))
        XCTAssertTrue(bulletin.text.contains("<p class=\"to\">各镇（景区、开发区）、区安委会各成员单位：</p>"))
    }
}
