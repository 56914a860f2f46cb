// The kernel's own routes: operations endpoints, sign-in, users, tokens, audit, events, registry.
import Foundation
import HTTP

public enum KernelRoutes {
    /// - Parameters:
    ///   - ready: whether the database is reachable and migrations are current.
    ///   - metricsText: the Prometheus text of everything measured.
    ///   - openAPI: the generated document's bytes (made once every route is known).
    public static func routes(store: RecordStore, ready: @escaping @Sendable () -> Bool, metricsText: @escaping @Sendable () -> String,
                              metricsFromAnywhere: Bool, openAPI: @escaping @Sendable () -> [UInt8]) -> [APIRoute] {
        var routes: [APIRoute] = [
            APIRoute("GET", "/healthz", summary: "Process alive", tag: "operations", access: .open,
                     reply: .object([FieldSpec("status", type: .choice([("ok", "")]), required: true, help: "always ok")])) { _ in
                APIResponse.json(.object(["status": "ok"]))
            },
            APIRoute("GET", "/readyz", summary: "Database reachable and migrations current", tag: "operations", access: .open,
                     reply: .object([FieldSpec("status", type: .choice([("ready", "")]), required: true, help: "ready; otherwise 503")])) { _ in
                ready() ? APIResponse.json(.object(["status": "ready"]))
                        : APIResponse.problem(DomainError(.unavailable, "数据库无法访问或尚未升级到当前版本 (the database is not reachable or its migrations are not current)"))
            },
            APIRoute("GET", "/metrics", summary: "Prometheus metrics", tag: "operations", access: .open,
                     reply: .text("text/plain")) { request in
                guard metricsFromAnywhere || isLoopback(request.http.remoteAddress) else {
                    throw DomainError(.notFound, "没有此接口 \(request.http.path) (no route \(request.http.path))")
                }
                return Response(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8", body: Array(metricsText().utf8))
            },
            APIRoute("GET", "/api/v1/openapi.json", summary: "The OpenAPI 3.1 document of this API", tag: "operations", access: .open,
                     reply: .object([FieldSpec("openapi", type: .text(maxLength: 10), required: true, help: "3.1.0"),
                                     FieldSpec("info", type: .anyJSON, required: true, help: "title, version, description"),
                                     FieldSpec("servers", type: .anyJSON, help: "where the API is"),
                                     FieldSpec("paths", type: .anyJSON, required: true, help: "every operation"),
                                     FieldSpec("components", type: .anyJSON, help: "shared schemas and security schemes")])) { _ in
                Response(status: 200, contentType: "application/json; charset=utf-8", body: openAPI())
            },
            APIRoute("GET", "/api/v1/events", summary: "The ordered event feed (after= the last event id seen)", tag: "events", access: .adminOnly,
                     params: eventFilters,
                     reply: .page([FieldSpec("id", type: .integer(range: 1...Int64.max), required: true, help: "the event's place in the feed"),
                                   FieldSpec("type", type: .text(maxLength: 100), required: true, help: "e.g. hazards.hazard.registered"),
                                   FieldSpec("occurred_at", type: .text(maxLength: 40), required: true, help: "RFC 3339"),
                                   FieldSpec("actor", type: .text(maxLength: 64), required: true, help: "who caused it"),
                                   FieldSpec("payload", type: .anyJSON, required: true, help: "the event's contract (Docs/architecture.md)")], csv: false)) { request in
                let after = try request.paging.afterID() ?? 0
                let limit = request.paging.limit
                let events = try request.core.read { try EventLog.list($0, after: after, type: request.params.text("type"), limit: limit) }
                let next = events.count == limit ? events.last.map { String($0.id) } : nil
                return APIResponse.page(Page(items: events.map(\.json), next: next), request: request)
            },
        ]
        routes += AccessRoutes.routes()
        routes += AuditRoutes.routes()
        for schema in RegistrySchemas.all {
            routes += RecordRoutes.routes(schema, store: store, base: "/api/v1/org", tag: "org")
        }
        return routes
    }

    /// What the event feed takes besides paging (`after` is the last event id seen).
    public static let eventFilters = Contract([.text("type", max: 100, "only this type, or a prefix such as hazards.*", example: "hazards.*")])

    static func isLoopback(_ address: String) -> Bool {
        address.hasPrefix("127.") || address == "::1" || address.hasPrefix("::ffff:127.") || address.isEmpty
    }
}
