// Reading the kernel's registry (never another module's tables): ids or names to rows.
import Kernel

enum RegistryLookup {
    /// An id given as a number or a name (CLI users type names), resolved in `table`; nil if unknown.
    static func resolve(_ table: String, _ text: String, _ db: Connection) throws -> Int64? {
        if let id = Int64(text) {
            return try db.queryOne("SELECT id FROM \(table) WHERE id = ?", [id])?.int("id")
        }
        return try db.queryOne("SELECT id FROM \(table) WHERE name = ? ORDER BY id LIMIT 1", [text])?.int("id")
    }

    static func enterprise(_ id: Int64, _ db: Connection) throws -> Row? {
        try db.queryOne("SELECT id, name, territory_id, industry, supervising_unit_id, principal_person FROM registry_enterprises WHERE id = ?", [id])
    }
}
