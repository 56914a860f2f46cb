// Member units' 三管三必须 and power/duty lists, versioned with effective dates (动态调整), each
// item citing its legal basis; a diff between two versions.
import Kernel

extension ListService {
    static func addUnitList(unitID: Int64, kind: UnitListKind, effectiveFrom: CalendarDate, items: [ListItem], _ tx: WriteTransaction) throws -> JSON {
        let found = try unit(unitID, tx.db)
        try requireOwnUnit(found.id, tx.actor)
        var errors: [FieldError] = []
        if items.isEmpty { errors.append(FieldError("items", "no_items", "清单至少需要一项 (a list needs at least one item: a duty and its legal basis)")) }
        if Set(items.map(\.duty)).count != items.count { errors.append(FieldError("items", "duty_twice", "同一职责列了两次 (a duty is listed twice)")) }
        let last = try tx.db.queryOne("SELECT version, effective_from FROM responsibilities_unit_lists WHERE unit_id = ? AND kind = ? ORDER BY version DESC LIMIT 1",
                                      [found.id, kind.rawValue])
        if let last, let previous = CalendarDate(iso: last.requiredString("effective_from")), effectiveFrom <= previous {
            errors.append(FieldError("effective_from", "not_after_previous",
                                     "须晚于第\(last.requiredInt("version"))版的生效日期 \(previous.iso) (must be after version \(last.requiredInt("version"))'s \(previous.iso))"))
        }
        if !errors.isEmpty { throw DomainError.validation(errors) }
        let version = (last?.requiredInt("version") ?? 0) + 1
        try tx.db.execute("INSERT INTO responsibilities_unit_lists (unit_id, kind, version, effective_from, items, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          [found.id, kind.rawValue, version, effectiveFrom.iso, JSON.array(items.map(\.json)).serialized, tx.actor.username, tx.nowText])
        let id = tx.db.lastInsertRowID
        try tx.audit(action: "responsibilities.unit_list.add", entity: "unit_list", entityID: String(id),
                     summary: "\(found.name)\(kind.chinese)第\(version)版，\(effectiveFrom.iso)起生效")
        return .object(["id": .int(id), "unit_id": .int(found.id), "unit_name": .string(found.name), "kind": .string(kind.rawValue), "version": .int(version),
                        "effective_from": .string(effectiveFrom.iso), "items": .array(items.map(\.json))])
    }

    /// The items of one version; a version that does not exist is the field's fault (422, as an
    /// unknown name in a reference is), named by `field`.
    static func unitListItems(unitID: Int64, kind: UnitListKind, version: Int64, field: String, _ db: Connection) throws -> [ListItem] {
        guard let row = try db.queryOne("SELECT items FROM responsibilities_unit_lists WHERE unit_id = ? AND kind = ? AND version = ?", [unitID, kind.rawValue, version]) else {
            throw DomainError.validation([FieldError(field, "not_found", "该单位的\(kind.chinese)没有第\(version)版 (no version \(version) of this unit's \(kind.rawValue) list)")])
        }
        return items(row.requiredString("items"))
    }

    /// The stored items (a JSON array of {duty, basis}).
    static func items(_ text: String) -> [ListItem] {
        let items = (try? JSONParser.parse(Array(text.utf8)))?.arrayValue ?? []
        return items.map { ListItem(duty: $0["duty"]?.stringValue ?? "", basis: $0["basis"]?.stringValue ?? "") }
    }

    /// Items added, removed and changed (same duty, another legal basis) from one version to another.
    static func diff(unitID: Int64, kind: UnitListKind, from: Int64, to: Int64, actor: Actor, _ db: Connection) throws -> JSON {
        let found = try unit(unitID, db)
        try requireOwnUnit(found.id, actor)
        let old = try unitListItems(unitID: found.id, kind: kind, version: from, field: "from", db)
        let new = try unitListItems(unitID: found.id, kind: kind, version: to, field: "to", db)
        let oldByDuty = Dictionary(old.map { ($0.duty, $0) }, uniquingKeysWith: { a, _ in a })
        let newByDuty = Dictionary(new.map { ($0.duty, $0) }, uniquingKeysWith: { a, _ in a })
        let added = new.filter { oldByDuty[$0.duty] == nil }
        let removed = old.filter { newByDuty[$0.duty] == nil }
        let changed: [JSON] = new.compactMap { item in
            guard let before = oldByDuty[item.duty], before.basis != item.basis else { return nil }
            return .object(["duty": .string(item.duty), "basis_before": .string(before.basis), "basis_after": .string(item.basis)])
        }
        return .object(["unit_name": .string(found.name), "kind": .string(kind.rawValue), "from": .int(from), "to": .int(to),
                        "added": .array(added.map(\.json)), "removed": .array(removed.map(\.json)), "changed": .array(changed)])
    }

    /// A page of unit lists (every version), in id order; a unit user sees its own unit's.
    static func unitLists(unitID: Int64?, kind: UnitListKind?, after: Int64?, limit: Int?, actor: Actor, _ db: Connection) throws -> Page {
        var sql = "SELECT l.*, u.name AS unit_name FROM responsibilities_unit_lists l JOIN registry_units u ON u.id = l.unit_id WHERE l.id > ?"
        var args: [any DatabaseValueConvertible] = [after ?? 0]
        if let unitID { sql += " AND l.unit_id = ?"; args.append(unitID) }
        if let kind { sql += " AND l.kind = ?"; args.append(kind.rawValue) }
        if !actor.isOffice {
            guard actor.role == .unit, case .unit(let id) = actor.scope else { return Page(items: [], next: nil) }
            sql += " AND l.unit_id = ?"; args.append(id)
        }
        sql += " ORDER BY l.id"
        Pages.limitSQL(&sql, &args, limit)
        return Pages.page(try db.query(sql, args), limit: limit) { row in
            .object(["id": .int(row.requiredInt("id")), "unit_id": .int(row.requiredInt("unit_id")), "unit_name": .string(row.requiredString("unit_name")),
                     "kind": .string(row.requiredString("kind")), "version": .int(row.requiredInt("version")),
                     "effective_from": .string(row.requiredString("effective_from")),
                     "items": .array(items(row.requiredString("items")).map(\.json))])
        }
    }
}
