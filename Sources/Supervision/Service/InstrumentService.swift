// The enforcement ladder: instruments (催办 … 提级调查) with number, target, reason, links and a
// follow-up deadline; 约谈 also has the target's written correction report due. Proposals from the
// escalation rules are accepted (issuing the instrument) or declined by the office.
import Kernel

struct InstrumentService {
    let core: Core
    var settings = SupervisionSettings.defaults

    /// Issues an instrument from the fields of `LadderFields.issue` (kind and target included).
    func issue(_ values: Values, _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isOffice else { throw DomainError.forbidden("此操作只能由区安委办办理 (only the committee office issues instruments)") }
        guard let kind = values.choice("kind", InstrumentKind.self) else { throw DomainError.validation([FieldError("kind", "required", "kind 为必填项 (is required)")]) }
        switch BodyFields.target.require(values) {
        case .failure(let error): throw DomainError.validation([error])
        case .success(let target): return try issue(kind: kind, target: target, values, proposal: nil, tx)
        }
    }

    /// Issues `kind` to `target` with the particulars in `values` (`LadderFields.particulars`).
    func issue(kind: InstrumentKind, target: (kind: BodyKind, id: Int64), _ values: Values, reason fallback: String? = nil, proposal: Int64?,
               hazard proposed: Int64? = nil, _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isOffice else { throw DomainError.forbidden("此操作只能由区安委办办理 (only the committee office issues instruments)") }
        let db = tx.db
        let (targetKind, target) = (target.kind, target.id)
        let date = values.date("date") ?? tx.today
        let findings = values.ids("finding_ids"), tasks = values.ids("task_ids")
        var hazards = values.ids("hazard_ids")
        if let proposed, !hazards.contains(proposed) { hazards.insert(proposed, at: 0) }
        let followUp = values.date("follow_up_deadline")
        let reportDue = values.date("correction_report_due")
        var number = values.text("number")
        var errors: [FieldError] = []
        guard let reason = values.text("reason") ?? fallback else { throw DomainError.validation([FieldError("reason", "required", "reason 为必填项 (is required)")]) }
        if kind == .admonitoryInterview && reportDue == nil {
            errors.append(FieldError("correction_report_due", "due_required", "约谈须写明书面整改报告的报送期限 (a 约谈 sets when the written correction report is due)"))
        }
        if kind != .admonitoryInterview && reportDue != nil {
            errors.append(FieldError("correction_report_due", "kind", "只有约谈 (admonitoryInterview) 有书面整改报告 (only a 约谈 has a correction report)"))
        }
        if let followUp, followUp < date { errors.append(FieldError("follow_up_deadline", "order", "跟踪期限 \(followUp.iso) 早于文书日期 \(date.iso) (before the date)")) }
        if let reportDue, reportDue < date { errors.append(FieldError("correction_report_due", "order", "报告期限 \(reportDue.iso) 早于文书日期 \(date.iso) (before the date)")) }
        for id in findings where try db.queryOne("SELECT 1 FROM supervision_findings WHERE id = ?", [id]) == nil {
            errors.append(FieldError("finding_ids", "not_found", "问题 \(id) 不存在 (no finding with id \(id))"))
        }
        if kind == .listedSupervision && Set(hazards).count > 1 {
            errors.append(FieldError("hazard_ids", "one_hazard", "挂牌督办每份文书只挂牌一项隐患，本次给了 \(Set(hazards).count) 项 (a 挂牌督办 lists one hazard; issue one per hazard)"))
        }
        if !errors.isEmpty { throw DomainError.validation(errors) }
        // The hazard a 挂牌督办 lists: Hazards marks it listed from the event.
        let listedHazard = kind == .listedSupervision ? hazards.first : nil
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
            throw DomainError(.conflict, "文号 \(number ?? "") 已被使用 (document number is already used)", fieldErrors: [FieldError("number", "number_taken", "文号 \(number ?? "") 已被使用 (number is already used)")])
        }
        let id = db.lastInsertRowID
        let record = try json(id, actor: .localAdministrator, db)
        let targetName = Names(db: db).body(targetKind.rawValue, target)
        let hazardText = listedHazard.map { "，挂牌隐患 \(InstrumentService.hazardCode($0, db))" } ?? ""
        let sentence = "区安委办向\(targetName)发出\(kind.label) \(number ?? "")\(hazardText)：\(reason.prefix(60))" + ((followUp ?? reportDue).map { "，期限 \($0.iso)" } ?? "")
        try tx.audit(action: "supervision.instrument.issue", entity: "supervision_instrument", entityID: String(id), after: record, summary: sentence)
        try tx.publish(InstrumentIssued(instrumentId: id, kind: kind.rawValue, number: number ?? "", targetKind: targetKind.rawValue, targetId: target,
                                        reason: reason, followUpDeadline: followUp ?? reportDue, hazardId: listedHazard, issuedOn: date), summary: sentence)
        // A new 约谈 may itself complete a relapse rule later; evaluate the target now.
        if targetKind != .enterprise { try Escalation.evaluate(subject: FactRecorder.Subject(kind: targetKind.rawValue, id: target), tx) }
        return record
    }

    func json(_ id: Int64, actor: Actor, _ db: Connection) throws -> JSON {
        let scope = Visibility.addressed(actor, kindColumn: "i.target_kind", idColumn: "i.target_id")
        guard let row = try db.queryOne("SELECT i.* FROM supervision_instruments i WHERE i.id = ? AND (\(scope.sql))", [id] + scope.arguments) else {
            throw DomainError.notFound("督办文书", "instrument", String(id))
        }
        return try json(row, db)
    }

    /// A hazard's code as Supervision learnt it from Hazards' events (`YH-2024-0501`), else `隐患 N`.
    static func hazardCode(_ id: Int64, _ db: Connection) -> String {
        let row = try? db.queryOne("SELECT json_extract(detail, '$.code') AS code FROM supervision_facts WHERE reference = ? AND json_extract(detail, '$.code') IS NOT NULL ORDER BY id LIMIT 1",
                                   ["hazard:\(id)"])
        return row?.string("code") ?? "隐患 \(id)"
    }

    func json(_ row: Row, _ db: Connection) throws -> JSON {
        let kind = InstrumentKind(rawValue: row.requiredString("kind"))
        let hazardIDs = ((try? JSONParser.parse(row.requiredString("hazard_ids")))?.arrayValue ?? []).compactMap(\.intValue)
        let listed = kind == .listedSupervision ? hazardIDs.first : nil
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
            "hazard_id": JSON(listed), "hazard_code": JSON(listed.map { InstrumentService.hazardCode($0, db) }),
        ])
    }

    func list(actor: Actor, kind: InstrumentKind?, _ paging: Paging?) throws -> Page {
        let (after, limit) = try Paged.window(paging)
        return try core.read { db in
            let scope = Visibility.addressed(actor, kindColumn: "i.target_kind", idColumn: "i.target_id")
            var sql = "SELECT i.* FROM supervision_instruments i WHERE (\(scope.sql))"
            var args = scope.arguments
            if let kind { sql += " AND i.kind = ?"; args.append(kind.rawValue) }
            if let after { sql += " AND i.id > ?"; args.append(after) }
            return try Paged.page(try db.query(sql + " ORDER BY i.id LIMIT ?", args + [limit + 1]), limit: limit) { try json($0, db) }
        }
    }

    /// The target hands in its written correction report after a 约谈.
    func receiveReport(_ id: Int64, _ values: Values, _ tx: WriteTransaction) throws -> JSON {
        let before = try json(id, actor: tx.actor, tx.db)
        guard before["kind"] == "admonitoryInterview" else {
            throw DomainError(.conflict, "督办文书 \(id) 是\(InstrumentKind(rawValue: Render.cell(before["kind"]))?.label ?? Render.cell(before["kind"]))，只有约谈需要提交整改报告 (instrument \(id) is a \(Render.cell(before["kind"])); only an admonitory interview takes a correction report)",
                              extra: [JSON.Member("current_state", before["kind"] ?? .null), JSON.Member("allowed_actions", .array([]))])
        }
        guard before["correction_report_received_on"] == .null else {
            throw DomainError(.conflict, "\(Render.cell(before["number"])) 的整改报告已收到 (the correction report for \(Render.cell(before["number"])) was already received)",
                              extra: [JSON.Member("current_state", "report_received"), JSON.Member("allowed_actions", .array([]))])
        }
        guard tx.actor.isOffice || tx.actor.role == .unit || tx.actor.role == .town else { throw DomainError.forbidden("整改报告由被督办对象或区安委办登记 (the target or the office records the correction report)") }
        let report = values.text("report") ?? ""
        let on = values.date("received_on") ?? tx.today
        try tx.db.execute("UPDATE supervision_instruments SET correction_report = ?, correction_report_received_on = ? WHERE id = ?", [report, on.iso, id])
        let after = try json(id, actor: .localAdministrator, tx.db)
        try tx.audit(action: "supervision.instrument.report", entity: "supervision_instrument", entityID: String(id), before: before, after: after,
                     summary: "correction report received \(on.iso)\(CalendarDate(iso: Render.cell(before["correction_report_due"])).map { on > $0 ? " (late, due \($0.iso))" : "" } ?? "")")
        return after
    }

    // MARK: - Proposals

    /// The escalation rules and proposals are the office's (HTTP admits only it; the CLI asks here).
    private func requireOffice(_ actor: Actor, _ what: String) throws {
        guard actor.isOffice else { throw DomainError.forbidden("此操作只能由区安委办办理 (only the committee office \(what))") }
    }

    func proposals(status: ProposalStatus?, actor: Actor, _ paging: Paging?) throws -> Page {
        try requireOffice(actor, "reads escalation proposals")
        let (after, limit) = try Paged.window(paging)
        return try core.read { db in
            var sql = "SELECT p.*, r.code AS rule_code FROM supervision_proposals p JOIN supervision_escalation_rules r ON r.id = p.rule_id WHERE 1 = 1"
            var args: [any DatabaseValueConvertible] = []
            if let status { sql += " AND p.status = ?"; args.append(status.rawValue) }
            if let after { sql += " AND p.id > ?"; args.append(after) }
            return Paged.page(try db.query(sql + " ORDER BY p.id LIMIT ?", args + [limit + 1]), limit: limit, proposalJSON)
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

    func decide(_ id: Int64, accept: Bool, _ values: Values, _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isOffice else { throw DomainError.forbidden("此操作只能由区安委办办理 (only the committee office decides on proposals)") }
        let select = "SELECT p.*, r.code AS rule_code FROM supervision_proposals p JOIN supervision_escalation_rules r ON r.id = p.rule_id WHERE p.id = ?"
        guard let row = try tx.db.queryOne(select, [id]) else { throw DomainError.notFound("督办建议", "proposal", String(id)) }
        guard row.requiredString("status") == "proposed" else {
            throw DomainError(.conflict, "督办建议 \(id) 已\(row.requiredString("status") == ProposalStatus.accepted.rawValue ? "采纳" : "不予采纳") (proposal \(id) is already \(row.requiredString("status")))",
                              extra: [JSON.Member("current_state", .string(row.requiredString("status"))), JSON.Member("allowed_actions", .array([]))])
        }
        var instrument: Int64?
        let note = values.text("note")
        if accept {
            guard let kind = InstrumentKind(rawValue: row.requiredString("proposes")), let targetKind = BodyKind(rawValue: row.requiredString("target_kind")) else {
                throw DomainError(.conflict, "督办建议 \(id) 的文书种类或对象类型无效 (proposal \(id) names an unknown instrument or target kind)", extra: [JSON.Member("current_state", "invalid")])
            }
            let target = (kind: targetKind, id: row.requiredInt("target_id"))
            // A hazardOverdue proposal's period is the hazard it is about ("hazard:501"): the 挂牌督办 names it.
            let period = row.requiredString("period")
            let hazard = period.hasPrefix("hazard:") ? Int64(period.dropFirst("hazard:".count)) : nil
            instrument = try issue(kind: kind, target: target, values, reason: row.requiredString("reason"), proposal: id, hazard: hazard, tx)["id"]?.intValue
        }
        try tx.db.execute("UPDATE supervision_proposals SET status = ?, decided_by = ?, decided_at = ?, decision_note = ?, instrument_id = ? WHERE id = ?",
                          [accept ? "accepted" : "declined", tx.actor.username, tx.nowText, note, instrument, id])
        guard let decided = try tx.db.queryOne(select, [id]) else { throw DomainError.notFound("督办建议", "proposal", String(id)) }
        let after = proposalJSON(decided)
        try tx.audit(action: "supervision.proposal.\(accept ? "accept" : "decline")", entity: "supervision_proposal", entityID: String(id), after: after,
                     summary: "proposal \(id) \(accept ? "accepted: instrument \(instrument ?? 0)" : "declined: \(note ?? "")")")
        return after
    }

    func rules(actor: Actor) throws -> [JSON] {
        try requireOffice(actor, "reads escalation rules")
        return try core.read { try rules($0) }
    }

    /// Evaluates every escalation rule now (the office's action; the scheduled check calls `Escalation.evaluateAll`).
    func evaluate(_ tx: WriteTransaction) throws -> Int {
        try requireOffice(tx.actor, "evaluates escalation rules")
        return try Escalation.evaluateAll(tx)
    }

    func rules(_ db: Connection) throws -> [JSON] {
        try db.query("SELECT * FROM supervision_escalation_rules ORDER BY id").map { row in
                .object(["id": .int(row.requiredInt("id")), "code": .string(row.requiredString("code")), "kind": .string(row.requiredString("kind")),
                         "threshold": .int(row.requiredInt("threshold")), "window_days": .int(row.requiredInt("window_days")),
                         "proposes": .string(row.requiredString("proposes")), "enabled": .bool(row.bool("enabled")),
                         "description": .string(row.requiredString("description")), "version": .int(row.requiredInt("version"))])
        }
    }

    func updateRule(_ id: Int64, _ values: Values, _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isOffice else { throw DomainError.forbidden("此操作只能由区安委办办理 (only the committee office configures escalation rules)") }
        guard let row = try tx.db.queryOne("SELECT * FROM supervision_escalation_rules WHERE id = ?", [id]) else { throw DomainError.notFound("升级规则", "escalation rule", String(id)) }
        for field in ["threshold", "window_days", "proposes", "enabled", "description"] where values.isCleared(field) {
            throw DomainError.validation([FieldError(field, "not_clearable", "规则的 \(field) 不能清空 (a rule keeps its \(field); leave it out to keep it)")])
        }
        let threshold = values.int("threshold") ?? row.requiredInt("threshold")
        let window = values.int("window_days") ?? row.requiredInt("window_days")
        let proposes = values.choice("proposes", InstrumentKind.self)?.rawValue ?? row.requiredString("proposes")
        let enabled = values.bool("enabled") ?? row.bool("enabled")
        let description = values.text("description") ?? row.requiredString("description")
        try tx.db.execute("UPDATE supervision_escalation_rules SET threshold = ?, window_days = ?, proposes = ?, enabled = ?, description = ?, version = version + 1, updated_at = ? WHERE id = ?",
                          [threshold, window, proposes, enabled, description, tx.nowText, id])
        let after = try rules(tx.db).first { $0["id"] == .int(id) } ?? .null
        try tx.audit(action: "supervision.rule.update", entity: "supervision_escalation_rule", entityID: String(id), after: after, summary: "rule \(row.requiredString("code")) changed")
        return after
    }
}
