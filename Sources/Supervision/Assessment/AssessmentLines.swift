// The deduction and bonus lines of one leaf indicator for one assessed body, as of a date: only
// records that existed on that date count (facts Supervision had learnt by then, visits, findings,
// instruments, draws and manual items recorded by then), so a later `anwei tick` cannot change them.
// Every reason is a Chinese sentence naming bodies; `code` and `source` are the stable references.
import Kernel

/// One line: `points` negative for a deduction.
struct ScoreLine {
    var indicator: String
    var code: String
    var points: Int64
    var reason: String
    var source: String

    var json: JSON {
        .object(["indicator": .string(indicator), "code": .string(code), "points": .int(points), "reason": .string(reason), "source": .string(source)])
    }
}

/// What every subject's lines are computed from, read once per report.
struct AssessmentContext {
    let year: Int
    let asOf: CalendarDate
    /// The first stored instant after the as-of day: records created before it existed on that day.
    let knownBefore: String
    /// Coverage cells of the quarters ended by the as-of day, as known on that day.
    let cells: [CoverageService.Cell]
    /// Each group's organiser (its leader's unit): whoever answers for the group's visits.
    let organisers: [Int64: Int64]
    let names: Names

    init(core: Core, year: Int, asOf: CalendarDate, _ db: Connection) throws {
        self.year = year
        self.asOf = asOf
        knownBefore = CoverageService.endOf(asOf)
        let quarters = Quarter.all(of: year).filter { $0.end < asOf }
        cells = try CoverageService(core: core).cells(quarters, today: asOf.adding(days: 1), knownBy: asOf, actor: .system("assessment"), db)
        var organisers: [Int64: Int64] = [:]
        for row in try db.query("SELECT id, leader_unit_id FROM supervision_groups WHERE leader_unit_id IS NOT NULL") {
            organisers[row.requiredInt("id")] = row.int("leader_unit_id")
        }
        self.organisers = organisers
        names = Names(db: db)
    }
}

enum AssessmentLines {
    static let factLabels: [String: String] = [
        "taskOverdue": "任务逾期（红灯）", "taskCompletedLate": "任务逾期办结", "hazardOverdue": "隐患逾期未整改", "hazardClosedLate": "隐患逾期销号",
        "hazardReopened": "隐患整改后复发", "hazardMajorRegistered": "新增重大隐患", "meetingMissing": "未按季度召开会商研判", "trainingRed": "企业安全培训不合规",
        "taskDueSoon": "任务临期", "taskCompletedOnTime": "任务按期办结", "hazardRegistered": "新增隐患", "hazardClosedOnTime": "隐患按期销号",
    ]

    static func label(_ kind: String) -> String { factLabels[kind] ?? kind }

    /// Text from another module's event, kept only when it reads as Chinese (an English reason would
    /// put English in a Chinese sentence; the stable reference is in `source` anyway).
    static func chinese(_ text: String?) -> String? {
        guard let text, text.unicodeScalars.contains(where: { (0x4E00...0x9FFF).contains($0.value) }) else { return nil }
        return text
    }

    static func lines(_ leaf: Indicator, subject: AssessmentService.Subject, _ context: AssessmentContext, _ db: Connection) throws -> [ScoreLine] {
        guard leaf.appliesTo.contains(subject.kind) else { return [] }
        var lines: [ScoreLine] = []
        switch leaf.source {
        case "facts": lines = try facts(leaf, subject, context, db)
        case "visitsMissing": lines = try visits(leaf, subject, context, db)
        case "findingsOverdue": lines = try findings(leaf, subject, context, db)
        case "instruments": lines = try instruments(leaf, subject, context, db)
        default: break
        }
        return lines + (try manual(leaf, subject, context, db))
    }

    private static func facts(_ leaf: Indicator, _ subject: AssessmentService.Subject, _ context: AssessmentContext, _ db: Connection) throws -> [ScoreLine] {
        var lines: [ScoreLine] = []
        for kind in leaf.points.keys.sorted() {
            let each = leaf.points[kind] ?? 0
            guard each > 0 else { continue }
            // One line per distinct source record (a hazard overdue at 1, 30 and 90 days counts once),
            // and only facts learnt by the as-of day. By the year index: the planner would otherwise
            // take `supervision_facts_kind` (no sort for the grouping) and read the kind's facts of every year.
            // A hazard's registration or closing (nine lines in ten at ten years: 211,000 in 2024)
            // names only the hazard's code and grade, an overdue hazard (110,000 lines) also its
            // days and listing: SQLite picks those few values from the detail in one pass (a JSON
            // array of them) instead of the whole detail being parsed in Swift (`describeHazard`,
            // `describeOverdue`), each read as `describe` reads it from the parsed detail.
            let byCode = hazardByCode.contains(kind), overdue = kind == "hazardOverdue"
            let columns = byCode ? picked(hazardPaths) : overdue ? picked(overduePaths) : "max(detail) AS detail"
            let rows = try db.query(factsSQL(columns), [subject.kind, subject.id, kind, context.year, context.asOf.iso, context.asOf.iso, context.asOf.iso])
            let title = "\(label(kind))："
            for row in rows {
                let reference = row.requiredString("reference"), date = row.requiredString("date")
                let reason: String
                if byCode {
                    let values = pickedValues(row, count: hazardPaths.count)
                    reason = title + describeHazard(code: values[0].stringValue, major: values[1] == "major", reference: reference, date: date)
                } else if overdue {
                    let values = pickedValues(row, count: overduePaths.count)
                    reason = title + describeOverdue(hazardName(code: values[0].stringValue, major: values[1] == "major"), reference: reference,
                                                     days: Render.cell(values[2]), listed: values[3] == .bool(true))
                } else {
                    let detail = (try? JSONParser.parse(row.requiredString("detail"))) ?? .null
                    reason = title + describe(kind, reference: reference, date: date, detail, context)
                }
                lines.append(ScoreLine(indicator: leaf.code, code: kind, points: -each, reason: reason,
                                       source: "event \(row.requiredInt("event_id")) (\(reference))"))
            }
        }
        return lines
    }

    /// One line per distinct source record of a subject's facts of a kind, with `detail` (columns
    /// made of the group's max(detail)); `?`: subject kind and id, kind, year, the as-of day three times.
    static func factsSQL(_ detail: String) -> String {
        """
        SELECT reference, min(event_id) AS event_id, min(date) AS date, \(detail) FROM supervision_facts f INDEXED BY supervision_facts_subject
        WHERE subject_kind = ? AND subject_id = ? AND kind = ? AND year = ? AND date <= ? AND coalesce(known_on, date) <= ?
            AND \(LineWithdrawals.inForce("f"))
        GROUP BY reference ORDER BY min(date), reference
        """
    }

    /// What a hazard's line reads from its detail: code and grade; an overdue one's also its days and listing.
    static let hazardPaths = ["$.code", "$.grade"]
    static let overduePaths = hazardPaths + ["$.days_overdue", "$.listed"]

    /// The column `picked`: the values at `paths` in the group's max(detail), as a JSON array (a
    /// missing one null); NULL when the detail is not JSON.
    static func picked(_ paths: [String]) -> String {
        "CASE WHEN json_valid(max(detail)) THEN json_extract(max(detail), \(paths.map { "'\($0)'" }.joined(separator: ", "))) END AS picked"
    }

    /// The `count` values of the row's `picked` column; all null when the detail was not JSON (as
    /// `describe` reads a detail that does not parse).
    static func pickedValues(_ row: Row, count: Int) -> [JSON] {
        guard let text = row.string("picked"), let values = PickedValues.parse(text), values.count == count else {
            return Array(repeating: .null, count: count)
        }
        return values
    }

    /// The kinds whose line names the hazard by code and grade only (`describe`'s last hazard case).
    static let hazardByCode: Set<String> = ["hazardClosedLate", "hazardMajorRegistered", "hazardRegistered", "hazardClosedOnTime"]

    /// `describe` for `hazardByCode`, from the detail's code (a string, or none) and whether its grade is "major".
    static func describeHazard(code: String?, major: Bool, reference: String, date: String) -> String {
        "\(hazardName(code: code, major: major) ?? reference)，\(date)"
    }

    /// An overdue hazard's line: its name (or reference), its days overdue as written, and 已挂牌 when listed.
    static func describeOverdue(_ hazard: String?, reference: String, days: String, listed: Bool) -> String {
        "\(hazard ?? reference)，逾期 \(days) 天" + (listed ? "（已挂牌）" : "")
    }

    /// A hazard as a line names it, when its code is known: 隐患 <code>（重大）or（一般）.
    static func hazardName(code: String?, major: Bool) -> String? {
        code.map { "隐患 \($0)" + (major ? "（重大）" : "（一般）") }
    }

    /// The record behind a fact, in Chinese.
    static func describe(_ kind: String, reference: String, date: String, _ detail: JSON, _ context: AssessmentContext) -> String {
        let hazard = hazardName(code: detail["code"]?.stringValue, major: detail["grade"] == "major")
        switch kind {
        case "taskOverdue", "taskCompletedLate", "taskDueSoon", "taskCompletedOnTime":
            var text = "\(task(detail, reference: reference))，期限 \(detail["due"]?.stringValue ?? date)"
            if let why = chinese(detail["reason"]?.stringValue) { text += "；\(why)" }
            return text
        case "hazardOverdue":
            return describeOverdue(hazard, reference: reference, days: Render.cell(detail["days_overdue"]), listed: detail["listed"] == .bool(true))
        case "hazardReopened":
            return "\(hazard ?? reference)" + (chinese(detail["reason"]?.stringValue).map { "：\($0)" } ?? "")
        case "hazardClosedLate", "hazardMajorRegistered", "hazardRegistered", "hazardClosedOnTime":
            return describeHazard(code: detail["code"]?.stringValue, major: detail["grade"] == "major", reference: reference, date: date)
        case "meetingMissing":
            return "\(detail["body"]?.stringValue ?? "")\(detail["quarter"]?.stringValue ?? date) 未召开季度会商研判"
        case "trainingRed":
            return "\(context.names.enterprise(detail["enterprise_id"]?.intValue))（\(date)）"
        default:
            return "\(reference)，\(date)"
        }
    }

    /// A ledger line's task as a person reads it: `任务（七）“…”（台账行 88）`, by number and title when
    /// the event carried them (older facts: `任务 7（台账行 88）`); the line id stays beside.
    static func task(_ detail: JSON, reference: String, unit: String? = nil) -> String {
        let line = reference.hasPrefix("ledger-line:") ? "台账行 \(reference.dropFirst("ledger-line:".count))" : reference
        let period = detail["period"]?.stringValue.flatMap { $0 == detail["due"]?.stringValue ? nil : $0 }
        let beside = [unit, period, line].compactMap { $0 }.joined(separator: " ")
        guard let title = detail["task_title"]?.stringValue else { return "任务 \(Render.cell(detail["task_id"]))（\(beside)）" }
        return "任务\(detail["task_number"]?.stringValue ?? "")“\(title)”（\(beside)）"
    }

    /// 季度督导全覆盖: a covered territory left unvisited when its quarter ended counts against the
    /// group's organiser unit (whoever missed the visit), never against the town; so does a re-draw.
    private static func visits(_ leaf: Indicator, _ subject: AssessmentService.Subject, _ context: AssessmentContext, _ db: Connection) throws -> [ScoreLine] {
        guard subject.kind == "unit" else { return [] }
        let groups = context.organisers.filter { $0.value == subject.id }.keys.sorted()
        guard !groups.isEmpty else { return [] }
        var lines: [ScoreLine] = []
        let each = leaf.points["visitMissing"] ?? 0
        if each > 0 {
            for cell in context.cells where cell.status == "overdue" {
                guard let group = cell.groupID, groups.contains(group) else { continue }
                lines.append(ScoreLine(indicator: leaf.code, code: "visitMissing", points: -each,
                                       reason: "季度督导未覆盖：\(cell.reason)（\(context.names.unit(subject.id))为该督导组组织单位）",
                                       source: "supervision coverage \(cell.quarter) territory \(cell.territoryID) group \(group)"))
            }
        }
        // A re-draw with its reason is allowed: by default it stands in the assessment as a line of
        // no points (seen, not punished); a scheme may give it points.
        if let redraw = leaf.points["redraw"] {
            let rows = try db.query("""
                SELECT id, group_id, quarter, redraw_of, redraw_reason FROM supervision_draws
                WHERE redraw_of IS NOT NULL AND quarter LIKE ? AND planned_at < ? AND group_id IN (\(Visibility.placeholders(groups.count))) ORDER BY planned_at, id
                """, ["\(context.year)-Q%", context.knownBefore] + groups.map { $0 as any DatabaseValueConvertible })
            for row in rows {
                lines.append(ScoreLine(indicator: leaf.code, code: "redraw", points: -redraw,
                                       reason: "四不两直重新抽签：\(context.names.group(row.requiredInt("group_id"))) \(row.requiredString("quarter")) 抽签 \(row.requiredInt("id")) 取代抽签 \(row.int("redraw_of") ?? 0)，理由：\(row.string("redraw_reason") ?? "")",
                                       source: "supervision draw \(row.requiredInt("id"))"))
            }
        }
        return lines
    }

    private static func findings(_ leaf: Indicator, _ subject: AssessmentService.Subject, _ context: AssessmentContext, _ db: Connection) throws -> [ScoreLine] {
        let each = leaf.points["findingOverdue"] ?? 0
        guard each > 0 else { return [] }
        let rows = try db.query("""
            SELECT f.id, f.deadline, f.description,
                (SELECT min(s.at) FROM supervision_finding_steps s WHERE s.finding_id = f.id AND s.kind = 'completion' AND s.at < ?) AS completed_at
            FROM supervision_findings f WHERE f.responsible_kind = ? AND f.responsible_id = ? AND f.year = ? AND f.deadline < ? AND f.created_at < ? ORDER BY f.id
            """, [context.knownBefore, subject.kind, subject.id, context.year, context.asOf.iso, context.knownBefore])
        var lines: [ScoreLine] = []
        for row in rows {
            let deadline = row.requiredString("deadline")
            let completed = row.string("completed_at").flatMap(Instant.parse).map { CalendarDate($0).iso }
            if let completed, completed <= deadline { continue }
            let state = completed.map { "\($0) 才整改完成" } ?? "截至 \(context.asOf.iso) 未整改完成"
            lines.append(ScoreLine(indicator: leaf.code, code: "findingOverdue", points: -each,
                                   reason: "督导问题整改逾期：问题 \(row.requiredInt("id"))，期限 \(deadline)，\(state)（\(row.requiredString("description"))）",
                                   source: "supervision finding \(row.requiredInt("id"))"))
        }
        return lines
    }

    private static func instruments(_ leaf: Indicator, _ subject: AssessmentService.Subject, _ context: AssessmentContext, _ db: Connection) throws -> [ScoreLine] {
        let rows = try db.query("""
            SELECT id, kind, number, date, reason FROM supervision_instruments
            WHERE target_kind = ? AND target_id = ? AND year = ? AND date <= ? AND created_at < ? ORDER BY date, id
            """, [subject.kind, subject.id, context.year, context.asOf.iso, context.knownBefore])
        var lines: [ScoreLine] = []
        for row in rows {
            let kind = row.requiredString("kind")
            let each = leaf.points[kind] ?? 0
            guard each > 0 else { continue }
            lines.append(ScoreLine(indicator: leaf.code, code: kind, points: -each,
                                   reason: "被采取\(InstrumentKind(rawValue: kind)?.label ?? kind)：\(row.requiredString("number"))（\(row.requiredString("date"))），\(row.requiredString("reason"))",
                                   source: "supervision instrument \(row.requiredInt("id"))"))
        }
        return lines
    }

    /// Manual items recorded by the as-of day and not withdrawn by then.
    private static func manual(_ leaf: Indicator, _ subject: AssessmentService.Subject, _ context: AssessmentContext, _ db: Connection) throws -> [ScoreLine] {
        try db.query("""
            SELECT id, points, reason, evidence FROM supervision_assessment_items
            WHERE year = ? AND subject_kind = ? AND subject_id = ? AND indicator = ? AND created_at < ? AND (withdrawn_at IS NULL OR withdrawn_at >= ?) ORDER BY id
            """, [context.year, subject.kind, subject.id, leaf.code, context.knownBefore, context.knownBefore]).map { row in
            let points = row.requiredInt("points")
            return ScoreLine(indicator: leaf.code, code: points < 0 ? "manualDeduction" : "manualBonus", points: points,
                             reason: "\(points < 0 ? "人工扣分" : "人工加分")：\(row.requiredString("reason"))（依据：\(row.requiredString("evidence"))）",
                             source: "assessment item \(row.requiredInt("id"))")
        }
    }
}
