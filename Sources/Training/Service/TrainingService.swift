// The Training service: the only code that writes Training's tables. Each area (people, records,
// certificates, bans and appointments, compliance, leaders' study, imports) is an extension in
// its own file; routes and commands call these same functions.
import Kernel

public struct TrainingService: Sendable {
    public let rules: TrainingRules

    public init(rules: TrainingRules = TrainingRules()) { self.rules = rules }

    /// The enterprise `id` if the actor may see it, else "not found".
    func visibleEnterprise(_ id: Int64, _ actor: Actor, _ db: Connection) throws -> EnterpriseFacts {
        guard try TrainingScope.canSee(enterprise: id, actor, db), let facts = try TrainingStore.enterprise(id, db) else {
            throw DomainError.notFound("企业", "enterprise", String(id))
        }
        return facts
    }

    func requirePerson(_ id: Int64, field: String = "person_id", _ db: Connection) throws -> String {
        guard let name = try TrainingStore.personName(id, db) else {
            throw DomainError.validation([FieldError(field, "unknown", "人员名录中没有编号为 \(id) 的人员，请先登记 (no person with id \(id) in the registry; add them with anwei org people add)")])
        }
        return name
    }

    /// The name of registry person `id` when `actor` may read them; else "not found", exactly as
    /// for a person that does not exist (nothing of an out-of-scope person is told).
    func requirePerson(_ id: Int64, actor: Actor, _ db: Connection) throws -> String {
        var sql = "SELECT name FROM registry_people WHERE id = ?"
        var arguments: [any DatabaseValueConvertible] = [id]
        if let scope = TrainingScope.people(actor, column: "id") { sql += " AND (\(scope.sql))"; arguments += scope.arguments }
        guard let name = try db.queryOne(sql, arguments)?.string("name") else {
            throw DomainError(.notFound, "没有编号为\(id)的人员 (no person with id \(id)); 企业人员须先在本单位登记职务 (org posts add)")
        }
        return name
    }
}
