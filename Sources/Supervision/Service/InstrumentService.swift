// The enforcement ladder: instruments (催办 … 提级调查) with number, target, reason, links and a
// follow-up deadline; 约谈 also has the target's written correction report due. Proposals from the
// escalation rules are accepted (issuing the instrument) or declined by the office.
import Kernel

struct InstrumentService {
    let core: Core
    var settings = SupervisionSettings.defaults

    static func ids(_ input: Input, _ name: String) -> [Int64] {
        input.texts(name).compactMap { text in
            guard let id = Int64(text), id > 0 else { input.fail(name, "type", "\(name) must be ids, got '\(text)'"); return nil }
            return id
        }
    }

    func issue(_ fields: [String: JSON], proposal: Int64? = nil, _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isAdmin else { throw DomainError.forbidden("only the committee office (admin) issues instruments") }
        let db = tx.db
        let input = Input(fields)
        let kind = input.choice("kind", InstrumentKind.self, required: true)
        let targetKind = input.choice("target_kind", BodyKind.self, required: true)
        let target = targetKind.flatMap { input.reference("target_id", $0, db, required: true, aliases: ["target"]) }
        let date = input.date("date") ?? tx.today
        let reason = input.text("reason", required: true, max: 2000)
        let findings = InstrumentService.ids(input, "finding_ids")
        let hazards = InstrumentService.ids(input, "hazard_ids")
        let tasks = InstrumentService.ids(input, "task_ids")
        let followUp = input.date("follow_up_deadline")
        let reportDue = input.date("correction_report_due")
        var number = input.text("number", max: 60)
        if kind == .admonitoryInterview && reportDue == nil { input.fail("correction_report_due", "required", "a 约谈 sets when the written correction report is due") }
        if kind != nil && kind != .admonitoryInterview && reportDue != nil { input.fail("correction_report_due", "kind", "only a 约谈 (admonitoryInterview) has a correction report") }
        if let followUp, followUp < date { input.fail("follow_up_deadline", "order", "follow_up_deadline \(followUp.iso) is before the date \(date.iso)") }
        if let reportDue, reportDue < date { input.fail("correction_report_due", "order", "correction_report_due \(reportDue.iso) is before the date \(date.iso)") }
        for id in findings where try db.queryOne("SELECT 1 FROM supervision_findings WHERE id = ?", [id]) == nil { input.fail("finding_ids", "not_found", "no finding with id \(id)") }
        try input.finish()
        guard let kind, let targetKind, let target, let reason else { throw DomainError.validation(input.errors) }
        if number == nil {
            let serial = try db.scalarInt("SELECT count(*) FROM supervision_instruments WHERE kind = ? AND year = ?", [kind.rawValue, date.year]) + 1
            number = "\(settings.officeAbbreviation)\(kind.numberWord)〔\(date.year)〕\(serial)号"
        }
        do {
            try db.execute("""
                INSERT INTO supervision_instruments (kind, number, target_kind, target_id, date, year, reason, finding_ids, hazard_ids, task_ids, follow_up_deadline,
                    correction_report_due, proposal_id, issued_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [kind.rawValue, number, targetKind.rawValue, target, date.iso, date.year, reason, JSON.array(findings.map { .int($0) }).serialized,
                      JSON.array(hazards.map { .int($0) }).serialized, JSON.array(tasks.map { .int($0) }).serialized, followUp?.iso, reportDue?.iso, proposal,
                      tx.actor.username, tx.nowText])
        } catch let error as DatabaseError where error.isUniqueViolation {
            throw DomainError(.conflict, "document number \(number ?? "") is already used", fieldErrors: [FieldError("number", "duplicate", "number is already used")])
        }
        let id = db.lastInsertRowID
        let record = try json(id, actor: .localAdministrator, db)
        try tx.audit(action: "supervision.instrument.issue", entity: "supervision_instrument", entityID: String(id), after: record,
                     summary: "\(kind.label) \(number ?? "") to \(targetKind.rawValue) \(target)")
        try tx.publish(InstrumentIssued(instrumentId: id, kind: kind.rawValue, number: number ?? "", targetKind: targetKind.rawValue, targetId: target,
                                        reason: reason, followUpDeadline: followUp ?? reportDue))
        // A new 约谈 may itself complete a relapse rule later; evaluate the target now.
        if targetKind != .enterprise { try Escalation.evaluate(subject: FactRecorder.Subject(kind: targetKind.rawValue, id: target), tx) }
        return record
    }

    func json(_ id: Int64, actor: Actor, _ db: Connection) throws -> JSON {
        let scope = Visibility.addressed(actor, kindColumn: "i.target_kind", idColumn: "i.target_id")
        guard let row = try db.queryOne("SELECT i.* FROM supervision_instruments i WHERE i.id = ? AND (\(scope.sql))", [id] + scope.arguments) else {
            throw DomainError.notFound("instrument", String(id))
        }
        return try json(row, db)
    }

    func json(_ row: Row, _ db: Connection) throws -> JSON {
        let kind = InstrumentKind(rawValue: row.requiredString("kind"))
        let target = BodyKind(rawValue: row.requiredString("target_kind")) ?? .unit
        let name = try db.queryOne("SELECT name FROM \(target.table) WHERE id = ?", [row.requiredInt("target_id")])?.string("name")
        func list(_ column: String) -> JSON { (try? JSONParser.parse(row.requiredString(column))) ?? .array([]) }
        return .object([
            "id": .int(row.requiredInt("id")), "kind": .string(row.requiredString("kind")), "kind_label": JSON(kind?.label), "number": .string(row.requiredString("number")),
            "target_kind": .string(target.rawValue), "target_id": .int(row.requiredInt("target_id")), "target_name": JSON(name),
            "date": .string(row.requiredString("date")), "reason": .string(row.requiredString("reason")),
            "finding_ids": list("finding_ids"), "hazard_ids": list("hazard_ids"), "task_ids": list("task_ids"),
            "follow_up_deadline": JSON(row.string("follow_up_deadline")), "correction_report_due": JSON(row.string("correction_report_due")),
            "correction_report_received_on": JSON(row.string("correction_report_received_on")), "correction_report": JSON(row.string("correction_report")),
            "proposal_id": JSON(row.int("proposal_id")), "issued_by": .string(row.requiredString("issued_by")),
        ])
    }

    func list(actor: Actor, kind: String?) throws -> [JSON] {
        try core.read { db in
            let scope = Visibility.addressed(actor, kindColumn: "i.target_kind", idColumn: "i.target_id")
            var sql = "SELECT i.* FROM supervision_instruments i WHERE (\(scope.sql))"
            var args = scope.arguments
            if let kind { sql += " AND i.kind = ?"; args.append(kind) }
            return try db.query(sql + " ORDER BY i.id", args).map { try json($0, db) }
        }
    }

    /// The target hands in its written correction report after a 约谈.
    func receiveReport(_ id: Int64, _ fields: [String: JSON], _ tx: WriteTransaction) throws -> JSON {
        let before = try json(id, actor: tx.actor, tx.db)
        guard before["kind"] == "admonitoryInterview" else {
            throw DomainError(.conflict, "instrument \(id) is a \(Render.cell(before["kind"])); only a 约谈 takes a correction report",
                              extra: [JSON.Member("current_state", before["kind"] ?? .null), JSON.Member("allowed_actions", .array([]))])
        }
        guard before["correction_report_received_on"] == .null else {
            throw DomainError(.conflict, "the correction report for \(Render.cell(before["number"])) was already received",
                              extra: [JSON.Member("current_state", "report_received"), JSON.Member("allowed_actions", .array([]))])
        }
        guard tx.actor.isAdmin || tx.actor.role == .unit || tx.actor.role == .town else { throw DomainError.forbidden("the target or the office records the correction report") }
        let input = Input(fields)
        let report = input.text("report", required: true, max: 8000)
        let on = input.date("received_on") ?? tx.today
        try input.finish()
        try tx.db.execute("UPDATE supervision_instruments SET correction_report = ?, correction_report_received_on = ? WHERE id = ?", [report, on.iso, id])
        let after = try json(id, actor: .localAdministrator, tx.db)
        try tx.audit(action: "supervision.instrument.report", entity: "supervision_instrument", entityID: String(id), before: before, after: after,
                     summary: "correction report received \(on.iso)\(CalendarDate(iso: Render.cell(before["correction_report_due"])).map { on > $0 ? " (late, due \($0.iso))" : "" } ?? "")")
        return after
    }

    // MARK: - Proposals

    func proposals(status: String?) throws -> [JSON] {
        try core.read { db in
            var sql = "SELECT p.*, r.code AS rule_code FROM supervision_proposals p JOIN supervision_escalation_rules r ON r.id = p.rule_id"
            var args: [any DatabaseValueConvertible] = []
            if let status { sql += " WHERE p.status = ?"; args.append(status) }
            return try db.query(sql + " ORDER BY p.id", args).map(proposalJSON)
        }
    }

    func proposalJSON(_ row: Row) -> JSON {
        .object([
            "id": .int(row.requiredInt("id")), "rule": .string(row.requiredString("rule_code")), "target_kind": .string(row.requiredString("target_kind")),
            "target_id": .int(row.requiredInt("target_id")), "proposes": .string(row.requiredString("proposes")),
            "proposes_label": JSON(InstrumentKind(rawValue: row.requiredString("proposes"))?.label), "period": .string(row.requiredString("period")),
            "reason": .string(row.requiredString("reason")), "source_events": (try? JSONParser.parse(row.requiredString("source_events"))) ?? .array([]),
            "status": .string(row.requiredString("status")), "decided_by": JSON(row.string("decided_by")), "decision_note": JSON(row.string("decision_note")),
            "instrument_id": JSON(row.int("instrument_id")),
        ])
    }

    func decide(_ id: Int64, accept: Bool, _ fields: [String: JSON], _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isAdmin else { throw DomainError.forbidden("only the committee office (admin) decides on proposals") }
        let select = "SELECT p.*, r.code AS rule_code FROM supervision_proposals p JOIN supervision_escalation_rules r ON r.id = p.rule_id WHERE p.id = ?"
        guard let row = try tx.db.queryOne(select, [id]) else { throw DomainError.notFound("proposal", String(id)) }
        guard row.requiredString("status") == "proposed" else {
            throw DomainError(.conflict, "proposal \(id) is already \(row.requiredString("status"))",
                              extra: [JSON.Member("current_state", .string(row.requiredString("status"))), JSON.Member("allowed_actions", .array([]))])
        }
        var instrument: Int64?
        var note: String?
        if accept {
            var given = fields
            given["kind"] = .string(row.requiredString("proposes"))
            given["target_kind"] = .string(row.requiredString("target_kind"))
            given["target_id"] = .int(row.requiredInt("target_id"))
            if given["reason"] == nil { given["reason"] = .string(row.requiredString("reason")) }
            note = given.removeValue(forKey: "note")?.stringValue
            instrument = try issue(given, proposal: id, tx)["id"]?.intValue
        } else {
            let input = Input(fields)
            note = input.text("note", required: true, max: 2000)
            try input.finish()
        }
        try tx.db.execute("UPDATE supervision_proposals SET status = ?, decided_by = ?, decided_at = ?, decision_note = ?, instrument_id = ? WHERE id = ?",
                          [accept ? "accepted" : "declined", tx.actor.username, tx.nowText, note, instrument, id])
        let after = proposalJSON(try tx.db.queryOne(select, [id])!)
        try tx.audit(action: "supervision.proposal.\(accept ? "accept" : "decline")", entity: "supervision_proposal", entityID: String(id), after: after,
                     summary: "proposal \(id) \(accept ? "accepted: instrument \(instrument ?? 0)" : "declined: \(note ?? "")")")
        return after
    }

    func rules() throws -> [JSON] { try core.read { try rules($0) } }

    func rules(_ db: Connection) throws -> [JSON] {
        try db.query("SELECT * FROM supervision_escalation_rules ORDER BY id").map { row in
                .object(["id": .int(row.requiredInt("id")), "code": .string(row.requiredString("code")), "kind": .string(row.requiredString("kind")),
                         "threshold": .int(row.requiredInt("threshold")), "window_days": .int(row.requiredInt("window_days")),
                         "proposes": .string(row.requiredString("proposes")), "enabled": .bool(row.bool("enabled")),
                         "description": .string(row.requiredString("description")), "version": .int(row.requiredInt("version"))])
        }
    }

    func updateRule(_ id: Int64, _ fields: [String: JSON], _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isAdmin else { throw DomainError.forbidden("only the committee office (admin) configures escalation rules") }
        guard let row = try tx.db.queryOne("SELECT * FROM supervision_escalation_rules WHERE id = ?", [id]) else { throw DomainError.notFound("escalation rule", String(id)) }
        let input = Input(fields)
        let threshold = input.int("threshold", range: 1...10_000) ?? row.requiredInt("threshold")
        let window = input.int("window_days", range: 1...3660) ?? row.requiredInt("window_days")
        let proposes = input.choice("proposes", InstrumentKind.self)?.rawValue ?? row.requiredString("proposes")
        let enabled = input.bool("enabled") ?? row.bool("enabled")
        let description = input.text("description", max: 500) ?? row.requiredString("description")
        try input.finish()
        try tx.db.execute("UPDATE supervision_escalation_rules SET threshold = ?, window_days = ?, proposes = ?, enabled = ?, description = ?, version = version + 1, updated_at = ? WHERE id = ?",
                          [threshold, window, proposes, enabled, description, tx.nowText, id])
        let after = try rules(tx.db).first { $0["id"] == .int(id) } ?? .null
        try tx.audit(action: "supervision.rule.update", entity: "supervision_escalation_rule", entityID: String(id), after: after, summary: "rule \(row.requiredString("code")) changed")
        return after
    }
}
