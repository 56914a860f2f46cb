// A major hazard through every state over HTTP as the right users, and every wrong actor or
// wrong order answered 403 / 404 / 409 / 422 with a clear message.
import Foundation
import Kernel
import TestSupport
import XCTest

final class HazardLifecycleTests: HazardsTestCase {
    func testMajorHazardWalksEveryStateAsTheRightUsers() throws {
        var qiye = try client("qiye"), yjj = try client("yjj"), admin = try client("admin"), dongcheng = try client("dongcheng")
        let fgj = try client("fgj"), xiling = try client("xiling")

        // The enterprise reports its own hazard (自查自改); the supervising unit defaults from it (三管三必须).
        let created = try qiye.post("/api/v1/hazards", ["description": "储罐区可燃气体报警装置失效", "grade": "major", "standard_clause_id": 4, "deadline": "2024-08-31"])
        XCTAssertEqual(created.status, 201, created.text)
        let id = try XCTUnwrap(created.json["id"]?.intValue)
        XCTAssertEqual(created.header("Location"), "/api/v1/hazards/\(id)")
        XCTAssertEqual(created.json["status"], "reported")
        XCTAssertEqual(created.json["source"], "selfInspection")
        XCTAssertEqual(created.json["supervising_unit_name"], "区应急管理局")
        XCTAssertTrue(created.json["code"]?.stringValue?.hasPrefix("YH-2024-") ?? false)
        let path = "/api/v1/hazards/\(id)"

        // Scope: the town and the office see it; another unit and another town do not (404, not 403).
        XCTAssertEqual(try dongcheng.get(path).status, 200)
        XCTAssertEqual(try admin.get(path).status, 200)
        XCTAssertEqual(try fgj.get(path).status, 404)
        XCTAssertEqual(try xiling.get(path).status, 404)

        // Wrong order: 409 naming the state and the allowed actions.
        let early = try qiye.post("\(path)/actions/apply-review", .object([]))
        XCTAssertEqual(early.status, 409)
        XCTAssertEqual(early.json["current_state"], "reported")
        XCTAssertTrue(early.json["allowed_actions"]?.arrayValue?.contains("file-plan") ?? false, early.text)
        XCTAssertTrue(early.json["detail"]?.stringValue?.contains("reported") ?? false)
        // Wrong actor: the enterprise may not review (403); another unit cannot even find it (404).
        XCTAssertEqual(try qiye.post("\(path)/actions/review", ["passed": true]).status, 403)
        XCTAssertEqual(try fgj.post("\(path)/actions/review", ["passed": true]).status, 404)

        // The plan: an incomplete one is refused, naming every missing part.
        let partial = try qiye.post("\(path)/actions/file-plan", ["plan_goals": "消除隐患"])
        XCTAssertEqual(partial.status, 422)
        let missing = Set(partial.json["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? [])
        XCTAssertEqual(missing, ["state_and_cause", "harm_and_difficulty", "plan_methods", "plan_funds", "plan_responsible", "plan_deadline_requirements", "plan_safety_measures"])
        XCTAssertTrue(partial.json["detail"]?.stringValue?.contains("经费和物资的落实") ?? false, partial.text)
        XCTAssertEqual(try qiye.get(path).json["status"], "reported")
        let filed = try qiye.post("\(path)/actions/file-plan", Self.plan)
        XCTAssertEqual(filed.status, 200, filed.text)
        XCTAssertEqual(filed.json["status"], "planFiled")
        XCTAssertEqual(filed.json["plan"]?["funds"], "自筹20万元")

        // 挂牌督办: the supervising unit, with level, notice number and body; not the enterprise; once.
        XCTAssertEqual(try qiye.post("\(path)/actions/list-for-supervision", ["level": "区级", "notice_number": "1", "supervising_body": "区安委办"]).status, 403)
        let incomplete = try yjj.post("\(path)/actions/list-for-supervision", ["level": "区级"])
        XCTAssertEqual(incomplete.status, 422)
        XCTAssertEqual(Set(incomplete.json["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []), ["notice_number", "supervising_body"])
        let listed = try yjj.post("\(path)/actions/list-for-supervision", ["level": "区级", "notice_number": "区安委办督〔2024〕3号", "supervising_body": "区安委办"])
        XCTAssertEqual(listed.status, 200, listed.text)
        XCTAssertEqual(listed.json["listed"], true)
        XCTAssertEqual(listed.json["listing"]?["notice_number"], "区安委办督〔2024〕3号")
        XCTAssertEqual(try yjj.post("\(path)/actions/list-for-supervision", ["level": "区级", "notice_number": "4", "supervising_body": "区安委办"]).status, 409)

        // Rectification by the enterprise.
        XCTAssertEqual(try qiye.post("\(path)/actions/report-progress", .object([])).status, 422)
        XCTAssertEqual(try qiye.post("\(path)/actions/report-progress", ["note": "已停用储罐，采购新装置"]).json["status"], "rectifying")
        XCTAssertEqual(try qiye.post("\(path)/actions/finish-rectification", ["note": "装置已更换"]).json["status"], "rectified")
        XCTAssertEqual(try qiye.post("\(path)/actions/apply-review", .object([])).status, 409)
        XCTAssertEqual(try qiye.post("\(path)/actions/submit-assessment", ["assessment": "专家评估合格"]).json["status"], "assessed")
        let applied = try qiye.post("\(path)/actions/apply-review", .object([]))
        XCTAssertEqual(applied.json["status"], "reviewApplied")
        XCTAssertEqual(applied.json["review_due"], "2024-06-25")

        // Review: never the enterprise or a town; a failed review needs reasons and sends it back.
        XCTAssertEqual(try qiye.post("\(path)/actions/review", ["passed": true]).status, 403)
        XCTAssertEqual(try dongcheng.post("\(path)/actions/review", ["passed": true]).status, 403)
        XCTAssertEqual(try yjj.post("\(path)/actions/review", ["passed": false]).status, 422)
        let failed = try yjj.post("\(path)/actions/review", ["passed": false, "reasons": "联动切断未测试"])
        XCTAssertEqual(failed.json["status"], "rectifying", failed.text)

        // Second round; the review deadline (10 days) passes and turns red.
        _ = try qiye.post("\(path)/actions/finish-rectification", ["note": "联动测试完成"])
        _ = try qiye.post("\(path)/actions/submit-assessment", ["assessment": "复评合格"])
        XCTAssertEqual(try qiye.post("\(path)/actions/apply-review", .object([])).json["review_due"], "2024-06-25")
        test.clock.set(CalendarDate(year: 2024, month: 6, day: 27)!)
        (qiye, yjj, admin, dongcheng) = (try client("qiye"), try client("yjj"), try client("admin"), try client("dongcheng"))  // tokens live an hour
        let late = try admin.get(path)
        XCTAssertEqual(late.json["colour"], "red")
        XCTAssertTrue(late.json["colour_reason"]?.stringValue?.contains("review overdue") ?? false, late.text)

        // 销号 by the supervising unit.
        let closed = try yjj.post("\(path)/actions/review", ["passed": true])
        XCTAssertEqual(closed.status, 200, closed.text)
        XCTAssertEqual(closed.json["status"], "closed")
        XCTAssertEqual(closed.json["closed_by"], "yjj")
        XCTAssertEqual(try qiye.post("\(path)/actions/report-progress", ["note": "x"]).status, 409)

        // Reopen keeps the history.
        XCTAssertEqual(try yjj.post("\(path)/actions/reopen", .object([])).status, 422)
        XCTAssertEqual(try yjj.post("\(path)/actions/reopen", ["reason": "复查发现报警器再次失效"]).json["status"], "rectifying")

        let timeline = try dongcheng.get("\(path)/timeline")
        XCTAssertEqual(timeline.status, 200)
        let actions = timeline.json["items"]?.arrayValue?.compactMap { $0["action"]?.stringValue } ?? []
        XCTAssertEqual(actions, ["register", "file-plan", "list-for-supervision", "report-progress", "finish-rectification", "submit-assessment", "apply-review",
                                 "review", "finish-rectification", "submit-assessment", "apply-review", "review", "reopen"])
        let actors = timeline.json["items"]?.arrayValue?.compactMap { $0["actor"]?.stringValue } ?? []
        XCTAssertEqual(actors.first, "qiye")
        XCTAssertEqual(actors.last, "yjj")

        // Events: registered, closed (late), reopened — with the hazard's facts.
        let events = try sqlite("SELECT type || '|' || payload FROM kernel_events WHERE type LIKE 'hazards.hazard.%' AND payload LIKE '%\"hazard_id\":\(id),%' ORDER BY id")
        XCTAssertEqual(events.map { String($0.split(separator: "|")[0]) }, ["hazards.hazard.registered", "hazards.hazard.closed", "hazards.hazard.reopened"])
        XCTAssertTrue(events.count == 3 && events[1].contains("\"on_time\":true"), "\(events)")
    }

    func testGeneralHazardShortPathMergeAndPublicPlace() throws {
        let town = try client("dongcheng"), admin = try client("admin"), inspector = try client("inspector1")
        // A public place, no enterprise: sector and unit are required; the territory is the town's own (issue 20).
        let bad = try town.post("/api/v1/hazards", ["place": "人民路12号自建房", "description": "墙体开裂"])
        XCTAssertEqual(bad.status, 422)
        XCTAssertEqual(Set(bad.json["errors"]?.arrayValue?.compactMap { $0["field"]?.stringValue } ?? []), ["supervising_unit_id", "sector"])
        XCTAssertEqual(Set(bad.json["errors"]?.arrayValue?.compactMap { $0["code"]?.stringValue } ?? []), ["required_without_enterprise"],
                       "a rule the schema cannot say has a code of its own: \(bad.text)")
        let nowhere = try town.post("/api/v1/hazards", ["description": "墙体开裂"])
        XCTAssertEqual(nowhere.json["errors"]?.arrayValue?.first { $0["field"] == "place" }?["code"], "required_without_enterprise", nowhere.text)
        // 区住建局 is an alias of 区住房城乡建设局: it resolves like the name, so the town's scope decides.
        let other = try town.post("/api/v1/hazards", ["place": "西岭老街", "territory_id": "西岭镇", "sector": "selfBuiltHouse", "supervising_unit_id": "区住建局", "description": "加层"])
        XCTAssertEqual(other.status, 403, "the alias resolves; 西岭镇 is outside 东城镇's scope: \(other.text)")
        let outside = try town.post("/api/v1/hazards", ["place": "西岭老街", "territory_id": "西岭镇", "sector": "selfBuiltHouse", "supervising_unit_id": "区住房城乡建设局", "description": "加层"])
        XCTAssertEqual(outside.status, 403, outside.text)
        let made = try town.post("/api/v1/hazards", ["place": "人民路12号自建房", "territory_id": "东城镇", "sector": "selfBuiltHouse",
                                                     "supervising_unit_id": "区住建局", "description": "经营性自建房墙体开裂", "deadline": "2024-07-15"])
        XCTAssertEqual(made.status, 201, made.text)
        XCTAssertEqual(made.json["supervising_unit_name"], "区住房城乡建设局")
        let id = try XCTUnwrap(made.json["id"]?.intValue)
        XCTAssertEqual(try inspector.post("/api/v1/hazards/\(id)/actions/report-progress", ["note": "x"]).status, 403)
        XCTAssertEqual(try town.post("/api/v1/hazards/\(id)/actions/file-plan", Self.plan).status, 409, "a general hazard has no plan")
        // Duplicate merged into the first.
        let duplicate = try town.post("/api/v1/hazards", ["place": "人民路12号", "territory_id": "东城镇", "sector": "selfBuiltHouse",
                                                          "supervising_unit_id": "区住房城乡建设局", "description": "自建房开裂（重复）"])
        let dupID = try XCTUnwrap(duplicate.json["id"]?.intValue)
        XCTAssertEqual(try town.post("/api/v1/hazards/\(dupID)/actions/merge", ["into": .int(dupID)]).status, 409)
        let merged = try town.post("/api/v1/hazards/\(dupID)/actions/merge", ["into": .int(id)])
        XCTAssertEqual(merged.json["status"], "merged", merged.text)
        XCTAssertEqual(merged.json["merged_into_id"], .int(id))
        // The general path: fixed, review applied, closed by the office in the department's place, naming it (issue 20).
        XCTAssertEqual(try town.post("/api/v1/hazards/\(id)/actions/finish-rectification", .object([])).json["status"], "rectified")
        XCTAssertEqual(try town.post("/api/v1/hazards/\(id)/actions/apply-review", .object([])).json["status"], "reviewApplied")
        XCTAssertEqual(try admin.post("/api/v1/hazards/\(id)/actions/review", ["passed": true]).status, 403)
        XCTAssertEqual(try admin.post("/api/v1/hazards/\(id)/actions/review", ["passed": true, "on_behalf_of_unit_id": "区住建局", "on_behalf_reason": "代为核查"]).json["status"], "closed")
    }

    func testFullTextSearchInChineseAndFilters() throws {
        let admin = try client("admin")
        _ = try admin.post("/api/v1/hazards", ["place": "滨河路菜市场", "territory_id": "南湖镇", "sector": "gas", "supervising_unit_id": "区城市管理局",
                                               "description": "菜市场燃气管道穿越仓库，存在泄漏"])
        let long = try admin.get("/api/v1/hazards?q=\(percent("燃气管道穿越"))&territory_id=\(percent("南湖镇"))")
        XCTAssertEqual(long.status, 200, long.text)
        let items = long.json["items"]?.arrayValue ?? []
        XCTAssertFalse(items.isEmpty)
        XCTAssertTrue(items.allSatisfy { $0["description"]?.stringValue?.contains("燃气管道穿越") ?? false })
        let short = try admin.get("/api/v1/hazards?q=\(percent("燃气"))&limit=200")
        XCTAssertTrue((short.json["items"]?.arrayValue ?? []).allSatisfy { $0["description"]?.stringValue?.contains("燃气") ?? false })
        let expected = try sqliteInt("SELECT count(*) FROM hazards_hazards WHERE instr(description, '燃气管道') > 0")
        var count = 0
        var next: String? = "/api/v1/hazards?q=\(percent("燃气管道"))&limit=7"
        while let page = next {
            let reply = try admin.get(page)
            count += reply.json["items"]?.arrayValue?.count ?? 0
            next = reply.json["next"]?.stringValue.map { "/api/v1/hazards?q=\(percent("燃气管道"))&limit=7&after=\($0)" }
        }
        XCTAssertEqual(Int64(count), expected)
        XCTAssertEqual(try admin.get("/api/v1/hazards?status=nonsense").status, 422)
        XCTAssertEqual(try admin.get("/api/v1/hazards?territory_id=\(percent("火星镇"))").status, 422)
    }

    func percent(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text }
}
