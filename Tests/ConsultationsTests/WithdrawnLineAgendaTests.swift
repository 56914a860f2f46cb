// The next consultation's agenda lists red tasks (task.overdue). A ledger line withdrawn in
// Responsibilities (a unit removed from a task, a plan revision, plan withdraw) is no one's red
// task any more, yet it stayed on the agenda for good: Consultations did not hear
// responsibilities.lines.withdrawn. Now it leaves the agenda from the day withdrawn; the agenda of
// a day before is unchanged.
import App
import Consultations
import Kernel
import TestSupport
import XCTest

final class WithdrawnLineAgendaTests: XCTestCase {
    func testAWithdrawnLineLeavesTheAgendaFromTheDayWithdrawn() throws {
        let test = try TestApplication(demo: true, today: Fixtures.date("2024-06-15"))
        _ = try test.app.tick()
        func redTasks(on day: String) -> [String] {
            let run = test.cli(["consultations", "agenda", "--next", "--json", "--today", day])
            XCTAssertEqual(run.code, 0, run.err)
            let items = Fixtures.json(run.out)["sections"]?.arrayValue?.first { $0["type"] == "red_task" }?["items"]?.arrayValue ?? []
            return items.compactMap { $0["subject"]?.stringValue }
        }
        // 区发改局's line of task (七), due 2024-02-29 and never completed: red, on the agenda.
        let lines = Fixtures.json(test.cli(["responsibilities", "ledger", "list", "--unit", "区发改局", "--json"]).out).arrayValue ?? []
        let line = try XCTUnwrap(lines.first { $0["task_number"] == "(七)" && $0["colour"] == "red" }, "the demo's overdue (七) line of 区发改局")
        let lineID = try XCTUnwrap(line["id"]?.intValue), taskID = try XCTUnwrap(line["task_id"]?.intValue)
        let subject = "ledger_line:\(lineID)"
        XCTAssertTrue(redTasks(on: "2024-06-20").contains(subject), "on the agenda before it is withdrawn")

        let removed = test.cli(["responsibilities", "tasks", "remove-unit", String(taskID), "--unit", "区发改局", "--reason", "职能调整", "--today", "2024-06-20"])
        XCTAssertEqual(removed.code, 0, removed.err)
        XCTAssertFalse(redTasks(on: "2024-06-20").contains(subject), "withdrawn: off the agenda from that day")
        XCTAssertFalse(redTasks(on: "2024-07-01").contains(subject))
        XCTAssertTrue(redTasks(on: "2024-06-19").contains(subject), "the agenda of a day before the withdrawal is unchanged")
        XCTAssertFalse(redTasks(on: "2024-06-20").isEmpty, "the other red tasks stay")
        let changes = try test.core.read { try $0.scalarInt("SELECT count(*) FROM consultations_line_changes WHERE subject = ? AND action = 'withdrawn' AND date = '2024-06-20'", [subject]) }
        XCTAssertEqual(changes, 1)
    }
}
