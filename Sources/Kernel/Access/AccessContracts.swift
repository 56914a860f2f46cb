// What adding and changing a user take, declared once for `POST /api/v1/users`,
// `PATCH /api/v1/users/{id}`, `anwei users add` and `anwei users update`.

public enum AccessContracts {
    static let grants = FieldSpec.list("grants", of: .choice(Grants.known), maxItems: 10,
                                       "rights beyond the role: tipoffs.contact.read (read a tip-off reporter's contact); only a holder of a right may give it")

    public static let newUser = Contract([
        .text("username", max: 64, required: true, "the sign-in name: no spaces or ':'", example: "zjj"),
        .text("display_name", max: 100, "the name people read (default: the username)", example: "区住建局 联络员"),
        .choice("role", AccessRoutes.roleChoices, required: true, "the role"),
        .text("scope", max: 40, required: true, "all (admin, office), unit:ID, territory:ID, group:ID or enterprise:ID", example: "unit:12"),
        FieldSpec("password", type: .text(maxLength: 1024), help: "the first password (at least 10 characters); without one the user signs in only by token"),
        grants,
    ])

    public static let userChange = Contract([
        .text("display_name", max: 100, "the name people read", example: "区住建局 联络员"),
        .choice("role", AccessRoutes.roleChoices, "the role (with a scope that fits it)"),
        .text("scope", max: 40, "all (admin, office), unit:ID, territory:ID, group:ID or enterprise:ID", example: "unit:12"),
        FieldSpec("grants", type: grants.type, help: "the user's rights, replacing the list ([] takes them all away); only a holder of a right may give it"),
    ])

    static func scope(_ values: Values) throws -> Scope? {
        guard let text = values.text("scope") else { return nil }
        guard let scope = Scope(text: text) else {
            throw DomainError.validation([FieldError("scope", "scope", "scope 须为 all、unit:ID、territory:ID、group:ID 或 enterprise:ID (scope must be all, unit:ID, territory:ID, group:ID or enterprise:ID)")])
        }
        return scope
    }

    /// Adds the user the values describe (read by `newUser`).
    public static func addUser(_ values: Values, core: Core, _ tx: WriteTransaction) throws -> JSON {
        guard let scope = try scope(values) else { throw DomainError.validation([FieldError("scope", "required", "scope 为必填项 (is required)")]) }
        return try Accounts(core: core).addUser(username: values.text("username") ?? "", displayName: values.text("display_name"),
                                                role: values.choice("role", Role.self) ?? .unit, scope: scope, password: values.text("password"),
                                                grants: values.texts("grants"), tx)
    }

    /// Changes the user `nameOrID` as the values say (read by `userChange`).
    public static func updateUser(_ nameOrID: String, _ values: Values, core: Core, _ tx: WriteTransaction) throws -> JSON {
        try Accounts(core: core).updateUser(nameOrID, displayName: values.text("display_name"), role: values.choice("role", Role.self), scope: try scope(values),
                                            grants: values.has("grants") ? values.texts("grants") : nil, tx)
    }
}
