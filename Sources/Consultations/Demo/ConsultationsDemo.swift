// The demo's 2024 meetings, recorded through the service on the days they were held (each with its
// own clock), up to the demo's today (2024-06-15): quarterly risk consultations (one ad hoc before the
// flood season), the government's quarterly studies, "first agenda item" studies, the plenary, and
// each special leading group's quarterly meeting — one group misses Q1, so compliance shows red.
import Foundation
import Kernel

enum ConsultationsDemo {
    /// The special group that held no Q1 meeting in the demo.
    static let missingQ1Group = "区农业农村安全专项领导小组"

    static func load(_ core: Core) throws {
        var random = SeededRandom(seed: 8_2024)
        let service = ConsultationsService()
        let (units, territories, groups, office) = try core.read { db -> ([String], [String], [(id: Int64, name: String, host: String)], Actor) in
            let units = try db.query("SELECT name FROM registry_units WHERE is_office = 0 ORDER BY id").map { $0.requiredString("name") }
            let territories = try db.query("SELECT name FROM registry_territories ORDER BY id").map { $0.requiredString("name") }
            let groups = try db.query("SELECT g.id, g.name, u.name AS host FROM registry_special_groups g JOIN registry_units u ON u.id = g.host_unit_id ORDER BY g.id")
                .map { ($0.requiredInt("id"), $0.requiredString("name"), $0.requiredString("host")) }
            let admin = try db.queryOne("SELECT id FROM access_users WHERE username = 'admin'")?.int("id")
            return (units, territories, groups, Actor(userID: admin, username: admin == nil ? "local-admin" : "admin", role: .admin, scope: .all))
        }
        guard !units.isEmpty, !territories.isEmpty else { return }
        let known = Set(units)

        /// Records one meeting on `date` at 16:00 (Asia/Shanghai), the clock standing on that day.
        func record(_ date: String, _ body: [String: JSON]) throws {
            guard let day = CalendarDate(iso: date) else { return }
            let at = Core(database: core.database, clock: FixedClock(day.startInstant.addingTimeInterval(16 * 3600)), bus: core.bus, settings: core.settings)
            var body = body
            body["held_on"] = .string(date)
            _ = try at.write(office) { tx in try service.recordMeeting(json: .object(body.map { JSON.Member($0.key, $0.value) }), tx) }
        }

        func deadline(_ date: String, days: Int) -> String { CalendarDate(iso: date).map { $0.adding(days: days).iso } ?? date }

        func meeting(kind: String, date: String, group: (id: Int64, name: String, host: String)? = nil, adHoc: Bool = false,
                     areaIndexes: [Int], attendeeUnits: [String], attendeeTerritories: [String], absent: [String], agenda: [String]) -> [String: JSON] {
            let areas = areaIndexes.map { DemoContent.areas[$0] }
            var risks: [JSON] = []
            var decisions: [JSON] = []
            let levels = ["major", "large", "large", "general", "general", "low"]
            for area in areas {
                let bodies = [area.unit] + (random.chance(60) ? [random.pick(territories)] : [])
                risks.append(.object(["area": .string(area.area), "level": .string(random.pick(levels)), "description": .string(random.pick(area.risks)),
                                      "measures": .string(area.measures), "units": JSON(bodies.filter(known.contains)),
                                      "territories": JSON(bodies.filter(territories.contains))]))
            }
            for (index, area) in areas.prefix(3).enumerated() {
                let lead = known.contains(area.unit) ? area.unit : (group?.host ?? "区应急管理局")
                decisions.append(.object(["text": .string(random.pick(area.decisions)), "lead_unit_id": .string(lead),
                                          "deadline": .string(deadline(date, days: 25 + 20 * index + random.below(40)))]))
            }
            decisions.append(.object(["text": "各成员单位和属地要压紧压实安全生产责任，加强值班值守和信息报送"]))
            let convener = group.map { "\($0.host)主要负责同志" } ?? (DemoContent.conveners[kind] ?? "区安委办主任 王建国")
            let minutes = """
                \(date)，\(convener)主持召开会议\(adHoc ? "，专题研判汛期安全风险" : "")。\(attendeeUnits.prefix(4).joined(separator: "、"))等单位\(attendeeTerritories.isEmpty ? "" : "及\(attendeeTerritories.prefix(3).joined(separator: "、"))等属地")参加会议\(absent.isEmpty ? "" : "，\(absent.joined(separator: "、"))因故缺席")。
                会议通报了近期安全生产形势，研判了\(areas.map(\.area).joined(separator: "、"))等领域的安全风险。
                会议要求：\(areas.map { "\($0.area)领域要\($0.measures)" }.joined(separator: "；"))。
                会议明确了\(decisions.count)项决定事项，由牵头单位按期办结，区安委办跟踪督办，下次会议听取落实情况。
                """
            var body: [String: JSON] = [
                "kind": .string(kind), "convener": .string(convener), "venue": .string(random.pick(DemoContent.venues)), "ad_hoc": .bool(adHoc),
                "attendees": .array(attendeeUnits.filter(known.contains).map { .object(["unit_id": .string($0)]) } + attendeeTerritories.map { .object(["territory_id": .string($0)]) }
                                    + [.object(["person": .string(convener), "role": "主持"])]),
                "absent_units": JSON(absent.filter(known.contains)), "absent_territories": JSON(absent.filter(territories.contains)),
                "agenda": JSON(agenda), "risks": .array(risks), "decisions": .array(decisions), "minutes": .string(minutes),
            ]
            if let group { body["group_id"] = .int(group.id); body["convener_unit_id"] = .string(group.host) }
            return body
        }

        let coreUnits = ["区应急管理局", "区公安分局", "区交通运输局", "区住房城乡建设局", "区市场监管局", "区城市管理局", "区消防救援大队", "区交警大队",
                         "区文化旅游局", "区教育局", "区水务局", "区工业和信息化局"].filter(known.contains)

        // Quarter 1.
        let q1: [(String, String, [Int], Bool)] = [
            ("firstAgendaItem", "2024-01-10", [0, 2], false), ("riskConsultation", "2024-01-25", [0, 1, 2, 4], false),
            ("plenary", "2024-01-30", [0, 1, 2, 3, 4], false), ("governmentStudy", "2024-02-27", [3, 4, 6], false),
            ("firstAgendaItem", "2024-03-05", [3, 8], false), ("riskConsultation", "2024-03-22", [3, 5, 6, 8], false),
        ]
        for (kind, date, areas, adHoc) in q1 {
            let towns = kind == "riskConsultation" ? territories.filter { _ in random.chance(85) } : []
            let absentTown = kind == "riskConsultation" ? territories.first { !towns.contains($0) } : nil
            try record(date, meeting(kind: kind, date: date, adHoc: adHoc, areaIndexes: areas, attendeeUnits: random.sample(coreUnits, 8 + random.below(4)),
                                     attendeeTerritories: towns, absent: absentTown.map { [$0] } ?? [],
                                     agenda: kind == "riskConsultation" ? DemoContent.agenda : DemoContent.studyAgenda))
        }
        for (index, group) in groups.enumerated() where group.name != missingQ1Group {
            let date = CalendarDate(year: 2024, month: 2 + index % 2, day: 6 + index)?.iso ?? "2024-03-01"
            try record(date, meeting(kind: "specialGroup", date: date, group: group, areaIndexes: [index % DemoContent.areas.count],
                                     attendeeUnits: [group.host] + random.sample(coreUnits.filter { $0 != group.host }, 3), attendeeTerritories: random.sample(territories, 3),
                                     absent: [], agenda: ["研判本领域安全风险", "部署专项整治工作"]))
        }
        // The quarter ends: the scheduled check marks the missing Q1 meeting (as `anwei tick` would on 1 April).
        guard let firstOfApril = CalendarDate(year: 2024, month: 4, day: 1) else { return }
        let april = Core(database: core.database, clock: FixedClock(firstOfApril.startInstant.addingTimeInterval(9 * 3600)),
                         bus: core.bus, settings: core.settings)
        _ = try Compliance.publishMissing(april)

        // Quarter 2, up to the demo's today.
        let q2: [(String, String, [Int], Bool)] = [
            ("riskConsultation", "2024-04-18", [0, 4, 7, 9], false), ("firstAgendaItem", "2024-05-08", [7], false),
            ("governmentStudy", "2024-05-14", [7, 5, 1], false), ("riskConsultation", "2024-06-05", [7, 1], true),
        ]
        for (kind, date, areas, adHoc) in q2 {
            let attending = random.sample(coreUnits, 8 + random.below(4))
            let absentUnit = coreUnits.first { !attending.contains($0) }
            try record(date, meeting(kind: kind, date: date, adHoc: adHoc, areaIndexes: areas, attendeeUnits: attending,
                                     attendeeTerritories: kind == "riskConsultation" ? territories.filter { _ in random.chance(85) } : [],
                                     absent: kind == "riskConsultation" && !adHoc ? absentUnit.map { [$0] } ?? [] : [],
                                     agenda: kind == "riskConsultation" ? DemoContent.agenda : DemoContent.studyAgenda))
        }
        for (index, group) in groups.enumerated() where index % 3 != 2 {
            let date = CalendarDate(year: 2024, month: 4 + index % 2, day: 9 + index)?.iso ?? "2024-05-01"
            let towns = random.sample(territories, 3)
            let absentTown = random.chance(30) ? territories.first { !towns.contains($0) } : nil
            try record(date, meeting(kind: "specialGroup", date: date, group: group, areaIndexes: [(index + 3) % DemoContent.areas.count],
                                     attendeeUnits: [group.host] + random.sample(coreUnits.filter { $0 != group.host }, 3), attendeeTerritories: towns,
                                     absent: absentTown.map { [$0] } ?? [], agenda: ["听取上次会议决定事项落实情况", "研判汛期本领域安全风险"]))
        }
    }
}
