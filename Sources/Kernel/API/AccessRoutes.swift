// Sign-in and sign-out, users and tokens over HTTP (the same operations as `anwei users` and
// `anwei tokens`), each declared with what it takes and gives.
import HTTP

enum AccessRoutes {
    static let roleChoices: [(code: String, label: String)] = [Role.admin, .office, .unit, .town, .inspector, .enterprise].map { ($0.rawValue, $0.chinese) }

    /// A user as answered.
    static let userFields: [FieldSpec] = [
        FieldSpec("id", type: .integer(range: 1...Int64.max), required: true, help: "the user's id"),
        FieldSpec("username", type: .text(maxLength: 64), required: true, help: "the sign-in name"),
        FieldSpec("display_name", type: .text(maxLength: 100), required: true, help: "the name people read"),
        FieldSpec("role", type: .choice(roleChoices), required: true, help: "the role"),
        FieldSpec("scope", type: .text(maxLength: 40), required: true, help: "all, unit:ID, territory:ID, group:ID or enterprise:ID"),
        FieldSpec("grants", type: .textList, required: true, help: "rights beyond the role (e.g. tipoffs.contact.read)"),
        FieldSpec("disabled", type: .boolean, required: true, help: "a disabled user cannot sign in and its tokens stop working"),
        FieldSpec("locked_until", type: .text(maxLength: 40), help: "sign-in locked until (RFC 3339) after repeated failures"),
        FieldSpec("version", type: .integer(range: 1...Int64.max), required: true, help: "增加 on every change"),
        FieldSpec("created_at", type: .text(maxLength: 40), required: true, help: "RFC 3339"),
    ]

    /// A token's record as answered (never the token itself, which is shown once).
    static let tokenFields: [FieldSpec] = [
        FieldSpec("id", type: .integer(range: 1...Int64.max), required: true, help: "the token's id"),
        FieldSpec("user_id", type: .integer(range: 1...Int64.max), required: true, help: "whose token"),
        FieldSpec("username", type: .text(maxLength: 64), help: "whose token, by name"),
        FieldSpec("label", type: .text(maxLength: 100), required: true, help: "what it is for"),
        FieldSpec("created_at", type: .text(maxLength: 40), required: true, help: "RFC 3339"),
        FieldSpec("expires_at", type: .text(maxLength: 40), required: true, help: "RFC 3339"),
        FieldSpec("revoked_at", type: .text(maxLength: 40), help: "RFC 3339, when revoked"),
        FieldSpec("last_used_at", type: .text(maxLength: 40), help: "RFC 3339"),
    ]

    static let signInContract = Contract([
        .text("username", max: 64, required: true, "the sign-in name", example: "fgj"),
        FieldSpec("password", type: .text(maxLength: 1024), required: true, help: "the password"),
        .text("label", max: 100, "what the token is for (default: session)", example: "session"),
    ])

    static let passwordContract = Contract([FieldSpec("password", type: .text(maxLength: 1024), required: true, help: "the new password (at least 10 characters)")])

    static let newTokenContract = Contract([
        .integer("user_id", 1...Int64.max, "whose token (an admin may name another user; default: yourself)"),
        .integer("days", 1...3650, "lifetime in days (default 30)", example: 90),
        .text("label", max: 100, "what the token is for (default: api)", example: "integration"),
    ])

    static func routes() -> [APIRoute] {
        [
            APIRoute("POST", "/api/v1/session", summary: "Sign in: username and password give a token", tag: "access", access: .open,
                     body: signInContract,
                     reply: .object([FieldSpec("token", type: .text(maxLength: 200), required: true, help: "send as Authorization: Bearer <token>"),
                                     FieldSpec("token_type", type: .choice([("Bearer", "")]), required: true, help: "always Bearer"),
                                     FieldSpec("user", type: .object(userFields), required: true, help: "who signed in")]),
                     successStatus: 201, errors: [401], answersSecret: true) { request in
                let input = request.input
                let (token, user) = try Accounts(core: request.core).signIn(username: input.text("username") ?? "", password: input.text("password") ?? "",
                                                                            label: input.text("label") ?? "session")
                var response = APIResponse.json(.object(["token": .string(token), "token_type": "Bearer", "user": user]), status: 201)
                response.headers.set("Cache-Control", "no-store")
                return response
            },
            APIRoute("DELETE", "/api/v1/session", summary: "Sign out: revoke the token used", tag: "access", access: .anyUser, reply: .empty,
                     successStatus: 204) { request in
                guard let token = Middlewares.bearerToken(request.http) else { throw DomainError(.unauthorized, "请求未带令牌 (no token)") }
                try request.core.write(request.actor) { tx in try Accounts(core: request.core).revoke(token: token, tx) }
                return Response(status: 204)
            },
            APIRoute("GET", "/api/v1/users", summary: "List users", tag: "access", access: .adminOnly, reply: .page(userFields)) { request in
                if request.wantsCSV { return APIResponse.csv(try request.core.read { try Accounts(core: request.core).listUsers($0) }) }
                let page = try request.core.read { try Accounts(core: request.core).listUsers(after: try request.paging.afterID(), limit: request.paging.limit, $0) }
                return APIResponse.page(page, request: request)
            },
            APIRoute("POST", "/api/v1/users", summary: "Add a user", tag: "access", access: .adminOnly, body: AccessContracts.newUser,
                     reply: .object(userFields), successStatus: 201) { request in
                let user = try request.core.write(request.actor) { tx in try AccessContracts.addUser(request.input, core: request.core, tx) }
                return APIResponse.record(user, status: 201, location: "/api/v1/users/\(Render.cell(user["id"]))")
            },
            APIRoute("PATCH", "/api/v1/users/{id:int}", summary: "Change a user's display name, role, scope or rights (a right only from one who holds it)", tag: "access",
                     access: .adminOnly, body: AccessContracts.userChange, reply: .object(userFields)) { request in
                let id = try request.id()
                return APIResponse.json(try request.core.write(request.actor) { tx in try AccessContracts.updateUser(String(id), request.input, core: request.core, tx) })
            },
            APIRoute("POST", "/api/v1/users/{id:int}/actions/disable", summary: "Disable a user", tag: "access", access: .adminOnly,
                     reply: .object(userFields)) { request in
                let id = try request.id()
                return APIResponse.json(try request.core.write(request.actor) { tx in try Accounts(core: request.core).setDisabled(String(id), true, tx) })
            },
            APIRoute("POST", "/api/v1/users/{id:int}/actions/enable", summary: "Enable a user", tag: "access", access: .adminOnly,
                     reply: .object(userFields)) { request in
                let id = try request.id()
                return APIResponse.json(try request.core.write(request.actor) { tx in try Accounts(core: request.core).setDisabled(String(id), false, tx) })
            },
            APIRoute("POST", "/api/v1/users/{id:int}/actions/passwd", summary: "Set a user's password (ends the user's other sessions and tokens)", tag: "access", access: .anyUser,
                     body: passwordContract, reply: .empty, successStatus: 204) { request in
                let id = try request.id()
                // The token used stays valid only when users change their own password.
                let keep = request.actor.userID == id ? Middlewares.bearerToken(request.http) : nil
                _ = try request.core.write(request.actor) { tx in try Accounts(core: request.core).setPassword(String(id), request.input.text("password") ?? "", keeping: keep, tx) }
                return Response(status: 204)
            },
            APIRoute("GET", "/api/v1/tokens", summary: "List tokens (admins: all; others: their own)", tag: "access", access: .anyUser,
                     reply: .page(tokenFields)) { request in
                let owner = request.actor.isAdmin ? nil : (request.actor.userID ?? -1)
                if request.wantsCSV { return APIResponse.csv(try request.core.read { try Accounts(core: request.core).listTokens(userID: owner, $0) }) }
                let page = try request.core.read {
                    try Accounts(core: request.core).listTokens(userID: owner, after: try request.paging.afterID(), limit: request.paging.limit, $0)
                }
                return APIResponse.page(page, request: request)
            },
            APIRoute("POST", "/api/v1/tokens", summary: "Create a token (shown once)", tag: "access", access: .anyUser, body: newTokenContract,
                     reply: .object([FieldSpec("token", type: .text(maxLength: 200), required: true, help: "the token, shown this once"),
                                     FieldSpec("record", type: .object(tokenFields), required: true, help: "the token's record")]),
                     successStatus: 201, answersSecret: true) { request in
                let input = request.input
                var userID = request.actor.userID ?? 0
                if let wanted = input.int("user_id"), wanted != userID {
                    guard request.actor.isAdmin else { throw DomainError.forbidden("只有系统管理员可以为其他用户创建令牌 (only an admin creates tokens for other users)") }
                    userID = wanted
                }
                let days = input.int("days") ?? 30
                let (token, record) = try request.core.write(request.actor) { tx in
                    let user = try Accounts(core: request.core).findUser(String(userID), tx.db)
                    if userID != request.actor.userID { try Accounts(core: request.core).requireHoldsRights(of: user, request.actor, "create a token for") }
                    return try Accounts(core: request.core).createToken(for: userID, label: input.text("label") ?? "api", lifetime: Double(days) * 86_400, tx)
                }
                var response = APIResponse.json(.object(["token": .string(token), "record": record]), status: 201)
                response.headers.set("Cache-Control", "no-store")
                response.headers.set("Location", "/api/v1/tokens/\(Render.cell(record["id"]))")
                return response
            },
            APIRoute("DELETE", "/api/v1/tokens/{id:int}", summary: "Revoke a token", tag: "access", access: .anyUser, reply: .empty,
                     successStatus: 204) { request in
                let id = try request.id()
                _ = try request.core.write(request.actor) { tx in try Accounts(core: request.core).revokeToken(id: id, tx) }
                return Response(status: 204)
            },
        ]
    }
}
