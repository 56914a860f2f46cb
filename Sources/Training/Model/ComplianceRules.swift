// Compliance of one person in one year against the class-hour rules (Order 3 Art 9, 13), each
// shortfall explained in words a clerk can act on: "张三, safety manager, 2024: 8 of 16 refresher hours".
import Kernel

/// A person in a training role, as the rules see them.
struct PersonRole: Sendable {
    var id: Int64
    var personId: Int64
    var name: String
    var enterpriseId: Int64
    var role: TrainingRole
    var hiredOn: CalendarDate?
    var roleSince: CalendarDate
    var retrainingSince: CalendarDate?
    var retrainingReason: String?
    var leftOn: CalendarDate?
}

/// A training as the rules see it.
struct TrainingFact: Sendable {
    var id: Int64
    var personId: Int64
    var heldOn: CalendarDate
    var hours: Double
    var kind: TrainingKind
    var level: TrainingLevel?
    var examScore: Int?
    var makeupScore: Int?
}

/// The state of a training's exam.
enum ExamState: String, Sendable, CaseIterable {
    case none, passed, awaitingMakeUp, failed

    static func of(_ t: TrainingFact, rules: TrainingRules) -> ExamState {
        guard let first = t.examScore else { return .none }
        if first >= rules.passMark { return .passed }
        guard let makeup = t.makeupScore else { return rules.makeUpAttempts > 0 ? .awaitingMakeUp : .failed }
        return makeup >= rules.passMark ? .passed : .failed
    }
}

/// One unmet rule.
struct Shortfall: Sendable {
    var rule: String
    var required: Double
    var actual: Double
    var due: CalendarDate
    /// Past its due date on the day judged (counts for the enterprise's colour); otherwise still open.
    var overdue: Bool
    var message: String
}

/// A person's compliance in a year.
struct PersonCompliance: Sendable {
    var person: PersonRole
    var year: Int
    var required: Double
    var attended: Double
    var shortfalls: [Shortfall]

    var status: String { shortfalls.isEmpty ? "compliant" : shortfalls.contains(where: \.overdue) ? "shortfall" : "pending" }
}

enum ComplianceRules {
    /// Whether `person` holds the role at some time in `year` (as of `asOf`).
    static func applies(_ person: PersonRole, year: Int, asOf: CalendarDate) -> Bool {
        if person.roleSince.year > year || person.roleSince > asOf { return false }
        if let left = person.leftOn, left.year < year { return false }
        return true
    }

    static func evaluate(_ person: PersonRole, trainings: [TrainingFact], certificates: [CertificateVerdict], highRisk: Bool,
                         year: Int, asOf: CalendarDate, judgedOn: CalendarDate, rules: TrainingRules) -> PersonCompliance {
        let counted = trainings.filter { t in
            guard t.heldOn <= asOf else { return false }
            let exam = ExamState.of(t, rules: rules)
            return exam == .none || exam == .passed
        }
        let who = "\(person.name), \(person.role.words), \(year)"
        var shortfalls: [Shortfall] = []
        var required = 0.0, attended = 0.0

        // Initial training (初次培训 / 新上岗三级培训).
        let initialRequired = rules.initialHours(role: person.role, highRisk: highRisk)
        let initialKind: TrainingKind = person.role.isManager ? .initial : .newWorker
        let initial = counted.filter { t in
            t.kind == initialKind && !(person.role.isManager && rules.initialNeedsPassedExam && ExamState.of(t, rules: rules) != .passed)
        }
        let initialHours = initial.reduce(0) { $0 + $1.hours }
        let start = person.hiredOn.map { min($0, person.roleSince) } ?? person.roleSince
        let initialDue = person.role.isManager ? person.roleSince.adding(days: rules.managerInitialDueDays) : start
        if person.roleSince.year == year || initialHours < initialRequired {
            required += initialRequired
            attended += min(initialHours, initialRequired)
        }
        if initialHours < initialRequired {
            let what = person.role.isManager ? "initial hours" : "pre-job hours (新上岗)"
            shortfalls.append(Shortfall(rule: "initial", required: initialRequired, actual: initialHours, due: initialDue, overdue: judgedOn > initialDue,
                                        message: "\(who): \(initialHours.hoursText) of \(initialRequired.hoursText) \(what), due \(initialDue.iso)"))
        }
        if !person.role.isManager && rules.requireThreeLevels {
            let levels = Set(initial.compactMap(\.level))
            let missing = TrainingLevel.allCases.filter { !levels.contains($0) }
            if !missing.isEmpty && initialHours >= initialRequired {
                shortfalls.append(Shortfall(rule: "threeLevels", required: 3, actual: Double(3 - missing.count), due: initialDue, overdue: judgedOn > initialDue,
                                            message: "\(who): three-level training lacks " + missing.map { "\($0.rawValue) (\($0.label))" }.joined(separator: ", ")))
            }
        }

        // Yearly re-training (每年再培训), from the year after the role began.
        let yearlyRequired = rules.yearlyHours(role: person.role, highRisk: highRisk)
        if yearlyRequired > 0 && start.year < year {
            let hours = counted.filter { $0.kind == .refresher && $0.heldOn.year == year }.reduce(0) { $0 + $1.hours }
            required += yearlyRequired
            attended += min(hours, yearlyRequired)
            if hours < yearlyRequired {
                let due = CalendarDate.endOfYear(year)
                shortfalls.append(Shortfall(rule: "yearly", required: yearlyRequired, actual: hours, due: due, overdue: judgedOn > due,
                                            message: "\(who): \(hours.hoursText) of \(yearlyRequired.hoursText) refresher hours"))
            }
        }

        // Re-training after a job change or a year away (调岗、离岗一年以上重新上岗).
        if let since = person.retrainingSince, since.year <= year, since <= asOf {
            let done = counted.contains { $0.kind == .retraining && $0.heldOn >= since.adding(days: -rules.retrainingLeadDays) }
            if !done {
                let why = person.retrainingReason == "returned" ? "return after a year or more away" : "job change"
                shortfalls.append(Shortfall(rule: "retraining", required: 1, actual: 0, due: since, overdue: judgedOn > since,
                                            message: "\(who): no re-training after the \(why) on \(since.iso)"))
            }
        }

        // Special-operation workers hold a valid certificate (持证上岗).
        if person.role == .specialOperator {
            let usable = certificates.filter { $0.status == .valid || $0.status == .reviewDue }
            if usable.isEmpty {
                let detail = certificates.first.map { "; \($0.reason)" } ?? ""
                shortfalls.append(Shortfall(rule: "certificate", required: 1, actual: 0, due: person.roleSince, overdue: true,
                                            message: "\(who): no valid special-operation certificate\(detail)"))
            }
        }
        return PersonCompliance(person: person, year: year, required: required, attended: attended, shortfalls: shortfalls)
    }
}
