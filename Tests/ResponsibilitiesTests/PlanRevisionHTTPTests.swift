// The same over HTTP on the real server, as the office, a unit, a town and an inspector: the
// overview, designating 有关 units (403 for a unit, 409 twice, 422 for nothing or hostile input),
// the revision's dry run and the revision, adding and removing a unit, withdrawing the plan.
import Foundation
import Kernel
import TestSupport
import XCTest
@testable import Responsibilities

final class PlanRevisionHTTPTests: XCTestCase {
    func testTheOfficesPlanYearOverHTTP() throws {
        let test = try LedgerTestSupport.demoWithoutPlan(today: CalendarDate(year: 2024, month: 1, day: 10)!)
        let server = try TestServer(test)
        defer { server.stop() }
        var office = server.client(token: try test.token(for: "anweiban"))
        var unit = server.client(token: try test.token(for: "fgj"))
        var town = server.client(token: try test.token(for: "dongcheng"))
        let inspector = server.client(token: try test.token(for: "inspector1"))
        let base = "/api/v1/responsibilities"

        let created = try office.post("\(base)/plans", .object(["year": 2024, "text": .string(PlanSeedFixture.text)]))
        XCTAssertEqual(created.status, 201, created.text)
        let planID = try XCTUnwrap(created.json["plan_id"]?.intValue)
        XCTAssertEqual(created.json["to_designate"]?.arrayValue?.count, 5)
        XCTAssertTrue(created.json["warnings"]?.arrayValue?.contains { $0["code"]?.stringValue == "assignment_to_designate" } ?? false)

        // The overview: the office sees the assignments to designate; a unit, a town, an inspector do not.
        let overview = try office.get("/api/v1/overview")
        XCTAssertEqual(overview.status, 200)
        XCTAssertEqual(overview.json["items"]?.arrayValue?.filter { $0["kind"]?.stringValue == "assignment_to_designate" }.count, 5, overview.text)
        for client in [unit, town, inspector] {
            let theirs = try client.get("/api/v1/overview")
            XCTAssertEqual(theirs.status, 200)
            XCTAssertFalse(theirs.json["items"]?.arrayValue?.contains { $0["kind"]?.stringValue == "assignment_to_designate" } ?? true)
        }
        XCTAssertEqual(try unit.get("\(base)/designations").status, 403)
        XCTAssertEqual(try inspector.get("\(base)/designations").status, 403)
        let list = try office.get("\(base)/designations?status=pending")
        XCTAssertEqual(list.status, 200, list.text)
        let first = try XCTUnwrap(list.json["items"]?.arrayValue?.first)
        let id = try XCTUnwrap(first["id"]?.intValue)
        XCTAssertEqual(first["phrase"]?.stringValue, "区安委会有关成员单位")
        XCTAssertEqual(try office.get("\(base)/designations/\(id)").json["status"]?.stringValue, "pending")
        XCTAssertEqual(try office.get("\(base)/designations/99999").status, 404)

        // Designating: a unit is refused; nothing, an unknown unit or an unknown field are 422; then once.
        let designate = "\(base)/designations/\(id)/actions/designate"
        XCTAssertEqual(try unit.post(designate, .object(["units": .array([.string("区发改局")])])).status, 403)
        XCTAssertEqual(try town.post(designate, .object(["units": .array([.string("区发改局")])])).status, 403)
        let nothing = try office.post(designate, .object([:]))
        XCTAssertEqual(nothing.status, 422)
        XCTAssertEqual(nothing.json["errors"]?.arrayValue?.first?["code"]?.stringValue, "no_unit", nothing.text)
        XCTAssertEqual(try office.post(designate, .object(["units": .array([.string("区发改局'; DROP TABLE responsibilities_lines; --")])])).status, 422)
        XCTAssertEqual(try office.post(designate, .object(["units": .array([.string("区发改局")]), "everyone": true])).status, 422)
        XCTAssertEqual(try office.post(designate, .object(["units": .array([.string("区发改局")]), "due": "2023-12-31"])).status, 422, "a due date in the past")
        let done = try office.post(designate, .object(["units": .array([.string("区发改局")]), "territories": .array([.string("东城镇")]), "note": "经主任会议研究"]))
        XCTAssertEqual(done.status, 200, done.text)
        XCTAssertEqual(done.json["ledger_lines_created"]?.intValue, 8, "two units × four quarters")
        let again = try office.post(designate, .object(["units": .array([.string("区住建局")])]))
        XCTAssertEqual(again.status, 409)
        XCTAssertEqual(again.json["code"]?.stringValue, "state", again.text)
        // The unit and the town now see their lines of the task (and only theirs).
        let task = try XCTUnwrap(first["task_id"]?.intValue)
        let theirs = try unit.get("\(base)/ledger?task_id=\(task)")
        XCTAssertEqual(theirs.json["items"]?.arrayValue?.count, 4, theirs.text)
        XCTAssertTrue(theirs.json["items"]?.arrayValue?.allSatisfy { $0["unit_name"]?.stringValue == "区发改局" && $0["source"]?.stringValue == "designated" } ?? false)
        let townLines = try town.get("\(base)/ledger?task_id=\(task)").json["items"]?.arrayValue ?? []
        XCTAssertEqual(townLines.count, 4)
        XCTAssertEqual(Set(townLines.compactMap { $0["role"]?.stringValue }), ["territorial"])

        // A revision over HTTP: the dry run describes it; a unit may not; then it is applied.
        test.clock.set(CalendarDate(year: 2024, month: 3, day: 1)!)
        // Tokens are issued for the day the clock shows.
        office = server.client(token: try test.token(for: "anweiban"))
        unit = server.client(token: try test.token(for: "fgj"))
        town = server.client(token: try test.token(for: "dongcheng"))
        let edited = PlanRevisionTests.editedSeed
        XCTAssertEqual(try unit.post("\(base)/plans", .object(["year": 2024, "text": .string(edited), "dry_run": true])).status, 403)
        let dry = try office.post("\(base)/plans", .object(["year": 2024, "text": .string(edited), "dry_run": true]))
        XCTAssertEqual(dry.status, 200, dry.text)
        XCTAssertEqual(dry.json["revision"]?["tasks_withdrawn"]?.arrayValue?.first?["number"]?.stringValue, "(七)")
        XCTAssertEqual(try LedgerTestSupport.count(test, "SELECT revision FROM responsibilities_plans WHERE id = ?", [planID]), 1)
        let revised = try office.post("\(base)/plans", .object(["year": 2024, "text": .string(edited)]))
        XCTAssertEqual(revised.status, 200, revised.text)
        XCTAssertEqual(revised.json["plan_id"]?.intValue, planID)
        XCTAssertEqual(revised.json["revision"]?["to_revision"]?.intValue, 2)
        let plan = try office.get("\(base)/plans/\(planID)")
        XCTAssertEqual(plan.json["revision"]?.intValue, 2)
        XCTAssertEqual(plan.json["withdrawn_tasks"]?.arrayValue?.map { $0["title"]?.stringValue }, ["强化组织领导"])
        XCTAssertEqual(plan.json["sections"]?.arrayValue?.flatMap { $0["tasks"]?.arrayValue ?? [] }.count, 8)
        // The designated lines of (二) survive the revision (the 有关 clause is unchanged).
        XCTAssertEqual(try unit.get("\(base)/ledger?task_id=\(task)").json["items"]?.arrayValue?.count, 4)
        let withdrawnTasks = try office.get("\(base)/tasks?withdrawn=true")
        XCTAssertEqual(withdrawnTasks.status, 200, withdrawnTasks.text)
        XCTAssertEqual(withdrawnTasks.json["items"]?.arrayValue?.first?["colour_code"]?.stringValue, "withdrawn")

        // Add and remove a unit by hand.
        let addUnit = "\(base)/tasks/\(task)/actions/add-unit"
        XCTAssertEqual(try unit.post(addUnit, .object(["unit": "区住建局"])).status, 403)
        XCTAssertEqual(try office.post(addUnit, .object(["unit": "区住建局", "territory": "东城镇"])).status, 422)
        XCTAssertEqual(try office.post(addUnit, .object(["unit": "不存在的局"])).status, 422)
        let add = try office.post(addUnit, .object(["unit": "区住建局", "reason": "职能调整"]))
        XCTAssertEqual(add.status, 200, add.text)
        XCTAssertEqual(add.json["ledger_lines"]?.intValue, 4, "Q1 ends on 03-31: four quarters")
        XCTAssertEqual(try office.post(addUnit, .object(["unit": "区住建局"])).status, 409)
        let removeUnit = "\(base)/tasks/\(task)/actions/remove-unit"
        XCTAssertEqual(try town.post(removeUnit, .object(["unit": "区住建局"])).status, 403)
        XCTAssertEqual(try office.post(removeUnit, .object(["unit": "区住建局", "reason": "不涉及"])).json["ledger_lines"]?.intValue, 4)
        XCTAssertEqual(try office.post(removeUnit, .object(["unit": "区住建局"])).status, 409)
        XCTAssertEqual(try office.post("\(base)/tasks/99999/actions/add-unit", .object(["unit": "区住建局"])).status, 404)

        // Withdraw the plan: a unit may not; a reason is required; twice is a conflict.
        let withdraw = "\(base)/plans/\(planID)/actions/withdraw"
        XCTAssertEqual(try unit.post(withdraw, .object(["reason": "x"])).status, 403)
        XCTAssertEqual(try office.post(withdraw, .object([:])).status, 422)
        let withdrawn = try office.post(withdraw, .object(["reason": "误导入"]))
        XCTAssertEqual(withdrawn.status, 200, withdrawn.text)
        XCTAssertEqual(withdrawn.json["withdrawn_reason"]?.stringValue, "误导入")
        XCTAssertEqual(try office.post(withdraw, .object(["reason": "again"])).status, 409)
        XCTAssertEqual(try office.post("\(base)/plans/99999/actions/withdraw", .object(["reason": "x"])).status, 404)
        XCTAssertEqual(try unit.get("\(base)/ledger").json["items"]?.arrayValue?.count, 0)
        XCTAssertEqual(try office.post(designate, .object(["units": .array([.string("区住建局")])])).status, 409, "an assignment of a withdrawn plan")
    }
}
