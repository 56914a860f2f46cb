// Recording an inspection (检查): by a group or a department, in a mode (明查, 暗访, 四不两直,
// 专家指导), perhaps in a campaign window, with enterprises visited, inspectors, checklist scores
// and findings. A 四不两直 inspection names its sealed draw.
import Kernel

struct InspectionService {
    let core: Core

    func record(_ fields: [String: JSON], _ tx: WriteTransaction) throws -> JSON {
        let actor = tx.actor
        guard [.admin, .inspector, .unit].contains(actor.role) else {
            throw DomainError.forbidden("a \(actor.role.rawValue) user may not record inspections")
        }
        let db = tx.db
        let input = Input(fields)
        var group = input.int("group_id", range: 1...Int64.max, aliases: ["group"])
        var unit = input.reference("unit_id", .unit, db)
        let mode = input.choice("mode", InspectionMode.self, required: true)
        var campaign = input.int("campaign_id", range: 1...Int64.max, aliases: ["campaign"])
        let date = input.date("date", required: true)
        let territory = input.reference("territory_id", .territory, db, required: true)
        let enterprises = Array(Set(input.references("enterprise_ids", .enterprise, db, aliases: ["enterprises", "enterprise"]))).sorted()
        let inspectors = input.texts("inspectors", aliases: ["inspector"])
        let checklist = input.int("checklist_id", range: 1...Int64.max, aliases: ["checklist"])
        let scores = input.nested("scores")
        let summary = input.text("summary", max: 4000)
        let draw = input.int("draw_id", range: 1...Int64.max, aliases: ["draw"])
        let findings = input.nested("findings")

        // Who records for whom.
        switch actor.scope {
        case .group(let own):
            if let g = group, g != own { input.fail("group_id", "scope", "an inspector records for its own group (\(own)), not group \(g)") }
            group = own
            if unit != nil { input.fail("unit_id", "scope", "an inspector records for its group, not for a department") ; unit = nil }
        case .unit(let own):
            if group != nil { input.fail("group_id", "scope", "a department records its own inspections, not a group's") }
            if let u = unit, u != own { input.fail("unit_id", "scope", "a department records for itself (unit \(own)), not unit \(u)") }
            unit = own
        default: break
        }
        if group == nil && unit == nil && input.errors.isEmpty { input.fail("group_id", "required", "give group_id (a supervision group) or unit_id (a department)") }
        if let g = group, try db.queryOne("SELECT 1 FROM supervision_groups WHERE id = ?", [g]) == nil { input.fail("group_id", "not_found", "no supervision group with id \(g)") }
        if let date, date > tx.today { input.fail("date", "future", "date \(date.iso) is after today (\(tx.today.iso)); record a visit once it happened") }
        if let territory, !enterprises.isEmpty {
            let outside = try db.query("SELECT id, name FROM registry_enterprises WHERE territory_id <> ? AND id IN (\(Visibility.placeholders(enterprises.count)))",
                                       [territory] + enterprises)
            for row in outside { input.fail("enterprise_ids", "territory", "enterprise \(row.requiredInt("id")) (\(row.requiredString("name"))) is not located in territory \(territory)") }
        }
        // Campaign window: given → the date must fall in it; not given → the window the date falls in, if any.
        if let c = campaign {
            if let row = try db.queryOne("SELECT name, starts_on, ends_on FROM supervision_campaigns WHERE id = ?", [c]) {
                if let date, date.iso < row.requiredString("starts_on") || date.iso > row.requiredString("ends_on") {
                    input.fail("campaign_id", "window", "date \(date.iso) is outside campaign \(row.requiredString("name")) (\(row.requiredString("starts_on"))…\(row.requiredString("ends_on")))")
                }
            } else { input.fail("campaign_id", "not_found", "no campaign with id \(c)") }
        } else if let date {
            campaign = try db.queryOne("SELECT id FROM supervision_campaigns WHERE starts_on <= ? AND ends_on >= ? ORDER BY id LIMIT 1", [date.iso, date.iso])?.int("id")
        }
        // 四不两直 needs a draw of the same group and quarter; other modes must not name one.
        if mode == .unannounced {
            if let d = draw {
                if let row = try db.queryOne("SELECT group_id, quarter FROM supervision_draws WHERE id = ?", [d]) {
                    if let g = group, row.requiredInt("group_id") != g { input.fail("draw_id", "group", "draw \(d) belongs to group \(row.requiredInt("group_id")), not \(g)") }
                    if let date, row.requiredString("quarter") != Quarter(containing: date).description {
                        input.fail("draw_id", "quarter", "draw \(d) is for \(row.requiredString("quarter")), the visit is in \(Quarter(containing: date))")
                    }
                } else { input.fail("draw_id", "not_found", "no draw with id \(d)") }
            } else if group != nil {
                input.fail("draw_id", "required", "a 四不两直 (unannounced) visit by a group names the sealed draw it follows (plan one with 'supervision draws plan')")
            }
        } else if draw != nil {
            input.fail("draw_id", "mode", "only a 四不两直 (unannounced) inspection follows a sealed draw")
        }
        // Checklist scores.
        var scoreRows: [(code: String, score: Int64, note: String?)] = []
        var maxScore: Int64?
        if let checklist {
            let items = try db.query("SELECT code, points FROM supervision_checklist_items WHERE checklist_id = ?", [checklist])
            if items.isEmpty { input.fail("checklist_id", "not_found", "no checklist with id \(checklist)") }
            let points = Dictionary(uniqueKeysWithValues: items.map { ($0.requiredString("code"), $0.requiredInt("points")) })
            maxScore = points.values.reduce(0, +)
            if case .array(let given)? = scores {
                for (index, item) in given.enumerated() {
                    guard let code = item["item"]?.stringValue ?? item["code"]?.stringValue, let score = item["score"]?.intValue else {
                        input.fail("scores[\(index)]", "type", "each score is {item, score, note}"); continue
                    }
                    guard let max = points[code] else { input.fail("scores[\(index)].item", "not_found", "checklist \(checklist) has no item \(code)"); continue }
                    guard (0...max).contains(score) else { input.fail("scores[\(index)].score", "range", "item \(code) scores 0…\(max), got \(score)"); continue }
                    if scoreRows.contains(where: { $0.code == code }) { input.fail("scores[\(index)].item", "duplicate", "item \(code) is scored twice"); continue }
                    scoreRows.append((code, score, item["note"]?.stringValue))
                }
            } else if scores != nil { input.fail("scores", "type", "scores must be a list of {item, score, note}") }
        } else if scores != nil { input.fail("scores", "checklist", "scores need a checklist_id") }
        try input.finish()
        guard let mode, let date, let territory else { throw DomainError.validation(input.errors) }

        // An inspector visits the territories its group covers in that quarter (out of scope: not found).
        if case .group(let own) = actor.scope {
            let covered = try Visibility.coveredTerritories(group: own, quarter: Quarter(containing: date), db)
            if !covered.contains(territory) { throw DomainError.notFound("territory in your group's coverage for \(Quarter(containing: date))", String(territory)) }
        }
        let total: Int64? = checklist == nil ? nil : scoreRows.reduce(0) { $0 + $1.score }
        try db.execute("""
            INSERT INTO supervision_inspections (group_id, unit_id, mode, campaign_id, date, quarter, territory_id, inspectors, checklist_id, score, max_score,
                draw_id, summary, recorded_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [group, unit, mode.rawValue, campaign, date.iso, Quarter(containing: date).description, territory, JSON(inspectors).serialized, checklist, total, maxScore,
                  draw, summary, actor.username, tx.nowText])
        let id = db.lastInsertRowID
        for enterprise in enterprises {
            try db.execute("INSERT INTO supervision_inspection_enterprises (inspection_id, enterprise_id) VALUES (?, ?)", [id, enterprise])
        }
        for score in scoreRows {
            try db.execute("INSERT INTO supervision_inspection_scores (inspection_id, item_code, score, note) VALUES (?, ?, ?, ?)", [id, score.code, score.score, score.note])
        }
        let record = try InspectionStore.json(try InspectionStore.row(id, actor: .localAdministrator, db)!, db)
        try tx.audit(action: "supervision.inspection.record", entity: "supervision_inspection", entityID: String(id), after: record,
                     summary: "\(mode.label) inspection of territory \(territory) on \(date.iso)")
        // Findings given with the inspection, in the same transaction.
        if let findings {
            guard case .array(let items) = findings else { throw DomainError.validation([FieldError("findings", "type", "findings must be a list of objects")]) }
            for (index, item) in items.enumerated() {
                guard case .object(let members) = item else { throw DomainError.validation([FieldError("findings[\(index)]", "type", "each finding must be an object")]) }
                var map: [String: JSON] = [:]
                for member in members { map[member.key] = member.value }
                do {
                    _ = try FindingService(core: core).record(inspection: id, map, tx)
                } catch let error as DomainError where error.kind == .validation {
                    throw DomainError.validation(error.fieldErrors.map { FieldError("findings[\(index)].\($0.field)", $0.code, $0.message) })
                }
            }
        }
        return try InspectionStore.json(try InspectionStore.row(id, actor: .localAdministrator, db)!, db)
    }

    func get(_ id: Int64, actor: Actor) throws -> JSON {
        try core.read { db in
            guard let row = try InspectionStore.row(id, actor: actor, db) else { throw DomainError.notFound("inspection", String(id)) }
            var record = try InspectionStore.json(row, db)
            let findings = try FindingStore.list(FindingStore.Filter(inspectionID: id, limit: 1000), actor: actor, db).items
            if case .object(var members) = record { members.append(JSON.Member("findings", .array(findings))); record = .object(members) }
            return record
        }
    }
}
