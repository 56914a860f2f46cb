// The CLI: the same actions and errors as HTTP, with exit codes (2 usage, 3 not found, 5 invalid).
import App
import Consultations
import Kernel
import TestSupport
import XCTest

final class CommandTests: XCTestCase {
    func testRecordingAMeetingFromOptions() throws {
        let test = try TestApplication(demo: true, today: Fixtures.date("2024-06-15"))
        let added = test.cli(["consultations", "meetings", "add", "--kind", "riskConsultation", "--held-on", "2024-06-14", "--ad-hoc", "true",
                              "--convener", "王建国", "--venue", "区应急指挥中心", "--unit", "区应急管理局", "--unit", "区住建局", "--territory", "东城镇",
                              "--person", "李四|记录", "--absent-units", "区水务局", "--agenda", "研判汛期风险",
                              "--risk", "防汛|红|强降雨引发内涝|区水务局|东城镇|落实预警叫应", "--risk", "燃气|蓝|餐饮场所报警装置",
                              "--decision", "完成防汛物资储备|区水务局|2024-06-30", "--decision", "加强值班值守", "--json"])
        XCTAssertEqual(added.code, 0, added.err)
        let meeting = Fixtures.json(added.out)
        XCTAssertEqual(meeting["ad_hoc"], true)
        XCTAssertEqual(meeting["title"], "2024年第2季度安全风险会商研判会议（专题）")
        XCTAssertEqual(meeting["attendees"]?.arrayValue?.map { $0["name"]?.stringValue ?? "" }, ["区应急管理局", "区住房城乡建设局", "东城镇", "李四"], "aliases resolve")
        XCTAssertEqual(meeting["risks"]?.arrayValue?.map { $0["level"]?.stringValue ?? "" }, ["major", "low"])
        XCTAssertEqual(meeting["risks"]?.arrayValue?.first?["bodies"]?.arrayValue?.count, 2)
        XCTAssertEqual(meeting["decisions"]?.arrayValue?.map { $0["status"]?.stringValue ?? "" }, ["open", "noted"])
        let id = try XCTUnwrap(meeting["id"]?.intValue)

        let shown = test.cli(["consultations", "meetings", "show", String(id)])
        XCTAssertEqual(shown.code, 0)
        XCTAssertTrue(shown.out.contains("缺席: 区水务局"), shown.out)
        XCTAssertTrue(shown.out.contains("完成防汛物资储备"))

        let folder = TemporaryFolder()
        let minutes = test.cli(["consultations", "meetings", "minutes", String(id), "--output", folder.file("纪要.html")])
        XCTAssertEqual(minutes.code, 0, minutes.err)
        let html = try String(contentsOfFile: folder.file("纪要.html"), encoding: .utf8)
        XCTAssertTrue(html.hasPrefix("<!DOCTYPE html>"))
        XCTAssertTrue(html.contains("红·重大风险"))

        let decisions = Fixtures.json(test.cli(["consultations", "decisions", "list", "--meeting-id", String(id), "--json"]).out).arrayValue ?? []
        XCTAssertEqual(decisions.count, 2)
        let risk = test.cli(["consultations", "meetings", "risk", String(id), "--area", "消防", "--level", "orange", "--description", "x"])
        XCTAssertEqual(risk.code, 5)
        XCTAssertTrue(risk.err.contains("level"), risk.err)
        XCTAssertEqual(test.cli(["consultations", "meetings", "risk", String(id), "--area", "消防", "--level", "橙", "--description", "电动车充电"]).code, 0)
        XCTAssertEqual(test.cli(["consultations", "meetings", "decide", String(id), "--text", "专项检查", "--lead-unit", "区消防救援大队", "--deadline", "2024-07-31"]).code, 0)
        XCTAssertEqual(test.cli(["consultations", "meetings", "update", String(id), "--minutes", "会议纪要正文"]).code, 0)
        XCTAssertEqual(Fixtures.json(test.cli(["consultations", "meetings", "show", String(id), "--json"]).out)["minutes"], "会议纪要正文")
    }

    func testErrorsAndExitCodes() throws {
        let test = try TestApplication(demo: true, today: Fixtures.date("2024-06-15"))
        let badDate = test.cli(["consultations", "meetings", "add", "--kind", "riskConsultation", "--held-on", "2024-02-30", "--convener", "王"])
        XCTAssertEqual(badDate.code, 5)
        XCTAssertTrue(badDate.err.contains("held_on"), badDate.err)
        XCTAssertEqual(test.cli(["consultations", "meetings", "add", "--kind", "nosuch", "--held-on", "2024-06-01", "--convener", "王"]).code, 5)
        let halfTracked = test.cli(["consultations", "meetings", "add", "--kind", "plenary", "--held-on", "2024-06-01", "--convener", "王", "--decision", "甲|区应急管理局|"])
        XCTAssertEqual(halfTracked.code, 5)
        XCTAssertTrue(halfTracked.err.contains("decisions[0].deadline"), halfTracked.err)
        XCTAssertEqual(test.cli(["consultations", "meetings", "add", "--decision", "a|b"]).code, 2)
        XCTAssertEqual(test.cli(["consultations", "meetings", "show", "99999"]).code, 3)
        XCTAssertEqual(test.cli(["consultations", "meetings", "show", "abc"]).code, 2)
        XCTAssertEqual(test.cli(["consultations", "decisions", "show", "99999"]).code, 3)
        XCTAssertEqual(test.cli(["consultations", "meetings", "list", "--quarter", "2024-Q7"]).code, 5)
        XCTAssertEqual(test.cli(["consultations", "meetings", "update", "1", "--if-version", "999", "--venue", "x"]).code, 4)
        XCTAssertEqual(test.cli(["consultations", "meetings", "add", "--kind", "plenary", "--held-on", "2024-06-01", "--convener", "王", "--as", "xiling"]).code, 1)
        XCTAssertEqual(test.cli(["consultations", "meetings", "show", "1", "--as", "qiye"]).code, 3, "out of scope reads as not found")
        let help = test.cli(["consultations", "--help"])
        XCTAssertEqual(help.code, 0)
        XCTAssertTrue((help.out + help.err).contains("agenda"))
        let kind = test.cli(["consultations", "kinds", "add", "--code", "floodSeason", "--name", "汛期专题会商", "--body-kind", "office", "--body-name", "区安委办"])
        XCTAssertEqual(kind.code, 0, kind.err)
        let repeated = test.cli(["consultations", "kinds", "add", "--code", "floodSeason", "--name", "重复", "--body-kind", "office", "--body-name", "x"])
        XCTAssertEqual(repeated.code, 4, "a kind code in use is a conflict")
        XCTAssertTrue(repeated.err.contains("floodSeason"), repeated.err)
    }

    func testQuarterAndRiskLevelParsing() {
        XCTAssertEqual(Quarter(text: "2024-Q1")?.end, Fixtures.date("2024-03-31"))
        XCTAssertEqual(Quarter(text: "2024q4")?.next.text, "2025-Q1")
        XCTAssertEqual(Quarter(text: "2024-Q1")?.previous.text, "2023-Q4")
        XCTAssertNil(Quarter(text: "2024-Q0"))
        XCTAssertNil(Quarter(text: "24-Q1"))
        XCTAssertEqual(RiskLevel(text: "橙"), .large)
        XCTAssertEqual(RiskLevel(text: "重大风险"), .major)
        XCTAssertEqual(RiskLevel(text: "蓝色"), .low)
        XCTAssertNil(RiskLevel(text: "紫"))
        XCTAssertEqual(MinutesHTML.escape("<a href='x'>&\"</a>"), "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;")
    }
}
