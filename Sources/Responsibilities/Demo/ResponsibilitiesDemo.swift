// The demo's 2024: the seed plan imported on 2024-01-10, two tasks assigned to the territories,
// and a deterministic spread of ledger activity up to 2024-06-14 (signed, in progress, completed
// and verified, some late or stuck: red), written through the real services at their own dates.
import Foundation
import Kernel

enum ResponsibilitiesDemo {
    static let importDay = CalendarDate(year: 2024, month: 1, day: 10)!
    static let lastDay = CalendarDate(year: 2024, month: 6, day: 14)!
    static let office = Actor(userID: nil, username: "admin", role: .admin, scope: .all)

    struct Step {
        var line: Int64
        var action: LineAction
        var input: LineActionInput
        var actor: Actor
    }

    static func load(_ core: Core) throws {
        let importCore = at(importDay, core)
        _ = try PlanService.importPlan(bytes: Array(SeedPlan.text.utf8), year: SeedPlan.year, sourceName: SeedPlan.fileName, dryRun: false, core: importCore, actor: office)
        try importCore.write(office) { tx in
            _ = try TaskService.assign(TaskAssignment(title: "各镇(景区、开发区)制定治本攻坚三年行动具体工作安排",
                                                      text: "按照全区实施方案,2月底前制定本辖区治本攻坚三年行动具体工作安排并报区安委办。", unitIDs: [], territoryIDs: [],
                                                      allMemberUnits: false, allTerritories: true, due: CalendarDate(year: 2024, month: 2, day: 29), quarterlyYear: nil), tx)
            _ = try TaskService.assign(TaskAssignment(title: "每季度开展镇(景区、开发区)安全风险会商研判",
                                                      text: "建立并落实每季度安全风险会商研判机制,每季度末报送会商研判情况。", unitIDs: [], territoryIDs: [],
                                                      allMemberUnits: false, allTerritories: true, due: nil, quarterlyYear: 2024), tx)
        }
        let users = try core.read { db in
            try db.query("SELECT username, role, scope FROM access_users WHERE role IN ('unit', 'town')").compactMap { row -> Actor? in
                guard let role = Role(rawValue: row.requiredString("role")), let scope = Scope(text: row.requiredString("scope")) else { return nil }
                return Actor(userID: nil, username: row.requiredString("username"), role: role, scope: scope)
            }
        }
        let lines = try core.read { db in
            try db.query("SELECT l.id, l.unit_kind, l.unit_id, l.unit_name, l.period, l.due, l.start, t.number FROM responsibilities_lines l JOIN responsibilities_tasks t ON t.id = l.task_id ORDER BY l.id")
        }
        var random = SeededRandom(seed: 20_240_110)
        var byDay: [CalendarDate: [Step]] = [:]
        for line in lines {
            guard let due = CalendarDate(iso: line.requiredString("due")), let start = CalendarDate(iso: line.requiredString("start")) else { continue }
            let kind = line.requiredString("unit_kind"), unitID = line.requiredInt("unit_id"), unitName = line.requiredString("unit_name")
            let actor = users.first { ($0.role == .unit && kind == "unit" && $0.scope == .unit(unitID)) || ($0.role == .town && kind == "territory" && $0.scope == .territory(unitID)) } ?? office
            let reporter = "\(unitName)联络员"
            let id = line.requiredInt("id")
            var steps: [(CalendarDate, Step)] = []
            defer { for (day, item) in steps { byDay[day, default: []].append(item) } }
            func step(_ day: CalendarDate, _ action: LineAction, percent: Int? = nil, text: String = "", reason: String? = nil, by: Actor? = nil) {
                guard day <= lastDay else { return }
                steps.append((day, Step(line: id, action: action, input: LineActionInput(percent: percent, text: text, reporter: reporter, reason: reason), actor: by ?? actor)))
            }
            let number = line.requiredString("number")
            // The showcase: (四)'s 2月底前 work list of the office — on track in January, never reported complete: red from 2024-03-01.
            if number == "(四)" && line.requiredString("period") == "2024-02-29" {
                step(day(2024, 1, 11), .sign)
                step(day(2024, 1, 26), .progress, percent: 45, text: "已起草区安委会负责同志年度工作清单初稿,征求意见中")
                step(day(2024, 2, 22), .progress, percent: 80, text: "工作清单已修改完善,待主任会议审定")
                continue
            }
            let signDay = min(due, start.adding(days: 1 + random.below(6)))
            if random.chance(7) { continue }  // never signed
            step(signDay, .sign)
            let forcedStuck = unitName == "区发改局" && number == "(七)"
            if due <= lastDay {
                let roll = random.below(100)
                let total = max(1, signDay.days(until: due))
                step(signDay.adding(days: max(1, total / 2)), .progress, percent: 40 + random.below(30), text: "按计划推进,已完成阶段性工作")
                if forcedStuck || roll >= 80 { continue }  // stuck: red after the due date
                let late = roll >= 70
                let doneDay = late ? due.adding(days: 1 + random.below(20)) : max(signDay.adding(days: total / 2 + 1), due.adding(days: -random.below(8)))
                step(doneDay, .complete, text: "已按要求完成,佐证材料已上传")
                if random.chance(8) {
                    step(doneDay.adding(days: 2), .return, reason: "佐证材料不全,请补充会议纪要", by: office)
                    step(doneDay.adding(days: 5), .complete, text: "已补充会议纪要等佐证材料")
                    if random.chance(70) { step(doneDay.adding(days: 8), .verify, by: office) }
                } else if random.chance(85) {
                    step(doneDay.adding(days: 2 + random.below(6)), .verify, by: office)
                }
            } else {
                let reportDay = lastDay.adding(days: -random.below(20))
                if random.chance(10) { continue }  // signed, nothing reported yet
                guard reportDay > signDay else { continue }
                let total = max(1, start.days(until: due))
                let expected = min(100, max(0, start.days(until: reportDay)) * 100 / total)
                let behind = random.chance(12) || forcedStuck
                let percent = max(0, min(95, behind ? expected - 35 : expected + random.below(15) - 4))
                step(reportDay, .progress, percent: percent, text: behind ? "受人员调整影响,进度滞后" : "正在按计划推进")
                if !behind && random.chance(4) {
                    step(reportDay.adding(days: 1), .complete, text: "已提前完成")
                }
            }
        }
        let rules = core.settings.colourRules
        for day in byDay.keys.sorted() {
            let dayCore = at(day, core)
            for item in byDay[day] ?? [] {
                try dayCore.write(item.actor) { tx in _ = try LedgerService.act(item.action, lineID: item.line, item.input, rules: rules, tx) }
            }
        }
    }

    static func day(_ year: Int, _ month: Int, _ day: Int) -> CalendarDate { CalendarDate(year: year, month: month, day: day) ?? importDay }

    /// A core that records at 10:00 (Asia/Shanghai) on `day`.
    static func at(_ day: CalendarDate, _ core: Core) -> Core {
        Core(database: core.database, clock: FixedClock(day.startInstant.addingTimeInterval(10 * 3600)), bus: core.bus, settings: core.settings)
    }
}


