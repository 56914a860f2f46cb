// The 督导考核 pages over the real server (demo data, today 2024-06-15): each page for the roles the
// API admits and a 403 page for the others; the coverage matrix by name with its gaps; the
// assessment's deductions linked to their source records, a unit's and a town's own result; a sealed
// draw planned, revealed once and verified; proposals, findings, notices, instruments and manual
// items acted on through the forms; wrong order and bad input answered in Chinese with nothing
// written; out-of-scope records a 404 page without their data.
import Foundation
import Kernel
import TestSupport
import XCTest

final class SupervisionPagesTests: WebPagesTestCase {
    func count(_ sql: String) throws -> Int { Int(try test.core.read { try $0.scalarInt(sql) }) }

    /// A textarea's text, unescaped.
    func textarea(_ page: HTTPReply, id: String) -> String? {
        guard let start = page.text.range(of: "id=\"\(id)\""), let open = page.text[start.upperBound...].range(of: ">"),
              let close = page.text[open.upperBound...].range(of: "</textarea>") else { return nil }
        return String(page.text[open.upperBound..<close.lowerBound]).replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }

    // MARK: - Who may open what

    func testEachPageOpensForTheRolesTheAPIAdmitsAndIsA403PageForOthers() throws {
        let everyone = ["admin", "anweiban", "fgj", "dongcheng", "inspector1", "qiye"]
        let pages: [(path: String, admitted: Set<String>)] = [
            ("/supervision/coverage", ["admin", "anweiban", "fgj", "dongcheng", "inspector1"]),
            ("/supervision/groups", Set(everyone)), ("/supervision/groups/1", Set(everyone)),
            ("/supervision/inspections", Set(everyone)), ("/supervision/findings", Set(everyone)),
            ("/supervision/notices", Set(everyone)), ("/supervision/instruments", Set(everyone)),
            ("/supervision/inspections/new", ["admin", "anweiban", "fgj", "inspector1"]),
            ("/supervision/draws", ["admin", "anweiban", "inspector1"]), ("/supervision/draws/new", ["admin", "anweiban", "inspector1"]),
            ("/supervision/draws/1", ["admin", "anweiban", "inspector1"]), ("/supervision/draws/1/verify", ["admin", "anweiban", "inspector1"]),
            ("/supervision/proposals/1", ["admin", "anweiban"]),
            ("/supervision/proposals", ["admin", "anweiban"]), ("/supervision/rules", ["admin", "anweiban"]),
            ("/supervision/notices/new", ["admin", "anweiban"]), ("/supervision/instruments/new", ["admin", "anweiban"]),
            ("/supervision/assessment", ["admin", "anweiban", "fgj", "dongcheng"]),
            ("/supervision/assessment/items", ["admin", "anweiban"]),
        ]
        for user in everyone {
            let browser = try browser(user)
            for (path, admitted) in pages {
                let page = try browser.get(path)
                XCTAssertEqual(page.status, admitted.contains(user) ? 200 : 403, "\(user) \(path)")
                XCTAssertLessThan(page.body.count, 60 * 1024, "\(user) \(path)")
                if !admitted.contains(user) { XCTAssertTrue(page.text.contains("无权使用此页面"), "\(user) \(path)") }
            }
            let home = try browser.get("/").text
            XCTAssertEqual(home.contains("href=\"/supervision/coverage\""), user != "qiye", "\(user): the menu offers what the user may open")
            XCTAssertEqual(home.contains("href=\"/supervision/proposals\""), ["admin", "anweiban"].contains(user), user)
        }
        // The exports are the API's CSV.
        let office = try browser("anweiban")
        for path in ["/supervision/coverage/export", "/supervision/inspections/export?mode=overt", "/supervision/findings/export", "/supervision/notices/export",
                     "/supervision/instruments/export", "/supervision/draws/export", "/supervision/proposals/export", "/supervision/assessment/export?year=2024"] {
            let csv = try office.get(path)
            XCTAssertEqual(csv.status, 200, path)
            XCTAssertEqual(csv.header("Content-Type"), "text/csv; charset=utf-8", path)
        }
    }

    // MARK: - Coverage

    func testTheCoverageMatrixNamesGroupsAndTownsAndMarksAGap() throws {
        let office = try browser("anweiban")
        let page = try office.get("/supervision/coverage?year=2024")
        XCTAssertEqual(page.status, 200)
        for text in ["东城镇", "高新技术产业开发区", "第一督导组", "已督导", "待督导", "第2季度", "2024年1月18日"] { XCTAssertTrue(page.text.contains(text), text) }
        XCTAssertFalse(page.text.contains("territory_id"))
        XCTAssertFalse(page.text.contains(" gap\""))
        // The office takes 北山镇 off group 1 in this quarter: no group covers it — a gap, in red;
        // a later quarter not yet arranged is yellow.
        let token = try XCTUnwrap(server.client().post("/api/v1/session", .object(["username": "anweiban", "password": "anwei-demo-2024"])).json["token"]?.stringValue)
        let api = server.client(token: token)
        XCTAssertEqual(try api.send("PUT", "/api/v1/supervision/groups/1/coverage", json: .object(["quarter": "2024-Q2", "territory_ids": .array([9])])).status, 200)
        XCTAssertEqual(try api.send("PUT", "/api/v1/supervision/groups/5/coverage", json: .object(["quarter": "2024-Q3", "territory_ids": .array([6])])).status, 200)
        let gap = try office.get("/supervision/coverage?year=2024&quarter=2")
        XCTAssertTrue(gap.text.contains("class=\"cell-missing gap\""), gap.text)
        XCTAssertTrue(gap.text.contains("无督导组负责"))
        XCTAssertTrue(gap.text.contains("dot-red"))
        XCTAssertTrue(try office.get("/supervision/coverage?year=2024&quarter=3").text.contains("class=\"cell-unassigned warn\""))
        XCTAssertFalse(gap.text.contains("第1季度</th>"), "one quarter only")
    }

    // MARK: - Assessment

    func testTheOfficeFollowsADeductionToItsSourceRecord() throws {
        let office = try browser("anweiban")
        let ranking = try office.get("/supervision/assessment?year=2024")
        XCTAssertEqual(ranking.status, 200)
        XCTAssertTrue(ranking.text.contains("href=\"/print/assessment?year=2024\""))
        XCTAssertTrue(ranking.text.contains("打印考核通报"))
        XCTAssertTrue(ranking.text.contains("东城镇"))
        XCTAssertTrue(ranking.text.contains("区应急管理局"))
        XCTAssertTrue(ranking.text.contains("href=\"/supervision/assessment/territory/1?year=2024\""))
        let result = try office.get("/supervision/assessment/territory/1?year=2024")
        XCTAssertEqual(result.status, 200)
        XCTAssertTrue(result.text.contains("扣分和加分明细"))
        XCTAssertTrue(result.text.contains("新增重大隐患：隐患 YH-2024-"))
        // A hazard's line links to the hazard's page, which opens; a source without a page is named, not linked.
        let hazards = ids(result, "/hazards/")
        XCTAssertFalse(hazards.isEmpty)
        let source = try office.get("/hazards/\(hazards[0])")
        XCTAssertEqual(source.status, 200)
        XCTAssertTrue(source.text.contains("隐患 YH-2024-"))
        XCTAssertTrue(result.text.contains(">隐患 YH-2024-"), "a hazard's link reads its code")
        XCTAssertTrue(result.text.contains("企业培训情况"))
        // A training deduction links to the enterprise's training page (it exists), which opens.
        let enterprises = ids(result, "/training/enterprises/")
        XCTAssertFalse(enterprises.isEmpty)
        XCTAssertEqual(try office.get("/training/enterprises/\(enterprises[0])").status, 200)
        // Instruments' lines link to the instrument's page.
        let beishan = try office.get("/supervision/assessment/territory/4?year=2024")
        for id in ids(beishan, "/supervision/instruments/") { XCTAssertEqual(try office.get("/supervision/instruments/\(id)").status, 200) }
    }

    func testAUnitAndATownSeeTheirOwnResultAndTheRankingOnly() throws {
        let town = try browser("dongcheng")
        let ranking = try town.get("/supervision/assessment?year=2024")
        XCTAssertTrue(ranking.text.contains("东城镇（本单位）"))
        XCTAssertTrue(ranking.text.contains("西岭镇"), "the ranking names every town")
        XCTAssertEqual(ids(ranking, "/supervision/assessment/territory/"), [1], "only its own lines are linked")
        XCTAssertTrue(try town.get("/supervision/assessment/territory/1?year=2024").text.contains("扣分和加分明细"))
        let other = try town.get("/supervision/assessment/territory/2?year=2024")
        XCTAssertEqual(other.status, 404)
        XCTAssertFalse(other.text.contains("西岭镇"))
        XCTAssertFalse(other.text.contains("扣分"))

        let unit = try browser("fgj")
        let units = try unit.get("/supervision/assessment?year=2024")
        XCTAssertTrue(units.text.contains("（本单位）"))
        let own = ids(units, "/supervision/assessment/unit/")
        XCTAssertEqual(own.count, 1)
        XCTAssertEqual(try unit.get("/supervision/assessment/unit/\(own[0])?year=2024").status, 200)
        let emergency = try XCTUnwrap(try test.core.read { try $0.scalarInt("SELECT id FROM registry_units WHERE name = '区应急管理局'") })
        XCTAssertEqual(try unit.get("/supervision/assessment/unit/\(emergency)?year=2024").status, 404)
        XCTAssertEqual(try unit.get("/supervision/assessment/territory/1?year=2024").status, 404)
        XCTAssertEqual(try browser("inspector1").get("/supervision/assessment/territory/1").status, 403)
    }

    func testManualItemsAreAddedAndWithdrawnWithTheirReasonsAndLinkedFromTheDeduction() throws {
        let office = try browser("anweiban")
        let csrf = try office.csrf()
        let bad = try office.post("/supervision/assessment/items", [("subject_territory_id", "1"), ("year", "2024"), ("indicator", "Z9"), ("points", "-2"),
                                                                    ("reason", "x"), ("evidence", "y")], csrf: csrf)
        XCTAssertEqual(bad.status, 422)
        XCTAssertTrue(bad.text.contains("加减分项未登记"))
        XCTAssertEqual(try count("SELECT count(*) FROM supervision_assessment_items"), 0)
        let made = try office.post("/supervision/assessment/items", [("subject_territory_id", "1"), ("year", "2024"), ("indicator", "A2"), ("points", "-2"),
                                                                     ("reason", "重点工作推进迟缓"), ("evidence", "区安委办督查通报第3期")], csrf: csrf)
        XCTAssertEqual(made.status, 303)
        let list = try office.get(try XCTUnwrap(made.location))
        XCTAssertTrue(list.text.contains("加减分项已登记"))
        XCTAssertTrue(list.text.contains("重点工作推进迟缓"))
        let item = try count("SELECT id FROM supervision_assessment_items")
        let result = try office.get("/supervision/assessment/territory/1?year=2024")
        XCTAssertTrue(result.text.contains("人工扣分：重点工作推进迟缓"))
        XCTAssertTrue(result.text.contains("href=\"/supervision/assessment/items?year=2024#item-\(item)\""))
        let withdrawn = try office.post("/supervision/assessment/items/\(item)/withdraw", [("reason", "证据有误，重新核定")], csrf: csrf)
        XCTAssertEqual(withdrawn.status, 303)
        XCTAssertTrue(try office.get(try XCTUnwrap(withdrawn.location)).text.contains("已撤销"))
        let again = try office.post("/supervision/assessment/items/\(item)/withdraw", [("reason", "再撤一次")], csrf: csrf)
        XCTAssertEqual(again.status, 409)
        XCTAssertTrue(again.text.contains("未撤销"))
        XCTAssertEqual(try browser("dongcheng").post("/supervision/assessment/items/\(item)/withdraw", [("reason", "x")], csrf: csrf).status, 403)
    }

    // MARK: - Draws

    func testADrawIsPlannedSealedRevealedOnceAndVerified() throws {
        let office = try browser("anweiban")
        let csrf = try office.csrf()
        XCTAssertTrue(try office.get("/supervision/draws").text.contains("每个督导组每季度只有一份密封抽签"))
        let noGroup = try office.post("/supervision/draws/new", [], csrf: csrf)
        XCTAssertEqual(noGroup.status, 422)
        XCTAssertTrue(noGroup.text.contains("须指明督导组"))
        let planned = try office.post("/supervision/draws/new", [("group_id", "2")], csrf: csrf)
        XCTAssertEqual(planned.status, 200, "the envelope is the answer itself: shown once")
        XCTAssertTrue(planned.text.contains("密封信封（仅此一次显示，请保存）"))
        let envelope = try XCTUnwrap(textarea(planned, id: "envelope-text"))
        let parsed = try JSONParser.parse(Array(envelope.utf8))
        let draw = try XCTUnwrap(parsed["draw_id"]?.intValue)
        let target = try XCTUnwrap(parsed["targets"]?.arrayValue?.first)
        let secret = try XCTUnwrap(parsed["secret"]?.stringValue)
        let sealed = try office.get("/supervision/draws/\(draw)")
        XCTAssertTrue(sealed.text.contains("密封中"))
        XCTAssertFalse(sealed.text.contains(secret), "the secret is not on the draw's page while it is sealed")

        // Planning again for the group and quarter without a reason is refused; nothing is written.
        let draws = try count("SELECT count(*) FROM supervision_draws")
        let again = try office.post("/supervision/draws/new", [("group_id", "2")], csrf: csrf)
        XCTAssertEqual(again.status, 409)
        XCTAssertTrue(again.text.contains("重新抽签须写明理由"))
        XCTAssertEqual(try count("SELECT count(*) FROM supervision_draws"), draws)
        // Verifying a sealed draw, or revealing before the visit: refused in Chinese.
        let early = try office.get("/supervision/draws/\(draw)/verify")
        XCTAssertEqual(early.status, 409)
        XCTAssertTrue(early.text.contains("尚未揭示"))
        let beforeVisit = try office.post("/supervision/draws/\(draw)/reveal", [("envelope", envelope)], csrf: csrf)
        XCTAssertEqual(beforeVisit.status, 409)
        XCTAssertTrue(beforeVisit.text.contains("请先登记四不两直检查"))

        // The visit, by the link the envelope page gives (filled in), then the reveal.
        let enterprises = (target["enterprise_ids"]?.arrayValue ?? []).map { formText($0) }.joined(separator: ",")
        let visit = try office.post("/supervision/inspections/new", [("group_id", "2"), ("mode", "unannounced"), ("date", "2024-06-15"),
                                                                     ("territory_id", formText(target["territory_id"])), ("enterprise_ids", enterprises),
                                                                     ("draw_id", String(draw)), ("summary", "四不两直")], csrf: csrf)
        XCTAssertEqual(visit.status, 303, visit.text)
        let tampered = envelope.replacingOccurrences(of: secret, with: String(secret.reversed()))
        let wrong = try office.post("/supervision/draws/\(draw)/reveal", [("envelope", tampered)], csrf: csrf)
        XCTAssertEqual(wrong.status, 422)
        XCTAssertTrue(wrong.text.contains("不符"))
        let garbled = try office.post("/supervision/draws/\(draw)/reveal", [("envelope", "not json")], csrf: csrf)
        XCTAssertEqual(garbled.status, 422)
        XCTAssertTrue(garbled.text.contains("请粘贴抽签时显示的密封信封全文"))
        XCTAssertEqual(try count("SELECT count(*) FROM supervision_draws WHERE id = \(draw) AND status = 'sealed'"), 1)
        let revealed = try office.post("/supervision/draws/\(draw)/reveal", [("envelope", envelope)], csrf: csrf)
        XCTAssertEqual(revealed.status, 303)
        let page = try office.get(try XCTUnwrap(revealed.location))
        XCTAssertTrue(page.text.contains("抽签已揭晓"))
        XCTAssertTrue(page.text.contains(secret))
        XCTAssertTrue(page.text.contains("无偏差"))
        let twice = try office.post("/supervision/draws/\(draw)/reveal", [("envelope", envelope)], csrf: csrf)
        XCTAssertEqual(twice.status, 409)
        XCTAssertTrue(twice.text.contains("已揭示"))
        let verified = try office.get("/supervision/draws/\(draw)/verify")
        XCTAssertEqual(verified.status, 200)
        XCTAssertTrue(verified.text.contains("核验通过"))
        XCTAssertTrue(verified.text.contains(secret))
        XCTAssertTrue(verified.text.contains(try XCTUnwrap(try test.core.read { try $0.queryOne("SELECT commitment FROM supervision_draws WHERE id = ?", [Int64(draw)])?.string("commitment") })))

        // An inspector sees its own group's draws only; others are not found.
        let inspector = try browser("inspector1")
        XCTAssertEqual(try inspector.get("/supervision/draws/1").status, 200)
        let foreign = try inspector.get("/supervision/draws/\(draw)")
        XCTAssertEqual(foreign.status, 404)
        XCTAssertFalse(foreign.text.contains("第二督导组"))
        XCTAssertEqual(try browser("fgj").post("/supervision/draws/\(draw)/reveal", [("envelope", envelope)], csrf: csrf).status, 403)
    }

    // MARK: - Proposals

    func testTheOfficeDeclinesWithAReasonAcceptsOnceAndIsToldWhenItIsTooLate() throws {
        let office = try browser("anweiban")
        let csrf = try office.csrf()
        let list = try office.get("/supervision/proposals")
        XCTAssertTrue(list.text.contains("E3：北山镇"), "each proposal's reason")
        XCTAssertTrue(list.text.contains("北山镇"))
        let page = try office.get("/supervision/proposals/1")
        XCTAssertTrue(page.text.contains("action=\"/supervision/proposals/1/accept\""))
        XCTAssertTrue(page.text.contains("action=\"/supervision/proposals/1/decline\""))
        let noReason = try office.post("/supervision/proposals/1/decline", [("note", "")], csrf: csrf)
        XCTAssertEqual(noReason.status, 422)
        XCTAssertTrue(noReason.text.contains("不予采纳未完成"))
        XCTAssertEqual(try count("SELECT count(*) FROM supervision_proposals WHERE id = 1 AND status = 'proposed'"), 1)
        XCTAssertEqual(try browser("fgj").post("/supervision/proposals/1/accept", [], csrf: csrf).status, 403)

        let instruments = try count("SELECT count(*) FROM supervision_instruments")
        let accepted = try office.post("/supervision/proposals/1/accept", [("note", "同意提级调查")], csrf: csrf)
        XCTAssertEqual(accepted.status, 303)
        let done = try office.get(try XCTUnwrap(accepted.location))
        XCTAssertTrue(done.text.contains("已采纳，文书已签发"))
        XCTAssertTrue(done.text.contains("查看签发的文书"))
        XCTAssertFalse(done.text.contains("action=\"/supervision/proposals/1/accept\""), "nothing more to do")
        XCTAssertEqual(try count("SELECT count(*) FROM supervision_instruments"), instruments + 1)
        let twice = try office.post("/supervision/proposals/1/accept", [("note", "再次采纳")], csrf: csrf)
        XCTAssertEqual(twice.status, 409)
        XCTAssertTrue(twice.text.contains("督办建议 1 已采纳"))
        XCTAssertEqual(try count("SELECT count(*) FROM supervision_instruments"), instruments + 1)
        XCTAssertEqual(try office.get("/supervision/proposals/999").status, 404)
        let evaluated = try office.post("/supervision/proposals/evaluate", [], csrf: csrf)
        XCTAssertEqual(evaluated.status, 303)
        XCTAssertTrue(try office.get(try XCTUnwrap(evaluated.location)).text.contains("已按升级规则评估"))
        XCTAssertEqual(try office.post("/supervision/proposals/1/accept", [], csrf: nil).status, 403, "no CSRF token, nothing done")
    }

    // MARK: - Inspections, findings, notices, instruments

    /// The office records an inspection of 东城镇 and a finding the town answers for; returns the finding's page path.
    func recordFinding(_ office: WebBrowser) throws -> String {
        let csrf = try office.csrf()
        let inspection = try office.post("/supervision/inspections/new", [("group_id", "1"), ("mode", "covert"), ("date", "2024-06-12"), ("territory_id", "1"),
                                                                          ("inspectors", "王磊，陈静"), ("summary", "暗访夜间施工")], csrf: csrf)
        XCTAssertEqual(inspection.status, 303)
        let path = try XCTUnwrap(inspection.location?.components(separatedBy: "?").first)
        let page = try office.get(try XCTUnwrap(inspection.location))
        XCTAssertTrue(page.text.contains("督导检查已登记"))
        XCTAssertTrue(page.text.contains("王磊、陈静"))
        let bad = try office.post("\(path)/findings", [("description", "夜间施工无专人监护"), ("deadline", "2024-07-15"),
                                                       ("responsible_territory_id", "1"), ("responsible_unit_id", "2")], csrf: csrf)
        XCTAssertEqual(bad.status, 422)
        XCTAssertTrue(bad.text.contains("只能指明一个责任主体"))
        let finding = try office.post("\(path)/findings", [("description", "夜间施工无专人监护"), ("deadline", "2024-07-15"), ("severity", "general"),
                                                           ("responsible_territory_id", "1")], csrf: csrf)
        XCTAssertEqual(finding.status, 303)
        return try XCTUnwrap(finding.location?.components(separatedBy: "?").first)
    }

    func testAFindingIsRectifiedByItsTownAndReCheckedByTheOffice() throws {
        let office = try browser("anweiban")
        let path = try recordFinding(office)
        XCTAssertTrue(try office.get(path).text.contains("夜间施工无专人监护"))
        let town = try browser("dongcheng")
        let csrf = try town.csrf()
        let page = try town.get(path)
        XCTAssertTrue(page.text.contains("action=\"\(path)/actions/progress\""))
        XCTAssertFalse(page.text.contains("action=\"\(path)/actions/recheck\""), "回头看 is the office's or a group's")
        XCTAssertEqual(try town.post("\(path)/actions/progress", [("progress", "150")], csrf: csrf).status, 422)
        XCTAssertEqual(try town.post("\(path)/actions/progress", [("progress", "40"), ("note", "已安排夜间值守")], csrf: csrf).status, 303)
        let noEvidence = try town.post("\(path)/actions/complete", [("note", "已整改")], csrf: csrf)
        XCTAssertEqual(noEvidence.status, 422)
        XCTAssertTrue(noEvidence.text.contains("佐证"))
        XCTAssertEqual(try town.post("\(path)/actions/complete", [("note", "已整改"), ("evidence", "现场照片1.jpg, 值班表.pdf")], csrf: csrf).status, 303)
        let rectified = try town.get(path)
        XCTAssertTrue(rectified.text.contains("已整改待回头看"))
        XCTAssertTrue(rectified.text.contains("现场照片1.jpg、值班表.pdf"))
        XCTAssertEqual(try town.post("\(path)/actions/recheck", [("passed", "true"), ("note", "x")], csrf: csrf).status, 403)
        let wrongOrder = try town.post("\(path)/actions/progress", [("progress", "50")], csrf: csrf)
        XCTAssertEqual(wrongOrder.status, 409)
        XCTAssertTrue(wrongOrder.text.contains("已整改待回头看"))
        let recheck = try office.post("\(path)/actions/recheck", [("passed", "true"), ("note", "回头看：已落实")], csrf: try office.csrf())
        XCTAssertEqual(recheck.status, 303)
        XCTAssertTrue(try office.get(path).text.contains("回头看通过（销号）"))
        // Another town cannot see it at all.
        let other = try browser("xiling").get(path)
        XCTAssertEqual(other.status, 404)
        XCTAssertFalse(other.text.contains("夜间施工"))
        XCTAssertEqual(try office.get("/supervision/findings/99999").status, 404)
    }

    func testANoticeAndAnInterviewAreIssuedPrintedAndReportedOn() throws {
        let office = try browser("anweiban")
        let finding = try recordFinding(office)
        let csrf = try office.csrf()
        let noBody = try office.post("/supervision/notices/new", [], csrf: csrf)
        XCTAssertEqual(noBody.status, 422)
        XCTAssertTrue(noBody.text.contains("须指明责任主体"))
        let notice = try office.post("/supervision/notices/new", [("responsible_territory_id", "1"), ("finding_ids", String(finding.split(separator: "/").last ?? ""))], csrf: csrf)
        XCTAssertEqual(notice.status, 303, notice.text)
        let noticePath = try XCTUnwrap(notice.location?.components(separatedBy: "?").first)
        let noticePage = try office.get(try XCTUnwrap(notice.location))
        XCTAssertTrue(noticePage.text.contains("整改通知书已下发"))
        XCTAssertTrue(noticePage.text.contains("夜间施工无专人监护"))
        XCTAssertTrue(noticePage.text.contains("href=\"/print/notices/\(noticePath.split(separator: "/").last ?? "")\""))
        XCTAssertEqual(try browser("dongcheng").get(noticePath).status, 200)
        XCTAssertEqual(try browser("xiling").get(noticePath).status, 404)

        let noKind = try office.post("/supervision/instruments/new", [("target_territory_id", "1"), ("reason", "x")], csrf: csrf)
        XCTAssertEqual(noKind.status, 422)
        let interview = try office.post("/supervision/instruments/new", [("kind", "admonitoryInterview"), ("target_territory_id", "1"),
                                                                         ("reason", "督导发现问题整改不力"), ("correction_report_due", "2024-07-15")], csrf: csrf)
        XCTAssertEqual(interview.status, 303, interview.text)
        let path = try XCTUnwrap(interview.location?.components(separatedBy: "?").first)
        let id = path.split(separator: "/").last.map(String.init) ?? ""
        let page = try office.get(try XCTUnwrap(interview.location))
        XCTAssertTrue(page.text.contains("文书已签发"))
        XCTAssertTrue(page.text.contains("href=\"/print/instruments/\(id)\""))
        XCTAssertTrue(page.text.contains("应于2024年7月15日前报送，尚未收到"))
        let town = try browser("dongcheng")
        let townPage = try town.get(path)
        XCTAssertTrue(townPage.text.contains("action=\"\(path)/receive-report\""))
        XCTAssertEqual(try town.post("\(path)/receive-report", [("report", "")], csrf: try town.csrf()).status, 422)
        let reported = try town.post("\(path)/receive-report", [("report", "已对照问题逐项整改，建立夜间巡查制度")], csrf: try town.csrf())
        XCTAssertEqual(reported.status, 303)
        let after = try town.get(path)
        XCTAssertTrue(after.text.contains("已于2024年6月15日收到"))
        XCTAssertFalse(after.text.contains("receive-report\""), "reported once")
        let twice = try town.post("\(path)/receive-report", [("report", "再报一次")], csrf: try town.csrf())
        XCTAssertEqual(twice.status, 409)
        XCTAssertTrue(twice.text.contains("的整改报告已收到"))
        XCTAssertEqual(try browser("qiye").post("\(path)/receive-report", [("report", "x")], csrf: try town.csrf()).status, 403)
    }

    func testInspectionsListFiltersAndPagesAndAnOutOfScopeInspectionIsNotFound() throws {
        let office = try browser("anweiban")
        let overt = try office.get("/supervision/inspections?mode=overt")
        XCTAssertEqual(overt.status, 200)
        XCTAssertTrue(overt.text.contains("明查"))
        XCTAssertFalse(overt.text.contains("<td>暗访</td>"))
        // The rectification list has more than a page: 下一页 carries the filters and the cursor.
        let findings = try office.get("/supervision/findings?year=2024")
        let next = try XCTUnwrap(findings.text.components(separatedBy: "href=\"/supervision/findings?").dropFirst().first { $0.contains("after=") }.map { String($0.prefix { $0 != "\"" }) })
        XCTAssertTrue(next.contains("year=2024"))
        let second = try office.get("/supervision/findings?" + next.replacingOccurrences(of: "&amp;", with: "&"))
        XCTAssertEqual(second.status, 200)
        XCTAssertTrue(second.text.contains("第一页"))
        let bad = try office.get("/supervision/inspections?quarter=Q9")
        XCTAssertEqual(bad.status, 422)
        XCTAssertTrue(bad.text.contains("筛选条件有误"))

        let xilingInspection = try XCTUnwrap(try test.core.read { try $0.scalarInt("SELECT min(id) FROM supervision_inspections WHERE territory_id = 2") })
        let town = try browser("dongcheng")
        XCTAssertFalse(ids(try town.get("/supervision/inspections"), "/supervision/inspections/").contains(Int(xilingInspection)))
        let refused = try town.get("/supervision/inspections/\(xilingInspection)")
        XCTAssertEqual(refused.status, 404)
        XCTAssertFalse(refused.text.contains("西岭"))
        XCTAssertEqual(try town.get("/supervision/inspections/abc").status, 404)
        let inspector = try browser("inspector1")
        let form = try inspector.get("/supervision/inspections/new")
        XCTAssertTrue(form.text.contains("督导组成员登记本组的检查"))
        let future = try inspector.post("/supervision/inspections/new", [("mode", "overt"), ("date", "2024-07-01"), ("territory_id", "1")], csrf: try inspector.csrf())
        XCTAssertEqual(future.status, 422)
        XCTAssertTrue(future.text.contains("督导检查未登记"))
    }
}

/// A JSON value as the text a form carries.
private func formText(_ value: JSON?) -> String {
    switch value {
    case .int(let v)?: return String(v)
    case .string(let s)?: return s
    default: return ""
    }
}
