// The registered routes compiled for lookup: a tree of path segments (literal, then integer, then
// any text, tried in that order so the most specific route wins), each route with its middleware
// chain composed once. Built when the first request arrives after a change to the routes, so a
// request walks a few dictionary lookups instead of testing every route.

/// A class, so that handing the found route to a request retains one object, not its fields.
final class CompiledRoute: Sendable {
    let template: String
    let segments: [Router.Segment]
    /// The route's handler wrapped in every middleware.
    let chain: Handler

    init(template: String, segments: [Router.Segment], chain: @escaping Handler) {
        self.template = template
        self.segments = segments
        self.chain = chain
    }

    /// The values of the template's parameters in `parts` (which matched `segments`).
    func parameters(_ parts: [Substring]) -> [String: String] {
        var params: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal: continue
            case .string(let name), .int(let name): params[name] = String(part)
            }
        }
        return params
    }
}

final class RouteTree: Sendable {
    /// Children by literal segment, as bytes: a node has few, so comparing bytes beats hashing.
    private let literals: [(segment: [UInt8], tree: RouteTree)]
    private let integer: RouteTree?
    private let text: RouteTree?
    /// Routes that end here, by method; the first registered wins.
    private let routes: [String: CompiledRoute]
    /// No middleware: the router itself turns thrown `HTTPError`s into responses.
    let bare: Bool

    /// - Parameter entries: routes in registration order, each with the segments still to place.
    init(_ entries: [(rest: ArraySlice<Router.Segment>, route: CompiledRoute, method: String)], bare: Bool) {
        self.bare = bare
        var ending: [String: CompiledRoute] = [:]
        var byLiteral: [Substring: [(rest: ArraySlice<Router.Segment>, route: CompiledRoute, method: String)]] = [:]
        var integers: [(rest: ArraySlice<Router.Segment>, route: CompiledRoute, method: String)] = []
        var texts: [(rest: ArraySlice<Router.Segment>, route: CompiledRoute, method: String)] = []
        for entry in entries {
            guard let first = entry.rest.first else {
                if ending[entry.method] == nil { ending[entry.method] = entry.route }
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

    /// The most specific route for `method` matching `parts[index...]`.
    func find(_ method: String, _ parts: [Substring], from index: Int = 0) -> CompiledRoute? {
        guard index < parts.count else { return routes[method] }
        let part = parts[index]
        if let child = literal(part), let found = child.find(method, parts, from: index + 1) { return found }
        if let integer, Router.isInteger(part), let found = integer.find(method, parts, from: index + 1) { return found }
        if let text, !part.isEmpty, let found = text.find(method, parts, from: index + 1) { return found }
        return nil
    }

    /// The child for literal segment `part`, if any.
    private func literal(_ part: Substring) -> RouteTree? {
        var part = part
        return part.withUTF8 { bytes in
            literals.first { $0.segment.count == bytes.count && $0.segment.elementsEqual(bytes) }?.tree
        }
    }
}
