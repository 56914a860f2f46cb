// The hazard dashboard (隐患统计) and the statistics reports (隐患统计报告) over the real server:
// each role sees the API's figures for it, every count links to the register filtered to what it
// counts, a wrong dimension is a Chinese 422 page, the closure warnings only where the API admits.
import Foundation
import Kernel
import TestSupport
@testable import Web
import XCTest

final class HazardDashboardPageTests: WebPagesTestCase {
    /// The total row's figures the API gives `user` (`GET /api/v1/hazards/stats`).
    func apiTotal(_ user: String, by: String = "territory") throws -> JSON {
        let reply = try HTTPClient(port: server.port, token: test.token(for: user)).get("/api/v1/hazards/stats?by=\(by)")
        XCTAssertEqual(reply.status, 200)
        return try XCTUnwrap(reply.json["items"]?.arrayValue?.last)
    }

    /// The figures of the summary strip, by their heading.
    func figure(_ page: HTTPReply, _ heading: String) -> String? {
        guard let range = page.text.range(of: "<span>\(heading)</span><strong>") else { return nil }
        return String(page.text[range.upperBound...].prefix { $0 != "<" })
    }

    func testEachRoleSeesTheFiguresTheAPIGivesItInEachDimension() throws {
        for user in ["anweiban", "yjj", "dongcheng", "inspector1", "qiye"] {
            let browser = WebBrowser(port: server.port)
            try browser.signIn(user)
            XCTAssertTrue(try browser.get("/").text.contains("href=\"/hazards/dashboard\""), "\(user) has it in the menu")
            for by in ["territory", "sector", "unit"] {
                let page = try browser.get("/hazards/dashboard?by=\(by)")
                XCTAssertEqual(page.status, 200, "\(user) \(by)")
                XCTAssertLessThan(page.body.count, 60 * 1024)
                let total = try apiTotal(user, by: by)
                XCTAssertEqual(figure(page, "未销号隐患"), number(total["open"]), "\(user) \(by)")
                XCTAssertEqual(figure(page, "存量重大隐患"), number(total["stock"]), "\(user) \(by)")
                XCTAssertEqual(figure(page, "逾期未销号"), number(total["overdue"]), "\(user) \(by)")
                if (total["total"]?.intValue ?? 0) > 0 { XCTAssertTrue(page.text.contains("<th scope=\"row\">合计</th>"), "\(user) \(by)") }
            }
        }
        // The enterprise's figures are its own: fewer than the district's.
        XCTAssertLessThan(try apiTotal("qiye")["total"]?.intValue ?? 0, try apiTotal("anweiban")["total"]?.intValue ?? 0)
    }

    func number(_ value: JSON?) -> String { value?.intValue.map { String($0) } ?? "" }

    func testEveryCountLinksToTheRegisterListingWhatItCounts() throws {
        let office = WebBrowser(port: server.port)
        try office.signIn("anweiban")
        let page = try office.get("/hazards/dashboard?by=territory")
        let links = page.text.components(separatedBy: "href=\"/hazards?").dropFirst().map { "/hazards?" + $0.prefix { $0 != "\"" } }
            .map { $0.replacingOccurrences(of: "&amp;", with: "&") }
        XCTAssertFalse(links.isEmpty)
        let open = try XCTUnwrap(links.first { $0.contains("territory_id=") && $0.contains("status=open") && !$0.contains("stock") })
        let listed = try office.get(open)
        XCTAssertEqual(listed.status, 200)
        XCTAssertTrue(listed.text.contains("<h1>隐患台账</h1>"))
        // The count in the cell is what the register lists (under a page of 20).
        let cell = page.text.components(separatedBy: "href=\"\(open.replacingOccurrences(of: "&", with: "&amp;"))\">").dropFirst().first.map { String($0.prefix { $0.isNumber }) }
        let count = try XCTUnwrap(cell.flatMap { Int($0) })
        if count <= 20 { XCTAssertTrue(listed.text.contains("本页 \(count) 条"), "\(open): \(count)") }
        for link in links.prefix(12) { XCTAssertEqual(try office.get(link).status, 200, link) }
    }

    func testAWrongDimensionIsAChinese422AndTheClosureWarningsAreTheOfficials() throws {
        let office = WebBrowser(port: server.port)
        try office.signIn("anweiban")
        let wrong = try office.get("/hazards/dashboard?by=planet")
        XCTAssertEqual(wrong.status, 422)
        XCTAssertTrue(wrong.text.contains("统计维度有误"))
        XCTAssertTrue(try office.get("/hazards/dashboard").text.contains("提请关闭的生产经营单位"))
        let csv = try office.get("/hazards/dashboard/export?by=sector")
        XCTAssertEqual(csv.status, 200)
        XCTAssertEqual(csv.header("Content-Type"), "text/csv; charset=utf-8")
        let qiye = WebBrowser(port: server.port)
        try qiye.signIn("qiye")
        let own = try qiye.get("/hazards/dashboard")
        XCTAssertEqual(own.status, 200)
        XCTAssertFalse(own.text.contains("提请关闭的生产经营单位"), "the closure warnings' route does not admit an enterprise")
        let signedOut = try WebBrowser(port: server.port).get("/hazards/dashboard")
        XCTAssertEqual(signedOut.status, 303)
    }

    func testTheStatisticsReportsListAndAnEnterpriseFilesItsOwn() throws {
        let qiye = WebBrowser(port: server.port)
        try qiye.signIn("qiye")
        let page = try qiye.get("/hazards/reports?period=2024-Q1")
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.text.contains("2024-Q1 隐患排查治理统计报告"))
        XCTAssertFalse(page.text.contains("name=\"enterprise_id\""), "an enterprise files its own")
        let csrf = try XCTUnwrap(WebBrowser.csrf(page))
        let future = try qiye.post("/hazards/reports", [("period", "2024-Q3"), ("signed_by", "王伟")], csrf: csrf)
        XCTAssertEqual(future.status, 422, "a period not yet ended")
        XCTAssertTrue(future.text.contains("报告未报送"))
        let blank = try qiye.post("/hazards/reports", [("period", "2023-Q4")], csrf: csrf)
        XCTAssertEqual(blank.status, 422)
        let notPrincipal = try qiye.post("/hazards/reports", [("period", "2023-Q4"), ("signed_by", "王伟")], csrf: csrf)
        XCTAssertEqual(notPrincipal.status, 422, "signed by the principal person only")
        XCTAssertTrue(notPrincipal.text.contains("主要负责人"))
        let filed = try qiye.post("/hazards/reports", [("period", "2023-Q4"), ("signed_by", "苏芳")], csrf: csrf)
        XCTAssertEqual(filed.status, 303)
        let after = try qiye.get(try XCTUnwrap(filed.location))
        XCTAssertTrue(after.text.contains("统计报告已报送"))
        XCTAssertTrue(after.text.contains("苏芳") && after.text.contains("已逾期报送"), "due 2024-01-15, filed in June")
        let again = try qiye.post("/hazards/reports", [("period", "2023-Q4"), ("signed_by", "苏芳")], csrf: csrf)
        XCTAssertEqual(again.status, 422)
        XCTAssertTrue(again.text.contains("不能重复报送"))
        // The office sees every enterprise's line; a bad period is a Chinese 422.
        let office = WebBrowser(port: server.port)
        try office.signIn("anweiban")
        let all = try office.get("/hazards/reports?period=2023-Q4")
        XCTAssertTrue(all.text.contains("苏芳") && all.text.contains("未报送"))
        XCTAssertEqual(try office.get("/hazards/reports?period=soon").status, 422)
        XCTAssertEqual(try office.get("/hazards/reports/export?period=2024-Q1").status, 200)
        // Who may not file (a unit) has no form, and its post is refused.
        let yjj = WebBrowser(port: server.port)
        try yjj.signIn("yjj")
        let theirs = try yjj.get("/hazards/reports?period=2024-Q1")
        XCTAssertEqual(theirs.status, 200)
        XCTAssertFalse(theirs.text.contains("action=\"/hazards/reports\" class=\"stack\""))
        XCTAssertEqual(try yjj.post("/hazards/reports", [("period", "2024-Q1"), ("signed_by", "x")], csrf: WebBrowser.csrf(theirs)).status, 403)
    }

    func testOverviewLinesAndClosureReasonsReadAsPeopleWriteThem() {
        XCTAssertEqual(HomePage.forPeople("2024-Q2 须召开季度会商，至今未召开。召开后录入会议（anwei consultations meetings add，或 POST /api/v1/consultations/meetings）。"),
                       "2024-Q2 须召开季度会商，至今未召开。召开后录入会议。")
        XCTAssertEqual(HomePage.forPeople("明确前不生成台账、不计颜色和考核。(anwei responsibilities plan designate 3 --units 单位名)"), "明确前不生成台账、不计颜色和考核。")
        XCTAssertEqual(HomePage.forPeople("理由：人员回避；请核实重新抽签是否正当 (a re-draw: check its reason)"), "理由：人员回避；请核实重新抽签是否正当")
        XCTAssertEqual(HomePage.forPeople("现场核查须于 2022-10-31 前完成（已超期 593 天）（2024-Q1）"), "现场核查须于 2022-10-31 前完成（已超期 593 天）（2024-Q1）")
        XCTAssertEqual(HazardDashboardPage.reason("penalised 3 times within 180 days (rule: 3 in 180)"), "180日内因重大隐患受到3次行政处罚（规则：180日内3次）")
        XCTAssertEqual(HazardDashboardPage.rate(JSON.object(["total": 3, "open": 1])), "66.7%")
        XCTAssertEqual(HazardDashboardPage.rate(JSON.object(["total": 0, "open": 0])), "—")
        XCTAssertEqual(HazardDashboardPage.zero(JSON.object(["stock": 2, "stock_open": 0])), "已清零")
        XCTAssertEqual(HazardPages.note("from finding:3; 属地和监管部门取自企业登记 (三管三必须)"), "由督导检查发现的问题转为隐患；属地和监管部门取自企业登记 (三管三必须)")
        XCTAssertEqual(HazardPages.note("YH-2024-000007 merged in"), "重复隐患 YH-2024-000007 并入本隐患")
    }
}
