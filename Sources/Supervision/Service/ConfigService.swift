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

    func addCampaign(_ fields: [String: JSON], _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isAdmin else { throw DomainError.forbidden("only the committee office (admin) configures campaign windows") }
        let input = Input(fields)
        let name = input.text("name", required: true, max: 100)
        let start = input.date("starts_on", required: true)
        let end = input.date("ends_on", required: true)
        if let start, let end, end < start { input.fail("ends_on", "order", "ends_on \(end.iso) is before starts_on \(start.iso)") }
        try input.finish()
        guard let name, let start, let end else { throw DomainError.validation(input.errors) }
        do {
            try tx.db.execute("INSERT INTO supervision_campaigns (name, starts_on, ends_on, created_at) VALUES (?, ?, ?, ?)", [name, start.iso, end.iso, tx.nowText])
        } catch let error as DatabaseError where error.isUniqueViolation {
            throw DomainError.conflict("campaign \(name) starting \(start.iso) already exists")
        }
        let id = tx.db.lastInsertRowID
        let record = JSON.object(["id": .int(id), "name": .string(name), "starts_on": .string(start.iso), "ends_on": .string(end.iso)])
        try tx.audit(action: "supervision.campaign.add", entity: "supervision_campaign", entityID: String(id), after: record, summary: "campaign \(name) \(start.iso)…\(end.iso)")
        return record
    }

    func checklist(_ id: Int64, _ db: Connection) throws -> JSON {
        guard let row = try db.queryOne("SELECT * FROM supervision_checklists WHERE id = ?", [id]) else { throw DomainError.notFound("checklist", String(id)) }
        let items = try db.query("SELECT code, text, points FROM supervision_checklist_items WHERE checklist_id = ? ORDER BY position", [id]).map {
            JSON.object(["code": .string($0.requiredString("code")), "text": .string($0.requiredString("text")), "points": .int($0.requiredInt("points"))])
        }
        let total = try db.scalarInt("SELECT coalesce(sum(points), 0) FROM supervision_checklist_items WHERE checklist_id = ?", [id])
        return .object(["id": .int(id), "name": .string(row.requiredString("name")), "max_score": .int(total), "items": .array(items)])
    }

    func checklists() throws -> [JSON] {
        try core.read { db in try db.query("SELECT id FROM supervision_checklists ORDER BY id").map { try checklist($0.requiredInt("id"), db) } }
    }

    func addChecklist(_ fields: [String: JSON], _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isAdmin else { throw DomainError.forbidden("only the committee office (admin) configures checklists") }
        let input = Input(fields)
        let name = input.text("name", required: true, max: 100)
        var items: [(String, String, Int64)] = []
        switch input.nested("items") {
        case .array(let list)?:
            for (index, item) in list.enumerated() {
                guard let code = item["code"]?.stringValue, !code.isEmpty, code.count <= 20, let text = item["text"]?.stringValue, !text.isEmpty,
                      let points = item["points"]?.intValue else {
                    input.fail("items[\(index)]", "type", "each item is {code, text, points}"); continue
                }
                if !(1...100).contains(points) { input.fail("items[\(index)].points", "range", "points must be 1…100"); continue }
                if items.contains(where: { $0.0 == code }) { input.fail("items[\(index)].code", "duplicate", "code \(code) appears twice"); continue }
                items.append((code, text, points))
            }
        case .string(let text)?:
            // CLI form: "A1:text:10;A2:text:5"
            for (index, part) in text.split(separator: ";").enumerated() {
                let bits = part.split(separator: ":", maxSplits: 2).map { $0.trimmingCharacters(in: .whitespaces) }
                guard bits.count == 3, let points = Int64(bits[2]), (1...100).contains(points), !bits[0].isEmpty else {
                    input.fail("items[\(index)]", "format", "write each item as CODE:TEXT:POINTS, got '\(part)'"); continue
                }
                items.append((bits[0], bits[1], points))
            }
        default: input.fail("items", "required", "items is required: [{code, text, points}]")
        }
        if items.isEmpty && input.errors.isEmpty { input.fail("items", "required", "a checklist needs at least one item") }
        try input.finish()
        guard let name else { throw DomainError.validation(input.errors) }
        do {
            try tx.db.execute("INSERT INTO supervision_checklists (name, created_at) VALUES (?, ?)", [name, tx.nowText])
        } catch let error as DatabaseError where error.isUniqueViolation {
            throw DomainError.conflict("a checklist called \(name) already exists")
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
