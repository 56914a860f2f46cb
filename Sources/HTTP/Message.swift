// The values the server hands to a handler and takes back: a request and a response.
// The HTTP module is generic: it knows nothing of Anwei's domain.

/// Header fields in arrival order; names compare case-insensitively.
///
/// The fields are kept as bytes: every name and value one after another in one buffer, and where
/// each lies in it. A request's fields are the header section as it arrived (one copy, no string
/// per field); a value becomes a `String` only when it is asked for.
public struct HTTPHeaders: Sendable, Sequence {
    /// Where one field's name and value lie in `bytes`.
    struct Span: Sendable {
        var name: Range<Int>
        var value: Range<Int>
    }

    private var bytes: [UInt8] = []
    private var spans: [Span] = []

    public init(_ fields: [(name: String, value: String)] = []) {
        guard !fields.isEmpty else { return }
        reserve(fields: fields.count, bytes: 0)
        for (name, value) in fields { add(name, value) }
    }

    /// No fields yet, room for `fields` fields of `bytes` bytes in all.
    init(capacity fields: Int, bytes: Int) { reserve(fields: fields, bytes: bytes) }

    /// The fields of a header section as it arrived: its bytes (copied) and where each field lies in them.
    init(section: UnsafeBufferPointer<UInt8>, spans: [Span]) {
        self.bytes = Array(section)
        self.spans = spans
    }

    private mutating func reserve(fields: Int, bytes count: Int) {
        spans.reserveCapacity(fields)
        bytes.reserveCapacity(count)
    }

    /// Every field, in order.
    public var fields: [(name: String, value: String)] { spans.map { (string($0.name), string($0.value)) } }

    private func string(_ range: Range<Int>) -> String {
        bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    /// The first value of `name`, if any.
    public subscript(name: String) -> String? {
        firstSpan(name).map { string($0.value) }
    }

    /// Every value of `name`, in order.
    public func values(_ name: String) -> [String] {
        name.withUTF8Bytes { wanted in
            bytes.withUnsafeBufferPointer { all in
                spans.filter { HTTPHeaders.sameName(UnsafeBufferPointer(rebasing: all[$0.name]), wanted) }
                    .map { String(decoding: UnsafeBufferPointer(rebasing: all[$0.value]), as: UTF8.self) }
            }
        }
    }

    /// The first field named `name`.
    private func firstSpan(_ name: String) -> Span? {
        name.withUTF8Bytes { wanted in
            bytes.withUnsafeBufferPointer { all in
                spans.first { HTTPHeaders.sameName(UnsafeBufferPointer(rebasing: all[$0.name]), wanted) }
            }
        }
    }

    /// Calls `body` with the bytes of the first value of `name` (nil when there is none).
    func withValue<R>(_ name: String, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        guard let span = firstSpan(name) else { return nil }
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[span.value])) }
    }

    /// Calls `body` with each field's name and value bytes, in order.
    func forEachField(_ body: (_ name: UnsafeBufferPointer<UInt8>, _ value: UnsafeBufferPointer<UInt8>) -> Void) {
        bytes.withUnsafeBufferPointer { all in
            for span in spans { body(UnsafeBufferPointer(rebasing: all[span.name]), UnsafeBufferPointer(rebasing: all[span.value])) }
        }
    }

    /// The bytes of every name and value together (an upper bound of what writing them needs) and the count of fields.
    var byteCount: (bytes: Int, fields: Int) { (bytes.count, spans.count) }

    /// Field names compared ASCII-case-insensitively, without allocating (this runs for every
    /// header lookup of every request).
    static func sameName(_ p: UnsafeBufferPointer<UInt8>, _ q: UnsafeBufferPointer<UInt8>) -> Bool {
        guard p.count == q.count else { return false }
        for i in 0..<p.count where p[i] != q[i] && ASCIIBytes.lowercased(p[i]) != ASCIIBytes.lowercased(q[i]) { return false }
        return true
    }

    public mutating func add(_ name: String, _ value: String) {
        let nameStart = bytes.count
        bytes.appendUTF8(of: name)
        let valueStart = bytes.count
        bytes.appendUTF8(of: value)
        spans.append(Span(name: nameStart..<valueStart, value: valueStart..<bytes.count))
    }

    /// Replaces every value of `name` with one.
    public mutating func set(_ name: String, _ value: String) {
        remove(name)
        add(name, value)
    }

    /// Replaces every value of `name` with `value`, given as UTF-8 bytes (copied): the same as
    /// `set(name, String(decoding: value, as: UTF8.self))` for valid UTF-8, without making the String.
    public mutating func set(_ name: String, utf8 value: UnsafeBufferPointer<UInt8>) {
        remove(name)
        let nameStart = bytes.count
        bytes.appendUTF8(of: name)
        let valueStart = bytes.count
        bytes.append(contentsOf: value)
        spans.append(Span(name: nameStart..<valueStart, value: valueStart..<bytes.count))
    }

    /// Removes every field named `name` (its bytes stay in the buffer, unused).
    public mutating func remove(_ name: String) {
        guard firstSpan(name) != nil else { return }
        let kept: [Span] = name.withUTF8Bytes { wanted in
            bytes.withUnsafeBufferPointer { all in
                spans.filter { !HTTPHeaders.sameName(UnsafeBufferPointer(rebasing: all[$0.name]), wanted) }
            }
        }
        spans = kept
    }

    public func makeIterator() -> Iterator { Iterator(headers: self) }

    /// The fields in order, each as a name and a value.
    public struct Iterator: IteratorProtocol {
        private let headers: HTTPHeaders
        private var index = 0

        init(headers: HTTPHeaders) { self.headers = headers }

        public mutating func next() -> (name: String, value: String)? {
            guard index < headers.spans.count else { return nil }
            defer { index += 1 }
            let span = headers.spans[index]
            return (headers.string(span.name), headers.string(span.value))
        }
    }
}

/// The parameters a route template captured, by name (a name given twice keeps its last value).
///
/// Most routes capture one parameter or none, so the first is held in place: setting a request's
/// parameters allocates nothing (a short value such as an id is held inside its `String` too), and
/// looking one up compares a name or two instead of hashing it, as a dictionary did on every request.
public struct PathParameters: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    public typealias Element = (key: String, value: String)

    private var first: Element?
    private var others: [Element] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, String)...) {
        for (name, value) in elements { self[name] = value }
    }

    /// The value of parameter `name`; setting nil removes it.
    public subscript(name: String) -> String? {
        get {
            guard let first else { return nil }
            if first.key == name { return first.value }
            for other in others where other.key == name { return other.value }
            return nil
        }
        set {
            if first?.key == name {
                if let newValue { first!.value = newValue } else { first = others.isEmpty ? nil : others.removeFirst() }
            } else if let index = others.firstIndex(where: { $0.key == name }) {
                if let newValue { others[index].value = newValue } else { others.remove(at: index) }
            } else if let newValue {
                if first == nil { first = (name, newValue) } else { others.append((name, newValue)) }
            }
        }
    }

    public var count: Int { first == nil ? 0 : 1 + others.count }
    public var isEmpty: Bool { first == nil }

    /// The same names with the same values, in any order.
    public static func == (a: PathParameters, b: PathParameters) -> Bool {
        a.count == b.count && a.allSatisfy { b[$0.key] == $0.value }
    }

    public func makeIterator() -> Iterator { Iterator(parameters: self) }

    /// The parameters in the order they were set.
    public struct Iterator: IteratorProtocol {
        private let parameters: PathParameters
        private var index = 0

        init(parameters: PathParameters) { self.parameters = parameters }

        public mutating func next() -> Element? {
            defer { index += 1 }
            if index == 0 { return parameters.first }
            return index - 1 < parameters.others.count ? parameters.others[index - 1] : nil
        }
    }
}

/// One parsed HTTP request.
///
/// Everything a request holds (method, target, path, query, header fields, body, peer, and the
/// route, parameters, id and user the layers set) is kept in one object, so passing the request
/// through every middleware layer and handler by value copies one reference. Setting a part
/// gives the request an object of its own first when another copy shares it (copy on write).
public struct Request: Sendable {
    private final class Storage: @unchecked Sendable {
        // @unchecked: a Storage is written only through `Request.unique()`, that is while one
        // request value holds the only reference to it; one shared by copies (and so perhaps by
        // threads) is only read. For the same reason no two accesses can overlap, and the
        // run-time exclusivity checks are left out.
        @exclusivity(unchecked) var method: String
        @exclusivity(unchecked) var target: String
        @exclusivity(unchecked) var path: String
        @exclusivity(unchecked) var queryItems: [(name: String, value: String)]
        @exclusivity(unchecked) var headers: HTTPHeaders
        @exclusivity(unchecked) var body: [UInt8]
        @exclusivity(unchecked) var remoteAddress: String
        @exclusivity(unchecked) var pathParameters: PathParameters
        @exclusivity(unchecked) var route: String?
        @exclusivity(unchecked) var requestID: String
        @exclusivity(unchecked) var user: String?

        init(method: String, target: String, path: String, queryItems: [(name: String, value: String)],
             headers: HTTPHeaders, body: [UInt8], remoteAddress: String,
             pathParameters: PathParameters, route: String?, requestID: String, user: String?) {
            self.method = method
            self.target = target
            self.path = path
            self.queryItems = queryItems
            self.headers = headers
            self.body = body
            self.remoteAddress = remoteAddress
            self.pathParameters = pathParameters
            self.route = route
            self.requestID = requestID
            self.user = user
        }

        func copy() -> Storage {
            Storage(method: method, target: target, path: path, queryItems: queryItems, headers: headers, body: body,
                    remoteAddress: remoteAddress, pathParameters: pathParameters, route: route, requestID: requestID, user: user)
        }
    }

    private var storage: Storage

    /// The storage, made this request's own first if another copy shares it.
    private mutating func unique() -> Storage {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        return storage
    }

    public var method: String {
        get { storage.method }
        set { unique().method = newValue }
    }
    /// The request target as sent, e.g. `/api/v1/org/units?limit=5`.
    public var target: String {
        get { storage.target }
        set { unique().target = newValue }
    }
    /// The percent-decoded path without the query.
    public var path: String {
        get { storage.path }
        set { unique().path = newValue }
    }
    /// Query parameters in order, percent-decoded (`+` as space).
    public var queryItems: [(name: String, value: String)] {
        _read { yield storage.queryItems }
        set { unique().queryItems = newValue }
    }
    public var headers: HTTPHeaders {
        _read { yield storage.headers }
        set { unique().headers = newValue }
    }
    public var body: [UInt8] {
        _read { yield storage.body }
        set { unique().body = newValue }
    }
    /// The peer's address, e.g. `127.0.0.1`.
    public var remoteAddress: String {
        get { storage.remoteAddress }
        set { unique().remoteAddress = newValue }
    }
    /// Parameters captured by the route template, e.g. `id` for `/units/{id}`.
    public var pathParameters: PathParameters {
        get { storage.pathParameters }
        set { unique().pathParameters = newValue }
    }
    /// The route template that matched, e.g. `/api/v1/org/units/{id}` (for logs and metrics).
    public var route: String? {
        get { storage.route }
        set { unique().route = newValue }
    }
    /// A short unique id for this request (from `X-Request-Id` when the client sent a sane one).
    public var requestID: String {
        get { storage.requestID }
        set { unique().requestID = newValue }
    }
    /// The authenticated user, once an authentication layer has set it.
    public var user: String? {
        get { storage.user }
        set { unique().user = newValue }
    }

    public init(method: String, target: String, path: String, queryItems: [(name: String, value: String)] = [],
                headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = [], remoteAddress: String = "",
                pathParameters: PathParameters = [:], route: String? = nil, requestID: String = "",
                user: String? = nil) {
        storage = Storage(method: method, target: target, path: path, queryItems: queryItems, headers: headers, body: body,
                          remoteAddress: remoteAddress, pathParameters: pathParameters, route: route, requestID: requestID, user: user)
    }

    /// The value of path parameter `name`, looked up where the request keeps it (reading
    /// `pathParameters` from another module copies them, or allocates to lend them).
    public func pathParameter(_ name: String) -> String? { storage.pathParameters[name] }

    /// The first value of query parameter `name`.
    public func query(_ name: String) -> String? { storage.queryItems.first { $0.name == name }?.value }
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
        // Room for the fields a response usually gets on its way out (an ETag, a Link, the request id).
        var headers = HTTPHeaders(capacity: 4, bytes: 128)
        headers.add("Content-Type", contentType)
        self.init(status: status, headers: headers, body: body)
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
