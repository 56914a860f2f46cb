// An HTTP route as the kernel describes it: method, path, who may call it, what it takes and
// gives (for the generated OpenAPI document), and its handler.
import HTTP

/// Who may call a route.
public enum RouteAccess: Sendable {
    /// No account needed (health, metrics, the OpenAPI document, the public tip-off intake).
    case open
    /// A signed-in user with one of these roles.
    case roles(Set<Role>)

    public static let anyUser = RouteAccess.roles(Set(Role.allCases))
    public static let adminOnly = RouteAccess.roles([.admin])
}

/// A query parameter, for the OpenAPI document and for rejecting unknown ones.
public struct QueryParameter: Sendable {
    public var name: String
    public var description: String
    public var schema: JSON
    public init(_ name: String, _ description: String, schema: JSON = .object(["type": "string"])) {
        self.name = name
        self.description = description
        self.schema = schema
    }

    public static let limit = QueryParameter("limit", "page size (default 50, at most 200)", schema: .object(["type": "integer", "minimum": 1, "maximum": 200]))
    public static let after = QueryParameter("after", "the cursor from the previous page's `next`")
    public static let q = QueryParameter("q", "free-text search")
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
    /// The query parameters it takes (paging is added for a paged reply). Nil on a route still
    /// declared the old way (`legacyQuery`).
    public var params: Contract?
    /// The JSON body it takes; nil when it takes none (an empty body or `{}` is then accepted).
    public var body: Contract?
    /// A `text/csv` body whose header names these fields, one record a row (imports); the
    /// handler reads the rows itself, with this contract.
    public var csvBody: Contract?
    /// What it answers on success; nil on a route still declared the old way.
    public var reply: Reply?
    public var legacyQuery: [QueryParameter]
    /// JSON Schema of the request body, if it takes one (old declarations).
    public var requestSchema: JSON?
    /// JSON Schema of the success response body (old declarations).
    public var responseSchema: JSON?
    /// The success status (200, or 201 for creates).
    public var successStatus: Int
    /// Error statuses it may answer beyond those its declaration implies (e.g. 401 from sign-in).
    public var errors: [Int] = []
    public var handler: @Sendable (APIRequest) throws -> Response

    /// A route declared with the one contract: what it takes (query, body) and what it gives.
    public init(_ method: String, _ path: String, summary: String, tag: String, access: RouteAccess, params: Contract = .none,
                body: Contract? = nil, csvBody: Contract? = nil, reply: Reply, successStatus: Int = 200, errors: [Int] = [],
                handler: @escaping @Sendable (APIRequest) throws -> Response) {
        self.method = method
        self.errors = errors
        self.csvBody = csvBody
        self.path = path
        self.summary = summary
        self.tag = tag
        self.access = access
        self.params = params
        self.body = body
        self.reply = reply
        self.legacyQuery = []
        self.successStatus = successStatus
        self.handler = handler
    }

    /// The old declaration (raw schemas), while routes move to the contract.
    public init(_ method: String, _ path: String, summary: String, tag: String, access: RouteAccess, query: [QueryParameter] = [],
                requestSchema: JSON? = nil, responseSchema: JSON? = nil, successStatus: Int = 200,
                handler: @escaping @Sendable (APIRequest) throws -> Response) {
        self.method = method
        self.path = path
        self.summary = summary
        self.tag = tag
        self.access = access
        self.legacyQuery = query
        self.requestSchema = requestSchema
        self.responseSchema = responseSchema
        self.successStatus = successStatus
        self.handler = handler
    }

    /// The query parameters a request may carry: the declared ones and, for a page, `limit` and `after`.
    public var queryContract: Contract? {
        guard let params else { return nil }
        return reply?.isPaged == true ? params + Paging.contract : params
    }
}
