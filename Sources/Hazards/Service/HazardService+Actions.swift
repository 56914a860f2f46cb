// The lifecycle actions. Each: find the hazard in the actor's scope (404), check the role (403),
// check the state (409 naming the state and the allowed actions), validate (422), then change,
// record on the timeline, audit and publish — one transaction.
import Kernel

extension HazardService {
    /// `actingAs`: the scope and role to check instead of the transaction's actor (the public's
    /// "not fixed" reopens through the tip-off, as the system).
    /// `values`: what `HazardInput.action(action)` read; rules it cannot say are checked here.
    public func perform(_ action: HazardAction, on id: Int64, _ values: Values, actingAs: Actor? = nil, _ tx: WriteTransaction) throws -> JSON {
        var errors: [FieldError] = []
        func check() throws { if !errors.isEmpty { throw DomainError.validation(errors) } }
        let db = tx.db
        let actor = actingAs ?? tx.actor
        let row = try HazardStore.require(id, actor: actor, db)
        guard action.roles.contains(actor.role) else {
            throw DomainError.forbidden("a \(actor.role.rawValue) user may not \(action.rawValue) a hazard; that is for: \(action.roles.map(\.rawValue).sorted().joined(separator: ", "))")
        }
        let status = HazardStatus(rawValue: row.requiredString("status")) ?? .reported
        let grade = HazardGrade(rawValue: row.requiredString("grade")) ?? .general
        let listed = row.bool("listed")
        guard action.allowed(from: status, grade: grade, listed: listed) else {
            let allowed = HazardAction.allowed(from: status, grade: grade, listed: listed).filter { $0.roles.contains(actor.role) }
            var why = "hazard \(row.requiredString("code")) is \(status.rawValue) (\(status.chinese))"
            if action == .filePlan || action == .submitAssessment || action == .listForSupervision || action == .penalise, grade == .general {
                why += "; \(action.rawValue) is for major hazards only"
            } else if action == .listForSupervision && listed {
                why += " and already listed for supervision"
            }
            throw DomainError(.conflict, "\(why): cannot \(action.rawValue); allowed now: \(allowed.isEmpty ? "none" : allowed.map(\.rawValue).joined(separator: ", "))",
                              extra: [JSON.Member("current_state", .string(status.rawValue)),
                                      JSON.Member("allowed_actions", JSON(allowed.map(\.rawValue)))])
        }
        var sets: [(String, any DatabaseValueConvertible)] = []
        var next = status
        var note: String?
        var details: [JSON.Member] = []
        switch action {
        case .filePlan:
            var missing: [FieldError] = []
            for part in HazardView.reportParts + HazardView.planParts {
                if let value = values.text(part.column) ?? row.string(part.column) { sets.append((part.column, value)) } else {
                    missing.append(FieldError(part.column, "missing", "the plan lacks \(part.label)"))
                }
            }
            if let clause = values.id("standard_clause_id") {
                if try db.queryOne("SELECT id FROM hazards_standard_clauses WHERE id = ?", [clause]) == nil {
                    errors.append(FieldError("standard_clause_id", "not_found", "判定标准条款 \(clause) 不存在 (no determination-standard clause \(clause))"))
                } else {
                    sets.append(("standard_clause_id", clause))
                }
            } else if row.int("standard_clause_id") == nil {
                missing.append(FieldError("standard_clause_id", "missing", "the plan lacks the determination-standard clause (判定标准条款)"))
            }
            try check()
            if !missing.isEmpty {
                throw DomainError(.validation, "a major hazard cannot leave reported without its report and a complete remediation plan; missing \(missing.count) part(s): "
                                  + missing.map(\.message).joined(separator: "、"), fieldErrors: missing)
            }
            sets.append(("plan_filed_at", tx.nowText))
            next = .planFiled
        case .listForSupervision:
            let level = values.text("level") ?? "", number = values.text("notice_number") ?? "", body = values.text("supervising_body") ?? ""
            sets += [("listed", 1), ("listing_level", level), ("listing_notice_number", number), ("listing_body", body), ("listed_on", tx.today.iso)]
            note = "挂牌督办 \(number)"
            details = [JSON.Member("level", JSON(level)), JSON.Member("notice_number", JSON(number)), JSON.Member("supervising_body", JSON(body))]
        case .reportProgress:
            note = values.text("note")
            next = .rectifying
        case .finishRectification:
            note = values.text("note")
            let on = values.date("rectified_on") ?? tx.today
            if on > tx.today { errors.append(FieldError("rectified_on", "future", "整改完成日期 \(on.iso) 晚于今天 (rectified_on is after today)")) }
            try check()
            sets.append(("rectified_on", on.iso))
            next = .rectified
        case .submitAssessment:
            let assessment = values.text("assessment")
            sets.append(("assessment", assessment ?? ""))
            note = assessment
            next = .assessed
        case .applyReview:
            note = values.text("note")
            let due = tx.today.adding(days: settings.reviewDays)
            sets += [("review_applied_on", tx.today.iso), ("review_due", due.iso)]
            details = [JSON.Member("review_due", .string(due.iso))]
            next = .reviewApplied
        case .review:
            // 销号 by the responsible (supervising) department, never the enterprise or the reporter.
            if !actor.isOffice {
                guard case .unit(let unit) = actor.scope, unit == row.requiredInt("supervising_unit_id") else {
                    throw DomainError.forbidden("only the supervising unit (\(row.string("supervising_unit_name") ?? "")) or the committee office may review hazard \(row.requiredString("code"))")
                }
                if row.requiredString("reported_by") == actor.username {
                    throw DomainError.forbidden("\(actor.username) reported hazard \(row.requiredString("code")) and may not review it")
                }
            }
            let passed = values.bool("passed")
            let reasons = values.text("reasons")
            if passed != true && reasons == nil {
                errors.append(FieldError("reasons", "required_when_failed", "核查未通过须说明原因 (a failed review gives its reasons)"))
            }
            try check()
            note = reasons
            details = [JSON.Member("passed", .bool(passed == true))]
            if passed == true {
                sets += [("closed_on", tx.today.iso), ("closed_by", actor.username)]
                next = .closed
            } else {
                sets += [("review_applied_on", DatabaseValue.null), ("review_due", DatabaseValue.null)]  // the next application sets them anew (#20 item 5)
                next = .rectifying
            }
        case .reopen:
            note = values.text("reason")
            sets += [("closed_on", DatabaseValue.null), ("closed_by", DatabaseValue.null), ("review_applied_on", DatabaseValue.null), ("review_due", DatabaseValue.null)]
            next = .rectifying
        case .merge:
            // The hazard in the path is 404 when unknown; the one named in the body is a field at fault.
            guard let target = values.id("into"), let targetRow = try HazardStore.row(target, actor: actor, db) else {
                throw DomainError.validation([FieldError("into", "not_found", "隐患 \(values.text("into") ?? "") 不存在或不在你的范围内 (no hazard \(values.text("into") ?? "") in your scope)")])
            }
            guard target != id else { throw DomainError(.conflict, "a hazard cannot be merged into itself") }
            guard let targetStatus = HazardStatus(rawValue: targetRow.requiredString("status")), targetStatus.isOpen else {
                throw DomainError(.conflict, "hazard \(targetRow.requiredString("code")) is \(targetRow.requiredString("status")); merge into an open hazard")
            }
            sets.append(("merged_into_id", target))
            note = "duplicate of \(targetRow.requiredString("code"))"
            details = [JSON.Member("into", .int(target)), JSON.Member("into_code", .string(targetRow.requiredString("code")))]
            try db.execute("UPDATE hazards_tipoffs SET hazard_id = ?, updated_at = ?, version = version + 1 WHERE hazard_id = ?", [target, tx.nowText, id])
            _ = try recordAction(target, "merge-in", from: targetStatus, to: targetStatus, note: "\(row.requiredString("code")) merged in", details: .object(["from": .int(id)]), tx)
            next = .merged
        case .penalise:
            guard let enterprise = row.int("enterprise_id") else {
                throw DomainError(.conflict, "hazard \(row.requiredString("code")) is at a public place with no enterprise to penalise")
            }
            let number = values.text("decision_number") ?? ""
            let on = values.date("penalised_on") ?? tx.today
            note = values.text("note")
            do {
                try db.execute("INSERT INTO hazards_penalties (hazard_id, enterprise_id, penalised_on, decision_number, note, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                               [id, enterprise, on.iso, number, note, actor.username, tx.nowText])
            } catch let error as DatabaseError where error.failure == .constraint {
                throw DomainError(.conflict, "penalty decision \(number) is already recorded for this enterprise")
            }
            details = [JSON.Member("decision_number", JSON(number)), JSON.Member("penalised_on", .string(on.iso))]
        }
        sets += [("status", next.rawValue), ("version", row.requiredInt("version") + 1), ("updated_at", tx.nowText)]
        try db.execute("UPDATE hazards_hazards SET \(sets.map { "\($0.0) = ?" }.joined(separator: ", ")) WHERE id = ?", sets.map(\.1) + [id])
        _ = try recordAction(id, action.rawValue, from: status, to: next, note: note, details: .object(details), tx)
        let updated = try HazardStore.require(id, actor: .system("hazards"), db)
        let json = HazardView.full(updated, today: tx.today, stockLastYear: settings.stockLastYear)
        try tx.audit(action: "hazards.\(action.rawValue)", entity: "hazard", entityID: String(id),
                     before: .object(["status": .string(status.rawValue), "version": .int(row.requiredInt("version"))]),
                     after: .object(["status": .string(next.rawValue), "version": .int(row.requiredInt("version") + 1)]),
                     summary: "\(row.requiredString("code")): \(action.rawValue) (\(status.rawValue) → \(next.rawValue))")
        if next == .closed {
            let deadline = row.requiredString("deadline")
            try tx.publish(HazardClosed(hazard: HazardView.facts(updated), onTime: tx.today.iso <= deadline), summary: HazardSummary.closed(updated))
        }
        if action == .reopen {
            try tx.publish(HazardReopened(hazard: HazardView.facts(updated), reason: note ?? ""), summary: HazardSummary.reopened(updated, reason: note ?? ""))
        }
        return json
    }
}
