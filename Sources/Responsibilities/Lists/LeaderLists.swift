// Leaders' duty lists (职责清单) and annual work lists (工作清单, due by the end of February):
// who must file — the committee's responsible comrades (区安委会负责同志) and the member units'
// principal leaders (成员单位主要负责同志), two tiers kept apart — filing, reading a filed list
// back, and who has filed as of a day (late filings say by how many days).
import Kernel

/// Who is expected to file a leader's list.
enum LeaderTier: String, CaseIterable, Sendable {
    case committee, unit
    var chinese: String { self == .committee ? "区安委会负责同志" : "成员单位主要负责同志" }
}

/// One leader expected to file.
struct ExpectedLeader {
    var id: Int64, name: String, tier: LeaderTier, title: String, body: String, unitID: Int64?
}

extension ListService {
    /// Every leader expected to file: the committee's responsible comrades first (in the order the
    /// office registered them), then each member unit's principal leader. A committee leader who
    /// also heads a unit stands in both tiers (one filing counts for both), so the units' tier
    /// always has every unit's head.
    static func leaders(_ db: Connection) throws -> [ExpectedLeader] {
        var result = try db.query("SELECT person_id, person_name, title FROM responsibilities_committee_leaders ORDER BY id").map {
            ExpectedLeader(id: $0.requiredInt("person_id"), name: $0.requiredString("person_name"), tier: .committee, title: $0.requiredString("title"), body: "区安委会", unitID: nil)
        }
        for row in try db.query("""
            SELECT p.id, p.name, u.id AS unit_id, u.name AS unit FROM registry_posts s JOIN registry_people p ON p.id = s.person_id
            JOIN registry_units u ON u.id = s.unit_id WHERE s.role = 'principalLeader' ORDER BY u.id, p.id
            """) {
            result.append(ExpectedLeader(id: row.requiredInt("id"), name: row.requiredString("name"), tier: .unit, title: "主要负责同志",
                                         body: row.requiredString("unit"), unitID: row.requiredInt("unit_id")))
        }
        return result
    }

    static func fileLeaderList(kind: LeaderListKind, year: Int, personID: Int64, content: String, _ tx: WriteTransaction) throws -> Int64 {
        try requireOffice(tx.actor, "登记领导干部清单")
        guard let leader = try leaders(tx.db).first(where: { $0.id == personID }) else {
            let name = try tx.db.queryOne("SELECT name FROM registry_people WHERE id = ?", [personID])?.string("name") ?? String(personID)
            throw DomainError.validation([FieldError("person_id", "not_leader",
                "“\(name)”既不是区安委会负责同志，也不是成员单位的主要负责同志 (neither a committee leader nor a unit's principal leader)")])
        }
        if let existing = try tx.db.queryOne("SELECT id, filed_on FROM responsibilities_leader_lists WHERE kind = ? AND year = ? AND person_id = ?", [kind.rawValue, year, leader.id]) {
            throw DomainError(.conflict, "\(leader.name)（\(leader.body)）已于\(existing.requiredString("filed_on"))报送\(year)年度\(kind.chinese)（编号\(existing.requiredInt("id"))） (already filed)",
                              extra: [JSON.Member("code", .string("already_filed")), JSON.Member("existing_id", .int(existing.requiredInt("id")))])
        }
        try tx.db.execute("INSERT INTO responsibilities_leader_lists (kind, year, person_id, person_name, content, filed_on, created_by, created_at, tier) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          [kind.rawValue, year, leader.id, leader.name, content, tx.today.iso, tx.actor.username, tx.nowText, leader.tier.rawValue])
        let id = tx.db.lastInsertRowID
        let due = leaderListDue(year: year)
        let late = due.days(until: tx.today)
        try tx.audit(action: "responsibilities.leader_list.file", entity: "leader_list", entityID: String(id),
                     summary: "\(leader.name)（\(leader.tier.chinese)，\(leader.body)）报送\(year)年度\(kind.chinese)" + (late > 0 ? "，逾期\(late)天" : ""))
        return id
    }

    /// Lists are due by the end of February of their year.
    static func leaderListDue(year: Int) -> CalendarDate { CalendarDate.endOfMonth(year: year, month: 2) }

    /// One filed list with its content: the office any; a unit user its own principal leader's.
    static func leaderList(_ id: Int64, actor: Actor, _ db: Connection) throws -> JSON {
        guard let row = try db.queryOne("SELECT * FROM responsibilities_leader_lists WHERE id = ?", [id]) else { throw notFound("领导干部清单", id) }
        let personID = row.requiredInt("person_id")
        let tier = LeaderTier(rawValue: row.requiredString("tier")) ?? .unit
        let posts = try leaders(db).filter { $0.id == personID }
        let leader = posts.first { $0.tier == tier } ?? posts.first
        if !actor.isOffice {
            guard actor.role == .unit, case .unit(let unitID) = actor.scope, posts.contains(where: { $0.unitID == unitID }) else {
                throw notFound("领导干部清单", id)
            }
        }
        let year = Int(row.requiredInt("year"))
        let due = leaderListDue(year: year), filedOn = CalendarDate(iso: row.requiredString("filed_on")) ?? due
        let kind = LeaderListKind(rawValue: row.requiredString("kind")) ?? .work
        let verdict = leaderVerdict(filedOn: filedOn, due: due, asOf: filedOn)
        return .object(["id": .int(id), "kind": .string(kind.rawValue), "kind_label": .string(kind.chinese), "year": .int(Int64(year)),
                        "person_id": .int(personID), "name": .string(row.requiredString("person_name")),
                        "tier": .string(tier.rawValue), "tier_label": .string(tier.chinese), "body": .string(leader?.body ?? (tier == .committee ? "区安委会" : "")),
                        "content": .string(row.requiredString("content")), "filed_on": .string(filedOn.iso), "due": .string(due.iso),
                        "days_late": .int(Int64(max(0, due.days(until: filedOn)))), "colour": .string(verdict.colour.rawValue),
                        "reason_code": .string(verdict.code), "reason": .string(verdict.reason), "filed_by": .string(row.requiredString("created_by"))])
    }

    /// The colour of one leader's list on `asOf`: filed on time (green), filed late (yellow, by how
    /// many days), not filed and overdue (red), not filed and due within the yellow window
    /// (yellow), not filed and not yet due (green).
    static func leaderVerdict(filedOn: CalendarDate?, due: CalendarDate, asOf: CalendarDate, yellowDays: Int = ColourRules().yellowDaysBefore)
        -> (colour: StatusColour, code: String, reason: String, daysLate: Int?) {
        if let filedOn {
            let late = due.days(until: filedOn)
            if late > 0 { return (.yellow, "filed_late", "逾期报送：截止\(due.iso)，\(filedOn.iso)报送，逾期\(late)天", late) }
            return (.green, "filed_on_time", "按期报送：\(filedOn.iso)报送（截止\(due.iso)）", 0)
        }
        let late = due.days(until: asOf)
        if late > 0 { return (.red, "overdue", "逾期未报送：截止\(due.iso)，已逾期\(late)天", late) }
        if -late <= yellowDays { return (.yellow, "due_soon", "临近截止未报送：截止\(due.iso)，还有\(-late)天", nil) }
        return (.green, "not_yet_due", "尚未报送，未到截止日期（截止\(due.iso)，还有\(-late)天）", nil)
    }

    /// Every expected leader with whether the list was filed on or before `asOf` (a filing made
    /// after that day does not count), its colour and the reason. Depends on nothing but the
    /// filings and the day: the same bytes whether or not the scheduled checks have run.
    static func leaderListStatus(kind: LeaderListKind, year: Int, missingOnly: Bool, tier: LeaderTier?, asOf: CalendarDate, yellowDays: Int, _ db: Connection) throws -> [JSON] {
        var filed: [Int64: (id: Int64, on: CalendarDate)] = [:]
        for row in try db.query("SELECT id, person_id, filed_on FROM responsibilities_leader_lists WHERE kind = ? AND year = ? AND filed_on <= ?", [kind.rawValue, year, asOf.iso]) {
            if let on = CalendarDate(iso: row.requiredString("filed_on")) { filed[row.requiredInt("person_id")] = (row.requiredInt("id"), on) }
        }
        let due = leaderListDue(year: year)
        return try leaders(db).filter { (tier == nil || $0.tier == tier) && (!missingOnly || filed[$0.id] == nil) }.map { leader in
            let filing = filed[leader.id]
            let verdict = leaderVerdict(filedOn: filing?.on, due: due, asOf: asOf, yellowDays: yellowDays)
            return .object(["person_id": .int(leader.id), "name": .string(leader.name), "tier": .string(leader.tier.rawValue), "tier_label": .string(leader.tier.chinese),
                            "title": .string(leader.title), "unit": .string(leader.body), "filed": .bool(filing != nil),
                            "list_id": filing.map { .int($0.id) } ?? .null, "filed_on": filing.map { .string($0.on.iso) } ?? .null,
                            "due": .string(due.iso), "days_late": verdict.daysLate.map { .int(Int64($0)) } ?? .null,
                            "colour": .string(verdict.colour.rawValue), "reason_code": .string(verdict.code), "reason": .string(verdict.reason),
                            "as_of": .string(asOf.iso)])
        }
    }
}

extension LeaderListKind {
    var chinese: String { self == .duty ? "职责清单" : "工作清单" }
}
