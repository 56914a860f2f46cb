// Reading the kernel's registry (allowed): names and ids of units, territories and special groups.
import Foundation
import Kernel

struct RegistryNames {
    let db: Connection
    private static let records = RecordStore(RegistrySchemas.all)

    /// A unit by id or by name/alias.
    func unit(_ text: String) throws -> Int64? {
        if let id = Int64(text) { return try exists("registry_units", id) ? id : nil }
        return try Self.records.resolveName(RegistrySchemas.units, text, db)
    }

    func territory(_ text: String) throws -> Int64? {
        if let id = Int64(text) { return try exists("registry_territories", id) ? id : nil }
        return try Self.records.resolveName(RegistrySchemas.territories, text, db)
    }

    func group(_ text: String) throws -> Int64? {
        if let id = Int64(text) { return try exists("registry_special_groups", id) ? id : nil }
        return try Self.records.resolveName(RegistrySchemas.groups, text, db)
    }

    /// A unit or a territory by name (units first); `unit:3` / `territory:2` name one by id.
    func body(_ text: String) throws -> BodyRef? {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        if parts.count == 2, let id = Int64(parts[1]) {
            if parts[0] == "unit" { return try exists("registry_units", id) ? .unit(id) : nil }
            if parts[0] == "territory" { return try exists("registry_territories", id) ? .territory(id) : nil }
        }
        if Int64(text) == nil {
            if let id = try unit(text) { return .unit(id) }
            if let id = try territory(text) { return .territory(id) }
            return nil
        }
        return try unit(text).map(BodyRef.unit)
    }

    func name(_ body: BodyRef) throws -> String {
        switch body {
        case .unit(let id): return try unitName(id)
        case .territory(let id): return try territoryName(id)
        }
    }

    func unitName(_ id: Int64?) throws -> String {
        guard let id else { return "" }
        return try db.queryOne("SELECT name FROM registry_units WHERE id = ?", [id])?.string("name") ?? "单位#\(id)"
    }

    func territoryName(_ id: Int64?) throws -> String {
        guard let id else { return "" }
        return try db.queryOne("SELECT name FROM registry_territories WHERE id = ?", [id])?.string("name") ?? "属地#\(id)"
    }

    func groupName(_ id: Int64?) throws -> String {
        guard let id else { return "" }
        return try db.queryOne("SELECT name FROM registry_special_groups WHERE id = ?", [id])?.string("name") ?? "专项领导小组#\(id)"
    }

    func enterpriseName(_ id: Int64?) throws -> String {
        guard let id else { return "" }
        return try db.queryOne("SELECT name FROM registry_enterprises WHERE id = ?", [id])?.string("name") ?? "企业#\(id)"
    }

    func personName(_ id: Int64?) throws -> String {
        guard let id else { return "" }
        return try db.queryOne("SELECT name FROM registry_people WHERE id = ?", [id])?.string("name") ?? "人员#\(id)"
    }

    /// Special groups (id, name, host unit), in id order.
    func groups() throws -> [(id: Int64, name: String, hostUnitID: Int64)] {
        try db.query("SELECT id, name, host_unit_id FROM registry_special_groups ORDER BY id").map {
            ($0.requiredInt("id"), $0.requiredString("name"), $0.requiredInt("host_unit_id"))
        }
    }

    func hostUnit(ofGroup id: Int64) throws -> Int64? {
        try db.queryOne("SELECT host_unit_id FROM registry_special_groups WHERE id = ?", [id])?.int("host_unit_id")
    }

    private func exists(_ table: String, _ id: Int64) throws -> Bool {
        try db.queryOne("SELECT 1 FROM \(table) WHERE id = ?", [id]) != nil
    }
}
