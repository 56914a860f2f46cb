// Over HTTP on the real server: every answer is what its route declares, and every field is read
// by its declaration: unknown fields and wrong types named, control characters refused, aliases
// resolved, ambiguous names refused with the candidates, one paging rule.
import Foundation
import Kernel
import TestSupport
import XCTest
@testable import Responsibilities

final class ContractHTTPTests: ResponsibilitiesTestCase {

    static let base = "/api/v1/responsibilities"

    static func errors(_ reply: HTTPReply) -> [(field: String, code: String, message: String)] {
        (reply.json["errors"]?.arrayValue ?? []).map { ($0["field"]?.stringValue ?? "", $0["code"]?.stringValue ?? "", $0["message"]?.stringValue ?? "") }
    }

    func testEveryAnswerIsWhatItsRouteDeclares() throws {
        let test = try app()
        let server = try TestServer(test)
        defer { server.stop() }
        let admin = server.client(token: try test.token(for: "admin"))
        let base = Self.base

        let plans = try admin.get("\(base)/plans")
        XCTAssertEqual(plans.status, 200, plans.text)
        ReplyConformance.assertPage(plans.json, PlanContracts.plan, "GET plans")
        let planID = try XCTUnwrap(plans.json["items"]?.arrayValue?.first?["id"]?.intValue)
        ReplyConformance.assert(try admin.get("\(base)/plans/\(planID)").json, PlanContracts.planDetail, "GET plans/{id}")
        let dry = try admin.post("\(base)/plans", .object(["year": 2024, "text": .string(PlanSeedFixture.text), "dry_run": true]))
        XCTAssertEqual(dry.status, 200, dry.text)
        ReplyConformance.assert(dry.json, PlanContracts.importResult, "POST plans (dry run)")

        let tasks = try admin.get("\(base)/tasks?limit=200")
        ReplyConformance.assertPage(tasks.json, LedgerReplies.task, "GET tasks")
        let taskID = try XCTUnwrap(tasks.json["items"]?.arrayValue?.first?["id"]?.intValue)
        ReplyConformance.assert(try admin.get("\(base)/tasks/\(taskID)").json, LedgerReplies.taskDetail, "GET tasks/{id}")
        let assigned = try admin.post("\(base)/tasks", .object(["title": "报送汛期值守安排", "units": .array(["区住建局"]), "territories": .array(["东城镇"]), "due": "2024-07-10"]))
        XCTAssertEqual(assigned.status, 201, assigned.text)
        ReplyConformance.assert(assigned.json, LedgerReplies.task, "POST tasks")

        let ledger = try admin.get("\(base)/ledger?limit=200")
        ReplyConformance.assertPage(ledger.json, LedgerReplies.line, "GET ledger")
        for status in ["assigned", "signed", "inProgress", "reported", "closed"] {
            let line = try XCTUnwrap(try admin.get("\(base)/ledger?status=\(status)&limit=1").json["items"]?.arrayValue?.first?["id"]?.intValue, status)
            ReplyConformance.assert(try admin.get("\(base)/ledger/\(line)").json, LedgerReplies.lineDetail, "GET ledger/{id} (\(status))")
        }
        let fresh = try XCTUnwrap(try admin.get("\(base)/tasks/\(assigned.json["id"]?.intValue ?? 0)").json["ledger_lines"]?.arrayValue?.first?["id"]?.intValue)
        let signed = try admin.post("\(base)/ledger/\(fresh)/actions/sign", .object([:]))
        XCTAssertEqual(signed.status, 200, signed.text)
        ReplyConformance.assert(signed.json, LedgerReplies.lineDetail, "POST sign")
        let progress = try admin.post("\(base)/ledger/\(fresh)/actions/progress", .object(["percent": 40, "text": "已排班", "reporter": "值班室",
            "attachments": .array([.object(["file_name": "排班表.txt", "content_base64": .string(Data("排班".utf8).base64EncodedString())])])]))
        XCTAssertEqual(progress.status, 200, progress.text)
        ReplyConformance.assert(progress.json, LedgerReplies.lineDetail, "POST progress")

        let head = try test.core.read { try $0.queryOne("""
            SELECT p.id FROM registry_posts s JOIN registry_people p ON p.id = s.person_id JOIN registry_units u ON u.id = s.unit_id
            WHERE u.name = '区住房城乡建设局' AND s.role = 'principalLeader'
            """)?.requiredInt("id") ?? 0 }
        let filed = try admin.post("\(base)/leader-lists", .object(["kind": "duty", "year": 2024, "person_id": .int(head), "content": "职责清单"]))
        XCTAssertEqual(filed.status, 201, filed.text)
        ReplyConformance.assert(filed.json, ListContracts.created, "POST leader-lists")
        let status = try admin.get("\(base)/leader-lists?year=2024&kind=duty")
        XCTAssertEqual(status.status, 200, status.text)
        ReplyConformance.assert(status.json, [FieldSpec.list("items", of: .object(ListContracts.leaderStatus), maxItems: 10_000, "").always], "GET leader-lists")

        for (version, day) in [(1, "2024-01-01"), (2, "2024-07-01")] {
            let list = try admin.post("\(base)/unit-lists", .object(["unit_id": "区住建局", "kind": "powerDuty", "effective_from": .string(day),
                                                                      "items": .array([.object(["duty": "燃气安全监管", "basis": version == 1 ? "《城镇燃气管理条例》" : "《城镇燃气管理条例》第五条"])])]))
            XCTAssertEqual(list.status, 201, list.text)
            ReplyConformance.assert(list.json, ListContracts.unitList, "POST unit-lists")
        }
        let zjj = try test.id("units", "区住房城乡建设局")
        ReplyConformance.assertPage(try admin.get("\(base)/unit-lists?unit_id=\(zjj)").json, ListContracts.unitList, "GET unit-lists")
        let diff = try admin.get("\(base)/unit-lists/diff?unit_id=\(zjj)&kind=powerDuty&from=1&to=2")
        XCTAssertEqual(diff.status, 200, diff.text)
        ReplyConformance.assert(diff.json, ListContracts.diffReply, "GET unit-lists/diff")
        XCTAssertEqual(diff.json["changed"]?.arrayValue?.count, 1)
        let noVersion = try admin.get("\(base)/unit-lists/diff?unit_id=\(zjj)&kind=powerDuty&from=1&to=9")
        XCTAssertEqual(noVersion.status, 422, "a version that does not exist is the field's fault, as an unknown name is")
        XCTAssertEqual(Self.errors(noVersion).map(\.field), ["to"])
        XCTAssertEqual(Self.errors(noVersion).first?.code, "not_found")

        let chain = try admin.post("\(base)/chains", .object(["name": "危险化学品", "links": .array([
            .object(["name": "生产", "lead_units": .array(["区应急管理局"])]), .object(["name": "运输", "lead_units": .array(["区交通运输局", "区公安分局"])]),
            .object(["name": "废弃处置"]),
        ])]))
        XCTAssertEqual(chain.status, 201, chain.text)
        ReplyConformance.assert(chain.json, ListContracts.created, "POST chains")
        let check = try admin.get("\(base)/chains/check")
        ReplyConformance.assert(check.json, [FieldSpec.list("items", of: .object(ListContracts.chainIssue), maxItems: 10_000, "").always], "GET chains/check")
        XCTAssertEqual(check.json["items"]?.arrayValue?.compactMap { $0["problem"]?.stringValue }, ["two_leads", "no_unit"])

        let group = try admin.post("\(base)/unit-groups", .object(["unit_id": "区住建局", "head_id": .int(head), "members": .array(["李强", "张敏"])]))
        XCTAssertEqual(group.status, 200, group.text)
        ReplyConformance.assert(group.json, ListContracts.group, "POST unit-groups")
    }

    func testFieldsAreReadByTheirDeclarations() throws {
        let test = try app()
        let server = try TestServer(test)
        defer { server.stop() }
        let admin = server.client(token: try test.token(for: "admin"))
        let base = Self.base

        // An unknown field, in a body or a query, is named.
        let unknown = try admin.post("\(base)/tasks", .object(["title": "x", "units": .array(["区发改局"]), "due": "2024-07-01", "deadline": "2024-07-01"]))
        XCTAssertEqual(unknown.status, 422)
        XCTAssertTrue(Self.errors(unknown).contains { $0.field == "deadline" && $0.code == "unknown_field" }, unknown.text)
        let unknownQuery = try admin.get("\(base)/ledger?unit=4")
        XCTAssertEqual(unknownQuery.status, 422)
        XCTAssertTrue(Self.errors(unknownQuery).contains { $0.field == "unit" && $0.code == "unknown_field" && $0.message.contains("unit_id") }, unknownQuery.text)
        let signBody = try admin.post("\(base)/ledger/1/actions/sign", .object(["text": "x"]))
        XCTAssertEqual(signBody.status, 422, "sign takes no fields")
        XCTAssertEqual(Self.errors(signBody).first?.code, "unknown_field")

        // A wrong type is named, in a body and in a query; year=0 (which trapped the server) is out of range.
        let line = try XCTUnwrap(try admin.get("\(base)/ledger?status=signed&limit=1").json["items"]?.arrayValue?.first?["id"]?.intValue)
        let percent = try admin.post("\(base)/ledger/\(line)/actions/progress", .object(["percent": "half", "text": "x"]))
        XCTAssertEqual(percent.status, 422)
        XCTAssertEqual(Self.errors(percent).map(\.field), ["percent"], percent.text)
        XCTAssertEqual(Self.errors(percent).first?.code, "type")
        for (query, code) in [("year=abc", "type"), ("year=0", "range"), ("year=2024&kind=monthly", "choice")] {
            let reply = try admin.get("\(base)/leader-lists?\(query)")
            XCTAssertEqual(reply.status, 422, query)
            XCTAssertEqual(Self.errors(reply).first?.code, code, "\(query): \(reply.text)")
        }
        XCTAssertEqual(Self.errors(try admin.get("\(base)/leader-lists")).first?.code, "required")
        XCTAssertEqual(Self.errors(try admin.get("\(base)/tasks?on=2024-02-30")).first?.field, "on")

        // A control character in a one-line text is refused; a paragraph may span lines.
        let bell = try admin.post("\(base)/tasks", .object(["title": "汛前\u{0007}检查", "units": .array(["区发改局"]), "due": "2024-07-01"]))
        XCTAssertEqual(bell.status, 422)
        XCTAssertEqual(Self.errors(bell).first?.field, "title")
        XCTAssertEqual(Self.errors(bell).first?.code, "control_character")
        let lines = try admin.post("\(base)/tasks", .object(["title": "汛前检查", "text": "一、排查\n二、整改", "units": .array(["区发改局"]), "due": "2024-07-01"]))
        XCTAssertEqual(lines.status, 201, lines.text)

        // An alias names a unit; a name two people share is refused with both.
        let alias = try admin.get("\(base)/ledger?unit_id=\("区住建局".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&limit=200")
        XCTAssertEqual(alias.status, 200, alias.text)
        let names = Set(alias.json["items"]?.arrayValue?.compactMap { $0["unit_name"]?.stringValue } ?? [])
        XCTAssertEqual(names, ["区住房城乡建设局"])
        let yehua = try test.core.read { try $0.query("SELECT id FROM registry_people WHERE name = '叶华' ORDER BY id") }.map { $0.requiredInt("id") }
        XCTAssertEqual(yehua.count, 2, "the demo has two people called 叶华")
        let ambiguous = try admin.post("\(base)/leader-lists", .object(["kind": "work", "year": 2024, "person_id": "叶华", "content": "工作清单"]))
        XCTAssertEqual(ambiguous.status, 422)
        let error = try XCTUnwrap(Self.errors(ambiguous).first)
        XCTAssertEqual(error.field, "person_id")
        XCTAssertEqual(error.code, "ambiguous")
        XCTAssertTrue(yehua.allSatisfy { error.message.contains("id \($0)") }, error.message)
        let head = try admin.post("\(base)/unit-groups", .object(["unit_id": "区发改局", "head_id": "叶华"]))
        XCTAssertEqual(Self.errors(head).first?.code, "ambiguous", head.text)

        // One paging rule: at most 200, larger is a malformed request; an empty cursor is the first page.
        for list in ["ledger", "tasks", "plans", "unit-lists"] {
            let tooMany = try admin.get("\(base)/\(list)?limit=201")
            XCTAssertEqual(tooMany.status, 400, "\(list): \(tooMany.text)")
            XCTAssertEqual(Self.errors(tooMany).first?.field, "limit")
            let first = try admin.get("\(base)/\(list)?after=")
            XCTAssertEqual(first.status, 200, "\(list): \(first.text)")
            XCTAssertEqual(try admin.get("\(base)/\(list)?after=abc").status, 400, list)
        }
        let page = try admin.get("\(base)/ledger?limit=2&after=")
        XCTAssertEqual(page.json["items"]?.arrayValue?.count, 2)
        let next = try XCTUnwrap(page.json["next"]?.stringValue)
        let second = try admin.get("\(base)/ledger?limit=2&after=\(next)")
        XCTAssertGreaterThan(second.json["items"]?.arrayValue?.first?["id"]?.intValue ?? 0, Int64(next) ?? .max)

        // Rules the schema cannot say carry their own codes.
        let both = try admin.post("\(base)/tasks", .object(["title": "x", "units": .array(["区发改局"]), "due": "2024-07-01", "quarterly_year": 2024]))
        XCTAssertEqual(Self.errors(both).first?.code, "due_or_quarterly", both.text)
        let nobody = try admin.post("\(base)/tasks", .object(["title": "x", "due": "2024-07-01"]))
        XCTAssertEqual(Self.errors(nobody).first?.code, "no_unit", nobody.text)
    }
}
