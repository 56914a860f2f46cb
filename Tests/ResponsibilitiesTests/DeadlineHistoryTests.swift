// The deadline check reads a line's completion from its row when the line's whole history is known
// by the day checked (issue 23), and replays the history when it is not: a completion recorded
// after that day does not count on it, a completion returned is no completion, a completion in
// force is one.
import Foundation
import Kernel
import TestSupport
import XCTest
@testable import Responsibilities

final class DeadlineHistoryTests: XCTestCase {
    func testACompletionCountsOnlyFromItsDayAndUntilItIsReturned() throws {
        let test = try LedgerTestSupport.demoWithoutPlan(today: CalendarDate(year: 2024, month: 2, day: 20)!)
        let fgj = try test.id("units", "区发改局")
        func decision(_ id: Int64, _ text: String, due day: Int) -> DecisionRecorded {
            DecisionRecorded(decisionId: id, meetingId: 7, text: text, leadUnitId: fgj, leadUnitKind: "unit", deadline: CalendarDate(year: 2024, month: 3, day: day)!)
        }
        try test.core.write(.localAdministrator) { tx in
            try tx.publish(decision(51, "区发改局牵头开展储能电站安全检查。", due: 5))
            try tx.publish(decision(52, "区发改局牵头开展充电桩消防排查。", due: 6))
            try tx.publish(decision(53, "区发改局牵头开展燃气管道巡查。", due: 7))
            try tx.audit(action: "test.publish", entity: "event", entityID: "51")
        }
        test.app.dispatcher.deliverDue()
        let lines = try test.core.read { try $0.query("SELECT id FROM responsibilities_lines ORDER BY due").map { String($0.requiredInt("id")) } }
        XCTAssertEqual(lines.count, 3)
        func run(_ month: Int, _ day: Int, _ actions: [[String]] = []) throws -> Int {
            test.clock.set(CalendarDate(year: 2024, month: month, day: day)!)
            for action in actions {
                let result = test.cli(["responsibilities", "ledger"] + action)
                XCTAssertEqual(result.code, 0, "\(action): \(result.err)")
            }
            return try DeadlineReminders.run(test.core)
        }
        func overdue() throws -> [String] {
            try test.core.read { db in
                try db.query("SELECT json_extract(payload, '$.line.ledger_line_id') AS line FROM kernel_events WHERE type = ? ORDER BY id", [TaskOverdue.type])
                    .map { String($0.requiredInt("line")) }
            }
        }
        // All three completed on 3 March, before their due days; the third's completion returned on 4 March.
        _ = try run(3, 3, lines.flatMap { [["sign", $0, "--as", "fgj"], ["complete", $0, "--text", "已完成", "--as", "fgj"]] })
        _ = try run(3, 4, [["return", lines[2], "--reason", "佐证材料不全"]])
        // Checked on 8 March: the two completions in force count (history known: read from the row),
        // the returned one does not.
        XCTAssertEqual(try run(3, 8), 1)
        XCTAssertEqual(try overdue(), [lines[2]])
        // A fourth line completed on 20 March, checked on 10 March (its history is not known by
        // then: replayed): not completed on the 10th, so overdue.
        try test.core.write(.localAdministrator) { tx in
            try tx.publish(decision(54, "区发改局牵头开展危化品仓库检查。", due: 9))
            try tx.audit(action: "test.publish", entity: "event", entityID: "54")
        }
        test.app.dispatcher.deliverDue()
        let late = try test.core.read { String(try $0.scalarInt("SELECT max(id) FROM responsibilities_lines")) }
        _ = try run(3, 20, [["sign", late, "--as", "fgj"], ["complete", late, "--text", "已完成", "--as", "fgj"]])
        XCTAssertEqual(try overdue(), [lines[2]], "completed on the 20th, before the check of the 20th saw it late")
        XCTAssertEqual(try run(3, 10), 1)
        XCTAssertEqual(try overdue(), [lines[2], late])
        XCTAssertEqual(try run(3, 10), 0, "once")
    }
}
