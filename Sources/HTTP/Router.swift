// Method + path-template routing with typed parameters, wrapped in middleware.
import Synchronization

public final class Router: Sendable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case string(String)
        case int(String)

        /// Literal beats typed beats untyped when several routes match.
        var rank: Int {
            switch self {
            case .literal: 2
            case .int: 1
            case .string: 0
            }
        }
    }

    struct Route: Sendable {
        let method: String
        let template: String
        let segments: [Segment]
        let handler: Handler
    }

    /// A middleware in a struct: an array of closures keeps them in their most general form, and
    /// calling one then converts (and allocates) its `next` argument on every request.
    struct Layer: Sendable {
        let middleware: Middleware
    }

    /// One middleware and what it wraps. Called through a method of the object holding both, so
    /// that neither closure is retained for the call (see `HTTPServer.handle`).
    private final class Link: Sendable {
        let middleware: Middleware
        let next: Handler

        init(middleware: @escaping Middleware, next: @escaping Handler) {
            self.middleware = middleware
            self.next = next
        }

        func run(_ request: consuming Request) throws -> Response { try middleware(request, next) }
    }

    private struct Table: Sendable {
        var routes: [Route] = []
        var middlewares: [Layer] = []
        /// Every lookup tree compiled so far, the current one last. A tree is kept even after a
        /// change of routes has replaced it, so that a request that has just read it never holds a
        /// freed one (routes change at startup, so there are one or two).
        var compiled: [RouteTree] = []
    }

    private let table = ThreadLock(Table())
    /// The current lookup tree, read by every request without taking `table`'s lock; nil after a
    /// change of routes until the next request compiles a new one.
    private let current = Atomic<Unmanaged<RouteTree>?>(nil)

    public init() {}

    /// Registers `handler` for `method` and `template`, e.g. `/api/v1/org/units/{id}` or `/items/{id:int}`.
    /// A `{name:int}` segment only matches a decimal integer (else the path does not match: 404).
    public func add(_ method: String, _ template: String, _ handler: @escaping Handler) {
        let route = Route(method: method.uppercased(), template: template, segments: Router.compile(template), handler: handler)
        table.withLock {
            $0.routes.append(route)
            current.store(nil, ordering: .releasing)
        }
    }

    /// Registers a handler that returns any `ResponseConvertible` value.
    public func add<R: ResponseConvertible & SendableMetatype>(_ method: String, _ template: String, _ handler: @escaping @Sendable (Request) throws -> R) {
        add(method, template) { (request: Request) throws -> Response in try handler(request).response() }
    }

    /// Adds a middleware; the first added is outermost. Middleware sees `request.route` and
    /// `request.pathParameters` already set, and also wraps 404/405 answers.
    public func use(_ middleware: @escaping Middleware) {
        table.withLock {
            $0.middlewares.append(Layer(middleware: middleware))
            current.store(nil, ordering: .releasing)
        }
    }

    public var routes: [(method: String, template: String)] {
        table.withLock { $0.routes.map { ($0.method, $0.template) } }
    }

    static func compile(_ template: String) -> [Segment] {
        precondition(template.hasPrefix("/"), "A route template starts with /: \(template)")
        return template.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { part in
            guard part.hasPrefix("{"), part.hasSuffix("}"), part.count > 2 else { return .literal(String(part)) }
            let inner = part.dropFirst().dropLast()
            let pieces = inner.split(separator: ":", maxSplits: 1)
            let name = String(pieces[0])
            let type = pieces.count > 1 ? String(pieces[1]) : "string"
            switch type {
            case "int": return .int(name)
            case "string": return .string(name)
            default: preconditionFailure("Unknown parameter type \(type) in \(template)")
            }
        }
    }

    /// The parameters when `path` matches `segments`.
    static func match(_ segments: [Segment], _ parts: [Substring]) -> PathParameters? {
        guard segments.count == parts.count else { return nil }
        var params = PathParameters()
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let text):
                if part != text { return nil }
            case .string(let name):
                if part.isEmpty { return nil }
                params[name] = String(part)
            case .int(let name):
                guard isInteger(part) else { return nil }
                params[name] = String(part)
            }
        }
        return params
    }

    /// The segments of a path after its leading slash (`/a//b` → `a`, ``, `b`), split on bytes.
    static func segments(_ path: String) -> [Substring] {
        var parts: [Substring] = []
        var start: String.Index?
        var index = path.utf8.startIndex
        while index < path.utf8.endIndex {
            if path.utf8[index] == UInt8(ascii: "/") {
                if let start { parts.append(path[start..<index]) }
                start = path.utf8.index(after: index)
            }
            index = path.utf8.index(after: index)
        }
        if let start { parts.append(path[start..<path.endIndex]) }
        return parts
    }

    /// A decimal integer path segment (an optional minus sign, digits, within Int's range).
    static func isInteger(_ part: Substring) -> Bool {
        var part = part
        return part.withUTF8 { isInteger($0) }
    }

    /// `isInteger` on a segment's bytes: what `Int(part) != nil && part.first != "+"` says, without
    /// the generic parser (this runs on every request to a `{name:int}` route).
    static func isInteger(_ part: UnsafeBufferPointer<UInt8>) -> Bool {
        let negative = part.first == UInt8(ascii: "-")
        let digits = UnsafeBufferPointer(rebasing: part[(negative ? 1 : 0)...])
        guard !digits.isEmpty else { return false }
        // Accumulated towards the sign, so that Int.min fits.
        var value = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return false }
            let digit = Int(byte &- UInt8(ascii: "0"))
            let (tens, overflow) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = negative ? tens.subtractingReportingOverflow(digit) : tens.addingReportingOverflow(digit)
            if overflow || overflow2 { return false }
            value = next
        }
        return true
    }

    /// The middleware chain around `handler`; the first middleware added is outermost.
    private static func wrap(_ handler: @escaping Handler, in layers: [Layer]) -> Handler {
        var chain = handler
        for layer in layers.reversed() {
            let link = Link(middleware: layer.middleware, next: chain)
            chain = { req in try link.run(req) }
        }
        return chain
    }

    /// The lookup tree, compiled from the table if it changed since the last request; unretained:
    /// `table.compiled` holds every tree compiled for as long as the router lives.
    private func compiledTree() -> Unmanaged<RouteTree> {
        if let tree = current.load(ordering: .acquiring) { return tree }
        return table.withLock { table in
            if let tree = current.load(ordering: .acquiring) { return tree }
            let middlewares = table.middlewares
            let tree = RouteTree(table.routes.map { route in
                (rest: route.segments[...],
                 route: CompiledRoute(template: route.template, segments: route.segments,
                                      chain: Router.wrap(route.handler, in: middlewares)),
                 method: route.method)
            }, bare: middlewares.isEmpty)
            table.compiled.append(tree)
            current.store(Unmanaged.passUnretained(tree), ordering: .releasing)
            return Unmanaged.passUnretained(tree)
        }
    }

    private static func better(_ a: [Segment], than b: [Segment]) -> Bool {
        for (x, y) in zip(a, b) where x.rank != y.rank { return x.rank > y.rank }
        return false
    }

    private static func keepBetter(_ current: inout (route: Route, params: PathParameters)?, _ route: Route, _ params: PathParameters) {
        if let existing = current, !better(route.segments, than: existing.route.segments) { return }
        current = (route, params)
    }

    /// Routing, then the middleware chain around the matched handler (or the 404/405 answer).
    /// HEAD falls back to the GET route (the server drops the body); OPTIONS answers 204 with `Allow`.
    public var handler: Handler {
        { [self] (request: consuming Request) in
            // The tree and the route are borrowed, not retained (see `RouteTree`): this router,
            // which holds them, is alive while its handler runs.
            let tree = compiledTree()
            let path = request.path
            let method = request.method
            let found = path.withUTF8Bytes { bytes -> (route: Unmanaged<CompiledRoute>, template: String, parameters: PathParameters)? in
                tree._withUnsafeGuaranteedRef { tree in
                    let first = PathSegment.first(in: bytes)
                    guard let route = tree.find(method, bytes, from: first) ?? (method == "HEAD" ? tree.find("GET", bytes, from: first) : nil) else { return nil }
                    return route._withUnsafeGuaranteedRef { (route, $0.template, $0.parameters(bytes)) }
                }
            }
            if let (route, template, parameters) = found {
                request.route = template
                request.pathParameters = parameters
                // Moved into the chain through an optional: a copy would share the request's
                // storage, and the next layer to set a part would then copy all of it.
                var routed: Request? = consume request
                return try route._withUnsafeGuaranteedRef { route in
                    do {
                        return try route.run(routed.take()!)
                    } catch let error as HTTPError where tree._withUnsafeGuaranteedRef({ $0.bare }) {
                        return error.response
                    }
                }
            }
            // No route for this method (the tree answers every match): 405 with Allow, 204 for OPTIONS, or 404.
            let (routes, middlewares) = table.withLock { ($0.routes, $0.middlewares) }
            let parts = Router.segments(request.path)
            var allowed: Set<String> = []
            var pathRoute: (route: Route, params: PathParameters)?
            for route in routes {
                guard let params = Router.match(route.segments, parts) else { continue }
                allowed.insert(route.method)
                Router.keepBetter(&pathRoute, route, params)
            }
            let final: Handler
            if let pathRoute {
                request.route = pathRoute.route.template
                request.pathParameters = pathRoute.params
                if allowed.contains("GET") { allowed.insert("HEAD") }
                allowed.insert("OPTIONS")
                let allow = allowed.sorted().joined(separator: ", ")
                if request.method == "OPTIONS" {
                    final = { _ in Response(status: 204, headers: HTTPHeaders([("Allow", allow)])) }
                } else {
                    final = { req in
                        throw HTTPError(405, "\(req.path) 不支持 \(req.method) 方法 (\(req.method) is not allowed on \(req.path).)", headers: [("Allow", allow)])
                    }
                }
            } else {
                final = { req in throw HTTPError(404, "没有此资源 \(req.path) (No resource at \(req.path).)") }
            }
            do {
                return try Router.wrap(final, in: middlewares)(request)
            } catch let error as HTTPError where middlewares.isEmpty {
                return error.response
            }
        }
    }
}
