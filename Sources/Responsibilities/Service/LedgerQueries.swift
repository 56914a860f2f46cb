// Reading the ledger: lines and tasks with their colour on a day, filtered, scoped and paged.
import Kernel

/// Filters of `ledger list` / `tasks list` (the same over HTTP).
struct LedgerFilter: Sendable {
    var unitID: Int64?
    var territoryID: Int64?
    var taskID: Int64?
    var planID: Int64?
    var status: LineStatus?
    var colour: StatusColour?
    var period: String?
    /// Withdrawn lines and tasks (撤销) instead of those in force.
    var withdrawn = false
    var day: CalendarDate

    init(day: CalendarDate) { self.day = day }

    /// The filters as read by `LedgerContracts.filter` (or `.day`); the day defaults to `today`.
    init(_ values: Values, today: CalendarDate) {
        day = values.date("on") ?? today
        unitID = values.id("unit_id")
        territoryID = values.id("territory_id")
        taskID = values.id("task_id")
        planID = values.id("plan_id")
        status = values.choice("status", LineStatus.self)
        colour = values.choice("colour", StatusColour.self)
        period = values.text("period")
        withdrawn = values.bool("withdrawn") ?? false
    }

    /// Whether anything narrows the lines beyond the actor's scope.
    var narrowsLines: Bool { unitID != nil || territoryID != nil || status != nil || period != nil }

    var sql: (conditions: [String], arguments: [any DatabaseValueConvertible]) {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let unitID { conditions.append("l.unit_kind = 'unit' AND l.unit_id = ?"); arguments.append(unitID) }
        if let territoryID { conditions.append("l.unit_kind = 'territory' AND l.unit_id = ?"); arguments.append(territoryID) }
        if let taskID { conditions.append("l.task_id = ?"); arguments.append(taskID) }
        if let planID { conditions.append("t.plan_id = ?"); arguments.append(planID) }
        if let period { conditions.append("l.period = ?"); arguments.append(period) }
        conditions.append(withdrawn ? "(l.withdrawn_on IS NOT NULL OR t.withdrawn_on IS NOT NULL)" : "l.withdrawn_on IS NULL AND t.withdrawn_on IS NULL")
        return (conditions, arguments)
    }

    /// `sql` with the status and colour on the filter's day, also in SQL (`LineColourSQL`).
    func lineSQL(rules: ColourRules) -> (conditions: [String], arguments: [any DatabaseValueConvertible]) {
        var (conditions, arguments) = sql
        if let status { conditions.append("\(LineColourSQL.status(on: day)) = ?"); arguments.append(status.rawValue) }
        if let colour { conditions.append("\(LineColourSQL.colour(on: day, rules: rules)) = ?"); arguments.append(colour.rawValue) }
        return (conditions, arguments)
    }
}

enum LedgerQueries {
    /// A page of lines or of tasks (`linePage`, `taskPage`): filter, cursor, page size (nil: every
    /// row, for CSV), who asks, the colour rules.
    typealias PageQuery = @Sendable (LedgerFilter, Int64?, Int?, Actor, ColourRules, Connection) throws -> Page
    /// A line as read: its row, its JSON, its colour and its state on the filter's day.
    typealias ColouredLine = (row: Row, json: JSON, colour: LineVerdict, state: LineState)

    /// A line row with its history → JSON, colour on `day` (none for a withdrawn line: it is out of colours).
    static func lineJSON(_ row: Row, events: [LineEvent], day: CalendarDate, rules: ColourRules) -> (json: JSON, colour: LineVerdict, state: LineState) {
        let start = CalendarDate(iso: row.requiredString("start")) ?? day
        let due = CalendarDate(iso: row.requiredString("due")) ?? day
        let state = LineState(events: events, asOf: day)
        let withdrawnOn = row.string("withdrawn_on") ?? row.string("task_withdrawn_on")
        var verdict = LineColour.verdict(start: start, due: due, state: state, on: day, rules: rules)
        if let withdrawnOn {
            verdict = LineVerdict(colour: verdict.colour, code: "withdrawn",
                                  reason: "已于\(withdrawnOn)撤销,不计颜色和考核" + (row.string("withdrawn_reason").map { ":\($0)" } ?? ""))
        }
        let json: JSON = .object([
            "id": .int(row.requiredInt("id")),
            "task_id": .int(row.requiredInt("task_id")),
            "task_number": .string(row.requiredString("task_number")),
            "task_title": .string(row.requiredString("task_title")),
            "plan_id": JSON(row.int("plan_id")),
            "origin": JSON(row.string("origin")),
            "unit_kind": .string(row.requiredString("unit_kind")),
            "unit_id": .int(row.requiredInt("unit_id")),
            "unit_name": .string(row.requiredString("unit_name")),
            "role": .string(row.requiredString("role")),
            "period": .string(row.requiredString("period")),
            "deadline_phrase": .string(row.requiredString("deadline_phrase")),
            "due": .string(due.iso),
            "start": .string(start.iso),
            "recurring": .bool(row.bool("recurring")),
            "status": .string(state.status.rawValue),
            "progress": JSON(state.progress),
            "completed_on": JSON(state.completedOn?.iso),
            "colour": withdrawnOn == nil ? .string(verdict.colour.rawValue) : .null,
            "colour_code": .string(verdict.code),
            "colour_reason": .string(verdict.reason),
            "as_of": .string(day.iso),
            "source": .string(row.string("source") ?? "plan"),
            "withdrawn_on": JSON(withdrawnOn),
            "withdrawn_reason": JSON(row.string("withdrawn_reason")),
            "version": .int(row.requiredInt("version")),
            "updated_at": .string(row.requiredString("updated_at")),
        ])
        return (json, verdict, state)
    }

    /// Every line matching the filter (colour and status included, in SQL), in id order, after
    /// the cursor and at most `rows` of them when given.
    static func allLines(_ filter: LedgerFilter, after: Int64? = nil, rows limit: Int? = nil, actor: Actor, rules: ColourRules, _ db: Connection) throws -> [ColouredLine] {
        var (conditions, arguments) = filter.lineSQL(rules: rules)
        if filter.colour == .yellow && !filter.withdrawn {
            // Yellow is never past due nor completed on the day: only lines due by then or later
            // with no completion on their row, or whose history goes on after the day (the partial
            // indexes of Responsibilities 009; at ten years 124 of 101,051) are tested.
            conditions.append(LineColourSQL.mayBeYellow)
            arguments += [filter.day.iso, filter.day.iso]
        }
        if let after { conditions.append("l.id > ?"); arguments.append(after) }
        // A colour or status is tested line by line: the lines are walked in id order (a page stops
        // after its rows), unless a task or plan names the few lines to test.
        let linesFirst = (filter.colour != nil || filter.status != nil) && filter.taskID == nil && filter.planID == nil
        return try coloured(try LedgerStore.lines(where: conditions, arguments, actor: actor, limit: limit, linesFirst: linesFirst, db), day: filter.day, rules: rules, db)
    }

    /// Rows of lines with their history read (one range query) and their colour and state on `day`.
    static func coloured(_ rows: [Row], day: CalendarDate, rules: ColourRules, _ db: Connection) throws -> [ColouredLine] {
        let events = try LedgerStore.events(forLines: rows.map { $0.requiredInt("id") }, db)
        return rows.map { row in
            let (json, verdict, state) = lineJSON(row, events: events[row.requiredInt("id")] ?? [], day: day, rules: rules)
            return (row, json, verdict, state)
        }
    }

    /// Lines after the cursor, at most `limit` of them (nil: every one, for CSV). Filters, scope,
    /// colour and status are in the SQL (`LineColourSQL`), the page is cut there (keyset on l.id,
    /// one row more than a page tells there is a next), and only the page's lines are coloured in Swift.
    static func linePage(_ filter: LedgerFilter, after: Int64?, limit: Int?, actor: Actor, rules: ColourRules, _ db: Connection) throws -> Page {
        let lines = try allLines(filter, after: after, rows: limit.map { $0 + 1 }, actor: actor, rules: rules, db)
        let shown = limit.map { Array(lines.prefix($0)) } ?? lines
        let next = limit.flatMap { lines.count > $0 ? shown.last.map { Cursor.encode($0.row.requiredInt("id")) } : nil }
        return Page(items: shown.map(\.json), next: next)
    }

    /// Tasks after the cursor, at most `limit` of them (nil: every one). The tasks are chosen and
    /// cut in SQL (`taskRows`); only the lines of the page's tasks are read and coloured.
    static func taskPage(_ filter: LedgerFilter, after: Int64?, limit: Int?, actor: Actor, rules: ColourRules, _ db: Connection) throws -> Page {
        let rows = try taskRows(filter, after: after, limit: limit.map { $0 + 1 }, actor: actor, rules: rules, db)
        let shown = limit.map { Array(rows.prefix($0)) } ?? rows
        let next = limit.flatMap { rows.count > $0 ? shown.last.map { Cursor.encode($0.requiredInt("id")) } : nil }
        return Page(items: try tasks(filter, rows: shown, actor: actor, rules: rules, db), next: next)
    }
    /// One line with its history.
    static func line(_ id: Int64, day: CalendarDate, actor: Actor, rules: ColourRules, _ db: Connection) throws -> JSON {
        let row = try LedgerStore.line(id, actor: actor, db)
        let events = try LedgerStore.events(forLines: [id], db)[id] ?? []
        let (json, _, state) = lineJSON(row, events: events, day: day, rules: rules)
        guard case .object(var members) = json else { return json }
        let withdrawn = row.string("withdrawn_on") != nil || row.string("task_withdrawn_on") != nil
        members.append(JSON.Member("allowed_actions", JSON(withdrawn ? [] : state.status.allowedActions.map(\.rawValue))))
        members.append(JSON.Member("history", .array(try LedgerStore.history(id, db))))
        return .object(members)
    }

    /// One task with its lines (`ledger_lines`), colours on the filter's day; 404 when the actor sees none of it.
    /// Its lines are read once: for its colour and for the list.
    static func task(_ id: Int64, _ filter: LedgerFilter, actor: Actor, rules: ColourRules, _ db: Connection) throws -> JSON {
        var filter = filter
        filter.taskID = id
        let lines = try allLines(anyColour(filter), actor: actor, rules: rules, db)
        let rows = try taskRows(filter, after: nil, limit: nil, actor: actor, rules: rules, db)
        guard case .object(var members)? = tasks(filter, rows: rows, lines: lines, actor: actor).first else { throw DomainError.notFound("任务", "task", String(id)) }
        let shown = filter.colour.map { colour in lines.filter { $0.colour.colour == colour } } ?? lines
        members.append(JSON.Member("ledger_lines", .array(shown.map(\.json))))
        return .object(members)
    }

    /// Tasks with the colour of their lines (the lines the actor sees, narrowed by the filter).
    static func tasks(_ filter: LedgerFilter, actor: Actor, rules: ColourRules, _ db: Connection) throws -> [JSON] {
        try tasks(filter, rows: taskRows(filter, after: nil, limit: nil, actor: actor, rules: rules, db), actor: actor, rules: rules, db)
    }

    /// The filter for a task's lines: a task's colour is that of all its lines, whatever colour is asked for.
    private static func anyColour(_ filter: LedgerFilter) -> LedgerFilter {
        var lineFilter = filter
        lineFilter.colour = nil
        return lineFilter
    }

    /// The task rows the filter selects, in id order after the cursor, at most `limit`: a task with
    /// no line the actor sees is left out when the actor or the filter narrows the lines (an
    /// indexed EXISTS on responsibilities_lines (task_id)), and a colour is the worst line's, in SQL.
    static func taskRows(_ filter: LedgerFilter, after: Int64?, limit: Int?, actor: Actor, rules: ColourRules, _ db: Connection) throws -> [Row] {
        var conditions: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let planID = filter.planID { conditions.append("t.plan_id = ?"); arguments.append(planID) }
        if let taskID = filter.taskID { conditions.append("t.id = ?"); arguments.append(taskID) }
        if filter.taskID == nil {
            conditions.append(filter.withdrawn
                ? "(t.withdrawn_on IS NOT NULL OR EXISTS (SELECT 1 FROM responsibilities_lines w WHERE w.task_id = t.id AND w.withdrawn_on IS NOT NULL))"
                : "t.withdrawn_on IS NULL")
        }
        var (lineConditions, lineArguments) = anyColour(filter).lineSQL(rules: rules)
        if let scope = LedgerScope.condition(actor) {
            lineConditions.append("(\(scope.sql))")
            lineArguments += scope.arguments
        }
        let lines = "FROM responsibilities_lines l WHERE l.task_id = t.id AND " + lineConditions.joined(separator: " AND ")
        if !actor.isOffice || filter.narrowsLines {
            conditions.append("EXISTS (SELECT 1 \(lines))")
            arguments += lineArguments
        }
        if let colour = filter.colour {
            // No colour for a withdrawn task, nor for any task in the withdrawn view (`tasks(_:rows:lines:actor:)`).
            conditions.append(filter.withdrawn ? "0" : "t.withdrawn_on IS NULL AND (SELECT max(\(LineColourSQL.severity(on: filter.day, rules: rules))) \(lines)) = ?")
            if !filter.withdrawn { arguments += lineArguments + [Int64(LineColourSQL.severity(of: colour))] }
        }
        if let after { conditions.append("t.id > ?"); arguments.append(after) }
        var sql = """
            SELECT t.*, (SELECT count(*) FROM responsibilities_designations d WHERE d.task_id = t.id AND d.status = 'pending') AS to_designate
            FROM responsibilities_tasks t
            """
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += " ORDER BY t.id"
        if let limit { sql += " LIMIT ?"; arguments.append(limit) }
        return try db.query(sql, arguments)
    }

    /// Tasks of `rows` (from `taskRows`) with the colour of their lines, read here: those of the
    /// given tasks only, or every matching line when the rows are not a page.
    private static func tasks(_ filter: LedgerFilter, rows: [Row], actor: Actor, rules: ColourRules, _ db: Connection) throws -> [JSON] {
        guard !rows.isEmpty else { return [] }
        var (conditions, arguments) = anyColour(filter).lineSQL(rules: rules)
        let ids = rows.map { $0.requiredInt("id") }
        if ids.count <= 500 {  // a page; an export (every task) reads every matching line instead
            conditions.append("l.task_id IN (\(ids.map { _ in "?" }.joined(separator: ", ")))")
            arguments += ids
        }
        if let scope = LedgerScope.condition(actor) {
            conditions.append("(\(scope.sql))")
            arguments += scope.arguments
        }
        // Each line's colour in SQL (ids only); only the first line of each task's worst colour
        // is read in full and coloured in Swift, for the task's reason.
        var summaries: [Int64: TaskLines] = [:]
        try db.forEachRow("""
            SELECT l.id, l.task_id, \(LineColourSQL.severity(on: filter.day, rules: rules)) AS severity
            FROM responsibilities_lines l JOIN responsibilities_tasks t ON t.id = l.task_id
            WHERE \(conditions.joined(separator: " AND ")) ORDER BY l.id
            """, arguments) { row in
            let colour = StatusColour.allCases.first { LineColourSQL.severity(of: $0) == Int(row.requiredInt("severity")) } ?? .green
            summaries[row.requiredInt("task_id"), default: TaskLines()].add(line: row.requiredInt("id"), colour)
        }
        let firstWorst = summaries.values.compactMap(\.firstWorst).sorted()
        var lines: [Int64: (JSON, LineVerdict)] = [:]
        var start = 0
        while start < firstWorst.count {
            let chunk = Array(firstWorst[start..<min(firstWorst.count, start + 500)])
            let rows = try LedgerStore.lines(where: ["l.id IN (\(chunk.map { _ in "?" }.joined(separator: ", ")))"], chunk, actor: actor, db)
            for line in try coloured(rows, day: filter.day, rules: rules, db) { lines[line.row.requiredInt("id")] = (line.json, line.colour) }
            start += chunk.count
        }
        var result: [JSON] = []
        let narrowed = !actor.isOffice || filter.narrowsLines
        for task in rows {
            let id = task.requiredInt("id")
            let mine = summaries[id] ?? TaskLines()
            if mine.total == 0 && narrowed { continue }
            let pending = task.int("to_designate") ?? 0
            var verdict = taskVerdict(mine, first: mine.firstWorst.flatMap { lines[$0] }, toDesignate: Int(pending), withdrawnOn: task.string("withdrawn_on"))
            if filter.withdrawn && task.string("withdrawn_on") == nil {
                verdict = (nil, "withdrawn", "任务在办;其中\(mine.total)条台账已撤销,不计颜色和考核")
            }
            if let colour = filter.colour, verdict.colour != colour { continue }
            result.append(taskJSON(task, verdict: verdict, pending: pending, lines: mine, day: filter.day))
        }
        return result
    }

    /// The colours of a task's lines: how many of each, and the first line (in id order) of the worst.
    struct TaskLines {
        var counts: [StatusColour: Int] = [:]
        var worst: StatusColour?
        var firstWorst: Int64?
        var total: Int { counts.values.reduce(0, +) }

        init() {}

        init(_ lines: [(JSON, LineVerdict)]) {
            for (json, verdict) in lines { add(line: json["id"]?.intValue ?? 0, verdict.colour) }
        }

        mutating func add(line: Int64, _ colour: StatusColour) {
            counts[colour, default: 0] += 1
            if worst.map({ colour > $0 }) ?? true { worst = colour; firstWorst = line }
        }
    }

    static func taskJSON(_ task: Row, verdict: (colour: StatusColour?, code: String, reason: String), pending: Int64, lines: TaskLines, day: CalendarDate) -> JSON {
        func count(_ colour: StatusColour) -> JSON { .int(Int64(lines.counts[colour] ?? 0)) }
        return .object([
            "id": .int(task.requiredInt("id")), "plan_id": JSON(task.int("plan_id")), "number": .string(task.requiredString("number")),
            "title": .string(task.requiredString("title")), "origin": JSON(task.string("origin")),
            "start_date": .string(task.requiredString("start_date")),
            "colour": JSON(verdict.colour?.rawValue), "colour_code": .string(verdict.code), "colour_reason": .string(verdict.reason),
            "to_designate": .int(pending), "withdrawn_on": JSON(task.string("withdrawn_on")),
            "lines": .int(Int64(lines.total)), "green": count(.green), "yellow": count(.yellow), "red": count(.red),
            "as_of": .string(day.iso),
        ])
    }

    /// Tasks of `rows` with the colour of `lines` (those of `anyColour(filter)`).
    private static func tasks(_ filter: LedgerFilter, rows: [Row], lines: [ColouredLine], actor: Actor) -> [JSON] {
        var byTask: [Int64: [(JSON, LineVerdict)]] = [:]
        for line in lines { byTask[line.row.requiredInt("task_id"), default: []].append((line.json, line.colour)) }
        var result: [JSON] = []
        let narrowed = !actor.isOffice || filter.narrowsLines
        for task in rows {
            let id = task.requiredInt("id")
            let mine = byTask[id] ?? []
            if mine.isEmpty && narrowed { continue }
            let pending = task.int("to_designate") ?? 0
            var verdict = taskVerdict(mine.map(\.1), lines: mine.map(\.0), toDesignate: Int(pending), withdrawnOn: task.string("withdrawn_on"))
            if filter.withdrawn && task.string("withdrawn_on") == nil {
                verdict = (nil, "withdrawn", "任务在办;其中\(mine.count)条台账已撤销,不计颜色和考核")
            }
            if let colour = filter.colour, verdict.colour != colour { continue }
            result.append(taskJSON(task, verdict: verdict, pending: pending, lines: TaskLines(mine), day: filter.day))
        }
        return result
    }

    /// A task's colour: the worst of its lines, with the reason of the first line of that colour;
    /// none when it has no line in force (withdrawn, to be designated, or unassigned).
    static func taskVerdict(_ verdicts: [LineVerdict], lines: [JSON], toDesignate: Int = 0, withdrawnOn: String? = nil)
        -> (colour: StatusColour?, code: String, reason: String) {
        if let withdrawnOn { return (nil, "withdrawn", "任务已于\(withdrawnOn)撤销,不计颜色和考核") }
        guard let worst = verdicts.map(\.colour).max() else {
            if toDesignate > 0 { return (nil, "to_designate", "有关单位待区安委办明确(\(toDesignate)项),明确前没有台账") }
            return (nil, "unassigned", "未分配:没有责任单位的台账")
        }
        let count = verdicts.filter { $0.colour == worst }.count
        guard let index = verdicts.firstIndex(where: { $0.colour == worst }) else { return (worst, "", "") }
        return worstVerdict(worst, total: verdicts.count, count: count, first: (lines[index], verdicts[index]), toDesignate: toDesignate)
    }

    /// The same from a task's colour counts and the first line of its worst colour (`first`, coloured in Swift).
    static func taskVerdict(_ lines: TaskLines, first: (JSON, LineVerdict)?, toDesignate: Int, withdrawnOn: String?) -> (colour: StatusColour?, code: String, reason: String) {
        if let withdrawnOn { return (nil, "withdrawn", "任务已于\(withdrawnOn)撤销,不计颜色和考核") }
        guard let worst = lines.worst, let first else { return taskVerdict([], lines: [], toDesignate: toDesignate) }
        return worstVerdict(worst, total: lines.total, count: lines.counts[worst] ?? 0, first: first, toDesignate: toDesignate)
    }

    private static func worstVerdict(_ worst: StatusColour, total: Int, count: Int, first: (JSON, LineVerdict), toDesignate: Int) -> (colour: StatusColour?, code: String, reason: String) {
        let unit = Render.cell(first.0["unit_name"]), period = Render.cell(first.0["period"])
        var reason = "\(total)条台账中\(count)条\(worst.chinese);如\(unit) \(period):\(first.1.reason)"
        if toDesignate > 0 { reason += ";另有\(toDesignate)项有关单位待明确" }
        return (worst, first.1.code, reason)
    }
}
