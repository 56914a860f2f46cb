// The 安全培训 pages over the real server: every page for every demo role (and the 403 pages of the
// forms a role may not use), compliance explained in Chinese, an enterprise's page in and out of
// scope, certificates expiring, review and revoke, bans, people's job changes, exams, CSV imports.
import Foundation
import Kernel
import TestSupport
import XCTest

final class TrainingPagesTests: WebPagesTestCase {
    static let roles = ["admin", "anweiban", "fgj", "dongcheng", "inspector1", "qiye"]
    /// qiye's enterprise (东城镇, red in the demo) and one in another town (北山镇).
    static let ownEnterprise = 3, otherEnterprise = 1

    func count(_ table: String) throws -> Int64 {
        try test.core.read { try $0.queryOne("SELECT COUNT(*) AS n FROM \(table)")?.int("n") ?? -1 }
    }

    func testEveryTrainingPageAnswersEveryRoleUnder60KBAndTheFormsOnlyTheWriters() throws {
        let lists = ["/training/compliance", "/training/compliance?by=shortfall", "/training/compliance?by=person&status=shortfall", "/training/compliance?by=territory",
                     "/training/compliance?by=industry", "/training/certificates", "/training/certificates?status=reviewDue", "/training/bans", "/training/people",
                     "/training/records", "/training/appointments", "/training/leader-sessions"]
        for user in Self.roles {
            let browser = try browser(user)
            for path in lists {
                let page = try browser.get(path)
                XCTAssertEqual(page.status, 200, "\(user) \(path)")
                XCTAssertLessThan(page.body.count, 60 * 1024, "\(user) \(path)")
                XCTAssertFalse(page.text.contains("lacks"), "\(user) \(path): a reason left in English")
            }
            XCTAssertTrue(try browser.get("/").text.contains("href=\"/training/compliance\""), "\(user) has the menu entry")
            for export in ["/training/compliance/export", "/training/certificates/export?status=expired", "/training/bans/export"] {
                let csv = try browser.get(export)
                XCTAssertEqual(csv.status, 200, "\(user) \(export)")
                XCTAssertEqual(csv.header("Content-Type"), "text/csv; charset=utf-8", export)
            }
            // The forms: inspectors read only; bans are recorded by the office and the member units.
            let writer = user != "inspector1"
            for form in ["/training/people/new", "/training/records/new", "/training/certificates/new", "/training/appointments/new", "/training/import"] {
                XCTAssertEqual(try browser.get(form).status, writer ? 200 : 403, "\(user) \(form)")
            }
            let banForm = try browser.get("/training/bans/new")
            XCTAssertEqual(banForm.status, ["admin", "anweiban", "fgj"].contains(user) ? 200 : 403, user)
            if banForm.status == 403 { XCTAssertTrue(banForm.text.contains("无权进行此操作"), user) }
        }
    }

    func testComplianceExplainsEachShortfallInChineseAndLinksTheEnterprise() throws {
        let office = try browser("anweiban")
        let page = try office.get("/training/compliance")
        XCTAssertTrue(page.text.contains("本页 20 条（每页 20 条）"), "a keyset page of 20 enterprises")
        XCTAssertTrue(page.text.contains("特种作业人员何春梅：无有效的特种作业操作证（应于2024年6月3日复审，逾期未复审"), "the API's reason, in Chinese")
        XCTAssertTrue(page.text.contains("主要负责人潘建国处于禁入期：禁入记录 1：自2024年4月18日起终身不得担任"))
        XCTAssertTrue(page.text.contains("安全生产管理人员蒋志强：初次安全培训仅 0 学时，应为 48 学时，期限2023年12月1日"))
        XCTAssertTrue(page.text.contains("<tr class=\"warn\">"), "red enterprises marked")
        XCTAssertTrue(page.text.contains("href=\"/training/enterprises/3\""))
        // 下一页 follows the API's cursor: the next 20 enterprises, none of the first page's.
        let next = try XCTUnwrap(page.text.components(separatedBy: "<a href=\"").first { $0.contains("rel=\"next\"") }?.components(separatedBy: "\"").first)
        let second = try office.get(next.replacingOccurrences(of: "&amp;", with: "&"))
        XCTAssertTrue(second.text.contains("本页 20 条"), "paging")
        XCTAssertTrue(Set(ids(second, "/training/enterprises/")).isDisjoint(with: ids(page, "/training/enterprises/")))
        XCTAssertFalse(ids(second, "/training/enterprises/").isEmpty)
        let shortfalls = try office.get("/training/compliance?by=shortfall&territory_id=1")
        XCTAssertTrue(shortfalls.text.contains("蒋志强（安全生产管理人员）</td><td>初次安全培训仅 0 学时"))
        XCTAssertFalse(shortfalls.text.contains("北山华泰"), "the filter is the API's")
        let bad = try office.get("/training/compliance?year=abc")
        XCTAssertEqual(bad.status, 422)
        XCTAssertTrue(bad.text.contains("筛选条件有误"))
        let csv = try office.get("/training/compliance/export?by=shortfall")
        XCTAssertTrue(csv.text.contains("message"), "the API's own CSV")
    }

    func testAnEnterpriseSeesItsOwnPageAndNotAnothersWhichIsA404WithoutItsData() throws {
        let qiye = try browser("qiye")
        let list = try qiye.get("/training/compliance")
        XCTAssertEqual(ids(list, "/training/enterprises/"), [Self.ownEnterprise], "only its own row")
        let own = try qiye.get("/training/enterprises/\(Self.ownEnterprise)")
        XCTAssertEqual(own.status, 200)
        XCTAssertTrue(own.text.contains("东城鑫源化工第4分公司：安全培训"))
        XCTAssertTrue(own.text.contains("人员培训情况") && own.text.contains("培训记录") && own.text.contains("特种作业证书"))
        XCTAssertTrue(own.text.contains("初次安全培训仅 0 学时"))
        let other = try qiye.get("/training/enterprises/\(Self.otherEnterprise)")
        XCTAssertEqual(other.status, 404)
        XCTAssertTrue(other.text.contains("未找到"))
        XCTAssertFalse(other.text.contains("北山华泰"))
        XCTAssertFalse(other.text.contains("何春梅"))
        let town = try browser("dongcheng")
        XCTAssertEqual(try town.get("/training/enterprises/\(Self.otherEnterprise)").status, 404, "another town's enterprise")
        XCTAssertEqual(try town.get("/training/enterprises/\(Self.ownEnterprise)").status, 200)
    }

    func testCertificatesExpiringAreMarkedAndReviewAndRevokeAreForWhomTheAPIAdmits() throws {
        let office = try browser("anweiban")
        let expired = try office.get("/training/certificates?status=expired")
        XCTAssertTrue(expired.text.contains("<tr class=\"warn\">"))
        XCTAssertTrue(expired.text.contains("到期预警（待复审）"))
        let id = try XCTUnwrap(ids(expired, "/training/certificates/").first)
        let page = try office.get("/training/certificates/\(id)")
        XCTAssertTrue(page.text.contains("已过期（到期预警）"))
        XCTAssertTrue(page.text.contains("逾期未复审"))
        XCTAssertTrue(page.text.contains("action=\"/training/certificates/\(id)/review\""))
        XCTAssertTrue(page.text.contains("action=\"/training/certificates/\(id)/revoke\""))
        let csrf = try XCTUnwrap(WebBrowser.csrf(page))

        // Bad input: no reason — a Chinese error on the page, nothing written.
        let refused = try office.post("/training/certificates/\(id)/revoke", [("reason", "")], csrf: csrf)
        XCTAssertEqual(refused.status, 422)
        XCTAssertTrue(refused.text.contains("撤销未完成"))
        XCTAssertTrue(try office.get("/training/certificates/\(id)").text.contains("已过期"))

        // The enterprise may not revoke nor record a passed review: no such forms, and a 403 page if posted.
        let qiye = try browser("qiye")
        let own = try qiye.get("/training/certificates")
        if let ownID = ids(own, "/training/certificates/").first {
            let ownPage = try qiye.get("/training/certificates/\(ownID)")
            XCTAssertFalse(ownPage.text.contains("/revoke\""))
            XCTAssertFalse(ownPage.text.contains("<option value=\"passed\">"), "only a failed review")
            let forbidden = try qiye.post("/training/certificates/\(ownID)/revoke", [("reason", "违章作业")], csrf: try XCTUnwrap(WebBrowser.csrf(ownPage)))
            XCTAssertEqual(forbidden.status, 403)
        }
        // Out of scope: another town's certificate is a 404 page.
        XCTAssertEqual(try qiye.get("/training/certificates/\(id)").status, 404)

        // The office reviews it (passed, late but within the grace): valid again; then revokes it.
        let reviewed = try office.post("/training/certificates/\(id)/review", [("result", "passed"), ("on", "2024-06-15")], csrf: csrf)
        XCTAssertEqual(reviewed.status, 303, reviewed.text)
        XCTAssertEqual(reviewed.location, "/training/certificates/\(id)?done=review")
        XCTAssertTrue(try office.get("/training/certificates/\(id)?done=review").text.contains("复审结果已记录"))
        let revoked = try office.post("/training/certificates/\(id)/revoke", [("reason", "违章作业被吊销")], csrf: csrf)
        XCTAssertEqual(revoked.status, 303)
        let after = try office.get("/training/certificates/\(id)")
        XCTAssertTrue(after.text.contains("已撤销：违章作业被吊销"))
        XCTAssertFalse(after.text.contains("/revoke\""), "nothing left to do")
        // Wrong order: revoking it again is refused by the API, shown on the page.
        let again = try office.post("/training/certificates/\(id)/revoke", [("reason", "重复")], csrf: csrf)
        XCTAssertNotEqual(again.status, 303)
        XCTAssertTrue(again.text.contains("撤销未完成"))
    }

    func testTheOfficeRecordsABanAndATownMayNot() throws {
        let office = try browser("anweiban")
        let form = try office.get("/training/bans/new")
        let csrf = try XCTUnwrap(WebBrowser.csrf(form))
        let before = try count("training_bans")
        let missing = try office.post("/training/bans/new", [("person_id", "田建华"), ("industry", "hazardousChemicals")], csrf: csrf)
        XCTAssertEqual(missing.status, 422)
        XCTAssertTrue(missing.text.contains("禁入未登记"))
        XCTAssertTrue(missing.text.contains("value=\"田建华\""), "what was typed stays")
        XCTAssertEqual(try count("training_bans"), before, "nothing written")
        let made = try office.post("/training/bans/new", [("person_id", "田建华"), ("industry", "hazardousChemicals"), ("kind", "lifetime"),
                                                         ("source", "事故记录 SG-2024-077"), ("accident_grade", "major")], csrf: csrf)
        XCTAssertEqual(made.status, 303, made.text)
        let page = try office.get(try XCTUnwrap(made.location))
        XCTAssertTrue(page.text.contains("禁入已登记"))
        XCTAssertTrue(page.text.contains("终身禁入"))
        XCTAssertTrue(page.text.contains("北山华泰危化品储运有限公司"), "the appointment it conflicts with")
        XCTAssertTrue(try office.get("/training/bans").text.contains("事故记录 SG-2024-077"))

        let town = try browser("dongcheng")
        let refused = try town.post("/training/bans/new", [("person_id", "田建华"), ("industry", "hazardousChemicals"), ("source", "x")], csrf: try town.csrf())
        XCTAssertEqual(refused.status, 403)
        XCTAssertEqual(try count("training_bans"), before + 1)
        XCTAssertFalse(try town.get("/training/bans").text.contains("href=\"/training/bans/new\""))
    }

    func testAPersonChangesJobLeavesAndReturnsInOrder() throws {
        let town = try browser("dongcheng")
        let list = try town.get("/training/people?enterprise_id=\(Self.ownEnterprise)")
        let id = try XCTUnwrap(ids(list, "/training/people/").first)
        let page = try town.get("/training/people/\(id)")
        XCTAssertTrue(page.text.contains("action=\"/training/people/\(id)/change-job\""))
        XCTAssertFalse(page.text.contains("/return\""), "at work: no 返岗")
        let csrf = try XCTUnwrap(WebBrowser.csrf(page))
        // Wrong order: returning while at work is refused by the API.
        let early = try town.post("/training/people/\(id)/return", [("on", "2024-06-01")], csrf: csrf)
        XCTAssertEqual(early.status, 422)
        XCTAssertTrue(early.text.contains("返岗未完成"))
        // Bad input: a day that is no date.
        let bad = try town.post("/training/people/\(id)/change-job", [("on", "2024-13-40")], csrf: csrf)
        XCTAssertEqual(bad.status, 422)
        XCTAssertTrue(bad.text.contains("转岗未完成"))
        XCTAssertEqual(try town.post("/training/people/\(id)/change-job", [("on", "2024-06-10")], csrf: csrf).location, "/training/people/\(id)?done=change-job")
        XCTAssertTrue(try town.get("/training/people/\(id)").text.contains("自2024年6月10日起（转岗）"))
        XCTAssertEqual(try town.post("/training/people/\(id)/leave", [("on", "2024-06-12")], csrf: csrf).status, 303)
        let left = try town.get("/training/people/\(id)")
        XCTAssertTrue(left.text.contains("2024年6月12日"))
        XCTAssertTrue(left.text.contains("/return\""))
        XCTAssertEqual(try town.post("/training/people/\(id)/return", [("on", "2024-06-14")], csrf: csrf).status, 303)
        // An inspector reads only; another town's person is not found.
        let inspector = try browser("inspector1")
        XCTAssertFalse(try inspector.get("/training/people/\(id)").text.contains("/leave\""))
        let xiling = try browser("xiling")
        XCTAssertEqual(try xiling.get("/training/people/\(id)").status, 404)
        XCTAssertEqual(try xiling.post("/training/people/\(id)/leave", [], csrf: try xiling.csrf()).status, 404)
    }

    func testATrainingIsRecordedThenItsExamThenTheMakeUpOnly() throws {
        let qiye = try browser("qiye")
        let form = try qiye.get("/training/records/new")
        let csrf = try XCTUnwrap(WebBrowser.csrf(form))
        let people = try qiye.get("/training/people")
        let personPage = try qiye.get("/training/people/\(try XCTUnwrap(ids(people, "/training/people/").first))")
        let name = try XCTUnwrap(personPage.text.components(separatedBy: "<dt>人员</dt><dd>").dropFirst().first.map { String($0.prefix { $0 != "<" }) })
        let before = try count("training_records")
        let bad = try qiye.post("/training/records/new", [("person_id", name), ("enterprise_id", String(Self.ownEnterprise)), ("course", "再培训"),
                                                         ("held_on", "2024-06-10"), ("class_hours", "-3"), ("kind", "refresher")], csrf: csrf)
        XCTAssertEqual(bad.status, 422)
        XCTAssertTrue(bad.text.contains("登记培训记录未完成"))
        XCTAssertEqual(try count("training_records"), before)
        let made = try qiye.post("/training/records/new", [("person_id", name), ("enterprise_id", String(Self.ownEnterprise)), ("course", "2024年度再培训（补）"),
                                                          ("held_on", "2024-06-10"), ("class_hours", "8"), ("kind", "refresher")], csrf: csrf)
        XCTAssertEqual(made.status, 303, made.text)
        let path = try XCTUnwrap(made.location).components(separatedBy: "?")[0]
        XCTAssertTrue(try qiye.get(path).text.contains("记录考试成绩"))
        XCTAssertEqual(try qiye.post(path + "/exam", [("score", "60")], csrf: csrf).status, 303)
        let failed = try qiye.get(path)
        XCTAssertTrue(failed.text.contains("待补考（60 分）"))
        XCTAssertTrue(failed.text.contains("记录补考成绩"))
        XCTAssertEqual(try qiye.post(path + "/exam", [("score", "85")], csrf: csrf).status, 303)
        let passed = try qiye.get(path)
        XCTAssertTrue(passed.text.contains("合格（60 分，补考 85 分）"))
        XCTAssertFalse(passed.text.contains("/exam\""), "no third exam offered")
        let third = try qiye.post(path + "/exam", [("score", "90")], csrf: csrf)
        XCTAssertEqual(third.status, 422, "wrong order: the API allows one make-up")
        XCTAssertTrue(third.text.contains("考试成绩未记录"))
        let score = try qiye.post(path + "/exam", [("score", "abc")], csrf: csrf)
        XCTAssertEqual(score.status, 422)
    }

    func testACSVImportShowsTheAPIsRowErrorsAndWritesNothingThenADryRun() throws {
        let office = try browser("anweiban")
        let csrf = try XCTUnwrap(WebBrowser.csrf(try office.get("/training/import")))
        let before = try count("training_people")
        let malformed = Array("person_id,enterprise_id,role\n田建华,1,principalPerson\n不存在的人,1,worker\n56,abc,boss\n".utf8)
        let refused = try office.postMultipart("/training/import/people", [("dry_run", "false")], file: ("file", "people.csv", "text/csv", malformed), csrf: csrf)
        XCTAssertEqual(refused.status, 422)
        XCTAssertTrue(refused.text.contains("导入被拒绝，未写入任何内容"))
        XCTAssertTrue(refused.text.contains("第 3 行"), refused.text)
        XCTAssertTrue(refused.text.contains("第 4 行"))
        XCTAssertEqual(try count("training_people"), before)
        let noFile = try office.postMultipart("/training/import/records", [("dry_run", "true")], file: nil, csrf: csrf)
        XCTAssertEqual(noFile.status, 422)
        XCTAssertTrue(noFile.text.contains("请选择要导入的 CSV 文件"))
        let binary = try office.postMultipart("/training/import/people", [], file: ("file", "x.csv", "text/csv", [0xFF, 0xFE, 0x00, 0x41]), csrf: csrf)
        XCTAssertEqual(binary.status, 422)
        XCTAssertTrue(binary.text.contains("不是 UTF-8"))
        let good = Array("\u{FEFF}person_id,enterprise_id,role\r\n田建华,2,worker\r\n".utf8)
        let checked = try office.postMultipart("/training/import/people", [("dry_run", "true")], file: ("file", "people.csv", "text/csv", good), csrf: csrf)
        XCTAssertEqual(checked.status, 200, checked.text)
        XCTAssertTrue(checked.text.contains("检查通过，共 1 行，未写入"))
        XCTAssertEqual(try count("training_people"), before)
        let imported = try office.postMultipart("/training/import/people", [("dry_run", "false")], file: ("file", "people.csv", "text/csv", good), csrf: csrf)
        XCTAssertTrue(imported.text.contains("已导入 1 条"), imported.text)
        XCTAssertEqual(try count("training_people"), before + 1)
        let inspector = try browser("inspector1")
        XCTAssertEqual(try inspector.postMultipart("/training/import/people", [], file: ("file", "p.csv", "text/csv", good), csrf: try inspector.csrf()).status, 403)
    }

    func testTheHomePagesTrainingAndConsultationLinksOpen() throws {
        let office = try browser("anweiban")
        let home = try office.get("/")
        XCTAssertTrue(home.text.contains("href=\"/consultations/compliance?quarter=2024-Q2\""), "a meeting due links to its page, query and all")
        XCTAssertEqual(try office.get("/consultations/compliance?quarter=2024-Q2").status, 200)
    }

    func testABannedPersonIsRefusedAsPrincipalAnAppointmentEndsOnceAndALeadersSessionIsRecorded() throws {
        let office = try browser("anweiban")
        let csrf = try XCTUnwrap(WebBrowser.csrf(try office.get("/training/appointments/new")))
        let before = try count("training_appointments")
        let banned = try office.post("/training/appointments/new", [("enterprise_id", "3"), ("person_id", "58"), ("role", "principalPerson")], csrf: csrf)
        XCTAssertEqual(banned.status, 422)
        XCTAssertTrue(banned.text.contains("不得担任东城鑫源化工第4分公司的主要负责人：禁入记录"), "the ban's record, in the API's words")
        XCTAssertEqual(try count("training_appointments"), before)
        let made = try office.post("/training/appointments/new", [("enterprise_id", "3"), ("person_id", "苏芳"), ("role", "safetyManager"), ("appointed_on", "2024-06-01")], csrf: csrf)
        XCTAssertEqual(made.status, 303, made.text)
        let path = try XCTUnwrap(made.location).components(separatedBy: "?")[0]
        XCTAssertTrue(try office.get(path).text.contains("在任"))
        XCTAssertEqual(try office.post(path + "/end", [], csrf: csrf).status, 303)
        let ended = try office.get(path)
        XCTAssertTrue(ended.text.contains("已结束"))
        XCTAssertFalse(ended.text.contains("/end\""), "nothing left to do")
        let again = try office.post(path + "/end", [], csrf: csrf)
        XCTAssertEqual(again.status, 422, "wrong order")
        XCTAssertTrue(again.text.contains("结束任职未完成"))
        XCTAssertEqual(try browser("xiling").get(path).status, 404, "another town's enterprise")
        XCTAssertEqual(try browser("inspector1").post(path + "/end", [], csrf: csrf).status, 403)

        let town = try browser("dongcheng")
        let townCSRF = try XCTUnwrap(WebBrowser.csrf(try town.get("/training/leader-sessions/new")))
        let sessions = try count("training_leader_sessions")
        let bad = try town.post("/training/leader-sessions/new", [("topic", "学习习近平总书记关于安全生产的重要论述"), ("held_on", "2024-06-01"), ("class_hours", "2"), ("attendees", "0")], csrf: townCSRF)
        XCTAssertEqual(bad.status, 422)
        XCTAssertTrue(bad.text.contains("登记领导干部学习未完成"))
        XCTAssertEqual(try count("training_leader_sessions"), sessions)
        let session = try town.post("/training/leader-sessions/new", [("topic", "学习习近平总书记关于安全生产的重要论述"), ("held_on", "2024-06-01"), ("class_hours", "2"), ("attendees", "15")], csrf: townCSRF)
        XCTAssertEqual(session.status, 303, session.text)
        let page = try town.get(try XCTUnwrap(session.location))
        XCTAssertTrue(page.text.contains("东城镇"), "a town's own by default")
        XCTAssertTrue(page.text.contains("学习记录已登记"))
        XCTAssertEqual(try browser("qiye").get("/training/leader-sessions/new").status, 403)
    }
}
