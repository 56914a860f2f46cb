// Law Art 94 on every path by which someone becomes principal person (主要负责人): Training's own
// (people, appointments, job changes) and the registry's (a post with the role principalPerson,
// an enterprise's principal person), the latter through the kernel's registry rule hook.
// A person is matched by their record, or by name where either record lacks an identity number
// (a banned person entered again as a new record without one is still caught).
import Kernel

extension TrainingService {
    /// The ban that bars `person` from heading an enterprise in `industry` at any time from `from`
    /// (in force on `from`, or started since and by `today`): its row with `same_record` (1 when
    /// the ban is on this very record, 0 when on a namesake whose identity cannot tell them apart).
    func barringBan(person: Int64, industry: String, from: CalendarDate, today: CalendarDate, _ db: Connection) throws -> Row? {
        let latest = max(from, today)
        return try db.queryOne("""
            SELECT x.*, p.name AS person_name, x.person_id = c.id AS same_record FROM training_bans x
            JOIN registry_people p ON p.id = x.person_id JOIN registry_people c ON c.id = ?
            WHERE (x.person_id = c.id OR (p.name = c.name AND (p.identity_number IS NULL OR c.identity_number IS NULL)))
              AND (x.kind = 'term' OR x.industry = ?)
              AND x.starts_on <= ? AND (x.ends_on IS NULL OR x.ends_on > ?)
            ORDER BY same_record DESC, x.kind = 'lifetime' DESC, x.ends_on DESC, x.id LIMIT 1
            """, [person, industry, latest.iso, from.iso])
    }

    /// Refuses `person` as principal person of `enterprise` from `from` when a ban bars it, with
    /// the reason and the ban's record (409, `reason` `banned`, or `banned_namesake`).
    func refuseIfBanned(_ person: Int64, name: String, enterprise: EnterpriseFacts, on from: CalendarDate, today: CalendarDate, _ db: Connection) throws {
        try refuseIfBanned(person, name: name, enterpriseName: enterprise.name, industry: enterprise.industry, from: from, today: today, db)
    }

    func refuseIfBanned(_ person: Int64, name: String, enterpriseName: String, industry: String, from: CalendarDate, today: CalendarDate,
                        _ db: Connection) throws {
        guard let ban = try barringBan(person: person, industry: industry, from: from, today: today, db) else { return }
        let same = ban.int("same_record") == 1
        let message = same
            ? "\(name)不得担任\(enterpriseName)的主要负责人：\(banWords(ban))"
            : "\(name)与禁入人员同名且无法以公民身份号码区分，不得担任\(enterpriseName)的主要负责人：\(banWords(ban))；如非同一人，请为两人登记公民身份号码"
                + " (a banned person of the same name cannot be told apart without identity numbers)"
        throw DomainError(.conflict, message, extra: [JSON.Member("reason", .string(same ? "banned" : "banned_namesake")),
                                                      JSON.Member("ban", banJSON(ban))])
    }

    /// The person a ban is for: `person_id`, or the record holding `identity_number` (both: the same one).
    func bannedPerson(_ input: Values, _ db: Connection) throws -> Int64 {
        guard let number = input.text("identity_number") else {
            guard let person = input.id("person_id") else {
                // Either field will do, so neither alone is required by the schema: a rule of its own.
                throw DomainError.validation([FieldError("person_id", "person_or_identity", "须指明禁入人员：person_id 或 identity_number (give the banned person: person_id or identity_number)")])
            }
            return person
        }
        guard let holder = try db.queryOne("SELECT id FROM registry_people WHERE identity_number = ?", [number])?.int("id") else {
            throw DomainError(.notFound, "没有登记此公民身份号码的人员，请先登记人员及其号码 (no person has this identity number; add them with org people add)")
        }
        if let given = input.id("person_id"), given != holder {
            throw DomainError.validation([FieldError("identity_number", "identity_mismatch", "公民身份号码与 person_id 所指人员不符 (the identity number is another person's)")])
        }
        return holder
    }

    /// The rule on registry writes: a post as principal person of an enterprise, and an
    /// enterprise's principal person, are refused for a banned person.
    public var registryRules: [RegistryRule] {
        [RegistryRule(id: "training.ban.principal_person", plurals: ["posts", "enterprises"]) { change, tx in
            try checkRegistryChange(change, tx)
        }]
    }

    func checkRegistryChange(_ change: RegistryChange, _ tx: WriteTransaction) throws {
        switch change.schema.plural {
        case "posts":
            guard change.text("role") == "principalPerson", let enterpriseID = change.int("enterprise_id"), let person = change.int("person_id"),
                  change.isCreate || !change.changed.isDisjoint(with: ["role", "person_id", "enterprise_id", "since"]),
                  let enterprise = try TrainingStore.enterprise(enterpriseID, tx.db) else { return }
            let from = change.text("since").flatMap(CalendarDate.init(iso:)) ?? tx.today
            try refuseIfBanned(person, name: try TrainingStore.personName(person, tx.db) ?? "", enterprise: enterprise, on: from, today: tx.today, tx.db)
        case "enterprises":
            guard let name = change.text("principal_person")?.trimmingCharacters(in: .whitespaces), !name.isEmpty,
                  let industry = change.text("industry"),
                  change.isCreate || !change.changed.isDisjoint(with: ["principal_person", "industry"]) else { return }
            let enterpriseName = change.text("name") ?? ""
            // The name is the enterprise's posted principal person of that name where there is one;
            // otherwise every person of that name.
            var candidates: [Int64] = []
            if let id = change.id {
                candidates = try tx.db.query("""
                    SELECT DISTINCT p.person_id FROM registry_posts p JOIN registry_people r ON r.id = p.person_id
                    WHERE p.enterprise_id = ? AND p.role = 'principalPerson' AND r.name = ? ORDER BY p.person_id
                    """, [id, name]).map { $0.requiredInt("person_id") }
            }
            if candidates.isEmpty {
                candidates = try tx.db.query("SELECT id FROM registry_people WHERE name = ? ORDER BY id", [name]).map { $0.requiredInt("id") }
            }
            for person in candidates {
                try refuseIfBanned(person, name: name, enterpriseName: enterpriseName, industry: industry, from: tx.today, today: tx.today, tx.db)
            }
        default: return
        }
    }
}
