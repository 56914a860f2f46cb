// The rules of consultation meetings: the only code that writes this module's tables. Every write
// runs in the caller's transaction, with its audit record and its events.
import Foundation
import Kernel

public struct ConsultationsService: Sendable {
    public init() {}

    // MARK: - Meetings

    /// Records a held meeting with its attendees, risks, decisions (each tracked one published as
    /// `consultations.decision.recorded`), attachments, and the open decisions it carries over.
    /// `values` were read by `Contracts.recordMeeting`.
    public func recordMeeting(_ values: Values, _ tx: WriteTransaction) throws -> Int64 {
        let draft = try MeetingParser.meeting(values, today: tx.today, tx.db)
        try MeetingScope.requireRecorder(draft.kind, groupID: draft.groupID, tx.actor, tx.db)
        let quarter = Quarter(containing: draft.heldOn)
        try tx.db.execute("""
            INSERT INTO consultations_meetings (kind_id, group_id, title, held_on, quarter, ad_hoc, convener, convener_unit_id, venue, agenda,
                minutes, recorded_by, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [draft.kind.id, draft.groupID, draft.title, draft.heldOn.iso, quarter.text, draft.adHoc, draft.convener, draft.convenerUnitID,
                  draft.venue, JSON(draft.agenda).serialized, draft.minutes, tx.actor.username, tx.nowText, tx.nowText])
        let meetingID = tx.db.lastInsertRowID
        for attendee in draft.attendees {
            var unitID: Int64?, territoryID: Int64?
            switch attendee.body {
            case .unit(let id)?: unitID = id
            case .territory(let id)?: territoryID = id
            case nil: break
            }
            try tx.db.execute("INSERT INTO consultations_attendees (meeting_id, unit_id, territory_id, person_name, role, present, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
                              [meetingID, unitID, territoryID, attendee.personName, attendee.role, attendee.present, attendee.note])
        }
        let names = RegistryNames(db: tx.db)
        for risk in draft.risks {
            try insertRisk(meetingID, risk, names, tx)
        }
        for (index, decision) in draft.decisions.enumerated() {
            _ = try insertDecision(meetingID: meetingID, position: index + 1, decision, tx)
        }
        for attachment in draft.attachments {
            try insertAttachment(meetingID, attachment, tx)
        }
        // Open decisions of this body's earlier meetings come onto this meeting's agenda.
        let carried = try tx.db.execute("""
            INSERT OR IGNORE INTO consultations_carryovers (meeting_id, decision_id)
            SELECT ?, d.id FROM consultations_decisions d JOIN consultations_meetings p ON p.id = d.meeting_id
            WHERE d.status = 'open' AND p.kind_id = ? AND p.group_id IS ? AND p.held_on < ? AND p.id <> ?
            """, [meetingID, draft.kind.id, draft.groupID, draft.heldOn.iso, meetingID])
        // A meeting recorded for a quarter settles that quarter's "meeting missing" agenda item.
        let body = try RequiredBody.of(kind: draft.kind, groupID: draft.groupID, names)
        try AgendaIntake.settle(subject: body.missingSubject(quarter), at: tx.nowText, tx)
        try tx.audit(action: "consultations.meeting.record", entity: "meeting", entityID: String(meetingID),
                     after: .object(["kind": .string(draft.kind.code), "group_id": JSON(draft.groupID), "title": .string(draft.title),
                                     "held_on": .string(draft.heldOn.iso), "attendees": .int(Int64(draft.attendees.count)),
                                     "risks": .int(Int64(draft.risks.count)), "decisions": .int(Int64(draft.decisions.count)),
                                     "carried_decisions": .int(Int64(carried))]),
                     summary: "记录会议：\(draft.title)（\(draft.heldOn.iso)）")
        return meetingID
    }

    /// Records a meeting given as a JSON object (the HTTP body), read by the same contract.
    public func recordMeeting(json body: JSON, _ tx: WriteTransaction) throws -> Int64 {
        guard case .object(let members) = body else { throw DomainError(.badRequest, "会议须为 JSON 对象 (a meeting is a JSON object)") }
        return try recordMeeting(Contracts.recordMeeting.values(json: members, tx.db), tx)
    }

    /// Changes the meeting's own fields (not its kind or body); `ifVersion` makes it conditional.
    /// `values` were read by `Contracts.updateMeeting`.
    public func updateMeeting(_ id: Int64, _ values: Values, ifVersion: Int64?, _ tx: WriteTransaction) throws {
        let before = try requireMeeting(id, tx)
        let kind = try KindStore.get(before.requiredInt("kind_id"), tx.db)
        if let kind { try MeetingScope.requireRecorder(kind, groupID: before.int("group_id"), tx.actor, tx.db) }
        if let ifVersion, ifVersion != before.requiredInt("version") {
            throw DomainError.versionMismatch("会议 \(id)", "meeting \(id)", current: before.requiredInt("version"), expected: ifVersion)
        }
        var faults: [FieldError] = []
        if values.fields.isEmpty {
            let names = Contracts.updateMeeting.fields.map(\.name).joined(separator: ", ")
            faults.append(FieldError("body", "nothing_to_change", "请至少给出一个要修改的字段 (give at least one of \(names))"))
        }
        for name in ["title", "held_on", "ad_hoc", "convener"] where values.isCleared(name) {
            faults.append(FieldError(name, "not_clearable", "\(name) 不能清空 (may not be cleared)"))
        }
        var sets: [String] = [], args: [any DatabaseValueConvertible] = []
        if let v = values.text("title") { sets.append("title = ?"); args.append(v) }
        if let v = values.text("convener") { sets.append("convener = ?"); args.append(v) }
        if values.has("venue") { sets.append("venue = ?"); args.append(values.text("venue")) }
        if values.has("minutes") { sets.append("minutes = ?"); args.append(values.text("minutes") ?? "") }
        if values.has("agenda") { sets.append("agenda = ?"); args.append(JSON(values.texts("agenda")).serialized) }
        if let adHoc = values.bool("ad_hoc") { sets.append("ad_hoc = ?"); args.append(adHoc) }
        if values.has("convener_unit_id") { sets.append("convener_unit_id = ?"); args.append(values.id("convener_unit_id")) }
        if let date = values.date("held_on") {
            if date > tx.today { faults.append(FieldError("held_on", "future", "会议日期 \(date.iso) 晚于今天 \(tx.today.iso) (after today)")) }
            let earliestDeadline = try tx.db.queryOne("SELECT min(deadline) AS d FROM consultations_decisions WHERE meeting_id = ?", [id])?.string("d")
            if let earliestDeadline, earliestDeadline < date.iso {
                faults.append(FieldError("held_on", "after_deadline", "本次会议有决定事项的期限为 \(earliestDeadline)，早于 \(date.iso) (a decision of this meeting is due before that day)"))
            }
            sets += ["held_on = ?", "quarter = ?"]; args += [date.iso, Quarter(containing: date).text]
        }
        // A title made from the day (its quarter or month, （专题）) follows a new day or ad hoc flag; a title given by hand stays.
        let oldDay = CalendarDate(iso: before.requiredString("held_on")), oldAdHoc = (before.int("ad_hoc") ?? 0) != 0
        if let kind, let oldDay, !values.has("title"), values.date("held_on") != nil || values.bool("ad_hoc") != nil {
            let groupID = before.int("group_id")
            let oldDefault = try MeetingParser.defaultTitle(kind, groupID: groupID, heldOn: oldDay, adHoc: oldAdHoc, tx.db)
            let newDefault = try MeetingParser.defaultTitle(kind, groupID: groupID, heldOn: values.date("held_on") ?? oldDay, adHoc: values.bool("ad_hoc") ?? oldAdHoc, tx.db)
            if before.string("title") == oldDefault && newDefault != oldDefault { sets.append("title = ?"); args.append(newDefault) }
        }
        if !faults.isEmpty { throw DomainError.validation(faults) }
        sets += ["version = version + 1", "updated_at = ?"]; args += [tx.nowText, id]
        try tx.db.execute("UPDATE consultations_meetings SET \(sets.joined(separator: ", ")) WHERE id = ?", args)
        // Moved into another quarter: as when recorded, it settles that quarter's "meeting missing" agenda item.
        if let kind, let date = values.date("held_on") {
            let body = try RequiredBody.of(kind: kind, groupID: before.int("group_id"), RegistryNames(db: tx.db))
            try AgendaIntake.settle(subject: body.missingSubject(Quarter(containing: date)), at: tx.nowText, tx)
        }
        let after = try requireMeeting(id, tx)
        try tx.audit(action: "consultations.meeting.update", entity: "meeting", entityID: String(id),
                     before: Self.auditView(before), after: Self.auditView(after), summary: "修改会议 \(id)：\(values.fields.keys.sorted().joined(separator: ", "))")
    }

    /// Adds a decision to a recorded meeting (tracked ones are published for Responsibilities).
    /// `values` were read by `Contracts.addDecision`.
    public func addDecision(meetingID: Int64, _ values: Values, _ tx: WriteTransaction) throws -> Int64 {
        let meeting = try requireRecordableMeeting(meetingID, tx)
        var faults: [FieldError] = []
        let draft = MeetingParser.decision(values, heldOn: CalendarDate(iso: meeting.requiredString("held_on")), path: "", &faults)
        guard let draft, faults.isEmpty else { throw DomainError.validation(faults) }
        let position = Int(try tx.db.scalarInt("SELECT coalesce(max(position), 0) FROM consultations_decisions WHERE meeting_id = ?", [meetingID])) + 1
        let id = try insertDecision(meetingID: meetingID, position: position, draft, tx)
        try tx.db.execute("UPDATE consultations_meetings SET version = version + 1, updated_at = ? WHERE id = ?", [tx.nowText, meetingID])
        try tx.audit(action: "consultations.decision.add", entity: "decision", entityID: String(id),
                     after: .object(["meeting_id": .int(meetingID), "text": .string(draft.text), "deadline": JSON(draft.deadline?.iso)]),
                     summary: "会议 \(meetingID) 增加决定事项 \(position)")
        return id
    }

    /// Adds a risk judged to a recorded meeting. `values` were read by `Contracts.addRisk`.
    public func addRisk(meetingID: Int64, _ values: Values, _ tx: WriteTransaction) throws -> Int64 {
        _ = try requireRecordableMeeting(meetingID, tx)
        guard let risk = MeetingParser.risk(values) else {
            throw DomainError.validation([FieldError("level", "missing", "area, level 和 description 缺失 (missing)")])
        }
        let id = try insertRisk(meetingID, risk, RegistryNames(db: tx.db), tx)
        try tx.db.execute("UPDATE consultations_meetings SET version = version + 1, updated_at = ? WHERE id = ?", [tx.nowText, meetingID])
        try tx.audit(action: "consultations.risk.add", entity: "risk", entityID: String(id),
                     after: .object(["meeting_id": .int(meetingID), "area": .string(risk.area), "level": .string(risk.level.rawValue)]),
                     summary: "会议 \(meetingID) 增加研判风险：\(risk.area)（\(risk.level.colourName)）")
        return id
    }

    /// Attaches a file to a recorded meeting. `values` were read by `Contracts.addAttachment`.
    public func addAttachment(meetingID: Int64, _ values: Values, _ tx: WriteTransaction) throws -> Int64 {
        _ = try requireRecordableMeeting(meetingID, tx)
        var faults: [FieldError] = []
        guard let draft = MeetingParser.attachment(values, path: "", &faults), faults.isEmpty else { throw DomainError.validation(faults) }
        let id = try insertAttachment(meetingID, draft, tx)
        try tx.audit(action: "consultations.attachment.add", entity: "attachment", entityID: String(id),
                     after: .object(["meeting_id": .int(meetingID), "name": .string(draft.name), "size": .int(Int64(draft.content.count)),
                                     "sha256": .string(Crypto.sha256Hex(draft.content))]),
                     summary: "会议 \(meetingID) 增加附件：\(draft.name)")
        return id
    }

    // MARK: - Decision status from Responsibilities

    /// The task made from a decision was completed (办结): the decision is done. Idempotent.
    public static func decisionCompleted(_ completed: TaskCompleted, _ event: Event, _ tx: WriteTransaction) throws {
        guard let id = DecisionTasks.decisionID(completed.origin) else { return }
        // The task and line may be known already (task.created); a decision that never heard of them learns them here.
        let line = JSON.array([.object(["id": .int(completed.ledgerLineId), "unit_kind": .string(completed.unitKind), "unit_id": .int(completed.unitId), "due": .null])])
        let changed = try tx.db.execute("""
            UPDATE consultations_decisions SET status = 'done', task_id = coalesce(task_id, ?), ledger_line_id = coalesce(ledger_line_id, ?),
                ledger_lines = CASE WHEN ledger_lines = '[]' THEN ? ELSE ledger_lines END, task_linked_at = coalesce(task_linked_at, ?),
                completed_at = ?, completed_on_time = ?, version = version + 1, updated_at = ?
            WHERE id = ? AND status = 'open'
            """, [completed.taskId, completed.ledgerLineId, line.serialized, event.occurredAt, event.occurredAt, completed.onTime, tx.nowText, id])
        guard changed > 0 else { return }
        try tx.audit(action: "consultations.decision.done", entity: "decision", entityID: String(id),
                     after: .object(["task_id": .int(completed.taskId), "ledger_line_id": .int(completed.ledgerLineId), "on_time": .bool(completed.onTime)]),
                     summary: "决定事项 \(id) 已办结（事件 \(event.id)）")
    }

    // MARK: - Internals

    private func insertDecision(meetingID: Int64, position: Int, _ decision: DecisionDraft, _ tx: WriteTransaction) throws -> Int64 {
        var unitID: Int64?, territoryID: Int64?
        switch decision.lead {
        case .unit(let id)?: unitID = id
        case .territory(let id)?: territoryID = id
        case nil: break
        }
        try tx.db.execute("""
            INSERT INTO consultations_decisions (meeting_id, position, text, lead_unit_id, lead_territory_id, deadline, status, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [meetingID, position, decision.text, unitID, territoryID, decision.deadline?.iso, decision.isTracked ? "open" : "noted", tx.nowText, tx.nowText])
        let id = tx.db.lastInsertRowID
        if let lead = decision.lead, let deadline = decision.deadline {
            let meeting = try tx.db.queryOne("SELECT title, held_on FROM consultations_meetings WHERE id = ?", [meetingID])
            let leadName = try RegistryNames(db: tx.db).name(lead)
            try tx.publish(DecisionRecorded(decisionId: id, meetingId: meetingID, text: decision.text, leadUnitId: lead.id, leadUnitKind: lead.kind, deadline: deadline),
                           summary: "「\(meeting?.string("title") ?? "")」（\(meeting?.string("held_on") ?? "")）决定：\(String(decision.text.prefix(60)))，由\(leadName)牵头，\(deadline.iso)前完成")
        }
        return id
    }

    @discardableResult
    private func insertRisk(_ meetingID: Int64, _ risk: RiskDraft, _ names: RegistryNames, _ tx: WriteTransaction) throws -> Int64 {
        let bodies: [JSON] = try risk.bodies.map { .object(["kind": .string($0.kind), "id": .int($0.id), "name": .string(try names.name($0))]) }
        try tx.db.execute("INSERT INTO consultations_risks (meeting_id, area, level, description, measures, bodies) VALUES (?, ?, ?, ?, ?, ?)",
                          [meetingID, risk.area, risk.level.rawValue, risk.description, risk.measures, JSON.array(bodies).serialized])
        return tx.db.lastInsertRowID
    }

    @discardableResult
    private func insertAttachment(_ meetingID: Int64, _ attachment: AttachmentDraft, _ tx: WriteTransaction) throws -> Int64 {
        try tx.db.execute("INSERT INTO consultations_attachments (meeting_id, name, media_type, size, sha256, content, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          [meetingID, attachment.name, attachment.mediaType, attachment.content.count, Crypto.sha256Hex(attachment.content), attachment.content, tx.nowText])
        return tx.db.lastInsertRowID
    }

    /// A meeting `tx.actor` may see and record items on (decisions, risks, attachments).
    private func requireRecordableMeeting(_ id: Int64, _ tx: WriteTransaction) throws -> Row {
        let meeting = try requireMeeting(id, tx)
        if let kind = try KindStore.get(meeting.requiredInt("kind_id"), tx.db) {
            try MeetingScope.requireRecorder(kind, groupID: meeting.int("group_id"), tx.actor, tx.db)
        }
        return meeting
    }

    /// The meeting row, if the actor may see it (out of scope is "not found").
    private func requireMeeting(_ id: Int64, _ tx: WriteTransaction) throws -> Row {
        var sql = "SELECT m.* FROM consultations_meetings m WHERE m.id = ?"
        var args: [any DatabaseValueConvertible] = [id]
        if let scope = MeetingScope.condition(tx.actor) { sql += " AND \(scope.sql)"; args += scope.arguments }
        guard let row = try tx.db.queryOne(sql, args) else { throw NotFound.meeting(id) }
        return row
    }

    private static func auditView(_ row: Row) -> JSON {
        .object(["title": JSON(row.string("title")), "held_on": JSON(row.string("held_on")), "convener": JSON(row.string("convener")),
                 "venue": JSON(row.string("venue")), "version": JSON(row.int("version"))])
    }
}
