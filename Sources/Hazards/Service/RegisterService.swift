// The determination-standard catalogue (判定标准), closure warnings (Law Art 113) and the
// enterprises' quarterly and yearly hazard statistics reports (Order 16 Art 14).
import Kernel

extension HazardService {
    // MARK: - Standards

    public func standards(_ db: Connection) throws -> [JSON] {
        let clauses = try db.query("SELECT * FROM hazards_standard_clauses ORDER BY standard_id, id")
        let sectors = try db.query("SELECT standard_id, sector FROM hazards_standard_sectors ORDER BY standard_id, sector")
        return try db.query("SELECT * FROM hazards_standards ORDER BY id").map { s in
            let id = s.requiredInt("id")
            return Self.standard(id: id, code: s.requiredString("code"), title: s.requiredString("title"), sector: s.requiredString("sector"),
                                 crossSector: s.bool("cross_sector"), sectors: sectors.filter { $0.int("standard_id") == id }.map { $0.requiredString("sector") },
                                 clauses: clauses.filter { $0.int("standard_id") == id }.map {
                                     .object(["id": .int($0.requiredInt("id")), "clause": .string($0.requiredString("clause")), "text": .string($0.requiredString("text"))])
                                 })
        }
    }

    /// A standard as the catalogue shows it (`HazardReplies.standard`).
    static func standard(id: Int64, code: String, title: String, sector: String, crossSector: Bool, sectors: [String], clauses: [JSON]) -> JSON {
        .object(["id": .int(id), "code": .string(code), "title": .string(title), "sector": .string(sector),
                 "cross_sector": .bool(crossSector), "sectors": JSON(sectors), "clauses": .array(clauses)])
    }

    /// Whether clause `id` may be cited on a hazard of `sector`: nil when it may, else the error
    /// on `field` (not_found, or sector_mismatch naming the clause's standard and its sectors).
    func clauseProblem(_ id: Int64, sector: String, field: String = "standard_clause_id", _ db: Connection) throws -> FieldError? {
        guard let row = try db.queryOne("""
            SELECT s.code, s.sector, s.cross_sector, c.clause,
                   EXISTS (SELECT 1 FROM hazards_standard_sectors x WHERE x.standard_id = s.id AND x.sector = ?) AS fits,
                   (SELECT group_concat(x.sector, ', ') FROM hazards_standard_sectors x WHERE x.standard_id = s.id) AS sectors
            FROM hazards_standard_clauses c JOIN hazards_standards s ON s.id = c.standard_id WHERE c.id = ?
            """, [sector, id]) else {
            return FieldError(field, "not_found", "判定标准条款 \(id) 不存在 (no determination-standard clause \(id); see `anwei hazards standards list`)")
        }
        if row.bool("cross_sector") || row.bool("fits") { return nil }
        let code = row.requiredString("code"), sectors = row.string("sectors") ?? row.requiredString("sector")
        return FieldError(field, "sector_mismatch",
                          "判定标准条款 \(id)（\(code) \(row.requiredString("clause"))）适用于\(Sector.label(row.requiredString("sector")))，不适用于\(Sector.label(sector))隐患"
                          + " (clause \(id) belongs to standard \(code) for \(sectors), not to this hazard's sector \(sector); cite a clause of a \(sector) standard or of a cross-sector one)")
    }

    /// `values`: what `HazardInput.standard` read.
    public func addStandard(_ values: Values, _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isOffice else { throw DomainError.forbidden("判定标准由区安委办维护 (only the committee office maintains the determination standards)") }
        let code = values.text("code") ?? "", title = values.text("title") ?? "", sector = values.text("sector") ?? ""
        if try tx.db.queryOne("SELECT id FROM hazards_standards WHERE code = ?", [code]) != nil {
            throw DomainError.conflict("代码为 \(code) 的判定标准已存在 (a standard with code \(code) exists)")
        }
        let crossSector = values.bool("cross_sector") ?? false
        try tx.db.execute("INSERT INTO hazards_standards (code, title, sector, cross_sector, created_at) VALUES (?, ?, ?, ?, ?)", [code, title, sector, crossSector, tx.nowText])
        let id = tx.db.lastInsertRowID
        try tx.db.execute("INSERT INTO hazards_standard_sectors (standard_id, sector) VALUES (?, ?)", [id, sector])
        try tx.audit(action: "hazards.standard.add", entity: "standard", entityID: String(id),
                     summary: "standard \(code): \(title) (\(crossSector ? "cross-sector" : sector))")
        // A new standard has no clauses yet: no need to read the catalogue back.
        return Self.standard(id: id, code: code, title: title, sector: sector, crossSector: crossSector, sectors: [sector], clauses: [])
    }

    /// `values`: what `HazardInput.clause` read.
    public func addClause(standard: Int64, _ values: Values, _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isOffice else { throw DomainError.forbidden("判定标准由区安委办维护 (only the committee office maintains the determination standards)") }
        guard try tx.db.queryOne("SELECT id FROM hazards_standards WHERE id = ?", [standard]) != nil else { throw DomainError.notFound("判定标准", "standard", String(standard)) }
        let clause = values.text("clause") ?? "", text = values.text("text") ?? ""
        if try tx.db.queryOne("SELECT id FROM hazards_standard_clauses WHERE standard_id = ? AND clause = ?", [standard, clause]) != nil {
            throw DomainError.conflict("判定标准 \(standard) 已有条款 \(clause) (standard \(standard) already has clause \(clause))")
        }
        try tx.db.execute("INSERT INTO hazards_standard_clauses (standard_id, clause, text, created_at) VALUES (?, ?, ?, ?)", [standard, clause, text, tx.nowText])
        let id = tx.db.lastInsertRowID
        try tx.audit(action: "hazards.standard.clause", entity: "standard", entityID: String(standard), summary: "clause \(clause) added (id \(id))")
        return .object(["id": .int(id), "standard_id": .int(standard), "clause": .string(clause), "text": .string(text)])
    }

    // MARK: - Closure warnings

    /// Enterprises penalised for major hazards often enough to be flagged for closure, as of `today`.
    public func closureWarnings(actor: Actor, today: CalendarDate, _ db: Connection) throws -> [JSON] {
        var sql = "SELECT p.enterprise_id, p.penalised_on, p.decision_number FROM hazards_penalties p JOIN hazards_hazards h ON h.id = p.hazard_id WHERE p.penalised_on <= ?"
        var args: [any DatabaseValueConvertible] = [today.iso]
        if let scope = HazardScope.condition(actor) { sql += " AND (\(scope.sql))"; args += scope.arguments }
        var byEnterprise: [Int64: [Row]] = [:]
        for row in try db.query(sql + " ORDER BY p.enterprise_id, p.penalised_on", args) { byEnterprise[row.requiredInt("enterprise_id"), default: []].append(row) }
        var items: [JSON] = []
        for (enterprise, penalties) in byEnterprise.sorted(by: { $0.key < $1.key }) {
            var reasons: [String] = []
            for rule in settings.closureRules {
                let since = today.adding(days: -rule.days).iso
                let count = penalties.filter { $0.requiredString("penalised_on") > since }.count
                if count >= rule.times { reasons.append("penalised \(count) times within \(rule.days) days (rule: \(rule.times) in \(rule.days))") }
            }
            guard !reasons.isEmpty else { continue }
            let name = try db.queryOne("SELECT name FROM registry_enterprises WHERE id = ?", [enterprise])?.string("name")
            items.append(.object([
                "enterprise_id": .int(enterprise), "enterprise_name": JSON(name), "reasons": JSON(reasons),
                "penalties": .array(penalties.map { .object(["penalised_on": .string($0.requiredString("penalised_on")), "decision_number": .string($0.requiredString("decision_number"))]) }),
            ]))
        }
        return items
    }

    // MARK: - Statistics reports

    /// An enterprise files its report for a period, signed by its principal person; the counts
    /// come from the register. `values`: what `HazardInput.fileReport` read.
    public func fileReport(_ values: Values, _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.role == .enterprise || tx.actor.isOffice else { throw DomainError.forbidden("隐患统计报告（季报、年报）由企业自行报送 (an enterprise files its own hazard statistics report)") }
        let enterpriseID: Int64
        if case .enterprise(let own) = tx.actor.scope, !tx.actor.isOffice {
            if let named = values.id("enterprise_id"), named != own {
                throw DomainError.forbidden("企业只能报送本企业的隐患统计报告，不能代企业 \(named) 报送 (an enterprise files its own hazard statistics report, not enterprise \(named)'s)")
            }
            enterpriseID = own
        } else {
            guard let named = values.id("enterprise_id") else {
                throw DomainError.validation([FieldError("enterprise_id", "required_for_office", "安委办代为报送时须指明企业 (the committee office names the enterprise it files for)")])
            }
            enterpriseID = named
        }
        let signedBy = values.text("signed_by") ?? ""
        let period = try reportPeriod(values)
        if period.to >= tx.today {
            throw DomainError.validation([FieldError("period", "not_ended", "报告期 \(period.text) 尚未结束 (the period has not ended yet)")])
        }
        guard let enterprise = try RegistryLookup.enterprise(enterpriseID, tx.db) else { throw DomainError.notFound("企业", "enterprise", String(enterpriseID)) }
        if let principal = enterprise.string("principal_person"), principal != signedBy {
            throw DomainError.validation([FieldError("signed_by", "not_principal", "报告须由主要负责人 \(principal) 签署，而非 \(signedBy) (signed by the principal person)")])
        }
        let counts = try tx.db.queryOne("""
            SELECT sum(found_on BETWEEN ? AND ?) AS found, sum(status = 'closed' AND closed_on BETWEEN ? AND ?) AS closed,
                   sum(found_on <= ? AND (status NOT IN ('closed', 'merged') OR closed_on > ?)) AS open,
                   sum(grade = 'major' AND found_on <= ? AND (status NOT IN ('closed', 'merged') OR closed_on > ?)) AS major_open
            FROM hazards_hazards WHERE enterprise_id = ? AND status <> 'merged'
            """, [period.from.iso, period.to.iso, period.from.iso, period.to.iso, period.to.iso, period.to.iso, period.to.iso, period.to.iso, enterpriseID])
        do {
            try tx.db.execute("INSERT INTO hazards_statistics_reports (enterprise_id, period, signed_by, found, closed, open, major_open, filed_by, filed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                              [enterpriseID, period.text, signedBy, counts?.int("found") ?? 0, counts?.int("closed") ?? 0, counts?.int("open") ?? 0, counts?.int("major_open") ?? 0, tx.actor.username, tx.nowText])
        } catch let error as DatabaseError where error.failure == .constraint {
            throw DomainError.conflict("企业 \(enterpriseID) 已报送 \(period.text) \(period.text.count == 4 ? "年度" : "季度")隐患统计报告 (enterprise \(enterpriseID) already filed its report for \(period.text))")
        }
        try tx.audit(action: "hazards.report.file", entity: "statistics_report", entityID: "\(enterpriseID):\(period.text)", summary: "hazard statistics \(period.text) filed")
        return .object([
            "enterprise_id": .int(enterpriseID), "period": .string(period.text), "due": .string(period.due.iso), "on_time": .bool(tx.today <= period.due),
            "signed_by": .string(signedBy), "found": .int(counts?.int("found") ?? 0), "closed": .int(counts?.int("closed") ?? 0),
            "open": .int(counts?.int("open") ?? 0), "major_open": .int(counts?.int("major_open") ?? 0),
        ])
    }

    /// The period a declared `.period` field read (`HazardInput.period`, `.fileReport`), one
    /// reading for the route, the command and the filing.
    func reportPeriod(_ values: Values) throws -> ReportPeriod {
        guard let period = ReportPeriod(values.text("period") ?? "", settings: settings) else {
            throw DomainError.validation([FieldError("period", "format", "须为年份 2024 或季度 2024-Q2 (must be YYYY or YYYY-Qn)")])
        }
        return period
    }

    /// Who filed and who did not, for a period, among the enterprises the actor may see.
    public func reports(period: ReportPeriod, actor: Actor, today: CalendarDate, _ db: Connection) throws -> JSON {
        let text = period.text
        var sql = "SELECT e.id, e.name, e.territory_id, r.filed_at, r.signed_by FROM registry_enterprises e LEFT JOIN hazards_statistics_reports r ON r.enterprise_id = e.id AND r.period = ? WHERE 1 = 1"
        var args: [any DatabaseValueConvertible] = [text]
        if !actor.isOffice {
            switch actor.scope {
            case .all: break
            case .enterprise(let id): sql += " AND e.id = ?"; args.append(id)
            case .territory(let id): sql += " AND e.territory_id = ?"; args.append(id)
            case .unit(let id): sql += " AND e.supervising_unit_id = ?"; args.append(id)
            case .group:
                let ids = actor.coveredTerritories.sorted()
                sql += ids.isEmpty ? " AND 0" : " AND e.territory_id IN (\(ids.map { _ in "?" }.joined(separator: ",")))"
                args += ids
            }
        }
        let rows = try db.query(sql + " ORDER BY e.id", args)
        let filed = rows.filter { $0.string("filed_at") != nil }
        let missing = rows.filter { $0.string("filed_at") == nil }
        return .object([
            "period": .string(text), "due": .string(period.due.iso), "overdue": .bool(today > period.due),
            "filed_count": .int(Int64(filed.count)), "not_filed_count": .int(Int64(missing.count)),
            "filed": .array(filed.map { .object(["enterprise_id": .int($0.requiredInt("id")), "name": .string($0.requiredString("name")), "filed_at": JSON($0.string("filed_at")), "signed_by": JSON($0.string("signed_by"))]) }),
            "not_filed": .array(missing.map { .object(["enterprise_id": .int($0.requiredInt("id")), "name": .string($0.requiredString("name"))]) }),
        ])
    }
}
