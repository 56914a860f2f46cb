// Findings (发现问题) and their rectification: progress with evidence, completion, and the re-check
// (回头看) that closes or reopens them. A finding flagged as a hazard is published once, in the
// transaction that records it, as `supervision.finding.recorded` (Hazards creates the hazard).
import Kernel

struct FindingService {
    let core: Core

    /// Records a finding of inspection `inspection` (or, with nil, one from the higher level's assessment).
    func record(inspection: Int64?, _ fields: [String: JSON], _ tx: WriteTransaction) throws -> JSON {
        let db = tx.db
        var inspectionRow: Row?
        if let inspection {
            guard let row = try InspectionStore.row(inspection, actor: tx.actor, db) else { throw DomainError.notFound("inspection", String(inspection)) }
            guard [.admin, .inspector, .unit].contains(tx.actor.role) else { throw DomainError.forbidden("a \(tx.actor.role.rawValue) user may not record findings") }
            inspectionRow = row
        } else if !tx.actor.isAdmin {
            throw DomainError.forbidden("only the committee office (admin) records the higher level's findings")
        }
        let input = Input(fields)
        let description = input.text("description", required: true, max: 4000)
        let enterprise = input.reference("enterprise_id", .enterprise, db)
        var territory = input.reference("territory_id", .territory, db)
        let severity = input.choice("severity", Severity.self) ?? .general
        let isHazard = input.bool("is_hazard") ?? false
        let grade = input.text("hazard_grade", max: 10)
        var sector = input.text("sector", max: 64)
        let responsibleUnit = input.reference("responsible_unit_id", .unit, db)
        let responsibleTerritory = input.reference("responsible_territory_id", .territory, db)
        let responsibleEnterprise = input.reference("responsible_enterprise_id", .enterprise, db)
        let deadline = input.date("deadline", required: true)
        let wantsTask = input.bool("wants_task")

        if let grade, !["general", "major"].contains(grade) { input.fail("hazard_grade", "choice", "hazard_grade must be general (一般) or major (重大)") }
        if grade != nil && !isHazard { input.fail("hazard_grade", "not_hazard", "hazard_grade applies only when is_hazard is true") }
        if let row = inspectionRow {
            let visited = row.requiredInt("territory_id")
            if let t = territory, t != visited { input.fail("territory_id", "territory", "the inspection visited territory \(visited), not \(t)") }
            territory = visited
            if let deadline, let date = CalendarDate(iso: row.requiredString("date")), deadline < date {
                input.fail("deadline", "before_visit", "deadline \(deadline.iso) is before the visit (\(date.iso))")
            }
        }
        if let enterprise, let row = try db.queryOne("SELECT territory_id, industry FROM registry_enterprises WHERE id = ?", [enterprise]) {
            if let t = territory, row.int("territory_id") != t { input.fail("enterprise_id", "territory", "enterprise \(enterprise) is not located in territory \(t)") }
            if territory == nil { territory = row.int("territory_id") }
            if sector == nil { sector = row.string("industry") }
        }
        let responsibles = [(BodyKind.unit, responsibleUnit), (.territory, responsibleTerritory), (.enterprise, responsibleEnterprise)].compactMap { pair in pair.1.map { (pair.0, $0) } }
        if responsibles.count > 1 { input.fail("responsible_unit_id", "one_body", "name one responsible body: a unit, a territory or an enterprise") }
        var responsible = responsibles.first
        if responsible == nil {
            if let enterprise { responsible = (.enterprise, enterprise) } else if let territory { responsible = (.territory, territory) }
        }
        if responsible == nil && input.errors.isEmpty { input.fail("responsible_unit_id", "required", "name the responsible body (responsible_unit_id, responsible_territory_id or responsible_enterprise_id)") }
        if isHazard && enterprise == nil && territory == nil { input.fail("enterprise_id", "required", "a finding that is a hazard names the enterprise or territory where it is") }
        try input.finish()
        guard let description, let deadline, let responsible else { throw DomainError.validation(input.errors) }

        let hazardGrade = isHazard ? (grade ?? "general") : nil
        let task = wantsTask ?? (responsible.0 != .enterprise)
        try db.execute("""
            INSERT INTO supervision_findings (inspection_id, source, description, enterprise_id, territory_id, severity, is_hazard, hazard_grade, sector,
                responsible_kind, responsible_id, deadline, wants_task, status, progress, year, version, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', 0, ?, 1, ?, ?)
            """, [inspection, inspection == nil ? "higherAssessment" : "inspection", description, enterprise, territory, severity.rawValue, isHazard, hazardGrade, sector,
                  responsible.0.rawValue, responsible.1, deadline.iso, task, deadline.year, tx.nowText, tx.nowText])
        let id = db.lastInsertRowID
        let record = try FindingStore.json(try FindingStore.row(id, actor: .localAdministrator, db)!, today: tx.today, db)
        try tx.audit(action: "supervision.finding.record", entity: "supervision_finding", entityID: String(id), after: record,
                     summary: "finding \(id)\(isHazard ? " (hazard)" : ""): \(description.prefix(60))")
        try tx.publish(FindingRecorded(findingId: id, inspectionId: inspection ?? 0, text: description, severity: severity.rawValue, isHazard: isHazard,
                                       hazardGrade: hazardGrade, sector: sector, enterpriseId: enterprise, territoryId: territory,
                                       responsibleUnitId: responsible.0 == .unit ? responsible.1 : nil, deadline: deadline, wantsTask: task))
        return record
    }

    func get(_ id: Int64, actor: Actor) throws -> JSON {
        try core.read { db in
            guard let row = try FindingStore.row(id, actor: actor, db) else { throw DomainError.notFound("finding", String(id)) }
            return try FindingStore.json(row, today: core.today, db, steps: true)
        }
    }

    enum Action: String { case progress, complete, recheck }

    /// progress / complete (by the responsible body or the office) and recheck (by the office or an inspector).
    func act(_ id: Int64, _ action: Action, _ fields: [String: JSON], _ tx: WriteTransaction) throws -> JSON {
        guard let row = try FindingStore.row(id, actor: tx.actor, tx.db) else { throw DomainError.notFound("finding", String(id)) }
        let status = FindingStatus(rawValue: row.requiredString("status")) ?? .open
        let kind = BodyKind(rawValue: row.requiredString("responsible_kind")) ?? .unit
        let responsibleID = row.requiredInt("responsible_id")
        switch action {
        case .progress, .complete:
            guard Visibility.answersFor(tx.actor, kind: kind, id: responsibleID) else {
                throw DomainError.forbidden("only the responsible body (\(kind.rawValue) \(responsibleID)) or the office reports rectification of finding \(id)")
            }
        case .recheck:
            guard tx.actor.role == .admin || tx.actor.role == .inspector else { throw DomainError.forbidden("only the office or a supervision group re-checks (回头看)") }
        }
        guard status.allowedActions.contains(action.rawValue) else {
            throw DomainError(.conflict, "finding \(id) is \(status.rawValue) (\(status.label)); \(action.rawValue) is not allowed",
                              extra: [JSON.Member("current_state", .string(status.rawValue)), JSON.Member("allowed_actions", JSON(status.allowedActions))])
        }
        let input = Input(fields)
        let note = input.text("note", required: action != .progress, max: 4000) ?? ""
        let evidence = input.texts("evidence")
        var progress = Int64(row.requiredInt("progress"))
        var next = status
        var stepKind = action.rawValue
        switch action {
        case .progress:
            if let p = input.int("progress", required: true, range: 0...99) { progress = p }
            next = .rectifying
        case .complete:
            if evidence.isEmpty { input.fail("evidence", "required", "completion needs evidence (photos, documents: give their names or links)") }
            progress = 100
            next = .rectified
            stepKind = "completion"
        case .recheck:
            let passed = input.bool("passed")
            if passed == nil { input.fail("passed", "required", "passed is required: true closes the finding, false reopens it") }
            if passed == true { next = .closed; stepKind = "recheckPassed" } else { next = .rectifying; stepKind = "recheckFailed"; progress = min(progress, 90) }
        }
        try input.finish()
        let before = try FindingStore.json(row, today: tx.today, tx.db)
        try tx.db.execute("INSERT INTO supervision_finding_steps (finding_id, kind, progress, note, evidence, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          [id, stepKind, progress, note, JSON(evidence).serialized, tx.actor.username, tx.nowText])
        try tx.db.execute("UPDATE supervision_findings SET status = ?, progress = ?, version = version + 1, updated_at = ? WHERE id = ?",
                          [next.rawValue, progress, tx.nowText, id])
        let after = try FindingStore.json(try FindingStore.row(id, actor: .localAdministrator, tx.db)!, today: tx.today, tx.db, steps: true)
        try tx.audit(action: "supervision.finding.\(action.rawValue)", entity: "supervision_finding", entityID: String(id), before: before, after: after,
                     summary: "finding \(id): \(status.rawValue) → \(next.rawValue)")
        return after
    }
}
