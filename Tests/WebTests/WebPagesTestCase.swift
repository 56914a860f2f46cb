// What the page tests share: the demo database on 2024-06-15, the real server over TCP, a signed-in
// browser per user, and the ids a page links to.
import Kernel
import TestSupport
import XCTest

class WebPagesTestCase: XCTestCase {
    var test: TestApplication!
    var server: TestServer!

    override func setUpWithError() throws {
        test = try TestApplication(demo: true, today: CalendarDate(year: 2024, month: 6, day: 15)!)
        server = try TestServer(test)
    }

    override func tearDown() { server.stop() }

    /// A browser signed in as `user` through the sign-in form.
    func browser(_ user: String) throws -> WebBrowser {
        let browser = WebBrowser(port: server.port)
        XCTAssertEqual(try browser.signIn(user).status, 303, user)
        return browser
    }

    /// The ids a page links to under `prefix` (`/training/enterprises/`).
    func ids(_ page: HTTPReply, _ prefix: String) -> [Int] {
        page.text.components(separatedBy: "href=\"\(prefix)").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
    }
}
