// What Responsibilities 007 keeps for the ten-year reads (issue 23): each task's live lines
// (the plans list's counts) and each line's last day of history (`events_through`, so a line
// whose history is all known by the day asked is coloured from its own row). Both are kept by
// triggers; the replies must be those of counting and replaying, whatever order the steps came in.
import Kernel
import TestSupport
import XCTest
@testable import Responsibilities

final class LedgerKeptColumnsTests: ResponsibilitiesTestCase {
    override class func makeApplication() throws -> TestApplication { try TestApplication(demo: true, today: CalendarDate(year: 2024, month: 3, day: 4)!) }

    private func lineIDs(_ test: TestApplication, title: String, units: [String], due: String) throws -> [String] {
        let run = test.cli(["responsibilities", "tasks", "add", "--title", title, "--due", due, "--json"] + units.flatMap { ["--units", $0] })
        XCTAssertEqual(run.code, 0, run.err)
        let id = try XCTUnwrap(LedgerTestSupport.json(run.out)["id"]?.intValue)
        let lines = try LedgerTestSupport.json(test.cli(["responsibilities", "tasks", "show", String(id), "--json"]).out)["ledger_lines"]?.arrayValue ?? []
        return lines.compactMap { $0["id"]?.intValue.map(String.init) }
    }

    private func step(_ test: TestApplication, _ arguments: [String], on day: String, file: StaticString = #filePath, line: UInt = #line) {
        let run = test.cli(["responsibilities", "ledger"] + arguments + ["--today", day])
        XCTAssertEqual(run.code, 0, "\(arguments) on \(day): \(run.err)", file: file, line: line)
    }

    func testColoursFromTheRowAreTheReplayedColoursWhateverTheOrderOfTheSteps() throws {
        let test = try app()
        let ids = try lineIDs(test, title: "核查燃气管线隐患整改情况", units: ["区发改局", "区应急管理局", "区公安分局"], due: "2024-03-20")
        XCTAssertEqual(ids.count, 3)
        // Returned after completion, completed late and verified.
        step(test, ["sign", ids[0], "--as", "fgj"], on: "2024-03-05")
        step(test, ["progress", ids[0], "--percent", "60", "--text", "排查过半", "--as", "fgj"], on: "2024-03-08")
        step(test, ["complete", ids[0], "--text", "整改完成", "--as", "fgj"], on: "2024-03-12")
        step(test, ["return", ids[0], "--reason", "缺少现场照片"], on: "2024-03-14")
        step(test, ["complete", ids[0], "--text", "已补充照片", "--as", "fgj"], on: "2024-03-25")
        step(test, ["verify", ids[0]], on: "2024-03-26")
        // A step recorded with a day before the one already there (a back-dated report): the last
        // day of the history is the latest one, not the last step's.
        step(test, ["sign", ids[1]], on: "2024-03-18")
        step(test, ["progress", ids[1], "--percent", "20", "--text", "刚开始"], on: "2024-03-10")
        step(test, ["complete", ids[1], "--text", "完成"], on: "2024-03-15")
        // ids[2]: no step at all.

        let rules = ColourRules()
        try test.core.read { db in
            let stale = try db.scalarInt("""
                SELECT count(*) FROM responsibilities_lines l
                WHERE l.events_through IS NOT (SELECT max(e.on_date) FROM responsibilities_line_events e WHERE e.line_id = l.id)
                """)
            XCTAssertEqual(stale, 0, "events_through is each line's latest day of history")
            XCTAssertEqual(try db.queryOne("SELECT events_through FROM responsibilities_lines WHERE id = ?", [Int64(ids[1])!])?.string("events_through"), "2024-03-18")
            XCTAssertNil(try db.queryOne("SELECT events_through FROM responsibilities_lines WHERE id = ?", [Int64(ids[2])!])?.string("events_through"))
        }
        var day = CalendarDate(year: 2024, month: 3, day: 1)!
        var seen: Set<String> = []
        while day <= CalendarDate(year: 2024, month: 4, day: 10)! {
            let checkDay = day
            try test.core.read { db in
                let rows = try LedgerStore.lines(where: ["l.id IN (\(ids.joined(separator: ", ")))"], [], actor: .system("test"), db)
                let lines = try LedgerQueries.coloured(rows, day: checkDay, rules: rules, db)
                XCTAssertEqual(lines.count, 3)
                for line in lines {
                    let id = line.row.requiredInt("id")
                    let sql = try XCTUnwrap(db.queryOne("""
                        SELECT \(LineColourSQL.colour(on: checkDay, rules: rules)) AS colour, \(LineColourSQL.status(on: checkDay)) AS status
                        FROM responsibilities_lines l WHERE l.id = ?
                        """, [id]))
                    XCTAssertEqual(sql.string("colour"), line.colour.colour.rawValue, "line \(id) on \(checkDay.iso): \(line.colour.reason)")
                    XCTAssertEqual(sql.string("status"), line.state.status.rawValue, "line \(id) on \(checkDay.iso)")
                    seen.insert("\(line.colour.colour.rawValue)/\(line.state.status.rawValue)")
                }
            }
            day = day.adding(days: 1)
        }
        for expected in ["green/reported", "red/inProgress", "green/closed", "red/assigned", "green/assigned"] {
            XCTAssertTrue(seen.contains(expected), "\(expected) reached on some day: \(seen.sorted())")
        }
    }

    func testEachPlansLineCountIsItsLiveLinesAfterWithdrawalsRestorationsAndMoves() throws {
        let test = try app()
        let counted = """
            SELECT p.id, (SELECT count(*) FROM responsibilities_lines l JOIN responsibilities_tasks t ON t.id = l.task_id
                          WHERE t.plan_id = p.id AND l.withdrawn_on IS NULL AND t.withdrawn_on IS NULL) AS n
            FROM responsibilities_plans p ORDER BY p.id
            """
        func check(_ when: String) throws {
            let listed = try LedgerTestSupport.allPages(test, ["responsibilities", "plan", "list"])
            let expected = try test.core.read { try $0.query(counted).map { ($0.requiredInt("id"), $0.requiredInt("n")) } }
            XCTAssertFalse(expected.isEmpty)
            XCTAssertEqual(listed.map { $0["id"]?.intValue ?? 0 }, expected.map(\.0), when)
            XCTAssertEqual(listed.map { $0["ledger_line_count"]?.intValue ?? -1 }, expected.map(\.1), when)
            let drift = try test.core.read { try $0.scalarInt("""
                SELECT count(*) FROM responsibilities_tasks t
                WHERE coalesce((SELECT live FROM responsibilities_task_line_counts c WHERE c.task_id = t.id), 0)
                   <> (SELECT count(*) FROM responsibilities_lines l WHERE l.task_id = t.id AND l.withdrawn_on IS NULL)
                """) }
            XCTAssertEqual(drift, 0, "every task's kept count is its live lines \(when)")
        }
        try check("after the demo")
        let planTask = try test.core.read { try $0.scalarInt("SELECT min(id) FROM responsibilities_tasks WHERE plan_id IS NOT NULL") }
        let otherTask = try test.core.read { try $0.scalarInt("SELECT max(id) FROM responsibilities_tasks WHERE plan_id IS NOT NULL") }
        _ = try test.core.database.write { db in
            try db.execute("UPDATE responsibilities_lines SET withdrawn_on = '2024-03-04', withdrawn_reason = '测试' WHERE id IN (SELECT id FROM responsibilities_lines WHERE task_id = ? LIMIT 3)", [planTask])
        }
        try check("after three lines were withdrawn")
        _ = try test.core.database.write { db in
            try db.execute("UPDATE responsibilities_lines SET withdrawn_on = NULL, withdrawn_reason = NULL WHERE id = (SELECT min(id) FROM responsibilities_lines WHERE task_id = ? AND withdrawn_on IS NOT NULL)", [planTask])
            try db.execute("UPDATE responsibilities_lines SET task_id = ? WHERE id = (SELECT max(id) FROM responsibilities_lines WHERE task_id = ? AND withdrawn_on IS NULL)", [otherTask, planTask])
        }
        try check("after one came back and one moved to another task")
        // The real paths: a task added with lines, and a whole plan withdrawn.
        _ = try lineIDs(test, title: "开展汛期安全检查", units: ["区发改局", "区应急管理局"], due: "2024-05-31")
        let plan = try test.core.read { try $0.scalarInt("SELECT min(id) FROM responsibilities_plans") }
        let withdrawn = test.cli(["responsibilities", "plan", "withdraw", String(plan), "--reason", "测试撤销整个方案"])
        XCTAssertEqual(withdrawn.code, 0, withdrawn.err)
        try check("after the plan was withdrawn")
    }
}
