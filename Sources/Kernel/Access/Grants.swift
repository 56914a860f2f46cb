// Rights beyond a role (授权): named, given only by one who holds them, every change audited
// naming the right.

public enum Grants {
    /// The reporter's contact of a tip-off (群众举报人的联系方式): the Hazards module shows it only
    /// to holders, and audits every read.
    public static let tipOffContact = "tipoffs.contact.read"

    /// Every right that can be given, with what it allows.
    public static let known: [(code: String, label: String)] = [
        (tipOffContact, "读取群众举报人的联系方式 (read a tip-off reporter's contact)"),
    ]

    public static func label(_ code: String) -> String { known.first { $0.code == code }?.label ?? code }

    /// Checks that `tx.actor` may change a user's rights from `before` to `after`, and audits each
    /// right given or taken, naming it. Only one who holds a right gives it (the local
    /// administrator holds all); taking a right away is the administrator's, holder or not.
    static func change(user id: Int64, username: String, from before: Set<String>, to after: Set<String>, _ tx: WriteTransaction) throws {
        let unknown = after.subtracting(before).subtracting(known.map(\.code))
        if !unknown.isEmpty {
            throw DomainError.validation([FieldError("grants", "unknown_grant", "没有这项权限 \(unknown.sorted().joined(separator: "、")) (no such right; known: \(known.map(\.code).joined(separator: ", ")))")])
        }
        let given = after.subtracting(before).sorted(), taken = before.subtracting(after).sorted()
        if let withheld = given.first(where: { !tx.actor.has(grant: $0) }) {
            throw DomainError.forbidden("只有持有权限 \(withheld)（\(label(withheld))）的人才能授予它 (only a holder of \(withheld) may grant it)")
        }
        for right in given {
            try tx.audit(action: "user.grant", entity: "user", entityID: String(id), after: .object(["grant": .string(right)]),
                         summary: "授予用户 \(username) 权限 \(right)（\(label(right))）")
        }
        for right in taken {
            try tx.audit(action: "user.revoke_grant", entity: "user", entityID: String(id), before: .object(["grant": .string(right)]),
                         summary: "收回用户 \(username) 的权限 \(right)（\(label(right))）")
        }
    }
}
