// An HTTP route as the kernel describes it: method, path, who may call it, what it takes and
// gives (declared with the one contract: the reader, the OpenAPI document), and its handler.
import HTTP

/// Who may call a route.
public enum RouteAccess: Sendable {
    /// No account needed (health, metrics, the OpenAPI document, the public tip-off intake).
    case open
    /// A signed-in user with one of these roles.
    case roles(Set<Role>)

    public static let anyUser = RouteAccess.roles(Set(Role.allCases))
    /// The system's own routes (users, webhooks, the event feed, the audit log).
    public static let adminOnly = RouteAccess.roles([.admin])
    /// The office's actions (区安委办): its staff and the system administrator.
    public static let office = RouteAccess.roles([.admin, .office])
}

/// A route of the HTTP API.
public struct APIRoute: Sendable {
    public var method: String
    /// The path template, e.g. `/api/v1/org/units/{id:int}`.
    public var path: String
    public var summary: String
    /// The OpenAPI tag (the module).
    public var tag: String
    public var access: RouteAccess
    /// The query parameters it takes (paging is added for a paged reply).
    public var params: Contract
    /// The JSON body it takes; nil when it takes none (an empty body or `{}` is then accepted).
    public var body: Contract?
    /// A `text/csv` body whose header names these fields, one record a row (imports); the
    /// handler reads the rows itself, with this contract.
    public var csvBody: Contract?
    /// What it answers on success.
    public var reply: Reply
    /// The success status (200, or 201 for creates).
    public var successStatus: Int
    /// Error statuses it may answer beyond those its declaration implies (e.g. 401 from sign-in).
    public var errors: [Int] = []
    /// Its answer holds a secret shown this once (a token, a signing secret, a sealed envelope, a
    /// tip-off's receipt key): an `Idempotency-Key` keeps the key but never the answer, and a retry
    /// with it is told the request was done (409) instead of being shown the secret again.
    public var answersSecret: Bool
    public var handler: @Sendable (APIRequest) throws -> Response

    /// A route declared with the one contract: what it takes (query, body) and what it gives.
    public init(_ method: String, _ path: String, summary: String, tag: String, access: RouteAccess, params: Contract = .none,
                body: Contract? = nil, csvBody: Contract? = nil, reply: Reply, successStatus: Int = 200, errors: [Int] = [],
                answersSecret: Bool = false, handler: @escaping @Sendable (APIRequest) throws -> Response) {
        self.method = method
        self.errors = errors
        self.answersSecret = answersSecret
        self.csvBody = csvBody
        self.path = path
        self.summary = summary
        self.tag = tag
        self.access = access
        self.params = params
        self.body = body
        self.reply = reply
        self.successStatus = successStatus
        self.handler = handler
    }

    /// The query parameters a request may carry: the declared ones and, for a page, `limit` and `after`.
    public var queryContract: Contract {
        reply.isPaged ? params + Paging.contract : params
    }
}
