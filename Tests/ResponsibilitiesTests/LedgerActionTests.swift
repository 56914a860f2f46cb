// The ledger's actions on a task the office assigns: 签收 → 进展 (with an attachment) → 完成 →
// 退回 → 完成 → 办结, with history kept, 409 for actions not allowed now, TaskCompleted published.
import Foundation
import Kernel
import TestSupport
import XCTest
@testable import Responsibilities

final class LedgerActionTests: ResponsibilitiesTestCase {
    override class func makeApplication() throws -> TestApplication { try TestApplication(demo: true, today: CalendarDate(year: 2024, month: 3, day: 4)!) }

    /// Assigns a fresh task and returns its lines (JSON).
    private func assign(_ test: TestApplication, _ title: String, units: [String] = [], territories: [String] = [], due: String? = nil, quarterly: String? = nil) throws -> [JSON] {
        var arguments = ["responsibilities", "tasks", "add", "--title", title, "--json"]
        for unit in units { arguments += ["--units", unit] }
        for territory in territories { arguments += ["--territories", territory] }
        if let due { arguments += ["--due", due] }
        if let quarterly { arguments += ["--quarterly-year", quarterly] }
        let run = test.cli(arguments)
        XCTAssertEqual(run.code, 0, run.err)
        let id = try XCTUnwrap(LedgerTestSupport.json(run.out)["id"]?.intValue)
        return try LedgerTestSupport.json(test.cli(["responsibilities", "tasks", "show", String(id), "--json"]).out)["ledger_lines"]?.arrayValue ?? []
    }

    func testTheLifeOfALineWithHistoryAttachmentsAndTaskCompleted() throws {
        let test = try app()
        let lines = try assign(test, "报送燃气安全专项整治进展", units: ["区发改局"], due: "2024-03-20")
        XCTAssertEqual(lines.count, 1)
        let id = String(try XCTUnwrap(lines.first?["id"]?.intValue))
        XCTAssertEqual(lines.first?["status"]?.stringValue, "assigned")

        let early = test.cli(["responsibilities", "ledger", "complete", id, "--text", "完成"])
        XCTAssertEqual(early.code, 4)
        XCTAssertTrue(early.err.contains("assigned") && early.err.contains("sign"), early.err)

        XCTAssertEqual(test.cli(["responsibilities", "ledger", "sign", id, "--as", "fgj"]).code, 0)
        let evidence = LedgerTestSupport.file(test, "进展.txt", Array("第一阶段排查记录".utf8))
        let progress = test.cli(["responsibilities", "ledger", "progress", id, "--percent", "60", "--text", "已完成排查", "--attach", evidence, "--as", "fgj", "--json"])
        XCTAssertEqual(progress.code, 0, progress.err)
        XCTAssertEqual(try LedgerTestSupport.json(progress.out)["progress"]?.intValue, 60)
        let badPercent = test.cli(["responsibilities", "ledger", "progress", id, "--percent", "160", "--text", "x", "--as", "fgj"])
        XCTAssertEqual(badPercent.code, 5)
        XCTAssertTrue(badPercent.err.contains("percent"), badPercent.err)

        test.clock.set(CalendarDate(year: 2024, month: 3, day: 10)!)
        XCTAssertEqual(test.cli(["responsibilities", "ledger", "complete", id, "--text", "整治完成", "--attach", evidence, "--as", "fgj"]).code, 0)
        let unitVerifies = test.cli(["responsibilities", "ledger", "verify", id, "--as", "fgj"])
        XCTAssertEqual(unitVerifies.code, 1, "a unit may not verify its own line")
        XCTAssertTrue(unitVerifies.err.contains("office"), unitVerifies.err)
        let noReason = test.cli(["responsibilities", "ledger", "return", id])
        XCTAssertEqual(noReason.code, 5)
        XCTAssertEqual(test.cli(["responsibilities", "ledger", "return", id, "--reason", "缺少现场照片"]).code, 0)
        XCTAssertEqual(test.cli(["responsibilities", "ledger", "complete", id, "--text", "已补充照片", "--as", "fgj"]).code, 0)
        let verified = test.cli(["responsibilities", "ledger", "verify", id, "--json"])
        XCTAssertEqual(verified.code, 0, verified.err)
        let line = try LedgerTestSupport.json(verified.out)
        XCTAssertEqual(line["status"]?.stringValue, "closed")
        XCTAssertEqual(line["colour"]?.stringValue, "green")
        let history = line["history"]?.arrayValue ?? []
        XCTAssertEqual(history.compactMap { $0["action"]?.stringValue }, ["sign", "progress", "complete", "return", "complete", "verify"])
        XCTAssertEqual(history[3]["text"]?.stringValue, "缺少现场照片")
        XCTAssertEqual(history[1]["actor"]?.stringValue, "fgj")
        let attachment = try XCTUnwrap(history[1]["attachments"]?.arrayValue?.first)
        XCTAssertEqual(attachment["sha256"]?.stringValue, Crypto.sha256Hex(Array("第一阶段排查记录".utf8)))
        XCTAssertEqual(try LedgerTestSupport.count(test, "SELECT count(*) FROM responsibilities_attachments WHERE sha256 = ?", [attachment["sha256"]?.stringValue ?? ""]), 1,
                       "the same file attached twice is stored once")
        let out = test.folder.file("copy.txt")
        XCTAssertEqual(test.cli(["responsibilities", "ledger", "attachment", attachment["sha256"]?.stringValue ?? "", "--output", out, "--as", "fgj"]).code, 0)
        XCTAssertEqual(FileManager.default.contents(atPath: out).map { Array($0) }, Array("第一阶段排查记录".utf8))
        XCTAssertEqual(test.cli(["responsibilities", "ledger", "attachment", attachment["sha256"]?.stringValue ?? "", "--output", out, "--as", "yjj"]).code, 3)

        let again = test.cli(["responsibilities", "ledger", "verify", id])
        XCTAssertEqual(again.code, 4)
        XCTAssertTrue(again.err.contains("closed"), again.err)

        let events = try test.core.read { try $0.query("SELECT payload FROM kernel_events WHERE type = ?", [TaskCompleted.type]) }
        let completed = try events.map { try JSONDecoder.snake.decode(TaskCompleted.self, from: Data($0.requiredString("payload").utf8)) }
            .filter { $0.ledgerLineId == Int64(id) }
        XCTAssertEqual(completed.count, 1)
        XCTAssertEqual(completed.first?.onTime, true)
        XCTAssertEqual(completed.first?.unitId, try test.id("units", "区发改局"))
        XCTAssertEqual(try LedgerTestSupport.count(test, "SELECT count(*) FROM kernel_audit WHERE entity = 'ledger_line' AND entity_id = ?", [id]), 6)
    }

    func testScopeAUnitActsOnlyOnItsOwnLines() throws {
        let test = try app()
        let lines = try assign(test, "报送应急预案修订情况", units: ["区应急管理局"], territories: ["东城镇"], due: "2024-04-30")
        XCTAssertEqual(Set(lines.compactMap { $0["unit_kind"]?.stringValue }), ["unit", "territory"])
        let other = String(try XCTUnwrap(lines.first { $0["unit_name"]?.stringValue == "区应急管理局" }?["id"]?.intValue))
        let town = String(try XCTUnwrap(lines.first { $0["unit_name"]?.stringValue == "东城镇" }?["id"]?.intValue))
        XCTAssertEqual(test.cli(["responsibilities", "ledger", "sign", other, "--as", "fgj"]).code, 3, "out of scope is not found")
        XCTAssertEqual(test.cli(["responsibilities", "ledger", "show", other, "--as", "fgj"]).code, 3)
        XCTAssertEqual(test.cli(["responsibilities", "ledger", "sign", town, "--as", "dongcheng"]).code, 0)
        XCTAssertEqual(test.cli(["responsibilities", "ledger", "sign", town, "--as", "xiling"]).code, 3)
        let mine = try LedgerTestSupport.json(test.cli(["responsibilities", "ledger", "list", "--as", "dongcheng", "--json"]).out).arrayValue ?? []
        XCTAssertFalse(mine.isEmpty)
        XCTAssertTrue(mine.allSatisfy { $0["unit_name"]?.stringValue == "东城镇" })
        // As over HTTP (403): an enterprise is refused the ledger, not shown an empty one.
        let refused = test.cli(["responsibilities", "ledger", "list", "--as", "qiye"])
        XCTAssertEqual(refused.code, 1, refused.out)
        XCTAssertTrue(refused.err.contains("只有区安委办、成员单位和镇"), refused.err)
        XCTAssertEqual(test.cli(["responsibilities", "ledger", "sign", town, "--as", "qiye"]).code, 1, "an enterprise may not act on the ledger")
        XCTAssertEqual(test.cli(["responsibilities", "tasks", "add", "--title", "x", "--units", "区发改局", "--due", "2024-05-01", "--as", "fgj"]).code, 1)
    }

    func testQuarterlyObligationTurnsRedAfterAQuarterWithNoReport() throws {
        let test = try app()
        let lines = try assign(test, "季度安全风险会商研判情况", territories: ["西岭镇"], quarterly: "2024")
        XCTAssertEqual(lines.compactMap { $0["period"]?.stringValue }, ["2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4"])
        XCTAssertEqual(lines.compactMap { $0["due"]?.stringValue }, ["2024-03-31", "2024-06-30", "2024-09-30", "2024-12-31"])
        let task = String(try XCTUnwrap(lines.first?["task_id"]?.intValue))
        let q1 = String(try XCTUnwrap(lines.first?["id"]?.intValue))
        let colours = { (date: String) throws -> [String] in
            try (LedgerTestSupport.json(test.cli(["responsibilities", "ledger", "list", "--task-id", task, "--on", date, "--json"]).out).arrayValue ?? []).compactMap { $0["colour"]?.stringValue }
        }
        let reasons = { (date: String) throws -> [String] in
            try (LedgerTestSupport.json(test.cli(["responsibilities", "ledger", "list", "--task-id", task, "--on", date, "--json"]).out).arrayValue ?? []).compactMap { $0["colour_reason"]?.stringValue }
        }
        XCTAssertFalse(try reasons("2024-03-31")[0].contains("R1"), "due today is not overdue")
        XCTAssertEqual(try colours("2024-04-01")[0], "red")
        XCTAssertEqual(try reasons("2024-04-01")[0], "逾期:截止2024-03-31,已逾期1天,未报完成(规则R1)")
        XCTAssertEqual(try colours("2024-04-01")[1], "green", "the second quarter starts on its own first day")
        XCTAssertEqual(test.cli(["responsibilities", "ledger", "sign", q1, "--as", "xiling"]).code, 0)
        XCTAssertEqual(test.cli(["responsibilities", "ledger", "complete", q1, "--text", "一季度会商研判已召开", "--as", "xiling"]).code, 0)
        XCTAssertEqual(try colours("2024-04-01")[0], "green")
    }
}

extension JSONDecoder {
    static var snake: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }
}
