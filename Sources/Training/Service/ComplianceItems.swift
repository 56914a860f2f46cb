// Compliance rows by roll-up, and the rules in force: shared by `anwei training compliance|rules` and their routes.
import Kernel

extension TrainingService {
    /// Compliance rows for `by` (default: enterprise), judged today or on the earlier day `on`.
    func complianceItems(_ filters: Values, actor: Actor, today real: CalendarDate, _ db: Connection) throws -> [JSON] {
        let on = filters.date("on")
        if let on, on > real { throw DomainError.validation([FieldError("on", "future", "on (\(on.iso)) is after today (\(real.iso))")]) }
        let today = on ?? real
        switch filters.choice("by", RollUpBy.self) ?? .enterprise {
        case .person: return try peopleCompliance(filters, actor: actor, today: today, db)
        case .shortfall: return try shortfalls(filters, actor: actor, today: today, db)
        case let by: return try compliance(by: by, filters, actor: actor, today: today, db)
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
