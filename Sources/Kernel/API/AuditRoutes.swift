// `/api/v1/audit`: the audit log, filtered by entity, actor and time; and its verification.
import HTTP

enum AuditRoutes {
    static func routes() -> [APIRoute] {
        [
            APIRoute("GET", "/api/v1/audit", summary: "List audit records, newest first", tag: "audit", access: .adminOnly,
                     query: [QueryParameter("entity", "e.g. enterprise"), QueryParameter("entity_id", "one record's id"), QueryParameter("actor", "username"),
                             QueryParameter("since", "on or after (date or RFC 3339)"), QueryParameter("until", "before (date or RFC 3339)"), .limit, .after],
                     responseSchema: OpenAPISchemas.page(.object(["type": "object"]))) { request in
                func bound(_ name: String) throws -> String? {
                    guard let text = request.query(name) else { return nil }
                    guard let date = Instant.parse(text) else { throw DomainError(.badRequest, "\(name) must be YYYY-MM-DD or an RFC 3339 time, got '\(text)'") }
                    return Instant.utc(date)
                }
                let since = try bound("since"), until = try bound("until")
                let before = try request.query("after").map { try Cursor.decode($0) }
                let limit = request.wantsCSV ? 100_000 : try request.limit()
                let records = try request.core.read {
                    try AuditLog.list($0, entity: request.query("entity"), entityID: request.query("entity_id"), actor: request.query("actor"),
                                      since: since, until: until, before: before, limit: limit + 1)
                }
                let next = records.count > limit ? Cursor.encode(records[limit - 1].id) : nil
                return APIResponse.page(Page(items: records.prefix(limit).map(\.json), next: next), request: request)
            },
            APIRoute("GET", "/api/v1/audit/verify", summary: "Verify the audit hash chain", tag: "audit", access: .adminOnly) { request in
                let result = try request.core.read { try AuditLog.verify($0) }
                var members: [JSON.Member] = [JSON.Member("intact", .bool(result.isIntact)), JSON.Member("records", .int(Int64(result.records)))]
                if let broken = result.firstBroken {
                    members += [JSON.Member("first_broken_id", .int(broken.id)), JSON.Member("reason", .string(broken.reason))]
                }
                return APIResponse.json(.object(members))
            },
        ]
    }
}
