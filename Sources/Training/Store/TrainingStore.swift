// Training's SQL: its own tables (training_*), and reads of the registry's enterprises and people.
// Every list is scoped by the actor and paged by id (keyset).
import Kernel

/// An enterprise as Training needs it (read from the registry).
struct EnterpriseFacts: Sendable {
    var id: Int64
    var name: String
    var territoryId: Int64
    var territoryName: String
    var industry: String
    var highRisk: Bool
}

enum TrainingStore {
    // MARK: - Paging

    /// A page of rows from `select` (which must select `x.id`), narrowed by conditions, after a cursor.
    static func page(_ db: Connection, select: String, conditions: [String], arguments: [any DatabaseValueConvertible],
                     scope: ScopeCondition?, after: Int64?, limit: Int, json: (Row) throws -> JSON) throws -> Page {
        var conditions = conditions
        var arguments = arguments
        if let scope {
            conditions.append("(\(scope.sql))")
            arguments += scope.arguments
        }
        if let after {
            conditions.append("x.id > ?")
            arguments.append(after)
        }
        let sql = select + (conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")) + " ORDER BY x.id LIMIT ?"
        arguments.append(limit + 1)
        let rows = try db.query(sql, arguments)
        let items = try rows.prefix(limit).map(json)
        let next = rows.count > limit ? rows.prefix(limit).last?.int("id").map(Cursor.encode) : nil
        return Page(items: items, next: next)
    }

    /// Row `id` of `select` (which must select `x.id`) within `scope`, else "not found" naming `what`.
    static func row(_ select: String, id: Int64, scope: ScopeCondition?, notFound what: (chinese: String, english: String), _ db: Connection) throws -> Row {
        var sql = select + " WHERE x.id = ?"
        var arguments: [any DatabaseValueConvertible] = [id]
        if let scope { sql += " AND (\(scope.sql))"; arguments += scope.arguments }
        guard let row = try db.queryOne(sql, arguments) else { throw DomainError.notFound(what.chinese, what.english, String(id)) }
        return row
    }

    // MARK: - Registry reads

    static func enterprise(_ id: Int64, _ db: Connection) throws -> EnterpriseFacts? {
        try db.queryOne("""
            SELECT e.id, e.name, e.territory_id, t.name AS territory_name, e.industry, e.high_risk
            FROM registry_enterprises e JOIN registry_territories t ON t.id = e.territory_id WHERE e.id = ?
            """, [id]).map(enterpriseFacts)
    }

    /// The enterprises the actor sees with the filters, in id order: those after `after`, at most
    /// `limit` (every one when nil) — a keyset page of the registry by its primary key.
    static func enterprises(_ actor: Actor, territory: Int64?, industry: String?, enterprise: Int64?, after: Int64? = nil, limit: Int? = nil,
                            _ db: Connection) throws -> [EnterpriseFacts] {
        var sql = """
            SELECT e.id, e.name, e.territory_id, t.name AS territory_name, e.industry, e.high_risk
            FROM registry_enterprises e JOIN registry_territories t ON t.id = e.territory_id WHERE 1 = 1
            """
        var arguments: [any DatabaseValueConvertible] = []
        if let territory { sql += " AND e.territory_id = ?"; arguments.append(territory) }
        if let industry { sql += " AND e.industry = ?"; arguments.append(industry) }
        if let enterprise { sql += " AND e.id = ?"; arguments.append(enterprise) }
        if let scope = TrainingScope.enterprises(actor, column: "e.id") { sql += " AND (\(scope.sql))"; arguments += scope.arguments }
        if let after { sql += " AND e.id > ?"; arguments.append(after) }
        sql += " ORDER BY e.id"
        if let limit { sql += " LIMIT ?"; arguments.append(limit) }
        // By position (issue 23: the daily colour check reads all 20,000): what `enterpriseFacts` makes of each row.
        var result: [EnterpriseFacts] = []
        try db.forEachStatementRow(sql, arguments.map(\.databaseValue)) { row in
            let industry = row.string(4) ?? ""
            result.append(EnterpriseFacts(id: row.int(0) ?? 0, name: row.string(1) ?? "", territoryId: row.int(2) ?? 0,
                                          territoryName: row.string(3) ?? "", industry: industry,
                                          highRisk: (row.int(5) ?? 0) != 0 || Industry.isHighRisk(industry)))
        }
        return result
    }

    static func enterpriseFacts(_ row: Row) -> EnterpriseFacts {
        EnterpriseFacts(id: row.requiredInt("id"), name: row.requiredString("name"), territoryId: row.requiredInt("territory_id"),
                        territoryName: row.requiredString("territory_name"), industry: row.requiredString("industry"),
                        highRisk: row.bool("high_risk") || Industry.isHighRisk(row.requiredString("industry")))
    }

    static func personName(_ id: Int64, _ db: Connection) throws -> String? {
        try db.queryOne("SELECT name FROM registry_people WHERE id = ?", [id])?.string("name")
    }

    // MARK: - Training's own rows for the rules

    /// Above this many enterprises, `people` passes over the whole table instead of searching the index per enterprise.
    static let wholeTableAbove = 2_000

    /// `ids` in chunks of at most 500 (SQLite's limit on bound values), each with its `?,?,…`.
    static func chunks(_ ids: [Int64]) -> [(ids: [Int64], placeholders: String)] {
        stride(from: 0, to: ids.count, by: 500).map { start in
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            return (chunk, chunk.map { _ in "?" }.joined(separator: ","))
        }
    }

    static let personSelect = """
        SELECT x.id, x.person_id, p.name AS person_name, x.enterprise_id, e.name AS enterprise_name, x.role, x.hired_on, x.role_since,
               x.retraining_since, x.retraining_reason, x.left_on, x.version, x.created_at, x.updated_at
        FROM training_people x JOIN registry_people p ON p.id = x.person_id JOIN registry_enterprises e ON e.id = x.enterprise_id
        """

    static func personRole(_ row: Row) -> PersonRole {
        PersonRole(id: row.requiredInt("id"), personId: row.requiredInt("person_id"), name: row.requiredString("person_name"),
                   enterpriseId: row.requiredInt("enterprise_id"), role: TrainingRole(rawValue: row.requiredString("role")) ?? .worker,
                   hiredOn: row.string("hired_on").flatMap(CalendarDate.init(iso:)),
                   roleSince: row.string("role_since").flatMap(CalendarDate.init(iso:)) ?? CalendarDate(daysSinceEpoch: 0),
                   retrainingSince: row.string("retraining_since").flatMap(CalendarDate.init(iso:)),
                   retrainingReason: row.string("retraining_reason"),
                   leftOn: row.string("left_on").flatMap(CalendarDate.init(iso:)))
    }

    /// The people of the given enterprises (only those of `roles` when given), in id order per chunk.
    /// `names` false: the names are left empty and the registry's rows not read (a roll-up only
    /// counts: at ten years 100,893 lookups scattered over registry_people); the people are read
    /// from the index training_people_enterprise_facts alone.
    static func people(enterprises ids: [Int64], roles: [TrainingRole]? = nil, names: Bool = true, _ db: Connection) throws -> [PersonRole] {
        guard !ids.isEmpty else { return [] }
        var result: [PersonRole] = []
        let only = roles.map { " AND x.role IN (\($0.map { "'\($0.rawValue)'" }.joined(separator: ", ")))" } ?? ""
        func person(_ row: StatementRow) -> PersonRole {
            PersonRole(id: row.int(0) ?? 0, personId: row.int(1) ?? 0, name: row.string(2) ?? "",
                       enterpriseId: row.int(3) ?? 0, role: TrainingRole(rawValue: row.string(4) ?? "") ?? .worker,
                       hiredOn: row.date(5), roleSince: row.date(6) ?? CalendarDate(daysSinceEpoch: 0),
                       retrainingSince: row.date(7), retrainingReason: row.string(8), leftOn: row.date(9))
        }
        if ids.count > wholeTableAbove {
            // Many enterprises (the daily check: all 20,000): one pass over the table, in id order,
            // keeping those of `ids`, instead of an index search per enterprise. Per enterprise the
            // same people in the same (id) order as the chunks below give.
            let wanted = Set(ids)
            try db.forEachStatementRow("""
                SELECT x.id, x.person_id, \(names ? "p.name" : "''") AS person_name, x.enterprise_id, x.role, x.hired_on, x.role_since, x.retraining_since, x.retraining_reason, x.left_on
                FROM training_people x \(names ? "JOIN registry_people p ON p.id = x.person_id " : "")WHERE 1 = 1\(only) ORDER BY x.id
                """, []) { row in
                if wanted.contains(row.int64(3)) { result.append(person(row)) }
            }
            return result
        }
        for chunk in chunks(ids) {
            // Only the columns `personRole` reads (issue 23: the daily colour check reads every person).
            // Read by position (issue 23): what `personRole` makes of the same row.
            try db.forEachStatementRow("""
                SELECT x.id, x.person_id, \(names ? "p.name" : "''") AS person_name, x.enterprise_id, x.role, x.hired_on, x.role_since, x.retraining_since, x.retraining_reason, x.left_on
                FROM training_people x \(names ? "JOIN registry_people p ON p.id = x.person_id " : "")WHERE x.enterprise_id IN (\(chunk.placeholders))\(only) ORDER BY x.id
                """, chunk.ids.map { .integer($0) }) { row in result.append(person(row)) }
        }
        return result
    }

    static func trainingFact(_ row: Row) -> TrainingFact {
        TrainingFact(id: row.requiredInt("id"), personId: row.requiredInt("person_id"),
                     heldOn: row.string("held_on").flatMap(CalendarDate.init(iso:)) ?? CalendarDate(daysSinceEpoch: 0),
                     hours: row.double("class_hours") ?? 0, kind: TrainingKind(rawValue: row.requiredString("kind")) ?? .refresher,
                     level: row.string("level").flatMap(TrainingLevel.init(rawValue:)),
                     examScore: row.int("exam_score").map(Int.init), makeupScore: row.int("makeup_score").map(Int.init))
    }

    /// Every training of the given people, by person.
    static func trainings(people ids: Set<Int64>, _ db: Connection) throws -> [Int64: [TrainingFact]] {
        var result: [Int64: [TrainingFact]] = [:]
        func fact(_ row: StatementRow) -> TrainingFact {
            TrainingFact(id: row.int(0) ?? 0, personId: row.int(1) ?? 0, heldOn: row.date(2) ?? CalendarDate(daysSinceEpoch: 0),
                         hours: row.double(3) ?? 0, kind: TrainingKind(rawValue: row.string(4) ?? "") ?? .refresher,
                         level: row.string(5).flatMap(TrainingLevel.init(rawValue:)),
                         examScore: row.int(6).map(Int.init), makeupScore: row.int(7).map(Int.init))
        }
        for chunk in chunks(ids.sorted()) {
            // Only the columns `trainingFact` reads (issue 23: the daily colour check reads every record).
            // Read by position (issue 23): what `trainingFact` makes of the same row.
            try db.forEachStatementRow("""
                SELECT id, person_id, held_on, class_hours, kind, level, exam_score, makeup_score FROM training_records WHERE person_id IN (\(chunk.placeholders))
                """, chunk.ids.map { .integer($0) }) { row in
                let fact = fact(row)
                result[fact.personId, default: []].append(fact)
            }
        }
        return result
    }

    static func certificateDates(_ row: Row) -> CertificateDates {
        let date = { (name: String) in row.string(name).flatMap(CalendarDate.init(iso:)) }
        return CertificateDates(type: CertificateType(rawValue: row.requiredString("type")) ?? .specialOperation,
                                issuedOn: date("issued_on") ?? CalendarDate(daysSinceEpoch: 0),
                                validTo: date("valid_to") ?? CalendarDate(daysSinceEpoch: 0),
                                reviewBaseOn: date("review_base_on"), compliantSince: date("compliant_since"),
                                invalidReason: row.string("invalid_reason"))
    }

    /// Special-operation certificates of the given people, by person.
    static func certificates(people ids: Set<Int64>, _ db: Connection) throws -> [Int64: [Row]] {
        var result: [Int64: [Row]] = [:]
        for chunk in chunks(ids.sorted()) {
            try db.forEachRow("SELECT * FROM training_certificates WHERE type = 'specialOperation' AND person_id IN (\(chunk.placeholders))", chunk.ids) { row in
                result[row.requiredInt("person_id"), default: []].append(row)
            }
        }
        return result
    }

    /// The next version and the update time of a row being changed.
    static func bump(_ table: String, id: Int64, _ tx: WriteTransaction) throws {
        try tx.db.execute("UPDATE \(table) SET version = version + 1, updated_at = ? WHERE id = ?", [tx.nowText, id])
    }
}
