// Scope, enforced in SQL where data is read and written: enterprise users see their own
// enterprise's hazards, towns their territory's, units the hazards they supervise, inspectors the
// territories their group covers now, the office everything. Out of scope is "not found".
import Kernel

enum HazardScope {
    /// The SQL condition on alias `h` (nil: no limit).
    static func condition(_ actor: Actor, alias h: String = "h") -> (sql: String, arguments: [any DatabaseValueConvertible])? {
        if actor.isOffice { return nil }
        switch actor.scope {
        case .all: return nil
        case .enterprise(let id): return ("\(h).enterprise_id = ?", [id])
        case .territory(let id): return ("\(h).territory_id = ?", [id])
        case .unit(let id): return ("\(h).supervising_unit_id = ?", [id])
        case .group:
            let ids = actor.coveredTerritories.sorted()
            if ids.isEmpty { return ("0", []) }
            return ("\(h).territory_id IN (\(ids.map { _ in "?" }.joined(separator: ",")))", ids)
        }
    }
}
