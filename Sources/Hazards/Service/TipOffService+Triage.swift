// Officials' side of tip-offs: list and read (the contact only with the grant), and triage —
// link to an existing hazard (a duplicate), create a hazard, or dismiss with a reason; then a
// reward decision may be recorded.
import Kernel

public enum TipOffAction: String, Sendable, CaseIterable {
    case link
    case createHazard = "create-hazard"
    case dismiss
    case reward

    public var summary: String {
        switch self {
        case .link: return "link the tip-off to an existing hazard (a duplicate)"
        case .createHazard: return "register a hazard from the tip-off (source tipOff)"
        case .dismiss: return "dismiss the tip-off with a reason"
        case .reward: return "record the reward decision"
        }
    }

    /// The action as officials name it, for messages.
    public var chinese: String {
        switch self {
        case .link: return "并入已有隐患"
        case .createHazard: return "立为隐患"
        case .dismiss: return "不予立案"
        case .reward: return "登记奖励决定"
        }
    }

    func allowed(from status: String) -> Bool {
        switch self {
        case .link, .createHazard, .dismiss: return status == "received"
        case .reward: return status == "linked" || status == "hazardCreated"
        }
    }
}

extension TipOffService {
    /// Roles that see and triage tip-offs.
    public static let officialRoles: Set<Role> = [.admin, .office, .town]

    static func scope(_ actor: Actor) -> (String, [any DatabaseValueConvertible]) {
        if actor.isOffice { return ("1 = 1", []) }
        if case .territory(let id) = actor.scope { return ("p.territory_id = ?", [id]) }
        return ("0", [])
    }

    /// The officials' view. `withContact` only for actors holding the grant, and only on one record.
    static func view(_ row: Row, contact: Bool) -> JSON {
        var members: [JSON.Member] = [
            JSON.Member("id", .int(row.requiredInt("id"))),
            JSON.Member("status", .string(row.requiredString("status"))),
            JSON.Member("text", .string(row.requiredString("text"))),
            JSON.Member("place", .string(row.requiredString("place"))),
            JSON.Member("territory_id", JSON(row.int("territory_id"))),
            JSON.Member("hazard_id", JSON(row.int("hazard_id"))),
            JSON.Member("dismiss_reason", JSON(row.string("dismiss_reason"))),
            JSON.Member("reward_decision", JSON(row.string("reward_decision"))),
            JSON.Member("reward_amount", JSON(row.int("reward_amount"))),
            JSON.Member("not_fixed_count", .int(row.requiredInt("not_fixed_count"))),
            JSON.Member("received_at", .string(row.requiredString("received_at"))),
            JSON.Member("triaged_at", JSON(row.string("triaged_at"))),
            JSON.Member("triaged_by", JSON(row.string("triaged_by"))),
            JSON.Member("contest_count", .int(row.int("contest_count") ?? 0)),
            JSON.Member("contested_at", JSON(row.string("contested_at"))),
            JSON.Member("contest_note", JSON(row.string("contest_note"))),
            JSON.Member("version", .int(row.requiredInt("version"))),
        ]
        if contact { members.append(JSON.Member("contact", JSON(row.string("contact")))) }
        return .object(members)
    }

    static let listColumns = "p.id, p.status, p.text, p.place, p.territory_id, p.hazard_id, p.dismiss_reason, p.reward_decision, p.reward_amount, p.not_fixed_count, p.received_at, p.triaged_at, p.triaged_by, p.contest_count, p.contested_at, p.contest_note, p.version"

    /// Lists never carry the contact, whoever asks.
    /// A page of `limit` after `after`; every tip-off (a CSV export) when `limit` is nil.
    public func list(status: String?, actor: Actor, after: Int64?, limit: Int?, _ db: Connection) throws -> Page {
        let (scope, scopeArgs) = Self.scope(actor)
        var sql = "SELECT \(Self.listColumns) FROM hazards_tipoffs p WHERE \(scope)"
        var args = scopeArgs
        if let status { sql += " AND p.status = ?"; args.append(status) }
        if let after { sql += " AND p.id > ?"; args.append(after) }
        sql += " ORDER BY p.id"
        guard let limit else { return Page(items: try db.query(sql, args).map { Self.view($0, contact: false) }, next: nil) }
        sql += " LIMIT ?"
        args.append(limit + 1)
        let rows = try db.query(sql, args)
        let items = rows.prefix(limit).map { Self.view($0, contact: false) }
        return Page(items: Array(items), next: rows.count > limit ? items.last?["id"]?.intValue.map(Cursor.encode) : nil)
    }

    func require(_ id: Int64, actor: Actor, _ db: Connection) throws -> Row {
        let (scope, args) = Self.scope(actor)
        guard let row = try db.queryOne("SELECT * FROM hazards_tipoffs p WHERE p.id = ? AND \(scope)", [id] + args) else {
            throw DomainError.notFound("群众举报", "tip-off", String(id))
        }
        return row
    }

    public func get(_ id: Int64, actor: Actor, _ db: Connection) throws -> JSON {
        let row = try require(id, actor: actor, db)
        guard case .object(var members) = Self.view(row, contact: actor.has(grant: Self.contactGrant)) else { return .null }
        let photos = try db.query("SELECT * FROM hazards_attachments WHERE tipoff_id = ? ORDER BY id", [id]).map(HazardView.attachment)
        members.append(JSON.Member("photos", .array(photos)))
        return .object(members)
    }

    /// `values`: what `TipOffInput.action(action)` read. `expectedVersion`: the version an
    /// `If-Match` names (412 when the tip-off has moved on).
    public func perform(_ action: TipOffAction, on id: Int64, _ values: Values, expectedVersion: Int64? = nil, _ tx: WriteTransaction) throws -> JSON {
        guard Self.officialRoles.contains(tx.actor.role) else { throw DomainError.forbidden("\(tx.actor.role.chinese)用户不能分办群众举报 (a \(tx.actor.role.rawValue) user may not triage tip-offs)") }
        let row = try require(id, actor: tx.actor, tx.db)
        if let expectedVersion, expectedVersion != row.requiredInt("version") {
            throw DomainError.versionMismatch("举报 \(id)", "tip-off \(id)", current: row.requiredInt("version"), expected: expectedVersion)
        }
        let status = row.requiredString("status")
        guard action.allowed(from: status) else {
            let allowed = TipOffAction.allCases.filter { $0.allowed(from: status) }.map(\.rawValue)
            let allowedChinese = TipOffAction.allCases.filter { $0.allowed(from: status) }.map(\.chinese)
            throw DomainError(.conflict, "举报 \(id) 当前为“\(TipOffInput.label(status))”，不能“\(action.chinese)”；现在可执行：\(allowedChinese.isEmpty ? "无" : allowedChinese.joined(separator: "、")) (tip-off \(id) is \(status): cannot \(action.rawValue); allowed now: \(allowed.isEmpty ? "none" : allowed.joined(separator: ", ")))",
                              extra: [JSON.Member("current_state", .string(status)), JSON.Member("allowed_actions", JSON(allowed))])
        }
        // A reward decision is recorded once: a second one would overwrite the first without a trace.
        if action == .reward, let decided = row.string("reward_decision") {
            throw DomainError(.conflict, "举报 \(id) 已登记奖励决定“\(decided)”，不能重复登记或覆盖 (tip-off \(id) already has its reward decision; it is not overwritten)",
                              extra: [JSON.Member("current_state", .string(status)), JSON.Member("allowed_actions", JSON([String]()))])
        }
        var sets: [(String, any DatabaseValueConvertible)] = []
        var summary = ""
        var newStatus = status
        switch action {
        case .link:
            // A merged duplicate is followed to the hazard that carries on (its progress is what the reporter follows).
            guard let named = values.id("hazard_id"), try HazardStore.row(named, actor: tx.actor, tx.db) != nil,
                  let hazardID = try InstrumentListing.survivor(of: named, tx.db), let hazard = try HazardStore.row(hazardID, actor: .system("hazards"), tx.db) else {
                throw DomainError.validation([FieldError("hazard_id", "not_found", "隐患 \(values.text("hazard_id") ?? "") 不存在或不在你的范围内 (no hazard \(values.text("hazard_id") ?? "") in your scope)")])
            }
            try attachPhotos(tipOff: id, hazard: hazardID, hazard.requiredString("status"), tx)
            newStatus = "linked"
            sets.append(("hazard_id", hazardID))
            summary = "tip-off \(id) linked to \(hazard.requiredString("code"))"
        case .createHazard:
            // The tip-off's own text, place and territory where the official gives none.
            var fields = values
            if fields.text("description") == nil { fields.set("description", .text(row.requiredString("text"))) }
            if fields.id("enterprise_id") == nil && fields.text("place") == nil { fields.set("place", .text(row.requiredString("place"))) }
            if fields.id("territory_id") == nil, let territory = row.int("territory_id") { fields.set("territory_id", .integer(territory)) }
            let hazard = try hazards.register(fields, origin: .init(key: "tipoff:\(id)", source: .tipOff), tx)
            guard let hazardID = hazard["id"]?.intValue else { throw DomainError(.conflict, "隐患未能登记 (the hazard was not registered)") }
            try attachPhotos(tipOff: id, hazard: hazardID, HazardStatus.reported.rawValue, tx)
            newStatus = "hazardCreated"
            sets.append(("hazard_id", hazardID))
            summary = "tip-off \(id) registered as \(Render.cell(hazard["code"]))"
        case .dismiss:
            newStatus = "dismissed"
            sets.append(("dismiss_reason", values.text("reason") ?? ""))
            summary = "tip-off \(id) dismissed"
        case .reward:
            sets += [("reward_decision", values.text("decision") ?? ""), ("reward_amount", values.int("amount"))]
            summary = "tip-off \(id): reward decision recorded"
        }
        if action != .reward { sets += [("triaged_at", tx.nowText), ("triaged_by", tx.actor.username)] }
        sets += [("status", newStatus), ("version", row.requiredInt("version") + 1), ("updated_at", tx.nowText)]
        try tx.db.execute("UPDATE hazards_tipoffs SET \(sets.map { "\($0.0) = ?" }.joined(separator: ", ")) WHERE id = ?", sets.map(\.1) + [id])
        try tx.audit(action: "hazards.tipoff.\(action.rawValue)", entity: "tipoff", entityID: String(id),
                     before: .object(["status": .string(status)]), after: .object(["status": .string(newStatus)]),
                     summary: summary)
        let json = try get(id, actor: tx.actor, tx.db)
        try Self.auditContactRead(json, id, tx)
        return json
    }

    /// One tip-off as `actor` may read it; a contact it shows is a read audited before it is
    /// returned (the record names who read which tip-off's contact, never the contact).
    public func show(_ id: Int64, actor: Actor, core: Core) throws -> JSON {
        let json = try core.read { try get(id, actor: actor, $0) }
        if Self.showsContact(json) { try core.write(actor) { tx in try Self.auditContactRead(json, id, tx) } }
        return json
    }

    static func showsContact(_ json: JSON) -> Bool { json["contact"].map { $0 != .null } ?? false }

    static func auditContactRead(_ json: JSON, _ id: Int64, _ tx: WriteTransaction) throws {
        guard showsContact(json) else { return }
        try tx.audit(action: "hazards.tipoff.contact_read", entity: "tipoff", entityID: String(id),
                     summary: "\(tx.actor.username) 读取了举报 \(id) 的举报人联系方式 (read the reporter's contact, right \(contactGrant))")
    }

    /// The tip-off's photos join the hazard's timeline.
    private func attachPhotos(tipOff: Int64, hazard: Int64, _ status: String, _ tx: WriteTransaction) throws {
        let status = HazardStatus(rawValue: status) ?? .reported
        let actionID = try hazards.recordAction(hazard, "tipoff-linked", from: status, to: status, note: "群众举报 \(tipOff)", details: .object(["tipoff_id": .int(tipOff)]), tx)
        try tx.db.execute("UPDATE hazards_attachments SET hazard_id = ?, action_id = ? WHERE tipoff_id = ?", [hazard, actionID, tipOff])
    }
}
