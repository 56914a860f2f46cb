// Configuration the office keeps: campaign windows (两会, 中秋, 国庆 …) and checklists with scored items.
import Kernel

struct ConfigService {
    let core: Core

    func campaigns() throws -> [JSON] {
        try core.read { db in
            try db.query("SELECT * FROM supervision_campaigns ORDER BY starts_on, id").map {
                .object(["id": .int($0.requiredInt("id")), "name": .string($0.requiredString("name")),
                         "starts_on": .string($0.requiredString("starts_on")), "ends_on": .string($0.requiredString("ends_on"))])
            }
        }
    }

    func addCampaign(_ values: Values, _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isOffice else { throw DomainError.forbidden("此操作只能由区安委办办理 (only the committee office configures campaign windows)") }
        guard let start = values.date("starts_on"), let end = values.date("ends_on") else {
            throw DomainError.validation([FieldError("starts_on", "required", "starts_on 与 ends_on 为必填项 (are required)")])
        }
        let name = values.text("name") ?? ""
        if end < start {
            throw DomainError.validation([FieldError("ends_on", "order", "结束日 \(end.iso) 早于开始日 \(start.iso) (ends_on is before starts_on)")])
        }
        do {
            try tx.db.execute("INSERT INTO supervision_campaigns (name, starts_on, ends_on, created_at) VALUES (?, ?, ?, ?)", [name, start.iso, end.iso, tx.nowText])
        } catch let error as DatabaseError where error.isUniqueViolation {
            throw DomainError.conflict("\(start.iso) 开始的专项行动“\(name)”已存在 (campaign \(name) starting \(start.iso) already exists)")
        }
        let id = tx.db.lastInsertRowID
        let record = JSON.object(["id": .int(id), "name": .string(name), "starts_on": .string(start.iso), "ends_on": .string(end.iso)])
        try tx.audit(action: "supervision.campaign.add", entity: "supervision_campaign", entityID: String(id), after: record, summary: "campaign \(name) \(start.iso)…\(end.iso)")
        return record
    }

    func checklist(_ id: Int64, _ db: Connection) throws -> JSON {
        guard let row = try db.queryOne("SELECT * FROM supervision_checklists WHERE id = ?", [id]) else { throw DomainError.notFound("检查清单", "checklist", String(id)) }
        let items = try db.query("SELECT code, text, points FROM supervision_checklist_items WHERE checklist_id = ? ORDER BY position", [id]).map {
            JSON.object(["code": .string($0.requiredString("code")), "text": .string($0.requiredString("text")), "points": .int($0.requiredInt("points"))])
        }
        let total = try db.scalarInt("SELECT coalesce(sum(points), 0) FROM supervision_checklist_items WHERE checklist_id = ?", [id])
        return .object(["id": .int(id), "name": .string(row.requiredString("name")), "max_score": .int(total), "items": .array(items)])
    }

    func checklists() throws -> [JSON] {
        try core.read { db in try db.query("SELECT id FROM supervision_checklists ORDER BY id").map { try checklist($0.requiredInt("id"), db) } }
    }

    func addChecklist(_ values: Values, _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isOffice else { throw DomainError.forbidden("此操作只能由区安委办办理 (only the committee office configures checklists)") }
        let name = values.text("name") ?? ""
        var items: [(String, String, Int64)] = []
        var errors: [FieldError] = []
        for (index, item) in values.objects("items").enumerated() {
            let code = item.text("code") ?? ""
            if items.contains(where: { $0.0 == code }) { errors.append(FieldError("items[\(index)].code", "code_taken", "条目编号 \(code) 重复 (code \(code) appears twice)")); continue }
            items.append((code, item.text("text") ?? "", item.int("points") ?? 0))
        }
        if items.isEmpty && errors.isEmpty { errors.append(FieldError("items", "no_items", "检查表至少需要一个条目 (a checklist needs at least one item)")) }
        if !errors.isEmpty { throw DomainError.validation(errors) }
        do {
            try tx.db.execute("INSERT INTO supervision_checklists (name, created_at) VALUES (?, ?)", [name, tx.nowText])
        } catch let error as DatabaseError where error.isUniqueViolation {
            throw DomainError.conflict("检查清单“\(name)”已存在 (a checklist called \(name) already exists)")
        }
        let id = tx.db.lastInsertRowID
        for (position, item) in items.enumerated() {
            try tx.db.execute("INSERT INTO supervision_checklist_items (checklist_id, code, text, points, position) VALUES (?, ?, ?, ?, ?)",
                              [id, item.0, item.1, item.2, position])
        }
        let record = try checklist(id, tx.db)
        try tx.audit(action: "supervision.checklist.add", entity: "supervision_checklist", entityID: String(id), after: record, summary: "checklist \(name)")
        return record
    }
}
