// Running the yearly assessment (考核): every town/scenic area/zone and member unit scored on the
// indicator tree from the facts Supervision recorded from events and from its own records, plus
// manual items with evidence; every deduction is a line with its reason and source record. The
// report depends only on the data and the as-of date, so the same data gives the same bytes.
import CLI
import Kernel

struct AssessmentService {
    let core: Core

    struct Subject { var kind: String; var id: Int64; var name: String }

    /// The page cache a report is made with, in KiB (the connection's own is restored after).
    static let reportPageCacheKiB = 65_536

    /// The date the year is judged on: its last day once over, else today.
    func asOf(year: Int, given: CalendarDate?) -> CalendarDate {
        if let given { return given }
        let end = CalendarDate.endOfMonth(year: year, month: 12)
        return min(core.today, end)
    }

    static func kindLabel(_ kind: String) -> String { kind == "territory" ? "镇（景区、开发区）" : "成员单位" }

    func subjects(_ db: Connection) throws -> [Subject] {
        try db.query("SELECT id, name FROM registry_territories ORDER BY id").map { Subject(kind: "territory", id: $0.requiredInt("id"), name: $0.requiredString("name")) }
            + db.query("SELECT id, name FROM registry_units WHERE is_member = 1 AND is_office = 0 ORDER BY id").map { Subject(kind: "unit", id: $0.requiredInt("id"), name: $0.requiredString("name")) }
    }

    /// The report as `actor` may read it (`AssessmentAccess`): the office all of it; a unit or town
    /// its own result with every line, and the published ranking of the others.
    func report(year: Int, asOf given: CalendarDate? = nil, actor: Actor, _ db: Connection) throws -> JSON {
        try AssessmentAccess.filter(try report(year: year, asOf: given, db), for: actor)
    }

    /// The whole report: deterministic for the same data, year and as-of date, and made only of
    /// records that existed on the as-of date.
    func report(year: Int, asOf given: CalendarDate? = nil, _ db: Connection) throws -> JSON {
        // A year's facts (417,200 in 2024 at ten years) are read subject by subject, each subject's
        // scattered over the year's pages: with a connection's usual page cache (1 MiB) each page is
        // read from the file again and again. A larger cache while the report is made, restored after.
        try db.withPageCache(kibibytes: Self.reportPageCacheKiB) { try makeReport(year: year, asOf: given, db) }
    }

    private func makeReport(year: Int, asOf given: CalendarDate?, _ db: Connection) throws -> JSON {
        let asOf = asOf(year: year, given: given)
        let indicators = try AssessmentScheme.load(year: year, db)
        let context = try AssessmentContext(core: core, year: year, asOf: asOf, db)
        var results: [(subject: Subject, total: Int64, members: [JSON.Member])] = []
        for subject in try subjects(db) {
            var allLines: [ScoreLine] = []
            func score(_ indicator: Indicator) throws -> (Int64, Int64, JSON) {
                if indicator.isLeaf {
                    guard indicator.appliesTo.contains(subject.kind) else {
                        return (0, 0, .object(["code": .string(indicator.code), "name": .string(indicator.name), "weight": 0, "score": 0, "note": "不适用 (not applicable)"]))
                    }
                    let lines = try AssessmentLines.lines(indicator, subject: subject, context, db)
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
                JSON.Member("kind", .string(subject.kind)), JSON.Member("kind_label", .string(AssessmentService.kindLabel(subject.kind))),
                JSON.Member("id", .int(subject.id)), JSON.Member("name", .string(subject.name)),
                JSON.Member("points", .int(total)), JSON.Member("applicable_weight", .int(weight)), JSON.Member("score", .int(scaled)),
                JSON.Member("indicators", .array(tree)),
                JSON.Member("lines", .array(allLines.map(\.json))),
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
        return .object(["year": .int(Int64(year)), "as_of": .string(asOf.iso), "digest": .string(Crypto.sha256Hex(body.bytes)),
                        "scheme": AssessmentScheme.json(indicators, year: year), "results": .array(subjectsJSON)])
    }

    /// Runs and records the run (who, when, digest); the report itself carries no run time.
    func run(year: Int, asOf: CalendarDate?, _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isOffice else { throw DomainError.forbidden("只有区安委办可以运行考核 (only the committee office runs the assessment)") }
        let report = try report(year: year, asOf: asOf, tx.db)
        try tx.db.execute("INSERT INTO supervision_assessment_runs (year, digest, run_by, run_at) VALUES (?, ?, ?, ?)",
                          [year, report["digest"]?.stringValue ?? "", tx.actor.username, tx.nowText])
        try tx.audit(action: "supervision.assessment.run", entity: "supervision_assessment", entityID: String(year),
                     summary: "运行 \(year) 年度考核（截至 \(Render.cell(report["as_of"]))），校验码 \(Render.cell(report["digest"]))")
        return report
    }

    /// Sets the year's indicator tree (validated: leaves' weights sum to 100).
    func setScheme(year: Int, _ values: Values, _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isOffice else { throw DomainError.forbidden("此操作只能由区安委办办理 (only the committee office sets the assessment scheme)") }
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
}
