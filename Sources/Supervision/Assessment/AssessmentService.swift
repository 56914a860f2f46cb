// Running the yearly assessment (考核): every town/scenic area/zone and member unit scored on the
// indicator tree from the facts Supervision recorded from events and from its own records, plus
// manual items with evidence; every deduction is a line with its reason and source record. The
// report depends only on the data and the as-of date, so the same data gives the same bytes.
import CLI
import Kernel

struct AssessmentService {
    let core: Core

    struct Line { var indicator: String; var points: Int64; var reason: String; var source: String }
    struct Subject { var kind: String; var id: Int64; var name: String }

    /// The date the year is judged on: its last day once over, else today.
    func asOf(year: Int, given: CalendarDate?) -> CalendarDate {
        if let given { return given }
        let end = CalendarDate.endOfMonth(year: year, month: 12)
        return min(core.today, end)
    }

    func subjects(_ db: Connection) throws -> [Subject] {
        try db.query("SELECT id, name FROM registry_territories ORDER BY id").map { Subject(kind: "territory", id: $0.requiredInt("id"), name: $0.requiredString("name")) }
            + db.query("SELECT id, name FROM registry_units WHERE is_member = 1 AND is_office = 0 ORDER BY id").map { Subject(kind: "unit", id: $0.requiredInt("id"), name: $0.requiredString("name")) }
    }

    /// Deduction lines of one leaf for one subject.
    func deductions(_ leaf: Indicator, _ subject: Subject, year: Int, asOf: CalendarDate, _ db: Connection) throws -> [Line] {
        guard leaf.appliesTo.contains(subject.kind) else { return [] }
        var lines: [Line] = []
        switch leaf.source {
        case "facts":
            for kind in leaf.points.keys.sorted() {
                let each = leaf.points[kind] ?? 0
                // One line per distinct source record (a hazard overdue at 1, 30 and 90 days counts once).
                let rows = try db.query("""
                    SELECT reference, min(event_id) AS event_id, min(date) AS date, min(detail) AS detail FROM supervision_facts
                    WHERE subject_kind = ? AND subject_id = ? AND kind = ? AND year = ? AND date <= ? GROUP BY reference ORDER BY min(date), reference
                    """, [subject.kind, subject.id, kind, year, asOf.iso])
                for row in rows {
                    let detail = (try? JSONParser.parse(row.requiredString("detail"))) ?? .null
                    var why = "\(label(kind)) \(row.requiredString("reference")) on \(row.requiredString("date"))"
                    if let reason = detail["reason"]?.stringValue { why += ": \(reason)" }
                    lines.append(Line(indicator: leaf.code, points: -each, reason: why, source: "event \(row.requiredInt("event_id")) (\(row.requiredString("reference")))"))
                }
            }
        case "visitsMissing":
            let each = leaf.points["visitMissing"] ?? 0
            let quarters = Quarter.all(of: year).filter { $0.end < asOf }
            let cells = try CoverageService(core: core).cells(quarters, today: asOf.adding(days: 1), actor: .system("assessment"), db)
            for cell in cells where cell.territoryID == subject.id && (cell.status == "overdue" || cell.status == "missing") {
                lines.append(Line(indicator: leaf.code, points: -each, reason: cell.reason, source: "supervision coverage \(cell.quarter) territory \(cell.territoryID)"))
            }
        case "findingsOverdue":
            let each = leaf.points["findingOverdue"] ?? 0
            let rows = try db.query("""
                SELECT f.id, f.deadline, f.description, f.status,
                    (SELECT min(s.at) FROM supervision_finding_steps s WHERE s.finding_id = f.id AND s.kind = 'completion') AS completed_at
                FROM supervision_findings f WHERE f.responsible_kind = ? AND f.responsible_id = ? AND f.year = ? AND f.deadline < ? ORDER BY f.id
                """, [subject.kind, subject.id, year, asOf.iso])
            for row in rows {
                let deadline = row.requiredString("deadline")
                let completed = row.string("completed_at").flatMap(Instant.parse).map { CalendarDate($0).iso }
                if let completed, completed <= deadline { continue }
                let state = completed.map { "rectified late on \($0)" } ?? "not rectified by \(asOf.iso)"
                lines.append(Line(indicator: leaf.code, points: -each, reason: "finding \(row.requiredInt("id")) due \(deadline), \(state): \(row.requiredString("description"))",
                                  source: "supervision finding \(row.requiredInt("id"))"))
            }
        case "instruments":
            let rows = try db.query("SELECT id, kind, number, date, reason FROM supervision_instruments WHERE target_kind = ? AND target_id = ? AND year = ? AND date <= ? ORDER BY date, id",
                                    [subject.kind, subject.id, year, asOf.iso])
            for row in rows {
                let each = leaf.points[row.requiredString("kind")] ?? 0
                guard each > 0 else { continue }
                lines.append(Line(indicator: leaf.code, points: -each,
                                  reason: "\(InstrumentKind(rawValue: row.requiredString("kind"))?.label ?? "") \(row.requiredString("number")) on \(row.requiredString("date")): \(row.requiredString("reason"))",
                                  source: "supervision instrument \(row.requiredInt("id"))"))
            }
        default: break
        }
        // Manual items (bonus or deduction) with their evidence.
        for row in try db.query("SELECT id, points, reason, evidence FROM supervision_assessment_items WHERE year = ? AND subject_kind = ? AND subject_id = ? AND indicator = ? ORDER BY id",
                                [year, subject.kind, subject.id, leaf.code]) {
            lines.append(Line(indicator: leaf.code, points: row.requiredInt("points"), reason: "\(row.requiredString("reason")) (evidence: \(row.requiredString("evidence")))",
                              source: "assessment item \(row.requiredInt("id"))"))
        }
        return lines
    }

    func label(_ kind: String) -> String {
        [
            "taskOverdue": "任务逾期(红灯)", "taskCompletedLate": "任务逾期办结", "hazardOverdue": "隐患逾期未整改", "hazardClosedLate": "隐患逾期销号",
            "hazardReopened": "隐患整改后复发", "hazardMajorRegistered": "新增重大隐患", "meetingMissing": "未按季度召开会商", "trainingRed": "企业培训不合规",
        ][kind] ?? kind
    }

    /// The report: deterministic for the same data, year and as-of date.
    func report(year: Int, asOf given: CalendarDate? = nil, _ db: Connection) throws -> JSON {
        let asOf = asOf(year: year, given: given)
        let indicators = try AssessmentScheme.load(year: year, db)
        var results: [(subject: Subject, total: Int64, members: [JSON.Member])] = []
        for subject in try subjects(db) {
            var allLines: [Line] = []
            func score(_ indicator: Indicator) throws -> (Int64, Int64, JSON) {
                if indicator.isLeaf {
                    guard indicator.appliesTo.contains(subject.kind) else {
                        return (0, 0, .object(["code": .string(indicator.code), "name": .string(indicator.name), "weight": 0, "score": 0, "note": "not applicable"]))
                    }
                    let lines = try deductions(indicator, subject, year: year, asOf: asOf, db)
                    allLines += lines
                    let raw = indicator.weight + lines.reduce(0) { $0 + $1.points }
                    let value = max(0, min(indicator.weight, raw))
                    return (value, indicator.weight, .object(["code": .string(indicator.code), "name": .string(indicator.name), "weight": .int(indicator.weight), "score": .int(value)]))
                }
                var sum: Int64 = 0, weight: Int64 = 0
                var children: [JSON] = []
                for child in indicator.children {
                    let (s, w, j) = try score(child)
                    sum += s; weight += w; children.append(j)
                }
                return (sum, weight, .object(["code": .string(indicator.code), "name": .string(indicator.name), "weight": .int(weight), "score": .int(sum), "children": .array(children)]))
            }
            var total: Int64 = 0, weight: Int64 = 0
            var tree: [JSON] = []
            for indicator in indicators {
                let (s, w, j) = try score(indicator)
                total += s; weight += w; tree.append(j)
            }
            // Scores on a 100-point scale when some indicators do not apply (units have no visits to receive).
            let scaled = weight == 0 ? 0 : (total * 1000 / weight + 5) / 10
            results.append((subject, scaled, [
                JSON.Member("kind", .string(subject.kind)), JSON.Member("id", .int(subject.id)), JSON.Member("name", .string(subject.name)),
                JSON.Member("points", .int(total)), JSON.Member("applicable_weight", .int(weight)), JSON.Member("score", .int(scaled)),
                JSON.Member("indicators", .array(tree)),
                JSON.Member("lines", .array(allLines.map { .object(["indicator": .string($0.indicator), "points": .int($0.points), "reason": .string($0.reason), "source": .string($0.source)]) })),
            ]))
        }
        var subjectsJSON: [JSON] = []
        for kind in ["territory", "unit"] {
            let ranked = results.filter { $0.subject.kind == kind }.sorted { ($0.total, -$0.subject.id) > ($1.total, -$1.subject.id) }
            var rank = 0
            var previous: Int64?
            for (index, result) in ranked.enumerated() {
                if result.total != previous { rank = index + 1; previous = result.total }
                subjectsJSON.append(.object(result.members + [JSON.Member("rank", .int(Int64(rank)))]))
            }
        }
        let body = JSON.object(["year": .int(Int64(year)), "as_of": .string(asOf.iso), "scheme": AssessmentScheme.json(indicators, year: year), "results": .array(subjectsJSON)])
        return .object(["year": .int(Int64(year)), "as_of": .string(asOf.iso), "digest": .string(Crypto.sha256Hex(body.serialized)),
                        "scheme": AssessmentScheme.json(indicators, year: year), "results": .array(subjectsJSON)])
    }

    /// Runs and records the run (who, when, digest); the report itself carries no run time.
    func run(year: Int, asOf: CalendarDate?, _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isOffice else { throw DomainError.forbidden("only the committee office (admin) runs the assessment") }
        let report = try report(year: year, asOf: asOf, tx.db)
        try tx.db.execute("INSERT INTO supervision_assessment_runs (year, digest, run_by, run_at) VALUES (?, ?, ?, ?)",
                          [year, report["digest"]?.stringValue ?? "", tx.actor.username, tx.nowText])
        try tx.audit(action: "supervision.assessment.run", entity: "supervision_assessment", entityID: String(year),
                     summary: "assessment \(year) as of \(Render.cell(report["as_of"])): digest \(Render.cell(report["digest"]))")
        return report
    }

    func addItem(_ values: Values, _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isOffice else { throw DomainError.forbidden("only the committee office (admin) records manual assessment items") }
        let subject: (kind: BodyKind, id: Int64)
        switch BodyFields.subject.require(values) {
        case .failure(let error): throw DomainError.validation([error])
        case .success(let body): subject = body
        }
        let year = values.int("year") ?? Int64(tx.today.year)
        let indicator = values.text("indicator") ?? ""
        let points = values.int("points") ?? 0
        let reason = values.text("reason") ?? "", evidence = values.text("evidence") ?? ""
        let leaves = try AssessmentScheme.load(year: Int(year), tx.db).flatMap(\.leaves).map(\.code)
        if !leaves.contains(indicator) {
            throw DomainError.validation([FieldError("indicator", "not_found", "指标 \(indicator) 不是 \(year) 年考核方案的末级指标 (not a leaf of the \(year) scheme: \(leaves.joined(separator: ", ")))")])
        }
        let kind = subject.kind.rawValue
        try tx.db.execute("""
            INSERT INTO supervision_assessment_items (year, subject_kind, subject_id, indicator, points, reason, evidence, recorded_by, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [year, kind, subject.id, indicator, points, reason, evidence, tx.actor.username, tx.nowText])
        let id = tx.db.lastInsertRowID
        let record = JSON.object(["id": .int(id), "year": .int(year), "subject_kind": .string(kind), "subject_id": .int(subject.id), "indicator": .string(indicator),
                                  "points": .int(points), "reason": .string(reason), "evidence": .string(evidence)])
        try tx.audit(action: "supervision.assessment.item", entity: "supervision_assessment_item", entityID: String(id), after: record, summary: "\(indicator) \(points) for \(kind) \(subject.id)")
        return record
    }

    /// Sets the year's indicator tree (validated: leaves' weights sum to 100).
    func setScheme(year: Int, _ values: Values, _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isOffice else { throw DomainError.forbidden("only the committee office (admin) sets the assessment scheme") }
        var errors: [FieldError] = []
        let parsed = values.objects("indicators").enumerated().compactMap { Indicator.read($1, path: "indicators[\($0)]", errors: &errors) }
        let codes = parsed.flatMap { [$0] + $0.children }.map(\.code)
        if Set(codes).count != codes.count { errors.append(FieldError("indicators", "code_taken", "指标编号须唯一 (indicator codes must be unique)")) }
        let total = parsed.reduce(0) { $0 + $1.weight }
        if errors.isEmpty && total != 100 { errors.append(FieldError("indicators", "weights", "权重合计 \(total)，应为 100 (the weights sum to \(total), not 100)")) }
        if !errors.isEmpty { throw DomainError.validation(errors) }
        let json = JSON.array(parsed.map(\.json))
        try tx.db.execute("INSERT INTO supervision_assessment_schemes (year, indicators, updated_at) VALUES (?, ?, ?) ON CONFLICT (year) DO UPDATE SET indicators = excluded.indicators, updated_at = excluded.updated_at",
                          [year, json.serialized, tx.nowText])
        try tx.audit(action: "supervision.assessment.scheme", entity: "supervision_assessment", entityID: String(year), after: json, summary: "assessment scheme \(year) set")
        return AssessmentScheme.json(parsed, year: year)
    }

    /// The higher level's findings on the district become a rectification list.
    func importHigherFindings(_ values: Values, _ tx: WriteTransaction) throws -> [JSON] {
        try values.objects("items").enumerated().map { index, item in
            try FindingService(core: core).record(inspection: nil, item, at: "items[\(index)]", tx)
        }
    }

    // MARK: - Public export

    static func csv(_ report: JSON) -> String {
        let tops = (report["scheme"]?["indicators"]?.arrayValue ?? []).map { Render.cell($0["code"]) + " " + Render.cell($0["name"]) }
        let rows = (report["results"]?.arrayValue ?? []).map { result -> [String] in
            let kind = result["kind"] == "territory" ? "镇（景区、开发区）" : "成员单位"
            let scores = (result["indicators"]?.arrayValue ?? []).map { Render.cell($0["score"]) }
            let detail = (result["lines"]?.arrayValue ?? []).map { "\(Render.cell($0["indicator"])) \(Render.cell($0["points"])): \(Render.cell($0["reason"]))" }.joined(separator: "；")
            return [kind, Render.cell(result["name"]), Render.cell(result["score"]), Render.cell(result["rank"])] + scores + [detail]
        }
        return CSV.render(columns: ["类别", "名称", "得分", "排名"] + tops + ["扣分/加分明细"], rows: rows, byteOrderMark: true)
    }

    static func html(_ report: JSON) -> String {
        let year = Render.cell(report["year"])
        var body = "<h1>\(HTML.escape(year))年度安全生产工作考核结果</h1>\n<p class=\"meta\">考核截至 \(HTML.escape(Render.cell(report["as_of"])))　校验码 \(HTML.escape(Render.cell(report["digest"])))</p>\n"
        for (kind, title) in [("territory", "镇（景区、开发区）"), ("unit", "区安委会成员单位")] {
            let results = (report["results"]?.arrayValue ?? []).filter { $0["kind"] == .string(kind) }
            body += "<h2>\(HTML.escape(title))</h2>\n" + HTML.table(["排名", "名称", "得分"], results.map { [Render.cell($0["rank"]), Render.cell($0["name"]), Render.cell($0["score"])] }) + "\n"
        }
        body += "<h2>扣分明细</h2>\n"
        let lines = (report["results"]?.arrayValue ?? []).flatMap { result in
            (result["lines"]?.arrayValue ?? []).map { [Render.cell(result["name"]), Render.cell($0["indicator"]), Render.cell($0["points"]), Render.cell($0["reason"]), Render.cell($0["source"])] }
        }
        body += HTML.table(["对象", "指标", "分值", "原因", "依据"], lines)
        return HTML.page(title: "\(year)年度安全生产考核结果", body: body)
    }
}
