// Sign-in and sign-out, users and tokens over HTTP (the same operations as `anwei users` and `anwei tokens`).
import HTTP

enum AccessRoutes {
    static let userSchema: JSON = .object(["type": "object", "properties": .object([
        "id": .object(["type": "integer"]), "username": .object(["type": "string"]), "role": .object(["type": "string"]),
        "scope": .object(["type": "string"]), "disabled": .object(["type": "boolean"]),
    ])])

    static func routes() -> [APIRoute] {
        [
            APIRoute("POST", "/api/v1/session", summary: "Sign in: username and password give a token", tag: "access", access: .open,
                     requestSchema: .object(["type": "object", "required": JSON(["username", "password"]), "properties": .object([
                        "username": .object(["type": "string"]), "password": .object(["type": "string"]), "label": .object(["type": "string"])])]),
                     responseSchema: .object(["type": "object"]), successStatus: 201) { request in
                let body = try request.object()
                guard let username = body["username"]?.stringValue, let password = body["password"]?.stringValue else {
                    throw DomainError.validation([FieldError("username", "required", "username and password are required")])
                }
                let (token, user) = try Accounts(core: request.core).signIn(username: username, password: password, label: body["label"]?.stringValue ?? "session")
                var response = APIResponse.json(.object(["token": .string(token), "token_type": "Bearer", "user": user]), status: 201)
                response.headers.set("Cache-Control", "no-store")
                return response
            },
            APIRoute("DELETE", "/api/v1/session", summary: "Sign out: revoke the token used", tag: "access", access: .anyUser) { request in
                guard let token = Middlewares.bearerToken(request.http) else { throw DomainError(.unauthorized, "no token") }
                try request.core.write(request.actor) { tx in try Accounts(core: request.core).revoke(token: token, tx) }
                return Response(status: 204)
            },
            APIRoute("GET", "/api/v1/users", summary: "List users", tag: "access", access: .adminOnly,
                     responseSchema: OpenAPISchemas.page(userSchema)) { request in
                let users = try request.core.read { try Accounts(core: request.core).listUsers($0) }
                return request.wantsCSV ? APIResponse.csv(users) : APIResponse.json(.object(["items": .array(users), "next": .null]))
            },
            APIRoute("POST", "/api/v1/users", summary: "Add a user", tag: "access", access: .adminOnly,
                     requestSchema: .object(["type": "object", "required": JSON(["username", "role", "scope"])]), responseSchema: userSchema,
                     successStatus: 201) { request in
                let body = try request.object()
                var errors: [FieldError] = []
                let role = body["role"]?.stringValue.flatMap(Role.init(rawValue:))
                if role == nil { errors.append(FieldError("role", "choice", "role must be one of admin, unit, town, inspector, enterprise")) }
                let scope = body["scope"]?.stringValue.flatMap(Scope.init(text:))
                if scope == nil { errors.append(FieldError("scope", "format", "scope must be all, unit:ID, territory:ID, group:ID or enterprise:ID")) }
                if !errors.isEmpty { throw DomainError.validation(errors) }
                let user = try request.core.write(request.actor) { tx in
                    try Accounts(core: request.core).addUser(username: body["username"]?.stringValue ?? "", displayName: body["display_name"]?.stringValue,
                                                             role: role!, scope: scope!, password: body["password"]?.stringValue,
                                                             grants: body["grants"]?.arrayValue?.compactMap(\.stringValue) ?? [], tx)
                }
                return APIResponse.record(user, status: 201, location: "/api/v1/users/\(Render.cell(user["id"]))")
            },
            APIRoute("POST", "/api/v1/users/{id:int}/actions/disable", summary: "Disable a user", tag: "access", access: .adminOnly) { request in
                let id = try request.id()
                return APIResponse.json(try request.core.write(request.actor) { tx in try Accounts(core: request.core).setDisabled(String(id), true, tx) })
            },
            APIRoute("POST", "/api/v1/users/{id:int}/actions/enable", summary: "Enable a user", tag: "access", access: .adminOnly) { request in
                let id = try request.id()
                return APIResponse.json(try request.core.write(request.actor) { tx in try Accounts(core: request.core).setDisabled(String(id), false, tx) })
            },
            APIRoute("POST", "/api/v1/users/{id:int}/actions/passwd", summary: "Set a user's password", tag: "access", access: .anyUser,
                     requestSchema: .object(["type": "object", "required": JSON(["password"])])) { request in
                let id = try request.id()
                guard let password = try request.object()["password"]?.stringValue else {
                    throw DomainError.validation([FieldError("password", "required", "password is required")])
                }
                try request.core.write(request.actor) { tx in try Accounts(core: request.core).setPassword(String(id), password, tx) }
                return Response(status: 204)
            },
            APIRoute("GET", "/api/v1/tokens", summary: "List tokens (admins: all; others: their own)", tag: "access", access: .anyUser) { request in
                let tokens = try request.core.read { try Accounts(core: request.core).listTokens(userID: request.actor.isAdmin ? nil : request.actor.userID, $0) }
                return APIResponse.json(.object(["items": .array(tokens), "next": .null]))
            },
            APIRoute("POST", "/api/v1/tokens", summary: "Create a token (shown once)", tag: "access", access: .anyUser, successStatus: 201) { request in
                let body = try request.object()
                var userID = request.actor.userID ?? 0
                if let wanted = body["user_id"]?.intValue, wanted != userID {
                    guard request.actor.isAdmin else { throw DomainError.forbidden("only an admin creates tokens for other users") }
                    userID = wanted
                }
                let days = body["days"]?.intValue ?? 30
                guard (1...3650).contains(days) else { throw DomainError.validation([FieldError("days", "range", "days must be from 1 to 3650")]) }
                let (token, record) = try request.core.write(request.actor) { tx in
                    _ = try Accounts(core: request.core).findUser(String(userID), tx.db)
                    return try Accounts(core: request.core).createToken(for: userID, label: body["label"]?.stringValue ?? "api", lifetime: Double(days) * 86_400, tx)
                }
                var response = APIResponse.json(.object(["token": .string(token), "record": record]), status: 201)
                response.headers.set("Cache-Control", "no-store")
                response.headers.set("Location", "/api/v1/tokens/\(Render.cell(record["id"]))")
                return response
            },
            APIRoute("DELETE", "/api/v1/tokens/{id:int}", summary: "Revoke a token", tag: "access", access: .anyUser) { request in
                let id = try request.id()
                _ = try request.core.write(request.actor) { tx in try Accounts(core: request.core).revokeToken(id: id, tx) }
                return Response(status: 204)
            },
        ]
    }
}
