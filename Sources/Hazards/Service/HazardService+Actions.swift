// The lifecycle actions. Each: find the hazard in the actor's scope (404), check the role (403),
// check the state (409 naming the state and the allowed actions), validate (422), then change,
// record on the timeline, audit and publish — one transaction.
import Kernel

extension HazardService {
    /// `actingAs`: the scope and role to check instead of the transaction's actor (the public's
    /// "not fixed" reopens through the tip-off, as the system).
    /// `values`: what `HazardInput.action(action)` read; rules it cannot say are checked here.
    /// `expectedVersion`: the version an `If-Match` names (412 when the hazard has moved on).
    public func perform(_ action: HazardAction, on id: Int64, _ values: Values, actingAs: Actor? = nil, expectedVersion: Int64? = nil, _ tx: WriteTransaction) throws -> JSON {
        var errors: [FieldError] = []
        func check() throws { if !errors.isEmpty { throw DomainError.validation(errors) } }
        let db = tx.db
        let actor = actingAs ?? tx.actor
        let row = try HazardStore.require(id, actor: actor, db)
        guard action.roles.contains(actor.role) else {
            throw DomainError.forbidden("\(actor.role.chinese)用户不能对隐患执行“\(action.chinese)”；此操作由\(Role.allCases.filter { action.roles.contains($0) }.map(\.chinese).joined(separator: "、"))办理 (a \(actor.role.rawValue) user may not \(action.rawValue) a hazard; that is for: \(action.roles.map(\.rawValue).sorted().joined(separator: ", ")))")
        }
        if let expectedVersion, expectedVersion != row.requiredInt("version") {
            throw DomainError.versionMismatch("隐患 \(row.requiredString("code"))", "hazard \(row.requiredString("code"))", current: row.requiredInt("version"), expected: expectedVersion)
        }
        let status = HazardStatus(rawValue: row.requiredString("status")) ?? .reported
        let grade = HazardGrade(rawValue: row.requiredString("grade")) ?? .general
        let listed = row.bool("listed")
        guard action.allowed(from: status, grade: grade, listed: listed) else {
            let allowed = HazardAction.allowed(from: status, grade: grade, listed: listed).filter { $0.roles.contains(actor.role) }
            let code = row.requiredString("code")
            var why = "hazard \(code) is \(status.rawValue) (\(status.chinese))"
            var whyChinese = "隐患 \(code) 当前为“\(status.chinese)”"
            if action == .filePlan || action == .submitAssessment || action == .listForSupervision || action == .penalise, grade == .general {
                why += "; \(action.rawValue) is for major hazards only"
                whyChinese += "，“\(action.chinese)”仅适用于重大隐患"
            } else if action == .listForSupervision && listed {
                why += " and already listed for supervision"
                whyChinese += "，且已挂牌督办"
            }
            throw DomainError(.conflict, "\(whyChinese)，不能“\(action.chinese)”；现在可执行：\(allowed.isEmpty ? "无" : allowed.map(\.chinese).joined(separator: "、"))"
                              + " (\(why): cannot \(action.rawValue); allowed now: \(allowed.isEmpty ? "none" : allowed.map(\.rawValue).joined(separator: ", ")))",
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
                    missing.append(FieldError(part.column, "missing", "缺少\(part.label) (the plan lacks \(part.column))"))
                }
            }
            if let clause = values.id("standard_clause_id") {
                if let problem = try clauseProblem(clause, sector: row.requiredString("sector"), db) { errors.append(problem) } else {
                    sets.append(("standard_clause_id", clause))
                }
            } else if row.int("standard_clause_id") == nil {
                missing.append(FieldError("standard_clause_id", "missing", "缺少判定标准条款 (the plan lacks the determination-standard clause)"))
            }
            try check()
            if !missing.isEmpty {
                throw DomainError(.validation, "重大隐患须报送隐患报告和完整的治理方案后方可进入下一步，缺少 \(missing.count) 项 (a major hazard cannot leave reported without its report and a complete remediation plan; missing \(missing.count) part(s)): "
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
            if let wrong = Self.recordedDateProblem(on, field: "rectified_on", label: "整改完成日期", foundOn: row.requiredString("found_on"), today: tx.today) {
                errors.append(wrong)
            }
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
            // 销号 is the supervising department's review (never the enterprise, the reporter, or
            // the system administrator as itself); the office acts in its place only by naming it.
            let deputy = try self.deputy(values, row, actor: actor, act: values.bool("passed") == true ? "核查销号" : "核查（未通过）", "review")
            if row.requiredString("reported_by") == actor.username {
                throw DomainError.forbidden("\(actor.username) 是隐患 \(row.requiredString("code")) 的报告人，不能核查销号 (\(actor.username) reported hazard \(row.requiredString("code")) and may not review it)")
            }
            if let deputy {
                details += deputy.details
                if values.bool("passed") == true { sets.append(("closed_on_behalf_of_unit_id", deputy.unit)) }
            }
            let passed = values.bool("passed")
            let reasons = values.text("reasons")
            if passed != true && reasons == nil {
                errors.append(FieldError("reasons", "required_when_failed", "核查未通过须说明原因 (a failed review gives its reasons)"))
            }
            try check()
            note = [deputy?.note, reasons].compactMap { $0 }.joined(separator: "；")
            if note?.isEmpty == true { note = nil }
            details.insert(JSON.Member("passed", .bool(passed == true)), at: 0)
            if passed == true {
                sets += [("closed_on", tx.today.iso), ("closed_by", actor.username)]
                next = .closed
            } else {
                sets += [("review_applied_on", DatabaseValue.null), ("review_due", DatabaseValue.null)]  // the next application sets them anew (#20 item 5)
                next = .rectifying
            }
        case .reopen:
            note = values.text("reason")
            sets += [("closed_on", DatabaseValue.null), ("closed_by", DatabaseValue.null), ("closed_on_behalf_of_unit_id", DatabaseValue.null),
                     ("review_applied_on", DatabaseValue.null), ("review_due", DatabaseValue.null)]
            next = .rectifying
        case .merge:
            // The hazard in the path is 404 when unknown; the one named in the body is a field at fault.
            guard let target = values.id("into"), let targetRow = try HazardStore.row(target, actor: actor, db) else {
                throw DomainError.validation([FieldError("into", "not_found", "隐患 \(values.text("into") ?? "") 不存在或不在你的范围内 (no hazard \(values.text("into") ?? "") in your scope)")])
            }
            guard target != id else { throw DomainError(.conflict, "隐患不能合并到其自身 (a hazard cannot be merged into itself)") }
            guard let targetStatus = HazardStatus(rawValue: targetRow.requiredString("status")), targetStatus.isOpen else {
                throw DomainError(.conflict, "隐患 \(targetRow.requiredString("code")) 当前为“\(HazardStatus(rawValue: targetRow.requiredString("status"))?.chinese ?? targetRow.requiredString("status"))”，只能合并到未销号的隐患 (hazard \(targetRow.requiredString("code")) is \(targetRow.requiredString("status")); merge into an open hazard)")
            }
            sets.append(("merged_into_id", target))
            note = "duplicate of \(targetRow.requiredString("code"))"
            details = [JSON.Member("into", .int(target)), JSON.Member("into_code", .string(targetRow.requiredString("code")))]
            try db.execute("UPDATE hazards_tipoffs SET hazard_id = ?, updated_at = ?, version = version + 1 WHERE hazard_id = ?", [target, tx.nowText, id])
            _ = try recordAction(target, "merge-in", from: targetStatus, to: targetStatus, note: "\(row.requiredString("code")) merged in", details: .object(["from": .int(id)]), tx)
            next = .merged
        case .penalise:
            guard let enterprise = row.int("enterprise_id") else {
                throw DomainError(.conflict, "隐患 \(row.requiredString("code")) 位于公共场所，没有可处罚的生产经营单位 (hazard \(row.requiredString("code")) is at a public place with no enterprise to penalise)")
            }
            let number = values.text("decision_number") ?? ""
            let on = values.date("penalised_on") ?? tx.today
            if let wrong = Self.recordedDateProblem(on, field: "penalised_on", label: "处罚决定日期", foundOn: row.requiredString("found_on"), today: tx.today) {
                errors.append(wrong)
            }
            try check()
            note = values.text("note")
            do {
                try db.execute("INSERT INTO hazards_penalties (hazard_id, enterprise_id, penalised_on, decision_number, note, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                               [id, enterprise, on.iso, number, note, actor.username, tx.nowText])
            } catch let error as DatabaseError where error.failure == .constraint {
                throw DomainError(.conflict, "处罚决定书 \(number) 已为该企业登记 (penalty decision \(number) is already recorded for this enterprise)")
            }
            details = [JSON.Member("decision_number", JSON(number)), JSON.Member("penalised_on", .string(on.iso))]
        case .regrade:
            let change = try regrade(row, status: status, grade: grade, listed: listed, values, now: tx.nowText, db)
            sets += change.sets
            note = values.text("reason")
            details = change.details
        case .extendDeadline:
            let deputy = try self.deputy(values, row, actor: actor, act: "批准延期", "approve the extension")
            let current = row.requiredString("deadline")
            guard let deadline = values.date("deadline") else { throw DomainError.validation([FieldError("deadline", "required", "新的整改期限为必填项 (deadline is required)")]) }
            if deadline.iso <= current {
                errors.append(FieldError("deadline", "not_later", "新期限 \(deadline.iso) 须晚于现期限 \(current) (the new deadline must be after the current one)"))
            } else if deadline < tx.today {
                errors.append(FieldError("deadline", "deadline_past", "新期限 \(deadline.iso) 早于今天 \(tx.today.iso) (the new deadline is in the past)"))
            }
            try check()
            sets.append(("deadline", deadline.iso))
            note = [deputy?.note, values.text("reason")].compactMap { $0 }.joined(separator: "；")
            details = [JSON.Member("from", .string(current)), JSON.Member("to", .string(deadline.iso)),
                       JSON.Member("approved_by_unit_id", .int(row.requiredInt("supervising_unit_id")))] + (deputy?.details ?? [])
        case .transfer:
            let current = row.requiredInt("supervising_unit_id")
            guard let unit = values.id("supervising_unit_id"),
                  let unitName = try db.queryOne("SELECT name FROM registry_units WHERE id = ?", [unit])?.string("name") else {
                throw DomainError.validation([FieldError("supervising_unit_id", "not_found", "成员单位不存在 (no such unit)")])
            }
            if unit == current {
                throw DomainError.validation([FieldError("supervising_unit_id", "same_unit", "隐患 \(row.requiredString("code")) 已由\(unitName)监管 (it is already supervised by \(unitName))")])
            }
            sets.append(("supervising_unit_id", unit))
            note = "改派监管部门：\(row.string("supervising_unit_name") ?? String(current)) → \(unitName)；\(values.text("reason") ?? "")"
            details = [JSON.Member("from_unit_id", .int(current)), JSON.Member("from_unit_name", JSON(row.string("supervising_unit_name"))),
                       JSON.Member("to_unit_id", .int(unit)), JSON.Member("to_unit_name", .string(unitName))]
        }
        sets += [("status", next.rawValue), ("version", row.requiredInt("version") + 1), ("updated_at", tx.nowText)]
        try db.execute("UPDATE hazards_hazards SET \(sets.map { "\($0.0) = ?" }.joined(separator: ", ")) WHERE id = ?", sets.map(\.1) + [id])
        _ = try recordAction(id, action.rawValue, from: status, to: next, note: note, details: .object(details), tx)
        let updated = try HazardStore.require(id, actor: .system("hazards"), db)
        let json = HazardView.full(updated, today: tx.today, stockLastYear: settings.stockLastYear)
        // What changed besides the state, before and after (regrade, extension, transfer, closure in a department's place).
        let watched = ["grade", "deadline", "supervising_unit_id", "standard_clause_id", "closed_on_behalf_of_unit_id"]
        func audited(_ r: Row, _ status: HazardStatus, _ version: Int64) -> JSON {
            .object([JSON.Member("status", .string(status.rawValue)), JSON.Member("version", .int(version))]
                    + watched.filter { c in sets.contains { $0.0 == c } }.map { JSON.Member($0, r.string($0).map(JSON.string) ?? JSON(r.int($0))) })
        }
        let what = details.first { $0.key == "on_behalf_of_unit_name" }.map { "区安委办代为\($0.value.stringValue ?? "")" } ?? ""
        try tx.audit(action: "hazards.\(action.rawValue)", entity: "hazard", entityID: String(id),
                     before: audited(row, status, row.requiredInt("version")), after: audited(updated, next, row.requiredInt("version") + 1),
                     summary: "\(what)\(row.requiredString("code")): \(action.rawValue) (\(status.rawValue) → \(next.rawValue))" + (note.map { "：\($0)" } ?? ""))
        if next == .closed {
            let deadline = row.requiredString("deadline")
            try tx.publish(HazardClosed(hazard: HazardView.facts(updated), onTime: tx.today.iso <= deadline),
                           summary: HazardSummary.closed(updated) + (what.isEmpty ? "" : "（\(what)核查）"))
        }
        if action == .regrade {
            try tx.publish(HazardRegraded(hazard: HazardView.facts(updated), fromGrade: grade.rawValue, reason: values.text("reason") ?? ""),
                           summary: HazardSummary.regraded(updated, from: grade, reason: values.text("reason") ?? ""))
        }
        if action == .transfer {
            let reason = values.text("reason") ?? ""
            try tx.publish(HazardTransferred(hazard: HazardView.facts(updated), fromUnitId: row.requiredInt("supervising_unit_id"), reason: reason),
                           summary: HazardSummary.transferred(updated, fromUnit: row.string("supervising_unit_name") ?? String(row.requiredInt("supervising_unit_id")), reason: reason))
        }
        if action == .reopen {
            try tx.publish(HazardReopened(hazard: HazardView.facts(updated), reason: note ?? ""), summary: HazardSummary.reopened(updated, reason: note ?? ""))
        }
        return json
    }
}

extension HazardService {
    /// The committee office acting in the supervising department's place (代为): who and why, for
    /// the timeline, the audit and the record.
    struct Deputy {
        var unit: Int64
        var unitName: String
        var reason: String
        var note: String { "区安委办代为\(unitName)\(act)：\(reason)" }
        var act: String
        var details: [JSON.Member] {
            [JSON.Member("on_behalf_of_unit_id", .int(unit)), JSON.Member("on_behalf_of_unit_name", .string(unitName)), JSON.Member("on_behalf_reason", .string(reason))]
        }
    }

    /// What only the supervising department does (`act`: 核查销号, 批准延期): its own unit user, or
    /// the office naming it (`on_behalf_of_unit_id` with `on_behalf_reason`). nil: the department itself.
    func deputy(_ values: Values, _ row: Row, actor: Actor, act: String, _ english: String) throws -> Deputy? {
        let supervising = row.requiredInt("supervising_unit_id")
        let unitName = row.string("supervising_unit_name") ?? String(supervising)
        let code = row.requiredString("code")
        guard let named = values.id("on_behalf_of_unit_id") else {
            if !actor.isOffice, case .unit(let own) = actor.scope, own == supervising { return nil }
            if actor.isOffice {
                throw DomainError.forbidden("\(act)是监管部门（\(unitName)）的职责；区安委办如需代为办理，须注明 on_behalf_of_unit_id 和 on_behalf_reason"
                                            + " (only the supervising department, \(unitName), may \(english) hazard \(code); the committee office acts in its place only by naming it: on_behalf_of_unit_id=\(supervising) with on_behalf_reason)")
            }
            throw DomainError.forbidden("\(act)是监管部门（\(unitName)）的职责 (only the supervising department (\(unitName)) may \(english) hazard \(code))")
        }
        guard actor.isOffice else {
            throw DomainError.forbidden("只有区安委办可以代监管部门办理（on_behalf_of_unit_id）；\(actor.username) 是\(actor.role.chinese)用户 (only the committee office may act in a department's place (on_behalf_of_unit_id); \(actor.username) is a \(actor.role.rawValue) user)")
        }
        var errors: [FieldError] = []
        if named != supervising {
            errors.append(FieldError("on_behalf_of_unit_id", "not_supervising_unit", "隐患 \(code) 的监管部门是\(unitName)，只能代其办理 (the hazard's supervising unit is \(unitName), \(supervising))"))
        }
        let reason = values.text("on_behalf_reason")
        if reason == nil {
            errors.append(FieldError("on_behalf_reason", "required_on_behalf", "代为办理须说明理由 (acting in the department's place needs a reason)"))
        }
        guard errors.isEmpty, let reason else { throw DomainError.validation(errors) }
        return Deputy(unit: supervising, unitName: unitName, reason: reason, act: act)
    }

    /// A regrade's changes: to general (not while listed for supervision); to major with its clause
    /// (of the hazard's sector or cross-sector) and, once past reported, its report and plan.
    func regrade(_ row: Row, status: HazardStatus, grade: HazardGrade, listed: Bool, _ values: Values, now: String, _ db: Connection)
        throws -> (sets: [(String, any DatabaseValueConvertible)], details: [JSON.Member]) {
        let code = row.requiredString("code")
        guard let to = values.choice("grade", HazardGrade.self) else {
            throw DomainError.validation([FieldError("grade", "required", "新等级为必填项 (grade is required)")])
        }
        guard to != grade else {
            throw DomainError(.conflict, "隐患 \(code) 已是\(grade.chinese)隐患，无需重新定级 (hazard \(code) is already \(grade.rawValue); nothing to regrade)",
                              extra: [JSON.Member("current_grade", .string(grade.rawValue))])
        }
        var sets: [(String, any DatabaseValueConvertible)] = [("grade", to.rawValue)]
        let details = [JSON.Member("from_grade", .string(grade.rawValue)), JSON.Member("to_grade", .string(to.rawValue))]
        if to == .general {
            if listed {
                throw DomainError(.conflict, "隐患 \(code) 已挂牌督办，销号前须保持重大隐患等级，不能降为一般隐患 (hazard \(code) is listed for supervision (挂牌督办) and stays major until it is closed)",
                                  extra: [JSON.Member("current_grade", .string(grade.rawValue))])
            }
            return (sets, details)
        }
        var errors: [FieldError] = []
        if let clause = values.id("standard_clause_id") {
            if let problem = try clauseProblem(clause, sector: row.requiredString("sector"), db) { errors.append(problem) } else { sets.append(("standard_clause_id", clause)) }
        } else if let clause = row.int("standard_clause_id") {
            if let problem = try clauseProblem(clause, sector: row.requiredString("sector"), db) { errors.append(problem) }
        } else {
            errors.append(FieldError("standard_clause_id", "required_for_major", "重大隐患须注明所依据的判定标准条款 (a major hazard cites the clause of the determination standard it was judged under)"))
        }
        // Past reported, a major hazard works to a filed plan: it comes with the regrade.
        for part in HazardView.reportParts + HazardView.planParts {
            if let value = values.text(part.column) { sets.append((part.column, value)) } else if status != .reported && row.string(part.column) == nil {
                errors.append(FieldError(part.column, "required_for_major", "重大隐患在整改中须有\(part.label) (a major hazard past reported needs its report and six-part plan: \(part.label))"))
            }
        }
        if !errors.isEmpty { throw DomainError.validation(errors) }
        if status != .reported && row.string("plan_filed_at") == nil { sets.append(("plan_filed_at", now)) }
        return (sets, details)
    }
}

extension HazardService {
    /// What is wrong with the date an action records (`rectified_on`, `penalised_on`): after today,
    /// or before the hazard was found.
    static func recordedDateProblem(_ on: CalendarDate, field: String, label: String, foundOn: String, today: CalendarDate) -> FieldError? {
        if on > today { return FieldError(field, "future", "\(label) \(on.iso) 晚于今天 \(today.iso) (\(field) is after today)") }
        if on.iso < foundOn { return FieldError(field, "before_found_on", "\(label) \(on.iso) 早于隐患发现日期 \(foundOn) (\(field) is before the hazard was found)") }
        return nil
    }
}
