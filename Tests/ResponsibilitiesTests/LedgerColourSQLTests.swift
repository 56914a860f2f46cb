// The colour and status a filter asks for are computed in SQL (`LineColourSQL`) so that a filtered
// list pages in SQL; they must be exactly the colour and status the lines show (`LineColour`), on
// any day, and a filtered list paged in small pages must be the unpaged list filtered in full.
import Kernel
import TestSupport
import XCTest
@testable import Responsibilities

final class LedgerColourSQLTests: ResponsibilitiesTestCase {

    func testSQLColourAndStatusAreTheLinesColourAndStatusOnEveryDay() throws {
        let test = try app()
        let rules = ColourRules()
        var day = CalendarDate(year: 2023, month: 12, day: 20)!
        var compared = 0
        var seen: Set<String> = []
        while day < CalendarDate(year: 2025, month: 2, day: 1)! {
            let checkDay = day
            try test.core.read { db in
                let rows = try LedgerStore.lines(where: [], [], actor: .system("test"), db)
                let lines = try LedgerQueries.coloured(rows, day: checkDay, rules: rules, db)
                let sql = "SELECT l.id, \(LineColourSQL.colour(on: checkDay, rules: rules)) AS colour, \(LineColourSQL.status(on: checkDay)) AS status FROM responsibilities_lines l ORDER BY l.id"
                var computed: [Int64: (String, String)] = [:]
                for row in try db.query(sql) { computed[row.requiredInt("id")] = (row.requiredString("colour"), row.requiredString("status")) }
                for line in lines {
                    let id = line.row.requiredInt("id")
                    XCTAssertEqual(computed[id]?.0, line.colour.colour.rawValue, "line \(id) on \(checkDay.iso): \(line.colour.reason)")
                    XCTAssertEqual(computed[id]?.1, line.state.status.rawValue, "line \(id) on \(checkDay.iso)")
                    seen.insert("\(line.colour.code)/\(line.state.status.rawValue)")
                    compared += 1
                }
            }
            day = day.adding(days: 11)
        }
        XCTAssertGreaterThan(compared, 5000)
        for code in ["completed", "completed_late", "overdue", "behind_red", "due_soon", "behind_yellow", "on_track"] {
            XCTAssertTrue(seen.contains { $0.hasPrefix(code + "/") }, "the demo's lines reach \(code) on some day: \(seen.sorted())")
        }
    }

    func testFilteredListsPagedInSQLAreTheFullListsFiltered() throws {
        let test = try app()
        let rules = ColourRules()
        let actors: [Actor] = [.system("test"), Actor(userID: 3, username: "fgj", role: .unit, scope: .unit(4))]
        for actor in actors {
            for on in [CalendarDate(year: 2024, month: 3, day: 1)!, CalendarDate(year: 2024, month: 6, day: 15)!] {
                var everything = LedgerFilter(day: on)
                everything.colour = nil
                let (allLines, allTasks) = try test.core.read { db in
                    (try LedgerQueries.linePage(everything, after: nil, limit: nil, actor: actor, rules: rules, db).items,
                     try LedgerQueries.taskPage(everything, after: nil, limit: nil, actor: actor, rules: rules, db).items)
                }
                XCTAssertFalse(allLines.isEmpty)
                // A listed task (colours counted in SQL, its reason's line coloured in Swift) reads as
                // the task shown alone (every line coloured in Swift).
                for task in allTasks {
                    let id = try XCTUnwrap(task["id"]?.intValue)
                    let alone = try test.core.read { try LedgerQueries.task(id, everything, actor: actor, rules: rules, $0) }
                    for field in ["colour", "colour_code", "colour_reason", "lines", "green", "yellow", "red", "to_designate"] {
                        XCTAssertEqual(task[field], alone[field], "task \(id) \(field) for \(actor.username) on \(on.iso)")
                    }
                }
                for colour in StatusColour.allCases {
                    var filter = LedgerFilter(day: on)
                    filter.colour = colour
                    XCTAssertEqual(try pages(filter, actor, LedgerQueries.linePage, test).map(id), allLines.filter { $0["colour"]?.stringValue == colour.rawValue }.map(id),
                                   "\(actor.username) lines \(colour) on \(on.iso)")
                    let tasks = try pages(filter, actor, LedgerQueries.taskPage, test)
                    XCTAssertEqual(tasks.map(id), allTasks.filter { $0["colour"]?.stringValue == colour.rawValue }.map(id), "\(actor.username) tasks \(colour) on \(on.iso)")
                    XCTAssertEqual(tasks, allTasks.filter { $0["colour"]?.stringValue == colour.rawValue }, "a task on a page is the task in the full list")
                }
                for status in LineStatus.allCases {
                    var filter = LedgerFilter(day: on)
                    filter.status = status
                    XCTAssertEqual(try pages(filter, actor, LedgerQueries.linePage, test).map(id), allLines.filter { $0["status"]?.stringValue == status.rawValue }.map(id),
                                   "\(actor.username) lines \(status) on \(on.iso)")
                }
            }
        }
    }

    /// `colour=yellow` tests only the lines the partial indexes say may be yellow on the day
    /// (`LineColourSQL.mayBeYellow`): on days across the demo's year its pages are still every
    /// line the full list shows yellow.
    func testYellowPagesAreTheFullListsYellowOnManyDays() throws {
        let test = try app()
        var day = CalendarDate(year: 2023, month: 12, day: 20)!
        var yellow = 0
        while day < CalendarDate(year: 2025, month: 2, day: 1)! {
            let everything = LedgerFilter(day: day)
            let all = try test.core.read { try LedgerQueries.linePage(everything, after: nil, limit: nil, actor: .system("test"), rules: ColourRules(), $0).items }
            var filter = everything
            filter.colour = .yellow
            let expected = all.filter { $0["colour"]?.stringValue == "yellow" }.map(id)
            XCTAssertEqual(try pages(filter, .system("test"), LedgerQueries.linePage, test).map(id), expected, day.iso)
            yellow += expected.count
            day = day.adding(days: 23)
        }
        XCTAssertGreaterThan(yellow, 0)
    }

    private func id(_ item: JSON) -> Int64 { item["id"]?.intValue ?? 0 }

    /// Every page of a list, 7 items at a time, following `next`.
    private func pages(_ filter: LedgerFilter, _ actor: Actor, _ query: LedgerQueries.PageQuery, _ test: TestApplication) throws -> [JSON] {
        var items: [JSON] = [], after: Int64?
        repeat {
            let page = try test.core.read { try query(filter, after, 7, actor, ColourRules(), $0) }
            XCTAssertLessThanOrEqual(page.items.count, 7)
            items += page.items
            after = try page.next.map(Cursor.decode)
        } while after != nil
        return items
    }
}
