// A ledger line's state and colour on a day, in SQL: the same replay as `LineState` and the same
// rules as `LineColour.verdict` (R1–R4), so a colour or status filter is a WHERE clause and a
// filtered list pages in SQL (keyset on l.id). The colour is computed, not stored: it depends on
// the day asked for (`on`), and a stored colour would need rewriting as days pass. The reason
// text is still made in Swift for the rows of a page; the SQL only chooses the rows.
// Expressions are on `responsibilities_lines` as `l`; each history read is one probe of the
// index responsibilities_line_events (line_id, id). On a day at or after a line's last recorded
// step (`events_through`, Responsibilities 007) its history is all known, and the line's own row
// says what the replay would (its status, and its completion in force in completed_on): the
// status and the colours of finished or overdue lines are then read from the row, no probe.
import Kernel

enum LineColourSQL {
    /// The last recorded step on or before `day` among `actions` (in id order, as `LineState` replays).
    private static func last(_ value: String, among actions: String, day: CalendarDate) -> String {
        """
        (SELECT \(value) FROM responsibilities_line_events e
         WHERE e.line_id = l.id AND e.on_date <= '\(day.iso)' AND \(actions) ORDER BY e.id DESC LIMIT 1)
        """
    }

    /// Whether every recorded step of the line was on or before `day` (none recorded: also).
    static func historyKnown(on day: CalendarDate) -> String {
        "(l.events_through IS NULL OR l.events_through <= '\(day.iso)')"
    }

    /// The status on `day` (a `LineStatus` raw value): what the last known action leads to (the
    /// row's status when the whole history is known by then: every action sets it so).
    static func status(on day: CalendarDate) -> String {
        let next = LineAction.allCases.map { "WHEN '\($0.rawValue)' THEN '\($0.next(.assigned).rawValue)'" }.joined(separator: " ")
        let actions = LineAction.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
        return "(CASE WHEN \(historyKnown(on: day)) THEN l.status ELSE "
            + "COALESCE(\(last("CASE e.action \(next) END", among: "e.action IN (\(actions))", day: day)), '\(LineStatus.assigned.rawValue)') END)"
    }

    /// The day of the completion report in force on `day` (NULL when none, or returned since).
    static func completedOn(_ day: CalendarDate) -> String {
        last("CASE e.action WHEN 'complete' THEN e.on_date END", among: "e.action IN ('complete', 'return')", day: day)
    }

    /// `completedOn(day)`, read from the row when the line's whole history is known by `day` (its
    /// completed_on is then the completion in force, as `colour` reads it): a probe only for lines
    /// changed after `day` (issue 23: the deadline check probed ~100,000 finished lines a day).
    static func completion(on day: CalendarDate) -> String {
        "(CASE WHEN \(historyKnown(on: day)) THEN l.completed_on ELSE \(completedOn(day)) END)"
    }

    /// The lines that may be yellow on a day (bind the day twice): a yellow line is not past due
    /// (`colour(on:rules:)` makes those red or green first) and has no completion in force, so its
    /// row has no completion, or its history goes on after the day. Lines in force only.
    static let mayBeYellow = """
        l.id IN (SELECT id FROM responsibilities_lines INDEXED BY responsibilities_lines_open
                 WHERE completed_on IS NULL AND withdrawn_on IS NULL AND due >= ?
                 UNION ALL SELECT id FROM responsibilities_lines INDEXED BY responsibilities_lines_changed
                 WHERE completed_on IS NOT NULL AND withdrawn_on IS NULL AND events_through > ?)
        """

    /// The progress in percent on `day` (0 when none reported; a completion counts 100).
    static func progress(_ day: CalendarDate) -> String {
        "COALESCE(\(last("CASE e.action WHEN 'complete' THEN 100 ELSE e.percent END", among: "(e.action = 'complete' OR (e.action = 'progress' AND e.percent IS NOT NULL))", day: day)), 0)"
    }

    /// Whole days from date expression `a` to `b`, as `CalendarDate.days(until:)`.
    private static func days(_ a: String, _ b: String) -> String {
        "CAST(round(julianday(\(b)) - julianday(\(a))) AS INTEGER)"
    }

    /// The colour on `day` ('green', 'yellow', 'red'), as `LineColour.verdict` decides it.
    static func colour(on day: CalendarDate, rules: ColourRules) -> String {
        let d = "'\(day.iso)'"
        let expected = "min(100, max(0, \(days("l.start", d))) * 100 / max(1, \(days("l.start", "l.due"))))"
        let behind = "(\(expected) - \(progress(day)))"
        // With the whole history known by `day`, the completion in force is the row's completed_on
        // (set by 'complete' to its day, cleared by 'return'): green when there is one, red when
        // there is none and the due day is past; the other cases replay the history.
        let known = historyKnown(on: day)
        return """
            (CASE WHEN \(known) AND l.completed_on IS NOT NULL THEN 'green'
             WHEN \(known) AND \(d) > l.due THEN 'red'
             WHEN \(completedOn(day)) IS NOT NULL THEN 'green'
             WHEN \(d) > l.due THEN 'red'
             WHEN \(behind) > \(rules.behindRedPercent) THEN 'red'
             WHEN \(days(d, "l.due")) <= \(rules.yellowDaysBefore) THEN 'yellow'
             WHEN \(behind) > \(rules.behindYellowPercent) THEN 'yellow'
             ELSE 'green' END)
            """
    }

    /// The colour's severity (green 1, yellow 2, red 3), for a task's worst line.
    static func severity(on day: CalendarDate, rules: ColourRules) -> String {
        "(CASE \(colour(on: day, rules: rules)) WHEN 'green' THEN 1 WHEN 'yellow' THEN 2 WHEN 'red' THEN 3 END)"
    }

    static func severity(of colour: StatusColour) -> Int {
        switch colour {
        case .green: return 1
        case .yellow: return 2
        case .red: return 3
        }
    }
}
