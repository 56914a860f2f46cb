// What each Training route answers, property by property, as the services write it: the OpenAPI
// document is made from these lists and the schemathesis run holds every answer to them.
import Kernel

enum TrainingReplies {
    // MARK: - Building blocks

    static func id(_ record: String) -> FieldSpec { FieldSpec.recordID("id", record, "its id").always }
    static func ref(_ name: String, _ plural: String, _ help: String) -> FieldSpec { FieldSpec(name, type: .reference(plural), help: help) }
    static func text(_ name: String, _ help: String) -> FieldSpec { .text(name, max: 100_000, help) }
    static func date(_ name: String, _ help: String) -> FieldSpec { FieldSpec(name, type: .date, help: help) }
    static func count(_ name: String, _ help: String) -> FieldSpec { FieldSpec.integer(name, 0...Int64.max, help).always }
    static func hours(_ name: String, _ help: String) -> FieldSpec { FieldSpec.number(name, 0...1_000_000, help).always }
    static func texts(_ name: String, _ help: String) -> FieldSpec { FieldSpec.list(name, of: .text(maxLength: 100_000), maxItems: 100_000, help).always }

    static let stamps: [FieldSpec] = [
        FieldSpec.integer("version", 1...Int64.max, "the record's version (its ETag)").always,
        text("created_at", "when it was recorded (RFC 3339, UTC)").always,
        text("updated_at", "when it last changed (RFC 3339, UTC)").always,
    ]

    static let person: [FieldSpec] = [ref("person_id", "people", "the registry person").always, text("person_name", "their name").always]
    static let enterprise: [FieldSpec] = [ref("enterprise_id", "enterprises", "the enterprise").always, text("enterprise_name", "its name").always]

    static func roles(_ name: String = "role") -> FieldSpec {
        FieldSpec(name, type: .choice(TrainingRole.allCases.map { (code: $0.rawValue, label: "") }), required: true, help: "the training role")
    }

    // MARK: - Records of the module

    static let trainingPerson: [FieldSpec] = [id("training person")] + person + enterprise + [
        roles(), text("role_label", "the role in Chinese").always,
        date("hired_on", "the day they were hired"), date("role_since", "the day they took the role").always,
        date("retraining_since", "re-training is owed from this day (job change, or return after a year away)"),
        FieldSpec("retraining_reason", type: .choice([("jobChange", ""), ("returned", "")]), help: "why re-training is owed"),
        date("left_on", "the day they left the job (null: at work)"),
    ] + stamps

    static let trainingRecord: [FieldSpec] = [id("training record")] + person + enterprise + [
        text("course", "the course").always, date("held_on", "the day it was held").always,
        hours("class_hours", "class hours"), text("provider", "who gave it"),
        FieldSpec.choice("kind", TrainingKind.self, "the kind of training").always,
        FieldSpec.choice("level", TrainingLevel.self, "a new worker's level"),
        FieldSpec.integer("exam_score", 0...100, "the exam score"), FieldSpec.integer("makeup_score", 0...100, "the make-up's score"),
        FieldSpec.choice("exam", ExamState.self, "the exam's state: none, passed, awaitingMakeUp or failed").always,
        FieldSpec.boolean("counts", "whether the hours count (no exam, or passed)").always,
    ] + stamps

    static let certificate: [FieldSpec] = [id("certificate")] + person + enterprise + [
        FieldSpec.choice("type", CertificateType.self, "specialOperation or specialEquipment").always,
        text("category", "the category's code").always, text("category_label", "the category in Chinese").always,
        text("item", "the operation item").always, text("number", "the certificate's number").always,
        date("issued_on", "issued on").always, date("valid_to", "valid until").always,
        date("last_reviewed_on", "the last passed review"), date("compliant_since", "continuous compliant work since"),
        FieldSpec.choice("status", CertificateStatus.self, "the status today").always,
        date("next_review_on", "the next review (or the end of validity)").always, date("review_window_opens", "the review may be applied for from").always,
        FieldSpec.integer("review_interval_years", 0...100, "years between reviews").always,
        FieldSpec.integer("days_left", Int64.min...Int64.max, "days to the next review date (negative: past it)").always,
        text("reason", "why it has its status").always,
    ] + stamps

    static let ban: [FieldSpec] = [id("ban")] + person + [
        text("industry", "the industry's code").always, text("industry_label", "the industry in Chinese").always,
        FieldSpec.choice("kind", BanKind.self, "lifetime or term").always,
        date("starts_on", "from").always, date("ends_on", "until (null: for life)"),
        text("legal_basis", "the legal basis").always, text("source", "the accident record or decision").always,
        FieldSpec.choice("accident_grade", AccidentGrade.self, "the accident's grade"), text("note", "a note"),
    ] + stamps

    static let conflict: [FieldSpec] = [
        FieldSpec.choice("source", [("appointment", ""), ("trainingPerson", ""), ("registryPost", "")], "where the person is principal person").always,
        FieldSpec.integer("record_id", 1...Int64.max, "the id of that appointment, training person or registry post").always,
    ] + enterprise + [text("status", "that record's status").always]

    static let banWithConflicts: [FieldSpec] = ban + [
        FieldSpec.list("conflicts", of: .object(conflict), maxItems: 100_000, "where the person is principal person in the banned industry now").always,
    ]

    static let appointment: [FieldSpec] = [id("appointment")] + enterprise + person + [
        FieldSpec.choice("role", AppointedRole.self, "principalPerson or safetyManager").always,
        date("appointed_on", "appointed on").always,
        FieldSpec.choice("status", AppointmentStatus.self, "active, flagged (conflicts with a ban) or ended").always,
        text("flag_reason", "why it is flagged"), FieldSpec.recordID("ban_id", "ban", "the ban it conflicts with"),
    ] + stamps

    static let session: [FieldSpec] = [id("leader session"),
        ref("unit_id", "units", "the member unit that studied"), text("unit_name", "its name"),
        ref("territory_id", "territories", "or the territory that studied"), text("territory_name", "its name"),
        text("topic", "what was studied").always, date("held_on", "held on").always, hours("class_hours", "class hours"),
        FieldSpec.integer("attendees", 1...10_000, "how many attended").always, text("leaders", "the leaders who attended"), text("note", "a note"),
    ] + stamps

    // MARK: - Compliance

    /// A person's compliance in a year (by person, and in an enterprise's view).
    static let personCompliance: [FieldSpec] = [
        FieldSpec.integer("training_person_id", 1...Int64.max, "the training person").always,
    ] + person + [roles()] + enterprise + [
        text("territory", "the enterprise's territory").always, text("industry", "the enterprise's industry").always,
        FieldSpec.boolean("high_risk", "a high-risk industry").always, FieldSpec.year("year", "the year").always,
        hours("required_hours", "hours owed in the year"), hours("attended_hours", "hours that count"),
        FieldSpec.choice("status", PersonStatus.self, "compliant, pending or shortfall").always,
        texts("shortfalls", "each shortfall explained"),
    ]

    static let enterpriseCompliance: [FieldSpec] = enterprise + [
        ref("territory_id", "territories", "its territory").always, text("territory", "the territory's name").always,
        text("industry", "its industry").always, text("industry_label", "the industry in Chinese").always,
        FieldSpec.boolean("high_risk", "a high-risk industry").always, FieldSpec.year("year", "the year").always,
        count("people", "people judged"), count("compliant", "people compliant"), count("pending", "people with hours still to do, not yet overdue"),
        count("shortfall", "people with an overdue shortfall"),
        FieldSpec.number("compliance_rate", 0...100, "compliant people in percent (pending people are not yet compliant)").always,
        FieldSpec.choice("colour", [("red", "红"), ("green", "绿")], "red when a manager lacks valid training or an operator a valid certificate").always,
        texts("reasons", "why it is red"),
    ]

    static let enterpriseView: [FieldSpec] = enterpriseCompliance + [
        FieldSpec.list("people_compliance", of: .object(personCompliance), maxItems: 100_000, "each person's compliance").always,
    ]

    /// Every property a compliance row may have: which ones depends on `by` (the others are absent).
    static let complianceRow: [FieldSpec] = [
        FieldSpec.year("year", "the year").always,
        ref("enterprise_id", "enterprises", "by enterprise, person, shortfall: the enterprise"), text("enterprise_name", "its name"),
        ref("territory_id", "territories", "by enterprise, territory: the territory"), text("territory", "the territory's name"),
        text("industry", "the industry's code"), text("industry_label", "by enterprise, industry: the industry in Chinese"),
        FieldSpec.boolean("high_risk", "by enterprise, person: a high-risk industry"),
        FieldSpec.integer("enterprises", 0...Int64.max, "by territory, industry: enterprises"),
        FieldSpec.integer("red_enterprises", 0...Int64.max, "by territory, industry: red enterprises"),
        FieldSpec.integer("people", 0...Int64.max, "people judged"), FieldSpec.integer("compliant", 0...Int64.max, "people compliant"),
        FieldSpec.integer("pending", 0...Int64.max, "people with hours still to do"), FieldSpec.integer("shortfall", 0...Int64.max, "people with an overdue shortfall"),
        FieldSpec.number("compliance_rate", 0...100, "by enterprise, territory, industry: compliant people in percent (pending people are not yet compliant)"),
        FieldSpec.number("pending_rate", 0...100, "by territory, industry: people with hours still to do (not yet due), in percent"),
        FieldSpec.integer("shortfall_count", 0...Int64.max, "by territory, industry: shortfalls"),
        FieldSpec.choice("colour", [("red", "红"), ("green", "绿")], "by enterprise: its colour"),
        FieldSpec.list("reasons", of: .text(maxLength: 100_000), maxItems: 100_000, "by enterprise: why it is red"),
        FieldSpec.integer("training_person_id", 1...Int64.max, "by person: the training person"),
        ref("person_id", "people", "by person, shortfall: the registry person"), text("person_name", "their name"),
        FieldSpec(roles().name, type: roles().type, help: "by person, shortfall: the training role"),
        FieldSpec.number("required_hours", 0...1_000_000, "by person: hours owed"), FieldSpec.number("attended_hours", 0...1_000_000, "by person: hours that count"),
        FieldSpec.choice("status", PersonStatus.self, "by person: compliant, pending or shortfall"),
        FieldSpec.list("shortfalls", of: .text(maxLength: 100_000), maxItems: 100_000, "by person: each shortfall explained"),
        text("rule", "by shortfall: the rule (initial, yearly, three levels, retraining, certificate ...)"),
        FieldSpec.number("required", 0...1_000_000, "by shortfall: hours required"), FieldSpec.number("actual", 0...1_000_000, "by shortfall: hours that count"),
        date("due", "by shortfall: due by"), FieldSpec.boolean("overdue", "by shortfall: past due"),
        text("message", "by shortfall: the shortfall explained"),
    ]

    // MARK: - Imports and the rest

    static func imported(_ items: [FieldSpec]) -> [FieldSpec] {
        [count("imported", "records written (0 on a dry run)"), FieldSpec.boolean("dry_run", "whether nothing was written").always,
         count("rows", "rows checked"),
         FieldSpec.list("items", of: .object(items), maxItems: 1_000_000, "the records written").always]
    }

    static let added: [FieldSpec] = [count("added", "training people added from the registry's posts")]

    static let category: [FieldSpec] = [text("code", "the category's code").always, text("label", "its name in Chinese").always]

    static let rules: [FieldSpec] = [
        hours("manager_initial_hours", "principal persons and safety managers: initial hours"),
        hours("manager_yearly_hours", "principal persons and safety managers: yearly hours"),
        hours("high_risk_manager_initial_hours", "the same in a high-risk industry: initial"),
        hours("high_risk_manager_yearly_hours", "the same in a high-risk industry: yearly"),
        hours("worker_initial_hours", "workers: initial hours"), hours("worker_yearly_hours", "workers: yearly hours"),
        hours("high_risk_worker_initial_hours", "high-risk workers: initial"), hours("high_risk_worker_yearly_hours", "high-risk workers: yearly"),
        count("manager_initial_due_days", "days after taking the post for the initial training"),
        FieldSpec.boolean("require_three_levels", "new workers' three levels required").always,
        count("away_years_for_retraining", "years away that owe re-training"), count("pass_mark", "the pass mark of 100"),
        count("make_up_attempts", "make-up exams allowed"), count("certificate_validity_years", "a certificate's validity"),
        count("review_interval_years", "years between reviews"), count("extended_review_interval_years", "after long compliant work"),
        count("continuous_years_for_extension", "years of compliant work for the longer interval"),
        count("review_window_days", "days before a review it may be applied for"), count("late_review_grace_days", "days a late review is still taken"),
        FieldSpec.list("reminder_days", of: .integer(range: 0...Int64.max), maxItems: 100, "reminders this many days ahead").always,
        count("equipment_certificate_validity_years", "a special-equipment certificate's validity"),
        count("ban_term_years", "a term ban's years"), text("ban_legal_basis", "a ban's legal basis").always,
    ]
}
