// Turns the kernel's routes into an HTTP router: authentication by bearer token, roles,
// domain errors as problem+json, idempotent creates, and the standard middleware.
import Foundation
import HTTP

/// Everything the HTTP side of Anwei needs, built once by the composition root.
public struct APIHandler: Sendable {
    public let core: Core
    public let routes: [APIRoute]
    public let metrics: ServerMetrics
    let accounts: Accounts

    public init(core: Core, routes: [APIRoute], metrics: ServerMetrics) {
        self.core = core
        self.routes = routes
        self.metrics = metrics
        self.accounts = Accounts(core: core)
    }

    /// The router with every route and the middleware chain (request id, access log, metrics, errors).
    public func makeRouter(accessLog: @escaping @Sendable (String) -> Void, errorLog: @escaping @Sendable (String) -> Void) -> Router {
        let router = Router()
        router.use(Middlewares.standard(accessLog: accessLog, metrics: metrics, report: { request, error in
            errorLog("level=error id=\(request.requestID) method=\(request.method) path=\(request.path) error=\"\(String(describing: error).prefix(300).replacingOccurrences(of: "\"", with: "'"))\"")
        }))
        for route in routes {
            let allowed = RoleMask(route.access)
            let input = DeclaredInput(route)
            router.add(route.method, route.path) { request in try self.handle(route, input, allowed, request) }
        }
        return router
    }

    /// A GET (or HEAD) is answered inside one read transaction: who the token stands for and what
    /// the handler reads come from one snapshot of the database, and SQLite's read lock is taken
    /// once per request instead of once per read. Other methods write, so they keep reads apart.
    func handle(_ route: APIRoute, _ input: DeclaredInput, _ allowed: RoleMask, _ request: Request) throws -> Response {
        guard route.method == "GET", case .roles = route.access else { return try answer(route, input, allowed, request) }
        do {
            return try core.read { _ in try answer(route, input, allowed, request) }
        } catch let error as DatabaseError where error.failure == .busy || error.failure == .locked {
            return busy(request)
        }
    }

    /// 503 when SQLite stayed busy or locked past its timeout.
    private func busy(_ request: Request) -> Response {
        APIResponse.problem(DomainError(.unavailable, "数据库正忙，请稍后重试 (the database is busy; retry shortly)", headers: [("Retry-After", "1")]), instance: request.path)
    }

    func answer(_ route: APIRoute, _ input: DeclaredInput, _ allowed: RoleMask, _ request: Request) throws -> Response {
        let actor: Actor
        do {
            actor = try authenticate(route, request)
        } catch let error as DomainError {
            return APIResponse.problem(error, instance: request.path)
        }
        if case .roles = route.access, !allowed.contains(actor.role) {
            // A valid token for a role the route does not admit: the access log still names who asked.
            var refused = APIResponse.problem(Self.refusal(actor, route), instance: request.path)
            refused.user = actor.username
            return refused
        }
        return try answer(route, input, actor, request)
    }

    /// The route's answer for an actor it admits.
    private func answer(_ route: APIRoute, _ input: DeclaredInput, _ actor: Actor, _ request: Request) throws -> Response {
        var response: Response
        do {
            let apiRequest = try declaredRequest(input, request, actor)
            if route.method == "POST", let key = request.headers["Idempotency-Key"] {
                response = try Idempotency.run(key: key, actor: actor, request: request, core: core, answersSecret: route.answersSecret) {
                    try route.handler(apiRequest)
                }
            } else {
                response = try route.handler(apiRequest)
            }
        } catch let error as DomainError {
            response = APIResponse.problem(error, instance: request.path)
        } catch let error as ImportRejected {
            response = APIResponse.problem(error.domainError, instance: request.path)
        } catch let error as DatabaseError where error.failure == .busy || error.failure == .locked {
            response = busy(request)
        } catch let error as DatabaseError {
            guard let problem = error.domainError else { throw error }
            response = APIResponse.problem(problem, instance: request.path)
        }
        response.user = actor.username
        return response
    }

    /// The request with its query and body read by the route's declarations. References by
    /// name are resolved in one read.
    func declaredRequest(_ input: DeclaredInput, _ request: Request, _ actor: Actor) throws -> APIRequest {
        let members = input.readsJSONBody ? try APIRequest.members(request, takesBody: input.takesBody) : []
        func read(_ db: Connection?) throws -> (Values, Values) {
            var errors: [FieldError] = []
            var params = Values(), body = Values()
            switch input.query.read(text: request.queryItems, db) {
            case .success(let values): params = values
            case .failure(let found): errors += found.all
            }
            switch input.body.read(json: members, db) {
            case .success(let values): body = values
            case .failure(let found): errors += found.all
            }
            if !errors.isEmpty {
                // A bad page size or cursor is a malformed request (400); any other field is 422.
                if errors.allSatisfy({ $0.field == "limit" || $0.field == "after" }) {
                    throw DomainError(.badRequest, errors.map(\.message).joined(separator: "; "), fieldErrors: errors)
                }
                throw DomainError.validation(errors)
            }
            return (params, body)
        }
        let (params, body) = input.needsDatabase ? try core.read { try read($0) } : try read(nil)
        return APIRequest(http: request, actor: actor, core: core, input: body, params: params, paging: Paging(params), answersCSV: input.answersCSV)
    }

    /// The 403 for a role the route does not admit: the role in Chinese and the endpoint, then an English gloss.
    static func refusal(_ actor: Actor, _ route: APIRoute) -> DomainError {
        let label = actor.role.chinese
        return DomainError.forbidden("\(label)用户无权使用此接口 \(route.method) \(route.path) (\(actor.role.englishUser) may not use this endpoint: \(route.summary))")
    }

    /// The actor for a request (the public on an open route), or a 401 problem. Whether the
    /// route admits the actor's role is the caller's question (a 403 still names the user).
    func authenticate(_ route: APIRoute, _ request: Request) throws -> Actor {
        guard case .roles = route.access else { return .anonymousPublic }
        guard let token = Middlewares.bearerToken(request) else {
            throw DomainError(.unauthorized, "请先登录：请求须带 Authorization: Bearer <令牌>，令牌由 POST /api/v1/session 取得 (sign in first: send Authorization: Bearer <token>; POST /api/v1/session gives one)",
                              headers: [("WWW-Authenticate", "Bearer realm=\"anwei\"")])
        }
        guard let actor = try accounts.authenticate(token: token) else {
            throw DomainError(.unauthorized, "令牌无效、已过期或已撤销，请重新登录 (the token is unknown, expired or revoked)", headers: [("WWW-Authenticate", "Bearer realm=\"anwei\", error=\"invalid_token\"")])
        }
        return actor
    }
}

/// A route's roles as bits, worked out once per route: checked on every request without hashing
/// (`Role` hashes its raw value, a String).
struct RoleMask: Sendable {
    private let bits: UInt8

    init(_ access: RouteAccess) {
        guard case .roles(let roles) = access else { bits = 0; return }
        bits = roles.reduce(0) { $0 | Self.bit($1) }
    }

    func contains(_ role: Role) -> Bool { bits & Self.bit(role) != 0 }

    private static func bit(_ role: Role) -> UInt8 {
        switch role {
        case .admin: 1
        case .unit: 2
        case .town: 4
        case .inspector: 8
        case .enterprise: 16
        case .office: 32
        }
    }
}

/// What a route reads before its handler runs, worked out once per route when the router is made
/// (not on every request): its query contract with paging, its body contract, whether names are
/// resolved in the database.
struct DeclaredInput: Sendable {
    let query: Contract
    let body: Contract
    let takesBody: Bool
    /// False for a route whose body is CSV: its handler reads the rows itself.
    let readsJSONBody: Bool
    let needsDatabase: Bool
    let answersCSV: Bool

    init(_ route: APIRoute) {
        answersCSV = route.reply.csv
        query = route.queryContract
        body = route.body ?? .none
        takesBody = route.body != nil
        readsJSONBody = route.csvBody == nil
        needsDatabase = query.needsDatabase || body.needsDatabase
    }
}
