import App
import Foundation
import Kernel
import TestSupport
import XCTest

/// The kernel's own routes and commands, read by the one contract, over TCP and the CLI.
final class DeclaredInputHTTPTests: XCTestCase {
    var test: TestApplication!
    var server: TestServer!
    var admin: HTTPClient!

    override func setUpWithError() throws {
        test = try TestApplication(demo: true, today: CalendarDate(year: 2024, month: 6, day: 15)!)
        server = try TestServer(test)
        admin = server.client(token: try test.token(for: "admin"))
    }

    override func tearDown() { server?.stop() }

    func testInvalidUTF8InAJSONBodyIs400AndNothingIsWritten() throws {
        for bad: [UInt8] in [[0xFF, 0xFE], [0xC0, 0xAF], [0xED, 0xA0, 0x80]] {
            let body = Array(#"{"name": "区"#.utf8) + bad + Array(#"局"}"#.utf8)
            let reply = try admin.send("POST", "/api/v1/org/units", body: body, headers: [("Content-Type", "application/json")])
            XCTAssertEqual(reply.status, 400, reply.text)
            XCTAssertEqual(reply.header("Content-Type"), "application/problem+json")
            XCTAssertTrue(reply.json["detail"]?.stringValue?.contains("UTF-8") ?? false, reply.text)
        }
        XCTAssertEqual(try admin.get("/api/v1/org/units?q=%FF").status, 400, "a query that is not UTF-8")
        XCTAssertEqual(try test.core.read { try $0.scalarInt("SELECT count(*) FROM registry_units WHERE name LIKE '区%局' AND id > 55") }, 0)
    }

    func testUnknownFieldsWrongTypesAndControlCharactersNameTheField() throws {
        let unknown = try admin.post("/api/v1/org/units", .object(["name": "区测试局", "colour": "red"]))
        XCTAssertEqual(unknown.status, 422)
        XCTAssertEqual(unknown.json["errors"]?.arrayValue?.first?["field"], "colour")
        XCTAssertEqual(unknown.json["errors"]?.arrayValue?.first?["code"], "unknown_field")
        let wrongType = try admin.post("/api/v1/org/units", .object(["name": "区测试局", "is_member": "perhaps"]))
        XCTAssertEqual(wrongType.status, 422)
        XCTAssertEqual(wrongType.json["errors"]?.arrayValue?.first?["field"], "is_member")
        let control = try admin.post("/api/v1/org/units", .object(["name": "区\u{1B}[2J测试局"]))
        XCTAssertEqual(control.json["errors"]?.arrayValue?.first?["code"], "control_character")
        let patch = try admin.patch("/api/v1/org/units/5", .object(["is_office": .null]))
        XCTAssertEqual(patch.status, 422, "a flag with a default may not be cleared: \(patch.text)")
        let empty = try admin.patch("/api/v1/org/units/5", .object([]))
        XCTAssertEqual(empty.status, 422, "an update names a field")
        let twice = try admin.post("/api/v1/org/territories", .object(["name": "东城镇", "kind": "town"]))
        XCTAssertEqual(twice.status, 409, "a name taken is a conflict, never a 500: \(twice.text)")
    }

    func testAnAliasIsAcceptedAndAnAmbiguousNameListsItsCandidates() throws {
        let group = try admin.post("/api/v1/org/groups", .object(["name": "区测试专项领导小组", "host_unit_id": "区住建局"]))
        XCTAssertEqual(group.status, 201, group.text)
        XCTAssertEqual(group.json["host_unit_id"]?.intValue, try test.id("units", "区住房城乡建设局"))
        let post = try admin.post("/api/v1/org/posts", .object(["person_id": "叶华", "unit_id": "区发改局", "role": "liaison", "title": "联络员"]))
        XCTAssertEqual(post.status, 422, post.text)
        XCTAssertEqual(post.json["errors"]?.arrayValue?.first?["code"], "ambiguous")
        let cli = test.cli(["org", "posts", "add", "--person", "叶华", "--unit", "区住建局", "--role", "liaison", "--title", "联络员"])
        XCTAssertEqual(cli.code, 5)
        XCTAssertTrue(cli.err.contains("叶华 (id "), cli.err)
    }

    func testPagingIsOneRule() throws {
        XCTAssertEqual(try admin.get("/api/v1/org/units?limit=201").status, 400)
        XCTAssertEqual(try admin.get("/api/v1/org/units?limit=0").status, 400)
        let first = try admin.get("/api/v1/org/units?after=")
        XCTAssertEqual(first.status, 200, "an empty cursor is the first page")
        XCTAssertEqual(first.json["items"]?.arrayValue?.count, 50)
        let next = try XCTUnwrap(first.json["next"]?.stringValue)
        let second = try admin.get("/api/v1/org/units?after=\(next)")
        XCTAssertEqual(second.json["items"]?.arrayValue?.count, 5)
        XCTAssertEqual(second.json["next"], .null)
        XCTAssertEqual(try admin.get("/api/v1/events?limit=201").status, 400)
        XCTAssertEqual(try admin.get("/api/v1/users?limit=1").json["items"]?.arrayValue?.count, 1)
    }

    func testFormulaCellsInTheRegistrysCSVAreNeutralisedOverHTTPAndTheCLI() throws {
        for name in ["=HYPERLINK(\"http://x\",\"点此\")", "+cmd|' /C calc'!A0", "@SUM(1)", "-2+3"] {
            XCTAssertEqual(try admin.post("/api/v1/org/people", .object(["name": .string(name)])).status, 201)
        }
        let csv = try admin.get("/api/v1/org/people?q=%2B&limit=200", headers: [("Accept", "text/csv")]).text
            + (try admin.get("/api/v1/org/people", headers: [("Accept", "text/csv")]).text)
        let cli = test.cli(["org", "people", "list", "--csv"]).out
        for text in [csv, cli] {
            XCTAssertTrue(text.contains("\"'=HYPERLINK("), "=")
            XCTAssertTrue(text.contains(",'+cmd|"), "+")
            XCTAssertTrue(text.contains(",'@SUM(1)"), "@")
            XCTAssertTrue(text.contains(",'-2+3"), "-")
            XCTAssertFalse(text.contains(",=HYPERLINK") || text.contains(",+cmd") || text.contains(",@SUM"))
        }
    }
}
