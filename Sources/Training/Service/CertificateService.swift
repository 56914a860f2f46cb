// Special-operation certificates (特种作业操作证, Order 30) and special-equipment operator
// certificates (特种设备作业人员证): recorded, reviewed (复审), renewed at the end of validity, revoked.
import Kernel

extension TrainingService {
    static let certificateSelect = """
        SELECT x.*, p.name AS person_name, e.name AS enterprise_name FROM training_certificates x
        JOIN registry_people p ON p.id = x.person_id JOIN registry_enterprises e ON e.id = x.enterprise_id
        """

    /// The 11 special-operation categories as `{code, label}`.
    static func categoriesJSON() -> [JSON] {
        SpecialOperationCategory.all.map { .object(["code": .string($0.code), "label": .string($0.label)]) }
    }

    func verdict(_ row: Row, on day: CalendarDate) -> CertificateVerdict {
        CertificateLifecycle.verdict(TrainingStore.certificateDates(row), on: day, rules: rules)
    }

    func certificateJSON(_ row: Row, today: CalendarDate) -> JSON {
        let v = verdict(row, on: today)
        let category = row.requiredString("category")
        return .object([
            "id": .int(row.requiredInt("id")), "person_id": .int(row.requiredInt("person_id")), "person_name": JSON(row.string("person_name")),
            "enterprise_id": .int(row.requiredInt("enterprise_id")), "enterprise_name": JSON(row.string("enterprise_name")),
            "type": JSON(row.string("type")), "category": .string(category), "category_label": JSON(SpecialOperationCategory.label(category) ?? category),
            "item": JSON(row.string("item")), "number": JSON(row.string("number")),
            "issued_on": JSON(row.string("issued_on")), "valid_to": JSON(row.string("valid_to")),
            "last_reviewed_on": JSON(row.string("last_reviewed_on")), "compliant_since": JSON(row.string("compliant_since")),
            "status": .string(v.status.rawValue), "next_review_on": .string(v.checkpoint.iso), "review_window_opens": .string(v.windowOpens.iso),
            "review_interval_years": .int(Int64(v.intervalYears)), "days_left": .int(Int64(v.daysLeft)), "reason": .string(v.reason),
            "version": .int(row.requiredInt("version")), "created_at": JSON(row.string("created_at")), "updated_at": JSON(row.string("updated_at")),
        ])
    }

    func certificateRow(_ id: Int64, actor: Actor, _ db: Connection) throws -> Row {
        try TrainingStore.row(Self.certificateSelect, id: id, scope: TrainingScope.enterprises(actor, column: "x.enterprise_id"), notFound: ("证书", "certificate"), db)
    }

    func certificate(_ id: Int64, actor: Actor, today: CalendarDate, _ db: Connection) throws -> JSON {
        certificateJSON(try certificateRow(id, actor: actor, db), today: today)
    }

    /// One certificate as it stood on `on` (default: today): not found if issued after it.
    func certificate(_ id: Int64, on: CalendarDate?, actor: Actor, today: CalendarDate, _ db: Connection) throws -> JSON {
        let day = try asOfDay(on, today: today)
        let row = try certificateRow(id, actor: actor, db)
        guard let then = try TrainingHistory.certificate(row, on: day, db) else {
            throw DomainError(.notFound, "证书\(id)在\(day.iso)尚未签发 (certificate \(id) was issued on \(row.requiredString("issued_on")), after \(day.iso))",
                              extra: [JSON.Member("reason", "not_issued_yet")])
        }
        return certificateJSON(then, today: day)
    }

    /// The day a certificate answer is judged on: `on` (not after today) or today.
    func asOfDay(_ on: CalendarDate?, today: CalendarDate) throws -> CalendarDate {
        guard let on else { return today }
        if on > today { throw DomainError.validation([FieldError("on", "future", "on（\(on.iso)）晚于今天（\(today.iso)） (on is after today)")]) }
        return on
    }

    /// Certificates by filters, each as it stood on `on` (default: today; certificates issued
    /// later are left out); `status` (computed for that day) is applied while paging.
    func listCertificates(_ filters: Values, after: Int64?, limit: Int, actor: Actor, today real: CalendarDate, _ db: Connection) throws -> Page {
        let today = try asOfDay(filters.date("on"), today: real)
        let asOf = filters.date("on") != nil
        func json(_ row: Row) throws -> JSON {
            certificateJSON(asOf ? try TrainingHistory.certificate(row, on: today, db) ?? row : row, today: today)
        }
        let enterprise = filters.id("enterprise_id"), person = filters.id("person_id")
        let type = filters.choice("type", CertificateType.self)
        let status = filters.choice("status", CertificateStatus.self)?.rawValue
        var conditions: [String] = [], arguments: [any DatabaseValueConvertible] = []
        if let enterprise { conditions.append("x.enterprise_id = ?"); arguments.append(enterprise) }
        if let person { conditions.append("x.person_id = ?"); arguments.append(person) }
        if let type { conditions.append("x.type = ?"); arguments.append(type.rawValue) }
        if asOf { conditions.append("x.issued_on <= ?"); arguments.append(today.iso) }
        let scope = TrainingScope.enterprises(actor, column: "x.enterprise_id")
        guard let status else {
            return try TrainingStore.page(db, select: Self.certificateSelect, conditions: conditions, arguments: arguments, scope: scope,
                                          after: after, limit: limit, json: json)
        }
        var items: [JSON] = []
        var cursor = after
        while items.count < limit {
            var matched: [JSON] = []
            var lastID: Int64?
            let page = try TrainingStore.page(db, select: Self.certificateSelect, conditions: conditions, arguments: arguments, scope: scope,
                                              after: cursor, limit: 200) { row -> JSON in
                lastID = row.int("id")
                return try json(row)
            }
            for item in page.items where item["status"]?.stringValue == status {
                if items.count + matched.count < limit { matched.append(item) }
            }
            items += matched
            if items.count >= limit, let last = items.last?["id"]?.intValue {
                let more = lastID.map { $0 > last } ?? false || page.next != nil
                return Page(items: items, next: more ? Cursor.encode(last) : nil)
            }
            guard page.next != nil, let lastID else { break }
            cursor = lastID
        }
        return Page(items: items, next: nil)
    }

    func addCertificate(_ input: Values, refreshColours refresh: Bool = true, _ tx: WriteTransaction) throws -> JSON {
        try TrainingScope.requireWriter(tx.actor, "record certificates")
        let personID = try need(input.id("person_id"), "person_id"), enterpriseID = try need(input.id("enterprise_id"), "enterprise_id")
        let type = input.choice("type", CertificateType.self) ?? .specialOperation
        let given = try need(input.text("category"), "category")
        // A special-operation category may be given by its code or its Chinese name.
        let category = SpecialOperationCategory.all.first { $0.label == given }?.code ?? given
        let item = try need(input.text("item"), "item")
        let number = try need(input.text("number"), "number")
        let issued = try need(input.date("issued_on"), "issued_on")
        let validTo = input.date("valid_to") ?? issued.adding(years: rules.validityYears(type))
        let reviewedFor = input.date("reviewed_for"), lastReviewed = input.date("last_reviewed_on")
        let compliantSince = input.date("compliant_since")
        var faults = Faults()
        if type == .specialOperation, SpecialOperationCategory.label(category) == nil {
            faults.fail("category", "catalogue", "特种作业类别 category 须为 11 类之一：" + SpecialOperationCategory.all.map { "\($0.code)（\($0.label)）" }.joined(separator: "、") + "，收到 '\(category.prefix(40))' (category must be one of the 11 special-operation categories)")
        }
        if validTo <= issued { faults.fail("valid_to", "before_issue", "有效期至 valid_to（\(validTo.iso)）须晚于签发日期 issued_on（\(issued.iso)） (valid_to must be after issued_on)") }
        if issued > tx.today { faults.fail("issued_on", "future", "签发日期 issued_on（\(issued.iso)）晚于今天 (issued_on is after today)") }
        if let reviewedFor, reviewedFor <= issued { faults.fail("reviewed_for", "before_issue", "reviewed_for 须晚于签发日期 issued_on (reviewed_for must be after issued_on)") }
        if (reviewedFor == nil) != (lastReviewed == nil) { faults.fail("reviewed_for", "pair", "reviewed_for（应复审日期）须与 last_reviewed_on 一并填写 (give reviewed_for together with last_reviewed_on)") }
        try faults.check()
        let enterprise = try visibleEnterprise(enterpriseID, tx.actor, tx.db)
        let name = try requirePerson(personID, actor: tx.actor, tx.db)
        if let existing = try tx.db.queryOne("SELECT id, enterprise_id FROM training_certificates WHERE type = ? AND number = ?", [type.rawValue, number]) {
            // The existing certificate is named only to those who may read it.
            let visible = try TrainingScope.canSee(enterprise: existing.requiredInt("enterprise_id"), tx.actor, tx.db)
            throw DomainError(.conflict, "证书编号\(number)已登记 (a \(type.rawValue) certificate numbered \(number) already exists"
                              + (visible ? ": certificate \(existing.requiredInt("id")))" : ")"),
                              extra: visible ? [JSON.Member("existing_id", .int(existing.requiredInt("id")))] : [])
        }
        try tx.db.execute("""
            INSERT INTO training_certificates (person_id, enterprise_id, type, category, item, number, issued_on, valid_to, review_base_on,
                last_reviewed_on, compliant_since, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
            """, [personID, enterpriseID, type.rawValue, category, item, number, issued.iso, validTo.iso, reviewedFor?.iso, lastReviewed?.iso,
                  compliantSince?.iso, tx.nowText, tx.nowText])
        let id = tx.db.lastInsertRowID
        // Its history: issued on issued_on (and the review it came with, on last_reviewed_on).
        try TrainingHistory.baseline(certificate: id, tx.db)
        let after = try certificate(id, actor: .system("training"), today: tx.today, tx.db)
        try tx.audit(action: "training.certificate.add", entity: "training_certificate", entityID: String(id), after: after,
                     summary: "\(name) (\(enterprise.name)): \(type.rawValue) \(category)/\(item) no. \(number), valid to \(validTo.iso)")
        if refresh { try refreshColours(enterprises: [enterpriseID], year: tx.today.year, tx) }
        return after
    }

    /// Records a review (复审): passed moves the next review on (and renews validity when it was the
    /// renewal review); failed makes the certificate invalid. Only inside the window or the late grace.
    func reviewCertificate(_ id: Int64, _ input: Values, _ tx: WriteTransaction) throws -> JSON {
        try TrainingScope.requireWriter(tx.actor, "record certificate reviews")
        let before = try certificateRow(id, actor: tx.actor, tx.db)
        let on = input.date("on") ?? tx.today
        let passed = input.choice("result", ReviewResult.self) ?? .passed
        // 复审 is the issuing authority's: an enterprise (or a town) does not pass its own people.
        if passed == .passed, !TrainingScope.reviewers.contains(tx.actor.role) {
            throw DomainError(.forbidden, "复审合格须由行业主管部门或安委办记录，\(tx.actor.role == .enterprise ? "企业" : "属地")不得自行记录 "
                              + "(a passed review is recorded by a member unit or the office, not by a \(tx.actor.role.rawValue) user)",
                              extra: [JSON.Member("reason", "reviewer_required")])
        }
        let compliantSince = input.date("compliant_since")
        if on > tx.today { throw DomainError.validation([FieldError("on", "future", "on（\(on.iso)）晚于今天 (on is after today)")]) }
        var dates = TrainingStore.certificateDates(before)
        if let compliantSince { dates.compliantSince = compliantSince }
        let v = CertificateLifecycle.verdict(dates, on: on, rules: rules)
        guard v.status == .reviewDue || v.status == .expired else {
            let detail = v.status == .valid ? "its review window opens on \(v.windowOpens.iso) (review due \(v.checkpoint.iso))" : v.reason
            throw DomainError(.conflict, "证书 \(id) 在 \(on.iso) \(v.status == .valid ? "有效，复审期自 \(v.windowOpens.iso) 开始" : "已失效")，现在不能复审 (certificate \(id) is \(v.status.rawValue) on \(on.iso): \(detail))",
                              extra: [JSON.Member("current_state", .string(v.status.rawValue)),
                                      JSON.Member("allowed_actions", JSON(v.status == .valid ? ["revoke"] : []))])
        }
        // The history of the state it leaves (a certificate recorded before the history was kept gets it now).
        try TrainingHistory.baseline(certificate: id, tx.db)
        if passed == .passed {
            let newValidTo = v.isRenewal ? dates.validTo.adding(years: rules.validityYears(dates.type)) : dates.validTo
            try tx.db.execute("""
                UPDATE training_certificates SET review_base_on = ?, last_reviewed_on = ?, valid_to = ?, compliant_since = coalesce(?, compliant_since) WHERE id = ?
                """, [v.checkpoint.iso, on.iso, newValidTo.iso, compliantSince?.iso, id])
        } else {
            try tx.db.execute("UPDATE training_certificates SET last_reviewed_on = ?, invalid_reason = ? WHERE id = ?",
                              [on.iso, "复审不合格 (review failed on \(on.iso))", id])
        }
        try TrainingStore.bump("training_certificates", id: id, tx)
        try TrainingHistory.certificateEvent(id, passed == .passed ? "reviewed" : "reviewFailed", on: on, tx)
        let after = try certificate(id, actor: .system("training"), today: tx.today, tx.db)
        try tx.audit(action: "training.certificate.review", entity: "training_certificate", entityID: String(id),
                     before: certificateJSON(before, today: tx.today), after: after,
                     summary: "certificate \(before.requiredString("number")) review \(passed.rawValue) on \(on.iso); \(after["reason"]?.stringValue ?? "")")
        try refreshColours(enterprises: [before.requiredInt("enterprise_id")], year: tx.today.year, tx)
        return after
    }

    /// Revokes a certificate (撤销/注销) with a reason: it becomes invalid.
    func revokeCertificate(_ id: Int64, _ input: Values, _ tx: WriteTransaction) throws -> JSON {
        try TrainingScope.requireWriter(tx.actor, [.admin, .office, .unit, .town], "revoke certificates")
        let before = try certificateRow(id, actor: tx.actor, tx.db)
        let reason = try need(input.text("reason"), "reason")
        if let existing = before.string("invalid_reason") {
            throw DomainError(.conflict, "证书 \(id) 已失效：\(existing) (certificate \(id) is already invalid)",
                              extra: [JSON.Member("current_state", "invalid"), JSON.Member("allowed_actions", .array([]))])
        }
        try TrainingHistory.baseline(certificate: id, tx.db)
        try tx.db.execute("UPDATE training_certificates SET invalid_reason = ? WHERE id = ?", ["revoked: \(reason)", id])
        try TrainingStore.bump("training_certificates", id: id, tx)
        try TrainingHistory.certificateEvent(id, "revoked", on: tx.today, tx)
        let after = try certificate(id, actor: .system("training"), today: tx.today, tx.db)
        try tx.audit(action: "training.certificate.revoke", entity: "training_certificate", entityID: String(id),
                     before: certificateJSON(before, today: tx.today), after: after, summary: "certificate \(before.requiredString("number")) revoked: \(reason)")
        try refreshColours(enterprises: [before.requiredInt("enterprise_id")], year: tx.today.year, tx)
        return after
    }
}

enum ReviewResult: String, CaseIterable {
    case passed, failed
}
