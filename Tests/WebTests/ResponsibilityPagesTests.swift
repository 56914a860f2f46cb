// The 责任体系 pages over the real server on the demo's 2024: each page for a role that may open it
// and one that may not (403 page), a department's line from 签收 through 进展 with a file and 报送完成
// to the office's 核验办结, the wrong order (nothing written), a line out of scope (404, nothing of
// it shown), a bad file, importing a plan through its preview, designating a 有关 clause's units.
import Foundation
import Kernel
import TestSupport
import XCTest

final class ResponsibilityPagesTests: WebPagesTestCase {
    /// The ids of the lines a page links to.
    func lineIDs(_ page: HTTPReply) -> [Int] {
        page.text.components(separatedBy: "href=\"/responsibilities/ledger/").dropFirst().compactMap { Int($0.prefix { $0.isNumber }) }
    }

    /// The API as `user` (to find records and to check that nothing was written).
    func api(_ user: String) throws -> HTTPClient { server.client(token: try test.token(for: user)) }

    // MARK: - Who may open what

    func testEachPageForTheRolesThatMayAndA403ForThoseThatMayNot() throws {
        let everyone = ["/responsibilities/ledger", "/responsibilities/ledger?status=assigned&colour=red", "/responsibilities/tasks", "/responsibilities/plans",
                        "/responsibilities/chains", "/responsibilities/chains/check"]
        let office = ["/responsibilities/designations", "/responsibilities/designations?status=pending", "/responsibilities/plans/import",
                      "/responsibilities/leader-lists", "/responsibilities/leader-lists?year=2024&missing=true", "/responsibilities/unit-lists",
                      "/responsibilities/unit-lists/diff", "/responsibilities/designations/export"]
        let allowed: [String: [String]] = [
            "anweiban": everyone + office, "admin": everyone + office,
            "fgj": everyone + ["/responsibilities/unit-lists", "/responsibilities/unit-lists/diff"],
            "yjj": everyone + ["/responsibilities/unit-lists", "/responsibilities/unit-lists/diff"],
            "dongcheng": everyone, "inspector1": [], "qiye": [],
        ]
        let all = Set(everyone + office)
        for (user, paths) in allowed {
            let browser = try browser(user)
            for path in paths {
                let page = try browser.get(path)
                XCTAssertEqual(page.status, 200, "\(user) \(path): \(page.text.prefix(300))")
                if !path.contains("/export") { XCTAssertLessThan(page.body.count, 60 * 1024, "\(user) \(path)") }
            }
            for path in all.subtracting(paths) where !path.contains("?") {
                let page = try browser.get(path)
                XCTAssertEqual(page.status, 403, "\(user) \(path)")
                XCTAssertTrue(page.text.contains("无权使用此页面"), "\(user) \(path)")
            }
            let home = try browser.get("/").text
            XCTAssertEqual(home.contains("<h2>责任体系</h2>"), !paths.isEmpty, "\(user): the menu section only for who may use it")
            XCTAssertEqual(home.contains("href=\"/responsibilities/designations\""), paths.contains("/responsibilities/designations"), user)
        }
        for path in ["/responsibilities/ledger/export", "/responsibilities/tasks/export"] {
            XCTAssertEqual(try browser("inspector1").get(path).status, 403)
        }
        let csv = try browser("yjj").get("/responsibilities/ledger/export?status=assigned")
        XCTAssertEqual(csv.header("Content-Type"), "text/csv; charset=utf-8")
        XCTAssertTrue(csv.text.contains("id,task_id"), csv.text.prefix(100).description)
        XCTAssertTrue(csv.text.contains("区应急管理局"))
        XCTAssertFalse(csv.text.contains("东城镇"), "a unit's export holds only its own lines")
    }

    func testTheLedgerIsScopedFilteredAndPaged() throws {
        let fgj = try browser("fgj")
        let page = try fgj.get("/responsibilities/ledger")
        XCTAssertTrue(page.text.contains("区发改局"))
        XCTAssertFalse(page.text.contains("东城镇</td>"), "a unit sees its own lines")
        XCTAssertTrue(page.text.contains("class=\"dot dot-"), "the colour dot with its reason")
        XCTAssertTrue(page.text.contains("<label for=\"filter-status\">"), "every filter labelled")
        let office = try browser("anweiban")
        let first = try office.get("/responsibilities/ledger")
        XCTAssertEqual(lineIDs(first).count, 20)
        let next = try XCTUnwrap(first.text.components(separatedBy: "rel=\"next\"").first?.components(separatedBy: "href=\"").last?.prefix { $0 != "\"" })
        let second = try office.get(String(next).replacingOccurrences(of: "&amp;", with: "&"))
        XCTAssertEqual(second.status, 200)
        XCTAssertTrue(Set(lineIDs(second)).isDisjoint(with: lineIDs(first)), "the next page goes on")
        let red = try office.get("/responsibilities/ledger?colour=red")
        XCTAssertFalse(red.text.contains("dot-green"))
        XCTAssertTrue(red.text.contains("dot-red"))
        let bad = try office.get("/responsibilities/ledger?period=" + String(repeating: "9", count: 30))
        XCTAssertEqual(bad.status, 422)
        XCTAssertTrue(bad.text.contains("筛选条件有误"))
    }

    // MARK: - A line from 签收 to 办结

    func testADepartmentSignsReportsWithAFileCompletesAndTheOfficeVerifies() throws {
        let fgj = try browser("yjj")
        let id = try XCTUnwrap(lineIDs(try fgj.get("/responsibilities/ledger?status=assigned")).first, "yjj has a line to sign in the demo")
        let path = "/responsibilities/ledger/\(id)"
        var page = try fgj.get(path)
        XCTAssertEqual(page.status, 200)
        XCTAssertTrue(page.text.contains("action=\"\(path)/actions/sign\""))
        XCTAssertFalse(page.text.contains("/actions/complete\""), "only what the state allows")
        XCTAssertFalse(page.text.contains("/actions/verify\""), "never the office's actions")
        let csrf = try XCTUnwrap(WebBrowser.csrf(page))

        XCTAssertEqual(try fgj.postMultipart("\(path)/actions/sign", [], file: nil, csrf: csrf).location, "\(path)?done=sign")
        page = try fgj.get("\(path)?done=sign")
        XCTAssertTrue(page.text.contains("签收已完成"))
        XCTAssertTrue(page.text.contains("/actions/progress\"") && page.text.contains("/actions/complete\""))

        let progress = try fgj.postMultipart("\(path)/actions/progress", [("percent", "60"), ("text", "已召开部署会")],
                                             file: ("file", "部署会照片.png", "image/png", tinyPNG), csrf: csrf)
        XCTAssertEqual(progress.status, 303, progress.text)
        page = try fgj.get(path)
        XCTAssertTrue(page.text.contains("已召开部署会"))
        XCTAssertTrue(page.text.contains("60%"))
        XCTAssertTrue(page.text.contains("<td>区应急管理局 联络员</td>"), "who acted, by name, not by username")
        XCTAssertFalse(page.text.contains("<td>yjj</td>"))
        let link = try XCTUnwrap(page.text.components(separatedBy: "href=\"/responsibilities/attachments/").dropFirst().first?.prefix { $0 != "\"" })
        let file = try fgj.get("/responsibilities/attachments/\(link)")
        XCTAssertEqual(file.status, 200)
        XCTAssertEqual(file.header("Content-Type"), "image/png")
        XCTAssertEqual(file.body, tinyPNG)

        XCTAssertEqual(try fgj.postMultipart("\(path)/actions/complete", [("text", "已全部完成")], file: nil, csrf: csrf).status, 303)
        page = try fgj.get(path)
        XCTAssertTrue(page.text.contains("已报完成"))
        XCTAssertTrue(page.text.contains("当前状态下您没有可办理的事项"), "a unit does not verify")
        let refused = try fgj.postMultipart("\(path)/actions/verify", [], file: nil, csrf: csrf)
        XCTAssertEqual(refused.status, 403)

        let office = try browser("anweiban")
        page = try office.get(path)
        XCTAssertTrue(page.text.contains("/actions/verify\"") && page.text.contains("/actions/return\""))
        let officeCSRF = try XCTUnwrap(WebBrowser.csrf(page))
        let noReason = try office.postMultipart("\(path)/actions/return", [], file: nil, csrf: officeCSRF)
        XCTAssertEqual(noReason.status, 422)
        XCTAssertTrue(noReason.text.contains("退回未完成"))
        XCTAssertEqual(try office.postMultipart("\(path)/actions/verify", [], file: nil, csrf: officeCSRF).location, "\(path)?done=verify")
        page = try office.get(path)
        XCTAssertTrue(page.text.contains("已办结"))
        XCTAssertTrue(page.text.contains("核验办结"))
        let line = try api("anweiban").get("/api/v1/responsibilities/ledger/\(id)").json
        XCTAssertEqual(line["status"]?.stringValue, "closed")
        XCTAssertEqual(line["history"]?.arrayValue?.count, 4)
    }

    func testTheHomePageListsTheLinesWaitingAndLinksToTheirPages() throws {
        let yjj = try browser("yjj")
        let home = try yjj.get("/")
        XCTAssertTrue(home.text.contains("待签收："), "lines to sign on a department's 待办")
        let waiting = lineIDs(home)
        XCTAssertFalse(waiting.isEmpty, "each linked to its line's page")
        for id in waiting.prefix(3) { XCTAssertEqual(try yjj.get("/responsibilities/ledger/\(id)").status, 200) }
        XCTAssertFalse(try browser("inspector1").get("/").text.contains("/responsibilities/ledger/"), "an inspector has no lines")
        XCTAssertFalse(try browser("qiye").get("/").text.contains("/responsibilities/ledger/"))
        let cli = test.cli(["overview", "--as", "yjj", "--json"])
        XCTAssertEqual(cli.code, 0, cli.err)
        XCTAssertTrue(cli.out.contains("line_to_sign") && cli.out.contains("/api/v1/responsibilities/ledger/"), "the CLI lists the same")
        // A line reported complete waits for the office's 核验办结, not the unit's.
        let id = try XCTUnwrap(lineIDs(try yjj.get("/responsibilities/ledger?status=assigned")).first)
        let csrf = try XCTUnwrap(WebBrowser.csrf(try yjj.get("/responsibilities/ledger/\(id)")))
        XCTAssertEqual(try yjj.postMultipart("/responsibilities/ledger/\(id)/actions/sign", [], file: nil, csrf: csrf).status, 303)
        XCTAssertEqual(try yjj.postMultipart("/responsibilities/ledger/\(id)/actions/complete", [("text", "已完成")], file: nil, csrf: csrf).status, 303)
        XCTAssertFalse(lineIDs(try yjj.get("/")).contains(id))
        let office = try browser("anweiban").get("/")
        XCTAssertTrue(office.text.contains("待核验办结："))
        XCTAssertTrue(lineIDs(office).contains(id))
    }

    func testTheWrongOrderShowsTheReasonAndWritesNothing() throws {
        let fgj = try browser("yjj")
        let id = try XCTUnwrap(lineIDs(try fgj.get("/responsibilities/ledger?status=assigned")).first)
        let path = "/responsibilities/ledger/\(id)"
        let csrf = try XCTUnwrap(WebBrowser.csrf(try fgj.get(path)))
        let page = try fgj.postMultipart("\(path)/actions/complete", [("text", "已完成")], file: nil, csrf: csrf)
        XCTAssertEqual(page.status, 422)
        XCTAssertTrue(page.text.contains("报送完成未完成"), page.text)
        XCTAssertTrue(page.text.contains("待签收"))
        let line = try api("yjj").get("/api/v1/responsibilities/ledger/\(id)").json
        XCTAssertEqual(line["status"]?.stringValue, "assigned")
        XCTAssertEqual(line["history"]?.arrayValue?.count, 0)
        // Without the form's token nothing happens either.
        XCTAssertEqual(try fgj.post("\(path)/actions/sign", [], csrf: nil).status, 403)
        XCTAssertEqual(try api("yjj").get("/api/v1/responsibilities/ledger/\(id)").json["status"]?.stringValue, "assigned")
    }

    func testALineOutOfScopeIsNotFoundAndShowsNothingOfIt() throws {
        let other = try XCTUnwrap(try api("anweiban").get("/api/v1/responsibilities/ledger?territory_id=\(APIResponse.percentEncode("东城镇"))&limit=1").json["items"]?.arrayValue?.first)
        let id = try XCTUnwrap(other["id"]?.intValue)
        let title = try XCTUnwrap(other["task_title"]?.stringValue)
        let fgj = try browser("fgj")
        let page = try fgj.get("/responsibilities/ledger/\(id)")
        XCTAssertEqual(page.status, 404)
        XCTAssertTrue(page.text.contains("未找到"))
        XCTAssertFalse(page.text.contains(title))
        XCTAssertFalse(page.text.contains("东城镇"))
        let csrf = try fgj.csrf(from: "/responsibilities/ledger")
        let acted = try fgj.postMultipart("/responsibilities/ledger/\(id)/actions/sign", [], file: nil, csrf: csrf)
        XCTAssertEqual(acted.status, 404)
        XCTAssertFalse(acted.text.contains(title))
        XCTAssertEqual(try fgj.get("/responsibilities/ledger/999999").status, 404)
        XCTAssertEqual(try browser("dongcheng").get("/responsibilities/ledger/\(id)").status, 200, "its town sees it")
    }

    func testABadFileIsRefusedWithItsReasonAndNothingIsWritten() throws {
        let fgj = try browser("yjj")
        let id = try XCTUnwrap(lineIDs(try fgj.get("/responsibilities/ledger?status=assigned")).first)
        let path = "/responsibilities/ledger/\(id)"
        let csrf = try XCTUnwrap(WebBrowser.csrf(try fgj.get(path)))
        XCTAssertEqual(try fgj.postMultipart("\(path)/actions/sign", [], file: nil, csrf: csrf).status, 303)
        let program: [UInt8] = [0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0x00, 0x00]
        let page = try fgj.postMultipart("\(path)/actions/progress", [("percent", "30"), ("text", "进展")],
                                         file: ("file", "tool.exe", "application/octet-stream", program), csrf: csrf)
        XCTAssertEqual(page.status, 422)
        XCTAssertTrue(page.text.contains("报送进展未完成"), page.text)
        XCTAssertTrue(page.text.contains("附件1"), page.text)
        let percent = try fgj.postMultipart("\(path)/actions/progress", [("percent", "130"), ("text", "进展")], file: nil, csrf: csrf)
        XCTAssertEqual(percent.status, 422)
        let line = try api("yjj").get("/api/v1/responsibilities/ledger/\(id)").json
        XCTAssertEqual(line["status"]?.stringValue, "signed")
        XCTAssertEqual(line["history"]?.arrayValue?.count, 1, "only the 签收")
    }

    // MARK: - A plan through its preview, a 有关 clause designated

    static let plan = """
        区安全生产委员会2025年工作要点
        一、强化责任落实
        (一)开展燃气安全专项检查。年底前完成全区燃气安全隐患排查整治。(责任单位:区发改局牵头,区安委会有关成员单位协同)
        (二)做好汛期值班值守。12月底前修订防汛应急预案。(责任单位:区应急管理局)
        """

    func testTheOfficeImportsAPlanThroughItsPreviewAndDesignatesTheUnits() throws {
        XCTAssertEqual(try browser("fgj").get("/responsibilities/plans/import").status, 403)
        let office = try browser("anweiban")
        let form = try office.get("/responsibilities/plans/import")
        XCTAssertEqual(form.status, 200)
        let csrf = try XCTUnwrap(WebBrowser.csrf(form))
        let before = try api("anweiban").get("/api/v1/responsibilities/plans").json["items"]?.arrayValue?.count

        let preview = try office.postMultipart("/responsibilities/plans/import", [("year", "2025"), ("text", Self.plan), ("step", "preview")], file: nil, csrf: csrf)
        XCTAssertEqual(preview.status, 200, preview.text)
        XCTAssertTrue(preview.text.contains("预览（未写入）"))
        XCTAssertTrue(preview.text.contains("待明确"), "the 有关 clause's warning")
        XCTAssertTrue(preview.text.contains("区安委会有关成员单位"))
        XCTAssertTrue(preview.text.contains("开展燃气安全专项检查"))
        XCTAssertTrue(preview.text.contains("value=\"confirm\""))
        XCTAssertEqual(try api("anweiban").get("/api/v1/responsibilities/plans").json["items"]?.arrayValue?.count, before, "a preview writes nothing")
        let previewed = try XCTUnwrap(preview.text.components(separatedBy: "name=\"previewed\" value=\"").dropFirst().first?.prefix { $0 != "\"" })

        // A text changed after its preview is previewed again, not imported.
        let changed = try office.postMultipart("/responsibilities/plans/import", [("year", "2025"), ("text", Self.plan + "\n(三)新增任务。(责任单位:区应急管理局)"),
                                                                                  ("previewed", String(previewed)), ("step", "confirm")], file: nil, csrf: csrf)
        XCTAssertEqual(changed.status, 422)
        XCTAssertTrue(changed.text.contains("预览后有改动"))
        XCTAssertEqual(try api("anweiban").get("/api/v1/responsibilities/plans").json["items"]?.arrayValue?.count, before)

        let done = try office.postMultipart("/responsibilities/plans/import", [("year", "2025"), ("text", Self.plan), ("previewed", String(previewed)), ("step", "confirm")],
                                            file: nil, csrf: csrf)
        XCTAssertEqual(done.status, 303, done.text)
        let planPath = try XCTUnwrap(done.location?.components(separatedBy: "?").first)
        let planPage = try office.get(try XCTUnwrap(done.location))
        XCTAssertTrue(planPage.text.contains("工作要点已导入"))
        XCTAssertTrue(planPage.text.contains("（待明确）") || planPage.text.contains("区发改局"))

        let list = try office.get("/responsibilities/designations?status=pending")
        XCTAssertTrue(list.text.contains("开展燃气安全专项检查"))
        let designations = try api("anweiban").get("/api/v1/responsibilities/designations?status=pending").json["items"]?.arrayValue ?? []
        let designation = try XCTUnwrap(designations.first { $0["task_title"]?.stringValue?.contains("燃气") == true })
        let id = try XCTUnwrap(designation["id"]?.intValue)
        XCTAssertEqual(try browser("fgj").get("/responsibilities/designations/\(id)").status, 403)
        let page = try office.get("/responsibilities/designations/\(id)")
        XCTAssertTrue(page.text.contains("type=\"checkbox\""))
        XCTAssertTrue(page.text.contains("区应急管理局</label>"), "units picked by name")

        let nothing = try office.post("/responsibilities/designations/\(id)", [], csrf: csrf)
        XCTAssertEqual(nothing.status, 422)
        XCTAssertTrue(nothing.text.contains("请至少勾选"))
        let designated = try office.post("/responsibilities/designations/\(id)", [("units", "区应急管理局"), ("note", "经主任会议研究")], csrf: csrf)
        XCTAssertEqual(designated.status, 303, designated.text)
        let task = try office.get(try XCTUnwrap(designated.location))
        XCTAssertTrue(task.text.contains("已明确有关单位"))
        XCTAssertTrue(task.text.contains("区应急管理局"))
        let taskID = try XCTUnwrap(designation["task_id"]?.intValue)
        XCTAssertEqual(try browser("yjj").get("/responsibilities/ledger?task_id=\(taskID)").text.contains("协同"), true, "yjj now has its line")
        XCTAssertEqual(try office.post("/responsibilities/designations/\(id)", [("units", "区住建局")], csrf: csrf).status, 422, "once only")

        // The office withdraws the plan; a unit cannot.
        let planID = try XCTUnwrap(Int(planPath.split(separator: "/").last ?? ""))
        XCTAssertEqual(try browser("fgj").post("\(planPath)/withdraw", [("reason", "误导入")], csrf: try browser("fgj").csrf(from: "/responsibilities/plans")).status, 403)
        let withdrawn = try office.post("\(planPath)/withdraw", [("reason", "误导入了征求意见稿")], csrf: csrf)
        XCTAssertEqual(withdrawn.location, "\(planPath)?done=withdraw")
        XCTAssertNotNil(try api("anweiban").get("/api/v1/responsibilities/plans/\(planID)").json["withdrawn_on"]?.stringValue)
    }

    /// The value of the hidden field `name` in a page.
    func hidden(_ page: HTTPReply, _ name: String) -> String? {
        page.text.components(separatedBy: "name=\"\(name)\" value=\"").dropFirst().first.map { String($0.prefix { $0 != "\"" }) }
    }

    func testAPlanFileIsPreviewedThenImportedAndAFileThatIsNoPlanIsRefused() throws {
        let office = try browser("anweiban")
        let csrf = try office.csrf(from: "/responsibilities/plans/import")
        let before = try api("anweiban").get("/api/v1/responsibilities/plans").json["items"]?.arrayValue?.count
        let picture = try office.postMultipart("/responsibilities/plans/import", [("year", "2025")], file: ("file", "照片.png", "image/png", tinyPNG), csrf: csrf)
        XCTAssertEqual(picture.status, 422)
        XCTAssertTrue(picture.text.contains("无法读取该计划"), picture.text)
        XCTAssertFalse(picture.text.contains("确认导入</button>"))
        let noYear = try office.postMultipart("/responsibilities/plans/import", [("text", Self.plan)], file: nil, csrf: csrf)
        XCTAssertEqual(noYear.status, 422)
        XCTAssertTrue(noYear.text.contains("年度") || noYear.text.contains("year"), noYear.text)

        let preview = try office.postMultipart("/responsibilities/plans/import", [("year", "2025")],
                                               file: ("file", "2025工作要点.txt", "text/plain", Array(Self.plan.utf8)), csrf: csrf)
        XCTAssertEqual(preview.status, 200, preview.text)
        XCTAssertTrue(preview.text.contains("预览（未写入）"))
        let encoded = try XCTUnwrap(hidden(preview, "content_base64"), "the file travels to the confirmation")
        let previewed = try XCTUnwrap(hidden(preview, "previewed"))
        XCTAssertEqual(try api("anweiban").get("/api/v1/responsibilities/plans").json["items"]?.arrayValue?.count, before)
        let done = try office.postMultipart("/responsibilities/plans/import", [("step", "confirm"), ("previewed", previewed), ("year", "2025"),
                                                                              ("content_base64", encoded), ("source_name", "2025工作要点.txt")], file: nil, csrf: csrf)
        XCTAssertEqual(done.status, 303, done.text)
        let plan = try office.get(try XCTUnwrap(done.location))
        XCTAssertTrue(plan.text.contains("2025工作要点.txt"))
        XCTAssertTrue(plan.text.contains("做好汛期值班值守"))
    }

    func testTheTaskPageAddsAndRemovesAUnitForTheOfficeOnly() throws {
        let office = try browser("anweiban")
        let tasks = try api("anweiban").get("/api/v1/responsibilities/tasks?limit=200").json["items"]?.arrayValue ?? []
        let id = try XCTUnwrap(tasks.first { $0["title"]?.stringValue?.contains("治本攻坚三年行动具体工作安排") == true }?["id"]?.intValue, "the towns' task")
        let page = try office.get("/responsibilities/tasks/\(id)")
        XCTAssertEqual(page.status, 200)
        XCTAssertLessThan(page.body.count, 60 * 1024)
        XCTAssertTrue(page.text.contains("/actions/add-unit\""))
        let csrf = try XCTUnwrap(WebBrowser.csrf(page))
        let added = try office.post("/responsibilities/tasks/\(id)/actions/add-unit", [("unit", "区住建局"), ("due", "2024-12-31"), ("reason", "职能调整")], csrf: csrf)
        XCTAssertEqual(added.status, 303, added.text)
        XCTAssertTrue(try office.get(try XCTUnwrap(added.location)).text.contains("已增加责任单位"))
        let both = try office.post("/responsibilities/tasks/\(id)/actions/add-unit", [], csrf: csrf)
        XCTAssertEqual(both.status, 422)
        XCTAssertTrue(both.text.contains("增加责任单位未完成"))
        let removed = try office.post("/responsibilities/tasks/\(id)/actions/remove-unit", [("unit", "区住建局"), ("reason", "误加")], csrf: csrf)
        XCTAssertEqual(removed.status, 303, removed.text)

        let fgj = try browser("fgj")
        let theirs = try fgj.get("/responsibilities/tasks/\(id)")
        XCTAssertFalse(theirs.text.contains("/actions/add-unit\""))
        XCTAssertEqual(try fgj.post("/responsibilities/tasks/\(id)/actions/add-unit", [("unit", "区发改局")], csrf: try XCTUnwrap(WebBrowser.csrf(theirs))).status, 403)
    }

    func testTheListsAndChainsPages() throws {
        let office = try browser("anweiban")
        let csrf = try office.csrf(from: "/responsibilities/chains")
        let chain = try office.post("/responsibilities/chains", [("name", "燃气"), ("links", "生产：区应急管理局\n储存：\n使用：区住建局、区应急管理局；区市场监管局")], csrf: csrf)
        XCTAssertEqual(chain.status, 303, chain.text)
        let page = try office.get(try XCTUnwrap(chain.location))
        XCTAssertTrue(page.text.contains("链条已建立"))
        XCTAssertTrue(page.text.contains("环节无责任单位"), "the gap")
        XCTAssertTrue(try office.get("/responsibilities/chains/check").text.contains("环节有多个牵头单位"), "the overlap")
        let noName = try office.post("/responsibilities/chains", [("links", "生产：区应急管理局")], csrf: csrf)
        XCTAssertEqual(noName.status, 422)
        XCTAssertTrue(try browser("dongcheng").get(try XCTUnwrap(chain.location)).text.contains("燃气"), "a town reads chains")

        let leaders = try office.get("/responsibilities/leader-lists?year=2024")
        XCTAssertEqual(leaders.status, 200)
        XCTAssertTrue(leaders.text.contains("截止日期"))
        let bad = try office.post("/responsibilities/leader-lists", [("kind", "work"), ("year", "2024"), ("person_id", "不存在的人"), ("content", "清单")], csrf: csrf)
        XCTAssertEqual(bad.status, 422)
        XCTAssertTrue(bad.text.contains("登记未完成"))
        let diff = try office.get("/responsibilities/unit-lists/diff?unit_id=12&kind=threeManages&from=1&to=2")
        XCTAssertTrue([200, 404, 422].contains(diff.status), "\(diff.status)")
        XCTAssertTrue(diff.text.contains("<label for=\"diff-from\">"))
    }
}
