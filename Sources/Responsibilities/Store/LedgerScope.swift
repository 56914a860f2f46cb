// Scope of the ledger: a `unit` user sees its unit's lines, a `town` user its territory's, the
// office all. Enforced in the SQL that reads and writes lines, never by checks after the fact.
import Kernel

enum LedgerScope {
    /// The SQL condition on `responsibilities_lines` as `l`, nil when the actor sees every line.
    static func condition(_ actor: Actor) -> (sql: String, arguments: [any DatabaseValueConvertible])? {
        if actor.isOffice { return nil }
        switch (actor.role, actor.scope) {
        case (.unit, .unit(let id)): return ("l.unit_kind = 'unit' AND l.unit_id = ?", [id])
        case (.town, .territory(let id)): return ("l.unit_kind = 'territory' AND l.unit_id = ?", [id])
        default: return ("0", [])
        }
    }

    /// Roles that may report on lines (their own); the office may act on any.
    static func mayReport(_ actor: Actor) throws {
        guard actor.isOffice || actor.role == .unit || actor.role == .town else {
            throw DomainError.forbidden("role \(actor.role.rawValue) may not act on the task ledger (台账); units, towns and the office may")
        }
    }

    static func requireOffice(_ actor: Actor, _ what: String) throws {
        guard actor.isOffice else { throw DomainError.forbidden("仅区安委办可以执行此操作 (only the committee office may \(what))") }
    }
}
