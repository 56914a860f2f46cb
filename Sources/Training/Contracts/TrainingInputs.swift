// What each Training action takes, declared once: the HTTP routes read their query and body by
// these contracts, the CLI takes its options from them, and the CSV imports read every row by them.
import Kernel

enum TrainingInputs {
    // MARK: - Shared fields

    static func enterprise(required: Bool = false, _ help: String = "the enterprise: its id, name or alias") -> FieldSpec {
        .reference("enterprise_id", "enterprises", required: required, help)
    }

    static func person(required: Bool = false, _ help: String = "the registry person: id or name (a name two people share is refused; give the id)") -> FieldSpec {
        .reference("person_id", "people", required: required, help)
    }

    static func role(required: Bool = false) -> FieldSpec {
        .choice("role", TrainingRole.allCases.map { (code: $0.rawValue, label: $0.label) }, required: required,
                "the training role (its code or its Chinese name)")
    }

    static let industry = FieldSpec.choice("industry", Industry.all.map { (code: $0.code, label: $0.label) }, "the industry (code or Chinese name)")

    static func hours(_ help: String) -> FieldSpec {
        .number("class_hours", 0.1...1000, required: true, help, example: 8)
    }

    static func on(_ help: String) -> FieldSpec { .date("on", help, example: "2024-04-01") }

    // MARK: - People

    static let peopleFilters = Contract([enterprise(), person(), role()])

    static let personAdd = Contract([
        person(required: true), enterprise(required: true), role(required: true),
        .date("hired_on", "the day they were hired", example: "2024-03-01"),
        .date("role_since", "the day they took this role (default: hired_on, else today)", example: "2024-03-01"),
    ])

    static let personUpdate = Contract([
        role(),
        .date("hired_on", "the day they were hired (null clears it)", example: "2024-03-01"),
        .date("role_since", "the day they took their role", example: "2024-03-01"),
        .date("left_on", "the day they left the job (null clears it)", example: "2024-05-01"),
    ])

    static let changeJob = Contract([on("the day of the job change (default: today); re-training is owed from then"), role()])
    static let leave = Contract([on("the day they left (default: today)")])
    static let returnToWork = Contract([on("the day they returned (default: today)")])
    static let sync = Contract([enterprise(required: false, "only this enterprise (id, name or alias)")])

    // MARK: - Training records

    static let recordFilters = Contract([
        enterprise(), person(), .choice("kind", TrainingKind.self, "initial, refresher, newWorker or retraining"), .year("year", "trainings held in this year"),
    ])

    static let recordAdd = Contract([
        person(required: true), enterprise(required: true),
        .text("course", max: 200, required: true, "the course's name", example: "2024年度安全生产再培训"),
        .date("held_on", required: true, "the day it was held (not after today)", example: "2024-03-05"),
        hours("class hours (学时), e.g. 8 or 2.5; counted to a tenth"),
        .text("provider", max: 200, "who gave it", example: "区安全生产培训中心"),
        .choice("kind", TrainingKind.self, required: true, "initial, refresher, newWorker or retraining"),
        .choice("level", TrainingLevel.allCases.map { (code: $0.rawValue, label: $0.label) },
                "a new worker's level (newWorker only, and required there)"),
        .integer("exam_score", 0...100, "the exam score out of 100", example: 86),
        .integer("makeup_score", 0...100, "the one make-up's score, after a failed exam", example: 82),
    ])

    static let exam = Contract([.integer("score", 0...100, required: true, "the score out of 100 (the first exam, or the one make-up after a fail)", example: 85)])

    // MARK: - Certificates

    static let certificateFilters = Contract([
        enterprise(), person(), .choice("type", CertificateType.self, "specialOperation or specialEquipment"),
        .choice("status", CertificateStatus.self, "the status today (or on `on`): valid, reviewDue, expired or invalid"),
        certificateOn,
    ])

    /// A certificate seen as of an earlier day: its reviews, failures and revocations recorded later are not there yet.
    static let certificateOn = FieldSpec.date("on", "as it stood on this earlier day (default: today); certificates issued later are left out",
                                              example: "2024-03-01")
    static let certificateView = Contract([certificateOn])

    static let certificateAdd = Contract([
        person(required: true), enterprise(required: true),
        .choice("type", CertificateType.self, "specialOperation (default, 特种作业操作证) or specialEquipment (特种设备作业人员证)"),
        .text("category", max: 60, required: true,
              "special operation: one of the 11 categories (" + SpecialOperationCategory.all.map(\.code).joined(separator: ", ") + "); special equipment: its own code", example: "electrical"),
        .text("item", max: 100, required: true, "the operation item (作业项目)", example: "低压电工作业"),
        .text("number", max: 40, required: true, "the certificate's number", example: "T320115199001011234"),
        .date("issued_on", required: true, "the day it was issued (not after today)", example: "2021-05-10"),
        .date("valid_to", "valid until (default: issued_on + 6 years)", example: "2027-05-10"),
        .date("reviewed_for", "the scheduled date of the last passed review (with last_reviewed_on)", example: "2024-05-10"),
        .date("last_reviewed_on", "the day of the last passed review (with reviewed_for)", example: "2024-04-20"),
        .date("compliant_since", "start of continuous compliant work (10 years stretch reviews to every 6)", example: "2012-05-01"),
    ])

    static let review = Contract([
        on("the day of the review (default: today)"),
        .choice("result", ReviewResult.self, "passed (default) or failed"),
        .date("compliant_since", "start of continuous compliant work, if now known", example: "2012-05-01"),
    ])

    static let revoke = Contract([.text("reason", max: 500, required: true, "why it is revoked", example: "违章作业被吊销")])

    // MARK: - Bans and appointments

    static let banFilters = Contract([person(), industry])

    static let banAdd = Contract([
        person("the banned person: registry id or name (or give identity_number)"),
        FieldSpec("identity_number", type: .identityNumber,
                  help: "the banned person's resident identity number (公民身份号码, as in the judgment or decision), instead of or beside person_id"),
        FieldSpec("industry", type: industry.type, required: true, help: "the industry the ban covers (code or Chinese name)", example: "hazardousChemicals"),
        .choice("kind", BanKind.self, "lifetime or term (default: lifetime after a major or especially major accident, else term)"),
        .date("starts_on", "the day it starts (default: today)", example: "2024-05-01"),
        .date("ends_on", "a term ban's end (default: 5 years after starts_on); none for a lifetime ban", example: "2029-05-01"),
        .text("legal_basis", max: 200, "the legal basis (default: 《安全生产法》第九十四条)"),
        .text("source", max: 500, required: true, "the accident record or decision the ban comes from", example: "事故记录 SG-2024-031"),
        .choice("accident_grade", AccidentGrade.self, "the accident's grade: general, large, major or especiallyMajor"),
        .paragraph("note", max: 1000, "a note"),
    ])

    static let appointmentFilters = Contract([enterprise(), person(), .choice("status", AppointmentStatus.self, "active, flagged (conflicts with a ban) or ended")])

    static let appointmentAdd = Contract([
        enterprise(required: true), person(required: true),
        .choice("role", AppointedRole.self, required: true, "principalPerson or safetyManager"),
        .date("appointed_on", "the day of the appointment (default: today)", example: "2024-01-10"),
    ])

    // MARK: - Compliance

    static let compliance = Contract([
        .choice("by", RollUpBy.allCases.map { (code: $0.rawValue, label: $0.label) }, "the roll-up (default: enterprise)"),
        .year("year", "the year (default: this year, or the latest year with records)"),
        .date("on", "judge as on this earlier day (the demo district is seen on 2024-06-15)", example: "2024-06-15"),
        .reference("territory_id", "territories", "only this territory (id or name)"),
        industry,
        enterprise(required: false, "only this enterprise (id, name or alias)"),
        .choice("status", PersonStatus.self, "people (by person): compliant, pending or shortfall"),
    ])

    static let enterpriseView = Contract([.year("year", "the year (default: this year)")])

    // MARK: - Leaders' study

    static let sessionFilters = Contract([
        .reference("unit_id", "units", "only this member unit (id, name or alias)"),
        .reference("territory_id", "territories", "only this territory (id or name)"),
        .year("year", "sessions held in this year"),
    ])

    static let sessionAdd = Contract([
        .reference("unit_id", "units", "the member unit that studied (id, name or alias); a unit user: their own by default"),
        .reference("territory_id", "territories", "or the territory that studied (id or name); a town user: their own by default"),
        .text("topic", max: 300, required: true, "what was studied", example: "学习习近平总书记关于安全生产的重要论述"),
        .date("held_on", required: true, "the day it was held", example: "2024-03-12"),
        hours("class hours, e.g. 2"),
        .integer("attendees", 1...10_000, required: true, "how many attended", example: 18),
        .text("leaders", max: 500, "the leaders who attended", example: "党组书记、局长及班子成员"),
        .paragraph("note", max: 1000, "a note"),
    ])

    // MARK: - Imports

    /// The JSON body of an import: the CSV file's text.
    static let importBody = Contract([
        .paragraph("csv", max: 5_000_000, required: true,
                   "the CSV file's text (UTF-8): a header row naming the columns, then one row per record", example: "person_id,enterprise_id,role\n31,12,newWorker"),
    ])

    static let importParams = Contract([.boolean("dry_run", "check every row and report, but write nothing")])

    /// The columns an import of `kind` reads: the same fields as adding one.
    static func columns(_ kind: ImportKind) -> Contract {
        switch kind {
        case .people: return personAdd
        case .trainings: return recordAdd
        case .certificates: return certificateAdd
        }
    }
}

/// The roll-ups of compliance.
enum RollUpBy: String, CaseIterable {
    case enterprise, territory, industry, person, shortfall

    var label: String {
        switch self {
        case .enterprise: return "企业"
        case .territory: return "属地"
        case .industry: return "行业"
        case .person: return "人员"
        case .shortfall: return "差距"
        }
    }
}

/// A person's compliance in a year.
enum PersonStatus: String, CaseIterable {
    case compliant, pending, shortfall
}

enum AppointmentStatus: String, CaseIterable {
    case active, flagged, ended
}
