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
    func parameters(_ path: UnsafeBufferPointer<UInt8>) -> [String: String] {
        guard !parameterNames.isEmpty else { return [:] }
        var params: [String: String] = [:]
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

final class RouteTree: Sendable {
    /// Children by literal segment, as bytes: a node has few, so comparing bytes beats hashing.
    private let literals: [(segment: [UInt8], tree: RouteTree)]
    private let integer: RouteTree?
    private let text: RouteTree?
    /// Routes that end here, by method, the first registered for a method only: a node has a
    /// few, and comparing method names (short strings held inline) beats hashing them.
    private let routes: [(method: String, route: CompiledRoute)]
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
        routes = ending
        literals = byLiteral.map { (segment: Array($0.key.utf8), tree: RouteTree($0.value, bare: bare)) }
        integer = integers.isEmpty ? nil : RouteTree(integers, bare: bare)
        text = texts.isEmpty ? nil : RouteTree(texts, bare: bare)
    }

    /// The most specific route for `method` matching `path` from `segment` on (nil: no segment left).
    func find(_ method: String, _ path: UnsafeBufferPointer<UInt8>, from segment: PathSegment?) -> CompiledRoute? {
        guard let segment else { return routes.first { $0.method == method }?.route }
        let part = UnsafeBufferPointer(rebasing: path[segment.range])
        let next = segment.next(in: path)
        if let child = literal(part), let found = child.find(method, path, from: next) { return found }
        if let integer, Router.isInteger(part), let found = integer.find(method, path, from: next) { return found }
        if let text, !part.isEmpty, let found = text.find(method, path, from: next) { return found }
        return nil
    }

    /// The child for literal segment `part`, if any.
    private func literal(_ part: UnsafeBufferPointer<UInt8>) -> RouteTree? {
        for (segment, tree) in literals where segment.count == part.count {
            if part.isEmpty || segment.withUnsafeBytes({ memcmp($0.baseAddress!, part.baseAddress!, part.count) }) == 0 { return tree }
        }
        return nil
    }
}
