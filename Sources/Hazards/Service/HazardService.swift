// The register's rules: registering a hazard (from a user, a finding, a tip-off), reading it,
// and the timeline. The lifecycle actions are in HazardService+Actions. The only code that writes.
import Kernel

public struct HazardService: Sendable {
    public let settings: HazardsSettings
    public init(settings: HazardsSettings = HazardsSettings()) { self.settings = settings }

    /// Who registered it, for the record: a user's own `origin` (finding, tip-off) or none.
    public struct Origin: Sendable {
        var key: String?
        var source: HazardSource?
        public init(key: String? = nil, source: HazardSource? = nil) {
            self.key = key
            self.source = source
        }
    }

    /// Registers a hazard from the values `HazardInput.register` reads (or a finding or tip-off
    /// builds): enterprise_id or place, territory_id, sector, supervising_unit_id, grade,
    /// standard_clause_id, source, found_on, description, deadline, state_and_cause,
    /// harm_and_difficulty. What the declaration cannot say is checked here, with its own codes.
    public func register(_ values: Values, origin: Origin = Origin(), _ tx: WriteTransaction) throws -> JSON {
        let db = tx.db
        let actor = tx.actor
        var errors: [FieldError] = []
        var enterpriseID = values.id("enterprise_id")
        if enterpriseID == nil, case .enterprise(let own) = actor.scope, !actor.isOffice { enterpriseID = own }
        var enterprise: Row?
        if let enterpriseID {
            enterprise = try RegistryLookup.enterprise(enterpriseID, db)
            if enterprise == nil { errors.append(FieldError("enterprise_id", "not_found", "生产经营单位 \(enterpriseID) 不存在 (no enterprise \(enterpriseID))")) }
        }
        let place = values.text("place")
        if enterpriseID == nil && place == nil {
            errors.append(FieldError("place", "required_without_enterprise", "未指定企业时须填写地点 (give enterprise_id, or place: a public place with its address)"))
        }
        /// A reference given, or the enterprise's; without an enterprise it must be given.
        func reference(_ field: String, default value: Int64?) -> Int64? {
            if let id = values.id(field) { return id }
            if enterpriseID == nil {
                errors.append(FieldError(field, "required_without_enterprise", "未指定企业时 \(field) 为必填项 (\(field) is required when no enterprise is given)"))
            }
            return value
        }
        let territoryID = reference("territory_id", default: enterprise?.int("territory_id"))
        // 三管三必须: the enterprise's supervising unit unless another is named.
        let unitID = reference("supervising_unit_id", default: enterprise?.int("supervising_unit_id"))
        var sector = values.text("sector") ?? enterprise?.string("industry")
        if sector == nil && enterpriseID == nil {
            errors.append(FieldError("sector", "required_without_enterprise", "未指定企业时 sector 为必填项 (sector is required when no enterprise is given)"))
        }
        if let code = sector, !Sector.isKnown(code) { sector = "other" }
        let grade = values.choice("grade", HazardGrade.self) ?? .general
        var clauseID: Int64?
        if let id = values.id("standard_clause_id") {
            if try db.queryOne("SELECT id FROM hazards_standard_clauses WHERE id = ?", [id]) != nil {
                clauseID = id
            } else {
                errors.append(FieldError("standard_clause_id", "not_found", "判定标准条款 \(id) 不存在 (no determination-standard clause \(id); see `anwei hazards standards list`)"))
            }
        } else if grade == .major && origin.source != .supervisionFinding {
            // A finding's major hazard cites its clause when the plan is filed.
            errors.append(FieldError("standard_clause_id", "required_for_major", "重大隐患须注明所依据的判定标准条款 (a major hazard cites the clause of the determination standard it was judged under)"))
        }
        let source: HazardSource
        if let fixed = origin.source {
            source = fixed
        } else if actor.role == .enterprise && !actor.isOffice {
            if let given = values.choice("source", HazardSource.self), given != .selfInspection {
                errors.append(FieldError("source", "not_allowed", "企业上报的隐患来源为企业自查 (an enterprise registers its own hazards as selfInspection)"))
            }
            source = .selfInspection
        } else {
            source = values.choice("source", HazardSource.self) ?? (actor.role == .inspector ? .supervisionFinding : .departmentInspection)
        }
        let foundOn = values.date("found_on") ?? tx.today
        if foundOn > tx.today {
            errors.append(FieldError("found_on", "future", "发现日期 \(foundOn.iso) 晚于今天 \(tx.today.iso) (found_on is after today)"))
        }
        let description = values.text("description")
        if description == nil { errors.append(FieldError("description", "required", "隐患描述为必填项 (description is required)")) }
        let deadline = values.date("deadline") ?? foundOn.adding(days: settings.defaultDeadlineDays)
        if deadline < foundOn {
            errors.append(FieldError("deadline", "before_found_on", "整改期限 \(deadline.iso) 早于发现日期 \(foundOn.iso) (the deadline is before found_on)"))
        }
        let stateAndCause = values.text("state_and_cause")
        let harm = values.text("harm_and_difficulty")
        guard errors.isEmpty, let territoryID, let unitID, let sector, let description else { throw DomainError.validation(errors) }

        let code = try HazardCodes.next(year: foundOn.year, tx)
        try db.execute("""
            INSERT INTO hazards_hazards (code, enterprise_id, place, territory_id, sector, supervising_unit_id, grade, standard_clause_id, source,
                origin_key, found_on, description, deadline, status, state_and_cause, harm_and_difficulty, reported_by, version, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'reported', ?, ?, ?, 1, ?, ?)
            """, [code, enterprise?.int("id"), place, territoryID, sector, unitID, grade.rawValue, clauseID, source.rawValue,
                  origin.key, foundOn.iso, description, deadline.iso, stateAndCause, harm, actor.username, tx.nowText, tx.nowText])
        let id = db.lastInsertRowID
        try db.execute("INSERT INTO hazards_fts (rowid, description) VALUES (?, ?)", [id, description])
        // What the actor registers must be within what it may see (an enterprise its own, a town its territory…).
        guard let row = try HazardStore.row(id, actor: actor, db) else {
            throw DomainError.forbidden("\(actor.username) may register hazards only within its own scope (\(actor.scope.text))")
        }
        _ = try recordAction(id, "register", from: nil, to: .reported, note: origin.key.map { "from \($0)" }, details: .object([]), tx)
        let json = HazardView.full(row, today: tx.today, stockLastYear: settings.stockLastYear)
        try tx.audit(action: "hazards.register", entity: "hazard", entityID: String(id), after: json,
                     summary: "registered \(grade.chinese)隐患 \(code) (\(source.chinese))")
        try tx.publish(HazardRegistered(hazard: HazardView.facts(row)), summary: HazardSummary.registered(row))
        return json
    }

    /// One hazard as the actor sees it.
    public func get(_ id: Int64, actor: Actor, today: CalendarDate, _ db: Connection) throws -> JSON {
        HazardView.full(try HazardStore.require(id, actor: actor, db), today: today, stockLastYear: settings.stockLastYear)
    }

    /// Every action on the hazard, who, when, with attachments.
    public func timeline(_ id: Int64, actor: Actor, _ db: Connection) throws -> JSON {
        let row = try HazardStore.require(id, actor: actor, db)
        return .object([
            "hazard_id": .int(id), "code": .string(row.requiredString("code")),
            "items": .array(try HazardStore.timeline(id, db)),
        ])
    }

    /// Appends to the timeline; returns the action's id.
    func recordAction(_ hazardID: Int64, _ action: String, from: HazardStatus?, to: HazardStatus, note: String?, details: JSON, _ tx: WriteTransaction) throws -> Int64 {
        try tx.db.execute("INSERT INTO hazards_actions (hazard_id, action, from_status, to_status, actor, at, note, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                          [hazardID, action, from?.rawValue, to.rawValue, tx.actor.username, tx.nowText, note, details.serialized])
        return tx.db.lastInsertRowID
    }
}
