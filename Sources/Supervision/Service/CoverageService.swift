// The coverage matrix: group × territory × quarter, with visits done, planned, missing (no group
// covers the territory) and overdue (the quarter ended unvisited, red). At quarter end each
// unvisited territory publishes `supervision.visit.missing` once.
import Kernel

struct CoverageService {
    let core: Core
    var settings = SupervisionSettings.defaults

    /// One cell of the matrix.
    struct Cell {
        var quarter: Quarter
        var territoryID: Int64
        var territoryName: String
        var groupID: Int64?
        var groupName: String?
        var visits: Int
        var lastVisit: String?
        var otherVisits: Int
        var status: String
        var colour: StatusColour
        var reason: String

        var json: JSON {
            .object([
                "quarter": .string(quarter.description), "territory_id": .int(territoryID), "territory_name": .string(territoryName),
                "group_id": JSON(groupID), "group_name": JSON(groupName), "visits_done": .int(Int64(visits)),
                "last_visit": JSON(lastVisit), "other_visits": .int(Int64(otherVisits)), "status": .string(status),
                "colour": .string(colour.rawValue), "reason": .string(reason),
            ])
        }
    }

    /// The first instant after `day` (Asia/Shanghai), as stored: a record whose `created_at` is before it existed on `day`.
    static func endOf(_ day: CalendarDate) -> String { Instant.utc(day.adding(days: 1).startInstant) }

    /// The matrix for `quarters` as seen on `today`, limited to what `actor` may see. Only visits
    /// made and recorded by `knownBy` (default `today`) count: a date in the past shows what was known then.
    func cells(_ quarters: [Quarter], today: CalendarDate, knownBy: CalendarDate? = nil, actor: Actor, _ db: Connection) throws -> [Cell] {
        let known = knownBy ?? today
        if actor.role == .enterprise { throw DomainError.forbidden("生产经营单位用户不能查看督导覆盖表 (an enterprise user may not read the supervision coverage matrix)") }
        let territories = try db.query("SELECT id, name FROM registry_territories ORDER BY id")
        let groups = Dictionary(uniqueKeysWithValues: try db.query("SELECT id, name FROM supervision_groups").map { ($0.requiredInt("id"), $0.requiredString("name")) })
        var cells: [Cell] = []
        for quarter in quarters {
            let covering = try GroupStore.coverageMap(quarter, db)
            var visits: [Int64: [(group: Int64?, date: String)]] = [:]
            for row in try db.query("SELECT territory_id, group_id, date FROM supervision_inspections WHERE quarter = ? AND date <= ? AND created_at < ? ORDER BY date",
                                    [quarter.description, known.iso, CoverageService.endOf(known)]) {
                visits[row.requiredInt("territory_id"), default: []].append((row.int("group_id"), row.requiredString("date")))
            }
            for territory in territories {
                let tid = territory.requiredInt("id")
                let name = territory.requiredString("name")
                let group = covering[tid]
                let all = visits[tid] ?? []
                let own = all.filter { $0.group != nil && $0.group == group }
                var cell = Cell(quarter: quarter, territoryID: tid, territoryName: name, groupID: group, groupName: group.flatMap { groups[$0] },
                                visits: own.count, lastVisit: own.last?.date, otherVisits: all.count - own.count,
                                status: "planned", colour: .green, reason: "")
                classify(&cell, today: today)
                if visible(cell, actor) { cells.append(cell) }
            }
        }
        return cells
    }

    private func visible(_ cell: Cell, _ actor: Actor) -> Bool {
        switch actor.scope {
        case .all, .unit: return true
        case .territory(let id): return cell.territoryID == id
        case .group(let id): return cell.groupID == id
        case .enterprise: return false
        }
    }

    /// Sets status, colour and the reason.
    func classify(_ cell: inout Cell, today: CalendarDate) {
        let quarter = cell.quarter
        if cell.groupID == nil {
            if today < quarter.start {
                (cell.status, cell.colour, cell.reason) = ("unassigned", .yellow, "\(quarter) 尚未安排督导组负责\(cell.territoryName)")
            } else {
                (cell.status, cell.colour, cell.reason) = ("missing", .red, "空白：\(quarter) 没有督导组负责\(cell.territoryName)")
            }
            return
        }
        let group = cell.groupName ?? "督导组\(cell.groupID ?? 0)"
        if cell.visits > 0 {
            (cell.status, cell.colour, cell.reason) = ("done", .green, "\(group)已于 \(cell.lastVisit ?? "") 督导\(cell.territoryName)")
        } else if today > quarter.end {
            (cell.status, cell.colour, cell.reason) = ("overdue", .red, "\(quarter) 已于 \(quarter.end.iso) 结束，\(group)未督导\(cell.territoryName)")
        } else if today >= quarter.start && today.days(until: quarter.end) <= settings.visitDueSoonDays {
            (cell.status, cell.colour, cell.reason) = ("due_soon", .yellow, "\(group)尚未督导\(cell.territoryName)；\(quarter) 于 \(quarter.end.iso) 结束（还剩 \(today.days(until: quarter.end)) 天）")
        } else {
            (cell.status, cell.colour, cell.reason) = ("planned", .green, "\(group)应于 \(quarter.end.iso) 前督导\(cell.territoryName)")
        }
    }

    /// The matrix as JSON: cells plus per-quarter counts.
    func matrix(year: Int, quarter: Int?, actor: Actor) throws -> JSON {
        let quarters = quarter.map { [Quarter(year: year, number: $0)] } ?? Quarter.all(of: year)
        let today = core.today
        let cells = try core.read { db in try self.cells(quarters, today: today, actor: actor, db) }
        let summary: [JSON] = quarters.map { q in
            let inQuarter = cells.filter { $0.quarter == q }
            func count(_ status: String) -> JSON { .int(Int64(inQuarter.filter { $0.status == status }.count)) }
            return .object(["quarter": .string(q.description), "territories": .int(Int64(inQuarter.count)), "done": count("done"),
                            "planned": .int(Int64(inQuarter.filter { $0.status == "planned" || $0.status == "due_soon" }.count)),
                            "missing": count("missing"), "overdue": count("overdue"), "unassigned": count("unassigned")])
        }
        return .object(["year": .int(Int64(year)), "as_of": .string(today.iso), "summary": .array(summary), "cells": .array(cells.map(\.json))])
    }

    /// The scheduled check: every territory whose covered quarter ended unvisited publishes VisitMissing once.
    static let checkID = "supervision.visit-missing"

    func publishMissingVisits() throws -> Int {
        let today = core.today
        return try core.write(.system("supervision")) { tx in
            let quarters = try tx.db.query("SELECT DISTINCT quarter FROM supervision_coverage ORDER BY quarter").compactMap { Quarter(text: $0.requiredString("quarter")) }
                .filter { $0.end < today }
            var published = 0
            for cell in try cells(quarters, today: today, actor: .system("supervision"), tx.db) where cell.status == "overdue" {
                guard let group = cell.groupID else { continue }
                if try tx.fireOnce(check: CoverageService.checkID, subject: "group:\(group)/territory:\(cell.territoryID)", threshold: cell.quarter.description) {
                    try tx.publish(VisitMissing(groupId: group, territoryId: cell.territoryID, quarter: cell.quarter.description), summary: cell.reason)
                    try tx.audit(action: "supervision.visit.missing", entity: "supervision_group", entityID: String(group), summary: cell.reason)
                    published += 1
                }
            }
            return published
        }
    }
}
