// The declared contract, over HTTP (a real server) and the CLI: unknown fields, wrong types and
// control characters are named; aliases resolve and ambiguous names list their candidates; paging
// is the one rule; every CSV export neutralises formula cells; a repeated kind code is 409.
import App
import Consultations
import Kernel
import TestSupport
import XCTest

final class ContractTests: XCTestCase {
    static let meetings = "/api/v1/consultations/meetings"

    func fields(_ reply: HTTPReply) -> [String] { (reply.json["errors"]?.arrayValue ?? []).compactMap { $0["field"]?.stringValue } }
    func codes(_ reply: HTTPReply) -> [String] { (reply.json["errors"]?.arrayValue ?? []).compactMap { $0["code"]?.stringValue } }

    func testFieldsAreReadByTheirDeclarationOverHTTP() throws {
        let test = try TestApplication(demo: true, today: Fixtures.date("2024-06-15"))
        let server = try TestServer(test)
        defer { server.stop() }
        let admin = server.client(token: try test.token(for: "admin"))
        let minimal: [String: JSON] = ["kind": "riskConsultation", "held_on": "2024-06-10", "convener": "王"]
        func meeting(_ extra: [String: JSON]) -> JSON { Fixtures.object(minimal.merging(extra) { $1 }) }

        // An unknown field, in the body, a nested object and the query.
        var reply = try admin.post(Self.meetings, meeting(["colour": "red"]))
        XCTAssertEqual(reply.status, 422, reply.text)
        XCTAssertEqual(fields(reply), ["colour"])
        XCTAssertEqual(codes(reply), ["unknown_field"])
        reply = try admin.post(Self.meetings, meeting(["decisions": .array([.object(["text": "甲", "lead": "区应急管理局"])])]))
        XCTAssertEqual(reply.status, 422, reply.text)
        XCTAssertEqual(fields(reply), ["decisions[0].lead"])
        reply = try admin.get("\(Self.meetings)?colour=red")
        XCTAssertEqual(reply.status, 422, reply.text)
        XCTAssertEqual(fields(reply), ["colour"])
        reply = try admin.post("/api/v1/consultations/kinds", .object(["code": "x1", "name": "x", "body_kind": "office", "body_name": "x", "colour": "red"]))
        XCTAssertEqual(fields(reply), ["colour"])

        // A wrong type names the field.
        reply = try admin.post(Self.meetings, meeting(["ad_hoc": "maybe"]))
        XCTAssertEqual(reply.status, 422, reply.text)
        XCTAssertEqual(fields(reply), ["ad_hoc"])
        XCTAssertEqual(codes(reply), ["type"])
        reply = try admin.post(Self.meetings, meeting(["held_on": 20240610]))
        XCTAssertEqual(fields(reply), ["held_on"])
        reply = try admin.post(Self.meetings, meeting(["agenda": "one item, not a list"]))
        XCTAssertEqual(reply.status, 422, "in JSON a list is an array: \(reply.text)")
        XCTAssertEqual(fields(reply), ["agenda"])
        reply = try admin.get("\(Self.meetings)?year=abc")
        XCTAssertEqual(reply.status, 422, reply.text)
        XCTAssertEqual(fields(reply), ["year"])
        reply = try admin.get("/api/v1/consultations/decisions?meeting_id=x")
        XCTAssertEqual(fields(reply), ["meeting_id"])

        // A control character in one-line text is refused; minutes may span lines.
        reply = try admin.post(Self.meetings, meeting(["venue": "区政府\u{07}会议室"]))
        XCTAssertEqual(reply.status, 422, reply.text)
        XCTAssertEqual(fields(reply), ["venue"])
        XCTAssertEqual(codes(reply), ["control_character"])
        reply = try admin.post(Self.meetings, meeting(["minutes": "第一段\n\t第二段\u{1B}[31m"]))
        XCTAssertEqual(codes(reply), ["control_character"])
        reply = try admin.post(Self.meetings, meeting(["minutes": "第一段\n\t第二段"]))
        XCTAssertEqual(reply.status, 201, reply.text)
        let id = try XCTUnwrap(reply.json["id"]?.intValue)
        reply = try admin.post("\(Self.meetings)/\(id)/decisions", .object(["text": "甲", "lead_unit_id": "区应急管理局\u{0}", "deadline": "2024-06-30"]))
        XCTAssertEqual(reply.status, 422, reply.text)
        XCTAssertEqual(fields(reply), ["lead_unit_id"])
        reply = try admin.post("\(Self.meetings)/\(id)/attachments", .object(["name": "a\rb.txt", "content": "x"]))
        XCTAssertEqual(fields(reply), ["name"])

        // An alias is the unit; an ambiguous name lists its candidates.
        reply = try admin.post(Self.meetings, meeting(["attendees": .array([.object(["unit_id": "区住建局"])]), "convener_unit_id": "区应急局"]))
        XCTAssertEqual(reply.status, 201, reply.text)
        XCTAssertEqual(reply.json["attendees"]?.arrayValue?.first?["name"], "区住房城乡建设局")
        XCTAssertEqual(reply.json["convener_unit_name"], "区应急管理局")
        let unit = try admin.post("/api/v1/org/units", .object(["name": "区应急指挥中心", "aliases": .array(["区应急局"]), "category": "政府部门"]))
        XCTAssertEqual(unit.status, 201, unit.text)
        reply = try admin.post("\(Self.meetings)/\(id)/decisions", .object(["text": "甲", "lead_unit_id": "区应急局", "deadline": "2024-06-30"]))
        XCTAssertEqual(reply.status, 422, reply.text)
        XCTAssertEqual(codes(reply), ["ambiguous"])
        XCTAssertTrue(reply.text.contains("区应急管理局") && reply.text.contains("区应急指挥中心"), reply.text)
        reply = try admin.get("/api/v1/consultations/decisions?lead_unit_id=%E5%8C%BA%E5%BA%94%E6%80%A5%E5%B1%80")
        XCTAssertEqual(codes(reply), ["ambiguous"], "a filter by name is resolved the same way")

        // Paging: one rule for every list.
        for path in [Self.meetings, "/api/v1/consultations/decisions"] {
            XCTAssertEqual(try admin.get("\(path)?limit=201").status, 400, path)
            XCTAssertEqual(try admin.get("\(path)?limit=0").status, 400, path)
            XCTAssertEqual(try admin.get("\(path)?after=").status, 200, path)
            let first = try admin.get("\(path)?limit=2")
            XCTAssertEqual(first.json["items"]?.arrayValue?.count, 2)
            let next = try XCTUnwrap(first.json["next"]?.stringValue)
            XCTAssertTrue(first.header("Link")?.contains("after=\(next)") ?? false)
            let second = try admin.get("\(path)?limit=2&after=\(next)")
            XCTAssertNotEqual(second.json["items"]?.arrayValue?.first?["id"], first.json["items"]?.arrayValue?.first?["id"])
        }
    }

    func testARepeatedKindCodeIsAConflict() throws {
        let test = try TestApplication(demo: true, today: Fixtures.date("2024-06-15"))
        let server = try TestServer(test)
        defer { server.stop() }
        let admin = server.client(token: try test.token(for: "admin"))
        let kind: JSON = .object(["code": "floodSeason", "name": "汛期专题会商", "body_kind": "office", "body_name": "区安委办"])
        let created = try admin.post("/api/v1/consultations/kinds", kind)
        XCTAssertEqual(created.status, 201, created.text)
        let location = try XCTUnwrap(created.header("Location"))
        XCTAssertEqual(try admin.get(location).json["code"], "floodSeason", "the Location can be read")
        let again = try admin.post("/api/v1/consultations/kinds", kind)
        XCTAssertEqual(again.status, 409, again.text)
        XCTAssertEqual(fields(again), ["code"])
        XCTAssertTrue(again.text.contains("floodSeason"))
        XCTAssertEqual(try admin.get("/api/v1/consultations/kinds").json["items"]?.arrayValue?.count, 6)
        let bad = try admin.post("/api/v1/consultations/kinds", .object(["code": "汛期", "name": "x", "body_kind": "office"]))
        XCTAssertEqual(bad.status, 422)
        XCTAssertEqual(Set(codes(bad)), ["code_format", "required_for_body"])
        let cleared = try admin.patch("/api/v1/consultations/kinds/1", .object(["required_from": .null]))
        XCTAssertEqual(cleared.status, 200, cleared.text)
        XCTAssertEqual(cleared.json["required_each_quarter"], false)
    }

    func testTheCommandLineReadsTheSameContract() throws {
        let test = try TestApplication(demo: true, today: Fixtures.date("2024-06-15"))
        let add = ["consultations", "meetings", "add", "--kind", "riskConsultation", "--held-on", "2024-06-10", "--convener", "王"]

        // An unknown option is a usage error naming it; an unknown field in --file is named too.
        let unknown = test.cli(add + ["--colour", "red"])
        XCTAssertEqual(unknown.code, 2)
        XCTAssertTrue(unknown.err.contains("colour"), unknown.err)
        let folder = TemporaryFolder()
        try Data(#"{"kind": "riskConsultation", "held_on": "2024-06-10", "convener": "王", "colour": "red"}"#.utf8).write(to: URL(fileURLWithPath: folder.file("m.json")))
        let fromFile = test.cli(["consultations", "meetings", "add", "--file", folder.file("m.json")])
        XCTAssertEqual(fromFile.code, 5)
        XCTAssertTrue(fromFile.err.contains("colour"), fromFile.err)
        XCTAssertEqual(test.cli(["consultations", "meetings", "add", "--file", folder.file("m.json"), "--venue", "x"]).code, 2, "--file or options, not both")

        // A wrong type, a control character.
        let type = test.cli(add + ["--ad-hoc", "maybe"])
        XCTAssertEqual(type.code, 5)
        XCTAssertTrue(type.err.contains("ad_hoc"), type.err)
        let year = test.cli(["consultations", "meetings", "list", "--year", "abc"])
        XCTAssertEqual(year.code, 5)
        XCTAssertTrue(year.err.contains("year"), year.err)
        let control = test.cli(add + ["--venue", "区政府\u{01}会议室"])
        XCTAssertEqual(control.code, 5)
        XCTAssertTrue(control.err.contains("venue") && control.err.contains("U+0001"), control.err)

        // An alias resolves; an ambiguous name lists its candidates; an agenda item keeps its commas.
        let added = test.cli(add + ["--unit", "区住建局", "--convener-unit", "区应急局", "--agenda", "通报形势，研判风险、部署工作", "--agenda", "其他", "--json"])
        XCTAssertEqual(added.code, 0, added.err)
        let meeting = Fixtures.json(added.out)
        XCTAssertEqual(meeting["attendees"]?.arrayValue?.first?["name"], "区住房城乡建设局")
        XCTAssertEqual(meeting["agenda"], .array(["通报形势，研判风险、部署工作", "其他"]))
        let id = String(meeting["id"]?.intValue ?? 0)
        XCTAssertEqual(test.cli(["org", "units", "add", "--name", "区应急指挥中心", "--aliases", "区应急局", "--category", "政府部门"]).code, 0)
        let ambiguous = test.cli(["consultations", "meetings", "decide", id, "--text", "甲", "--lead-unit", "区应急局", "--deadline", "2024-06-30"])
        XCTAssertEqual(ambiguous.code, 5)
        XCTAssertTrue(ambiguous.err.contains("区应急管理局") && ambiguous.err.contains("区应急指挥中心"), ambiguous.err)
        let territory = test.cli(["consultations", "meetings", "decide", id, "--text", "排查河道", "--lead-territory", "东城镇", "--deadline", "2024-06-30", "--json"])
        XCTAssertEqual(territory.code, 0, territory.err)
        XCTAssertEqual(Fixtures.json(territory.out)["lead"]?["kind"], "territory")

        // Paging as over HTTP: --limit 1-200, an empty --after is the first page, the next cursor on stderr.
        XCTAssertEqual(test.cli(["consultations", "meetings", "list", "--limit", "201"]).code, 2)
        XCTAssertEqual(test.cli(["consultations", "decisions", "list", "--limit", "201"]).code, 2)
        XCTAssertEqual(test.cli(["consultations", "meetings", "list", "--after", ""]).code, 0)
        let page = test.cli(["consultations", "meetings", "list", "--limit", "2", "--json"])
        XCTAssertEqual(page.code, 0, page.err)
        XCTAssertEqual(Fixtures.json(page.out).arrayValue?.count, 2)
        XCTAssertTrue(page.err.contains("--after"), page.err)
        let all = test.cli(["consultations", "meetings", "list", "--limit", "2", "--csv"])
        XCTAssertGreaterThan(all.out.components(separatedBy: "\r\n").count, 10, "CSV is every matching row")
    }

    func testEveryCSVExportNeutralisesFormulaCells() throws {
        let test = try TestApplication(demo: true, today: Fixtures.date("2024-06-15"))
        let server = try TestServer(test)
        defer { server.stop() }
        let admin = server.client(token: try test.token(for: "admin"))
        let kind = try admin.post("/api/v1/consultations/kinds", .object(["code": "formula", "name": "@SUM(1)", "body_kind": "office",
                                                                          "body_name": "=HYPERLINK(\"http://x\",\"y\")", "required_from": "2024-Q1"]))
        XCTAssertEqual(kind.status, 201, kind.text)
        let meeting = try admin.post(Self.meetings, .object(["kind": "formula", "held_on": "2024-06-10", "convener": "+cmd", "title": "=HYPERLINK(\"http://x\")",
                                                             "decisions": .array([.object(["text": "-2+3", "lead_unit_id": "区应急管理局", "deadline": "2024-06-30"])])]))
        XCTAssertEqual(meeting.status, 201, meeting.text)
        let csv = [("Accept", "text/csv")]

        func assertNeutral(_ text: String, _ cells: [String], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
            for cell in cells {
                XCTAssertTrue(text.contains("'" + cell.prefix(8)), "\(what): \(cell) neutralised", file: file, line: line)
                XCTAssertFalse(text.contains("," + cell.prefix(8)) || text.contains("\r\n" + cell.prefix(8)), "\(what): \(cell) left as a formula", file: file, line: line)
            }
        }
        let meetingsCSV = try admin.get("\(Self.meetings)?kind=formula", headers: csv)
        XCTAssertTrue(meetingsCSV.header("Content-Type")?.hasPrefix("text/csv") ?? false)
        XCTAssertTrue(meetingsCSV.text.hasPrefix("\u{FEFF}id,kind,"), meetingsCSV.text)
        assertNeutral(meetingsCSV.text, ["+cmd"], "meetings")
        XCTAssertTrue(meetingsCSV.text.contains("\"'=HYPERLINK(\"\"http://x\"\")\""), meetingsCSV.text)
        assertNeutral(try admin.get("/api/v1/consultations/decisions?lead_unit_id=区应急管理局".addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? "", headers: csv).text,
                      ["-2+3"], "decisions")
        assertNeutral(try admin.get("/api/v1/consultations/compliance?quarter=2024-Q2", headers: csv).text, ["=HYPERLINK"], "compliance")
        assertNeutral(try admin.get("/api/v1/consultations/kinds", headers: csv).text, ["@SUM(1)", "=HYPERLINK"], "kinds")

        assertNeutral(test.cli(["consultations", "meetings", "list", "--kind", "formula", "--csv"]).out, ["+cmd"], "meetings list --csv")
        assertNeutral(test.cli(["consultations", "decisions", "list", "--lead-unit", "区应急管理局", "--csv"]).out, ["-2+3"], "decisions list --csv")
        assertNeutral(test.cli(["consultations", "compliance", "--quarter", "2024-Q2", "--csv"]).out, ["=HYPERLINK"], "compliance --csv")
        assertNeutral(test.cli(["consultations", "kinds", "list", "--csv"]).out, ["@SUM(1)", "=HYPERLINK"], "kinds list --csv")
        let agenda = test.cli(["consultations", "agenda", "--next", "--kind", "formula", "--csv"])
        XCTAssertEqual(agenda.code, 0, agenda.err)
        XCTAssertTrue(agenda.out.hasPrefix("\u{FEFF}"), agenda.out)
    }
}
