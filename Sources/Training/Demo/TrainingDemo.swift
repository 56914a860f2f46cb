// The demo's share of Training: a deterministic 2024 (seen on 2024-06-15) with people in their
// roles, trainings, exams, certificates in every state, bans with a flagged appointment, leaders'
// study sessions, and some shortfalls to find. New workers and special operators are added to
// the registry through the kernel's own people service (Training never writes registry tables).
import Kernel

/// A small deterministic generator (SplitMix64), so the demo is the same on every build.

struct TrainingDemo {
    let service: TrainingService
    static let today = CalendarDate(year: 2024, month: 6, day: 15)!
    static let surnames = Array("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢").map(String.init)
    static let given = ["建国", "海涛", "春梅", "志强", "晓东", "丽华", "国平", "文杰", "秀兰", "永军", "玉珍", "德明", "桂英", "红军", "立新"]
    static let providers = ["区安全生产培训中心", "市应急管理培训学院", "企业内部培训", "区职业技能培训学校"]

    /// Certificate categories and items an industry's operators typically hold.
    static func operatorCategory(_ industry: String) -> (String, String)? {
        switch industry {
        case "coal": return ("coalMine", "煤矿井下电气作业")
        case "nonCoalMining": return ("metalNonMetalMine", "金属非金属矿山爆破作业")
        case "hazardousChemicals": return ("hazardousChemicals", "氯化工艺作业")
        case "fireworks": return ("fireworks", "烟火药制造作业")
        case "metalSmelting": return ("metallurgyGas", "煤气作业")
        case "construction": return ("workAtHeight", "登高架设作业")
        case "manufacturing": return ("welding", "熔化焊接与热切割作业")
        case "gas": return ("electrical", "低压电工作业")
        case "transport", "commerce", "tourism", "healthcare": return ("electrical", "低压电工作业")
        case "specialEquipment": return ("refrigeration", "制冷与空调设备运行操作作业")
        default: return nil
        }
    }

    /// A date the demo writes out (a typo here is the demo's own fault, not input).
    static func day(_ iso: String) -> CalendarDate { CalendarDate(iso: iso) ?? today }

    func load(_ base: Core) throws {
        let core = Core(database: base.database, clock: FixedClock(Self.today), bus: base.bus, settings: base.settings)
        let registry = RecordStore(RegistrySchemas.all)
        let actor = Actor.localAdministrator
        var dice = SeededRandom(seed: 2024_0615)
        let rules = service.rules
        try core.write(actor) { tx in
            _ = try service.syncFromRegistry(enterprise: nil, tx)
            let enterprises = try tx.db.query("SELECT id, industry, high_risk FROM registry_enterprises ORDER BY id")
            var serial = 0
            for e in enterprises {
                let id = e.requiredInt("id"), industry = e.requiredString("industry")
                let highRisk = e.bool("high_risk") || Industry.isHighRisk(industry)
                let managers = try tx.db.query("SELECT person_id, role, role_since FROM training_people WHERE enterprise_id = ? ORDER BY id", [id])
                for m in managers {
                    let person = m.requiredInt("person_id")
                    let role = TrainingRole(rawValue: m.requiredString("role")) ?? .worker
                    let since = CalendarDate(iso: m.requiredString("role_since")) ?? Self.today
                    let initial = rules.initialHours(role: role, highRisk: highRisk)
                    let yearly = rules.yearlyHours(role: role, highRisk: highRisk)
                    // Initial training within the first months; a few never did, a few await a make-up.
                    if dice.chance(97) {
                        let held = since.adding(days: 20 + dice.below(90))
                        let awaiting = dice.chance(3)
                        try record(tx, person, id, "\(role.label)初次安全培训", held, initial, .initial, nil,
                                   exam: awaiting ? 60 + dice.below(15) : 80 + dice.below(20), &dice)
                    }
                    // Refresher in each full year since.
                    for year in (since.year + 1)...2024 where year <= 2024 {
                        let roll = dice.below(100)
                        let hours: Double = year == 2024 ? (roll < 45 ? yearly : roll < 60 ? (yearly / 2).rounded() : 0)
                                                         : (roll < 88 ? yearly : roll < 96 ? (yearly / 2).rounded() : 0)
                        if hours > 0 {
                            let held = CalendarDate(year: year, month: year == 2024 ? 1 + dice.below(5) : 3 + dice.below(9), day: 1 + dice.below(28))!
                            try record(tx, person, id, "\(year)年度安全生产再培训", held, hours, .refresher, nil, exam: dice.chance(50) ? 82 + dice.below(18) : nil, &dice)
                        }
                    }
                }
                // Special-operation workers.
                guard let (category, item) = Self.operatorCategory(industry) else { continue }
                let operators = highRisk ? 2 : (dice.chance(60) ? 1 : 0)
                for _ in 0..<operators {
                    serial += 1
                    let person = try newPerson(registry, &dice, tx)
                    let hired = CalendarDate(year: 2012 + dice.below(11), month: 1 + dice.below(12), day: 1 + dice.below(28))!
                    try tx.db.execute("""
                        INSERT INTO training_people (person_id, enterprise_id, role, hired_on, role_since, version, created_at, updated_at)
                        VALUES (?, ?, 'specialOperator', ?, ?, 1, ?, ?)
                        """, [person, id, hired.iso, hired.iso, tx.nowText, tx.nowText])
                    try threeLevels(tx, person, id, hired.adding(days: -10), rules.initialHours(role: .specialOperator, highRisk: highRisk), skipTeam: false, &dice)
                    let workerYearly = rules.yearlyHours(role: .specialOperator, highRisk: highRisk)
                    if workerYearly > 0 {
                        for year in 2023...2024 where dice.chance(year == 2023 ? 90 : 50) {
                            try record(tx, person, id, "\(year)年度从业人员再培训", CalendarDate(year: year, month: 2 + dice.below(4), day: 3)!, workerYearly, .refresher, nil, exam: nil, &dice)
                        }
                    }
                    try certificate(tx, person, id, category, item, serial: serial, hired: hired, &dice)
                }
                // A new worker in some enterprises, part way through the three levels.
                if dice.chance(20) {
                    let person = try newPerson(registry, &dice, tx)
                    let hired = CalendarDate(year: 2024, month: 2 + dice.below(4), day: 1 + dice.below(28))!
                    try tx.db.execute("""
                        INSERT INTO training_people (person_id, enterprise_id, role, hired_on, role_since, version, created_at, updated_at)
                        VALUES (?, ?, 'newWorker', ?, ?, 1, ?, ?)
                        """, [person, id, hired.iso, hired.iso, tx.nowText, tx.nowText])
                    try threeLevels(tx, person, id, hired.adding(days: -7), rules.initialHours(role: .newWorker, highRisk: highRisk), skipTeam: dice.chance(40), &dice)
                }
            }
            // The certificates' history as their rows imply it (issued, and the review some came with).
            try TrainingHistory.baselineAll(tx.db)
            try tx.audit(action: "training.demo", entity: "training", entityID: "demo", summary: "demo training data: people, trainings, certificates")
        }
        try bansAndAppointments(core, &dice)
        try sessions(core, &dice)
        try core.write(Actor.system("training")) { tx in _ = try service.refreshColours(enterprises: nil, year: 2024, tx) }
    }

    func newPerson(_ registry: RecordStore, _ dice: inout SeededRandom, _ tx: WriteTransaction) throws -> Int64 {
        let name = dice.pick(Self.surnames) + dice.pick(Self.given)
        let person = try registry.create(RegistrySchemas.people, ["name": .text(name), "note": .text("培训演示: 从业人员")], tx)
        return person["id"]?.intValue ?? 0
    }

    func record(_ tx: WriteTransaction, _ person: Int64, _ enterprise: Int64, _ course: String, _ held: CalendarDate, _ hours: Double,
                _ kind: TrainingKind, _ level: TrainingLevel?, exam: Int?, _ dice: inout SeededRandom) throws {
        guard held <= Self.today else { return }
        try tx.db.execute("""
            INSERT INTO training_records (person_id, enterprise_id, course, held_on, class_hours, provider, kind, level, exam_score, version, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
            """, [person, enterprise, course, held.iso, hours, dice.pick(Self.providers), kind.rawValue, level?.rawValue, exam, tx.nowText, tx.nowText])
    }

    func threeLevels(_ tx: WriteTransaction, _ person: Int64, _ enterprise: Int64, _ start: CalendarDate, _ hours: Double, skipTeam: Bool, _ dice: inout SeededRandom) throws {
        let share = [0.5, 0.3, 0.2]
        for (index, level) in TrainingLevel.allCases.enumerated() where !(skipTeam && level == .team) {
            try record(tx, person, enterprise, "新上岗\(level.label)安全培训", start.adding(days: index * 2), (hours * share[index]).rounded(), .newWorker, level,
                       exam: 80 + dice.below(20), &dice)
        }
    }

    /// A certificate whose dates put it in some state on 2024-06-15 (most valid; some due, expired, invalid).
    func certificate(_ tx: WriteTransaction, _ person: Int64, _ enterprise: Int64, _ category: String, _ item: String, serial: Int, hired: CalendarDate,
                     _ dice: inout SeededRandom) throws {
        let roll = dice.below(100)
        let issued: CalendarDate
        var reviewedFor: CalendarDate?
        switch roll {
        case ..<8: issued = Self.today.adding(days: 20 + dice.below(35)).adding(years: -3)            // review due soon
        case ..<13: issued = Self.today.adding(days: -(5 + dice.below(20))).adding(years: -3)        // review date just passed: expired
        case ..<17: issued = Self.today.adding(days: -(60 + dice.below(200))).adding(years: -3)      // long missed: invalid
        case ..<22: issued = Self.today.adding(days: 70 + dice.below(20)).adding(years: -6)          // renewal window ahead (reminder at 90)
            reviewedFor = issued.adding(years: 3)
        default:
            issued = Self.today.adding(days: -(30 + dice.below(1000)))
            if dice.chance(30) { reviewedFor = nil }
        }
        let compliantSince = dice.chance(15) ? hired.adding(years: -5) : nil
        try tx.db.execute("""
            INSERT INTO training_certificates (person_id, enterprise_id, type, category, item, number, issued_on, valid_to, review_base_on, last_reviewed_on,
                compliant_since, version, created_at, updated_at) VALUES (?, ?, 'specialOperation', ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
            """, [person, enterprise, category, item, "T320115\(String(1_000_000 + serial * 7919 % 8_999_999))", issued.iso,
                  issued.adding(years: service.rules.certificateValidityYears).iso, reviewedFor?.iso, reviewedFor?.adding(days: -15).iso,
                  compliantSince?.iso, tx.nowText, tx.nowText])
    }

    func bansAndAppointments(_ core: Core, _ dice: inout SeededRandom) throws {
        // A lifetime ban on the principal person of a hazardous-chemicals enterprise (a major accident elsewhere):
        // the registry post now conflicts; an appointment made earlier is flagged.
        try core.write(.localAdministrator) { tx in
            guard let post = try tx.db.queryOne("""
                SELECT p.person_id, p.enterprise_id FROM registry_posts p JOIN registry_enterprises e ON e.id = p.enterprise_id
                WHERE p.role = 'principalPerson' AND e.industry = 'hazardousChemicals' ORDER BY p.id LIMIT 1 OFFSET 1
                """) else { return }
            _ = try service.appoint(Values(["enterprise_id": .integer(post.requiredInt("enterprise_id")), "person_id": .integer(post.requiredInt("person_id")),
                                            "role": .text("principalPerson"), "appointed_on": .date(Self.day("2022-03-01"))]), tx)
            _ = try service.addBan(Values(["person_id": .integer(post.requiredInt("person_id")), "industry": .text("hazardousChemicals"), "accident_grade": .text("major"),
                                           "starts_on": .date(Self.day("2024-04-18")), "source": .text("邻区某化工企业“3·12”较大及以上生产安全事故调查报告(事故记录 SG-2024-031)")]), tx)
            if let other = try tx.db.queryOne("""
                SELECT p.person_id FROM registry_posts p JOIN registry_enterprises e ON e.id = p.enterprise_id
                WHERE p.role = 'safetyManager' AND e.industry = 'construction' ORDER BY p.id LIMIT 1
                """) {
                _ = try service.addBan(Values(["person_id": .integer(other.requiredInt("person_id")), "industry": .text("construction"), "accident_grade": .text("general"),
                                               "starts_on": .date(Self.day("2023-09-01")), "source": .text("某建筑工地一般生产安全事故行政处罚决定书(事故记录 SG-2023-117)")]), tx)
            }
        }
    }

    func sessions(_ core: Core, _ dice: inout SeededRandom) throws {
        try core.write(.localAdministrator) { tx in
            let units = try tx.db.query("SELECT id FROM registry_units ORDER BY id LIMIT 20")
            let topics = ["学习习近平总书记关于安全生产的重要论述", "学习《安全生产法》及安全生产十五条措施", "学习重大事故隐患判定标准专题"]
            for (index, unit) in units.enumerated() {
                for quarter in 1...2 where index % 4 != 3 || quarter == 1 {
                    let held = CalendarDate(year: 2024, month: quarter * 3 - 1 - dice.below(2), day: 5 + dice.below(20))!
                    _ = try service.addSession(Values(["unit_id": .integer(unit.requiredInt("id")), "topic": .text(topics[(index + quarter) % topics.count]),
                                                       "held_on": .date(held), "class_hours": .number(Double(2 + dice.below(3))), "attendees": .integer(Int64(8 + dice.below(30))),
                                                       "leaders": .text("党组书记、局长及班子成员")]), tx)
                }
            }
            for territory in try tx.db.query("SELECT id FROM registry_territories ORDER BY id") {
                _ = try service.addSession(Values(["territory_id": .integer(territory.requiredInt("id")), "topic": .text(topics[0]),
                                                   "held_on": .date(CalendarDate(year: 2024, month: 3, day: 10 + dice.below(15)) ?? Self.today),
                                                   "class_hours": .number(3), "attendees": .integer(Int64(15 + dice.below(20))), "leaders": .text("镇党委书记、镇长及班子成员")]), tx)
            }
        }
    }
}
