// What adding a user takes, declared once for `POST /api/v1/users` and `anwei users add`.

public enum AccessContracts {
    public static let newUser = Contract([
        .text("username", max: 64, required: true, "the sign-in name: no spaces or ':'", example: "zjj"),
        .text("display_name", max: 100, "the name people read (default: the username)", example: "区住建局 联络员"),
        .choice("role", AccessRoutes.roleChoices, required: true, "the role"),
        .text("scope", max: 40, required: true, "all (admin), unit:ID, territory:ID, group:ID or enterprise:ID", example: "unit:12"),
        FieldSpec("password", type: .text(maxLength: 1024), help: "the first password (at least 10 characters); without one the user signs in only by token"),
        FieldSpec("grants", type: .textList, help: "rights beyond the role, e.g. reporter_contact (reading a tip-off reporter's contact)"),
    ])

    /// Adds the user the values describe (read by `newUser`).
    public static func addUser(_ values: Values, core: Core, _ tx: WriteTransaction) throws -> JSON {
        guard let scope = values.text("scope").flatMap(Scope.init(text:)) else {
            throw DomainError.validation([FieldError("scope", "scope", "scope 须为 all、unit:ID、territory:ID、group:ID 或 enterprise:ID (scope must be all, unit:ID, territory:ID, group:ID or enterprise:ID)")])
        }
        return try Accounts(core: core).addUser(username: values.text("username") ?? "", displayName: values.text("display_name"),
                                                role: values.choice("role", Role.self) ?? .unit, scope: scope, password: values.text("password"),
                                                grants: values.texts("grants"), tx)
    }
}
