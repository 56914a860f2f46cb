// Reading meetings and decisions as the actor may see them.
import Kernel

/// Which rows of a list are wanted: a page after the cursor, or every matching row for CSV (an
/// export is not paged).
struct ListWindow: Sendable {
    /// The last id of the previous page.
    var afterID: Int64?
    var limit: Int

    /// The limit of an export: every matching row.
    static let everyRow = 1 << 40

    init(_ paging: Paging, csv: Bool) throws {
        afterID = csv ? nil : try paging.afterID()
        limit = csv ? Self.everyRow : paging.limit
    }

    /// Ends a query's conditions on `id`: after the cursor, in id order, one row more than the
    /// page (to tell whether another follows).
    func finish(_ sql: inout String, _ args: inout [any DatabaseValueConvertible], id: String) {
        if let afterID { sql += " AND \(id) > ?"; args.append(afterID) }
        sql += " ORDER BY \(id) LIMIT ?"; args.append(limit + 1)
    }

    /// The rows `finish` asked for as a page, with the next cursor when one more row came back.
    func page(_ rows: [Row], _ item: (Row) throws -> JSON) rethrows -> Page {
        let shown = rows.prefix(limit)
        return Page(items: try shown.map(item), next: rows.count > limit ? shown.last.map { Cursor.encode($0.requiredInt("id")) } : nil)
    }
}

struct MeetingFilter: Sendable {
    var kindID: Int64?
    var groupID: Int64?
    var quarter: String?
    var year: Int?
    var window: ListWindow

    /// The filter `values` (read by `Contracts.meetingFilter`) describe; an unknown kind is 422.
    init(_ values: Values, paging: Paging, csv: Bool, _ db: Connection) throws {
        if let code = values.text("kind") { kindID = try KindStore.require(code, field: "kind", db).id }
        groupID = values.id("group_id")
        quarter = values.text("quarter")
        year = values.smallInt("year")
        window = try ListWindow(paging, csv: csv)
    }
}

struct DecisionFilter: Sendable {
    var status: DecisionStatus?
    var meetingID: Int64?
    var leadUnitID: Int64?
    var leadTerritoryID: Int64?
    var window: ListWindow

    /// The filter `values` (read by `Contracts.decisionFilter`) describe.
    init(_ values: Values, paging: Paging, csv: Bool) throws {
        status = values.choice("status", DecisionStatus.self)
        meetingID = values.id("meeting_id")
        leadUnitID = values.id("lead_unit_id")
        leadTerritoryID = values.id("lead_territory_id")
        window = try ListWindow(paging, csv: csv)
    }
}

enum MeetingStore {

    static let summarySelect = """
        SELECT m.*, k.code AS kind_code, k.name AS kind_name, g.name AS group_name,
            (SELECT count(*) FROM consultations_attendees a WHERE a.meeting_id = m.id AND a.present = 1) AS present_count,
            (SELECT count(*) FROM consultations_attendees a WHERE a.meeting_id = m.id AND a.present = 0) AS absent_count,
            (SELECT count(*) FROM consultations_risks r WHERE r.meeting_id = m.id) AS risk_count,
            (SELECT count(*) FROM consultations_decisions d WHERE d.meeting_id = m.id) AS decision_count,
            (SELECT count(*) FROM consultations_decisions d WHERE d.meeting_id = m.id AND d.status = 'open') AS open_count,
            (SELECT count(*) FROM consultations_decisions d WHERE d.meeting_id = m.id AND d.status = 'done') AS done_count
        FROM consultations_meetings m JOIN consultations_meeting_kinds k ON k.id = m.kind_id
        LEFT JOIN registry_special_groups g ON g.id = m.group_id
        """

    static func summary(_ row: Row) -> JSON {
        let id = row.requiredInt("id")
        return .object([
            "id": .int(id), "kind": .string(row.requiredString("kind_code")), "kind_name": .string(row.requiredString("kind_name")),
            "group_id": JSON(row.int("group_id")), "group_name": JSON(row.string("group_name")),
            "title": .string(row.requiredString("title")), "held_on": .string(row.requiredString("held_on")),
            "quarter": .string(row.requiredString("quarter")), "ad_hoc": .bool(row.bool("ad_hoc")),
            "convener": .string(row.requiredString("convener")), "venue": JSON(row.string("venue")),
            "present_count": .int(row.requiredInt("present_count")), "absent_count": .int(row.requiredInt("absent_count")),
            "risk_count": .int(row.requiredInt("risk_count")), "decision_count": .int(row.requiredInt("decision_count")),
            "open_decisions": .int(row.requiredInt("open_count")), "done_decisions": .int(row.requiredInt("done_count")),
            "link": .string("/api/v1/consultations/meetings/\(id)"), "version": .int(row.requiredInt("version")),
        ])
    }

    static func list(_ filter: MeetingFilter, actor: Actor, _ db: Connection) throws -> Page {
        var sql = summarySelect + " WHERE 1 = 1"
        var args: [any DatabaseValueConvertible] = []
        if let kindID = filter.kindID { sql += " AND m.kind_id = ?"; args.append(kindID) }
        if let groupID = filter.groupID { sql += " AND m.group_id = ?"; args.append(groupID) }
        if let quarter = filter.quarter { sql += " AND m.quarter = ?"; args.append(quarter) }
        if let year = filter.year { sql += " AND substr(m.held_on, 1, 4) = ?"; args.append(String(year)) }
        if let scope = MeetingScope.condition(actor) { sql += " AND \(scope.sql)"; args += scope.arguments }
        filter.window.finish(&sql, &args, id: "m.id")
        return filter.window.page(try db.query(sql, args), summary)
    }

    static func row(_ id: Int64, actor: Actor, _ db: Connection) throws -> Row {
        var sql = summarySelect + " WHERE m.id = ?"
        var args: [any DatabaseValueConvertible] = [id]
        if let scope = MeetingScope.condition(actor) { sql += " AND \(scope.sql)"; args += scope.arguments }
        guard let row = try db.queryOne(sql, args) else { throw NotFound.meeting(id) }
        return row
    }

    /// The whole meeting: attendees, agenda, carried decisions, risks, decisions with live status, minutes, attachments.
    static func get(_ id: Int64, actor: Actor, today: CalendarDate, rules: ColourRules, _ db: Connection) throws -> JSON {
        let row = try row(id, actor: actor, db)
        let names = RegistryNames(db: db)
        guard case .object(var members) = summary(row) else { return .null }
        var attendees: [JSON] = [], absent: [JSON] = []
        // Names joined, not looked up once per attendee.
        for a in try db.query("""
            SELECT a.*, u.name AS unit_name, t.name AS territory_name FROM consultations_attendees a
            LEFT JOIN registry_units u ON u.id = a.unit_id LEFT JOIN registry_territories t ON t.id = a.territory_id
            WHERE a.meeting_id = ? ORDER BY a.id
            """, [id]) {
            var kind = "person", refID: Int64?, name = a.string("person_name") ?? ""
            if let unitID = a.int("unit_id") { kind = "unit"; refID = unitID; name = RegistryNames.unitName(a.string("unit_name"), unitID) }
            if let territoryID = a.int("territory_id") { kind = "territory"; refID = territoryID; name = RegistryNames.territoryName(a.string("territory_name"), territoryID) }
            let item = JSON.object(["kind": .string(kind), "id": JSON(refID), "name": .string(name), "role": JSON(a.string("role")), "note": JSON(a.string("note"))])
            if a.bool("present") { attendees.append(item) } else { absent.append(item) }
        }
        let risks = try db.query("SELECT * FROM consultations_risks WHERE meeting_id = ? ORDER BY id", [id]).map(riskJSON)
        let decisions = try db.query(DecisionView.select + " WHERE d.meeting_id = ? ORDER BY d.position", [id]).map {
            DecisionView.json($0, today: today, rules: rules)
        }
        let carried = try db.query(DecisionView.select + " JOIN consultations_carryovers c ON c.decision_id = d.id WHERE c.meeting_id = ? ORDER BY d.id", [id]).map {
            DecisionView.json($0, today: today, rules: rules)
        }
        let attachments: [JSON] = try db.query("SELECT id, name, media_type, size, sha256 FROM consultations_attachments WHERE meeting_id = ? ORDER BY id", [id]).map { a in
            .object(["id": .int(a.requiredInt("id")), "name": .string(a.requiredString("name")), "media_type": .string(a.requiredString("media_type")),
                     "size": .int(a.requiredInt("size")), "sha256": .string(a.requiredString("sha256")),
                     "link": .string("/api/v1/consultations/meetings/\(id)/attachments/\(a.requiredInt("id"))")])
        }
        let agenda = (try? JSONParser.parse(Array(row.requiredString("agenda").utf8))) ?? .array([])
        members.removeAll { ["version", "link"].contains($0.key) }
        members += [
            JSON.Member("convener_unit_id", JSON(row.int("convener_unit_id"))),
            JSON.Member("convener_unit_name", row.int("convener_unit_id") == nil ? .null : .string(try names.unitName(row.int("convener_unit_id")))),
            JSON.Member("attendees", .array(attendees)),
            JSON.Member("absent_units", .array(absent)),
            JSON.Member("agenda", agenda),
            JSON.Member("carried_decisions", .array(carried)),
            JSON.Member("risks", .array(risks)),
            JSON.Member("decisions", .array(decisions)),
            JSON.Member("minutes", .string(row.requiredString("minutes"))),
            JSON.Member("attachments", .array(attachments)),
            JSON.Member("minutes_link", .string("/api/v1/consultations/meetings/\(id)/minutes")),
            JSON.Member("recorded_by", .string(row.requiredString("recorded_by"))),
            JSON.Member("version", .int(row.requiredInt("version"))),
            JSON.Member("created_at", .string(row.requiredString("created_at"))),
            JSON.Member("updated_at", .string(row.requiredString("updated_at"))),
        ]
        return .object(members)
    }

    /// A risk judged, as shown.
    static func riskJSON(_ r: Row) -> JSON {
        let level = RiskLevel(rawValue: r.requiredString("level")) ?? .general
        return .object([
            "id": .int(r.requiredInt("id")), "area": .string(r.requiredString("area")), "level": .string(level.rawValue),
            "level_colour": .string(level.colourName), "level_name": .string(level.chinese),
            "description": .string(r.requiredString("description")), "measures": JSON(r.string("measures")),
            "bodies": (try? JSONParser.parse(Array(r.requiredString("bodies").utf8))) ?? .array([]),
        ])
    }

    /// One risk by id (the caller has checked its meeting may be seen).
    static func risk(_ id: Int64, _ db: Connection) throws -> JSON {
        guard let row = try db.queryOne("SELECT * FROM consultations_risks WHERE id = ?", [id]) else { throw NotFound.risk(id) }
        return riskJSON(row)
    }

    /// One attachment's bytes, if the actor may see its meeting.
    static func attachment(meetingID: Int64, id: Int64, actor: Actor, _ db: Connection) throws -> (name: String, mediaType: String, content: [UInt8]) {
        _ = try row(meetingID, actor: actor, db)
        guard let a = try db.queryOne("SELECT name, media_type, content FROM consultations_attachments WHERE id = ? AND meeting_id = ?", [id, meetingID]) else {
            throw DomainError.notFound("附件", "attachment", String(id))
        }
        return (a.requiredString("name"), a.requiredString("media_type"), a.blob("content") ?? [])
    }

    // MARK: - Decisions

    static func decisions(_ filter: DecisionFilter, actor: Actor, today: CalendarDate, rules: ColourRules, _ db: Connection) throws -> Page {
        var sql = DecisionView.select + " WHERE 1 = 1"
        var args: [any DatabaseValueConvertible] = []
        switch filter.status {
        // As of `today`: a decision completed after that day was still open on it.
        case .open?: sql += " AND \(DecisionView.openOn)"; args.append(DecisionView.endOf(today))
        case .done?: sql += " AND d.status = 'done' AND d.completed_at < ?"; args.append(DecisionView.endOf(today))
        case .noted?: sql += " AND d.status = 'noted'"
        case .overdue?: sql += " AND \(DecisionView.openOn) AND d.deadline < ?"; args += [DecisionView.endOf(today), today.iso]
        case nil: break
        }
        if let meetingID = filter.meetingID { sql += " AND d.meeting_id = ?"; args.append(meetingID) }
        if let unitID = filter.leadUnitID { sql += " AND d.lead_unit_id = ?"; args.append(unitID) }
        if let territoryID = filter.leadTerritoryID { sql += " AND d.lead_territory_id = ?"; args.append(territoryID) }
        if let scope = MeetingScope.condition(actor) { sql += " AND \(scope.sql)"; args += scope.arguments }
        filter.window.finish(&sql, &args, id: "d.id")
        return filter.window.page(try db.query(sql, args)) { DecisionView.json($0, today: today, rules: rules) }
    }

    static func decision(_ id: Int64, actor: Actor, today: CalendarDate, rules: ColourRules, _ db: Connection) throws -> JSON {
        var sql = DecisionView.select + " WHERE d.id = ?"
        var args: [any DatabaseValueConvertible] = [id]
        if let scope = MeetingScope.condition(actor) { sql += " AND \(scope.sql)"; args += scope.arguments }
        guard let row = try db.queryOne(sql, args) else { throw NotFound.decision(id) }
        return DecisionView.json(row, today: today, rules: rules)
    }
}
