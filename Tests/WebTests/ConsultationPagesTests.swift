// The 风险会商 pages over the real server: every page for every demo role (403 where the API refuses
// the role), the office recording a meeting through the form and adding risks, decisions and a file,
// a town reading the meeting it attended, bad input and wrong order with nothing written, meetings
// out of scope as 404 pages, the generated agenda, compliance and the meeting kinds.
import Foundation
import Kernel
import TestSupport
import XCTest

final class ConsultationPagesTests: WebPagesTestCase {
    static let roles = ["admin", "anweiban", "fgj", "dongcheng", "inspector1", "qiye"]

    func count(_ table: String) throws -> Int64 {
        try test.core.read { try $0.queryOne("SELECT COUNT(*) AS n FROM \(table)")?.int("n") ?? -1 }
    }

    func unitID(_ name: String) throws -> Int64 {
        try XCTUnwrap(test.core.read { try $0.queryOne("SELECT id FROM registry_units WHERE name = ?", [name])?.int("id") })
    }

    func testEveryPageForEveryRoleAnd403WhereTheAPIRefusesTheRole() throws {
        for user in Self.roles {
            let browser = try browser(user)
            let office = ["admin", "anweiban"].contains(user)
            let expected: [(String, Int)] = [
                ("/consultations/meetings", 200), ("/consultations/meetings?quarter=2024-Q1", 200), ("/consultations/decisions", 200),
                ("/consultations/decisions?status=overdue", 200), ("/consultations/kinds", 200),
                ("/consultations/compliance", ["inspector1", "qiye"].contains(user) ? 403 : 200),
                ("/consultations/agenda", office ? 200 : 403),
                ("/consultations/meetings/new", ["admin", "anweiban", "fgj"].contains(user) ? 200 : 403),
            ]
            for (path, status) in expected {
                let page = try browser.get(path)
                XCTAssertEqual(page.status, status, "\(user) \(path)")
                XCTAssertLessThan(page.body.count, 60 * 1024, "\(user) \(path)")
                if status == 403 { XCTAssertTrue(page.text.contains("无权使用此页面"), "\(user) \(path)") }
            }
            let home = try browser.get("/").text
            XCTAssertEqual(home.contains("href=\"/consultations/agenda\""), office, "\(user): the menu shows only what the role may open")
            XCTAssertEqual(try browser.get("/consultations/decisions/export").status, 200, user)
        }
    }

    func testTheOfficeRecordsAMeetingWithItsAttendeesThenRisksDecisionsAndAFileAndTheTownReadsIt() throws {
        let office = try browser("anweiban")
        let form = try office.get("/consultations/meetings/new")
        XCTAssertTrue(form.text.contains("按生成的议程填入"))
        let fromAgenda = try office.get("/consultations/meetings/new?from_agenda=1")
        XCTAssertTrue(fromAgenda.text.contains("议程已按生成的议程填入"))
        XCTAssertTrue(fromAgenda.text.contains("上次会议决定事项落实情况"))
        let csrf = try XCTUnwrap(WebBrowser.csrf(form))
        let before = try count("consultations_meetings")
        let yjj = try unitID("区应急管理局")

        // Bad input: a day after today, and no convener — Chinese reasons, nothing written.
        let future = try office.post("/consultations/meetings/new", [("kind", "riskConsultation"), ("held_on", "2024-07-01"), ("convener", "王建国"),
                                                                     ("agenda_lines", "通报形势")], csrf: csrf)
        XCTAssertEqual(future.status, 422)
        XCTAssertTrue(future.text.contains("会议未录入"))
        XCTAssertTrue(future.text.contains("晚于今天"))
        XCTAssertTrue(future.text.contains("通报形势"), "what was typed stays")
        XCTAssertEqual(try count("consultations_meetings"), before)

        let made = try office.post("/consultations/meetings/new", [
            ("kind", "riskConsultation"), ("held_on", "2024-06-14"), ("convener", "区安委办主任 王建国"), ("venue", "区应急指挥中心"),
            ("agenda_lines", "通报全区安全生产形势\r\n研判汛期安全风险"), ("attendee_units", String(yjj)), ("attendee_territories", "1"),
            ("people_lines", "李四 记录"), ("absent_territories", "3"),
        ], csrf: csrf)
        XCTAssertEqual(made.status, 303, made.text)
        let path = try XCTUnwrap(made.location).components(separatedBy: "?")[0]
        let id = try XCTUnwrap(Int(path.split(separator: "/").last ?? ""))
        let page = try office.get(path + "?done=record")
        XCTAssertTrue(page.text.contains("会议已录入"))
        XCTAssertTrue(page.text.contains("区应急管理局、东城镇、李四（记录）"))
        XCTAssertTrue(page.text.contains("<dt>应到未到</dt><dd>南湖镇</dd>"))
        XCTAssertTrue(page.text.contains("<li>研判汛期安全风险</li>"))
        XCTAssertTrue(page.text.contains("href=\"/print/meetings/\(id)/minutes\""), "打印会议纪要")
        XCTAssertTrue(page.text.contains("转入本次会议"), "open decisions carried onto it")

        // A risk: without its description refused; then recorded with the units concerned.
        let risks = try count("consultations_risks")
        let noRisk = try office.post(path + "/risks", [("area", "防汛防台"), ("level", "large")], csrf: csrf)
        XCTAssertEqual(noRisk.status, 422)
        XCTAssertTrue(noRisk.text.contains("风险研判未完成"))
        XCTAssertEqual(try count("consultations_risks"), risks)
        XCTAssertEqual(try office.post(path + "/risks", [("area", "防汛防台"), ("level", "large"), ("description", "强降雨引发城市内涝"),
                                                        ("measures", "落实预警叫应"), ("territories", "1")], csrf: csrf).status, 303)
        // A decision: a deadline before the meeting is refused (wrong order); then one the town leads.
        let decisions = try count("consultations_decisions")
        let early = try office.post(path + "/decisions", [("text", "排查低洼地带"), ("lead_territory_id", "1"), ("deadline", "2024-06-01")], csrf: csrf)
        XCTAssertEqual(early.status, 422)
        XCTAssertTrue(early.text.contains("决定事项未完成"))
        XCTAssertEqual(try count("consultations_decisions"), decisions)
        XCTAssertEqual(try office.post(path + "/decisions", [("text", "排查整治低洼地带积水点"), ("lead_territory_id", "1"), ("deadline", "2024-07-15")], csrf: csrf).status, 303)
        XCTAssertEqual(try office.postMultipart(path + "/attachments", [], file: ("file", "签到表.png", "image/png", tinyPNG), csrf: csrf).status, 303)
        let full = try office.get(path)
        XCTAssertTrue(full.text.contains("较大风险"))
        XCTAssertTrue(full.text.contains("强降雨引发城市内涝"))
        XCTAssertTrue(full.text.contains("排查整治低洼地带积水点"))
        XCTAssertTrue(full.text.contains("签到表.png"))
        let file = try office.get(try XCTUnwrap(full.text.components(separatedBy: "href=\"/consultations/meetings/\(id)/attachments/").dropFirst().first.map { "/consultations/meetings/\(id)/attachments/" + $0.prefix { $0.isNumber } }))
        XCTAssertEqual(file.body, tinyPNG)

        // The town attended: it reads the meeting and its decision, but may not add to it.
        let town = try browser("dongcheng")
        let seen = try town.get(path)
        XCTAssertEqual(seen.status, 200)
        XCTAssertTrue(seen.text.contains("排查整治低洼地带积水点"))
        XCTAssertFalse(seen.text.contains("记录决定事项"), "no forms for a town")
        XCTAssertEqual(try town.post(path + "/risks", [("area", "x"), ("level", "low"), ("description", "y")], csrf: try town.csrf()).status, 403)
        let led = try town.get("/consultations/decisions?lead_territory_id=1")
        let decision = try XCTUnwrap(ids(led, "/consultations/decisions/").last)
        let decisionPage = try town.get("/consultations/decisions/\(decision)")
        XCTAssertEqual(decisionPage.status, 200)
        XCTAssertTrue(decisionPage.text.contains("东城镇"))

        // Out of scope: the enterprise and a town neither invited nor leading see a 404 page without the meeting's data.
        for user in ["qiye", "xiling"] {
            let other = try browser(user)
            let refused = try other.get(path)
            XCTAssertEqual(refused.status, 404, user)
            XCTAssertFalse(refused.text.contains("研判汛期安全风险"), user)
            XCTAssertEqual(try other.get("/consultations/meetings/\(id)/attachments/1").status, 404, user)
        }
    }

    func testAMemberUnitMayNotRecordTheOfficesMeetingAndTheFormSaysSo() throws {
        let fgj = try browser("fgj")
        let before = try count("consultations_meetings")
        let refused = try fgj.post("/consultations/meetings/new", [("kind", "riskConsultation"), ("held_on", "2024-06-14"), ("convener", "某某")], csrf: try fgj.csrf())
        XCTAssertEqual(refused.status, 403)
        XCTAssertTrue(refused.text.contains("只有区安委办可录入"))
        XCTAssertEqual(try count("consultations_meetings"), before)
        XCTAssertTrue(try fgj.get("/consultations/meetings/new").text.contains("贵单位不承办专项领导小组办公室"))
        let town = try browser("dongcheng")
        XCTAssertEqual(try town.post("/consultations/meetings/new", [("kind", "riskConsultation")], csrf: try town.csrf()).status, 403)

        // 区应急管理局 hosts the hazardous chemicals group's office: its form offers that group's meeting, which it records.
        let yjj = try browser("yjj")
        let form = try yjj.get("/consultations/meetings/new")
        XCTAssertTrue(form.text.contains("区危险化学品安全专项领导小组"))
        XCTAssertFalse(form.text.contains("区消防安全专项领导小组"), "only the groups it hosts")
        XCTAssertFalse(form.text.contains("value=\"riskConsultation\""), "only special group meetings")
        let groupID = try XCTUnwrap(test.core.read { try $0.queryOne("SELECT id FROM registry_special_groups WHERE name = '区危险化学品安全专项领导小组'")?.int("id") })
        let made = try yjj.post("/consultations/meetings/new", [("kind", "specialGroup"), ("group_id", String(groupID)), ("held_on", "2024-06-13"),
                                                               ("convener", "区应急管理局局长"), ("agenda_lines", "研判危化品企业汛期风险")], csrf: try XCTUnwrap(WebBrowser.csrf(form)))
        XCTAssertEqual(made.status, 303, made.text)
        let compliance = try browser("anweiban").get("/consultations/compliance?quarter=2024-Q2")
        let row = try XCTUnwrap(compliance.text.components(separatedBy: "<tr").first { $0.contains("区危险化学品安全专项领导小组") })
        XCTAssertTrue(row.contains("已召开"), row)
    }

    func testTheAgendaComplianceAndKinds() throws {
        let office = try browser("anweiban")
        let agenda = try office.get("/consultations/agenda")
        XCTAssertTrue(agenda.text.contains("下次会议议程"))
        XCTAssertTrue(agenda.text.contains("上次会议决定事项落实情况"))
        XCTAssertTrue(agenda.text.contains("href=\"/consultations/decisions/"), "carried decisions link to their pages")
        XCTAssertTrue(agenda.text.contains("href=\"/hazards/"), "new major hazards link to theirs")
        XCTAssertFalse(agenda.text.contains("，manufacturing"), "sectors by their Chinese names")
        let future = try office.get("/consultations/agenda?as_of=2030-01-01")
        XCTAssertEqual(future.status, 422)
        XCTAssertTrue(future.text.contains("晚于今天"))

        let compliance = try office.get("/consultations/compliance?quarter=2024-Q1")
        XCTAssertTrue(compliance.text.contains("区农业农村安全专项领导小组"))
        XCTAssertTrue(compliance.text.contains("dot-red"), "the group that missed Q1")
        XCTAssertEqual(try office.get("/consultations/compliance?quarter=2024-Q9").status, 422)

        let kinds = try office.get("/consultations/kinds")
        let csrf = try XCTUnwrap(WebBrowser.csrf(kinds))
        let before = try count("consultations_meeting_kinds")
        let added = try office.post("/consultations/kinds", [("code", "floodSeason"), ("name", "汛期专题会商"), ("body_kind", "office"), ("body_name", "区安委办")], csrf: csrf)
        XCTAssertEqual(added.status, 303, added.text)
        XCTAssertTrue(try office.get("/consultations/kinds?done=add").text.contains("汛期专题会商"))
        let duplicate = try office.post("/consultations/kinds", [("code", "floodSeason"), ("name", "重复"), ("body_kind", "office"), ("body_name", "区安委办")], csrf: csrf)
        XCTAssertNotEqual(duplicate.status, 303)
        XCTAssertTrue(duplicate.text.contains("会议类别未添加"))
        XCTAssertEqual(try count("consultations_meeting_kinds"), before + 1)
        let kindID = try XCTUnwrap(test.core.read { try $0.queryOne("SELECT id FROM consultations_meeting_kinds WHERE code = 'floodSeason'")?.int("id") })
        XCTAssertEqual(try office.post("/consultations/kinds/\(kindID)", [("name", "汛期安全风险专题会商"), ("required_from", "2024-Q3")], csrf: csrf).status, 303)
        XCTAssertTrue(try office.get("/consultations/kinds").text.contains("每季度（自 2024-Q3 起）"))
        let town = try browser("dongcheng")
        let townKinds = try town.get("/consultations/kinds")
        XCTAssertFalse(townKinds.text.contains("添加会议类别"))
        XCTAssertEqual(try town.post("/consultations/kinds", [("code", "x1"), ("name", "x"), ("body_kind", "office"), ("body_name", "x")], csrf: try town.csrf()).status, 403)
        XCTAssertEqual(try count("consultations_meeting_kinds"), before + 1)
    }

    func testHostileTextInAMeetingIsShownAsText() throws {
        let office = try browser("anweiban")
        let made = try office.post("/consultations/meetings/new", [("kind", "riskConsultation"), ("held_on", "2024-06-14"), ("title", "<script>alert(1)</script>会商"),
                                                                  ("convener", "王\"建国<b>"), ("agenda_lines", "<img src=x onerror=alert(1)>")], csrf: try office.csrf())
        XCTAssertEqual(made.status, 303, made.text)
        let page = try office.get(try XCTUnwrap(made.location))
        XCTAssertFalse(page.text.contains("<script>alert(1)"))
        XCTAssertFalse(page.text.contains("<img src=x"))
        XCTAssertTrue(page.text.contains("&lt;script&gt;alert(1)&lt;/script&gt;会商"))
        XCTAssertTrue(page.text.contains("王&quot;建国&lt;b&gt;"))
    }
}
