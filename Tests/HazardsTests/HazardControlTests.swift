// Issue 20 items 2 and 6: closure (销号) is the supervising department's review — the office acts
// in its place only by naming it, with a reason, "区安委办代为…" on the timeline, in the audit and
// in the event; regrade, deadline extension (the department's approval) each an action with a
// reason. Over HTTP and the CLI, as every role, in wrong order and with dates in the past.
import Foundation
import Kernel
import TestSupport
import XCTest

final class HazardControlTests: HazardsTestCase {
    func codes(_ reply: HTTPReply) -> [String: String] {
        Dictionary((reply.json["errors"]?.arrayValue ?? []).compactMap { e in e["field"]?.stringValue.map { ($0, e["code"]?.stringValue ?? "") } }, uniquingKeysWith: { a, _ in a })
    }

    /// A major hazard of qiye's (区应急管理局 supervises it), taken to reviewApplied by the enterprise.
    func majorAwaitingReview(_ description: String) throws -> Int64 {
        let qiye = try client("qiye")
        let made = try qiye.post("/api/v1/hazards", ["description": .string(description), "grade": "major", "standard_clause_id": 4, "deadline": "2024-08-31"])
        let id = try XCTUnwrap(made.json["id"]?.intValue, made.text)
        for (action, body) in [("file-plan", Self.plan), ("report-progress", ["note": "整改中"]), ("finish-rectification", .object([])),
                               ("submit-assessment", ["assessment": "评估合格"]), ("apply-review", .object([]))] as [(String, JSON)] {
            let reply = try qiye.post("/api/v1/hazards/\(id)/actions/\(action)", body)
            XCTAssertEqual(reply.status, 200, "\(action): \(reply.text)")
        }
        return id
    }

    func testClosureIsTheDepartmentsAndTheOfficeActsInItsPlaceOnlyByNamingIt() throws {
        let admin = try client("admin"), anweiban = try client("anweiban"), yjj = try client("yjj"), fgj = try client("fgj")
        let dongcheng = try client("dongcheng"), inspector = try client("inspector1"), qiye = try client("qiye")
        let id = try majorAwaitingReview("储罐区紧急切断失效（代为销号测试）")
        let path = "/api/v1/hazards/\(id)/actions/review"
        // Neither the system administrator nor the office closes as itself; it is told how to act in the department's place.
        let asAdmin = try admin.post(path, ["passed": true])
        XCTAssertEqual(asAdmin.status, 403, asAdmin.text)
        XCTAssertTrue(asAdmin.text.contains("on_behalf_of_unit_id") && asAdmin.text.contains("区应急管理局"), asAdmin.text)
        XCTAssertEqual(try anweiban.post(path, ["passed": true]).status, 403)
        XCTAssertEqual(try anweiban.post(path, ["passed": false, "reasons": "x"]).status, 403, "a failed review is the department's too")
        // Wrong users.
        XCTAssertEqual(try fgj.post(path, ["passed": true]).status, 404)
        XCTAssertEqual(try dongcheng.post(path, ["passed": true]).status, 403)
        XCTAssertEqual(try inspector.post(path, ["passed": true]).status, 403)
        XCTAssertEqual(try qiye.post(path, ["passed": true]).status, 403)
        XCTAssertEqual(try yjj.post(path, ["passed": true, "on_behalf_of_unit_id": "区应急管理局", "on_behalf_reason": "x"]).status, 403, "only the office acts on behalf")
        // The office naming the wrong department, or no reason.
        XCTAssertEqual(codes(try anweiban.post(path, ["passed": true, "on_behalf_of_unit_id": "区发改局", "on_behalf_reason": "x"])), ["on_behalf_of_unit_id": "not_supervising_unit"])
        XCTAssertEqual(codes(try anweiban.post(path, ["passed": true, "on_behalf_of_unit_id": "区应急管理局"])), ["on_behalf_reason": "required_on_behalf"])
        XCTAssertEqual(try admin.get("/api/v1/hazards/\(id)").json["status"], "reviewApplied", "nothing was written")
        // In the department's place, named, with a reason.
        let closed = try anweiban.post(path, ["passed": true, "on_behalf_of_unit_id": "区应急管理局", "on_behalf_reason": "区应急管理局核查人员回避，经主任批准"])
        XCTAssertEqual(closed.status, 200, closed.text)
        XCTAssertEqual(closed.json["status"], "closed")
        XCTAssertEqual(closed.json["closed_by"], "anweiban")
        XCTAssertEqual(closed.json["closed_on_behalf_of_unit_id"], closed.json["supervising_unit_id"])
        let last = try XCTUnwrap(try yjj.get("/api/v1/hazards/\(id)/timeline").json["items"]?.arrayValue?.last)
        XCTAssertEqual(last["action"], "review")
        XCTAssertTrue(last["note"]?.stringValue?.hasPrefix("区安委办代为区应急管理局核查销号") ?? false, "\(last)")
        XCTAssertEqual(last["details"]?["on_behalf_of_unit_name"], "区应急管理局")
        let audit = try sqlite("SELECT summary FROM kernel_audit WHERE action = 'hazards.review' AND entity_id = '\(id)'")
        XCTAssertTrue(audit.count == 1 && audit[0].hasPrefix("区安委办代为区应急管理局"), "\(audit)")
        let event = try XCTUnwrap(try sqlite("SELECT payload FROM kernel_events WHERE type = 'hazards.hazard.closed' AND payload LIKE '%\"hazard_id\":\(id),%'").first)
        let summary = try XCTUnwrap(try JSONParser.parse(Array(event.utf8))["summary"]?.stringValue)
        XCTAssertTrue(summary.hasPrefix("重大隐患 YH-2024-") && summary.contains("已销号") && summary.contains("区安委办代为区应急管理局"), summary)
        XCTAssertTrue(summary.contains(closed.json["enterprise_name"]?.stringValue ?? "?"), summary)
        // Reopened, the record of who closed it in whose place goes.
        let reopened = try yjj.post("/api/v1/hazards/\(id)/actions/reopen", ["reason": "复查发现再次失效"])
        XCTAssertEqual(reopened.json["closed_on_behalf_of_unit_id"], .null)
        let reopenedEvent = try XCTUnwrap(try sqlite("SELECT payload FROM kernel_events WHERE type = 'hazards.hazard.reopened' AND payload LIKE '%\"hazard_id\":\(id),%'").first)
        XCTAssertTrue(reopenedEvent.contains("整改中") && reopenedEvent.contains("复查发现再次失效"), reopenedEvent)
    }

    func testTheDepartmentClosesAsItselfAndTheCLIActsOnBehalfTheSameWay() throws {
        let yjj = try client("yjj")
        let id = try majorAwaitingReview("重大危险源罐区未实现紧急切断（部门销号）")
        let closed = try yjj.post("/api/v1/hazards/\(id)/actions/review", ["passed": true])
        XCTAssertEqual(closed.json["status"], "closed", closed.text)
        XCTAssertEqual(closed.json["closed_on_behalf_of_unit_id"], .null)
        // The department does not close what it reported itself.
        let own = try yjj.post("/api/v1/hazards", ["enterprise_id": closed.json["enterprise_id"] ?? .null, "description": "部门检查发现", "deadline": "2024-07-01"])
        let ownID = try XCTUnwrap(own.json["id"]?.intValue)
        _ = try yjj.post("/api/v1/hazards/\(ownID)/actions/finish-rectification", .object([]))
        _ = try yjj.post("/api/v1/hazards/\(ownID)/actions/apply-review", .object([]))
        XCTAssertEqual(try yjj.post("/api/v1/hazards/\(ownID)/actions/review", ["passed": true]).status, 403)

        // The CLI, as the admin: refused as itself, accepted in the department's place.
        let other = try majorAwaitingReview("装置区外部安全防护距离不足（命令行代为销号）")
        let refused = test.cli(["hazards", "review", String(other), "--passed", "true", "--as", "admin"])
        XCTAssertNotEqual(refused.code, 0)
        XCTAssertTrue(refused.err.contains("on_behalf_of_unit_id"), refused.err)
        let missing = test.cli(["hazards", "review", String(other), "--passed", "true", "--on-behalf-of-unit", "区应急管理局", "--as", "anweiban"])
        XCTAssertNotEqual(missing.code, 0)
        XCTAssertTrue(missing.err.contains("on_behalf_reason"), missing.err)
        let done = test.cli(["hazards", "review", String(other), "--passed", "true", "--on-behalf-of-unit", "区应急管理局", "--on-behalf-reason", "部门人员回避", "--as", "anweiban", "--json"])
        XCTAssertEqual(done.code, 0, done.err)
        XCTAssertTrue(done.out.contains("\"closed\""), done.out)
        XCTAssertTrue(test.cli(["hazards", "timeline", String(other)]).out.contains("区安委办代为区应急管理局核查销号"))
    }

    func testRegradeNeedsTheMajorsPartsAndAReason() throws {
        let qiye = try client("qiye"), yjj = try client("yjj"), fgj = try client("fgj"), dongcheng = try client("dongcheng"), anweiban = try client("anweiban")
        let made = try qiye.post("/api/v1/hazards", ["description": "储罐区报警器失灵（定级测试）", "deadline": "2024-07-20"])
        let id = try XCTUnwrap(made.json["id"]?.intValue)
        let path = "/api/v1/hazards/\(id)/actions/regrade"
        XCTAssertEqual(try qiye.post(path, ["grade": "major", "reason": "x", "standard_clause_id": 4]).status, 403)
        XCTAssertEqual(try dongcheng.post(path, ["grade": "major", "reason": "x", "standard_clause_id": 4]).status, 403)
        XCTAssertEqual(try fgj.post(path, ["grade": "major", "reason": "x", "standard_clause_id": 4]).status, 404)
        XCTAssertEqual(try yjj.post(path, ["grade": "major", "standard_clause_id": 4]).status, 422, "a reason is required")
        XCTAssertEqual(try yjj.post(path, ["grade": "general", "reason": "x"]).status, 409, "already general")
        XCTAssertEqual(try yjj.post(path, ["grade": "huge", "reason": "x"]).status, 422)
        // Past reported, a major needs its clause, report and plan.
        _ = try qiye.post("/api/v1/hazards/\(id)/actions/report-progress", ["note": "已停用"])
        let bare = try yjj.post(path, ["grade": "major", "reason": "需局部停产"])
        XCTAssertEqual(bare.status, 422)
        XCTAssertEqual(Set(codes(bare).keys), Set(["standard_clause_id"] + (HazardView_parts)))
        var body: [JSON.Member] = [JSON.Member("grade", "major"), JSON.Member("reason", "经专家论证需局部停产"), JSON.Member("standard_clause_id", 4)]
        if case .object(let parts) = Self.plan { body += parts }
        let major = try yjj.post(path, .object(body))
        XCTAssertEqual(major.status, 200, major.text)
        XCTAssertEqual(major.json["grade"], "major")
        XCTAssertEqual(major.json["status"], "rectifying")
        XCTAssertNotEqual(major.json["plan"]?["filed_at"], .null)
        XCTAssertTrue(major.json["allowed_actions"]?.arrayValue?.contains("list-for-supervision") ?? false)
        let entry = try XCTUnwrap(try qiye.get("/api/v1/hazards/\(id)/timeline").json["items"]?.arrayValue?.last)
        XCTAssertEqual(entry["action"], "regrade")
        XCTAssertEqual(entry["note"], "经专家论证需局部停产")
        XCTAssertEqual(entry["details"]?["to_grade"], "major")
        XCTAssertEqual(try sqliteInt("SELECT count(*) FROM kernel_audit WHERE action = 'hazards.regrade' AND entity_id = '\(id)' AND actor = 'yjj'"), 1)
        // Listed for supervision, it stays major; unlisted, the office may bring it back to general (CLI).
        _ = try yjj.post("/api/v1/hazards/\(id)/actions/list-for-supervision", ["level": "区级", "notice_number": "区安委办督〔2024〕77号", "supervising_body": "区安委办"])
        XCTAssertEqual(try anweiban.post(path, ["grade": "general", "reason": "x"]).status, 409)
        let other = try qiye.post("/api/v1/hazards", ["description": "报警装置失效（降级测试）", "grade": "major", "standard_clause_id": 4]).json["id"]?.intValue ?? 0
        let down = test.cli(["hazards", "regrade", String(other), "--grade", "general", "--reason", "经复核属一般隐患", "--as", "anweiban", "--json"])
        XCTAssertEqual(down.code, 0, down.err)
        XCTAssertTrue(down.out.contains("\"general\""), down.out)
        XCTAssertNotEqual(test.cli(["hazards", "regrade", String(other), "--grade", "major", "--reason", "x", "--as", "qiye"]).code, 0)
    }

    var HazardView_parts: [String] {
        ["state_and_cause", "harm_and_difficulty", "plan_goals", "plan_methods", "plan_funds", "plan_responsible", "plan_deadline_requirements", "plan_safety_measures"]
    }

    func testADeadlineIsExtendedByTheDepartmentLaterAndNotIntoThePast() throws {
        let qiye = try client("qiye"), yjj = try client("yjj"), dongcheng = try client("dongcheng"), anweiban = try client("anweiban"), admin = try client("admin")
        let made = try qiye.post("/api/v1/hazards", ["description": "冲压设备防护失效（延期测试）", "found_on": "2024-05-01", "deadline": "2024-06-10"])
        let id = try XCTUnwrap(made.json["id"]?.intValue)
        XCTAssertEqual(made.json["overdue"], true)
        let path = "/api/v1/hazards/\(id)/actions/extend-deadline"
        XCTAssertEqual(try qiye.post(path, ["deadline": "2024-07-31", "reason": "x"]).status, 403, "the enterprise asks; the department approves")
        XCTAssertEqual(try dongcheng.post(path, ["deadline": "2024-07-31", "reason": "x"]).status, 403)
        XCTAssertEqual(try admin.post(path, ["deadline": "2024-07-31", "reason": "x"]).status, 403, "the office names the department it approves for")
        XCTAssertEqual(codes(try yjj.post(path, ["deadline": "2024-06-01", "reason": "x"])), ["deadline": "not_later"])
        XCTAssertEqual(codes(try yjj.post(path, ["deadline": "2024-06-12", "reason": "x"])), ["deadline": "deadline_past"])
        XCTAssertEqual(try yjj.post(path, ["deadline": "2024-13-01", "reason": "x"]).status, 422)
        XCTAssertEqual(try yjj.post(path, ["deadline": "2024-07-31"]).status, 422, "a reason is required")
        let extended = try yjj.post(path, ["deadline": "2024-07-31", "reason": "设备采购周期延长"])
        XCTAssertEqual(extended.status, 200, extended.text)
        XCTAssertEqual(extended.json["deadline"], "2024-07-31")
        XCTAssertEqual(extended.json["overdue"], false)
        let entry = try XCTUnwrap(try qiye.get("/api/v1/hazards/\(id)/timeline").json["items"]?.arrayValue?.last)
        XCTAssertEqual(entry["action"], "extend-deadline")
        XCTAssertEqual(entry["details"]?["from"], "2024-06-10")
        XCTAssertEqual(entry["details"]?["to"], "2024-07-31")
        XCTAssertEqual(entry["note"], "设备采购周期延长")
        // The office in the department's place, by the CLI.
        let cli = test.cli(["hazards", "extend-deadline", String(id), "--deadline", "2024-08-31", "--reason", "汛期停工", "--on-behalf-of-unit", "区应急管理局",
                            "--on-behalf-reason", "部门负责人出差，电话同意", "--as", "anweiban", "--json"])
        XCTAssertEqual(cli.code, 0, cli.err)
        XCTAssertTrue(try anweiban.get("/api/v1/hazards/\(id)/timeline").json["items"]?.arrayValue?.last?["note"]?.stringValue?.hasPrefix("区安委办代为区应急管理局批准延期") ?? false)
        let audit = try sqlite("SELECT summary FROM kernel_audit WHERE action = 'hazards.extend-deadline' AND entity_id = '\(id)' ORDER BY id")
        XCTAssertEqual(audit.count, 2)
        XCTAssertTrue(audit[1].hasPrefix("区安委办代为区应急管理局"), "\(audit)")
        // Closed, no more extensions.
        _ = try qiye.post("/api/v1/hazards/\(id)/actions/finish-rectification", .object([]))
        _ = try qiye.post("/api/v1/hazards/\(id)/actions/apply-review", .object([]))
        _ = try yjj.post("/api/v1/hazards/\(id)/actions/review", ["passed": true])
        XCTAssertEqual(try yjj.post(path, ["deadline": "2024-09-30", "reason": "x"]).status, 409)
    }

    func testEventsSayGradeStateCodeAndEnterpriseInChinese() throws {
        let qiye = try client("qiye")
        let made = try qiye.post("/api/v1/hazards", ["description": "灭火器过期（事件摘要测试）"])
        let id = try XCTUnwrap(made.json["id"]?.intValue)
        let payload = try XCTUnwrap(try sqlite("SELECT payload FROM kernel_events WHERE type = 'hazards.hazard.registered' AND payload LIKE '%\"hazard_id\":\(id),%'").first)
        let summary = try XCTUnwrap(try JSONParser.parse(Array(payload.utf8))["summary"]?.stringValue)
        XCTAssertTrue(summary.hasPrefix("新登记一般隐患 \(made.json["code"]?.stringValue ?? "")（\(made.json["enterprise_name"]?.stringValue ?? "")）"), summary)
        XCTAssertTrue(summary.hasSuffix("状态：已上报"), summary)
    }
}
