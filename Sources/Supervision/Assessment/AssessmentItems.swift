// Manual assessment items (人工评分): only on an indicator scored by hand, never beyond its weight,
// with evidence; withdrawn (撤销) with a reason, never deleted — every step audited.
import Kernel

extension AssessmentService {
    func itemJSON(_ row: Row, _ db: Connection) -> JSON {
        let kind = row.requiredString("subject_kind"), subject = row.requiredInt("subject_id")
        return .object([
            "id": .int(row.requiredInt("id")), "year": .int(row.requiredInt("year")), "subject_kind": .string(kind), "subject_id": .int(subject),
            "subject_name": .string(Names(db: db).body(kind, subject)), "indicator": .string(row.requiredString("indicator")),
            "points": .int(row.requiredInt("points")), "reason": .string(row.requiredString("reason")), "evidence": .string(row.requiredString("evidence")),
            "recorded_by": .string(row.requiredString("recorded_by")), "created_at": .string(row.requiredString("created_at")),
            "status": .string(row.string("withdrawn_at") == nil ? "active" : "withdrawn"),
            "withdrawn_at": JSON(row.string("withdrawn_at")), "withdrawn_by": JSON(row.string("withdrawn_by")), "withdrawal_reason": JSON(row.string("withdrawal_reason")),
        ])
    }

    func addItem(_ values: Values, _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isOffice else { throw DomainError.forbidden("只有区安委办可以录入人工考核分 (only the committee office records manual assessment items)") }
        let subject: (kind: BodyKind, id: Int64)
        switch BodyFields.subject.require(values) {
        case .failure(let error): throw DomainError.validation([error])
        case .success(let body): subject = body
        }
        let year = values.int("year") ?? Int64(tx.today.year)
        let code = values.text("indicator") ?? ""
        let points = values.int("points") ?? 0
        let reason = values.text("reason") ?? "", evidence = values.text("evidence") ?? ""
        let leaves = try AssessmentScheme.load(year: Int(year), tx.db).flatMap(\.leaves)
        guard let leaf = leaves.first(where: { $0.code == code }) else {
            throw DomainError.validation([FieldError("indicator", "not_found", "指标 \(code) 不是 \(year) 年考核方案的末级指标（末级指标：\(leaves.map(\.code).joined(separator: "、"))）(not a leaf of the \(year) scheme)")])
        }
        let kind = subject.kind.rawValue
        let name = Names(db: tx.db).body(kind, subject.id)
        guard leaf.source == "manual" else {
            let manual = leaves.filter { $0.source == "manual" }.map { "\($0.code) \($0.name)" }
            throw DomainError.validation([FieldError("indicator", "computed",
                "指标 \(code)（\(leaf.name)）的分数由记录自动计算（来源 \(leaf.source)），不能录入人工分；人工评分指标：\(manual.isEmpty ? "无" : manual.joined(separator: "、")) (indicator \(code) is computed from records; manual items go on a manual indicator)")])
        }
        guard leaf.appliesTo.contains(kind) else {
            throw DomainError.validation([FieldError("indicator", "not_applicable", "指标 \(code) 不适用于\(AssessmentService.kindLabel(kind))\(name) (indicator \(code) does not apply to a \(kind))")])
        }
        guard abs(points) <= leaf.weight else {
            throw DomainError.validation([FieldError("points", "beyond_weight", "分值 \(points) 超出指标 \(code) 的权重 \(leaf.weight) 分（可在 −\(leaf.weight) 至 +\(leaf.weight) 之间）(points beyond the indicator's weight)")])
        }
        let existing = try tx.db.scalarInt("""
            SELECT coalesce(sum(points), 0) FROM supervision_assessment_items WHERE year = ? AND subject_kind = ? AND subject_id = ? AND indicator = ? AND withdrawn_at IS NULL
            """, [year, kind, subject.id, code])
        guard abs(existing + points) <= leaf.weight else {
            throw DomainError.validation([FieldError("points", "beyond_weight", "\(name)在指标 \(code) 上已有人工分 \(existing)，再加 \(points) 合计 \(existing + points)，超出权重 \(leaf.weight) 分 (the items on this indicator would total beyond its weight)")])
        }
        try tx.db.execute("""
            INSERT INTO supervision_assessment_items (year, subject_kind, subject_id, indicator, points, reason, evidence, recorded_by, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [year, kind, subject.id, code, points, reason, evidence, tx.actor.username, tx.nowText])
        let id = tx.db.lastInsertRowID
        let record = try item(id, tx.db)
        try tx.audit(action: "supervision.assessment.item", entity: "supervision_assessment_item", entityID: String(id), after: record,
                     summary: "\(year) 年度考核人工\(points < 0 ? "扣分" : "加分")：\(name) 指标 \(code) \(points) 分，\(reason.prefix(60))")
        return record
    }

    func item(_ id: Int64, _ db: Connection) throws -> JSON {
        guard let row = try db.queryOne("SELECT * FROM supervision_assessment_items WHERE id = ?", [id]) else { throw DomainError.notFound("考核项目", "assessment item", String(id)) }
        return itemJSON(row, db)
    }

    /// Withdraws an item (it stops counting from that day; reports as of earlier days keep it).
    func withdrawItem(_ id: Int64, _ values: Values, _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isOffice else { throw DomainError.forbidden("只有区安委办可以撤销人工考核分 (only the committee office withdraws manual assessment items)") }
        let before = try item(id, tx.db)
        guard before["status"] == "active" else {
            throw DomainError(.conflict, "人工考核分 \(id) 已于 \(Render.cell(before["withdrawn_at"])) 撤销 (the item is already withdrawn)",
                              extra: [JSON.Member("current_state", "withdrawn"), JSON.Member("allowed_actions", .array([]))])
        }
        let reason = (values.text("reason") ?? "")
        try tx.db.execute("UPDATE supervision_assessment_items SET withdrawn_at = ?, withdrawn_by = ?, withdrawal_reason = ? WHERE id = ?",
                          [tx.nowText, tx.actor.username, reason, id])
        let after = try item(id, tx.db)
        try tx.audit(action: "supervision.assessment.item.withdraw", entity: "supervision_assessment_item", entityID: String(id), before: before, after: after,
                     summary: "撤销人工考核分 \(id)（\(Render.cell(before["subject_name"])) 指标 \(Render.cell(before["indicator"])) \(Render.cell(before["points"])) 分），理由：\(reason.prefix(60))")
        return after
    }

    /// The year's items, withdrawn ones included (the office only).
    func items(year: Int, actor: Actor, _ db: Connection) throws -> [JSON] {
        guard actor.isOffice else { throw DomainError.forbidden("只有区安委办可以查看人工考核分 (only the committee office reads manual assessment items)") }
        return try db.query("SELECT * FROM supervision_assessment_items WHERE year = ? ORDER BY id", [year]).map { itemJSON($0, db) }
    }
}
