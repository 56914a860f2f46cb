// The demo's hazards: a deterministic spread from autumn 2022 to June 2024 — stock (found in 2023
// or before) mostly closed, 2024's at every stage, some overdue, a few listed for supervision —
// plus tip-offs, penalties and statistics reports. Written through the service, day by day, so
// every record has its real time, audit record and events.
import Foundation
import Kernel

enum HazardsDemo {

    static let problems: [String: [String]] = [
        "hazardousChemicals": ["储罐区可燃气体检测报警装置失效", "重大危险源罐区未实现紧急切断", "装置区外部安全防护距离不足", "危化品仓库超量储存"],
        "gas": ["燃气管道穿越卧室", "餐饮场所燃气报警器未与切断阀联动", "燃气管道锈蚀严重", "液化气钢瓶超期未检"],
        "construction": ["深基坑支护变形超过设计要求", "塔吊顶升加节未经检验", "脚手架连墙件缺失", "高处作业临边防护缺失"],
        "manufacturing": ["粉尘涉爆车间除尘系统未设置泄爆装置", "有限空间作业未检测即进入", "冲压设备安全防护装置失效", "车间疏散通道堵塞"],
        "transport": ["客运车辆卫星定位装置未使用", "危货运输车辆未按规定检验", "驾驶员疲劳驾驶记录未处理"],
        "specialEquipment": ["电梯安全保护装置失效仍使用", "起重机械超期未检", "锅炉安全阀未校验"],
        "metalSmelting": ["熔融金属吊运未使用冶金起重机", "炉体冷却水监测报警装置缺失"],
        "nonCoalMining": ["安全出口不符合设计要求", "排土场未按设计治理"],
        "fireworks": ["防雷设施失效", "仓库超量储存烟花爆竹"],
        "healthcare": ["病房楼消防设施不能正常运行", "医用氧气储存不符合规定"],
        "education": ["学生宿舍安全出口锁闭", "校舍墙体开裂"],
        "tourism": ["游乐设施安全检查记录缺失", "景区栈道护栏松动"],
        "commerce": ["商场疏散通道被占用", "自动喷水灭火系统瘫痪"],
        "agriculture": ["农机带病作业", "养殖场沼气池无防护"],
        "coal": ["瓦斯监测系统故障"],
        "other": ["消防通道堵塞", "配电箱无防护"],
    ]
    static let publicPlaces: [(place: String, sector: String, unit: String, problem: String)] = [
        ("人民路12号经营性自建房", "selfBuiltHouse", "区住房城乡建设局", "擅自加层扩建用于经营，墙体开裂"),
        ("滨河路农贸市场", "gas", "区城市管理局", "燃气管道老化漏气"),
        ("区第二实验小学", "campus", "区教育局", "校舍经鉴定为C级危房仍在使用"),
        ("区人民医院住院部", "hospital", "区卫生健康委", "病房楼火灾自动报警系统故障"),
        ("创业大道与建设路交叉口", "traffic", "区交通运输局", "交叉口视距不良，缺少减速设施"),
        ("东城镇老街沿街商铺", "selfBuiltHouse", "区住房城乡建设局", "房屋主体结构严重开裂仍用于经营"),
    ]
    /// A public place that names its town lies there; the others anywhere in the district.
    static let placeTowns = ["东城镇老街沿街商铺": "东城镇"]

    /// The clauses a hazard of `sector` may cite: its sector's standards, then the cross-sector ones.
    static func fitting(_ clauses: [Row], _ sector: String) -> [Row] {
        let own = clauses.filter { $0.string("sector") == sector }
        return own.isEmpty ? clauses.filter { $0.bool("cross_sector") } : own
    }

    /// A day's step; `byUnit`: the hazard (its origin key) whose supervising department takes it
    /// (销号 is the department's review), else the office does.
    typealias Step = (date: CalendarDate, byUnit: String?, run: (HazardService, WriteTransaction) throws -> Void)

    /// The demo's fields read by the declared input, as a user's would be (names resolved too).
    static func read(_ contract: Contract, _ fields: [String: JSON], _ tx: WriteTransaction) throws -> Values {
        try contract.values(json: fields.sorted { $0.key < $1.key }.map { JSON.Member($0.key, $0.value) }, tx.db)
    }

    static func load(_ core: Core, service: HazardService) throws {
        var random = SeededRandom(state: 0x48415A41_52445321)
        let today = CalendarDate(year: 2024, month: 6, day: 15)!
        let start = CalendarDate(year: 2022, month: 9, day: 1)!
        let (enterprises, territories, units, clauses) = try core.read { db in
            (try db.query("SELECT id, industry, territory_id FROM registry_enterprises ORDER BY id"),
             try db.query("SELECT id, name FROM registry_territories ORDER BY id"),
             try db.query("SELECT id, name FROM registry_units ORDER BY id"),
             // A clause once for each sector its standard lists, marked when the standard is cross-sector.
             try db.query("""
                SELECT c.id, x.sector, s.cross_sector FROM hazards_standard_clauses c JOIN hazards_standards s ON s.id = c.standard_id
                JOIN hazards_standard_sectors x ON x.standard_id = s.id ORDER BY c.id, x.sector
                """))
        }
        guard !enterprises.isEmpty, !territories.isEmpty else { return }
        let unitID = { (name: String) in units.first { $0.string("name") == name }?.int("id") }
        let firstDongcheng = enterprises.first { $0.int("territory_id") == territories.first { $0.string("name") == "东城镇" }?.int("id") }?.int("id")
        var steps: [Step] = []
        var serial = 0
        func plan(_ given: [String: JSON], found: CalendarDate, major: Bool) {
            serial += 1
            let key = "demo:\(serial)"
            let deadline = CalendarDate(iso: given["deadline"]?.stringValue ?? "") ?? found.adding(days: 60)
            steps.append((found, nil, { service, tx in _ = try service.register(read(HazardInput.register(), given, tx), origin: .init(key: key), tx) }))
            // How far along it is by today: older hazards further; stock mostly closed.
            let age = found.days(until: today)
            let fate = random.below(100)
            var stage: Int
            if found.year <= 2023 { stage = fate < 82 ? 7 : 2 + fate % 5 } else { stage = min(7, fate * max(1, age) / 1500) }
            if age < 20 { stage = min(stage, 1) }
            var day = found
            func next(_ gap: Int) -> CalendarDate? {
                day = day.adding(days: gap)
                return day < today ? day : nil
            }
            func act(_ action: HazardAction, _ values: [String: JSON], gap: Int) {
                guard let date = next(gap) else { stage = -1; return }
                steps.append((date, action == .review ? key : nil, { service, tx in
                    guard let id = try tx.db.queryOne("SELECT id FROM hazards_hazards WHERE origin_key = ?", [key])?.int("id") else { return }
                    _ = try service.perform(action, on: id, read(HazardInput.action(action), values, tx), tx)
                }))
            }
            let span = max(10, found.days(until: deadline))
            if major && stage >= 1 {
                act(.filePlan, ["state_and_cause": "现场检查发现隐患，原因是日常管理缺失", "harm_and_difficulty": "可能导致群死群伤，需局部停产整改",
                                "plan_goals": "彻底消除隐患", "plan_methods": "停产整改、更换设备", "plan_funds": "企业自筹资金到位",
                                "plan_responsible": "企业主要负责人牵头，安全部门负责", "plan_deadline_requirements": "按期完成并验收",
                                "plan_safety_measures": "设置警戒区域，制定专项应急预案"], gap: 3 + random.below(7))
                if random.chance(35) { act(.listForSupervision, ["level": "区级", "notice_number": .string("区安委办督〔\(found.year)〕\(serial)号"), "supervising_body": "区安委办"], gap: 2) }
            }
            if stage >= 2 { act(.reportProgress, ["note": "已落实整改措施，完成约一半"], gap: span / 3) }
            if stage >= 3 { act(.finishRectification, ["note": "整改完成"], gap: span / 3) }
            if major && stage >= 4 { act(.submitAssessment, ["assessment": "经专家评估，治理效果符合要求"], gap: 5) }
            if stage >= 5 { act(.applyReview, [:], gap: 2) }
            if stage >= 7 { act(.review, ["passed": true], gap: 3 + random.below(7)) }
        }
        for index in 0..<320 {
            let found = start.adding(days: random.below(start.days(until: today.adding(days: -5))))
            let major = random.chance(14)
            let deadline = found.adding(days: major ? 60 + random.below(120) : 15 + random.below(45))
            if index % 25 == 7 {
                let p = random.pick(publicPlaces)
                var territory = territories[random.below(territories.count)].requiredInt("id")
                if let town = placeTowns[p.place], let id = territories.first(where: { $0.string("name") == town })?.int("id") { territory = id }
                var given: [String: JSON] = ["place": .string(p.place), "territory_id": .int(territory), "sector": .string(p.sector),
                                             "supervising_unit_id": JSON(unitID(p.unit)), "description": .string(p.problem),
                                             "found_on": .string(found.iso), "deadline": .string(deadline.iso), "source": "departmentInspection",
                                             "grade": .string(major ? "major" : "general")]
                if major { given["standard_clause_id"] = JSON(fitting(clauses, p.sector).first?.int("id")) }
                plan(given, found: found, major: major)
                continue
            }
            let enterprise = index < 6 ? (firstDongcheng.flatMap { id in enterprises.first { $0.int("id") == id } } ?? enterprises[0]) : enterprises[random.below(enterprises.count)]
            let industry = enterprise.requiredString("industry")
            let problem = random.pick(problems[industry] ?? problems["other"]!)
            let source = random.pick(["selfInspection", "selfInspection", "departmentInspection", "supervisionFinding", "jointInvestigation"])
            var given: [String: JSON] = ["enterprise_id": .int(enterprise.requiredInt("id")), "description": .string(problem),
                                         "found_on": .string(found.iso), "deadline": .string(deadline.iso), "source": .string(source),
                                         "grade": .string(major ? "major" : "general")]
            if major {
                // A clause of the enterprise's sector, or a cross-sector one (fire, special equipment) for a sector with no standard of its own.
                let matching = fitting(clauses, industry)
                given["standard_clause_id"] = JSON(matching.isEmpty ? nil : matching[random.below(max(1, matching.count))].int("id"))
            }
            plan(given, found: found, major: major)
        }
        // Run day by day, one transaction per day, each at that day's 10:00.
        let office = Actor(userID: nil, username: "demo:区安委办", role: .admin, scope: .all)
        let byDay = Dictionary(grouping: steps.enumerated(), by: { $0.element.date })
        for (date, steps) in byDay.sorted(by: { $0.key < $1.key }) {
            let dayCore = Core(database: core.database, clock: FixedClock(date.startInstant.addingTimeInterval(10 * 3600)), bus: core.bus, settings: core.settings)
            let day = steps.sorted(by: { $0.offset < $1.offset }).map(\.element)
            try dayCore.write(office) { tx in
                for step in day where step.byUnit == nil { try step.run(service, tx) }
            }
            // 销号: each by the hazard's supervising department, in its own transaction as that department.
            for step in day {
                guard let key = step.byUnit, let unit = try dayCore.read({ db in
                    try db.queryOne("SELECT u.id, u.name FROM hazards_hazards h JOIN registry_units u ON u.id = h.supervising_unit_id WHERE h.origin_key = ?", [key])
                }) else { continue }
                let department = Actor(userID: nil, username: "demo:\(unit.requiredString("name"))", role: .unit, scope: .unit(unit.requiredInt("id")))
                try dayCore.write(department) { tx in try step.run(service, tx) }
            }
        }
        try extras(core, service: service, today: today, firstEnterprise: firstDongcheng)
    }

    /// Tip-offs, penalties and statistics reports.
    static func extras(_ core: Core, service: HazardService, today: CalendarDate, firstEnterprise: Int64?) throws {
        let office = Actor(userID: nil, username: "demo:区安委办", role: .admin, scope: .all)
        let tipOffs = TipOffService(settings: service.settings)
        let on = { (date: CalendarDate) in Core(database: core.database, clock: FixedClock(date.startInstant.addingTimeInterval(11 * 3600)), bus: core.bus, settings: core.settings) }
        let texts = [("小区地下车库堆放大量液化气钢瓶", "东城镇幸福小区"), ("沿街商铺私拉电线，疑似违规加层", "西岭镇人民路"), ("工地夜间塔吊作业无人指挥", "南湖镇滨河路工地"), ("饭店后厨燃气管道有异味", "东城镇美食街")]
        for (index, text) in texts.enumerated() {
            try on(CalendarDate(year: 2024, month: 5, day: 6 + index * 7)!).write(.anonymousPublic) { tx in
                _ = try tipOffs.submit(read(TipOffInput.submit(service.settings), ["text": .string(text.0), "place": .string(text.1), "territory_id": .string(String(text.1.prefix(3))),
                                              "contact": .string("1380000\(String(format: "%04d", 1000 + index))")], tx), tx)
            }
        }
        try on(CalendarDate(year: 2024, month: 5, day: 20)!).write(office) { tx in
            _ = try tipOffs.perform(.createHazard, on: 1, read(TipOffInput.action(.createHazard), ["sector": "gas", "supervising_unit_id": "区城市管理局", "deadline": "2024-06-30"], tx), tx)
            _ = try tipOffs.perform(.dismiss, on: 2, read(TipOffInput.action(.dismiss), ["reason": "经核查，该商铺已于4月完成整改"], tx), tx)
        }
        try on(CalendarDate(year: 2024, month: 5, day: 22)!).write(office) { tx in
            _ = try tipOffs.perform(.reward, on: 1, read(TipOffInput.action(.reward), ["decision": "举报属实，给予奖励", "amount": 500], tx), tx)
        }
        // Penalties: one enterprise three times within 180 days (flagged for closure).
        let major = try core.read { db in try db.query("SELECT id FROM hazards_hazards WHERE grade = 'major' AND enterprise_id IS NOT NULL AND found_on >= '2024-01-01' ORDER BY id LIMIT 1") }
        if let hazard = major.first?.int("id") {
            for (index, month) in [2, 4, 5].enumerated() {
                try on(CalendarDate(year: 2024, month: month, day: 10)!).write(office) { tx in
                    _ = try service.perform(.penalise, on: hazard, read(HazardInput.action(.penalise), ["decision_number": .string("区应急罚〔2024〕\(11 + index)号")], tx), tx)
                }
            }
        }
        // 2024-Q1 statistics reports: about two thirds filed.
        let filers = try core.read { db in try db.query("SELECT id, principal_person FROM registry_enterprises ORDER BY id") }
        try on(CalendarDate(year: 2024, month: 4, day: 12)!).write(office) { tx in
            for (index, row) in filers.enumerated() where index % 3 != 2 || row.int("id") == firstEnterprise {
                _ = try service.fileReport(read(HazardInput.fileReport, ["enterprise_id": .int(row.requiredInt("id")), "period": "2024-Q1", "signed_by": JSON(row.string("principal_person"))], tx), tx)
            }
        }
    }
}
