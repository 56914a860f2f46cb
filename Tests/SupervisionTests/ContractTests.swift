// Supervision's routes and commands read what they declare, the same way over HTTP and the CLI:
// unknown fields, wrong types and control characters named; aliases accepted, ambiguous names
// refused with the candidates; one paging rule; every CSV export neutralises formula cells.
import Foundation
import Kernel
import TestSupport
import XCTest
@testable import Supervision

final class ContractTests: XCTestCase {
    /// The field names of a 422's errors.
    func fields(_ reply: HTTPReply) -> [String] { (reply.json["errors"]?.arrayValue ?? []).compactMap { $0["field"]?.stringValue } }
    func codes(_ reply: HTTPReply) -> [String] { (reply.json["errors"]?.arrayValue ?? []).compactMap { $0["code"]?.stringValue } }
    /// A formula as a CSV cell must come out: a leading ', quoted when it holds a comma or a quote.
    func neutralised(_ formula: String) -> String {
        let cell = "'" + formula
        return cell.contains(where: { $0 == "," || $0 == "\"" }) ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
    }

    func testHTTPNamesUnknownFieldsWrongTypesAndControlCharacters() throws {
        let (test, server) = try servedDemo()
        let admin = try server.client(as: "admin", of: test)
        let unknown = try admin.post("/api/v1/supervision/campaigns", .object(["name": "国庆", "starts_on": "2024-09-28", "ends_on": "2024-10-08", "colour": "red"]))
        XCTAssertEqual(unknown.status, 422, unknown.text)
        XCTAssertEqual(fields(unknown), ["colour"])
        XCTAssertEqual(codes(unknown), ["unknown_field"])
        let unknownQuery = try admin.get("/api/v1/supervision/findings?colour=red")
        XCTAssertEqual(unknownQuery.status, 422)
        XCTAssertEqual(fields(unknownQuery), ["colour"])

        let wrongType = try admin.post("/api/v1/supervision/draws", .object(["group_id": 1, "territory_count": "two"]))
        XCTAssertEqual(wrongType.status, 422, wrongType.text)
        XCTAssertEqual(fields(wrongType), ["territory_count"])
        XCTAssertEqual(codes(wrongType), ["type"])
        let nestedType = try admin.post("/api/v1/supervision/checklists", .object(["name": "燃气", "items": .array([.object(["code": "G1", "text": "气瓶", "points": "ten"])])]))
        XCTAssertEqual(nestedType.status, 422)
        XCTAssertEqual(fields(nestedType), ["items[0].points"])

        let control = try admin.post("/api/v1/supervision/campaigns", .object(["name": "国\u{7}庆", "starts_on": "2024-09-28", "ends_on": "2024-10-08"]))
        XCTAssertEqual(control.status, 422)
        XCTAssertEqual(fields(control), ["name"])
        XCTAssertEqual(codes(control), ["control_character"])
        // A paragraph keeps its line breaks but not other controls.
        let note = try admin.patch("/api/v1/supervision/groups/1", .object(["note": "第一行\n第二行"]))
        XCTAssertEqual(note.status, 200, note.text)
        XCTAssertEqual(note.json["note"], "第一行\n第二行")
        XCTAssertEqual(try admin.patch("/api/v1/supervision/groups/1", .object(["note": "响铃\u{7}"])).status, 422)
        // A PATCH may clear what may be empty, never what a record must keep.
        for body: JSON in [.object(["description": .null]), .object(["description": ""]), .object(["enabled": .null])] {
            let cleared = try admin.patch("/api/v1/supervision/rules/1", body)
            XCTAssertEqual(cleared.status, 422, cleared.text)
            XCTAssertEqual(codes(cleared), ["not_clearable"])
        }
        XCTAssertEqual(codes(try admin.patch("/api/v1/supervision/groups/1", .object(["leader": .null]))), ["not_clearable"])
        // Nothing was written by the refused requests.
        XCTAssertEqual(try test.core.read { try $0.scalarInt("SELECT count(*) FROM supervision_campaigns WHERE name LIKE '国%庆'") }, 1)
    }

    func testHTTPResolvesAliasesAndRefusesAmbiguousNames() throws {
        let (test, server) = try servedDemo()
        let admin = try server.client(as: "admin", of: test)
        let unit = try test.id("units", "区住房城乡建设局")
        let issued = try admin.post("/api/v1/supervision/instruments", .object(["kind": "reminder", "target_unit_id": "区住建局", "reason": "请加快整改"]))
        XCTAssertEqual(issued.status, 201, issued.text)
        XCTAssertEqual(issued.json["target_kind"], "unit")
        XCTAssertEqual(issued.json["target_id"], .int(unit))
        let two = try admin.post("/api/v1/supervision/instruments", .object(["kind": "reminder", "target_unit_id": "区住建局", "target_territory_id": "东城镇", "reason": "x"]))
        XCTAssertEqual(two.status, 422)
        XCTAssertEqual(codes(two), ["one_body"])

        let ambiguous = "东城兴业锅炉有限公司"
        let ids = try test.core.read { try $0.query("SELECT id FROM registry_enterprises WHERE name = ? ORDER BY id", [ambiguous]).map { $0.requiredInt("id") } }
        XCTAssertEqual(ids.count, 2, "the demo has two enterprises of this name")
        let territory = try test.id("territories", "东城镇")
        let refused = try admin.post("/api/v1/supervision/inspections", .object([
            "group_id": 2, "mode": "overt", "date": "2024-06-14", "territory_id": .int(territory), "enterprise_ids": .array([.string(ambiguous)]),
        ]))
        XCTAssertEqual(refused.status, 422, refused.text)
        XCTAssertEqual(codes(refused), ["ambiguous"])
        XCTAssertEqual(fields(refused), ["enterprise_ids[0]"])
        let message = refused.json["errors"]?.arrayValue?.first?["message"]?.stringValue ?? ""
        for id in ids { XCTAssertTrue(message.contains("id \(id)"), message) }
    }

    func testHTTPPagingAndEveryCSVExportNeutralisesFormulas() throws {
        let (test, server) = try servedDemo()
        let admin = try server.client(as: "admin", of: test)
        for list in ["findings", "inspections", "notices", "instruments", "proposals", "draws"] {
            XCTAssertEqual(try admin.get("/api/v1/supervision/\(list)?limit=201").status, 400, list)
            XCTAssertEqual(try admin.get("/api/v1/supervision/\(list)?limit=0").status, 400, list)
            let first = try admin.get("/api/v1/supervision/\(list)?after=")
            XCTAssertEqual(first.status, 200, list)
        }
        // Pages follow one another without gaps or repeats.
        let all = try admin.get("/api/v1/supervision/findings?limit=200").json.items.compactMap { $0["id"]?.intValue }
        var seen: [Int64] = []
        var next: String? = ""
        while let cursor = next {
            let page = try admin.get("/api/v1/supervision/findings?limit=7&after=\(cursor)")
            XCTAssertEqual(page.status, 200)
            seen += page.json.items.compactMap { $0["id"]?.intValue }
            next = page.json["next"]?.stringValue
        }
        XCTAssertEqual(seen, all)

        let formulas = try plantFormulas(test, admin)
        let csv = [("Accept", "text/csv")]
        let exports = ["/api/v1/supervision/findings", "/api/v1/supervision/instruments", "/api/v1/supervision/coverage?year=2024",
                       "/api/v1/supervision/assessment/report?year=2024", "/api/v1/supervision/inspections", "/api/v1/supervision/notices"]
        for path in exports {
            let reply = try admin.get(path, headers: csv)
            XCTAssertEqual(reply.status, 200, path)
            XCTAssertTrue(reply.header("Content-Type")?.hasPrefix("text/csv") ?? false, path)
            XCTAssertTrue(reply.text.hasPrefix("\u{FEFF}"), path)
            for formula in formulas.all(for: path) {
                XCTAssertTrue(reply.text.contains(neutralised(formula)), "\(path) neutralises \(formula): \(reply.text.prefix(600))")
                let raw = String(formula.prefix(4))
                XCTAssertFalse(reply.text.contains("," + raw) || reply.text.contains("\n" + raw) || reply.text.contains(",\"" + raw), "\(path): \(formula) raw")
            }
        }
        // CSV is not paged: every matching row.
        let count = try test.core.read { try $0.scalarInt("SELECT count(*) FROM supervision_findings") }
        let rows = try admin.get("/api/v1/supervision/findings?limit=1", headers: csv).text.split(separator: "\r\n").count
        XCTAssertEqual(Int64(rows), count + 1, "a header and every finding")
    }

    /// Formula cells planted where each export shows them.
    struct Formulas {
        var finding = "=HYPERLINK(\"http://x\",\"点此\")"
        var instrument = "+cmd|' /C calc'!A0"
        var group = "@SUM(1)"
        var indicator = "-2+3"

        func all(for path: String) -> [String] {
            if path.contains("findings") { return [finding] }
            if path.contains("instruments") { return [instrument] }
            if path.contains("coverage") { return [group] }
            if path.contains("assessment") { return [indicator] }
            if path.contains("inspections") { return [group] }
            return []
        }
    }

    func plantFormulas(_ test: TestApplication, _ admin: HTTPClient) throws -> Formulas {
        let formulas = Formulas()
        let territory = try test.id("territories", "东城镇")
        let inspection = try admin.post("/api/v1/supervision/inspections", .object([
            "group_id": 2, "mode": "overt", "date": "2024-06-14", "territory_id": .int(territory),
            "findings": .array([.object(["description": .string(formulas.finding), "responsible_territory_id": .int(territory), "deadline": "2024-06-30"])]),
        ]))
        XCTAssertEqual(inspection.status, 201, inspection.text)
        XCTAssertEqual(try admin.post("/api/v1/supervision/instruments", .object(["kind": "reminder", "target_territory_id": .int(territory),
                                                                                   "reason": .string(formulas.instrument)])).status, 201)
        XCTAssertEqual(try admin.patch("/api/v1/supervision/groups/2", .object(["name": .string(formulas.group)])).status, 200)
        let scheme = try admin.send("PUT", "/api/v1/supervision/assessment/scheme?year=2024", json: .object(["indicators": .array([
            .object(["code": "A", "name": "责任落实", "children": .array([
                .object(["code": .string(formulas.indicator), "name": "人工评分", "weight": 60, "source": "manual"]),
                .object(["code": "A3", "name": "任务按期完成", "weight": 40, "source": "facts", "points": .object(["taskOverdue": 2])]),
            ])]),
        ])]))
        XCTAssertEqual(scheme.status, 200, scheme.text)
        let item = try admin.post("/api/v1/supervision/assessment/items", .object([
            "year": 2024, "subject_territory_id": "东城镇", "indicator": .string(formulas.indicator), "points": -2, "reason": "迟报", "evidence": "通报",
        ]))
        XCTAssertEqual(item.status, 201, item.text)
        return formulas
    }

    func testHTMLReportHasItsOwnPath() throws {
        let (test, server) = try servedDemo()
        let admin = try server.client(as: "admin", of: test)
        let html = try admin.get("/api/v1/supervision/assessment/report/html?year=2024")
        XCTAssertEqual(html.status, 200)
        XCTAssertTrue(html.header("Content-Type")?.hasPrefix("text/html") ?? false)
        XCTAssertTrue(html.text.contains("<!DOCTYPE html>"))
        let json = try admin.get("/api/v1/supervision/assessment/report?year=2024")
        XCTAssertEqual(json.status, 200)
        XCTAssertEqual(json.json["year"], .int(2024))
        XCTAssertEqual(try admin.get("/api/v1/supervision/assessment/report?year=2024&format=html").status, 422, "format is not a parameter: HTML has its own path")
    }

    // MARK: - The CLI

    func testCLINamesTheSameFieldsAsHTTP() throws {
        let test = try DemoFixture.make()
        let body = test.folder.file("group.json")
        try Data(#"{"name": "第六督导组", "leader": "张伟", "colour": "red"}"#.utf8).write(to: URL(fileURLWithPath: body))
        let unknown = test.cli(["supervision", "groups", "add", "--body", body])
        XCTAssertEqual(unknown.code, 5, unknown.err)
        XCTAssertTrue(unknown.err.contains("colour"), unknown.err)

        let wrongType = test.cli(["supervision", "draws", "plan", "--group-id", "1", "--territory-count", "two"])
        XCTAssertEqual(wrongType.code, 5, wrongType.err)
        XCTAssertTrue(wrongType.err.contains("territory_count"), wrongType.err)

        let control = test.cli(["supervision", "campaigns", "add", "--name", "国\u{7}庆", "--starts-on", "2024-09-28", "--ends-on", "2024-10-08"])
        XCTAssertEqual(control.code, 5, control.err)
        XCTAssertTrue(control.err.contains("name") && control.err.contains("U+0007"), control.err)

        let alias = test.cli(["supervision", "groups", "add-member", "1", "--name", "李娜", "--unit", "区住建局", "--role", "expert", "--json"])
        XCTAssertEqual(alias.code, 0, alias.err)
        let members = try JSONParser.parse(alias.out)["members"]?.arrayValue ?? []
        XCTAssertTrue(members.contains { $0["name"] == "李娜" && $0["unit_name"] == "区住房城乡建设局" && $0["role"] == "expert" })

        let ambiguous = test.cli(["supervision", "findings", "add", "1", "--description", "锅炉房堆放杂物", "--enterprise", "东城兴业锅炉有限公司", "--deadline", "2024-07-15"])
        XCTAssertEqual(ambiguous.code, 5, ambiguous.err)
        let ids = try test.core.read { try $0.query("SELECT id FROM registry_enterprises WHERE name = '东城兴业锅炉有限公司' ORDER BY id").map { $0.requiredInt("id") } }
        for id in ids { XCTAssertTrue(ambiguous.err.contains("id \(id)"), ambiguous.err) }

        let help = test.cli(["supervision", "instruments", "issue", "--help"])
        XCTAssertTrue(help.out.contains("--target-unit") && help.out.contains("--correction-report-due"), help.out + help.err)
    }

    func testCLIPagingAndCSVExports() throws {
        let test = try DemoFixture.make()
        XCTAssertNotEqual(test.cli(["supervision", "findings", "list", "--limit", "201"]).code, 0)
        let first = test.cli(["supervision", "findings", "list", "--after", "", "--limit", "5", "--json"])
        XCTAssertEqual(first.code, 0, first.err)
        XCTAssertEqual(try JSONParser.parse(first.out).arrayValue?.count, 5)
        XCTAssertTrue(first.err.contains("--after "), "the next page's cursor on stderr: \(first.err)")
        let cursor = first.err.split(separator: " ").last.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
        let second = test.cli(["supervision", "findings", "list", "--after", cursor, "--limit", "5", "--json"])
        XCTAssertEqual(second.code, 0, second.err)
        let firstIDs = Set((try JSONParser.parse(first.out).arrayValue ?? []).compactMap { $0["id"]?.intValue })
        let secondIDs = Set((try JSONParser.parse(second.out).arrayValue ?? []).compactMap { $0["id"]?.intValue })
        XCTAssertTrue(firstIDs.isDisjoint(with: secondIDs) && secondIDs.count == 5)

        let server = try serve(test)
        let formulas = try plantFormulas(test, try server.client(as: "admin", of: test))
        let findings = test.cli(["supervision", "findings", "list", "--csv"])
        XCTAssertEqual(findings.code, 0, findings.err)
        XCTAssertTrue(findings.out.contains(neutralised(formulas.finding)), findings.out)
        let count = try test.core.read { try $0.scalarInt("SELECT count(*) FROM supervision_findings") }
        XCTAssertEqual(Int64(findings.out.split(separator: "\r\n").count), count + 1, "--csv is not paged")
        let instruments = test.cli(["supervision", "instruments", "list", "--csv"])
        XCTAssertTrue(instruments.out.contains(neutralised(formulas.instrument)), instruments.out)
        let coverage = test.cli(["supervision", "coverage", "--year", "2024", "--csv"])
        XCTAssertTrue(coverage.out.contains(neutralised(formulas.group)), coverage.out)
        let export = test.cli(["supervision", "assessment", "export", "--year", "2024"])
        XCTAssertTrue(export.out.contains("'" + formulas.indicator), export.out)
        XCTAssertFalse(export.out.contains("," + formulas.indicator))
    }
}
