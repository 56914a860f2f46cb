// 我的待办: one section per kind of thing waiting, each with its count and its oldest items, so a
// kind with a few new items is not hidden behind many old ones; every count is the API's.
import Foundation
import Kernel
import TestSupport
import XCTest

final class HomePageTests: XCTestCase {
    func testEachKindWaitingHasItsSectionWithTheAPIsCount() throws {
        let test = try TestApplication(demo: true, today: CalendarDate(year: 2024, month: 6, day: 15)!)
        let server = try TestServer(test)
        defer { server.stop() }
        for user in ["anweiban", "yjj", "dongcheng", "qiye"] {
            let browser = WebBrowser(port: server.port)
            XCTAssertEqual(try browser.signIn(user).status, 303)
            let home = try browser.get("/")
            XCTAssertEqual(home.status, 200)
            XCTAssertLessThan(home.body.count, 60_000, user)
            let items = try server.client(token: try test.token(for: user)).get("/api/v1/overview").json["items"]?.arrayValue ?? []
            var counts: [String: Int] = [:]
            for item in items { counts[item["kind"]?.stringValue ?? "", default: 0] += 1 }
            XCTAssertEqual(home.text.components(separatedBy: "<section class=\"waiting\">").count - 1, counts.count, user)
            XCTAssertTrue(home.text.contains("共 \(items.count) 项待办，分 \(counts.count) 类") || items.isEmpty, user)
            for (kind, count) in counts where kind == "line_to_verify" || kind == "review_due" || kind == "line_to_sign" {
                let heading = ["line_to_verify": "待核验办结的任务", "review_due": "待销号核查的隐患", "line_to_sign": "待签收的任务"][kind]!
                XCTAssertTrue(home.text.contains("\(heading)<span class=\"count\">（\(count) 项）</span>"), "\(user) \(kind)")
            }
            // At most 12 rows per kind.
            for section in home.text.components(separatedBy: "<section class=\"waiting\">").dropFirst() {
                XCTAssertLessThanOrEqual(section.components(separatedBy: "<tr><td>").count - 1, 12, user)
            }
        }
    }
}
