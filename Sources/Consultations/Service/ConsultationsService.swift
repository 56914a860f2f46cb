// The rules of consultation meetings: the only code that writes this module's tables. Every write
// runs in the caller's transaction, with its audit record and its events.
import Foundation
import Kernel

public struct ConsultationsService: Sendable {
    public init() {}

    // MARK: - Meetings

    /// Records a held meeting with its attendees, risks, decisions (each tracked one published as
    /// `consultations.decision.recorded`), attachments, and the open decisions it carries over.
    public func recordMeeting(_ members: [String: JSON], _ tx: WriteTransaction) throws -> Int64 {
        let draft = try MeetingParser.meeting(members, today: tx.today, tx.db)
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
        try tx.db.execute("UPDATE consultations_agenda_items SET resolved_at = ? WHERE subject = ? AND resolved_at IS NULL",
                          [tx.nowText, body.missingSubject(quarter)])
        try tx.audit(action: "consultations.meeting.record", entity: "meeting", entityID: String(meetingID),
                     after: .object(["kind": .string(draft.kind.code), "group_id": JSON(draft.groupID), "title": .string(draft.title),
                                     "held_on": .string(draft.heldOn.iso), "attendees": .int(Int64(draft.attendees.count)),
                                     "risks": .int(Int64(draft.risks.count)), "decisions": .int(Int64(draft.decisions.count)),
                                     "carried_decisions": .int(Int64(carried))]),
                     summary: "记录会议：\(draft.title)（\(draft.heldOn.iso)）")
        return meetingID
    }

    static let editableFields: Set<String> = ["title", "held_on", "ad_hoc", "convener", "convener_unit", "venue", "agenda", "minutes"]

    /// Changes the meeting's own fields (not its kind or body); `ifVersion` makes it conditional.
    public func updateMeeting(_ id: Int64, _ members: [String: JSON], ifVersion: Int64?, _ tx: WriteTransaction) throws {
        let before = try requireMeeting(id, tx)
        let kind = try KindStore.get(before.requiredInt("kind_id"), tx.db)
        if let kind { try MeetingScope.requireRecorder(kind, groupID: before.int("group_id"), tx.actor, tx.db) }
        if let ifVersion, ifVersion != before.requiredInt("version") {
            throw DomainError(.preconditionFailed, "meeting \(id) is at version \(before.requiredInt("version")), not \(ifVersion)")
        }
        let fields = InputFields(members)
        fields.rejectUnknown(Self.editableFields)
        if members.isEmpty { fields.fail("body", "empty", "give at least one of \(Self.editableFields.sorted().joined(separator: ", "))") }
        var sets: [String] = [], args: [any DatabaseValueConvertible] = []
        if fields.has("title") { if let v = fields.text("title", required: true, maxLength: 200) { sets.append("title = ?"); args.append(v) } }
        if fields.has("convener") { if let v = fields.text("convener", required: true, maxLength: 100) { sets.append("convener = ?"); args.append(v) } }
        if members["venue"] != nil { sets.append("venue = ?"); args.append(fields.text("venue", maxLength: 200)) }
        if members["minutes"] != nil { sets.append("minutes = ?"); args.append(fields.text("minutes", maxLength: 200_000) ?? "") }
        if members["agenda"] != nil { sets.append("agenda = ?"); args.append(JSON(fields.texts("agenda")).serialized) }
        if let adHoc = fields.bool("ad_hoc") { sets.append("ad_hoc = ?"); args.append(adHoc) }
        if members["convener_unit"] != nil {
            var unitID: Int64?
            if let text = fields.text("convener_unit") {
                unitID = try RegistryNames(db: tx.db).unit(text)
                if unitID == nil { fields.fail("convener_unit", "unknown", "no member unit '\(text)'") }
            }
            sets.append("convener_unit_id = ?"); args.append(unitID)
        }
        if fields.has("held_on"), let date = fields.date("held_on", required: true) {
            if date > tx.today { fields.fail("held_on", "future", "\(date.iso) is after today (\(tx.today.iso))") }
            let earliestDeadline = try tx.db.queryOne("SELECT min(deadline) AS d FROM consultations_decisions WHERE meeting_id = ?", [id])?.string("d")
            if let earliestDeadline, earliestDeadline < date.iso { fields.fail("held_on", "after_deadline", "a decision of this meeting is due \(earliestDeadline), before \(date.iso)") }
            sets += ["held_on = ?", "quarter = ?"]; args += [date.iso, Quarter(containing: date).text]
        }
        try fields.check()
        sets += ["version = version + 1", "updated_at = ?"]; args += [tx.nowText, id]
        try tx.db.execute("UPDATE consultations_meetings SET \(sets.joined(separator: ", ")) WHERE id = ?", args)
        let after = try requireMeeting(id, tx)
        try tx.audit(action: "consultations.meeting.update", entity: "meeting", entityID: String(id),
                     before: Self.auditView(before), after: Self.auditView(after), summary: "修改会议 \(id)：\(members.keys.sorted().joined(separator: ", "))")
    }

    /// Adds a decision to a recorded meeting (tracked ones are published for Responsibilities).
    public func addDecision(meetingID: Int64, _ members: [String: JSON], _ tx: WriteTransaction) throws -> Int64 {
        let meeting = try requireRecordableMeeting(meetingID, tx)
        let fields = InputFields(members)
        let draft = try MeetingParser.decision(fields, heldOn: CalendarDate(iso: meeting.requiredString("held_on")), RegistryNames(db: tx.db))
        try fields.check()
        guard let draft else { throw DomainError.validation(fields.faults) }
        let position = Int(try tx.db.scalarInt("SELECT coalesce(max(position), 0) FROM consultations_decisions WHERE meeting_id = ?", [meetingID])) + 1
        let id = try insertDecision(meetingID: meetingID, position: position, draft, tx)
        try tx.db.execute("UPDATE consultations_meetings SET version = version + 1, updated_at = ? WHERE id = ?", [tx.nowText, meetingID])
        try tx.audit(action: "consultations.decision.add", entity: "decision", entityID: String(id),
                     after: .object(["meeting_id": .int(meetingID), "text": .string(draft.text), "deadline": JSON(draft.deadline?.iso)]),
                     summary: "会议 \(meetingID) 增加决定事项 \(position)")
        return id
    }

    /// Adds a risk judged to a recorded meeting.
    public func addRisk(meetingID: Int64, _ members: [String: JSON], _ tx: WriteTransaction) throws -> Int64 {
        _ = try requireRecordableMeeting(meetingID, tx)
        let fields = InputFields(members)
        let names = RegistryNames(db: tx.db)
        let draft = try MeetingParser.risk(fields, names)
        try fields.check()
        guard let risk = draft else { throw DomainError.validation(fields.faults) }
        let id = try insertRisk(meetingID, risk, names, tx)
        try tx.db.execute("UPDATE consultations_meetings SET version = version + 1, updated_at = ? WHERE id = ?", [tx.nowText, meetingID])
        try tx.audit(action: "consultations.risk.add", entity: "risk", entityID: String(id),
                     after: .object(["meeting_id": .int(meetingID), "area": .string(risk.area), "level": .string(risk.level.rawValue)]),
                     summary: "会议 \(meetingID) 增加研判风险：\(risk.area)（\(risk.level.colourName)）")
        return id
    }

    /// Attaches a file to a recorded meeting.
    public func addAttachment(meetingID: Int64, _ members: [String: JSON], _ tx: WriteTransaction) throws -> Int64 {
        _ = try requireRecordableMeeting(meetingID, tx)
        let fields = InputFields(members)
        let draft = MeetingParser.attachment(fields)
        try fields.check()
        guard let draft else { throw DomainError.validation(fields.faults) }
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
        let prefix = "consultations.decision:"
        guard let origin = completed.origin, origin.hasPrefix(prefix), let id = Int64(origin.dropFirst(prefix.count)) else { return }
        let changed = try tx.db.execute("""
            UPDATE consultations_decisions SET status = 'done', task_id = ?, ledger_line_id = ?, completed_at = ?, completed_on_time = ?,
                version = version + 1, updated_at = ?
            WHERE id = ? AND status = 'open'
            """, [completed.taskId, completed.ledgerLineId, event.occurredAt, completed.onTime, tx.nowText, id])
        guard changed > 0 else { return }
        try tx.audit(action: "consultations.decision.done", entity: "decision", entityID: String(id),
                     after: .object(["task_id": .int(completed.taskId), "ledger_line_id": .int(completed.ledgerLineId), "on_time": .bool(completed.onTime)]),
                     summary: "决定事项 \(id) 已办结（事件 \(event.id)）")
    }

    // MARK: - Kinds (configuration)

    static let kindFields: Set<String> = ["code", "name", "body_kind", "body_name", "required_from"]

    public func createKind(_ members: [String: JSON], _ tx: WriteTransaction) throws -> Int64 {
        try MeetingScope.requireOffice(tx.actor, "configure meeting kinds")
        let fields = InputFields(members)
        fields.rejectUnknown(Self.kindFields)
        let code = fields.text("code", required: true, maxLength: 40)
        if let code, !code.unicodeScalars.allSatisfy({ CharacterSet.alphanumerics.contains($0) && $0.isASCII }) {
            fields.fail("code", "format", "must be ASCII letters and digits, e.g. floodSeason")
        }
        if let code, try KindStore.find(code, tx.db) != nil { fields.fail("code", "duplicate", "a meeting kind '\(code)' exists") }
        let name = fields.text("name", required: true, maxLength: 100)
        let bodyKind = bodyKind(fields)
        let bodyName = fields.text("body_name", required: bodyKind != .specialGroup, maxLength: 100)
        let requiredFrom = requiredFrom(fields)
        try fields.check()
        guard let code, let name, let bodyKind else { throw DomainError.validation(fields.faults) }
        try tx.db.execute("INSERT INTO consultations_meeting_kinds (code, name, body_kind, body_name, required_from, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          [code, name, bodyKind.rawValue, bodyName ?? "专项领导小组", requiredFrom ?? nil, tx.nowText, tx.nowText])
        let id = tx.db.lastInsertRowID
        try tx.audit(action: "consultations.kind.create", entity: "meeting_kind", entityID: String(id),
                     after: try KindStore.get(id, tx.db)?.json, summary: "新增会议类型：\(name)")
        return id
    }

    public func updateKind(_ id: Int64, _ members: [String: JSON], _ tx: WriteTransaction) throws {
        try MeetingScope.requireOffice(tx.actor, "configure meeting kinds")
        guard let before = try KindStore.get(id, tx.db) else { throw DomainError.notFound("meeting kind", String(id)) }
        let fields = InputFields(members)
        fields.rejectUnknown(Self.kindFields.subtracting(["code", "body_kind"]))
        if members.isEmpty { fields.fail("body", "empty", "give at least one of name, body_name, required_from") }
        var sets: [String] = [], args: [any DatabaseValueConvertible] = []
        if fields.has("name"), let v = fields.text("name", required: true, maxLength: 100) { sets.append("name = ?"); args.append(v) }
        if fields.has("body_name"), let v = fields.text("body_name", required: true, maxLength: 100) { sets.append("body_name = ?"); args.append(v) }
        if members["required_from"] != nil, let v = requiredFrom(fields) { sets.append("required_from = ?"); args.append(v) }
        try fields.check()
        sets += ["version = version + 1", "updated_at = ?"]; args += [tx.nowText, id]
        try tx.db.execute("UPDATE consultations_meeting_kinds SET \(sets.joined(separator: ", ")) WHERE id = ?", args)
        try tx.audit(action: "consultations.kind.update", entity: "meeting_kind", entityID: String(id),
                     before: before.json, after: try KindStore.get(id, tx.db)?.json, summary: "修改会议类型：\(before.name)")
    }

    private func bodyKind(_ fields: InputFields) -> BodyKind? {
        guard let text = fields.text("body_kind", required: true) else { return nil }
        guard let kind = BodyKind(rawValue: text) else {
            fields.fail("body_kind", "choice", "must be one of \(BodyKind.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return kind
    }

    /// `required_from`: a quarter (2024-Q1), or null / "" / "none" for a kind held as needed.
    /// Returns nil when invalid, `.some(nil)` for "not required".
    private func requiredFrom(_ fields: InputFields) -> String?? {
        guard let text = fields.text("required_from"), text.lowercased() != "none" else { return .some(nil) }
        guard let quarter = Quarter(text: text) else {
            fields.fail("required_from", "quarter", "must be a quarter like 2024-Q1 (or none), got '\(text)'")
            return nil
        }
        return .some(quarter.text)
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
            try tx.publish(DecisionRecorded(decisionId: id, meetingId: meetingID, text: decision.text, leadUnitId: lead.id, leadUnitKind: lead.kind, deadline: deadline))
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

    /// The meeting row, if the actor may see it (out of scope is "not found").
    /// A meeting `tx.actor` may see and record items on (decisions, risks, attachments).
    private func requireRecordableMeeting(_ id: Int64, _ tx: WriteTransaction) throws -> Row {
        let meeting = try requireMeeting(id, tx)
        if let kind = try KindStore.get(meeting.requiredInt("kind_id"), tx.db) {
            try MeetingScope.requireRecorder(kind, groupID: meeting.int("group_id"), tx.actor, tx.db)
        }
        return meeting
    }

    private func requireMeeting(_ id: Int64, _ tx: WriteTransaction) throws -> Row {
        var sql = "SELECT m.* FROM consultations_meetings m WHERE m.id = ?"
        var args: [any DatabaseValueConvertible] = [id]
        if let scope = MeetingScope.condition(tx.actor) { sql += " AND \(scope.sql)"; args += scope.arguments }
        guard let row = try tx.db.queryOne(sql, args) else { throw DomainError.notFound("meeting", String(id)) }
        return row
    }

    private static func auditView(_ row: Row) -> JSON {
        .object(["title": JSON(row.string("title")), "held_on": JSON(row.string("held_on")), "convener": JSON(row.string("convener")),
                 "venue": JSON(row.string("venue")), "version": JSON(row.int("version"))])
    }
}
