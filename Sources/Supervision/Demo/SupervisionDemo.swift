// The demo's share of Supervision: five groups (the first has id 1: inspector1's group) covering
// all ten territories every quarter of 2024, campaign windows, a checklist, Q1 fully visited and
// Q2 in part (demo today 2024-06-15), findings (some hazards), a revealed 四不两直 draw, notices
// and a few instruments. Deterministic: a seeded generator, fixed dates.
import Kernel

enum SupervisionDemo {

    static let groups: [(name: String, leader: String, unit: String, members: [(String, String)])] = [
        ("第一督导组", "周建国", "区应急管理局", [("王磊", "区应急管理局"), ("陈静", "区住房城乡建设局"), ("刘洋", "区消防救援大队")]),
        ("第二督导组", "吴志强", "区住房城乡建设局", [("赵敏", "区交通运输局"), ("孙杰", "区市场监管局"), ("黄丽华", "区应急管理局")]),
        ("第三督导组", "郑卫东", "区交通运输局", [("马超", "区公安分局"), ("朱海燕", "区城市管理局"), ("胡明", "区文化旅游局")]),
        ("第四督导组", "林德明", "区市场监管局", [("郭芳", "区工业和信息化局"), ("何晓东", "区教育局"), ("高伟", "区卫生健康委")]),
        ("第五督导组", "罗文斌", "区城市管理局", [("梁春梅", "区水务局"), ("谢军", "区农业农村局"), ("宋涛", "区商务局")]),
    ]

    static let problems: [(text: String, hazard: Bool, severity: String)] = [
        ("消防通道被货物堵塞", true, "general"), ("安全出口指示标志损坏", false, "minor"), ("危化品仓库未按规定分区存放", true, "serious"),
        ("特种作业人员证书过期仍在岗", false, "general"), ("配电箱未上锁、线路私拉乱接", true, "general"), ("应急预案未演练", false, "minor"),
        ("燃气报警装置失效", true, "serious"), ("安全培训记录不全", false, "minor"), ("脚手架连墙件缺失", true, "serious"), ("隐患排查台账未按月更新", false, "general"),
    ]

    static func core(_ core: Core, at date: CalendarDate) -> Core {
        Core(database: core.database, clock: FixedClock(Instant.parse("\(date.iso)T10:00:00+08:00") ?? date.startInstant), bus: core.bus, settings: core.settings)
    }

    /// The demo's fields read by the routes' own contracts (names resolved as for a caller).
    static func values(_ contract: Contract, _ fields: [String: JSON], _ db: Connection) throws -> Values {
        try contract.values(json: fields.keys.sorted().map { JSON.Member($0, fields[$0] ?? .null) }, db)
    }

    static func load(_ base: Core) throws {
        var random = SeededRandom(state: 6)
        let admin = Actor.localAdministrator
        let setup = core(base, at: CalendarDate(year: 2024, month: 1, day: 3)!)
        let territories = try base.read { try $0.query("SELECT id FROM registry_territories ORDER BY id").map { $0.requiredInt("id") } }
        guard territories.count >= 5 else { return }
        var groupIDs: [Int64] = []
        try setup.write(admin) { tx in
            for group in groups {
                let members: [JSON] = group.members.map { .object(["name": .string($0.0), "unit_id": .string($0.1)]) }
                let record = try GroupService(core: setup).create(try values(GroupFields.create, ["name": .string(group.name), "leader": .string(group.leader),
                                                                                                  "leader_unit_id": .string(group.unit), "members": .array(members)], tx.db), tx)
                groupIDs.append(record["id"]?.intValue ?? 0)
            }
            // Every territory is covered every quarter; the pairs rotate so a group sees new places.
            for quarter in Quarter.all(of: 2024) {
                for (index, group) in groupIDs.enumerated() {
                    let share = territories.indices.filter { ($0 + (quarter.number - 1) * 2) % groupIDs.count == index }.map { territories[$0] }
                    _ = try GroupService(core: setup).setCoverage(group, quarter: quarter, territories: share, tx)
                }
            }
            let config = ConfigService(core: setup)
            for (name, start, end) in [("两会", "2024-03-01", "2024-03-15"), ("清明", "2024-03-30", "2024-04-07"), ("五一", "2024-04-28", "2024-05-05"),
                                       ("汛期", "2024-06-01", "2024-06-30"), ("中秋", "2024-09-14", "2024-09-18"), ("国庆", "2024-09-28", "2024-10-08")] {
                _ = try config.addCampaign(try values(GroupFields.campaign, ["name": .string(name), "starts_on": .string(start), "ends_on": .string(end)], tx.db), tx)
            }
            _ = try config.addChecklist(try values(GroupFields.checklist, ["name": "综合安全督导检查表", "items": .array([
                .object(["code": "A1", "text": "安全生产责任制落实", "points": 20]), .object(["code": "A2", "text": "隐患排查治理台账", "points": 20]),
                .object(["code": "A3", "text": "应急预案与演练", "points": 20]), .object(["code": "A4", "text": "安全教育培训", "points": 20]),
                .object(["code": "A5", "text": "现场安全管理", "points": 20]),
            ])], tx.db), tx)
        }
        // Visits: every territory in Q1, six of ten in Q2 so far.
        let plan: [(Quarter, Int, [Int])] = [(Quarter(year: 2024, number: 1), 0, Array(territories.indices)),
                                             (Quarter(year: 2024, number: 2), 0, Array(territories.indices.filter { $0 % 5 != 3 && $0 % 5 != 4 }))]
        for (quarter, _, indices) in plan {
            let coverage = try base.read { try GroupStore.coverageMap(quarter, $0) }
            for index in indices {
                let territory = territories[index]
                guard let group = coverage[territory] else { continue }
                let month = quarter.start.month + random.below(2)
                let date = CalendarDate(year: 2024, month: month, day: 5 + random.below(20))!
                let at = core(base, at: date)
                let enterprises = try base.read { try $0.query("SELECT id FROM registry_enterprises WHERE territory_id = ? ORDER BY id", [territory]).map { $0.requiredInt("id") } }
                let visited = Array(Set((0..<min(3, enterprises.count)).map { _ in random.pick(enterprises) })).sorted()
                var findings: [JSON] = []
                for enterprise in visited where random.below(100) < 60 {
                    let problem = random.pick(problems)
                    let deadline = date.adding(days: problem.severity == "serious" ? 15 : 30)
                    findings.append(.object(["description": .string(problem.text), "enterprise_id": .int(enterprise), "severity": .string(problem.severity),
                                             "is_hazard": .bool(problem.hazard), "hazard_grade": problem.hazard && problem.severity == "serious" ? "major" : (problem.hazard ? "general" : .null),
                                             "deadline": .string(deadline.iso)]))
                }
                let mode = random.pick([InspectionMode.overt, .overt, .covert, .expert])
                let inspectors = groups[Int(group - (groupIDs.first ?? 1))].members.map(\.0)
                _ = try at.write(admin) { tx in
                    try InspectionService(core: at).record(try values(InspectionFields.record, [
                        "group_id": .int(group), "mode": .string(mode.rawValue), "date": .string(date.iso), "territory_id": .int(territory),
                        "enterprise_ids": .array(visited.map { .int($0) }), "inspectors": JSON(inspectors), "checklist_id": 1,
                        "scores": .array((1...5).map { .object(["item": .string("A\($0)"), "score": .int(Int64(12 + random.below(9)))]) }),
                        "summary": .string("\(quarter) 季度督导检查"), "findings": .array(findings),
                    ], tx.db), tx)
                }
            }
        }
        // A 四不两直 round of group 1 in Q2, visited and revealed.
        let drawDay = core(base, at: CalendarDate(year: 2024, month: 5, day: 20)!)
        let planned = try drawDay.write(admin) { tx in
            try DrawService(core: drawDay).plan(try values(DrawFields.plan, ["group_id": .int(groupIDs[0]), "quarter": "2024-Q2", "territory_count": 1, "enterprises_per_territory": 2], tx.db),
                                                secret: Crypto.sha256(Array("anwei-demo-draw-2024-Q2".utf8)), tx)
        }
        if let draw = planned["draw"]?["id"]?.intValue, let envelope = planned["envelope"], let target = envelope["targets"]?.arrayValue?.first,
           let territory = target["territory_id"]?.intValue {
            let visit = core(base, at: CalendarDate(year: 2024, month: 5, day: 28)!)
            _ = try visit.write(admin) { tx in
                try InspectionService(core: visit).record(try values(InspectionFields.record, [
                    "group_id": .int(groupIDs[0]), "mode": "unannounced", "date": "2024-05-28", "territory_id": .int(territory),
                    "enterprise_ids": target["enterprise_ids"] ?? .array([]), "inspectors": JSON(["周建国", "王磊"]), "draw_id": .int(draw),
                    "summary": "四不两直：直奔基层、直插现场",
                    "findings": .array([.object(["description": "夜间值班人员脱岗", "severity": "general", "deadline": "2024-06-10",
                                                 "enterprise_id": target["enterprise_ids"]?.arrayValue?.first ?? .null])]),
                ], tx.db), tx)
            }
            _ = try visit.write(admin) { tx in
                try DrawService(core: visit).reveal(draw, try values(DrawFields.reveal, ["targets": envelope["targets"] ?? .null, "secret": envelope["secret"] ?? .null], tx.db), tx)
            }
        }
        // Rectification: some findings progressed, completed, re-checked; notices to two territories.
        let later = core(base, at: CalendarDate(year: 2024, month: 4, day: 20)!)
        let q1Findings = try base.read { try $0.query("SELECT id, responsible_kind, responsible_id FROM supervision_findings WHERE deadline < '2024-04-20' ORDER BY id") }
        for (index, row) in q1Findings.enumerated() {
            let id = row.requiredInt("id")
            let service = FindingService(core: later)
            switch index % 4 {
            case 0, 1:
                _ = try later.write(admin) { try service.act(id, .complete, try values(FindingFields.complete, ["note": "已整改到位", "evidence": JSON(["整改前后照片-\(id).jpg"])], $0.db), $0) }
                if index % 4 == 0 { _ = try later.write(admin) { try service.act(id, .recheck, try values(FindingFields.recheck, ["passed": true, "note": "回头看：已整改"], $0.db), $0) } }
            case 2:
                _ = try later.write(admin) { try service.act(id, .progress, try values(FindingFields.progress, ["progress": 50, "note": "正在整改"], $0.db), $0) }
            default: break
            }
        }
        let noticeDay = core(base, at: CalendarDate(year: 2024, month: 4, day: 25)!)
        let bodies = try base.read { try $0.query("""
            SELECT DISTINCT responsible_kind, responsible_id FROM supervision_findings WHERE status IN ('open', 'rectifying') AND notice_id IS NULL
            ORDER BY responsible_kind, responsible_id LIMIT 3
            """) }
        // A notice's reply is due after its day (never already past): the demo gives three weeks.
        for body in bodies {
            _ = try noticeDay.write(admin) {
                try NoticeService(core: noticeDay).issue(try values(NoticeFields.issue, ["responsible_\(body.requiredString("responsible_kind"))_id": .int(body.requiredInt("responsible_id")),
                                                                                     "deadline": "2024-05-15"], $0.db), $0)
            }
        }
        try SupervisionDemo.loadLadder(base, territories: territories)
        // What was written at later dates is delivered as of the demo's today (coverage → inspector scope, findings → Hazards).
        EventDispatcher(core: core(base, at: CalendarDate(year: 2024, month: 6, day: 15)!)).deliverDue()
    }
}
