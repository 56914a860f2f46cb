// The responsibility lists' rules: leaders' lists (work lists due by end of February), versioned
// unit lists with a diff, "one matter" chains with their gaps and overlaps, and the internal
// safety leading group whose head must be the unit's principal leader.
import Foundation
import Kernel

enum UnitListKind: String, CaseIterable {
    case threeManages, powerDuty, publicService, intermediaryService
}

/// One item of a unit list: the duty and its legal basis.
struct ListItem: Hashable {
    var duty: String
    var basis: String
    var json: JSON { .object(["duty": .string(duty), "basis": .string(basis)]) }
}

/// A chain link as given: its name, lead units and cooperating units (names or ids).
struct LinkInput {
    var name: String
    var leads: [String]
    var cooperating: [String]
}

enum ListService {
    static func unit(_ text: String, field: String, _ db: Connection) throws -> (id: Int64, name: String) {
        if let found = try RegistryReader.resolve(text, db), found.kind == "unit" { return (found.id, found.name) }
        throw DomainError.validation([FieldError(field, "unknown_unit", "no member unit called '\(text)'")])
    }

    /// A unit user may only touch its own unit's lists; the office any.
    static func requireOwnUnit(_ unitID: Int64, _ actor: Actor) throws {
        if actor.isAdmin { return }
        guard actor.role == .unit, actor.scope == .unit(unitID) else { throw DomainError.notFound("unit", String(unitID)) }
    }

    // MARK: Leaders' lists

    /// Leaders expected to file: every principal leader (主要负责同志) post of a member unit.
    static func leaders(_ db: Connection) throws -> [(id: Int64, name: String, unit: String)] {
        try db.query("""
            SELECT p.id, p.name, u.name AS unit FROM registry_posts s JOIN registry_people p ON p.id = s.person_id
            JOIN registry_units u ON u.id = s.unit_id WHERE s.role = 'principalLeader' ORDER BY u.id, p.id
            """).map { ($0.requiredInt("id"), $0.requiredString("name"), $0.requiredString("unit")) }
    }

    static func yearError(_ year: Int) -> FieldError {
        FieldError("year", "range", "year must be from \(CalendarDate.sensibleYears.lowerBound) to \(CalendarDate.sensibleYears.upperBound), got \(year)")
    }

    static func fileLeaderList(kind: String, year: Int, person: String, content: String, _ tx: WriteTransaction) throws -> Int64 {
        try LedgerScope.requireOffice(tx.actor, "file a leader's list")
        var errors: [FieldError] = []
        if !["duty", "work"].contains(kind) { errors.append(FieldError("kind", "choice", "expected duty (职责清单) or work (工作清单), got '\(kind)'")) }
        if !CalendarDate.sensibleYears.contains(year) { errors.append(Self.yearError(year)) }
        if content.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { errors.append(FieldError("content", "required", "the list's content is required")) }
        let people = try leaders(tx.db)
        let found = people.first { String($0.id) == person || $0.name == person }
        if found == nil { errors.append(FieldError("person", "unknown", "'\(person)' is not a registered leader (主要负责同志)")) }
        if !errors.isEmpty { throw DomainError.validation(errors) }
        guard let leader = found else { return 0 }
        if try tx.db.queryOne("SELECT id FROM responsibilities_leader_lists WHERE kind = ? AND year = ? AND person_id = ?", [kind, year, leader.id]) != nil {
            throw DomainError.conflict("\(leader.name) has already filed the \(year) \(kind) list")
        }
        try tx.db.execute("INSERT INTO responsibilities_leader_lists (kind, year, person_id, person_name, content, filed_on, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                          [kind, year, leader.id, leader.name, content, tx.today.iso, tx.actor.username, tx.nowText])
        let id = tx.db.lastInsertRowID
        try tx.audit(action: "responsibilities.leader_list.file", entity: "leader_list", entityID: String(id), summary: "\(leader.name) (\(leader.unit)) \(year) \(kind) list filed")
        return id
    }

    /// Every expected leader with whether (and when) the list was filed; work lists are due by end of February.
    static func leaderListStatus(kind: String, year: Int, today: CalendarDate, _ db: Connection) throws -> [JSON] {
        guard CalendarDate.sensibleYears.contains(year) else { throw DomainError.validation([Self.yearError(year)]) }
        var filed: [Int64: String] = [:]
        for row in try db.query("SELECT person_id, filed_on FROM responsibilities_leader_lists WHERE kind = ? AND year = ?", [kind, year]) {
            filed[row.requiredInt("person_id")] = row.requiredString("filed_on")
        }
        let due = CalendarDate.endOfMonth(year: year, month: 2)
        return try leaders(db).map { leader in
            let on = filed[leader.id]
            let colour: StatusColour = on != nil ? .green : (today > due ? .red : .yellow)
            return .object(["person_id": .int(leader.id), "name": .string(leader.name), "unit": .string(leader.unit), "filed": .bool(on != nil),
                            "filed_on": JSON(on), "due": .string(due.iso), "colour": .string(colour.rawValue)])
        }
    }

    // MARK: Unit lists

    static func addUnitList(unit: String, kind: String, effectiveFrom: CalendarDate, items: [ListItem], _ tx: WriteTransaction) throws -> JSON {
        let found = try self.unit(unit, field: "unit", tx.db)
        try requireOwnUnit(found.id, tx.actor)
        var errors: [FieldError] = []
        if UnitListKind(rawValue: kind) == nil { errors.append(FieldError("kind", "choice", "expected one of \(UnitListKind.allCases.map(\.rawValue).joined(separator: ", "))")) }
        if items.isEmpty { errors.append(FieldError("items", "required", "a list needs at least one item (duty | legal basis)")) }
        for (index, item) in items.enumerated() where item.duty.isEmpty || item.basis.isEmpty {
            errors.append(FieldError("items[\(index)]", "incomplete", "each item needs a duty and its legal basis (职责|法律依据)"))
        }
        if Set(items.map(\.duty)).count != items.count { errors.append(FieldError("items", "duplicate", "a duty is listed twice")) }
        let last = try tx.db.queryOne("SELECT version, effective_from FROM responsibilities_unit_lists WHERE unit_id = ? AND kind = ? ORDER BY version DESC LIMIT 1", [found.id, kind])
        if let last, let previous = CalendarDate(iso: last.requiredString("effective_from")), effectiveFrom <= previous {
            errors.append(FieldError("effective_from", "order", "must be after version \(last.requiredInt("version"))'s \(previous.iso)"))
        }
        if !errors.isEmpty { throw DomainError.validation(errors) }
        let version = (last?.requiredInt("version") ?? 0) + 1
        try tx.db.execute("INSERT INTO responsibilities_unit_lists (unit_id, kind, version, effective_from, items, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          [found.id, kind, version, effectiveFrom.iso, JSON.array(items.map(\.json)).serialized, tx.actor.username, tx.nowText])
        let id = tx.db.lastInsertRowID
        try tx.audit(action: "responsibilities.unit_list.add", entity: "unit_list", entityID: String(id), summary: "\(found.name) \(kind) version \(version) from \(effectiveFrom.iso)")
        return .object(["id": .int(id), "unit_id": .int(found.id), "unit_name": .string(found.name), "kind": .string(kind), "version": .int(version),
                        "effective_from": .string(effectiveFrom.iso), "items": .array(items.map(\.json))])
    }

    static func unitListItems(unitID: Int64, kind: String, version: Int64, _ db: Connection) throws -> [ListItem] {
        guard let row = try db.queryOne("SELECT items FROM responsibilities_unit_lists WHERE unit_id = ? AND kind = ? AND version = ?", [unitID, kind, version]) else {
            throw DomainError.notFound("\(kind) list version", String(version))
        }
        let items = (try? JSONParser.parse(Array(row.requiredString("items").utf8)))?.arrayValue ?? []
        return items.map { ListItem(duty: $0["duty"]?.stringValue ?? "", basis: $0["basis"]?.stringValue ?? "") }
    }

    /// Items added, removed and changed (same duty, another legal basis) from one version to another.
    static func diff(unit: String, kind: String, from: Int64, to: Int64, actor: Actor, _ db: Connection) throws -> JSON {
        let found = try self.unit(unit, field: "unit", db)
        try requireOwnUnit(found.id, actor)
        let old = try unitListItems(unitID: found.id, kind: kind, version: from, db)
        let new = try unitListItems(unitID: found.id, kind: kind, version: to, db)
        let oldByDuty = Dictionary(old.map { ($0.duty, $0) }, uniquingKeysWith: { a, _ in a })
        let newByDuty = Dictionary(new.map { ($0.duty, $0) }, uniquingKeysWith: { a, _ in a })
        let added = new.filter { oldByDuty[$0.duty] == nil }
        let removed = old.filter { newByDuty[$0.duty] == nil }
        let changed: [JSON] = new.compactMap { item in
            guard let before = oldByDuty[item.duty], before.basis != item.basis else { return nil }
            return .object(["duty": .string(item.duty), "basis_before": .string(before.basis), "basis_after": .string(item.basis)])
        }
        return .object(["unit_name": .string(found.name), "kind": .string(kind), "from": .int(from), "to": .int(to),
                        "added": .array(added.map(\.json)), "removed": .array(removed.map(\.json)), "changed": .array(changed)])
    }

    static func unitLists(unit: String?, actor: Actor, _ db: Connection) throws -> [JSON] {
        var sql = "SELECT l.*, u.name AS unit_name FROM responsibilities_unit_lists l JOIN registry_units u ON u.id = l.unit_id WHERE 1"
        var args: [any DatabaseValueConvertible] = []
        if let unit { sql += " AND l.unit_id = ?"; args.append(try self.unit(unit, field: "unit", db).id) }
        if !actor.isAdmin {
            guard actor.role == .unit, case .unit(let id) = actor.scope else { return [] }
            sql += " AND l.unit_id = ?"; args.append(id)
        }
        return try db.query(sql + " ORDER BY l.unit_id, l.kind, l.version", args).map { row in
            .object(["id": .int(row.requiredInt("id")), "unit_id": .int(row.requiredInt("unit_id")), "unit_name": .string(row.requiredString("unit_name")),
                     "kind": .string(row.requiredString("kind")), "version": .int(row.requiredInt("version")),
                     "effective_from": .string(row.requiredString("effective_from")),
                     "items": (try? JSONParser.parse(Array(row.requiredString("items").utf8))) ?? .array([])])
        }
    }

    // MARK: Chains

    static func addChain(name: String, links: [LinkInput], _ tx: WriteTransaction) throws -> Int64 {
        try LedgerScope.requireOffice(tx.actor, "define a one-matter chain")
        var errors: [FieldError] = []
        if name.trimmingCharacters(in: .whitespaces).isEmpty { errors.append(FieldError("name", "required", "the matter's name is required (e.g. 燃气)")) }
        if links.isEmpty { errors.append(FieldError("links", "required", "a chain needs at least one link")) }
        var resolved: [(String, [(Int64, String, String)])] = []
        for (index, link) in links.enumerated() {
            if link.name.isEmpty { errors.append(FieldError("links[\(index)].name", "required", "each link needs a name")) }
            var units: [(Int64, String, String)] = []
            for (role, names) in [("lead", link.leads), ("cooperating", link.cooperating)] {
                for text in names {
                    if let found = try RegistryReader.resolve(text, tx.db), found.kind == "unit" {
                        if !units.contains(where: { $0.0 == found.id }) { units.append((found.id, found.name, role)) }
                    } else {
                        errors.append(FieldError("links[\(index)].units", "unknown_unit", "no member unit called '\(text)'"))
                    }
                }
            }
            resolved.append((link.name, units))
        }
        if try tx.db.queryOne("SELECT id FROM responsibilities_chains WHERE name = ?", [name]) != nil { throw DomainError.conflict("a chain called \(name) exists") }
        if !errors.isEmpty { throw DomainError.validation(errors) }
        try tx.db.execute("INSERT INTO responsibilities_chains (name, created_at) VALUES (?, ?)", [name, tx.nowText])
        let chainID = tx.db.lastInsertRowID
        for (position, link) in resolved.enumerated() {
            try tx.db.execute("INSERT INTO responsibilities_chain_links (chain_id, position, name) VALUES (?, ?, ?)", [chainID, position + 1, link.0])
            let linkID = tx.db.lastInsertRowID
            for unit in link.1 {
                try tx.db.execute("INSERT INTO responsibilities_chain_link_units (link_id, unit_id, unit_name, role) VALUES (?, ?, ?, ?)", [linkID, unit.0, unit.1, unit.2])
            }
        }
        try tx.audit(action: "responsibilities.chain.add", entity: "chain", entityID: String(chainID), summary: "一件事 \(name): \(links.count) link(s)")
        return chainID
    }

    /// Links with no unit (gaps) and links with two or more leads (overlaps), every chain or one.
    static func checkChains(_ db: Connection) throws -> [JSON] {
        let rows = try db.query("""
            SELECT c.name AS chain, k.id, k.position, k.name,
                   (SELECT count(*) FROM responsibilities_chain_link_units u WHERE u.link_id = k.id) AS units,
                   (SELECT group_concat(u.unit_name, '、') FROM responsibilities_chain_link_units u WHERE u.link_id = k.id AND u.role = 'lead') AS leads,
                   (SELECT count(*) FROM responsibilities_chain_link_units u WHERE u.link_id = k.id AND u.role = 'lead') AS lead_count
            FROM responsibilities_chain_links k JOIN responsibilities_chains c ON c.id = k.chain_id ORDER BY c.id, k.position
            """)
        var issues: [JSON] = []
        for row in rows {
            var problem: String?
            if row.requiredInt("units") == 0 { problem = "no_unit" } else if row.requiredInt("lead_count") >= 2 { problem = "two_leads" }
            guard let problem else { continue }
            issues.append(.object(["chain": .string(row.requiredString("chain")), "position": .int(row.requiredInt("position")), "link": .string(row.requiredString("name")),
                                   "problem": .string(problem), "leads": .string(row.string("leads") ?? ""),
                                   "message": .string(problem == "no_unit" ? "环节无责任单位 (gap: no responsible unit)" : "环节有多个牵头单位 (overlap: \(row.string("leads") ?? ""))")]))
        }
        return issues
    }

    // MARK: Internal safety leading group

    /// Sets a unit's internal safety leading group; the head must be the unit's principal leader.
    static func setGroup(unit: String, head: String, members: [String], _ tx: WriteTransaction) throws -> JSON {
        let found = try self.unit(unit, field: "unit", tx.db)
        try requireOwnUnit(found.id, tx.actor)
        let principals = try tx.db.query("""
            SELECT p.id, p.name FROM registry_posts s JOIN registry_people p ON p.id = s.person_id WHERE s.unit_id = ? AND s.role = 'principalLeader'
            """, [found.id])
        guard let principal = principals.first(where: { String($0.requiredInt("id")) == head || $0.requiredString("name") == head }) else {
            let names = principals.map { $0.requiredString("name") }.joined(separator: "、")
            throw DomainError.validation([FieldError("head", "not_principal_leader",
                "安全生产领导小组组长须由单位主要负责同志担任:\(found.name)的主要负责同志是\(names.isEmpty ? "(名录未登记)" : names),不是“\(head)” (the head must be the unit's principal leader)")])
        }
        let version = try tx.db.scalarInt("SELECT version FROM responsibilities_unit_groups WHERE unit_id = ?", [found.id]) + 1
        try tx.db.execute("""
            INSERT INTO responsibilities_unit_groups (unit_id, head_person_id, head_name, members, version, updated_at) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (unit_id) DO UPDATE SET head_person_id = excluded.head_person_id, head_name = excluded.head_name, members = excluded.members,
            version = excluded.version, updated_at = excluded.updated_at
            """, [found.id, principal.requiredInt("id"), principal.requiredString("name"), JSON(members).serialized, version, tx.nowText])
        try tx.audit(action: "responsibilities.unit_group.set", entity: "unit_group", entityID: String(found.id), summary: "\(found.name) 安全生产领导小组: 组长 \(principal.requiredString("name"))")
        return .object(["unit_id": .int(found.id), "unit_name": .string(found.name), "head_person_id": .int(principal.requiredInt("id")),
                        "head_name": .string(principal.requiredString("name")), "members": JSON(members), "version": .int(version)])
    }
}
