// A major hazard's whole course through the pages, over the real server: the enterprise reports it,
// files its plan with the plan's document attached, its department lists it for supervision,
// reviews and closes it; the history reads as people write it. Then the office's and the
// department's other actions (penalise, extend, transfer, regrade, merge by code, reopen), each
// for whom the API admits; wrong order, bad input and out-of-scope ids answered in Chinese.
import Foundation
import Kernel
import TestSupport
import XCTest

final class HazardMajorCoursePageTests: WebPagesTestCase {
    func count(_ sql: String) throws -> Int64 { try test.core.read { try $0.scalarInt(sql) } }

    /// A clause of the determination standard the enterprise's sector may cite (the first the form offers).
    func clause(_ form: HTTPReply) throws -> String {
        let select = try XCTUnwrap(form.text.components(separatedBy: "id=\"new-standard_clause_id\"").dropFirst().first)
        return try XCTUnwrap(select.components(separatedBy: "<option value=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }.first { !$0.isEmpty })
    }

    let pdf: [UInt8] = Array("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".utf8)

    func testAnEnterpriseReportsAMajorHazardFilesItsPlanAndItsDepartmentListsReviewsAndClosesIt() throws {
        let qiye = WebBrowser(port: server.port)
        try qiye.signIn("qiye")
        let form = try qiye.get("/hazards/new")
        let csrf = try XCTUnwrap(WebBrowser.csrf(form))
        let before = try count("SELECT count(*) FROM hazards_hazards")
        let noClause = try qiye.post("/hazards/new", [("grade", "major"), ("description", "甲类车间可燃气体报警装置缺失")], csrf: csrf)
        XCTAssertEqual(noClause.status, 422, "a major hazard cites its clause")
        XCTAssertEqual(try count("SELECT count(*) FROM hazards_hazards"), before, "nothing written")
        let made = try qiye.post("/hazards/new", [("grade", "major"), ("standard_clause_id", try clause(form)), ("description", "甲类车间可燃气体报警装置缺失"),
                                                  ("state_and_cause", "车间改造后未恢复报警装置"), ("harm_and_difficulty", "可能引发火灾爆炸，需局部停产整改")], csrf: csrf)
        XCTAssertEqual(made.status, 303)
        let path = try XCTUnwrap(made.location?.components(separatedBy: "?").first)
        let reported = try qiye.get(path)
        XCTAssertTrue(reported.text.contains("action=\"\(path)/actions/file-plan\" class=\"stack\" enctype=\"multipart/form-data\""), "the plan's form takes its document")
        XCTAssertTrue(reported.text.contains("<label for=\"file-plan-file\">治理方案附件"))
        XCTAssertFalse(reported.text.contains("actions/list-for-supervision\""), "listing is the department's")

        // Wrong order: no closure before the plan; a role the route refuses: 403.
        let early = try qiye.post("\(path)/actions/apply-review", [], csrf: csrf)
        XCTAssertEqual(early.status, 422)
        XCTAssertTrue(early.text.contains("申请销号未完成"))
        XCTAssertEqual(try qiye.post("\(path)/actions/list-for-supervision", [("level", "区级"), ("notice_number", "1"), ("supervising_body", "x")], csrf: csrf).status, 403)

        let plan: [(String, String)] = [("plan_goals", "恢复报警装置并联动切断"), ("plan_methods", "采购安装检测报警装置"), ("plan_funds", "落实资金5万元"),
                                        ("plan_responsible", "设备科 张工"), ("plan_deadline_requirements", "30日内完成"), ("plan_safety_measures", "停用车间，专人值守")]
        let filed = try qiye.postMultipart("\(path)/actions/file-plan", plan, file: ("file", "治理方案.pdf", "application/pdf", pdf), csrf: csrf)
        XCTAssertEqual(filed.status, 303)
        let withPlan = try qiye.get(try XCTUnwrap(filed.location))
        XCTAssertTrue(withPlan.text.contains("治理方案备案已完成"))
        XCTAssertTrue(withPlan.text.contains("<dt>治理的目标和任务</dt><dd>恢复报警装置并联动切断</dd>"))
        XCTAssertTrue(withPlan.text.contains(">治理方案.pdf</a>"), "the plan's document in the history")
        XCTAssertEqual(try count("SELECT count(*) FROM hazards_attachments WHERE hazard_id = \(path.split(separator: "/").last!)"), 1)
        // A file the API refuses (not JPEG, PNG or PDF): the plan stands, the page says the file did not go.
        let other = try qiye.post("/hazards/new", [("grade", "general"), ("description", "仓库消防通道堵塞")], csrf: csrf)
        XCTAssertEqual(try qiye.postMultipart("\(try XCTUnwrap(other.location?.components(separatedBy: "?").first))/actions/report-progress", [("note", "已清理")],
                                              file: ("file", "x.exe", "application/octet-stream", Array("MZ not a picture".utf8)), csrf: csrf).status, 422)

        let yjj = WebBrowser(port: server.port)
        try yjj.signIn("yjj")
        let theirs = try yjj.get(path)
        let csrfY = try XCTUnwrap(WebBrowser.csrf(theirs))
        XCTAssertTrue(theirs.text.contains("action=\"\(path)/actions/list-for-supervision\""))
        XCTAssertFalse(theirs.text.contains("actions/transfer\""), "transfer is the office's")
        let blank = try yjj.post("\(path)/actions/list-for-supervision", [("level", "区级")], csrf: csrfY)
        XCTAssertEqual(blank.status, 422)
        XCTAssertTrue(blank.text.contains("挂牌督办未完成"))
        XCTAssertEqual(try yjj.post("\(path)/actions/list-for-supervision", [("level", "区级"), ("notice_number", "区安委办督〔2024〕9号"), ("supervising_body", "区安委办")], csrf: csrfY).status, 303)
        XCTAssertTrue(try yjj.get(path).text.contains("区级 区安委办督〔2024〕9号"))

        let steps: [(verb: String, fields: [(String, String)])] = [
            ("report-progress", [("note", "已采购报警装置")]), ("finish-rectification", [("note", "已安装并联动测试")]),
            ("submit-assessment", [("assessment", "经专家评估，治理效果符合要求")]), ("apply-review", []),
        ]
        for step in steps {
            XCTAssertEqual(try qiye.post("\(path)/actions/\(step.verb)", step.fields, csrf: csrf).status, 303, step.verb)
        }
        XCTAssertEqual(try yjj.post("\(path)/actions/review", [("passed", "true")], csrf: csrfY).status, 303)
        let closed = try yjj.get(path)
        XCTAssertTrue(closed.text.contains("已销号"))
        // The history reads as people write it: names, not usernames or internals.
        XCTAssertTrue(closed.text.contains("企业 安全员（东城鑫源化工第4分公司）"))
        XCTAssertTrue(closed.text.contains("区应急管理局 联络员"))
        for hidden in [">qiye<", ">yjj<", "（yjj）", "from finding", "system:", "demo:"] { XCTAssertFalse(closed.text.contains(hidden), hidden) }
        for step in ["登记", "治理方案备案", "挂牌督办", "报告整改进展", "整改完成", "提交治理效果评估", "申请销号", "销号核查"] {
            XCTAssertTrue(closed.text.contains("<td>\(step)</td>"), step)
        }

        // Reopened by its department, with the reason; the enterprise may not.
        XCTAssertEqual(try qiye.post("\(path)/actions/reopen", [("reason", "x")], csrf: csrf).status, 403)
        XCTAssertEqual(try yjj.post("\(path)/actions/reopen", [("reason", "复查发现报警器再次失效")], csrf: csrfY).status, 303)
        XCTAssertTrue(try yjj.get(path).text.contains("复查发现报警器再次失效"))
    }

    func testTheOfficesActionsPenaliseExtendTransferRegradeAndMergeByCode() throws {
        let office = WebBrowser(port: server.port)
        try office.signIn("anweiban")
        let register = try office.get("/hazards?status=reported")
        let ids = register.text.components(separatedBy: "href=\"/hazards/").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
        XCTAssertGreaterThanOrEqual(ids.count, 2)
        let (first, second) = (ids[0], ids[1])
        let page = try office.get("/hazards/\(first)")
        let csrf = try XCTUnwrap(WebBrowser.csrf(page))
        for verb in ["penalise", "extend-deadline", "transfer", "regrade", "merge"] {
            XCTAssertTrue(page.text.contains("action=\"/hazards/\(first)/actions/\(verb)\""), verb)
        }
        XCTAssertTrue(page.text.contains("<select id=\"transfer-supervising_unit_id\""), "the department is chosen by name")

        // An extension is the department's to approve: the office names the department it acts for.
        let current = try XCTUnwrap(try test.core.read { try $0.scalarInt("SELECT supervising_unit_id FROM hazards_hazards WHERE id = \(first)") })
        XCTAssertTrue(page.text.contains("<option value=\"\(current)\" selected>"), "代为: the hazard's own department is chosen")
        let notNamed = try office.post("/hazards/\(first)/actions/extend-deadline", [("deadline", "2024-12-31"), ("reason", "设备采购周期延长")], csrf: csrf)
        XCTAssertEqual(notNamed.status, 403)
        XCTAssertTrue(notNamed.text.contains("“代为履职的监管部门”"), "field codes by their Chinese names")
        let deputy = [("on_behalf_of_unit_id", String(current)), ("on_behalf_reason", "经区安委办主任批准代为审批")]
        let past = try office.post("/hazards/\(first)/actions/extend-deadline", [("deadline", "2020-01-01"), ("reason", "设备采购周期延长")] + deputy, csrf: csrf)
        XCTAssertEqual(past.status, 422)
        XCTAssertTrue(past.text.contains("延期未完成"))
        XCTAssertEqual(try office.post("/hazards/\(first)/actions/extend-deadline", [("deadline", "2024-12-31"), ("reason", "设备采购周期延长")] + deputy, csrf: csrf).status, 303)
        XCTAssertTrue(try office.get("/hazards/\(first)").text.contains("2024年12月31日"))

        let unit = try XCTUnwrap(try test.core.read { try $0.scalarInt("SELECT id FROM registry_units WHERE id <> \(current) AND is_member = 1 ORDER BY id DESC LIMIT 1") })
        XCTAssertEqual(try office.post("/hazards/\(first)/actions/transfer", [("supervising_unit_id", String(unit)), ("reason", "经核实行业主管部门为区住建局")], csrf: csrf).status, 303)
        XCTAssertTrue(try office.get("/hazards/\(first)").text.contains("改派监管部门："))

        XCTAssertEqual(try office.post("/hazards/\(first)/actions/penalise", [("decision_number", "区安委罚〔2024〕901号"), ("penalised_on", "2024-06-10")], csrf: csrf).status, 303)
        XCTAssertTrue(try office.get("/hazards/\(first)").text.contains("<td>登记行政处罚</td>"))

        let noReason = try office.post("/hazards/\(first)/actions/regrade", [("grade", "general")], csrf: csrf)
        XCTAssertEqual(noReason.status, 422)
        XCTAssertTrue(noReason.text.contains("重新定级未完成"))
        let regraded = try office.post("/hazards/\(first)/actions/regrade", [("grade", "general"), ("reason", "经专家论证，可立即整改，认定为一般隐患")], csrf: csrf)
        XCTAssertEqual(regraded.status, 303)
        XCTAssertTrue(try office.get("/hazards/\(first)").text.contains("经专家论证，可立即整改，认定为一般隐患"))

        let code = try XCTUnwrap(try office.get("/hazards/\(first)").text.components(separatedBy: "<h1>隐患 ").dropFirst().first.map { String($0.prefix { $0 != "<" }) })
        let unknown = try office.post("/hazards/\(second)/actions/merge", [("into", "YH-2099-999999")], csrf: csrf)
        XCTAssertEqual(unknown.status, 422)
        XCTAssertTrue(unknown.text.contains("未找到编号为 YH-2099-999999 的隐患"))
        let merged = try office.post("/hazards/\(second)/actions/merge", [("into", code)], csrf: csrf)
        XCTAssertEqual(merged.status, 303, merged.text)
        let survivor = try office.get("/hazards/\(first)")
        XCTAssertTrue(survivor.text.contains("并入本隐患"), "the merge reads in Chinese")
        XCTAssertFalse(survivor.text.contains("merged in"))
        // Wrong order: a merged hazard takes no more actions.
        XCTAssertEqual(try office.post("/hazards/\(second)/actions/extend-deadline", [("deadline", "2024-12-31"), ("reason", "x")], csrf: csrf).status, 422)
    }

    func testOutOfScopeHazardsAreNotFoundWithNothingLeakedAndForeignActionsRefused() throws {
        let foreign = try XCTUnwrap(try test.core.read {
            try $0.scalarInt("SELECT id FROM hazards_hazards WHERE enterprise_id IS NOT NULL AND enterprise_id <> (SELECT CAST(substr(scope, 12) AS INTEGER) FROM access_users WHERE username = 'qiye') AND status <> 'merged' ORDER BY id LIMIT 1")
        })
        let description = try XCTUnwrap(try test.core.read { try $0.queryOne("SELECT description FROM hazards_hazards WHERE id = ?", [foreign])?.string("description") })
        let qiye = WebBrowser(port: server.port)
        try qiye.signIn("qiye")
        let csrf = try qiye.csrf()
        let page = try qiye.get("/hazards/\(foreign)")
        XCTAssertEqual(page.status, 404)
        XCTAssertFalse(page.text.contains(description))
        let acted = try qiye.post("/hazards/\(foreign)/actions/report-progress", [("note", "x")], csrf: csrf)
        XCTAssertEqual(acted.status, 404)
        XCTAssertFalse(acted.text.contains(description))
        let attached = try qiye.postMultipart("/hazards/\(foreign)/attachments", [], file: ("file", "a.png", "image/png", tinyPNG), csrf: csrf)
        XCTAssertEqual(attached.status, 404)
        XCTAssertEqual(try qiye.post("/hazards/\(foreign)/actions/penalise", [("decision_number", "x")], csrf: csrf).status, 403)
        XCTAssertEqual(try qiye.post("/hazards/\(foreign)/actions/no-such-verb", [], csrf: csrf).status, 403)
        XCTAssertEqual(try qiye.get("/hazards/99999999").status, 404)
    }
}
