// What part of Supervision's data an actor sees, as SQL conditions (scope is enforced where data is
// read and written; out of scope is "not found").
import Kernel

struct Condition {
    var sql: String
    var arguments: [any DatabaseValueConvertible]
    static let all = Condition(sql: "1 = 1", arguments: [])
    static let none = Condition(sql: "0 = 1", arguments: [])
}

enum Visibility {
    static func placeholders(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }

    /// The territories an inspector's group covers in `quarter` (from our own coverage table).
    static func coveredTerritories(group: Int64, quarter: Quarter, _ db: Connection) throws -> [Int64] {
        try db.query("SELECT territory_id FROM supervision_coverage WHERE group_id = ? AND quarter = ? ORDER BY territory_id",
                     [group, quarter.description]).compactMap { $0.int("territory_id") }
    }

    /// Inspections (alias `i`).
    static func inspections(_ actor: Actor) -> Condition {
        switch actor.scope {
        case .all: return .all
        case .group(let group):
            let covered = actor.coveredTerritories.sorted()
            if covered.isEmpty { return Condition(sql: "i.group_id = ?", arguments: [group]) }
            return Condition(sql: "(i.group_id = ? OR i.territory_id IN (\(placeholders(covered.count))))", arguments: [group] + covered)
        case .territory(let id): return Condition(sql: "i.territory_id = ?", arguments: [id])
        case .unit(let id): return Condition(sql: "i.unit_id = ?", arguments: [id])
        case .enterprise(let id):
            return Condition(sql: "EXISTS (SELECT 1 FROM supervision_inspection_enterprises x WHERE x.inspection_id = i.id AND x.enterprise_id = ?)", arguments: [id])
        }
    }

    /// Findings (alias `f`).
    static func findings(_ actor: Actor) -> Condition {
        switch actor.scope {
        case .all: return .all
        case .group(let group):
            let covered = actor.coveredTerritories.sorted()
            var sql = "EXISTS (SELECT 1 FROM supervision_inspections gi WHERE gi.id = f.inspection_id AND gi.group_id = ?)"
            if !covered.isEmpty { sql = "(\(sql) OR f.territory_id IN (\(placeholders(covered.count))))" }
            return Condition(sql: sql, arguments: [group] + covered)
        case .territory(let id):
            return Condition(sql: "(f.territory_id = ? OR (f.responsible_kind = 'territory' AND f.responsible_id = ?))", arguments: [id, id])
        case .unit(let id): return Condition(sql: "f.responsible_kind = 'unit' AND f.responsible_id = ?", arguments: [id])
        case .enterprise(let id):
            return Condition(sql: "(f.enterprise_id = ? OR (f.responsible_kind = 'enterprise' AND f.responsible_id = ?))", arguments: [id, id])
        }
    }

    /// Notices and instruments addressed to a body (alias given).
    static func addressed(_ actor: Actor, kindColumn: String, idColumn: String) -> Condition {
        switch actor.scope {
        case .all: return .all
        case .unit(let id): return Condition(sql: "\(kindColumn) = 'unit' AND \(idColumn) = ?", arguments: [id])
        case .territory(let id): return Condition(sql: "\(kindColumn) = 'territory' AND \(idColumn) = ?", arguments: [id])
        case .enterprise(let id): return Condition(sql: "\(kindColumn) = 'enterprise' AND \(idColumn) = ?", arguments: [id])
        case .group:
            let covered = actor.coveredTerritories.sorted()
            if covered.isEmpty { return .none }
            return Condition(sql: "\(kindColumn) = 'territory' AND \(idColumn) IN (\(placeholders(covered.count)))", arguments: covered)
        }
    }

    /// Whether `actor` answers for the body (to report rectification progress).
    static func answersFor(_ actor: Actor, kind: BodyKind, id: Int64) -> Bool {
        switch (actor.scope, kind) {
        case (.all, _): return true
        case (.unit(let u), .unit): return u == id
        case (.territory(let t), .territory): return t == id
        case (.enterprise(let e), .enterprise): return e == id
        default: return false
        }
    }
}
