// What a walk of the module as each role found: dates that contradict the record (a rectification
// or a penalty before the hazard was found, a penalty in the future), a reward decision silently
// overwritten, an If-Match ignored on an action, and refusals worded in English only.
import Foundation
import Kernel
import TestSupport
import XCTest

final class HazardWalkTests: HazardsTestCase {
    /// A general hazard of the demo enterprise (qiye's), found on `foundOn`.
    func generalHazard(foundOn: String, _ description: String) throws -> Int64 {
        let created = try client("qiye").post("/api/v1/hazards", ["description": .string(description), "found_on": .string(foundOn), "deadline": "2024-08-31"])
        XCTAssertEqual(created.status, 201, created.text)
        return try XCTUnwrap(created.json["id"]?.intValue)
    }

    func testRectificationIsNotFinishedBeforeTheHazardWasFound() throws {
        let qiye = try client("qiye")
        let id = try generalHazard(foundOn: "2024-06-10", "配电柜接地线断开（整改日期）")
        let early = try qiye.post("/api/v1/hazards/\(id)/actions/finish-rectification", ["rectified_on": "2024-06-01", "note": "已更换"])
        XCTAssertEqual(early.status, 422, early.text)
        XCTAssertEqual(early.json["errors"]?.arrayValue?.first?["code"], "before_found_on")
        XCTAssertTrue(early.json["detail"]?.stringValue?.contains("早于隐患发现日期 2024-06-10") ?? false, early.text)
        XCTAssertEqual(try qiye.get("/api/v1/hazards/\(id)").json["status"], "reported", "nothing written")

        // The CLI says the same, with the validation exit code.
        let cli = test.cli(["hazards", "finish-rectification", String(id), "--rectified-on", "2024-06-01", "--as", "qiye"])
        XCTAssertEqual(cli.code, 5, cli.err)
        XCTAssertTrue(cli.err.contains("早于隐患发现日期"), cli.err)

        let onTheDay = try qiye.post("/api/v1/hazards/\(id)/actions/finish-rectification", ["rectified_on": "2024-06-10"])
        XCTAssertEqual(onTheDay.status, 200, onTheDay.text)
        XCTAssertEqual(onTheDay.json["rectified_on"], "2024-06-10")
    }

    func testAPenaltyIsNeitherInTheFutureNorBeforeTheHazardWasFound() throws {
        let qiye = try client("qiye"), yjj = try client("yjj")
        let created = try qiye.post("/api/v1/hazards", ["description": "罐区未实现紧急切断（处罚日期）", "grade": "major", "standard_clause_id": 3, "found_on": "2024-05-01"])
        XCTAssertEqual(created.status, 201, created.text)
        let id = try XCTUnwrap(created.json["id"]?.intValue)
        let path = "/api/v1/hazards/\(id)/actions/penalise"

        let future = try yjj.post(path, ["decision_number": "区应急罚〔2024〕701号", "penalised_on": "2199-01-01"])
        XCTAssertEqual(future.status, 422, future.text)
        XCTAssertEqual(future.json["errors"]?.arrayValue?.first?["code"], "future")
        XCTAssertTrue(future.json["detail"]?.stringValue?.hasPrefix("penalised_on 有误") ?? false, future.text)
        let before = try yjj.post(path, ["decision_number": "区应急罚〔2024〕702号", "penalised_on": "2024-04-30"])
        XCTAssertEqual(before.status, 422, before.text)
        XCTAssertEqual(before.json["errors"]?.arrayValue?.first?["code"], "before_found_on")
        XCTAssertEqual(try sqliteInt("SELECT count(*) FROM hazards_penalties WHERE hazard_id = \(id)"), 0, "no penalty recorded")

        XCTAssertEqual(try yjj.post(path, ["decision_number": "区应急罚〔2024〕703号", "penalised_on": "2024-05-01"]).status, 200)
        XCTAssertEqual(try yjj.post(path, ["decision_number": "区应急罚〔2024〕704号"]).status, 200, "today by default")
        XCTAssertEqual(try sqliteInt("SELECT count(*) FROM hazards_penalties WHERE hazard_id = \(id)"), 2)
    }

    func testARewardDecisionIsRecordedOnceNeverOverwritten() throws {
        let public_ = server.client(), town = try client("dongcheng")
        XCTAssertEqual(try public_.post("/api/v1/tipoffs", ["text": "商铺门前堆放液化气钢瓶（奖励）", "place": "东城镇奖励路1号", "territory_id": "东城镇"]).status, 201)
        let item = try XCTUnwrap(try town.get("/api/v1/tipoffs?status=received&limit=200").json["items"]?.arrayValue?.first { $0["place"] == "东城镇奖励路1号" })
        let id = try XCTUnwrap(item["id"]?.intValue)
        XCTAssertEqual(try town.post("/api/v1/tipoffs/\(id)/actions/create-hazard", ["sector": "gas", "supervising_unit_id": "区城市管理局"]).status, 200)

        XCTAssertEqual(try town.post("/api/v1/tipoffs/\(id)/actions/reward", ["decision": "举报属实，给予奖励", "amount": 500]).status, 200)
        let again = try town.post("/api/v1/tipoffs/\(id)/actions/reward", ["decision": "改为不予奖励", "amount": 0])
        XCTAssertEqual(again.status, 409, again.text)
        XCTAssertTrue(again.json["detail"]?.stringValue?.contains("已登记奖励决定“举报属实，给予奖励”") ?? false, again.text)
        let kept = try town.get("/api/v1/tipoffs/\(id)")
        XCTAssertEqual(kept.json["reward_decision"], "举报属实，给予奖励")
        XCTAssertEqual(kept.json["reward_amount"], 500)

        // A triage action in the wrong state is refused in Chinese words, not state codes.
        let late = try town.post("/api/v1/tipoffs/\(id)/actions/dismiss", ["reason": "x"])
        XCTAssertEqual(late.status, 409)
        XCTAssertTrue(late.json["detail"]?.stringValue?.hasPrefix("举报 \(id) 当前为“已立为隐患”，不能“不予立案”；现在可执行：登记奖励决定") ?? false, late.text)
    }

    func testAnActionHonoursIfMatch() throws {
        let qiye = try client("qiye")
        let id = try generalHazard(foundOn: "2024-06-15", "消防通道堵塞（If-Match）")
        let path = "/api/v1/hazards/\(id)"
        let etag = try XCTUnwrap(try qiye.get(path).header("ETag"))
        XCTAssertEqual(etag, "\"1\"")
        XCTAssertEqual(try qiye.post("\(path)/actions/report-progress", ["note": "已清理一半"]).status, 200)

        // Read at version 1, the hazard is now at version 2: the second official's action is refused.
        let stale = try qiye.post("\(path)/actions/finish-rectification", ["note": "已清理"], headers: [("If-Match", etag)])
        XCTAssertEqual(stale.status, 412, stale.text)
        XCTAssertTrue(stale.json["detail"]?.stringValue?.contains("当前为第 2 版，不是第 1 版") ?? false, stale.text)
        XCTAssertEqual(try qiye.get(path).json["status"], "rectifying", "nothing written")
        let current = try qiye.post("\(path)/actions/finish-rectification", ["note": "已清理"], headers: [("If-Match", "\"2\"")])
        XCTAssertEqual(current.status, 200, current.text)
        XCTAssertEqual(current.json["status"], "rectified")
    }

    func testRefusalsOfThePlanAndOfARegradeAreChineseFirst() throws {
        // A finding's major hazard has no clause until its plan is filed: the refusal names it in Chinese.
        let id = try sqliteInt("SELECT id FROM hazards_hazards WHERE grade = 'major' AND standard_clause_id IS NULL AND status = 'reported' ORDER BY id LIMIT 1")
        XCTAssertGreaterThan(id, 0)
        let admin = try client("admin")
        let filed = try admin.post("/api/v1/hazards/\(id)/actions/file-plan", Self.plan)
        XCTAssertEqual(filed.status, 422, filed.text)
        XCTAssertEqual(filed.json["errors"]?.arrayValue?.first?["field"], "standard_clause_id")
        XCTAssertTrue(filed.json["errors"]?.arrayValue?.first?["message"]?.stringValue?.hasPrefix("缺少判定标准条款") ?? false, filed.text)

        // Listed for supervision, a major hazard is not regraded to general: said in Chinese first.
        let created = try client("qiye").post("/api/v1/hazards", ["description": "罐区未实现紧急切断（挂牌）", "grade": "major", "standard_clause_id": 3])
        let listedID = try XCTUnwrap(created.json["id"]?.intValue)
        let yjj = try client("yjj")
        XCTAssertEqual(try yjj.post("/api/v1/hazards/\(listedID)/actions/list-for-supervision",
                                    ["level": "区级", "notice_number": "区安委办督〔2024〕31号", "supervising_body": "区安委办"]).status, 200)
        let regrade = try yjj.post("/api/v1/hazards/\(listedID)/actions/regrade", ["grade": "general", "reason": "经复核为一般隐患"])
        XCTAssertEqual(regrade.status, 409, regrade.text)
        XCTAssertTrue(regrade.json["detail"]?.stringValue?.hasPrefix("隐患 ") ?? false, regrade.text)
        XCTAssertTrue(regrade.json["detail"]?.stringValue?.contains("已挂牌督办") ?? false, regrade.text)
        XCTAssertEqual(regrade.json["current_grade"], "major")
    }

    func testAHazardFromATipOffTakesNoSourceItWouldIgnore() throws {
        let public_ = server.client(), town = try client("dongcheng")
        XCTAssertEqual(try public_.post("/api/v1/tipoffs", ["text": "路口井盖缺失（来源）", "place": "东城镇来源路2号", "territory_id": "东城镇"]).status, 201)
        let item = try XCTUnwrap(try town.get("/api/v1/tipoffs?status=received&limit=200").json["items"]?.arrayValue?.first { $0["place"] == "东城镇来源路2号" })
        let id = try XCTUnwrap(item["id"]?.intValue)
        let path = "/api/v1/tipoffs/\(id)/actions/create-hazard"
        let named = try town.post(path, ["sector": "traffic", "supervising_unit_id": "区城市管理局", "source": "selfInspection"])
        XCTAssertEqual(named.status, 422, named.text)
        XCTAssertEqual(named.json["errors"]?.arrayValue?.first?["field"], "source")
        XCTAssertEqual(named.json["errors"]?.arrayValue?.first?["code"], "unknown_field")
        XCTAssertEqual(try town.get("/api/v1/tipoffs/\(id)").json["status"], "received", "nothing written")

        let made = try town.post(path, ["sector": "traffic", "supervising_unit_id": "区城市管理局"])
        XCTAssertEqual(made.status, 200, made.text)
        let hazard = try XCTUnwrap(made.json["hazard_id"]?.intValue)
        XCTAssertEqual(try town.get("/api/v1/hazards/\(hazard)").json["source"], "tipOff")
        // The CLI reads the same declaration: no --source.
        let cli = test.cli(["hazards", "tipoffs", "create-hazard", "--help"])
        XCTAssertFalse(cli.out.contains("--source"), cli.out)
        XCTAssertTrue(cli.out.contains("--sector"), cli.out)
    }

    func testAYearlyReportFiledTwiceIsCalledAYearlyReport() throws {
        let qiye = try client("qiye")
        let principal = try XCTUnwrap(try sqlite("SELECT principal_person FROM registry_enterprises WHERE id = 3").first)
        XCTAssertEqual(try qiye.post("/api/v1/hazards/statistics-reports", ["period": "2023", "signed_by": .string(principal)]).status, 201)
        let again = try qiye.post("/api/v1/hazards/statistics-reports", ["period": "2023", "signed_by": .string(principal)])
        XCTAssertEqual(again.status, 409, again.text)
        XCTAssertTrue(again.json["detail"]?.stringValue?.hasPrefix("企业 3 已报送 2023 年度隐患统计报告") ?? false, again.text)
        let quarter = try qiye.post("/api/v1/hazards/statistics-reports", ["period": "2024-Q1", "signed_by": .string(principal)])
        XCTAssertEqual(quarter.status, 409, "the demo filed 2024-Q1")
        XCTAssertTrue(quarter.json["detail"]?.stringValue?.contains("2024-Q1 季度隐患统计报告") ?? false, quarter.text)
    }

    func testATipOffActionHonoursIfMatch() throws {
        let public_ = server.client(), town = try client("dongcheng")
        XCTAssertEqual(try public_.post("/api/v1/tipoffs", ["text": "河堤护栏断裂（If-Match）", "place": "东城镇河堤路3号", "territory_id": "东城镇"]).status, 201)
        let item = try XCTUnwrap(try town.get("/api/v1/tipoffs?status=received&limit=200").json["items"]?.arrayValue?.first { $0["place"] == "东城镇河堤路3号" })
        let id = try XCTUnwrap(item["id"]?.intValue)
        let etag = try XCTUnwrap(try town.get("/api/v1/tipoffs/\(id)").header("ETag"))
        XCTAssertEqual(etag, "\"1\"")
        let stale = try town.post("/api/v1/tipoffs/\(id)/actions/dismiss", ["reason": "经核查已修复"], headers: [("If-Match", "\"7\"")])
        XCTAssertEqual(stale.status, 412, stale.text)
        XCTAssertTrue(stale.json["detail"]?.stringValue?.contains("当前为第 1 版，不是第 7 版") ?? false, stale.text)
        XCTAssertEqual(try town.get("/api/v1/tipoffs/\(id)").json["status"], "received", "nothing written")
        let current = try town.post("/api/v1/tipoffs/\(id)/actions/dismiss", ["reason": "经核查已修复"], headers: [("If-Match", etag)])
        XCTAssertEqual(current.status, 200, current.text)
        XCTAssertEqual(current.json["status"], "dismissed")
    }
}
