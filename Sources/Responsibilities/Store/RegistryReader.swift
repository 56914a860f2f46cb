// Reads the kernel's registry (never writes it): the unit directory for matching plan names,
// and unit / territory names by id. Names people type are resolved by the contracts' references.
import Foundation
import Kernel

enum RegistryReader {
    /// Member units (and the office), territories and special-group host units, as plain data.
    static func directory(_ db: Connection) throws -> UnitDirectory {
        let units = try db.query("SELECT id, name, aliases FROM registry_units WHERE is_member = 1 OR is_office = 1 ORDER BY id").map { row in
            UnitDirectory.Entry(id: row.requiredInt("id"), name: row.requiredString("name"), aliases: aliases(row.string("aliases")))
        }
        let territories = try db.query("SELECT id, name FROM registry_territories ORDER BY id").map { row in
            UnitDirectory.Entry(id: row.requiredInt("id"), name: row.requiredString("name"))
        }
        var hosts: [Int64] = []
        for row in try db.query("SELECT host_unit_id FROM registry_special_groups ORDER BY id") {
            let id = row.requiredInt("host_unit_id")
            if !hosts.contains(id) { hosts.append(id) }
        }
        return UnitDirectory(units: units, territories: territories, specialGroupHostUnitIDs: hosts)
    }

    static func aliases(_ text: String?) -> [String] {
        guard let text, let json = try? JSONParser.parse(Array(text.utf8)), let items = json.arrayValue else { return [] }
        return items.compactMap(\.stringValue)
    }

    /// "No such unit (`unit`) or territory (`territory`)", for an id `name(kind:id:)` did not find.
    static func notFound(kind: String, id: Int64) -> DomainError {
        kind == "territory" ? .notFound("属地", "territory", String(id)) : .notFound("单位", "unit", String(id))
    }

    /// The name of a unit (`unit`) or territory (`territory`), nil when there is none with that id.
    static func name(kind: String, id: Int64, _ db: Connection) throws -> String? {
        let table = kind == "territory" ? "registry_territories" : "registry_units"
        return try db.queryOne("SELECT name FROM \(table) WHERE id = ?", [id])?.string("name")
    }
}
