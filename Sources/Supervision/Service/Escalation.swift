// Escalation rules: from the facts and Supervision's own instruments they propose the next step of
// the ladder and say why. A proposal waits for the office to accept or decline it.
import Kernel

enum Escalation {
    struct Rule {
        var id: Int64, code: String, kind: String, threshold: Int64, windowDays: Int64, proposes: String, description: String
        init(_ row: Row) {
            id = row.requiredInt("id"); code = row.requiredString("code"); kind = row.requiredString("kind")
            threshold = row.requiredInt("threshold"); windowDays = row.requiredInt("window_days"); proposes = row.requiredString("proposes")
            description = row.requiredString("description")
        }
    }

    static func rules(_ db: Connection) throws -> [Rule] {
        try db.query("SELECT * FROM supervision_escalation_rules WHERE enabled = 1 ORDER BY id").map(Rule.init)
    }

    static func evaluateAll(_ tx: WriteTransaction) throws -> Int {
        var count = 0
        for row in try tx.db.query("SELECT DISTINCT subject_kind, subject_id FROM supervision_facts ORDER BY subject_kind, subject_id") {
            count += try evaluate(subject: FactRecorder.Subject(kind: row.requiredString("subject_kind"), id: row.requiredInt("subject_id")), tx)
        }
        return count
    }

    /// A fact just recorded for a subject: all that an incremental evaluation looks at.
    struct NewFact {
        var kind: FactRecorder.Kind
        var date: CalendarDate
        var reference: String
        var quarter: String { Quarter(containing: date).description }
    }

    /// What part of a rule's evaluation to run: all of it, or only what one new fact can change.
    enum Scope {
        case full
        case after(NewFact)
    }

    /// Evaluates every rule for one subject; returns how many new proposals it made.
    @discardableResult
    static func evaluate(subject: FactRecorder.Subject, _ tx: WriteTransaction) throws -> Int {
        try evaluate(subject: subject, scope: .full, tx)
    }

    /// Evaluates only what `fact`, just recorded for `subject`, can change (issue 23: a full
    /// evaluation per fact grew with the subject's facts): the red-task rule for the fact's quarter,
    /// the overdue-hazard rule for its hazard, the relapse rule for the interviews whose window
    /// holds its date; nothing for a kind no rule counts. Proposals are made once per (rule,
    /// target, period) whenever made, so this proposes what a full evaluation would, as long as
    /// every other change a rule reads evaluates too (an instrument, a restored line: full) and
    /// the scheduled check runs a full one (what depends on the day alone).
    @discardableResult
    static func evaluate(subject: FactRecorder.Subject, after fact: NewFact, _ tx: WriteTransaction) throws -> Int {
        try evaluate(subject: subject, scope: .after(fact), tx)
    }

    /// The rule kinds a fact of `kind` for a subject of `subjectKind` can bring over a threshold.
    static func kinds(counting kind: FactRecorder.Kind, subjectKind: String) -> Set<String> {
        switch kind {
        case .taskOverdue: ["repeatedRedTasks"]
        case .hazardOverdue: subjectKind == "territory" ? ["hazardOverdue", "relapseAfterInterview"] : ["relapseAfterInterview"]
        case .hazardMajorRegistered: ["relapseAfterInterview"]
        default: []
        }
    }

    private static func evaluate(subject: FactRecorder.Subject, scope: Scope, _ tx: WriteTransaction) throws -> Int {
        var wanted: Set<String>?
        if case .after(let fact) = scope {
            wanted = kinds(counting: fact.kind, subjectKind: subject.kind)
            if wanted?.isEmpty ?? false { return 0 }
        }
        var made = 0
        // 区安委办 runs the ladder: it is never a target of its own proposals.
        if subject.kind == "unit", try tx.db.queryOne("SELECT 1 AS x FROM registry_units WHERE id = ? AND is_office = 1", [subject.id]) != nil { return 0 }
        let names = Names(db: tx.db)
        let who = subject.kind == "unit" ? names.unit(subject.id) : names.territory(subject.id)
        for rule in try rules(tx.db) where wanted?.contains(rule.kind) ?? true {
            switch rule.kind {
            case "repeatedRedTasks":
                made += try repeatedRedTasks(rule, subject, who: who, scope: scope, tx)
            case "hazardOverdue":
                guard subject.kind == "territory" else { continue }
                made += try hazardOverdue(rule, subject, who: who, scope: scope, tx)
            case "relapseAfterInterview":
                made += try relapseAfterInterview(rule, subject, who: who, scope: scope, tx)
            default: continue
            }
        }
        return made
    }

    /// So many red (overdue) tasks in one quarter; incrementally, the new fact's quarter only.
    private static func repeatedRedTasks(_ rule: Rule, _ subject: FactRecorder.Subject, who: String, scope: Scope, _ tx: WriteTransaction) throws -> Int {
        var made = 0
        var filter = ""
        var arguments: [any DatabaseValueConvertible] = [subject.kind, subject.id, tx.today.iso, rule.id]
        if case .after(let fact) = scope {
            filter = " AND quarter = ?"
            arguments.append(fact.quarter)
        }
        // Lines withdrawn (撤销) by today no longer count; a quarter already proposed is not read
        // again (its proposal exists, so `propose` would make none).
        let rows = try tx.db.query("""
            SELECT quarter, reference, max(detail) AS detail, group_concat(event_id) AS events
            FROM supervision_facts f WHERE subject_kind = ? AND subject_id = ? AND kind = 'taskOverdue' AND \(LineWithdrawals.inForce("f"))
                AND \(notProposed("f.quarter"))\(filter)
            GROUP BY quarter, reference ORDER BY quarter, min(date), reference
            """, arguments)
        var quarters: [String] = []
        var byQuarter: [String: [Row]] = [:]
        for row in rows {
            let quarter = row.requiredString("quarter")
            if byQuarter[quarter] == nil { quarters.append(quarter) }
            byQuarter[quarter, default: []].append(row)
        }
        for quarter in quarters {
            let lines = byQuarter[quarter] ?? []
            guard lines.count >= rule.threshold else { continue }
            let tasks = lines.map { row in
                AssessmentLines.task((try? JSONParser.parse(row.requiredString("detail"))) ?? .null, reference: row.requiredString("reference"))
            }
            made += try propose(rule, subject, period: quarter,
                                reason: "\(rule.code)：\(who)\(quarter) 内 \(lines.count) 项任务亮红灯：\(tasks.joined(separator: "、"))，达到阈值 \(rule.threshold) → 建议\(label(rule.proposes))",
                                events: lines.map { $0.requiredString("events") }.joined(separator: ","), tx)
        }
        return made
    }

    /// A town's hazard overdue so many days and not listed; incrementally, the new fact's hazard only.
    private static func hazardOverdue(_ rule: Rule, _ subject: FactRecorder.Subject, who: String, scope: Scope, _ tx: WriteTransaction) throws -> Int {
        var made = 0
        var filter = ""
        var arguments: [any DatabaseValueConvertible] = [subject.kind, subject.id, rule.id]
        if case .after(let fact) = scope {
            filter = " AND reference = ?"
            arguments.append(fact.reference)
        }
        // A hazard already proposed is not read again (`propose` would make none).
        let rows = try tx.db.query("""
            SELECT reference, max(CAST(json_extract(detail, '$.days_overdue') AS INTEGER)) AS days, group_concat(event_id) AS events,
                max(json_extract(detail, '$.listed')) AS listed, max(json_extract(detail, '$.code')) AS code
            FROM supervision_facts f WHERE subject_kind = ? AND subject_id = ? AND kind = 'hazardOverdue' AND \(notProposed("f.reference"))\(filter)
            GROUP BY reference ORDER BY reference
            """, arguments)
        for row in rows where row.requiredInt("days") >= rule.threshold && row.int("listed") != 1 {
            made += try propose(rule, subject, period: row.requiredString("reference"),
                                reason: "\(rule.code)：\(who)\(row.string("code").map { "隐患 \($0)" } ?? row.requiredString("reference")) 已逾期 \(row.requiredInt("days")) 天且未挂牌（阈值 \(rule.threshold) 天）→ 建议\(label(rule.proposes))",
                                events: row.requiredString("events"), tx)
        }
        return made
    }

    /// Major or overdue hazards again within the window after an admonitory interview;
    /// incrementally, only the interviews whose window holds the new fact's date.
    private static func relapseAfterInterview(_ rule: Rule, _ subject: FactRecorder.Subject, who: String, scope: Scope, _ tx: WriteTransaction) throws -> Int {
        var made = 0
        let interviews = try tx.db.query("SELECT id, number, date FROM supervision_instruments WHERE kind = 'admonitoryInterview' AND target_kind = ? AND target_id = ? ORDER BY id",
                                         [subject.kind, subject.id])
        for interview in interviews {
            guard let start = CalendarDate(iso: interview.requiredString("date")) else { continue }
            let end = start.adding(days: Int(rule.windowDays))
            if case .after(let fact) = scope, !(fact.date.iso > start.iso && fact.date.iso <= end.iso) { continue }
            // Already proposed for this interview: `propose` would make none.
            if try proposed(rule, subject, period: "interview:\(interview.requiredInt("id"))", tx.db) { continue }
            let row = try tx.db.queryOne("""
                SELECT count(DISTINCT reference) AS n, group_concat(DISTINCT coalesce('隐患 ' || json_extract(detail, '$.code'), reference)) AS refs,
                    group_concat(event_id) AS events FROM supervision_facts
                WHERE subject_kind = ? AND subject_id = ? AND kind IN ('hazardMajorRegistered', 'hazardOverdue') AND date > ? AND date <= ?
                """, [subject.kind, subject.id, start.iso, end.iso])
            if let row, row.requiredInt("n") >= rule.threshold {
                made += try propose(rule, subject, period: "interview:\(interview.requiredInt("id"))",
                                    reason: "\(rule.code)：\(who)\(interview.requiredString("number"))（\(start.iso) 约谈）后 \(rule.windowDays) 天内又出现 \(row.requiredString("refs")) → 建议\(label(rule.proposes))",
                                    events: row.requiredString("events"), tx)
            }
        }
        return made
    }

    /// SQL true when no proposal of the rule bound by the one `?` it holds exists for the fact row
    /// `f`'s subject and the period `period` (a column of `f`): the unique key a proposal is made once by.
    static func notProposed(_ period: String) -> String {
        "NOT EXISTS (SELECT 1 FROM supervision_proposals p WHERE p.rule_id = ? AND p.target_kind = f.subject_kind AND p.target_id = f.subject_id AND p.period = \(period))"
    }

    static func proposed(_ rule: Rule, _ subject: FactRecorder.Subject, period: String, _ db: Connection) throws -> Bool {
        try db.queryOne("SELECT 1 AS x FROM supervision_proposals WHERE rule_id = ? AND target_kind = ? AND target_id = ? AND period = ?",
                        [rule.id, subject.kind, subject.id, period]) != nil
    }

    static func label(_ kind: String) -> String { InstrumentKind(rawValue: kind)?.label ?? kind }

    private static func propose(_ rule: Rule, _ subject: FactRecorder.Subject, period: String, reason: String, events: String, _ tx: WriteTransaction) throws -> Int {
        let ids = Array(Set(events.split(separator: ",").compactMap { Int64($0) })).sorted()
        let inserted = try tx.db.execute("""
            INSERT OR IGNORE INTO supervision_proposals (rule_id, target_kind, target_id, proposes, period, reason, source_events, status, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'proposed', ?)
            """, [rule.id, subject.kind, subject.id, rule.proposes, period, reason, JSON.array(ids.map { .int($0) }).serialized, tx.nowText])
        guard inserted == 1 else { return 0 }
        try tx.audit(action: "supervision.proposal.create", entity: "supervision_proposal", entityID: String(tx.db.lastInsertRowID), summary: reason)
        return 1
    }
}
