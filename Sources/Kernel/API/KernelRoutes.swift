// The kernel's own routes: operations endpoints, sign-in, users, tokens, audit, events, registry.
import Foundation
import HTTP

public enum KernelRoutes {
    /// - Parameters:
    ///   - ready: whether the database is reachable and migrations are current.
    ///   - metricsText: the Prometheus text of everything measured.
    ///   - openAPI: the generated document (built lazily from every route).
    public static func routes(store: RecordStore, ready: @escaping @Sendable () -> Bool, metricsText: @escaping @Sendable () -> String,
                              metricsFromAnywhere: Bool, openAPI: @escaping @Sendable () -> JSON) -> [APIRoute] {
        var routes: [APIRoute] = [
            APIRoute("GET", "/healthz", summary: "Process alive", tag: "operations", access: .open,
                     responseSchema: .object(["type": "object"])) { _ in APIResponse.json(.object(["status": "ok"])) },
            APIRoute("GET", "/readyz", summary: "Database reachable and migrations current", tag: "operations", access: .open,
                     responseSchema: .object(["type": "object"])) { _ in
                ready() ? APIResponse.json(.object(["status": "ready"]))
                        : APIResponse.problem(DomainError(.unavailable, "the database is not reachable or its migrations are not current"))
            },
            APIRoute("GET", "/metrics", summary: "Prometheus metrics", tag: "operations", access: .open) { request in
                guard metricsFromAnywhere || isLoopback(request.http.remoteAddress) else {
                    throw DomainError(.notFound, "no route \(request.http.path)")
                }
                return Response(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: Array(metricsText().utf8))
            },
            APIRoute("GET", "/api/v1/openapi.json", summary: "The OpenAPI 3.1 document of this API", tag: "operations", access: .open) { _ in
                APIResponse.json(openAPI())
            },
            APIRoute("GET", "/api/v1/events", summary: "The ordered event feed", tag: "events", access: .adminOnly,
                     query: [QueryParameter("after", "only events after this id", schema: .object(["type": "integer"])),
                             QueryParameter("type", "only this type, or a prefix such as hazards.*"), .limit],
                     responseSchema: OpenAPISchemas.page(.object(["type": "object"]))) { request in
                let after: Int64
                if let text = request.query("after") {
                    guard let value = Int64(text), value >= 0 else { throw DomainError(.badRequest, "after must be an event id (a whole number), got '\(text)'") }
                    after = value
                } else { after = 0 }
                let limit = try request.limit(default: 100, maximum: 1000)
                let events = try request.core.read { try EventLog.list($0, after: after, type: request.query("type"), limit: limit) }
                let next = events.count == limit ? events.last.map { String($0.id) } : nil
                var response = APIResponse.json(.object(["items": .array(events.map(\.json)), "next": JSON(next)]))
                if let next { response.headers.set("Link", "</api/v1/events?after=\(next)>; rel=\"next\"") }
                return response
            },
        ]
        routes += AccessRoutes.routes()
        routes += AuditRoutes.routes()
        for schema in RegistrySchemas.all {
            routes += RecordRoutes.routes(schema, store: store, base: "/api/v1/org", tag: "org")
        }
        return routes
    }

    static func isLoopback(_ address: String) -> Bool {
        address.hasPrefix("127.") || address == "::1" || address.hasPrefix("::ffff:127.") || address.isEmpty
    }
}
