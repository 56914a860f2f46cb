// What a user reads is Chinese: every refusal the API and the CLI give — unknown route, unknown or
// out-of-scope record, wrong method, no or bad token, a role that may not, an action out of order,
// a bad page size, an unknown receipt key — says it first in Chinese, with an English gloss after it
// for scripts and logs, and says it once. Each role walks into one, over the real server.
import App
import Foundation
import Kernel
import TestSupport
import XCTest

final class ChineseRefusalsTests: XCTestCase {
    nonisolated(unsafe) static var test: TestApplication!
    nonisolated(unsafe) static var server: TestServer!

    override class func setUp() {
        test = try! TestApplication(demo: true)
        server = try! TestServer(test)
    }

    override class func tearDown() {
        server.stop()
        server = nil
        test = nil
    }

    func client(_ user: String) throws -> HTTPClient { Self.server.client(token: try Self.test.token(for: user)) }

    /// Whether `text` says it in Chinese before its English gloss: a Han character before the first
    /// "(" (a field name, a path or an id may come first, as in "limit 须在 1 到 200 之间").
    static func beginsInChinese(_ text: String) -> Bool {
        text.unicodeScalars.prefix { $0 != "(" }.contains { (0x4E00...0x9FFF).contains($0.value) }
    }

    func assertChineseRefusal(_ reply: HTTPReply, _ status: Int, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(reply.status, status, what, file: file, line: line)
        let detail = reply.json["detail"]?.stringValue ?? ""
        XCTAssertTrue(Self.beginsInChinese(detail), "\(what): \(detail)", file: file, line: line)
        XCTAssertTrue(detail.contains("("), "\(what) keeps an English gloss: \(detail)", file: file, line: line)
    }

    func testEveryRoleIsRefusedInChinese() throws {
        let anonymous = Self.server.client()
        let office = try client("anweiban")
        let enterprise = try client("qiye")

        assertChineseRefusal(try anonymous.get("/api/v1/hazards"), 401, "no token")
        assertChineseRefusal(try Self.server.client(token: "anw_not-a-real-token").get("/api/v1/hazards"), 401, "a token nobody was given")
        assertChineseRefusal(try office.get("/api/v1/no-such-thing"), 404, "an unknown route")
        assertChineseRefusal(try office.get("/api/v1/hazards/999999"), 404, "an unknown hazard")
        assertChineseRefusal(try office.send("DELETE", "/api/v1/hazards"), 405, "a method the route lacks")
        assertChineseRefusal(try anonymous.get("/api/v1/tipoffs/receipt", headers: [("X-Receipt-Key", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]),
                             404, "a receipt key nobody was given")

        // An enterprise may not review its own hazard (销号 is the department's); a hazard not yet
        // closed cannot be reopened by anyone.
        let own = try enterprise.get("/api/v1/hazards?limit=1")
        let ownID = try XCTUnwrap(own.json["items"]?.arrayValue?.first?["id"]?.intValue, "the demo enterprise has a hazard")
        assertChineseRefusal(try enterprise.post("/api/v1/hazards/\(ownID)/actions/review", .object(["passed": true])), 403, "an enterprise reviewing its own hazard")
        let reported = try office.get("/api/v1/hazards?status=reported&limit=1")
        let id = try XCTUnwrap(reported.json["items"]?.arrayValue?.first?["id"]?.intValue, "the demo has a reported hazard")
        let reopen = try office.post("/api/v1/hazards/\(id)/actions/reopen", .object(["reason": "再查"]))
        assertChineseRefusal(reopen, 409, "reopening an open hazard")
        XCTAssertTrue(reopen.json["detail"]?.stringValue?.contains("不能“重新打开”") ?? false, reopen.json["detail"]?.stringValue ?? "")
        XCTAssertEqual(reopen.json["allowed_actions"]?.arrayValue?.isEmpty, false, "the machine-readable part stays")

        // A bad page size is said once, not "X: X".
        let limit = try office.get("/api/v1/hazards?limit=9999")
        assertChineseRefusal(limit, 400, "a page larger than 200")
        let detail = limit.json["detail"]?.stringValue ?? ""
        XCTAssertEqual(detail.components(separatedBy: "limit 须在").count - 1, 1, detail)
    }

    func testTheCommandLineSaysItInChineseToo() throws {
        let missing = Self.test.cli(["hazards", "show", "999999"])
        XCTAssertEqual(missing.code, 3)
        XCTAssertTrue(Self.beginsInChinese(missing.err), missing.err)
        XCTAssertTrue(missing.err.contains("no hazard with id 999999"), "the English gloss: \(missing.err)")
        let group = Self.test.cli(["supervision", "groups", "show", "999"])
        XCTAssertEqual(group.code, 3)
        XCTAssertTrue(group.err.contains("督导组 999 不存在或不在您的查看范围内"), group.err)
    }

    /// A wrong command line (the parser's refusals and a command's own) is a usage error (exit 2)
    /// that says in Chinese what is wrong, names the option or command as typed, keeps its English
    /// gloss, and points at the command's help in Chinese too.
    func testAWrongCommandLineIsRefusedInChinese() throws {
        let cases: [(arguments: [String], phrase: String, named: String)] = [
            (["hazards", "list", "--nosuch"], "没有选项", "--nosuch"),
            (["hazards", "list", "--limit"], "缺少值", "--limit"),
            (["hazards", "lst"], "没有子命令", "'lst'"),
            (["nosuch"], "没有子命令", "'nosuch'"),
            (["backup"], "缺少必填选项", "--to"),
            (["serve", "--workers", "many"], "须为整数", "--workers"),
            (["serve", "--listen", "nowhere"], "须写作 HOST:PORT", "--listen"),
            (["tick", "--at", "yesterday"], "须为日期 YYYY-MM-DD", "--at"),
        ]
        for (arguments, phrase, named) in cases {
            let result = Self.test.cli(arguments)
            let what = "anwei \(arguments.joined(separator: " "))"
            XCTAssertEqual(result.code, 2, "\(what): \(result.err)")
            XCTAssertEqual(result.out, "", what)
            let lines = result.err.split(separator: "\n").map(String.init)
            XCTAssertEqual(lines.count, 2, "the error and the hint: \(result.err)")
            let error = lines.first ?? ""
            XCTAssertTrue(error.hasPrefix("error: "), error)
            XCTAssertTrue(Self.beginsInChinese(String(error.dropFirst("error: ".count))), "\(what): \(error)")
            XCTAssertTrue(error.contains(phrase) && error.contains(named), "\(what) says '\(phrase)' and names \(named): \(error)")
            XCTAssertTrue(error.hasSuffix(")"), "\(what) keeps its English gloss: \(error)")
            XCTAssertTrue(lines.last?.hasPrefix("运行 'anwei") == true && lines.last?.contains("--help' 查看用法") == true, result.err)
        }
        // A given value is quoted back, cut short so a hostile one cannot flood the terminal.
        let long = Self.test.cli(["serve", "--workers", String(repeating: "9x", count: 5000)])
        XCTAssertEqual(long.code, 2)
        XCTAssertTrue(long.err.contains("收到 '\(String(repeating: "9x", count: 20))'"), long.err)
        XCTAssertLessThan(long.err.count, 300, long.err)
    }

    func testAnImportsRefusalNamesEachLineInChinese() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("chinese-refusal-\(UUID().uuidString).csv")
        try "name,nonsense\n某企业,1\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let unknownColumn = Self.test.cli(["org", "enterprises", "import", file.path])
        XCTAssertEqual(unknownColumn.code, 5)
        XCTAssertTrue(unknownColumn.err.contains("导入被拒绝，未写入任何数据：1 行有误"), unknownColumn.err)
        XCTAssertTrue(unknownColumn.err.contains("第 1 行 (line 1): 没有此列 'nonsense'"), unknownColumn.err)
        try "name,credit_code\n\"某企业,1\n".write(to: file, atomically: true, encoding: .utf8)
        let unclosed = Self.test.cli(["org", "enterprises", "import", file.path])
        XCTAssertEqual(unclosed.code, 5)
        XCTAssertTrue(unclosed.err.contains("第 2 行的引号没有闭合"), unclosed.err)
    }
}
