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

    /// Registers a hazard. Fields: enterprise_id (id or name) or place, territory_id, sector,
    /// supervising_unit_id, grade, standard_clause_id, source, found_on, description, deadline,
    /// state_and_cause, harm_and_difficulty.
    public func register(_ values: Given, origin: Origin = Origin(), _ tx: WriteTransaction) throws -> JSON {
        var given = values
        let db = tx.db
        let actor = tx.actor
        if case .enterprise(let own) = actor.scope, !actor.isAdmin, !given.has("enterprise_id") {
            given.values["enterprise_id"] = .int(own)
        }
        var enterprise: Row?
        if let text = given.text("enterprise_id") {
            if let id = try RegistryLookup.resolve("registry_enterprises", text, db), let row = try RegistryLookup.enterprise(id, db) {
                enterprise = row
            } else {
                given.fail("enterprise_id", "unknown", "no enterprise \(text)")
            }
        }
        let place = given.text("place", max: 200)
        if enterprise == nil && place == nil && !given.has("enterprise_id") {
            given.fail("place", "required", "give enterprise_id, or place (a public place with its address) when there is no enterprise")
        }
        func reference(_ field: String, _ table: String, _ what: String, default value: Int64?) -> Int64? {
            guard let text = given.text(field) else {
                if value == nil && given.errors.first(where: { $0.field == "enterprise_id" }) == nil {
                    given.fail(field, "required", "\(field) is required when no enterprise is given")
                }
                return value
            }
            do {
                if let id = try RegistryLookup.resolve(table, text, db) { return id }
            } catch {}
            given.fail(field, "unknown", "no \(what) \(text)")
            return nil
        }
        let territoryID = reference("territory_id", "registry_territories", "territory", default: enterprise?.int("territory_id"))
        // 三管三必须: the enterprise's supervising unit unless another is named.
        let unitID = reference("supervising_unit_id", "registry_units", "unit", default: enterprise?.int("supervising_unit_id"))
        var sector = given.choice("sector", Sector.codes)
        if sector == nil && !given.has("sector") {
            if let industry = enterprise?.string("industry") {
                sector = industry
            } else if !given.has("enterprise_id") {
                given.fail("sector", "required", "sector is required when no enterprise is given")
            }
        }
        let grade = given.choice("grade", HazardGrade.allCases.map(\.rawValue)).flatMap(HazardGrade.init(rawValue:)) ?? .general
        var clauseID: Int64?
        if let text = given.text("standard_clause_id") {
            if let id = Int64(text), try db.queryOne("SELECT id FROM hazards_standard_clauses WHERE id = ?", [id]) != nil {
                clauseID = id
            } else {
                given.fail("standard_clause_id", "unknown", "no determination-standard clause \(text) (see `anwei hazards standards list`)")
            }
        } else if grade == .major && origin.source != .supervisionFinding {
            // A finding's major hazard cites its clause when the plan is filed.
            given.fail("standard_clause_id", "required", "a major hazard cites the clause of the determination standard (判定标准) it was judged under")
        }
        let source: HazardSource
        if let fixed = origin.source {
            source = fixed
        } else if actor.role == .enterprise && !actor.isAdmin {
            if let text = given.text("source"), text != HazardSource.selfInspection.rawValue {
                given.fail("source", "not_allowed", "an enterprise registers its own hazards as selfInspection (自查自改)")
            }
            source = .selfInspection
        } else {
            let choices = HazardSource.allCases.map(\.rawValue).filter { $0 != "tipOff" }
            let fallback: HazardSource = actor.role == .inspector ? .supervisionFinding : .departmentInspection
            source = given.choice("source", choices).flatMap(HazardSource.init(rawValue:)) ?? fallback
        }
        let foundOn = given.date("found_on") ?? tx.today
        if foundOn > tx.today { given.fail("found_on", "future", "found_on \(foundOn.iso) is after today (\(tx.today.iso))") }
        let description = given.text("description", required: true, max: 4000)
        let deadline = given.date("deadline") ?? foundOn.adding(days: settings.defaultDeadlineDays)
        if deadline < foundOn { given.fail("deadline", "before_found", "deadline \(deadline.iso) is before found_on \(foundOn.iso)") }
        let stateAndCause = given.text("state_and_cause")
        let harm = given.text("harm_and_difficulty")
        try given.check()
        guard let territoryID, let unitID, let sector, let description else { throw DomainError.validation(given.errors) }

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
        try tx.publish(HazardRegistered(hazard: HazardView.facts(row)))
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
