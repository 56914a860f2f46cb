// The registered routes compiled for lookup: a tree of path segments (literal, then integer, then
// any text, tried in that order so the most specific route wins), each route with its middleware
// chain composed once. Built when the first request arrives after a change to the routes, so a
// request walks a few byte comparisons instead of testing every route. The lookup reads the
// path's bytes where they are: no array of segments, no substring, no hashing.
#if canImport(Glibc)
import Glibc
#endif

/// A class, so that handing the found route to a request retains one object, not its fields.
final class CompiledRoute: Sendable {
    let template: String
    let segments: [Router.Segment]
    /// The route's handler wrapped in every middleware.
    let chain: Handler

    /// Calls `chain` (from here, without retaining it: see `HTTPServer.handle`).
    func run(_ request: consuming Request) throws -> Response { try chain(request) }
    /// The template's parameters by segment position, in template order.
    private let parameterNames: [(position: Int, name: String)]

    init(template: String, segments: [Router.Segment], chain: @escaping Handler) {
        self.template = template
        self.segments = segments
        self.chain = chain
        parameterNames = segments.enumerated().compactMap { position, segment in
            switch segment {
            case .literal: nil
            case .string(let name), .int(let name): (position, name)
            }
        }
    }

    /// The values of the template's parameters in `path` (whose segments matched `segments`);
    /// a name given twice takes its last value.
    func parameters(_ path: UnsafeBufferPointer<UInt8>) -> PathParameters {
        var params = PathParameters()
        guard !parameterNames.isEmpty else { return params }
        var segment = PathSegment.first(in: path), position = 0
        for (target, name) in parameterNames {
            while position < target, let current = segment {
                segment = current.next(in: path)
                position += 1
            }
            guard let segment else { break }
            params[name] = String(decoding: UnsafeBufferPointer(rebasing: path[segment.range]), as: UTF8.self)
        }
        return params
    }
}

/// One segment of a path: the bytes between a slash and the next slash (or the end). A path's
/// segments are those after its first slash (`/a//b` → `a`, ``, `b`), as `Router.segments` gives.
struct PathSegment {
    let range: Range<Int>

    /// The segment after the path's first slash; nil when the path has no slash.
    static func first(in path: UnsafeBufferPointer<UInt8>) -> PathSegment? {
        guard let slash = path.firstIndex(of: UInt8(ascii: "/")) else { return nil }
        return PathSegment(from: slash + 1, in: path)
    }

    private init(from start: Int, in path: UnsafeBufferPointer<UInt8>) {
        var end = start
        while end < path.count, path[end] != UInt8(ascii: "/") { end += 1 }
        range = start..<end
    }

    /// The segment after this one; nil when this one ends the path.
    func next(in path: UnsafeBufferPointer<UInt8>) -> PathSegment? {
        range.upperBound < path.count ? PathSegment(from: range.upperBound + 1, in: path) : nil
    }
}

/// A node of the tree. A request walks it without retaining or releasing anything: every
/// node and route is held (strongly) by its parent's `owned` lists, and the whole tree by the
/// router for as long as the router lives (`Router.Table.compiled` keeps every tree it compiled),
/// so the unretained references below stay valid while a request that reached the tree through
/// the router runs. Counting references on these shared objects would move their cache lines
/// between the cores on every request.
final class RouteTree: Sendable {
    /// Children by literal segment: the segments' bytes one after another in `literalBytes`, and
    /// where each lies. A node has few, so comparing bytes beats hashing.
    private let literalBytes: [UInt8]
    private let literals: [(segment: Range<Int>, tree: Unmanaged<RouteTree>)]
    private let integer: Unmanaged<RouteTree>?
    private let text: Unmanaged<RouteTree>?
    /// Routes that end here, by method, the first registered for a method only: a node has a
    /// few, and comparing method names (short strings held inline) beats hashing them.
    private let routes: [(method: String, route: Unmanaged<CompiledRoute>)]
    /// What the unretained references above point to, held here.
    private let ownedTrees: [RouteTree]
    private let ownedRoutes: [CompiledRoute]
    /// No middleware: the router itself turns thrown `HTTPError`s into responses.
    let bare: Bool

    /// - Parameter entries: routes in registration order, each with the segments still to place.
    init(_ entries: [(rest: ArraySlice<Router.Segment>, route: CompiledRoute, method: String)], bare: Bool) {
        self.bare = bare
        var ending: [(method: String, route: CompiledRoute)] = []
        var byLiteral: [Substring: [(rest: ArraySlice<Router.Segment>, route: CompiledRoute, method: String)]] = [:]
        var integers: [(rest: ArraySlice<Router.Segment>, route: CompiledRoute, method: String)] = []
        var texts: [(rest: ArraySlice<Router.Segment>, route: CompiledRoute, method: String)] = []
        for entry in entries {
            guard let first = entry.rest.first else {
                if !ending.contains(where: { $0.method == entry.method }) { ending.append((entry.method, entry.route)) }
                continue
            }
            let next = (rest: entry.rest.dropFirst(), route: entry.route, method: entry.method)
            switch first {
            case .literal(let value): byLiteral[Substring(value), default: []].append(next)
            case .int: integers.append(next)
            case .string: texts.append(next)
            }
        }
        var bytes: [UInt8] = [], literals: [(segment: Range<Int>, tree: Unmanaged<RouteTree>)] = [], owned: [RouteTree] = []
        for (segment, entries) in byLiteral {
            let tree = RouteTree(entries, bare: bare)
            owned.append(tree)
            literals.append((bytes.count..<(bytes.count + segment.utf8.count), Unmanaged.passUnretained(tree)))
            bytes.append(contentsOf: segment.utf8)
        }
        let integer = integers.isEmpty ? nil : RouteTree(integers, bare: bare)
        let text = texts.isEmpty ? nil : RouteTree(texts, bare: bare)
        self.literalBytes = bytes
        self.literals = literals
        self.integer = integer.map { Unmanaged.passUnretained($0) }
        self.text = text.map { Unmanaged.passUnretained($0) }
        self.routes = ending.map { ($0.method, Unmanaged.passUnretained($0.route)) }
        self.ownedTrees = owned + [integer, text].compactMap { $0 }
        self.ownedRoutes = ending.map(\.route)
    }

    /// The most specific route for `method` matching `path` from `segment` on (nil: no segment
    /// left), unretained: valid while this tree is.
    func find(_ method: String, _ path: UnsafeBufferPointer<UInt8>, from segment: PathSegment?) -> Unmanaged<CompiledRoute>? {
        guard let segment else {
            for (name, route) in routes where name == method { return route }
            return nil
        }
        let part = UnsafeBufferPointer(rebasing: path[segment.range])
        let next = segment.next(in: path)
        if let child = literal(part), let found = child._withUnsafeGuaranteedRef({ $0.find(method, path, from: next) }) { return found }
        if let integer, Router.isInteger(part), let found = integer._withUnsafeGuaranteedRef({ $0.find(method, path, from: next) }) { return found }
        if let text, !part.isEmpty, let found = text._withUnsafeGuaranteedRef({ $0.find(method, path, from: next) }) { return found }
        return nil
    }

    /// The child for literal segment `part`, if any.
    private func literal(_ part: UnsafeBufferPointer<UInt8>) -> Unmanaged<RouteTree>? {
        literalBytes.withUnsafeBufferPointer { bytes in
            for (segment, tree) in literals where segment.count == part.count {
                if part.isEmpty || memcmp(bytes.baseAddress! + segment.lowerBound, part.baseAddress!, part.count) == 0 { return tree }
            }
            return nil
        }
    }
}
