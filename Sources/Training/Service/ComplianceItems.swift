// Compliance rows by roll-up, and the rules in force: shared by `anwei training compliance|rules` and their routes.
import Kernel

extension TrainingService {
    /// How many enterprises are judged at a time when every one is needed (a roll-up, an export).
    static let complianceChunk = 500

    /// Compliance rows for `by` (default: enterprise), judged today or on the earlier day `on`.
    /// `enterprise`, `person` and `shortfall` are paged by enterprise: the rows of the `limit`
    /// enterprises after `after` (keyset on the enterprise id; only those are judged), `next` the
    /// last one's id. `territory` and `industry` are one page of every group. `limit` nil: every row
    /// (a CSV export), judged `complianceChunk` enterprises at a time.
    /// `cache`: a server's kept roll-ups (`ComplianceRollUpCache`); nil judges every time (the CLI).
    func complianceItems(_ filters: Values, actor: Actor, today real: CalendarDate, after: Int64?, limit: Int?,
                         cache: ComplianceRollUpCache? = nil, _ db: Connection) throws -> Page {
        let on = filters.date("on")
        if let on, on > real { throw DomainError.validation([FieldError("on", "future", "on（\(on.iso)）晚于今天（\(real.iso)） (on is after today)")]) }
        let today = on ?? real
        let (year, territory, industry, enterprise) = try complianceFilters(filters, today: today, db)
        let read = { (after: Int64?, limit: Int?) in
            try TrainingStore.enterprises(actor, territory: territory, industry: industry, enterprise: enterprise, after: after, limit: limit, db)
        }
        let by = filters.choice("by", RollUpBy.self) ?? .enterprise
        let rows: (EnterpriseCompliance) -> [JSON]
        switch by {
        case .territory, .industry:
            let rollUp = {
                var rollUp = ComplianceRollUp(by: by, year: year)
                // A roll-up counts people, shortfalls and red enterprises: no name is read.
                try forEachChunk(read) { rollUp.add(try evaluate($0, year: year, today: today, names: false, db)) }
                return rollUp.rows()
            }
            guard let cache else { return Page(items: try rollUp(), next: nil) }
            let scope = TrainingScope.enterprises(actor, column: "e.id").map { "\($0.sql) \($0.arguments.map { "\($0.databaseValue)" })" }
            let key = ComplianceRollUpCache.Key(changes: try ComplianceRollUpCache.changes(db), by: by.rawValue, year: year, today: today,
                                                territory: territory, industry: industry, enterprise: enterprise, scope: scope)
            return Page(items: try cache.rows(key, rollUp), next: nil)
        case .enterprise: rows = { [self.enterpriseComplianceJSON($0, year: year)] }
        case .person:
            let status = filters.choice("status", PersonStatus.self)?.rawValue
            rows = { self.personRows($0, status: status) }
        case .shortfall: rows = { self.shortfallRows($0, year: year) }
        }
        guard let limit else {
            var items: [JSON] = []
            try forEachChunk(read, after: after) { items += try evaluate($0, year: year, today: today, db).flatMap(rows) }
            return Page(items: items, next: nil)
        }
        let found = try read(after, limit + 1)
        let shown = Array(found.prefix(limit))
        let items = try evaluate(shown, year: year, today: today, db).flatMap(rows)
        return Page(items: items, next: found.count > limit ? shown.last.map { Cursor.encode($0.id) } : nil)
    }

    /// Calls `body` with the enterprises `read` gives, `complianceChunk` at a time in id order.
    private func forEachChunk(_ read: (Int64?, Int?) throws -> [EnterpriseFacts], after: Int64? = nil,
                              _ body: ([EnterpriseFacts]) throws -> Void) throws {
        var cursor = after
        while true {
            let chunk = try read(cursor, Self.complianceChunk)
            if chunk.isEmpty { return }
            try body(chunk)
            if chunk.count < Self.complianceChunk { return }
            cursor = chunk.last?.id
        }
    }

    func rulesJSON() -> JSON {
        let r = rules
        return .object([
            "manager_initial_hours": .double(r.managerInitialHours), "manager_yearly_hours": .double(r.managerYearlyHours),
            "high_risk_manager_initial_hours": .double(r.highRiskManagerInitialHours), "high_risk_manager_yearly_hours": .double(r.highRiskManagerYearlyHours),
            "worker_initial_hours": .double(r.workerInitialHours), "worker_yearly_hours": .double(r.workerYearlyHours),
            "high_risk_worker_initial_hours": .double(r.highRiskWorkerInitialHours), "high_risk_worker_yearly_hours": .double(r.highRiskWorkerYearlyHours),
            "manager_initial_due_days": .int(Int64(r.managerInitialDueDays)), "require_three_levels": .bool(r.requireThreeLevels),
            "away_years_for_retraining": .int(Int64(r.awayYearsForRetraining)), "pass_mark": .int(Int64(r.passMark)),
            "make_up_attempts": .int(Int64(r.makeUpAttempts)), "certificate_validity_years": .int(Int64(r.certificateValidityYears)),
            "review_interval_years": .int(Int64(r.reviewIntervalYears)), "extended_review_interval_years": .int(Int64(r.extendedReviewIntervalYears)),
            "continuous_years_for_extension": .int(Int64(r.continuousYearsForExtension)), "review_window_days": .int(Int64(r.reviewWindowDays)),
            "late_review_grace_days": .int(Int64(r.lateReviewGraceDays)), "reminder_days": .array(r.reminderDays.map { .int(Int64($0)) }),
            "equipment_certificate_validity_years": .int(Int64(r.equipmentCertificateValidityYears)),
            "ban_term_years": .int(Int64(r.banTermYears)), "ban_legal_basis": .string(r.banLegalBasis),
        ])
    }
}
