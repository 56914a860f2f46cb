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
        guard isLedgerRole(actor) else {
            throw DomainError.forbidden("只有区安委办、成员单位和镇（景区、开发区）可以办理任务台账 (role \(actor.role.rawValue) may not act on the task ledger; units, towns and the office may)")
        }
    }

    /// The roles that read plans, tasks and the ledger and report on their own lines: the routes
    /// admit these (`ResponsibilitiesRoutes.ledgerRoles`) and the commands check them here.
    static let roles: Set<Role> = [.admin, .office, .unit, .town]

    /// Roles that may read plans, tasks and the ledger: those HTTP lets in, so the command line
    /// refuses whom the API refuses.
    static func requireReader(_ actor: Actor) throws {
        guard isLedgerRole(actor) else {
            throw DomainError.forbidden("只有区安委办、成员单位和镇（景区、开发区）可以查看工作要点、任务和台账 (role \(actor.role.rawValue) may not read plans, tasks or the ledger; units, towns and the office may)")
        }
    }

    private static func isLedgerRole(_ actor: Actor) -> Bool { roles.contains(actor.role) }

    static func requireOffice(_ actor: Actor, _ what: String) throws {
        guard actor.isOffice else { throw DomainError.forbidden("仅区安委办可以执行此操作 (only the committee office may \(what))") }
    }
}
