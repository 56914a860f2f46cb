// Hazards reads what it declares, over HTTP and the CLI alike: unknown fields, wrong types and
// control characters are 422 naming the field; names go through the kernel's resolver (aliases
// accepted, ambiguous names refused with the candidates); paging is the one rule; and rules the
// schema cannot say answer with codes of their own.
import Foundation
import Kernel
import TestSupport
import XCTest

final class DeclaredInputTests: HazardsTestCase {
    func errors(_ reply: HTTPReply) -> [(field: String, code: String, message: String)] {
        (reply.json["errors"]?.arrayValue ?? []).map { ($0["field"]?.stringValue ?? "", $0["code"]?.stringValue ?? "", $0["message"]?.stringValue ?? "") }
    }

    func percent(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text }

    func testUnknownFieldsAreNamedOverHTTPAndTheCLI() throws {
        let admin = try client("admin")
        let body = try admin.post("/api/v1/hazards", ["place": "某处", "territory_id": "东城镇", "sector": "gas", "supervising_unit_id": "区城市管理局",
                                                      "description": "燃气管道锈蚀", "colour": "red"])
        XCTAssertEqual(body.status, 422, body.text)
        XCTAssertEqual(errors(body).map(\.field), ["colour"])
        XCTAssertEqual(errors(body).first?.code, "unknown_field")
        XCTAssertEqual(try sqliteInt("SELECT count(*) FROM hazards_hazards WHERE description = '燃气管道锈蚀' AND place = '某处'"), 0, "nothing half-read is written")
        // The public intake, a lifecycle action and a query alike.
        let intake = try server.client().post("/api/v1/tipoffs", ["text": "有隐患", "place": "某处", "nickname": "匿名"])
        XCTAssertEqual(intake.status, 422, intake.text)
        XCTAssertEqual(errors(intake).map(\.field), ["nickname"])
        let id = try XCTUnwrap(try sqlite("SELECT id FROM hazards_hazards WHERE status = 'rectifying' ORDER BY id LIMIT 1").first)
        let action = try admin.post("/api/v1/hazards/\(id)/actions/report-progress", ["note": "进展", "percent": 50])
        XCTAssertEqual(errors(action).map(\.code), ["unknown_field"], action.text)
        let query = try admin.get("/api/v1/hazards?colour=red")
        XCTAssertEqual(query.status, 422, query.text)
        XCTAssertEqual(errors(query).map(\.field), ["colour"])

        let cli = test.cli(["hazards", "add", "--description", "燃气管道锈蚀", "--colour", "red"])
        XCTAssertEqual(cli.code, 2, cli.err)
        XCTAssertTrue(cli.err.contains("--colour"), cli.err)
    }

    func testWrongTypesAreNamedOverHTTPAndTheCLI() throws {
        let admin = try client("admin")
        let reply = try admin.post("/api/v1/hazards", ["enterprise_id": 1, "description": 5, "deadline": "tomorrow", "grade": "severe"])
        XCTAssertEqual(reply.status, 422, reply.text)
        XCTAssertEqual(Dictionary(uniqueKeysWithValues: errors(reply).map { ($0.field, $0.code) }), ["description": "type", "deadline": "format", "grade": "choice"])
        let filter = try admin.get("/api/v1/hazards?overdue=maybe")
        XCTAssertEqual(filter.status, 422)
        XCTAssertEqual(errors(filter).map(\.field), ["overdue"])
        let period = try admin.get("/api/v1/hazards/statistics-reports?period=2024-Q5")
        XCTAssertEqual(errors(period).map(\.code), ["format"], period.text)
        XCTAssertEqual(try admin.get("/api/v1/hazards/statistics-reports?period=1899").status, 422)
        let farOff = try admin.get("/api/v1/hazards/statistics-reports?period=2200")
        XCTAssertEqual(farOff.status, 200, "every year the reader allows is a period: \(farOff.text)")
        XCTAssertEqual(farOff.json["due"], "2201-01-31")

        let cli = test.cli(["hazards", "add", "--enterprise", "1", "--description", "配电箱无防护", "--deadline", "tomorrow"])
        XCTAssertEqual(cli.code, 5, cli.err)
        XCTAssertTrue(cli.err.contains("deadline"), cli.err)
        let status = test.cli(["hazards", "reports", "status", "2024-Q5"])
        XCTAssertEqual(status.code, 5, status.err)
        XCTAssertTrue(status.err.contains("period"), status.err)
    }

    func testControlCharactersAreRefusedAndNeverReachAnOperatorsTerminal() throws {
        let escape = "\u{1B}[2J\u{1B}[31m燃气泄漏"
        let intake = try server.client().post("/api/v1/tipoffs", ["text": .string(escape), "place": "东城镇某小区"])
        XCTAssertEqual(intake.status, 422, intake.text)
        XCTAssertEqual(errors(intake).first?.field, "text")
        XCTAssertEqual(errors(intake).first?.code, "control_character")
        let place = try server.client().post("/api/v1/tipoffs", ["text": "有人\n多行描述\t可以", "place": "某处\u{7}"])
        XCTAssertEqual(errors(place).map(\.field), ["place"], "a paragraph may span lines; a place is one line: \(place.text)")
        let cli = test.cli(["hazards", "tipoffs", "submit", "--text", escape, "--place", "东城镇某小区"])
        XCTAssertEqual(cli.code, 5, cli.err)
        XCTAssertTrue(cli.err.contains("text") && cli.err.contains("U+001B"), cli.err)
        let list = test.cli(["hazards", "tipoffs", "list", "--limit", "200"])
        XCTAssertEqual(list.code, 0, list.err)
        XCTAssertFalse(list.out.contains("\u{1B}"))
        XCTAssertEqual(try sqliteInt("SELECT count(*) FROM hazards_tipoffs WHERE instr(text, char(27)) > 0"), 0)

        // The full-text query: a control character is 422, never a 500 from the search; any text
        // that passes is a valid search, FTS syntax included.
        let admin = try client("admin")
        XCTAssertEqual(try admin.get("/api/v1/hazards?q=a%00b").status, 422)
        for q in ["\"燃气", "燃气\" OR NEAR(a b", "AND OR NOT", "*", "col:燃气管道", "(((", "a\"b\"c d"] {
            let reply = try admin.get("/api/v1/hazards?q=\(percent(q))")
            XCTAssertEqual(reply.status, 200, "\(q): \(reply.text)")
        }
    }

    func testNamesAreResolvedByTheKernelWithAliasesAndAmbiguity() throws {
        let admin = try client("admin")
        // The CLI's own help example, alias and all.
        let example = test.cli(["hazards", "add", "--place", "人民路12号自建房", "--territory", "东城镇", "--sector", "selfBuiltHouse",
                                "--supervising-unit", "区住建局", "--description", "墙体开裂", "--json"])
        XCTAssertEqual(example.code, 0, example.err)
        XCTAssertEqual((try? JSONParser.parse(Array(example.out.utf8)))?["supervising_unit_name"], "区住房城乡建设局")
        let listed = try admin.get("/api/v1/hazards?supervising_unit_id=\(percent("区住建局"))&limit=5")
        XCTAssertEqual(listed.status, 200, listed.text)
        XCTAssertTrue(listed.json["items"]?.arrayValue?.allSatisfy { $0["supervising_unit_name"] == "区住房城乡建设局" } ?? false)

        // Two units answering to one alias: refused with both as candidates, never the first.
        let units = try sqlite("SELECT id || '|' || name FROM registry_units WHERE name NOT IN ('区住房城乡建设局', '区城市管理局') ORDER BY id LIMIT 2")
        XCTAssertEqual(units.count, 2)
        for unit in units {
            let id = unit.split(separator: "|")[0]
            XCTAssertEqual(try admin.patch("/api/v1/org/units/\(id)", ["aliases": .array(["重名单位"])]).status, 200)
        }
        let names = units.map { String($0.split(separator: "|")[1]) }
        let ambiguous = try admin.post("/api/v1/hazards", ["place": "某处", "territory_id": "东城镇", "sector": "gas", "supervising_unit_id": "重名单位", "description": "重名测试"])
        XCTAssertEqual(ambiguous.status, 422, ambiguous.text)
        let error = try XCTUnwrap(errors(ambiguous).first)
        XCTAssertEqual(error.field, "supervising_unit_id")
        XCTAssertEqual(error.code, "ambiguous")
        XCTAssertTrue(names.allSatisfy(error.message.contains), error.message)
        let filter = try admin.get("/api/v1/hazards?supervising_unit_id=\(percent("重名单位"))")
        XCTAssertEqual(errors(filter).map(\.code), ["ambiguous"], filter.text)
        let cli = test.cli(["hazards", "list", "--supervising-unit", "重名单位"])
        XCTAssertEqual(cli.code, 5, cli.err)
        XCTAssertTrue(names.allSatisfy(cli.err.contains), cli.err)
        let unknown = try admin.get("/api/v1/hazards?territory_id=\(percent("火星镇"))")
        XCTAssertEqual(errors(unknown).map(\.code), ["not_found"], unknown.text)
    }

    func testPagingIsTheOneRule() throws {
        let admin = try client("admin")
        for path in ["/api/v1/hazards", "/api/v1/tipoffs"] {
            XCTAssertEqual(try admin.get("\(path)?limit=201").status, 400, path)
            XCTAssertEqual(try admin.get("\(path)?limit=0").status, 400, path)
            XCTAssertEqual(try admin.get("\(path)?after=abc").status, 400, path)
            let first = try admin.get("\(path)?after=")
            XCTAssertEqual(first.status, 200, "\(path): \(first.text)")
            let page = try admin.get("\(path)?limit=2")
            XCTAssertEqual(page.json["items"]?.arrayValue?.count, 2, path)
            let next = try XCTUnwrap(page.json["next"]?.stringValue, path)
            XCTAssertEqual(page.header("Link"), "<\(path)?limit=2&after=\(next)>; rel=\"next\"")
            let second = try admin.get("\(path)?limit=2&after=\(next)")
            XCTAssertNotEqual(second.json["items"]?.arrayValue?.first?["id"], page.json["items"]?.arrayValue?.first?["id"])
        }
        XCTAssertEqual(try admin.get("/api/v1/hazards?limit=50").json["items"]?.arrayValue?.count, 50)
        XCTAssertEqual(try admin.get("/api/v1/hazards").json["items"]?.arrayValue?.count, 50, "the default page is 50")

        let tooMany = test.cli(["hazards", "list", "--limit", "201"])
        XCTAssertNotEqual(tooMany.code, 0)
        XCTAssertTrue(tooMany.err.contains("limit"), tooMany.err)
        let short = test.cli(["hazards", "list", "--limit", "2", "--json"])
        XCTAssertEqual(short.code, 0, short.err)
        XCTAssertEqual((try? JSONParser.parse(Array(short.out.utf8)))?.arrayValue?.count, 2)
        XCTAssertTrue(short.err.hasPrefix("more: --after "), "the next cursor on stderr: \(short.err)")
        let cursor = short.err.dropFirst("more: --after ".count).trimmingCharacters(in: .whitespacesAndNewlines)
        let after = test.cli(["hazards", "list", "--limit", "2", "--after", cursor, "--json"])
        XCTAssertEqual(after.code, 0, after.err)
        XCTAssertNotEqual(after.out, short.out)
        XCTAssertEqual(test.cli(["hazards", "list", "--after", "", "--json"]).code, 0, "an empty cursor is the first page")
        let tipOffs = test.cli(["hazards", "tipoffs", "list", "--limit", "1"])
        XCTAssertEqual(tipOffs.code, 0, tipOffs.err)
        XCTAssertTrue(tipOffs.err.contains("more: --after "), tipOffs.err)
    }

    func testRulesTheSchemaCannotSayHaveCodesOfTheirOwn() throws {
        let admin = try client("admin")
        let reader: Set<String> = ["type", "format", "range", "too_long", "control_character", "unknown_field", "required", "choice", "too_many", "duplicate", "checksum"]
        func codes(_ reply: HTTPReply) -> [String] { errors(reply).map(\.code) }
        let early = try admin.post("/api/v1/hazards", ["enterprise_id": 1, "description": "期限早于发现", "found_on": "2024-06-01", "deadline": "2024-05-01"])
        XCTAssertEqual(codes(early), ["before_found_on"], early.text)
        let future = try admin.post("/api/v1/hazards", ["enterprise_id": 1, "description": "未来发现", "found_on": "2024-07-01"])
        XCTAssertEqual(codes(future), ["future"], future.text)
        let major = try admin.post("/api/v1/hazards", ["enterprise_id": 1, "description": "重大隐患无条款", "grade": "major"])
        XCTAssertEqual(codes(major), ["required_for_major"], major.text)
        let clause = try admin.post("/api/v1/hazards", ["enterprise_id": 1, "description": "条款不存在", "grade": "major", "standard_clause_id": 999_999])
        XCTAssertEqual(codes(clause), ["not_found"], clause.text)
        let open = try XCTUnwrap(try sqlite("SELECT id FROM hazards_hazards WHERE status = 'reported' ORDER BY id LIMIT 1").first)
        let merge = try admin.post("/api/v1/hazards/\(open)/actions/merge", ["into": 999_999])
        XCTAssertEqual(merge.status, 422, "the path's hazard exists; the body names one that does not: \(merge.text)")
        XCTAssertEqual(errors(merge).map(\.field), ["into"])
        XCTAssertEqual(codes(merge), ["not_found"])
        let link = try admin.post("/api/v1/tipoffs/999999/actions/link", ["hazard_id": 1])
        XCTAssertEqual(link.status, 404, "an unknown tip-off in the path is not found: \(link.text)")
        let report = try admin.post("/api/v1/hazards/statistics-reports", ["period": "2023", "signed_by": "王伟"])
        XCTAssertEqual(codes(report), ["required_for_office"], report.text)
        let photo = try server.client().post("/api/v1/tipoffs", ["text": "有隐患", "place": "某处", "photos": .array([.object(["content_base64": "aGVsbG8="])])])
        XCTAssertEqual(codes(photo), ["not_accepted"], photo.text)
        for reply in [early, future, major, clause, merge, report, photo] {
            XCTAssertTrue(reader.isDisjoint(with: codes(reply)), reply.text)
        }
        // Limits the schema does say are the reader's.
        let photos = Array(repeating: JSON.object(["content_base64": "iVBORw0KGgoBAgM="]), count: 4)
        let tooMany = try server.client().post("/api/v1/tipoffs", ["text": "有隐患", "place": "某处", "photos": .array(photos)])
        XCTAssertEqual(codes(tooMany), ["too_many"], tooMany.text)
    }
}
