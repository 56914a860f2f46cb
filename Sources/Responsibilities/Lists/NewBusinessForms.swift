// New business forms and new fields (新业态新领域) whose lead department is unclear (Law Art 10:
// the closest business line leads). A unit or town raises a request — what, where, which
// departments might lead; the office decides and records the lead department. The decision
// enters the lead department's 三管三必须 list as a new version and may be linked into a chain.
// Open requests stand on the overview with their age. A unit or town sees its own requests,
// the office all; anyone else none.
import Kernel

extension ListService {
    static func raiseBusinessForm(what: String, location: String, candidates: [Int64], _ tx: WriteTransaction) throws -> JSON {
        let raiser = try raiser(tx.actor, tx.db)
        var named: [JSON] = []
        for id in candidates where !named.contains(where: { $0["id"]?.intValue == id }) {
            named.append(.object(["id": .int(id), "name": .string(try unit(id, tx.db).name)]))
        }
        try tx.db.execute("""
            INSERT INTO responsibilities_new_business_forms (what, location, raised_by_kind, raised_by_id, raised_by_name, candidates, raised_on, state, created_by, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?, ?)
            """, [what, location, raiser.kind, raiser.id, raiser.name, JSON.array(named).serialized, tx.today.iso, tx.actor.username, tx.nowText])
        let id = tx.db.lastInsertRowID
        try tx.audit(action: "responsibilities.business_form.raise", entity: "business_form", entityID: String(id),
                     summary: "\(raiser.name)提请明确新业态新领域“\(what)”（\(location)）的主责部门")
        return try businessForm(id, actor: tx.actor, today: tx.today, tx.db)
    }

    /// Who raises: a unit for its unit, a town for its territory, the office for itself.
    static func raiser(_ actor: Actor, _ db: Connection) throws -> (kind: String, id: Int64?, name: String) {
        if actor.isOffice { return ("office", nil, "区安委办") }
        switch (actor.role, actor.scope) {
        case (.unit, .unit(let id)): return ("unit", id, try unit(id, db).name)
        case (.town, .territory(let id)):
            guard let name = try RegistryReader.name(kind: "territory", id: id, db) else { throw notFound("镇（景区、开发区）", id) }
            return ("territory", id, name)
        default:
            throw DomainError.forbidden("只有成员单位、镇（景区、开发区）和区安委办可以提请明确新业态新领域主责部门 (only units, towns and the office may raise a request)")
        }
    }

    /// The office decides the lead department of an open request; a decided one is refused (409).
    static func decideBusinessForm(_ id: Int64, leadUnitID: Int64, note: String?, _ tx: WriteTransaction) throws -> JSON {
        try requireOffice(tx.actor, "明确新业态新领域主责部门")
        let before = try businessForm(id, actor: tx.actor, today: tx.today, tx.db)
        guard before["state"]?.stringValue == "open" else {
            throw DomainError(.conflict, "新业态新领域“\(before["what"]?.stringValue ?? "")”已于\(before["decided_on"]?.stringValue ?? "")明确主责部门为\(before["lead_unit_name"]?.stringValue ?? "") (already decided)",
                              extra: [JSON.Member("code", .string("state")), JSON.Member("current_state", .string("decided")), JSON.Member("allowed_actions", JSON([String]()))])
        }
        if let raised = CalendarDate(iso: before["raised_on"]?.stringValue ?? ""), tx.today < raised {
            throw DomainError(.conflict, "决定日期\(tx.today.iso)早于提请日期\(raised.iso) (the decision cannot precede the request)", extra: [JSON.Member("code", .string("before_raised"))])
        }
        let lead = try unit(leadUnitID, tx.db)
        try tx.db.execute("UPDATE responsibilities_new_business_forms SET state = 'decided', lead_unit_id = ?, lead_unit_name = ?, decision_note = ?, decided_on = ?, decided_by = ? WHERE id = ?",
                          [lead.id, lead.name, note, tx.today.iso, tx.actor.username, id])
        let what = before["what"]?.stringValue ?? "", location = before["location"]?.stringValue ?? ""
        let version = try addBusinessFormDuty(unitID: lead.id, item: ListItem(duty: "新业态新领域：\(what)（\(location)）安全监管（主责部门）",
                                                                              basis: "《安全生产法》第十条；区安委办\(tx.today.iso)明确主责部门（新业态新领域申请\(id)）"), tx)
        let after = try businessForm(id, actor: tx.actor, today: tx.today, tx.db)
        try tx.audit(action: "responsibilities.business_form.decide", entity: "business_form", entityID: String(id), before: before, after: after,
                     summary: "明确新业态新领域“\(what)”的主责部门为\(lead.name)" + (version.map { "，列入其三管三必须清单第\($0)版" } ?? ""))
        return after
    }

    /// Adds the duty to the unit's 三管三必须 list as a new version (the previous items kept),
    /// effective today or, if a later version is already in force, the day after it. Nil when the
    /// duty is listed already.
    static func addBusinessFormDuty(unitID: Int64, item: ListItem, _ tx: WriteTransaction) throws -> Int64? {
        let kind = UnitListKind.threeManages
        let last = try tx.db.queryOne("SELECT version, effective_from, items FROM responsibilities_unit_lists WHERE unit_id = ? AND kind = ? ORDER BY version DESC LIMIT 1",
                                      [unitID, kind.rawValue])
        let current = last.map { items($0.requiredString("items")) } ?? []
        if current.contains(where: { $0.duty == item.duty }) { return nil }
        var effective = tx.today
        if let last, let previous = CalendarDate(iso: last.requiredString("effective_from")), previous >= effective { effective = previous.adding(days: 1) }
        let version = (last?.requiredInt("version") ?? 0) + 1
        try tx.db.execute("INSERT INTO responsibilities_unit_lists (unit_id, kind, version, effective_from, items, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          [unitID, kind.rawValue, version, effective.iso, JSON.array((current + [item]).map(\.json)).serialized, tx.actor.username, tx.nowText])
        try tx.audit(action: "responsibilities.unit_list.add", entity: "unit_list", entityID: String(tx.db.lastInsertRowID),
                     summary: "\(try unit(unitID, tx.db).name)\(kind.chinese)第\(version)版，\(effective.iso)起生效：新增“\(item.duty)”")
        return version
    }

    /// The SQL condition on `responsibilities_new_business_forms` as `f` for what `actor` may see.
    static func businessFormScope(_ actor: Actor) -> (sql: String, arguments: [any DatabaseValueConvertible]) {
        if actor.isOffice { return ("1", []) }
        switch (actor.role, actor.scope) {
        case (.unit, .unit(let id)): return ("f.raised_by_kind = 'unit' AND f.raised_by_id = ?", [id])
        case (.town, .territory(let id)): return ("f.raised_by_kind = 'territory' AND f.raised_by_id = ?", [id])
        default: return ("0", [])
        }
    }

    /// Only the office, units and towns deal with requests (as over HTTP); 403 for anyone else.
    static func requireBusinessFormRole(_ actor: Actor) throws {
        guard actor.isOffice || actor.role == .unit || actor.role == .town else {
            throw DomainError.forbidden("只有区安委办、成员单位和镇（景区、开发区）可以查看新业态新领域申请 (office, units and towns only)")
        }
    }

    static func businessForm(_ id: Int64, actor: Actor, today: CalendarDate, _ db: Connection) throws -> JSON {
        try requireBusinessFormRole(actor)
        let scope = businessFormScope(actor)
        guard let row = try db.queryOne("SELECT f.* FROM responsibilities_new_business_forms f WHERE f.id = ? AND \(scope.sql)", [id] + scope.arguments) else {
            throw notFound("新业态新领域申请", id)
        }
        return businessFormJSON(row, today: today)
    }

    static func businessForms(state: String?, after: Int64?, limit: Int?, actor: Actor, today: CalendarDate, _ db: Connection) throws -> Page {
        try requireBusinessFormRole(actor)
        let scope = businessFormScope(actor)
        var sql = "SELECT f.* FROM responsibilities_new_business_forms f WHERE f.id > ? AND \(scope.sql)"
        var args: [any DatabaseValueConvertible] = [after ?? 0] + scope.arguments
        if let state { sql += " AND f.state = ?"; args.append(state) }
        sql += " ORDER BY f.id"
        Pages.limitSQL(&sql, &args, limit)
        return Pages.page(try db.query(sql, args), limit: limit) { businessFormJSON($0, today: today) }
    }

    static func businessFormJSON(_ row: Row, today: CalendarDate) -> JSON {
        let raised = CalendarDate(iso: row.requiredString("raised_on")) ?? today
        let open = row.requiredString("state") == "open"
        let candidates = (try? JSONParser.parse(Array(row.requiredString("candidates").utf8)))?.arrayValue ?? []
        return .object(["id": .int(row.requiredInt("id")), "what": .string(row.requiredString("what")), "location": .string(row.requiredString("location")),
                        "raised_by_kind": .string(row.requiredString("raised_by_kind")), "raised_by_name": .string(row.requiredString("raised_by_name")),
                        "candidates": .array(candidates), "raised_on": .string(raised.iso), "state": .string(row.requiredString("state")),
                        "state_label": .string(open ? "待明确主责部门" : "已明确主责部门"),
                        "age_days": open ? .int(Int64(max(0, raised.days(until: today)))) : .null,
                        "lead_unit_id": row.int("lead_unit_id").map(JSON.int) ?? .null, "lead_unit_name": row.string("lead_unit_name").map(JSON.string) ?? .null,
                        "decision_note": row.string("decision_note").map(JSON.string) ?? .null, "decided_on": row.string("decided_on").map(JSON.string) ?? .null])
    }

    /// 待办: requests without a lead department on `today` (raised by then, not decided by then).
    static let businessFormOverview = OverviewSource(id: "responsibilities.new_business_form_open") { db, actor, today in
        let scope = businessFormScope(actor)
        let rows = try db.query("""
            SELECT f.* FROM responsibilities_new_business_forms f WHERE f.raised_on <= ? AND (f.state = 'open' OR f.decided_on > ?) AND \(scope.sql) ORDER BY f.id
            """, [today.iso, today.iso] + scope.arguments)
        return rows.map { row in
            let candidates = ((try? JSONParser.parse(Array(row.requiredString("candidates").utf8)))?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
            let detail = "\(row.requiredString("raised_by_name"))于\(row.requiredString("raised_on"))提请（\(row.requiredString("location"))）"
                + (candidates.isEmpty ? "" : "，可能的主责部门：\(candidates.joined(separator: "、"))")
                + (actor.isOffice ? "；请区安委办按业务相近原则明确主责部门（《安全生产法》第十条）" : "；等待区安委办明确主责部门")
            return OverviewItem(module: "responsibilities", kind: "new_business_form_open", title: "新业态新领域待明确主责部门：\(row.requiredString("what"))",
                                detail: detail, since: CalendarDate(iso: row.requiredString("raised_on")),
                                link: "\(ResponsibilitiesRoutes.base)/new-business-forms/\(row.requiredInt("id"))")
        }
    }
}
