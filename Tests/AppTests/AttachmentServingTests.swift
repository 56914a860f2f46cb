// Issue 20 item 18: meeting and ledger attachments are checked by their content and served as
// what their bytes are (a download unless an image or PDF), never as the uploader's text/html or
// image/svg+xml; every response says nosniff; every HTML document carries a strict CSP.
import App
import Foundation
import Kernel
import TestSupport
import XCTest

final class AttachmentServingTests: XCTestCase {
    nonisolated(unsafe) static var test: TestApplication!
    nonisolated(unsafe) static var server: TestServer!

    override class func setUp() {
        test = try! TestApplication(demo: true, today: CalendarDate(iso: "2024-06-15")!)
        server = try! TestServer(test)
    }

    override class func tearDown() {
        server.stop()
        server = nil
        test = nil
    }

    static let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]
    static let html = "<html><body><script>alert(document.cookie)</script></body></html>"
    static let svg = "<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"

    func client(_ user: String) throws -> HTTPClient { Self.server.client(token: try Self.test.token(for: user)) }

    func codes(_ reply: HTTPReply) -> [String] { (reply.json["errors"]?.arrayValue ?? []).compactMap { $0["code"]?.stringValue } }

    func testMeetingAttachmentsAreWhatTheirBytesAre() throws {
        let admin = try client("admin")
        let meeting = try Self.test.core.read { try $0.scalarInt("SELECT min(id) FROM consultations_meetings") }
        XCTAssertGreaterThan(meeting, 0, "the demo has meetings")
        let base = "/api/v1/consultations/meetings/\(meeting)/attachments"
        func attach(_ name: String, _ type: String?, _ bytes: [UInt8]) throws -> HTTPReply {
            var body = [JSON.Member("name", .string(name)), JSON.Member("content_base64", .string(Data(bytes).base64EncodedString()))]
            if let type { body.append(JSON.Member("media_type", .string(type))) }
            return try admin.post(base, .object(body))
        }
        // A page or a script declared as one: refused, nothing kept.
        let before = try Self.test.core.read { try $0.scalarInt("SELECT count(*) FROM consultations_attachments") }
        for (name, type, bytes) in [("x.html", "text/html", Array(Self.html.utf8)), ("x.svg", "image/svg+xml", Array(Self.svg.utf8)),
                                    ("x.png", "text/html", Self.png), ("x.bin", nil, [0, 1, 2, 3, 0xFF])] {
            let reply = try attach(name, type, bytes)
            XCTAssertEqual(reply.status, 422, "\(name) \(type ?? "-"): \(reply.text)")
            XCTAssertTrue(["type_mismatch", "not_accepted"].contains(codes(reply).first ?? ""), reply.text)
        }
        XCTAssertEqual(try Self.test.core.read { try $0.scalarInt("SELECT count(*) FROM consultations_attachments") }, before)

        // A picture is shown in the page as what it is; text is a download as text/plain.
        let picture = try attach("现场.png", nil, Self.png)
        XCTAssertEqual(picture.status, 201, picture.text)
        let shown = try admin.get(try XCTUnwrap(picture.json["link"]?.stringValue))
        XCTAssertEqual(shown.header("Content-Type"), "image/png")
        XCTAssertTrue(shown.header("Content-Disposition")?.hasPrefix("inline;") ?? false)
        XCTAssertEqual(shown.body, Self.png)
        let text = try attach("签到表.txt", "text/plain", Array(Self.html.utf8))
        XCTAssertEqual(text.status, 201, "markup as plain text is kept as text: \(text.text)")
        let download = try admin.get(try XCTUnwrap(text.json["link"]?.stringValue))
        XCTAssertEqual(download.header("Content-Type"), "text/plain; charset=utf-8")
        XCTAssertTrue(download.header("Content-Disposition")?.hasPrefix("attachment;") ?? false)
        XCTAssertEqual(download.header("X-Content-Type-Options"), "nosniff")

        // A file kept before the check with the type its uploader gave is served as its bytes say.
        let legacy = try Self.test.core.write(.localAdministrator) { tx -> Int64 in
            try tx.db.execute("INSERT INTO consultations_attachments (meeting_id, name, media_type, size, sha256, content, created_at) VALUES (?, 'old.html', 'text/html', 1, 'x', ?, ?)",
                              [meeting, Array(Self.html.utf8), tx.nowText])
            let id = tx.db.lastInsertRowID
            try tx.audit(action: "test.legacy", entity: "attachment", entityID: String(id))
            return id
        }
        let old = try admin.get("\(base)/\(legacy)")
        XCTAssertEqual(old.status, 200)
        XCTAssertEqual(old.header("Content-Type"), "text/plain; charset=utf-8")
        XCTAssertTrue(old.header("Content-Disposition")?.hasPrefix("attachment;") ?? false)

        // From the CLI: the same check.
        let file = Self.test.folder.file("page.html")
        try Data(Self.html.utf8).write(to: URL(fileURLWithPath: file))
        let cli = Self.test.cli(["consultations", "meetings", "attach", String(meeting), file, "--media-type", "text/html", "--as", "admin"])
        XCTAssertEqual(cli.code, 5, cli.err)
        XCTAssertTrue(cli.err.contains("type_mismatch") || cli.err.contains("纯文本"), cli.err)
    }

    func testLedgerAttachmentsAreCheckedAndServedAsTheirBytes() throws {
        let fgj = try client("fgj")
        let unit = try Self.test.id("units", "区发改局")
        let line = try Self.test.core.read {
            try $0.scalarInt("SELECT min(id) FROM responsibilities_lines WHERE unit_kind = 'unit' AND unit_id = ? AND status IN ('signed', 'inProgress')", [unit])
        }
        XCTAssertGreaterThan(line, 0, "the demo has a line of 区发改局 in progress")
        let base = "/api/v1/responsibilities/ledger/\(line)/actions/progress"
        func report(_ name: String, _ bytes: [UInt8]) throws -> HTTPReply {
            try fgj.post(base, .object(["percent": 40, "text": "进展", "attachments": .array([.object([
                "file_name": .string(name), "content_base64": .string(Data(bytes).base64EncodedString())])])]))
        }
        let refused = try report("x.exe", [0x4D, 0x5A, 0x90, 0x00, 0x03])
        XCTAssertEqual(refused.status, 422, refused.text)
        XCTAssertEqual(codes(refused), ["not_accepted"])
        let picture = try report("现场照片.png", Self.png)
        XCTAssertEqual(picture.status, 200, picture.text)
        let hash = Crypto.sha256Hex(Self.png)
        let served = try fgj.get("/api/v1/responsibilities/attachments/\(hash)")
        XCTAssertEqual(served.header("Content-Type"), "image/png")
        XCTAssertTrue(served.header("Content-Disposition")?.hasPrefix("inline;") ?? false)
        let page = try report("说明.html", Array(Self.svg.utf8))
        XCTAssertEqual(page.status, 200, page.text)
        let text = try fgj.get("/api/v1/responsibilities/attachments/\(Crypto.sha256Hex(Array(Self.svg.utf8)))")
        XCTAssertEqual(text.header("Content-Type"), "text/plain; charset=utf-8", "markup is served as text, never as a page")
        XCTAssertTrue(text.header("Content-Disposition")?.hasPrefix("attachment;") ?? false)
    }

    func testEveryResponseSaysNosniffAndEveryDocumentCarriesAStrictPolicy() throws {
        let admin = try client("admin")
        let anonymous = Self.server.client()
        let replies = [try admin.get("/api/v1/org/units?limit=1"), try anonymous.get("/api/v1/org/units"), try anonymous.get("/healthz"),
                       try anonymous.get("/no/such/route"), try admin.get("/api/v1/org/units/999999"),
                       try admin.get("/api/v1/org/units", headers: [("Accept", "text/csv")])]
        for reply in replies {
            XCTAssertEqual(reply.header("X-Content-Type-Options"), "nosniff", "\(reply.status) \(reply.text.prefix(80))")
            XCTAssertNil(reply.header("Content-Security-Policy"), "JSON and CSV need no policy")
        }
        let meeting = try Self.test.core.read { try $0.scalarInt("SELECT min(id) FROM consultations_meetings") }
        let documents = ["/api/v1/consultations/meetings/\(meeting)/minutes", "/api/v1/supervision/assessment/report/html?year=2024"]
        for path in documents {
            let reply = try admin.get(path)
            XCTAssertEqual(reply.status, 200, "\(path): \(reply.text.prefix(200))")
            XCTAssertTrue(reply.header("Content-Type")?.hasPrefix("text/html") ?? false)
            let policy = try XCTUnwrap(reply.header("Content-Security-Policy"), path)
            XCTAssertTrue(policy.hasPrefix("default-src 'none'"), policy)
            XCTAssertFalse(policy.contains("script-src"), "no scripts")
            XCTAssertEqual(reply.header("X-Content-Type-Options"), "nosniff")
        }
    }
}
