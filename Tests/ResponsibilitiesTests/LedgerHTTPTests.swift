// The same operations over HTTP on the real server: import (JSON and text/plain), ledger and task
// lists with CSV, actions, and scope (a `unit` user sees only its own lines).
import Foundation
import Kernel
import TestSupport
import XCTest
@testable import Responsibilities

final class LedgerHTTPTests: XCTestCase {
    func testImportListsActionsAndScopeOverHTTP() throws {
        let test = try LedgerTestSupport.demoWithoutPlan(today: CalendarDate(year: 2024, month: 2, day: 1)!)
        let server = try TestServer(test)
        defer { server.stop() }
        let admin = server.client(token: try test.token(for: "admin"))
        let fgj = server.client(token: try test.token(for: "fgj"))
        let inspector = server.client(token: try test.token(for: "inspector1"))

        XCTAssertEqual(try fgj.post("/api/v1/responsibilities/plans", .object(["year": 2024, "text": .string(PlanSeedFixture.text)])).status, 403)
        let dry = try admin.post("/api/v1/responsibilities/plans", .object(["year": 2024, "text": .string(PlanSeedFixture.text), "dry_run": true]))
        XCTAssertEqual(dry.status, 200)
        XCTAssertEqual(dry.json["task_count"]?.intValue, 8)
        XCTAssertEqual(try LedgerTestSupport.count(test, "SELECT count(*) FROM responsibilities_plans"), 0)
        let created = try admin.post("/api/v1/responsibilities/plans", .object(["year": 2024, "text": .string(PlanSeedFixture.text)]))
        XCTAssertEqual(created.status, 201, created.text)
        let planID = try XCTUnwrap(created.json["plan_id"]?.intValue)
        XCTAssertEqual(created.header("Location"), "/api/v1/responsibilities/plans/\(planID)")
        XCTAssertEqual(created.json["section_count"]?.intValue, 3)
        let gb = try XCTUnwrap(PlanText.encode(PlanSeedFixture.text, as: "GB18030"))
        let again = try admin.post("/api/v1/responsibilities/plans", .object(["year": 2024, "content_base64": .string(Data(gb).base64EncodedString())]))
        XCTAssertEqual(again.status, 200, again.text)
        XCTAssertEqual(again.json["created"], .bool(false))
        XCTAssertEqual(again.json["plan_id"]?.intValue, planID)
        let empty = try admin.post("/api/v1/responsibilities/plans", .object(["year": 2024, "text": "   "]))
        XCTAssertEqual(empty.status, 422)
        XCTAssertEqual(empty.json["errors"]?.arrayValue?.first?["field"]?.stringValue, "text")
        let binary = try admin.post("/api/v1/responsibilities/plans", .object(["year": 2024, "content_base64": .string(Data([0x00, 0x01, 0x02, 0xFF]).base64EncodedString())]))
        XCTAssertEqual(binary.status, 422)
        XCTAssertEqual(binary.json["errors"]?.arrayValue?.first?["code"]?.stringValue, "not_text", binary.text)
        // The body is JSON: the plan's text (or its bytes in base64) beside its year.
        let plain = try admin.send("POST", "/api/v1/responsibilities/plans", body: Array(PlanSeedFixture.text.utf8), headers: [("Content-Type", "text/plain; charset=utf-8")])
        XCTAssertEqual(plain.status, 415, plain.text)
        let both = try admin.post("/api/v1/responsibilities/plans", .object(["year": 2024, "text": "一、", "content_base64": "5LiA"]))
        XCTAssertEqual(both.status, 422)
        XCTAssertEqual(both.json["errors"]?.arrayValue?.first?["code"]?.stringValue, "text_or_base64", both.text)
        let noYear = try admin.post("/api/v1/responsibilities/plans", .object(["text": .string(PlanSeedFixture.text)]))
        XCTAssertEqual(noYear.status, 422)
        XCTAssertEqual(noYear.json["errors"]?.arrayValue?.first?["field"]?.stringValue, "year", noYear.text)

        let plan = try admin.get("/api/v1/responsibilities/plans/\(planID)")
        XCTAssertEqual(plan.status, 200)
        XCTAssertEqual(plan.json["sections"]?.arrayValue?.count, 3)

        // A unit sees only its own lines; another unit's line is "not found".
        let mine = try fgj.get("/api/v1/responsibilities/ledger?limit=200")
        XCTAssertEqual(mine.status, 200)
        let items = mine.json["items"]?.arrayValue ?? []
        XCTAssertFalse(items.isEmpty)
        XCTAssertTrue(items.allSatisfy { $0["unit_name"]?.stringValue == "区发改局" })
        let office = try test.id("units", "区安委办")
        let others = try test.core.read { try $0.scalarInt("SELECT min(id) FROM responsibilities_lines WHERE unit_id = ?", [office]) }
        XCTAssertEqual(try fgj.get("/api/v1/responsibilities/ledger/\(others)").status, 404)
        XCTAssertEqual(try fgj.post("/api/v1/responsibilities/ledger/\(others)/actions/sign", .object([:])).status, 404)
        XCTAssertEqual(try inspector.get("/api/v1/responsibilities/ledger").status, 403)

        // Paging and CSV.
        let page = try admin.get("/api/v1/responsibilities/ledger?limit=50")
        XCTAssertEqual(page.json["items"]?.arrayValue?.count, 50)
        let next = try XCTUnwrap(page.json["next"]?.stringValue)
        XCTAssertNotNil(page.header("Link"))
        let second = try admin.get("/api/v1/responsibilities/ledger?limit=50&after=\(next)")
        XCTAssertGreaterThan(second.json["items"]?.arrayValue?.first?["id"]?.intValue ?? 0, page.json["items"]?.arrayValue?.last?["id"]?.intValue ?? 0)
        let csv = try fgj.get("/api/v1/responsibilities/tasks?colour=green", headers: [("Accept", "text/csv")])
        XCTAssertEqual(csv.status, 200)
        XCTAssertTrue(csv.header("Content-Type")?.hasPrefix("text/csv") ?? false)
        XCTAssertTrue(csv.text.contains("抓好组织学习"), csv.text)
        let red = try admin.get("/api/v1/responsibilities/tasks?colour=red&unit_id=\("区安委办".addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")&on=2024-03-01")
        XCTAssertEqual(red.status, 200, red.text)
        XCTAssertTrue(red.json["items"]?.arrayValue?.contains { $0["number"]?.stringValue == "(四)" } ?? false, red.text)
        XCTAssertEqual(try admin.get("/api/v1/responsibilities/tasks?colour=blue").status, 422)

        // Actions: sign, progress with a base64 attachment, complete; the office verifies; 409 names the state.
        let line = try XCTUnwrap(items.first?["id"]?.intValue)
        let base = "/api/v1/responsibilities/ledger/\(line)/actions"
        XCTAssertEqual(try fgj.post("\(base)/sign", .object([:])).status, 200)
        let progress = try fgj.post("\(base)/progress", .object(["percent": 30, "text": "已部署", "attachments": .array([.object([
            "file_name": "部署通知.txt", "content_base64": .string(Data("通知".utf8).base64EncodedString())])])]))
        XCTAssertEqual(progress.status, 200, progress.text)
        XCTAssertEqual(progress.json["history"]?.arrayValue?.last?["attachments"]?.arrayValue?.count, 1)
        let hash = progress.json["history"]?.arrayValue?.last?["attachments"]?.arrayValue?.first?["sha256"]?.stringValue ?? ""
        let file = try fgj.get("/api/v1/responsibilities/attachments/\(hash)")
        XCTAssertEqual(file.body, Array("通知".utf8))
        XCTAssertEqual(try fgj.post("\(base)/verify", .object([:])).status, 403)
        let conflict = try admin.post("\(base)/verify", .object([:]))
        XCTAssertEqual(conflict.status, 409)
        XCTAssertEqual(conflict.json["current_state"]?.stringValue, "inProgress")
        XCTAssertEqual(conflict.json["allowed_actions"]?.arrayValue?.compactMap(\.stringValue), ["progress", "complete"])
        XCTAssertEqual(try fgj.post("\(base)/progress", .object(["percent": 30])).status, 422)
        XCTAssertEqual(try fgj.post("\(base)/complete", .object(["text": "已完成"])).status, 200)
        let closed = try admin.post("\(base)/verify", .object([:]))
        XCTAssertEqual(closed.status, 200)
        XCTAssertEqual(closed.json["status"]?.stringValue, "closed")

        // The office assigns a task to every territory; a town user sees its own line.
        let assigned = try admin.post("/api/v1/responsibilities/tasks", .object(["title": "汛前安全检查", "all_territories": true, "due": "2024-05-31"]))
        XCTAssertEqual(assigned.status, 201, assigned.text)
        XCTAssertEqual(assigned.json["lines"]?.intValue, 10)
        let town = server.client(token: try test.token(for: "dongcheng"))
        let townLines = try town.get("/api/v1/responsibilities/ledger").json["items"]?.arrayValue ?? []
        XCTAssertEqual(townLines.compactMap { $0["unit_name"]?.stringValue }, ["东城镇"])
        XCTAssertEqual(try admin.post("/api/v1/responsibilities/tasks", .object(["title": "x", "units": .array(["区火星局"]), "due": "2024-05-31"])).status, 422)
    }
}
