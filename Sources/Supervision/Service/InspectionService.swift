// Recording an inspection (检查): by a group or a department, in a mode (明查, 暗访, 四不两直,
// 专家指导), perhaps in a campaign window, with enterprises visited, inspectors, checklist scores
// and findings. A 四不两直 inspection names its sealed draw.
import Kernel

struct InspectionService {
    let core: Core

    func record(_ values: Values, _ tx: WriteTransaction) throws -> JSON {
        let actor = tx.actor
        guard [.admin, .office, .inspector, .unit].contains(actor.role) else {
            throw DomainError.forbidden("\(actor.role.chinese)用户不能记录督导检查 (a \(actor.role.rawValue) user may not record inspections)")
        }
        let db = tx.db
        var errors: [FieldError] = []
        func fail(_ field: String, _ code: String, _ message: String) { errors.append(FieldError(field, code, message)) }
        guard let mode = values.choice("mode", InspectionMode.self), let date = values.date("date"), let territory = values.id("territory_id") else {
            throw DomainError.validation([FieldError("mode", "required", "mode, date 与 territory_id 为必填项 (are required)")])
        }
        var group = values.id("group_id")
        var unit = values.id("unit_id")
        var campaign = values.id("campaign_id")
        let enterprises = Array(Set(values.ids("enterprise_ids"))).sorted()
        let inspectors = values.texts("inspectors")
        let checklist = values.id("checklist_id")
        let scores = values.objects("scores")
        let summary = values.text("summary")
        let draw = values.id("draw_id")

        // Who records for whom.
        switch actor.scope {
        case .group(let own):
            if let g = group, g != own { fail("group_id", "scope", "督导组成员只能为本组 (\(own)) 登记检查 (an inspector records for its own group, not group \(g))") }
            group = own
            if unit != nil { fail("unit_id", "scope", "督导组成员为本组登记，而非部门 (an inspector records for its group, not for a department)"); unit = nil }
        case .unit(let own):
            if group != nil { fail("group_id", "scope", "部门只登记本部门的检查 (a department records its own inspections, not a group's)") }
            if let u = unit, u != own { fail("unit_id", "scope", "部门只能为本部门 (\(own)) 登记 (a department records for itself, not unit \(u))") }
            unit = own
        default: break
        }
        if group == nil && unit == nil && errors.isEmpty {
            fail("group_id", "group_or_unit", "须指明督导组 group_id 或部门 unit_id (give group_id, a supervision group, or unit_id, a department)")
        }
        if let g = group, try db.queryOne("SELECT 1 FROM supervision_groups WHERE id = ?", [g]) == nil { fail("group_id", "not_found", "督导组 \(g) 不存在 (no supervision group with id \(g))") }
        if date > tx.today { fail("date", "future", "检查日期 \(date.iso) 晚于今天 \(tx.today.iso) (record a visit once it happened)") }
        if !enterprises.isEmpty {
            let outside = try db.query("SELECT id, name FROM registry_enterprises WHERE territory_id <> ? AND id IN (\(Visibility.placeholders(enterprises.count)))",
                                       [territory] + enterprises)
            for row in outside {
                fail("enterprise_ids", "territory", "企业 \(row.requiredInt("id")) (\(row.requiredString("name"))) 不在属地 \(territory) (not located in territory \(territory))")
            }
        }
        // Campaign window: given → the date must fall in it; not given → the window the date falls in, if any.
        if let c = campaign {
            if let row = try db.queryOne("SELECT name, starts_on, ends_on FROM supervision_campaigns WHERE id = ?", [c]) {
                if date.iso < row.requiredString("starts_on") || date.iso > row.requiredString("ends_on") {
                    fail("campaign_id", "window", "日期 \(date.iso) 不在专项行动 \(row.requiredString("name")) (\(row.requiredString("starts_on"))…\(row.requiredString("ends_on"))) 期间 (outside the campaign window)")
                }
            } else { fail("campaign_id", "not_found", "专项行动 \(c) 不存在 (no campaign with id \(c))") }
        } else {
            campaign = try db.queryOne("SELECT id FROM supervision_campaigns WHERE starts_on <= ? AND ends_on >= ? ORDER BY id LIMIT 1", [date.iso, date.iso])?.int("id")
        }
        // 四不两直 needs a draw of the same group and quarter; other modes must not name one.
        if mode == .unannounced {
            if let d = draw {
                if let row = try db.queryOne("SELECT group_id, quarter, status, superseded_by, planned_at FROM supervision_draws WHERE id = ?", [d]) {
                    // A visit before the draw was made does not follow it: recorded under it, it would close the
                    // round (and a re-draw made after it) without the draw having chosen where the group went.
                    if let drawnOn = Instant.parse(row.requiredString("planned_at")).map({ CalendarDate($0) }), date < drawnOn {
                        fail("date", "before_draw", "检查日期 \(date.iso) 早于抽签 \(d) 的日期 \(drawnOn.iso)：四不两直检查须在抽签之后 (the inspection is dated before the draw it names)")
                    }
                    if let newer = row.int("superseded_by") {
                        fail("draw_id", "superseded", "抽签 \(d) 已被重新抽签 \(newer) 取代，请依据抽签 \(newer) 检查 (draw \(d) was replaced by re-draw \(newer))")
                    } else if row.requiredString("status") == "revealed" {
                        fail("draw_id", "revealed", "抽签 \(d) 已揭示，不能再作为四不两直检查的依据 (draw \(d) is already revealed; plan a new round)")
                    }
                    if let g = group, row.requiredInt("group_id") != g { fail("draw_id", "group", "抽签 \(d) 属于督导组 \(row.requiredInt("group_id"))，不是 \(g) (the draw belongs to another group)") }
                    // A department's visit follows no group's sealed draw (it would tie itself to the
                    // group's round: blocking its re-draw and standing in its reveal).
                    if group == nil { fail("draw_id", "group", "抽签 \(d) 属于督导组 \(row.requiredInt("group_id"))，部门的检查不能依据督导组的密封抽签 (draw \(d) is a supervision group's; a department's inspection follows no group's draw)") }
                    if row.requiredString("quarter") != Quarter(containing: date).description {
                        fail("draw_id", "quarter", "抽签 \(d) 为 \(row.requiredString("quarter"))，检查在 \(Quarter(containing: date)) (the draw is for another quarter)")
                    }
                } else { fail("draw_id", "not_found", "抽签 \(d) 不存在 (no draw with id \(d))") }
            } else if group != nil {
                fail("draw_id", "draw_required", "督导组的四不两直检查须指明所依据的密封抽签 (a 四不两直 visit by a group names the sealed draw it follows; plan one with 'supervision draws plan')")
            }
        } else if draw != nil {
            fail("draw_id", "mode", "只有四不两直 (unannounced) 检查依据密封抽签 (only an unannounced inspection follows a sealed draw)")
        }
        // Checklist scores.
        var scoreRows: [(code: String, score: Int64, note: String?)] = []
        var maxScore: Int64?
        if let checklist {
            let items = try db.query("SELECT code, points FROM supervision_checklist_items WHERE checklist_id = ?", [checklist])
            if items.isEmpty { fail("checklist_id", "not_found", "检查表 \(checklist) 不存在 (no checklist with id \(checklist))") }
            var points: [String: Int64] = [:]
            for item in items { points[item.requiredString("code")] = item.requiredInt("points") }
            maxScore = points.values.reduce(0, +)
            for (index, item) in scores.enumerated() {
                let code = item.text("item") ?? "", score = item.int("score") ?? 0
                guard let max = points[code] else { fail("scores[\(index)].item", "not_found", "检查表 \(checklist) 没有条目 \(code) (no such item)"); continue }
                guard score <= max else { fail("scores[\(index)].score", "over_points", "条目 \(code) 最多 \(max) 分，收到 \(score) (item \(code) scores 0…\(max))"); continue }
                if scoreRows.contains(where: { $0.code == code }) { fail("scores[\(index)].item", "scored_twice", "条目 \(code) 重复评分 (item \(code) is scored twice)"); continue }
                scoreRows.append((code, score, item.text("note")))
            }
        } else if !scores.isEmpty { fail("scores", "checklist", "评分须指明检查表 checklist_id (scores need a checklist_id)") }
        if !errors.isEmpty { throw DomainError.validation(errors) }

        // An inspector visits the territories its group covers in that quarter (out of scope: not found).
        if case .group(let own) = actor.scope {
            let covered = try Visibility.coveredTerritories(group: own, quarter: Quarter(containing: date), db)
            if !covered.contains(territory) { throw DomainError(.notFound, "属地 \(territory) 不在本督导组\(Quarter(containing: date))的督导范围内 (no territory with id \(territory) in your group's coverage for \(Quarter(containing: date)))") }
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
        let record = try json(id, db)
        try tx.audit(action: "supervision.inspection.record", entity: "supervision_inspection", entityID: String(id), after: record,
                     summary: "\(mode.label) inspection of territory \(territory) on \(date.iso)")
        // Findings given with the inspection, in the same transaction.
        let findings = values.objects("findings")
        for (index, finding) in findings.enumerated() {
            _ = try FindingService(core: core).record(inspection: id, finding, at: "findings[\(index)]", tx)
        }
        // Read again only when the findings changed what it answers (its finding_count).
        return findings.isEmpty ? record : try json(id, db)
    }

    /// An inspection as answered after a write.
    private func json(_ id: Int64, _ db: Connection) throws -> JSON {
        guard let row = try InspectionStore.row(id, actor: .localAdministrator, db) else { throw DomainError.notFound("督导检查", "inspection", String(id)) }
        return try InspectionStore.json(row, db)
    }

    func get(_ id: Int64, actor: Actor) throws -> JSON {
        try core.read { db in
            guard let row = try InspectionStore.row(id, actor: actor, db) else { throw DomainError.notFound("督导检查", "inspection", String(id)) }
            var record = try InspectionStore.json(row, db)
            let findings = try FindingStore.list(FindingStore.Filter(inspectionID: id, limit: 1000), actor: actor, db).items
            if case .object(var members) = record { members.append(JSON.Member("findings", .array(findings))); record = .object(members) }
            return record
        }
    }
}
