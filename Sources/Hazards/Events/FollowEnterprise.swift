// An enterprise's registration decides where its hazards lie and which department supervises them
// (属地取自企业登记; 监管部门取自企业登记, 三管三必须). When the registry moves an enterprise to another
// territory or department (registry.enterprise.changed naming territory_id or supervising_unit_id),
// its open hazards follow: each gets a timeline entry and an audit record, and a hazard that changes
// department publishes hazards.hazard.transferred so that the new department hears of it. Closed and
// merged hazards stay where they were judged. Redelivered, it finds nothing left to move.
import Kernel

enum FollowEnterprise {
    static let action = "follow-enterprise"
    /// Whether the office transferred hazard `h` to a department of its choosing (改派监管部门).
    static let transferred = "EXISTS (SELECT 1 FROM hazards_actions a WHERE a.hazard_id = h.id AND a.action = 'transfer')"

    /// A change that names the enterprise's territory or department (others get no delivery).
    @Sendable static func movesHazards(_ changed: EnterpriseChanged) -> Bool {
        changed.fields.contains("territory_id") || changed.fields.contains("supervising_unit_id")
    }

    static func subscription(_ service: HazardService) -> Subscription {
        Subscription.on(EnterpriseChanged.self, id: "hazards.follow-enterprise", only: movesHazards) { changed, _, tx in
            let territory = changed.fields.contains("territory_id"), unit = changed.fields.contains("supervising_unit_id")
            guard territory || unit else { return }
            try follow(enterprise: changed.enterpriseId, territory: territory, unit: unit, service: service, tx)
        }
    }

    /// Moves the enterprise's open hazards to its registered territory (`territory`) and department
    /// (`unit`), whichever the change named: a hazard the office transferred to another department
    /// keeps it when only the enterprise's territory changes.
    static func follow(enterprise: Int64, territory moveTerritory: Bool, unit moveUnit: Bool, service: HazardService, _ tx: WriteTransaction) throws {
        let db = tx.db
        guard let registered = try db.queryOne("""
            SELECT e.name, e.territory_id, e.supervising_unit_id, t.name AS territory_name, u.name AS unit_name
            FROM registry_enterprises e LEFT JOIN registry_territories t ON t.id = e.territory_id LEFT JOIN registry_units u ON u.id = e.supervising_unit_id
            WHERE e.id = ?
            """, [enterprise]) else { return }
        let registeredTerritory = registered.int("territory_id"), registeredUnit = registered.int("supervising_unit_id")
        let moving = try db.query("""
            SELECT \(HazardStore.columns), \(transferred) AS transferred FROM \(HazardStore.withNames)
            WHERE h.enterprise_id = ? AND h.status NOT IN \(HazardStatus.finishedSQL)
              AND ((? AND h.territory_id IS NOT ?) OR (? AND ? IS NOT NULL AND h.supervising_unit_id IS NOT ? AND NOT \(transferred)))
            ORDER BY h.id
            """, [enterprise, moveTerritory, registeredTerritory, moveUnit, registeredUnit, registeredUnit])
        for row in moving {
            let id = row.requiredInt("id")
            let oldTerritory = row.int("territory_id"), oldUnit = row.int("supervising_unit_id")
            let territory = moveTerritory ? registeredTerritory : oldTerritory
            // A department is only ever given, never taken away (an enterprise without one keeps its
            // hazards' department); a hazard the office transferred keeps the department it chose.
            let newUnit = moveUnit && !row.bool("transferred") ? (registeredUnit ?? oldUnit) : oldUnit
            var parts: [String] = []
            if oldTerritory != territory {
                parts.append("属地 \(row.string("territory_name") ?? "未定") → \(registered.string("territory_name") ?? "未定")")
            }
            if oldUnit != newUnit {
                parts.append("监管部门 \(row.string("supervising_unit_name") ?? "未定") → \(registered.string("unit_name") ?? "未定")")
            }
            let note = "企业登记变更（\(registered.requiredString("name"))）：" + parts.joined(separator: "；")
            let version = row.requiredInt("version")
            try db.execute("UPDATE hazards_hazards SET territory_id = ?, supervising_unit_id = ?, version = ?, updated_at = ? WHERE id = ?",
                           [territory, newUnit, version + 1, tx.nowText, id])
            let status = HazardStatus(rawValue: row.requiredString("status")) ?? .reported
            let details: JSON = .object([JSON.Member("enterprise_id", .int(enterprise)),
                                         JSON.Member("from_territory_id", JSON(oldTerritory)), JSON.Member("to_territory_id", JSON(territory)),
                                         JSON.Member("from_unit_id", JSON(oldUnit)), JSON.Member("to_unit_id", JSON(newUnit))])
            _ = try service.recordAction(id, action, from: status, to: status, note: note, details: details, tx)
            func form(_ territory: Int64?, _ unit: Int64?, _ version: Int64) -> JSON {
                .object(["territory_id": JSON(territory), "supervising_unit_id": JSON(unit), "version": .int(version)])
            }
            try tx.audit(action: "hazards.\(action)", entity: "hazard", entityID: String(id),
                         before: form(oldTerritory, oldUnit, version), after: form(territory, newUnit, version + 1),
                         summary: "\(row.requiredString("code")): \(note)")
            if oldUnit != newUnit, let oldUnit {
                let updated = try HazardStore.require(id, actor: .system("hazards"), db)
                try tx.publish(HazardTransferred(hazard: HazardView.facts(updated), fromUnitId: oldUnit, reason: note),
                               summary: HazardSummary.transferred(updated, fromUnit: row.string("supervising_unit_name") ?? String(oldUnit), reason: note))
            }
        }
    }
}
