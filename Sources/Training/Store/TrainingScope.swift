// Scope as SQL (architecture: enforced where data is read and written): what part of Training's
// data an actor may see, by the enterprise a row belongs to, or the unit/territory of a study session.
import Kernel

/// An SQL condition with its arguments; `nil` condition means every row.
struct ScopeCondition {
    var sql: String
    var arguments: [any DatabaseValueConvertible]
}

enum TrainingScope {
    /// Rows whose `column` (an enterprise id) the actor may see; nil: all.
    static func enterprises(_ actor: Actor, column: String) -> ScopeCondition? {
        if actor.isOffice { return nil }
        switch actor.scope {
        case .all: return nil
        case .enterprise(let id): return ScopeCondition(sql: "\(column) = ?", arguments: [id])
        case .unit(let id):
            return ScopeCondition(sql: "\(column) IN (SELECT id FROM registry_enterprises WHERE supervising_unit_id = ?)", arguments: [id])
        case .territory(let id):
            return ScopeCondition(sql: "\(column) IN (SELECT id FROM registry_enterprises WHERE territory_id = ?)", arguments: [id])
        case .group:
            let ids = actor.coveredTerritories.sorted()
            if ids.isEmpty { return ScopeCondition(sql: "0", arguments: []) }
            return ScopeCondition(sql: "\(column) IN (SELECT id FROM registry_enterprises WHERE territory_id IN (\(ids.map { _ in "?" }.joined(separator: ","))))",
                                  arguments: ids)
        }
    }

    /// Leaders' study sessions: a unit its own, a town its own, inspectors their covered towns.
    static func sessions(_ actor: Actor) -> ScopeCondition? {
        if actor.isOffice { return nil }
        switch actor.scope {
        case .all: return nil
        case .unit(let id): return ScopeCondition(sql: "x.unit_id = ?", arguments: [id])
        case .territory(let id): return ScopeCondition(sql: "x.territory_id = ?", arguments: [id])
        case .group:
            let ids = actor.coveredTerritories.sorted()
            if ids.isEmpty { return ScopeCondition(sql: "0", arguments: []) }
            return ScopeCondition(sql: "x.territory_id IN (\(ids.map { _ in "?" }.joined(separator: ",")))", arguments: ids)
        case .enterprise: return ScopeCondition(sql: "0", arguments: [])
        }
    }

    /// Bans: the district's officials see every ban; an enterprise those on its own people.
    static func bans(_ actor: Actor) -> ScopeCondition? {
        guard case .enterprise(let id) = actor.scope, !actor.isOffice else { return nil }
        return ScopeCondition(sql: "x.person_id IN (SELECT person_id FROM training_people WHERE enterprise_id = ? UNION SELECT person_id FROM registry_posts WHERE enterprise_id = ?)",
                              arguments: [id, id])
    }

    /// Whether `actor` may see enterprise `id` (else it is "not found").
    static func canSee(enterprise id: Int64, _ actor: Actor, _ db: Connection) throws -> Bool {
        var sql = "SELECT 1 FROM registry_enterprises e WHERE e.id = ?"
        var arguments: [any DatabaseValueConvertible] = [id]
        if let scope = enterprises(actor, column: "e.id") {
            sql += " AND (\(scope.sql))"
            arguments += scope.arguments
        }
        return try db.queryOne(sql, arguments) != nil
    }

    /// Roles that may record training facts (inspectors read only).
    static let writers: Set<Role> = [.admin, .office, .unit, .town, .enterprise]
    /// Roles that may record bans (the office and the member units that investigate accidents).
    static let banWriters: Set<Role> = [.admin, .office, .unit]
    /// Roles that may record a certificate review as passed (the issuing side, not the holder's employer).
    static let reviewers: Set<Role> = [.admin, .office, .unit]

    /// Registry people `actor` may name (the registry's own rule is written over the alias `t`): those the registry shows them (by their posts), and those
    /// with a training role in an enterprise they see; nil: all.
    static func people(_ actor: Actor, column: String) -> ScopeCondition? {
        guard let registry = registryPeople.scopeCondition(RegistrySchemas.people, actor, alias: "t"),
              let training = enterprises(actor, column: "tp.enterprise_id") else { return nil }
        return ScopeCondition(sql: "\(column) IN (SELECT t.id FROM registry_people t WHERE \(registry.sql)) OR "
                                 + "\(column) IN (SELECT tp.person_id FROM training_people tp WHERE \(training.sql))",
                              arguments: registry.arguments.map { $0 as any DatabaseValueConvertible } + training.arguments)
    }

    static let registryPeople = RecordStore([RegistrySchemas.people])

    static func requireWriter(_ actor: Actor, _ what: String) throws { try requireWriter(actor, writers, what) }

    static func requireWriter(_ actor: Actor, _ roles: Set<Role>, _ what: String) throws {
        guard roles.contains(actor.role) else { throw DomainError.forbidden("\(actor.role.chinese)用户无权办理此项业务 (a \(actor.role.rawValue) user may not \(what))") }
    }
}
