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

    /// The matrix for `quarters` as seen on `today`, limited to what `actor` may see.
    func cells(_ quarters: [Quarter], today: CalendarDate, actor: Actor, _ db: Connection) throws -> [Cell] {
        if actor.role == .enterprise { throw DomainError.forbidden("an enterprise user may not read the supervision coverage matrix") }
        let territories = try db.query("SELECT id, name FROM registry_territories ORDER BY id")
        let groups = Dictionary(uniqueKeysWithValues: try db.query("SELECT id, name FROM supervision_groups").map { ($0.requiredInt("id"), $0.requiredString("name")) })
        var cells: [Cell] = []
        for quarter in quarters {
            let covering = try GroupStore.coverageMap(quarter, db)
            var visits: [Int64: [(group: Int64?, date: String)]] = [:]
            for row in try db.query("SELECT territory_id, group_id, date FROM supervision_inspections WHERE quarter = ? ORDER BY date", [quarter.description]) {
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
                (cell.status, cell.colour, cell.reason) = ("unassigned", .yellow, "no group is assigned to \(cell.territoryName) for \(quarter) yet")
            } else {
                (cell.status, cell.colour, cell.reason) = ("missing", .red, "gap: no supervision group covers \(cell.territoryName) in \(quarter)")
            }
            return
        }
        let group = cell.groupName ?? "group \(cell.groupID ?? 0)"
        if cell.visits > 0 {
            (cell.status, cell.colour, cell.reason) = ("done", .green, "visited by \(group) on \(cell.lastVisit ?? "")")
        } else if today > quarter.end {
            (cell.status, cell.colour, cell.reason) = ("overdue", .red, "\(quarter) ended \(quarter.end.iso) without a visit by \(group)")
        } else if today >= quarter.start && today.days(until: quarter.end) <= settings.visitDueSoonDays {
            (cell.status, cell.colour, cell.reason) = ("due_soon", .yellow, "not yet visited by \(group); \(quarter) ends \(quarter.end.iso) (\(today.days(until: quarter.end)) days left)")
        } else {
            (cell.status, cell.colour, cell.reason) = ("planned", .green, "\(group) is to visit by \(quarter.end.iso)")
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
                    try tx.publish(VisitMissing(groupId: group, territoryId: cell.territoryID, quarter: cell.quarter.description))
                    try tx.audit(action: "supervision.visit.missing", entity: "supervision_group", entityID: String(group), summary: cell.reason)
                    published += 1
                }
            }
            return published
        }
    }
}
