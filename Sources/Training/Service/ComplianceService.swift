// Compliance per person per year against the hour rules, rolled up per enterprise, territory
// and industry; an enterprise whose principal person or safety manager lacks valid training, or
// whose special-operation workers lack valid certificates, is red and says why.
import Kernel

/// One enterprise's compliance in a year.
struct EnterpriseCompliance {
    var enterprise: EnterpriseFacts
    var people: [PersonCompliance]
    var reasons: [String]
    var red: Bool { !reasons.isEmpty }
}

extension TrainingService {
    /// The day a year's compliance is judged on: today for this year, 31 December for past years.
    func asOf(year: Int, today: CalendarDate) throws -> CalendarDate {
        if year > today.year { throw DomainError.validation([FieldError("year", "future", "\(year) 年尚未开始（今天是 \(today.iso)） (year \(year) has not begun)")]) }
        return year == today.year ? today : CalendarDate.endOfYear(year)
    }

    func evaluate(actor: Actor, year: Int, today: CalendarDate, territory: Int64? = nil, industry: String? = nil, enterprise: Int64? = nil,
                  colourOnly: Bool = false, _ db: Connection) throws -> [EnterpriseCompliance] {
        try evaluate(TrainingStore.enterprises(actor, territory: territory, industry: industry, enterprise: enterprise, db), year: year, today: today,
                     colourOnly: colourOnly, db)
    }

    /// The roles whose compliance can make an enterprise red (the reasons below): its principal
    /// person, safety managers and special operators. Other workers' hours count in the rates only.
    static let colourRoles: [TrainingRole] = [.principalPerson, .safetyManager, .specialOperator]

    /// The compliance of enterprises already read (and seen by the actor). `colourOnly`: only the
    /// colour and its reasons are wanted (the daily check; issue 23: it judged 100,000 people a day
    /// at ten years, 70,000 of them workers whose hours never make an enterprise red), so only the
    /// people of `colourRoles` are read and judged; `people` then holds only them.
    /// `names` false: people's names are not read (empty in the reasons and shortfalls): for a
    /// roll-up, which only counts them.
    func evaluate(_ enterprises: [EnterpriseFacts], year: Int, today: CalendarDate, colourOnly: Bool = false, names: Bool = true, _ db: Connection) throws -> [EnterpriseCompliance] {
        let day = try asOf(year: year, today: today)
        let people = try TrainingStore.people(enterprises: enterprises.map(\.id), roles: colourOnly ? Self.colourRoles : nil, names: names, db)
        let ids = Set(people.map(\.personId))
        // Each training and certificate as it stood on the day judged: exam scores, reviews and
        // revocations recorded after it are not there yet (TrainingHistory).
        let recorded = try TrainingStore.trainings(people: ids, db)
        let attempts = try TrainingHistory.attempts(records: recorded.values.flatMap { $0.map(\.id) }, db)
        let trainings = recorded.mapValues { $0.map { TrainingHistory.training($0, attempts: attempts[$0.id], on: day) } }
        let certificateRows = try TrainingStore.certificates(people: ids, db)
        // Many certificates: which have a later history is asked once, and only those histories
        // are read, 500 certificates a query.
        let changedAfter = certificateRows.count > 64 ? try TrainingHistory.certificatesChanged(after: day, db) : nil
        var certificates: [Int64: [Row]] = [:]
        for row in try TrainingHistory.certificates(certificateRows.values.flatMap { $0 }, on: day, changedAfter: changedAfter, db) {
            certificates[row.requiredInt("person_id"), default: []].append(row)
        }
        let byEnterprise = Dictionary(grouping: people, by: \.enterpriseId)
        var bans: [String: Row] = [:]
        try db.forEachRow(TrainingService.banSelect + " WHERE x.starts_on <= ? AND (x.ends_on IS NULL OR x.ends_on > ?)", [day.iso, day.iso]) {
            let key = $0.string("kind") == "term" ? "*" : $0.requiredString("industry")
            if bans["\($0.requiredInt("person_id")):\(key)"] == nil { bans["\($0.requiredInt("person_id")):\(key)"] = $0 }
        }
        return enterprises.map { facts in
            let evaluated = (byEnterprise[facts.id] ?? [])
                .filter { ComplianceRules.applies($0, year: year, asOf: day) }
                .map { person -> PersonCompliance in
                    // Only certificates issued by the day judged on (a later one did not exist yet).
                    let verdicts = (certificates[person.personId] ?? []).map { verdict($0, on: day) }
                    return ComplianceRules.evaluate(person, trainings: trainings[person.personId] ?? [], certificates: verdicts,
                                                    highRisk: facts.highRisk, year: year, asOf: day, judgedOn: today, rules: rules)
                }
            var reasons: [String] = []
            for c in evaluated where c.person.role == .principalPerson {
                if let ban = bans["\(c.person.personId):\(facts.industry)"] ?? bans["\(c.person.personId):*"] {
                    reasons.append("主要负责人\(c.person.name)处于禁入期 (principal person \(c.person.name) is banned from heading this enterprise)：\(banWords(ban))")
                }
            }
            for c in evaluated {
                for s in c.shortfalls where s.overdue {
                    if c.person.role.isManager && s.rule != "certificate" {
                        reasons.append("\(c.person.role.words) \(c.person.name) lacks valid training: \(s.message)")
                    } else if s.rule == "certificate" {
                        reasons.append("special-operation worker \(c.person.name) lacks a valid certificate: \(s.message)")
                    }
                }
            }
            return EnterpriseCompliance(enterprise: facts, people: evaluated, reasons: reasons)
        }
    }

    // MARK: - JSON

    /// `count` of `total` in percent, one decimal (100 when there is no one to count).
    static func rate(_ count: Int, of total: Int) -> Double {
        total == 0 ? 100 : (Double(count) * 1000 / Double(total)).rounded() / 10
    }

    func personComplianceJSON(_ c: PersonCompliance, _ e: EnterpriseFacts) -> JSON {
        .object([
            "training_person_id": .int(c.person.id), "person_id": .int(c.person.personId), "person_name": .string(c.person.name),
            "role": .string(c.person.role.rawValue), "enterprise_id": .int(e.id), "enterprise_name": .string(e.name),
            "territory": .string(e.territoryName), "industry": .string(e.industry), "high_risk": .bool(e.highRisk),
            "year": .int(Int64(c.year)), "required_hours": .double(c.required), "attended_hours": .double(c.attended),
            "status": .string(c.status), "shortfalls": JSON(c.shortfalls.map(\.message)),
        ])
    }

    func enterpriseComplianceJSON(_ c: EnterpriseCompliance, year: Int) -> JSON {
        .object([
            "enterprise_id": .int(c.enterprise.id), "enterprise_name": .string(c.enterprise.name),
            "territory_id": .int(c.enterprise.territoryId), "territory": .string(c.enterprise.territoryName),
            "industry": .string(c.enterprise.industry), "industry_label": .string(Industry.label(c.enterprise.industry)),
            "high_risk": .bool(c.enterprise.highRisk), "year": .int(Int64(year)),
            "people": .int(Int64(c.people.count)),
            "compliant": .int(Int64(c.people.filter { $0.status == "compliant" }.count)),
            "pending": .int(Int64(c.people.filter { $0.status == "pending" }.count)),
            "shortfall": .int(Int64(c.people.filter { $0.status == "shortfall" }.count)),
            "compliance_rate": .double(Self.rate(c.people.filter { $0.status == "compliant" }.count, of: c.people.count)),
            "colour": .string(c.red ? "red" : "green"), "reasons": JSON(c.reasons),
        ])
    }

    /// A person's row (`by=person`).
    func personRows(_ e: EnterpriseCompliance, status: String?) -> [JSON] {
        e.people.filter { status == nil || $0.status == status }.map { personComplianceJSON($0, e.enterprise) }
    }

    /// One row per shortfall, each explained (`by=shortfall`).
    func shortfallRows(_ e: EnterpriseCompliance, year: Int) -> [JSON] {
        e.people.flatMap { c in c.shortfalls.map { s in
            JSON.object([
                "enterprise_id": .int(e.enterprise.id), "enterprise_name": .string(e.enterprise.name), "territory": .string(e.enterprise.territoryName),
                "industry": .string(e.enterprise.industry), "person_id": .int(c.person.personId), "person_name": .string(c.person.name),
                "role": .string(c.person.role.rawValue), "year": .int(Int64(year)), "rule": .string(s.rule),
                "required": .double(s.required), "actual": .double(s.actual), "due": .string(s.due.iso), "overdue": .bool(s.overdue),
                "message": .string(s.message),
            ])
        } }
    }

    /// An enterprise's training view: its colour with reasons and each person's compliance.
    func enterpriseView(_ id: Int64, year: Int?, actor: Actor, today: CalendarDate, _ db: Connection) throws -> JSON {
        let year = year ?? today.year
        // The enterprise read once, in the actor's scope: out of it, "not found" (before any fault of `year`).
        guard let facts = try TrainingStore.enterprises(actor, territory: nil, industry: nil, enterprise: id, db).first,
              let c = try evaluate([facts], year: year, today: today, db).first else {
            throw DomainError.notFound("企业", "enterprise", String(id))
        }
        guard case .object(var members) = enterpriseComplianceJSON(c, year: year) else { return .null }
        members.append(JSON.Member("people_compliance", .array(c.people.map { personComplianceJSON($0, c.enterprise) })))
        return .object(members)
    }

    /// This year, or the latest earlier year with training records when this year has none yet.
    func defaultYear(today: CalendarDate, _ db: Connection) throws -> Int {
        let latest = try db.queryOne("SELECT max(substr(held_on, 1, 4)) AS y FROM training_records WHERE held_on <= ?", [today.iso])?.string("y").flatMap { Int($0) }
        return min(latest ?? today.year, today.year)
    }

    func complianceFilters(_ filters: Values, today: CalendarDate, _ db: Connection) throws -> (Int, Int64?, String?, Int64?) {
        let year = try filters.smallInt("year") ?? defaultYear(today: today, db)
        _ = try asOf(year: year, today: today)
        return (year, filters.id("territory_id"), filters.text("industry"), filters.id("enterprise_id"))
    }

    // MARK: - Colours and the red event

    /// Re-judges the enterprises' colours for `year`; publishes `training.compliance.red` for each that
    /// turns red. Returns how many events were published.
    @discardableResult
    func refreshColours(enterprises ids: [Int64]?, year: Int, _ tx: WriteTransaction) throws -> Int {
        let system = Actor.system("training")
        let judged: [EnterpriseCompliance]
        if let ids {
            // Read one by one (in the order given), judged together: the bans and each person's
            // records are read once for all of them, not once per enterprise (issue 23: an import's
            // refresh of a few hundred enterprises). The same judgement as one `evaluate` each.
            let facts = try ids.flatMap { try TrainingStore.enterprises(system, territory: nil, industry: nil, enterprise: $0, tx.db) }
            judged = try evaluate(facts, year: year, today: tx.today, colourOnly: true, tx.db)
        } else {
            judged = try evaluate(actor: system, year: year, today: tx.today, colourOnly: true, tx.db)
        }
        var previous: [Int64: String] = [:]
        try tx.db.forEachRow("SELECT enterprise_id, colour FROM training_enterprise_colours WHERE year = ?", [year]) {
            previous[$0.requiredInt("enterprise_id")] = $0.requiredString("colour")
        }
        var published = 0, changed = 0
        for c in judged {
            let colour = c.red ? "red" : "green"
            if previous[c.enterprise.id] == colour { continue }
            if previous[c.enterprise.id] == nil && !c.red {
                try tx.db.execute("INSERT INTO training_enterprise_colours (enterprise_id, year, colour, reasons, checked_at) VALUES (?, ?, 'green', '[]', ?)",
                                  [c.enterprise.id, year, tx.nowText])
                changed += 1
                continue
            }
            try tx.db.execute("""
                INSERT INTO training_enterprise_colours (enterprise_id, year, colour, reasons, checked_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (enterprise_id, year) DO UPDATE SET colour = excluded.colour, reasons = excluded.reasons, checked_at = excluded.checked_at
                """, [c.enterprise.id, year, colour, JSON(c.reasons).serialized, tx.nowText])
            changed += 1
            if c.red {
                try tx.publish(TrainingComplianceRed(enterpriseId: c.enterprise.id, year: year, reasons: c.reasons),
                               summary: "\(c.enterprise.name)\(year)年安全培训亮红灯（\(c.reasons.count)项）：\(c.reasons.first ?? "")")
                published += 1
            }
        }
        if changed > 0 {
            try tx.audit(action: "training.compliance.colours", entity: "training_enterprise_colour", entityID: ids.map { $0.map(String.init).joined(separator: ",") } ?? "*",
                         summary: "\(year): \(changed) enterprise colour(s) changed, \(published) turned red")
        }
        return published
    }
}
