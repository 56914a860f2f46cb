// Findings (发现问题) and their rectification: progress with evidence, completion, and the re-check
// (回头看) that closes or reopens them. A finding flagged as a hazard is published once, in the
// transaction that records it, as `supervision.finding.recorded` (Hazards creates the hazard).
import Kernel

struct FindingService {
    let core: Core

    /// Records a finding of inspection `inspection` (or, with nil, one from the higher level's assessment).
    func record(inspection: Int64?, _ values: Values, _ tx: WriteTransaction) throws -> JSON {
        let db = tx.db
        var inspectionRow: Row?
        if let inspection {
            guard let row = try InspectionStore.row(inspection, actor: tx.actor, db) else { throw DomainError.notFound("督导检查", "inspection", String(inspection)) }
            guard [.admin, .office, .inspector, .unit].contains(tx.actor.role) else { throw DomainError.forbidden("\(tx.actor.role.chinese)用户不能记录发现问题 (a \(tx.actor.role.rawValue) user may not record findings)") }
            // An inspector may read another group's inspections in the towns it covers, but adds
            // findings only to its own group's: a finding belongs to the visit that found it.
            if case .group(let own) = tx.actor.scope, row.int("group_id") != own {
                throw DomainError.forbidden("检查 \(inspection) 不是本督导组 (\(own)) 的检查，督导组成员只能为本组的检查记录发现问题 (inspection \(inspection) is not your group's; an inspector records findings on its own group's inspections)")
            }
            inspectionRow = row
        } else if !tx.actor.isOffice {
            throw DomainError.forbidden("此操作只能由区安委办办理 (only the committee office records the higher level's findings)")
        }
        var errors: [FieldError] = []
        func fail(_ field: String, _ code: String, _ message: String) { errors.append(FieldError(field, code, message)) }
        guard let description = values.text("description"), let deadline = values.date("deadline") else {
            throw DomainError.validation([FieldError("description", "required", "description 与 deadline 为必填项 (are required)")])
        }
        let enterprise = values.id("enterprise_id")
        var territory = values.id("territory_id")
        let severity = values.choice("severity", Severity.self) ?? .general
        let isHazard = values.bool("is_hazard") ?? false
        let grade = values.choice("hazard_grade", FindingHazardGrade.self)
        var sector = values.text("sector")
        let wantsTask = values.bool("wants_task")

        if grade != nil && !isHazard { fail("hazard_grade", "not_hazard", "隐患等级仅适用于 is_hazard 为 true 的问题 (hazard_grade applies only when is_hazard is true)") }
        if let row = inspectionRow {
            let visited = row.requiredInt("territory_id")
            if let t = territory, t != visited { fail("territory_id", "territory", "该次检查到访的是属地 \(visited)，不是 \(t) (the inspection visited territory \(visited), not \(t))") }
            territory = visited
            if let date = CalendarDate(iso: row.requiredString("date")), deadline < date {
                fail("deadline", "before_visit", "整改期限 \(deadline.iso) 早于检查日 \(date.iso) (deadline is before the visit)")
            }
        }
        if let enterprise, let row = try db.queryOne("SELECT territory_id, industry FROM registry_enterprises WHERE id = ?", [enterprise]) {
            if let t = territory, row.int("territory_id") != t { fail("enterprise_id", "territory", "企业 \(enterprise) 不在属地 \(t) (enterprise \(enterprise) is not located in territory \(t))") }
            if territory == nil { territory = row.int("territory_id") }
            if sector == nil { sector = row.string("industry") }
        }
        var responsible: (kind: BodyKind, id: Int64)?
        switch BodyFields.responsible.read(values) {
        case .failure(let error): errors.append(error)
        case .success(let body): responsible = body
        }
        if responsible == nil {
            if let enterprise { responsible = (.enterprise, enterprise) } else if let territory { responsible = (.territory, territory) }
        }
        if responsible == nil && errors.isEmpty {
            fail("responsible_unit_id", "body_required", "须指明责任主体 (name the responsible body: responsible_unit_id, responsible_territory_id or responsible_enterprise_id, or an enterprise or territory)")
        }
        if isHazard && enterprise == nil && territory == nil { fail("enterprise_id", "place_required", "隐患须指明所在企业或属地 (a finding that is a hazard names the enterprise or territory where it is)") }
        if !errors.isEmpty { throw DomainError.validation(errors) }
        guard let responsible else { throw DomainError.validation(errors) }

        let hazardGrade = isHazard ? (grade ?? .general).rawValue : nil
        // A task goes to a member unit or a town; an enterprise is not given tasks. Asked for one
        // with no such responsible party: refused, never silently dropped.
        if wantsTask == true && responsible.kind == .enterprise {
            throw DomainError.validation([FieldError("wants_task", "no_task_party",
                "责任主体是企业（\(Names(db: db).enterprise(responsible.id))），不能生成任务；要生成任务请以 responsible_unit_id 或 responsible_territory_id 指明责任单位或镇 (a task needs a responsible member unit or town; this finding's responsible party is an enterprise)")])
        }
        let task = wantsTask ?? (responsible.kind != .enterprise)
        try db.execute("""
            INSERT INTO supervision_findings (inspection_id, source, description, enterprise_id, territory_id, severity, is_hazard, hazard_grade, sector,
                responsible_kind, responsible_id, deadline, wants_task, status, progress, year, version, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', 0, ?, 1, ?, ?)
            """, [inspection, inspection == nil ? "higherAssessment" : "inspection", description, enterprise, territory, severity.rawValue, isHazard, hazardGrade, sector,
                  responsible.kind.rawValue, responsible.id, deadline.iso, task, deadline.year, tx.nowText, tx.nowText])
        let id = db.lastInsertRowID
        let record = try json(id, today: tx.today, db, steps: false)
        let names = Names(db: db)
        let party = names.body(responsible.kind.rawValue, responsible.id)
        let sentence = "督导发现问题\(isHazard ? "（\(hazardGrade == "major" ? "重大" : "一般")隐患）" : "")：\(description.prefix(60))，责任主体\(party)，整改期限 \(deadline.iso)\(task ? "，生成整改任务" : "")"
        try tx.audit(action: "supervision.finding.record", entity: "supervision_finding", entityID: String(id), after: record, summary: sentence)
        try tx.publish(FindingRecorded(findingId: id, inspectionId: inspection ?? 0, text: description, severity: severity.rawValue, isHazard: isHazard,
                                       hazardGrade: hazardGrade, sector: sector, enterpriseId: enterprise, territoryId: territory,
                                       responsibleUnitId: responsible.kind == .unit ? responsible.id : nil, deadline: deadline, wantsTask: task,
                                       responsibleTerritoryId: responsible.kind == .territory ? responsible.id : nil), summary: sentence)
        return record
    }

    /// `record`, for a finding given inside a larger body: its field errors are named under `path`
    /// (`findings[2].deadline`, `items[0].description`).
    func record(inspection: Int64?, _ values: Values, at path: String, _ tx: WriteTransaction) throws -> JSON {
        do {
            return try record(inspection: inspection, values, tx)
        } catch let error as DomainError where error.kind == .validation {
            throw DomainError.validation(error.fieldErrors.map { FieldError("\(path).\($0.field)", $0.code, $0.message) })
        }
    }

    func get(_ id: Int64, actor: Actor) throws -> JSON {
        try core.read { db in
            guard let row = try FindingStore.row(id, actor: actor, db) else { throw DomainError.notFound("发现问题", "finding", String(id)) }
            return try FindingStore.json(row, today: core.today, db, steps: true)
        }
    }

    enum Action: String { case progress, complete, recheck }

    /// progress / complete (by the responsible body or the office) and recheck (by the office or an inspector).
    func act(_ id: Int64, _ action: Action, _ values: Values, _ tx: WriteTransaction) throws -> JSON {
        guard let row = try FindingStore.row(id, actor: tx.actor, tx.db) else { throw DomainError.notFound("发现问题", "finding", String(id)) }
        let status = FindingStatus(rawValue: row.requiredString("status")) ?? .open
        let kind = BodyKind(rawValue: row.requiredString("responsible_kind")) ?? .unit
        let responsibleID = row.requiredInt("responsible_id")
        switch action {
        case .progress, .complete:
            guard Visibility.answersFor(tx.actor, kind: kind, id: responsibleID) else {
                throw DomainError.forbidden("发现问题 \(id) 的整改由责任主体（\(kind.rawValue) \(responsibleID)）或区安委办报告 (only the responsible body (\(kind.rawValue) \(responsibleID)) or the office reports rectification of finding \(id))")
            }
        case .recheck:
            guard tx.actor.isOffice || tx.actor.role == .inspector else { throw DomainError.forbidden("只有区安委办或督导组可以回头看复查 (only the office or a supervision group re-checks)") }
        }
        guard status.allowedActions.contains(action.rawValue) else {
            throw DomainError(.conflict, "发现问题 \(id) 当前为“\(status.label)”，不能执行 \(action.rawValue) (finding \(id) is \(status.rawValue); \(action.rawValue) is not allowed)",
                              extra: [JSON.Member("current_state", .string(status.rawValue)), JSON.Member("allowed_actions", JSON(status.allowedActions))])
        }
        let note = values.text("note") ?? ""
        let evidence = values.texts("evidence")
        var progress = Int64(row.requiredInt("progress"))
        var next = status
        var stepKind = action.rawValue
        switch action {
        case .progress:
            progress = values.int("progress") ?? progress
            next = .rectifying
        case .complete:
            if evidence.isEmpty {
                throw DomainError.validation([FieldError("evidence", "evidence_required", "办结须附佐证材料（照片、文件的名称或链接）(completion needs evidence: give the names or links of photos or documents)")])
            }
            progress = 100
            next = .rectified
            stepKind = "completion"
        case .recheck:
            if values.bool("passed") == true { next = .closed; stepKind = "recheckPassed" } else { next = .rectifying; stepKind = "recheckFailed"; progress = min(progress, 90) }
        }
        let before = try FindingStore.json(row, today: tx.today, tx.db)
        try tx.db.execute("INSERT INTO supervision_finding_steps (finding_id, kind, progress, note, evidence, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          [id, stepKind, progress, note, JSON(evidence).serialized, tx.actor.username, tx.nowText])
        try tx.db.execute("UPDATE supervision_findings SET status = ?, progress = ?, version = version + 1, updated_at = ? WHERE id = ?",
                          [next.rawValue, progress, tx.nowText, id])
        let after = try json(id, today: tx.today, tx.db, steps: true)
        try tx.audit(action: "supervision.finding.\(action.rawValue)", entity: "supervision_finding", entityID: String(id), before: before, after: after,
                     summary: "finding \(id): \(status.rawValue) → \(next.rawValue)")
        return after
    }

    /// A finding as answered after a write.
    private func json(_ id: Int64, today: CalendarDate, _ db: Connection, steps: Bool) throws -> JSON {
        guard let row = try FindingStore.row(id, actor: .localAdministrator, db) else { throw DomainError.notFound("发现问题", "finding", String(id)) }
        return try FindingStore.json(row, today: today, db, steps: steps)
    }
}
