// Reading the kernel's registry (never another module's tables). Names a user types are
// resolved by the kernel's `NameResolver` when the declared input is read, never here.
import Kernel

enum RegistryLookup {
    static func enterprise(_ id: Int64, _ db: Connection) throws -> Row? {
        try db.queryOne("SELECT id, name, territory_id, industry, supervising_unit_id, principal_person FROM registry_enterprises WHERE id = ?", [id])
    }
}
