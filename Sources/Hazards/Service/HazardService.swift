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
    /// builds): enterprise_id or place, territory_id and supervising_unit_id (see `location`), sector, grade,
    /// standard_clause_id, source, found_on, description, deadline, state_and_cause,
    /// harm_and_difficulty. What the declaration cannot say is checked here, with its own codes.
    public func register(_ values: Values, origin: Origin = Origin(), _ tx: WriteTransaction) throws -> JSON {
        try registered(values, origin: origin, tx).json
    }

    /// `register`, with the hazard's JSON also as its compact bytes (`JSON.bytes`): serialized once,
    /// for the audit record's digest and for the reply's body (issue 23).
    public func registered(_ values: Values, origin: Origin = Origin(), _ tx: WriteTransaction) throws -> (json: JSON, bytes: [UInt8]) {
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
        // An unknown enterprise is already at fault: nothing to say about its place.
        let (territoryID, unitID, overridden) = enterpriseID != nil && enterprise == nil ? (nil, nil, [])
            : try location(values, enterprise: enterprise, registeredByUser: origin.source == nil, actor: actor, &errors, db)
        var sector = values.text("sector") ?? enterprise?.string("industry")
        if sector == nil && enterpriseID == nil {
            errors.append(FieldError("sector", "required_without_enterprise", "未指定企业时 sector 为必填项 (sector is required when no enterprise is given)"))
        }
        if let code = sector, !Sector.isKnown(code) { sector = "other" }
        let grade = values.choice("grade", HazardGrade.self) ?? .general
        var clauseID: Int64?
        if let id = values.id("standard_clause_id") {
            // The clause belongs to the hazard's sector or to a cross-sector standard.
            if let sector, let problem = try clauseProblem(id, sector: sector, db) { errors.append(problem) } else { clauseID = id }
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
        // Indexed for ?q= when the group commits (`executeAtCommit`: in a savepoint FTS5 would write a
        // segment for this one row). Nothing reads it back before; descriptions never change.
        try db.executeAtCommit("INSERT INTO hazards_fts (rowid, description) VALUES (?, ?)", [id, description])
        // What the actor registers must be within what it may see (an enterprise its own, a town its territory…).
        guard let row = try HazardStore.row(id, actor: actor, db) else {
            throw DomainError.forbidden("\(actor.username) 只能在本单位范围内登记隐患（\(actor.scope.text)） (\(actor.username) may register hazards only within its own scope (\(actor.scope.text)))")
        }
        // A finding or a tip-off that named another place or department: the enterprise's record wins, and the timeline says so.
        let note = [origin.key.map { "from \($0)" }, overridden.isEmpty ? nil : "属地和监管部门取自企业登记 (三管三必须)"].compactMap { $0 }.joined(separator: "; ")
        _ = try recordAction(id, "register", from: nil, to: .reported, note: note.isEmpty ? nil : note, details: .object(overridden), tx)
        let json = HazardView.full(row, today: tx.today, stockLastYear: settings.stockLastYear)
        let bytes = json.bytes
        try tx.audit(action: "hazards.register", entity: "hazard", entityID: String(id), afterBytes: bytes,
                     summary: "registered \(grade.chinese)隐患 \(code) (\(source.chinese))")
        try tx.publish(HazardRegistered(hazard: HazardView.facts(row)), summary: HazardSummary.registered(row))
        return (json, bytes)
    }

    /// Where a hazard lies and who supervises it. With an enterprise: the enterprise's territory
    /// and supervising unit (属地, 三管三必须); a user naming others is refused (the office
    /// reassigns the department with `transfer`); a finding or tip-off naming others is overruled
    /// (`overridden` lists what it named). At a public place: a town's own territory, a unit's own
    /// department, or as given (the office and inspectors give both).
    func location(_ values: Values, enterprise: Row?, registeredByUser: Bool, actor: Actor, _ errors: inout [FieldError], _ db: Connection)
        throws -> (territory: Int64?, unit: Int64?, overridden: [JSON.Member]) {
        let givenTerritory = values.id("territory_id"), givenUnit = values.id("supervising_unit_id")
        if let enterprise {
            let territory = enterprise.requiredInt("territory_id"), unit = enterprise.requiredInt("supervising_unit_id")
            // Outside the actor's scope: refused before anything about the enterprise is said.
            let inScope: Bool
            switch actor.isOffice ? .all : actor.scope {
            case .all: inScope = true
            case .enterprise(let own): inScope = own == enterprise.requiredInt("id")
            case .territory(let own): inScope = own == territory
            case .unit(let own): inScope = own == unit
            case .group: inScope = actor.coveredTerritories.contains(territory)
            }
            if !inScope { throw DomainError.forbidden("\(actor.username) 只能在本单位范围内登记隐患（\(actor.scope.text)） (\(actor.username) may register hazards only within its own scope (\(actor.scope.text)))") }
            let name = enterprise.string("name") ?? "企业 \(enterprise.requiredInt("id"))"
            var overridden: [JSON.Member] = []
            if let given = givenTerritory, given != territory {
                if registeredByUser {
                    let territoryName = try db.queryOne("SELECT name FROM registry_territories WHERE id = ?", [territory])?.string("name") ?? String(territory)
                    errors.append(FieldError("territory_id", "not_enterprise_territory",
                                             "隐患属地取自企业登记：\(name)位于\(territoryName)，不能另行指定 (a hazard of an enterprise lies in the enterprise's territory, \(territory); leave territory_id out)"))
                } else {
                    overridden.append(JSON.Member("named_territory_id", .int(given)))
                }
            }
            if let given = givenUnit, given != unit {
                if registeredByUser {
                    let unitName = try db.queryOne("SELECT name FROM registry_units WHERE id = ?", [unit])?.string("name") ?? String(unit)
                    errors.append(FieldError("supervising_unit_id", "not_enterprise_unit",
                                             "监管部门取自企业登记（三管三必须）：\(name)由\(unitName)监管；改派须由区安委办办理 transfer (the supervising unit is the enterprise's, \(unit); leave supervising_unit_id out — only the committee office reassigns it, with `transfer`)"))
                } else {
                    overridden.append(JSON.Member("named_supervising_unit_id", .int(given)))
                }
            }
            return (territory, unit, overridden)
        }
        var territory = givenTerritory, unit = givenUnit
        if !actor.isOffice {
            switch actor.scope {
            case .territory(let own):
                if let given = givenTerritory, given != own {
                    throw DomainError.forbidden("镇（景区、开发区）只能登记本属地（\(own)）公共场所的隐患，不能登记属地 \(given) 的 (a town registers hazards at public places in its own territory (\(own)), not in territory \(given))")
                }
                territory = own
            case .unit(let own):
                if let given = givenUnit, given != own {
                    throw DomainError.forbidden("成员单位只能登记由本单位（\(own)）监管的隐患；指定其他监管部门由区安委办办理 (a unit registers hazards it supervises itself (unit \(own)); the committee office assigns other departments)")
                }
                unit = own
            default: break
            }
        }
        for (field, value) in [("territory_id", territory), ("supervising_unit_id", unit)] where value == nil {
            errors.append(FieldError(field, "required_without_enterprise", "未指定企业时 \(field) 为必填项 (\(field) is required when no enterprise is given)"))
        }
        return (territory, unit, [])
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
