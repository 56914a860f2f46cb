// The names a person reads in place of ids (units, towns, enterprises, groups), looked up once per
// answer: every Chinese sentence Supervision writes names bodies, with the id kept beside for scripts.
import Kernel

struct Names {
    let db: Connection

    private func lookup(_ table: String, _ id: Int64?) -> String? {
        guard let id else { return nil }
        return (try? db.queryOne("SELECT name FROM \(table) WHERE id = ?", [id]))?.string("name")
    }

    func unit(_ id: Int64?) -> String { lookup("registry_units", id) ?? "单位\(id.map(String.init) ?? "?")" }
    func territory(_ id: Int64?) -> String { lookup("registry_territories", id) ?? "属地\(id.map(String.init) ?? "?")" }
    func enterprise(_ id: Int64?) -> String { lookup("registry_enterprises", id) ?? "企业\(id.map(String.init) ?? "?")" }
    func group(_ id: Int64?) -> String { lookup("supervision_groups", id) ?? "督导组\(id.map(String.init) ?? "?")" }

    /// A body of `kind` ("unit", "territory", "enterprise").
    func body(_ kind: String, _ id: Int64) -> String {
        switch kind {
        case "unit": return unit(id)
        case "territory", "town": return territory(id)
        default: return enterprise(id)
        }
    }
}
