// Names people read instead of usernames and ids: a user's display name, the unit, town or
// enterprise a user belongs to, and the registry's units and territories as choices for a form.
// No API route gives these to every role (`GET /api/v1/users` is the administrators'), and a page
// shows them on every render, so they are read here from the kernel's own tables (access and
// registry — never a domain's), memoized per connection until the database changes.
import Kernel

enum Directory {
    static let displayNames = MemoTable<String, [String: (name: String, body: String?)]>()
    static let bodyNames = MemoTable<String, String>()
    static let choices = MemoTable<String, [(code: String, label: String)]>()

    /// Every user's display name by username (a district has tens to hundreds of users).
    static func displayName(_ core: Core, _ username: String) -> String? {
        names(core)?[username]?.name
    }

    /// Who acted, for a record's history: the display name with the user's unit, town or
    /// enterprise when the name does not already say it ("企业 安全员（东城鑫源化工第4分公司）").
    static func actorName(_ core: Core, _ username: String) -> String? {
        guard let user = names(core)?[username] else { return nil }
        guard let body = user.body, !user.name.contains(body) else { return user.name }
        return "\(user.name)（\(body)）"
    }

    static func names(_ core: Core) -> [String: (name: String, body: String?)]? {
        try? core.read { db in
            try db.memoized(displayNames, "") {
                var names: [String: (name: String, body: String?)] = [:]
                for row in try db.query("SELECT username, display_name, scope FROM access_users") {
                    let scope = Scope(text: row.requiredString("scope"))
                    names[row.requiredString("username")] = (row.requiredString("display_name"), scope.flatMap { bodyName(db, $0) })
                }
                return names
            }
        }
    }

    /// The body a user's scope names: its unit, town or enterprise (nil for the district's own users).
    static func bodyName(_ core: Core, _ scope: Scope) -> String? {
        let name = try? core.read { db in try db.memoized(bodyNames, scope.text) { bodyName(db, scope) ?? "" } }
        return name.flatMap { $0.isEmpty ? nil : $0 }
    }

    static func bodyName(_ db: Connection, _ scope: Scope) -> String? {
        let table: String, id: Int64
        switch scope {
        case .unit(let value): (table, id) = ("registry_units", value)
        case .territory(let value): (table, id) = ("registry_territories", value)
        case .enterprise(let value): (table, id) = ("registry_enterprises", value)
        case .all, .group: return nil
        }
        return try? db.queryOne("SELECT name FROM \(table) WHERE id = ?", [id])?.string("name")
    }

    /// The member units or the territories as choices (id → name), in the registry's order.
    /// The registry's lists are open to every signed-in user (`GET /api/v1/org/units`).
    static func registry(_ core: Core, territories: Bool) -> [(code: String, label: String)]? {
        let table = territories ? "registry_territories" : "registry_units"
        let list = try? core.read { db in
            try db.memoized(choices, table) {
                try db.query("SELECT id, name FROM \(table) ORDER BY id").map { (String($0.requiredInt("id")), $0.requiredString("name")) }
            }
        }
        guard let list, !list.isEmpty else { return nil }
        return list
    }
}
