// The generated agenda of a body's next meeting: its open decisions carried over, and what happened
// since its last meeting as other modules published it (new major hazards, red tasks, overdue
// rectifications, expiring certificates, overdue tip-offs, supervision) and quarters it missed.
import Kernel

public enum Agenda {
    /// The next meeting's agenda for the kind `kindCode` names (and `groupID` for special-group
    /// meetings), as of `today`: only meetings held, decisions settled and agenda facts known by
    /// that day count, so a past day's agenda is the same bytes before and after a later tick.
    /// An unknown kind, or a group where none belongs, is 422.
    public static func next(kind kindCode: String, groupID: Int64?, actor: Actor, today: CalendarDate, rules: ColourRules, _ db: Connection) throws -> JSON {
        try MeetingScope.requireOffice(actor, "生成会商研判议程 (only the committee office may generate the consultation agenda)")
        let kind = try KindStore.require(kindCode, field: "kind", db)
        let names = RegistryNames(db: db)
        if groupID != nil && kind.bodyKind != .specialGroup {
            throw DomainError.validation([FieldError("group_id", "not_allowed", "只有专项领导小组会议指明专项领导小组 (only special group meetings name a group; \(kind.code) is \(kind.bodyName)'s)")])
        }
        if groupID == nil && kind.bodyKind == .specialGroup {
            throw DomainError.validation([FieldError("group_id", "required_for_group", "请指明专项领导小组 (name the special leading group whose next meeting this is)")])
        }
        let last = try db.queryOne("""
            SELECT id, title, held_on FROM consultations_meetings WHERE kind_id = ? AND group_id IS ? AND held_on <= ?
            ORDER BY held_on DESC, id DESC LIMIT 1
            """, [kind.id, groupID, today.iso])
        let since = last.flatMap { CalendarDate(iso: $0.requiredString("held_on")) }

        var sections: [JSON] = []
        // Decisions of meetings held by `today` that were still open that day (done later counts as open then).
        let carried = try db.query(DecisionView.select + " WHERE m.kind_id = ? AND m.group_id IS ? AND m.held_on <= ? AND " + DecisionView.openOn
                                   + " ORDER BY d.deadline, d.id",
                                   [kind.id, groupID, today.iso, DecisionView.endOf(today)]).map { DecisionView.json($0, today: today, rules: rules) }
        sections.append(.object([
            "type": "carried_decision", "title": "上次会议决定事项落实情况（未办结）", "count": .int(Int64(carried.count)),
            "items": .array(carried.map { decision in
                let lead = decision["lead"]?["name"]?.stringValue ?? ""
                return .object([
                    "summary": .string("\(decision["meeting_held_on"]?.stringValue ?? "") 会议决定：\(decision["text"]?.stringValue ?? "")（牵头：\(lead)，期限 \(decision["deadline"]?.stringValue ?? "")，\(decision["status"]?.stringValue == "overdue" ? "已逾期" : "推进中")）"),
                    "link": decision["link"] ?? .null, "colour": decision["colour"] ?? .null, "decision_id": decision["id"] ?? .null,
                ])
            }),
        ]))
        // A special group's agenda: what concerns its host unit's sector (looked up once, not per section).
        let hostUnit = try groupID.flatMap { try names.hostUnit(ofGroup: $0) }
        for type in AgendaItemType.allCases {
            // Things still unsettled are listed whenever they arose; news only since the last meeting.
            let sinceOnly: Bool
            switch type {
            case .majorHazard, .expiringCertificate, .finding, .visitMissing: sinceOnly = true
            case .redTask, .overdueRectification, .overdueTipOff, .meetingMissing: sinceOnly = false
            }
            // Only what was known on `today` and not yet settled that day: a later tick adds nothing here.
            var sql = """
                SELECT i.* FROM consultations_agenda_items i
                WHERE i.type = ? AND i.known_on <= ? AND (i.resolved_on IS NULL OR i.resolved_on > ?)
                AND i.id = (SELECT max(j.id) FROM consultations_agenda_items j WHERE j.subject = i.subject AND j.type = i.type AND j.known_on <= ?)
                """
            var args: [any DatabaseValueConvertible] = [type.rawValue, today.iso, today.iso, today.iso]
            if sinceOnly, let since { sql += " AND i.known_on > ?"; args.append(since.iso) }
            if type == .redTask { sql += " AND " + AgendaIntake.lineInForce("i"); args.append(today.iso) }
            if let hostUnit, type != .meetingMissing {
                sql += " AND (i.unit_id = ? OR i.unit_id IS NULL)"; args.append(hostUnit)
            }
            sql += " ORDER BY i.occurred_at, i.id LIMIT 500"
            let items: [JSON] = try db.query(sql, args).map { row in
                .object([
                    "summary": .string(row.requiredString("summary")), "link": .string(row.requiredString("link")),
                    "occurred_at": .string(row.requiredString("occurred_at")), "source_event_id": .int(row.requiredInt("source_event_id")),
                    "subject": .string(row.requiredString("subject")),
                ])
            }
            sections.append(.object(["type": .string(type.rawValue), "title": .string(type.title), "count": .int(Int64(items.count)), "items": .array(items)]))
        }
        let body = try RequiredBody.of(kind: kind, groupID: groupID, names)
        let total = sections.reduce(Int64(0)) { $0 + ($1["count"]?.intValue ?? 0) }
        return .object([
            "kind": .string(kind.code), "kind_name": .string(kind.name), "body": .string(body.name), "group_id": JSON(groupID),
            "generated_on": .string(today.iso),
            "last_meeting": last.map { row in .object(["id": .int(row.requiredInt("id")), "title": .string(row.requiredString("title")),
                                                        "held_on": .string(row.requiredString("held_on")),
                                                        "link": .string("/api/v1/consultations/meetings/\(row.requiredInt("id"))")]) } ?? .null,
            "since": JSON(since?.iso),
            "total": .int(total),
            "sections": .array(sections),
        ])
    }
}
