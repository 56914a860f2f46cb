// Reading the kernel's registry (allowed): the names of units, territories and special groups by
// id. Names that people type are resolved by the kernel's reader (`.reference` fields), not here.
import Kernel

struct RegistryNames {
    let db: Connection

    func name(_ body: BodyRef) throws -> String {
        switch body {
        case .unit(let id): return try unitName(id)
        case .territory(let id): return try territoryName(id)
        }
    }

    func unitName(_ id: Int64?) throws -> String {
        guard let id else { return "" }
        return Self.unitName(try db.queryOne("SELECT name FROM registry_units WHERE id = ?", [id])?.string("name"), id)
    }

    func territoryName(_ id: Int64?) throws -> String {
        guard let id else { return "" }
        return Self.territoryName(try db.queryOne("SELECT name FROM registry_territories WHERE id = ?", [id])?.string("name"), id)
    }

    /// A unit's name as read (joined or looked up), or a stand-in naming its id when it is gone.
    static func unitName(_ name: String?, _ id: Int64) -> String { name ?? "单位#\(id)" }
    static func territoryName(_ name: String?, _ id: Int64) -> String { name ?? "属地#\(id)" }

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
}
