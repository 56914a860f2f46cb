// Triage of tip-offs through the pages, over the real server: a tip-off's page, registering a hazard
// from it, linking it to a hazard by code, dismissing it (and the reporter contesting), recording a
// reward; for the office and a town in its own territory; 403 for other roles, 404 out of scope.
import Foundation
import Kernel
import TestSupport
import XCTest

final class TipOffTriagePageTests: WebPagesTestCase {
    /// A member of the public submits a tip-off in `town`; its id and the browser holding the key.
    func submit(_ text: String, place: String, town: String = "东城镇") throws -> (id: Int64, phone: WebBrowser) {
        let phone = WebBrowser(port: server.port)
        let form = try phone.get("/tipoff")
        let sent = try phone.postMultipart("/tipoff", [("text", text), ("place", place), ("territory_id", town)], file: nil, csrf: WebBrowser.csrf(form) ?? "")
        XCTAssertEqual(sent.status, 303)
        let id = try XCTUnwrap(try test.core.read { try $0.scalarInt("SELECT max(id) FROM hazards_tipoffs") })
        return (id, phone)
    }

    func status(_ id: Int64) throws -> String? {
        try test.core.read { try $0.queryOne("SELECT status FROM hazards_tipoffs WHERE id = ?", [id])?.string("status") }
    }

    func testTheOfficeRegistersAHazardFromATipOffThenRecordsTheReward() throws {
        let (id, _) = try submit("小区地下车库堆放大量液化气钢瓶", place: "东城镇幸福小区")
        let office = WebBrowser(port: server.port)
        try office.signIn("anweiban")
        let list = try office.get("/tipoffs")
        XCTAssertTrue(list.text.contains("<a href=\"/tipoffs/\(id)\">办理</a>"))
        let page = try office.get("/tipoffs/\(id)")
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.text.contains("小区地下车库堆放大量液化气钢瓶"))
        for verb in ["link", "create-hazard", "dismiss"] { XCTAssertTrue(page.text.contains("action=\"/tipoffs/\(id)/actions/\(verb)\""), verb) }
        XCTAssertFalse(page.text.contains("actions/reward\""), "a reward only once it became a hazard")
        let csrf = try XCTUnwrap(WebBrowser.csrf(page))

        let early = try office.post("/tipoffs/\(id)/actions/reward", [("decision", "举报属实，给予奖励")], csrf: csrf)
        XCTAssertEqual(early.status, 422, "wrong order")
        XCTAssertTrue(early.text.contains("不能登记奖励决定"))
        let incomplete = try office.post("/tipoffs/\(id)/actions/create-hazard", [("grade", "general"), ("place", "东城镇幸福小区")], csrf: csrf)
        XCTAssertEqual(incomplete.status, 422)
        XCTAssertTrue(incomplete.text.contains("立为隐患未完成"))
        XCTAssertEqual(try status(id), "received", "nothing written")

        let unit = try XCTUnwrap(try test.core.read { try $0.scalarInt("SELECT id FROM registry_units WHERE name = '区燃气安全办'") })
        let made = try office.post("/tipoffs/\(id)/actions/create-hazard", [("grade", "general"), ("place", "东城镇幸福小区"), ("sector", "gas"),
                                                                            ("supervising_unit_id", String(unit)), ("deadline", "2024-07-15")], csrf: csrf)
        XCTAssertEqual(made.status, 303, made.text)
        let after = try office.get(try XCTUnwrap(made.location))
        XCTAssertTrue(after.text.contains("立为隐患已完成"))
        let hazard = try XCTUnwrap(after.text.components(separatedBy: "<dt>对应隐患</dt><dd><a href=\"/hazards/").dropFirst().first.map { String($0.prefix { $0.isNumber }) })
        let hazardPage = try office.get("/hazards/\(hazard)")
        XCTAssertTrue(hazardPage.text.contains("由群众举报立案"))
        XCTAssertFalse(hazardPage.text.contains("from tipoff"))

        let blank = try office.post("/tipoffs/\(id)/actions/reward", [("amount", "500")], csrf: csrf)
        XCTAssertEqual(blank.status, 422)
        XCTAssertEqual(try office.post("/tipoffs/\(id)/actions/reward", [("decision", "举报属实，给予奖励"), ("amount", "500")], csrf: csrf).status, 303)
        let rewarded = try office.get("/tipoffs/\(id)")
        XCTAssertTrue(rewarded.text.contains("举报属实，给予奖励（500 元）"))
        XCTAssertTrue(rewarded.text.contains("区安委办 工作人员"), "who triaged, by name")
        let again = try office.post("/tipoffs/\(id)/actions/dismiss", [("reason", "x")], csrf: csrf)
        XCTAssertEqual(again.status, 422, "triaged once")
    }

    func testATownLinksItsTipOffToAHazardByCodeAndAnotherTownsIsNotFound() throws {
        let (own, _) = try submit("人民路口护栏缺失", place: "东城镇人民路口")
        let (foreign, _) = try submit("西岭镇粮站粉尘堆积严重", place: "西岭镇粮站", town: "西岭镇")
        let town = WebBrowser(port: server.port)
        try town.signIn("dongcheng")
        let csrf = try town.csrf()
        let refused = try town.get("/tipoffs/\(foreign)")
        XCTAssertEqual(refused.status, 404)
        XCTAssertFalse(refused.text.contains("西岭镇粮站"))
        let acted = try town.post("/tipoffs/\(foreign)/actions/dismiss", [("reason", "x")], csrf: csrf)
        XCTAssertEqual(acted.status, 404)
        XCTAssertFalse(acted.text.contains("西岭镇粮站"))
        XCTAssertEqual(try status(foreign), "received")

        let register = try town.get("/hazards?status=open")
        let hazardID = try XCTUnwrap(register.text.components(separatedBy: "href=\"/hazards/").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }.first)
        let code = try XCTUnwrap(try town.get("/hazards/\(hazardID)").text.components(separatedBy: "<h1>隐患 ").dropFirst().first.map { String($0.prefix { $0 != "<" }) })
        let wrong = try town.post("/tipoffs/\(own)/actions/link", [("hazard_id", "YH-2099-000001")], csrf: csrf)
        XCTAssertEqual(wrong.status, 422)
        XCTAssertTrue(wrong.text.contains("未找到编号为 YH-2099-000001 的隐患"))
        let done = try town.post("/tipoffs/\(own)/actions/link", [("hazard_id", code)], csrf: csrf)
        XCTAssertEqual(done.status, 303)
        let linked = try town.get(try XCTUnwrap(done.location))
        XCTAssertTrue(linked.text.contains("并入已有隐患已完成"))
        XCTAssertTrue(linked.text.contains("<a href=\"/hazards/\(hazardID)\">查看隐患</a>"))
    }

    func testADismissalContestedByTheReporterComesBackToTriage() throws {
        let (id, phone) = try submit("商铺违规使用液化气钢瓶", place: "东城镇商业街8号")
        let office = WebBrowser(port: server.port)
        try office.signIn("anweiban")
        let csrf = try office.csrf()
        let blank = try office.post("/tipoffs/\(id)/actions/dismiss", [("reason", "")], csrf: csrf)
        XCTAssertEqual(blank.status, 422, "a dismissal gives its reason")
        XCTAssertEqual(try status(id), "received")
        XCTAssertEqual(try office.post("/tipoffs/\(id)/actions/dismiss", [("reason", "经核查，该商铺已改用管道燃气")], csrf: csrf).status, 303)
        XCTAssertTrue(try office.get("/tipoffs/\(id)").text.contains("经核查，该商铺已改用管道燃气"))

        let progress = try phone.get("/tipoff/progress")
        XCTAssertTrue(progress.text.contains("经核查，该商铺已改用管道燃气"))
        XCTAssertEqual(try phone.post("/tipoff/contest", [("note", "商铺仍在使用液化气钢瓶")], csrf: WebBrowser.csrf(progress)).status, 303)

        let back = try office.get("/tipoffs/\(id)")
        XCTAssertTrue(back.text.contains("举报人对不予立案提出申诉"))
        XCTAssertTrue(back.text.contains("商铺仍在使用液化气钢瓶"))
        XCTAssertTrue(back.text.contains("action=\"/tipoffs/\(id)/actions/create-hazard\""), "triage again")
        XCTAssertTrue(try office.get("/tipoffs?status=received").text.contains("<a href=\"/tipoffs/\(id)\">办理</a>"))
    }

    func testOtherRolesAre403AndSignedOutGoesToSignIn() throws {
        let (id, _) = try submit("路灯杆倾斜", place: "东城镇人民路")
        for user in ["yjj", "inspector1", "qiye"] {
            let browser = WebBrowser(port: server.port)
            try browser.signIn(user)
            let page = try browser.get("/tipoffs/\(id)")
            XCTAssertEqual(page.status, 403, user)
            XCTAssertFalse(page.text.contains("路灯杆倾斜"), user)
            XCTAssertEqual(try browser.post("/tipoffs/\(id)/actions/dismiss", [("reason", "x")], csrf: browser.csrf()).status, 403, user)
        }
        XCTAssertEqual(try status(id), "received")
        XCTAssertEqual(try WebBrowser(port: server.port).get("/tipoffs/\(id)").status, 303)
        let office = WebBrowser(port: server.port)
        try office.signIn("anweiban")
        XCTAssertEqual(try office.get("/tipoffs/99999999").status, 404)
        XCTAssertEqual(try office.post("/tipoffs/\(id)/actions/shred", [], csrf: office.csrf()).status, 403)
    }
}
