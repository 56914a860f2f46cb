// A task whose title is one short word ("(一)学习。(责任单位:区发改局牵头)") was read as a
// label line: "学习。(责任单位" looked like the label "…责任单位:", so the title came out empty,
// "学习" became a clause naming a unit "学习" that matches nothing, and the whole import was
// refused ("1 个单位名称在名录中找不到"). A label never runs across a sentence's end or a bracket.
import Foundation
import Kernel
import TestSupport
import XCTest
@testable import Responsibilities

final class PlanShortTitleTests: ResponsibilitiesTestCase {
    static let text = """
        区安全生产委员会2025年工作要点
        一、总体要求
        (一)学习。(责任单位:区发改局牵头,区住建局分工负责)
        (二)考核。12月底前完成。(责任单位:区应急管理局)
        (三)值守;(牵头单位:区应急管理局;配合单位:区发改局)
        (四)加强值守。
        牵头单位:区应急管理局;配合单位:区住建局
        """

    func testAShortTitleIsATitleNotAClause() throws {
        let test = try app()
        let server = try TestServer(test)
        defer { server.stop() }
        let admin = server.client(token: try test.token(for: "admin"))

        let imported = try admin.post("/api/v1/responsibilities/plans", .object(["year": 2025, "text": .string(Self.text)]))
        XCTAssertEqual(imported.status, 201, imported.text)
        XCTAssertEqual(imported.json["unresolved"]?.arrayValue?.count, 0, imported.text)
        let tasks = imported.json["sections"]?.arrayValue?.first?["tasks"]?.arrayValue ?? []
        XCTAssertEqual(tasks.compactMap { $0["title"]?.stringValue }, ["学习", "考核", "值守", "加强值守"])
        XCTAssertEqual(tasks.map { ($0["clauses"]?.arrayValue ?? []).compactMap { $0["raw"]?.stringValue } }, [
            ["(责任单位:区发改局牵头,区住建局分工负责)"], ["(责任单位:区应急管理局)"], ["(牵头单位:区应急管理局;配合单位:区发改局)"],
            ["牵头单位:区应急管理局;配合单位:区住建局"],
        ], "a label line of its own is still a clause")
        XCTAssertEqual(tasks.compactMap { $0["ledger_lines"]?.intValue }, [2, 1, 2, 2])
        let planID = try XCTUnwrap(imported.json["plan_id"]?.intValue)
        XCTAssertEqual(try LedgerTestSupport.count(test, "SELECT count(*) FROM responsibilities_lines l JOIN responsibilities_tasks t ON t.id = l.task_id WHERE t.plan_id = ?", [planID]), 7)
    }
}
