// The values the server hands to a handler and takes back: a request and a response.
// The HTTP module is generic: it knows nothing of Anwei's domain.

/// Header fields in arrival order; names compare case-insensitively.
public struct HTTPHeaders: Sendable, Sequence {
    public private(set) var fields: [(name: String, value: String)] = []

    public init(_ fields: [(name: String, value: String)] = []) { self.fields = fields }

    /// No fields yet, room for `capacity` (the parser's: one allocation instead of a few growths).
    init(capacity: Int) { fields.reserveCapacity(capacity) }

    /// The first value of `name`, if any.
    public subscript(name: String) -> String? {
        fields.first { HTTPHeaders.sameName($0.name, name) }?.value
    }

    /// Every value of `name`, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { HTTPHeaders.sameName($0.name, name) }.map(\.value)
    }

    /// Field names compared ASCII-case-insensitively, without allocating (this runs for every
    /// header lookup of every request).
    static func sameName(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        return a.withUTF8Bytes { p in
            b.withUTF8Bytes { q in
                for i in 0..<p.count where p[i] != q[i] && ASCIIBytes.lowercased(p[i]) != ASCIIBytes.lowercased(q[i]) { return false }
                return true
            }
        }
    }

    public mutating func add(_ name: String, _ value: String) { fields.append((name, value)) }

    /// Replaces every value of `name` with one.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        fields.append((name, value))
    }

    public mutating func remove(_ name: String) {
        fields.removeAll { HTTPHeaders.sameName($0.name, name) }
    }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }
}

/// One parsed HTTP request.
///
/// What arrived (method, target, path, query, header fields, body, peer) is kept in one shared,
/// immutable object: the request is passed through every middleware layer and handler by value,
/// and a copy then costs one retain instead of one per field. Setting one of those parts gives
/// the request an object of its own; the others (route, parameters, id, user) are plain fields.
public struct Request: Sendable {
    private final class Arrival: Sendable {
        let method: String
        let target: String
        let path: String
        let queryItems: [(name: String, value: String)]
        let headers: HTTPHeaders
        let body: [UInt8]
        let remoteAddress: String

        init(method: String, target: String, path: String, queryItems: [(name: String, value: String)],
             headers: HTTPHeaders, body: [UInt8], remoteAddress: String) {
            self.method = method
            self.target = target
            self.path = path
            self.queryItems = queryItems
            self.headers = headers
            self.body = body
            self.remoteAddress = remoteAddress
        }

        /// A copy with some parts changed (used by the setters, which are rare).
        func with(method: String? = nil, target: String? = nil, path: String? = nil,
                  queryItems: [(name: String, value: String)]? = nil, headers: HTTPHeaders? = nil,
                  body: [UInt8]? = nil, remoteAddress: String? = nil) -> Arrival {
            Arrival(method: method ?? self.method, target: target ?? self.target, path: path ?? self.path,
                    queryItems: queryItems ?? self.queryItems, headers: headers ?? self.headers,
                    body: body ?? self.body, remoteAddress: remoteAddress ?? self.remoteAddress)
        }
    }

    private var arrival: Arrival

    public var method: String {
        get { arrival.method }
        set { arrival = arrival.with(method: newValue) }
    }
    /// The request target as sent, e.g. `/api/v1/org/units?limit=5`.
    public var target: String {
        get { arrival.target }
        set { arrival = arrival.with(target: newValue) }
    }
    /// The percent-decoded path without the query.
    public var path: String {
        get { arrival.path }
        set { arrival = arrival.with(path: newValue) }
    }
    /// Query parameters in order, percent-decoded (`+` as space).
    public var queryItems: [(name: String, value: String)] {
        get { arrival.queryItems }
        set { arrival = arrival.with(queryItems: newValue) }
    }
    public var headers: HTTPHeaders {
        get { arrival.headers }
        set { arrival = arrival.with(headers: newValue) }
    }
    public var body: [UInt8] {
        get { arrival.body }
        set { arrival = arrival.with(body: newValue) }
    }
    /// The peer's address, e.g. `127.0.0.1`.
    public var remoteAddress: String {
        get { arrival.remoteAddress }
        set { arrival = arrival.with(remoteAddress: newValue) }
    }
    /// Parameters captured by the route template, e.g. `id` for `/units/{id}`.
    public var pathParameters: [String: String]
    /// The route template that matched, e.g. `/api/v1/org/units/{id}` (for logs and metrics).
    public var route: String?
    /// A short unique id for this request (from `X-Request-Id` when the client sent a sane one).
    public var requestID: String
    /// The authenticated user, once an authentication layer has set it.
    public var user: String?

    public init(method: String, target: String, path: String, queryItems: [(name: String, value: String)] = [],
                headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], remoteAddress: String = "",
                pathParameters: [String: String] = [:], route: String? = nil, requestID: String = "",
                user: String? = nil) {
        self.arrival = Arrival(method: method, target: target, path: path, queryItems: queryItems,
                               headers: headers, body: body, remoteAddress: remoteAddress)
        self.pathParameters = pathParameters
        self.route = route
        self.requestID = requestID
        self.user = user
    }

    /// The first value of query parameter `name`.
    public func query(_ name: String) -> String? { arrival.queryItems.first { $0.name == name }?.value }
}

/// One response. The server adds `Content-Length`, `Date` and `Connection` itself.
public struct Response: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]
    /// Who the request was made by, for the access log (set by an auth layer).
    public var user: String?

    public init(status: Int = 200, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], user: String? = nil) {
        self.status = status
        self.headers = headers
        self.body = body
        self.user = user
    }

    public init(status: Int = 200, contentType: String, body: [UInt8]) {
        self.init(status: status, headers: HTTPHeaders([("Content-Type", contentType)]), body: body)
    }

    public static func text(_ text: String, status: Int = 200) -> Response {
        Response(status: status, contentType: "text/plain; charset=utf-8", body: Array(text.utf8))
    }
}

/// Anything a handler may return.
public protocol ResponseConvertible {
    func response() -> Response
}

extension Response: ResponseConvertible {
    public func response() -> Response { self }
}

/// A handler: synchronous, called on a worker thread; it may block (database, export).
public typealias Handler = @Sendable (consuming Request) throws -> Response

/// A middleware wraps the rest of the chain.
public typealias Middleware = @Sendable (consuming Request, _ next: Handler) throws -> Response
