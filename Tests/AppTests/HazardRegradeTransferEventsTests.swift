// A regrade (重新定级) and a transfer to another department (改派监管部门) are events: integrators and
// robots hear of them, and a hazard regraded to major goes on the next risk consultation's agenda as
// one registered major would. Before, neither published anything, so a hazard that became major
// after registration never reached the consultation. Through the CLI, as the roles that act.
import App
import Foundation
import Kernel
import TestSupport
import XCTest

final class HazardRegradeTransferEventsTests: XCTestCase {
    func json(_ text: String) -> JSON { (try? JSONParser.parse(text)) ?? .null }

    func testARegradeToMajorReachesTheAgendaAndATransferNamesBothDepartments() throws {
        let test = try TestApplication(demo: true, today: CalendarDate(year: 2024, month: 6, day: 15)!)
        test.app.dispatcher.deliverDue()
        let made = test.cli(["hazards", "add", "--description", "液氨储罐区泄漏报警器失效（定级事件测试）", "--deadline", "2024-07-20", "--as", "qiye", "--json"])
        XCTAssertEqual(made.code, 0, made.err)
        let id = try XCTUnwrap(json(made.out)["id"]?.intValue)
        let code = try XCTUnwrap(json(made.out)["code"]?.stringValue)
        func events(_ type: String) throws -> [JSON] {
            try test.core.read { try $0.query("SELECT payload FROM kernel_events WHERE type = ? ORDER BY id", [type]) }
                .compactMap { $0.string("payload").map(json) }.filter { $0["hazard"]?["hazard_id"]?.intValue == id }
        }
        func agenda() throws -> [Row] {
            try test.core.read { try $0.query("SELECT type, summary FROM consultations_agenda_items WHERE subject = ? ORDER BY id", ["hazard:\(id)"]) }
        }
        test.app.dispatcher.deliverDue()
        XCTAssertEqual(try agenda().count, 0, "a general hazard is not on the agenda")

        // Wrong users first: the enterprise and a town may not regrade; a reason is required.
        XCTAssertNotEqual(test.cli(["hazards", "regrade", String(id), "--grade", "major", "--reason", "x", "--standard-clause-id", "4", "--as", "qiye"]).code, 0)
        XCTAssertNotEqual(test.cli(["hazards", "regrade", String(id), "--grade", "major", "--standard-clause-id", "4", "--as", "yjj"]).code, 0)
        XCTAssertEqual(try events(HazardRegraded.type).count, 0, "a refused regrade publishes nothing")

        let up = test.cli(["hazards", "regrade", String(id), "--grade", "major", "--reason", "经专家论证需局部停产", "--standard-clause-id", "4", "--as", "yjj", "--json"])
        XCTAssertEqual(up.code, 0, up.err)
        let regraded = try events(HazardRegraded.type)
        XCTAssertEqual(regraded.count, 1)
        XCTAssertEqual(regraded.first?["from_grade"], "general")
        XCTAssertEqual(regraded.first?["hazard"]?["grade"], "major")
        XCTAssertEqual(regraded.first?["reason"], "经专家论证需局部停产")
        XCTAssertTrue(regraded.first?["summary"]?.stringValue?.hasPrefix("一般隐患重新定级为重大隐患 \(code)") ?? false, "\(regraded)")
        test.app.dispatcher.deliverDue()
        let items = try agenda()
        XCTAssertEqual(items.map { $0.string("type") }, ["major_hazard"])
        XCTAssertTrue(items.first?.string("summary")?.contains("重新定级为重大隐患") ?? false, "\(items.first?.string("summary") ?? "")")

        // The office transfers it to another department: the event names both.
        XCTAssertNotEqual(test.cli(["hazards", "transfer", String(id), "--supervising-unit", "区发改局", "--reason", "x", "--as", "yjj"]).code, 0, "the office only")
        let moved = test.cli(["hazards", "transfer", String(id), "--supervising-unit", "区发改局", "--reason", "经核实该企业行业主管部门为区发改局", "--as", "anweiban", "--json"])
        XCTAssertEqual(moved.code, 0, moved.err)
        let transferred = try events(HazardTransferred.type)
        XCTAssertEqual(transferred.count, 1)
        let from = try test.id("units", "区应急管理局"), to = try test.id("units", "区发改局")
        XCTAssertEqual(transferred.first?["from_unit_id"]?.intValue, from)
        XCTAssertEqual(transferred.first?["hazard"]?["supervising_unit_id"]?.intValue, to)
        XCTAssertTrue(transferred.first?["summary"]?.stringValue?.contains("改派监管部门：区应急管理局 → 区发改局") ?? false, "\(transferred)")

        // Back to general by the office: published, and no second agenda item.
        let down = test.cli(["hazards", "regrade", String(id), "--grade", "general", "--reason", "经复核属一般隐患", "--as", "anweiban", "--json"])
        XCTAssertEqual(down.code, 0, down.err)
        XCTAssertEqual(try events(HazardRegraded.type).last?["from_grade"], "major")
        test.app.dispatcher.deliverDue()
        XCTAssertEqual(try agenda().count, 1)
        let stuck = try test.core.read { try $0.scalarInt("SELECT count(*) FROM kernel_deliveries WHERE status != 'done'") }
        XCTAssertEqual(stuck, 0)
    }
}
