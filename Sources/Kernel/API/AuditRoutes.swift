// `/api/v1/audit`: the audit log, filtered by entity, actor and time; and its verification.
import HTTP

public enum AuditRoutes {
    static let recordFields: [FieldSpec] = [
        FieldSpec("id", type: .integer(range: 1...Int64.max), required: true, help: "the record's place in the chain"),
        FieldSpec("at", type: .text(maxLength: 40), required: true, help: "RFC 3339"),
        FieldSpec("actor", type: .text(maxLength: 64), required: true, help: "who did it"),
        FieldSpec("action", type: .text(maxLength: 100), required: true, help: "what was done, e.g. hazards.close"),
        FieldSpec("entity", type: .text(maxLength: 100), required: true, help: "the kind of record"),
        FieldSpec("entity_id", type: .text(maxLength: 100), required: true, help: "which record"),
        FieldSpec("before_digest", type: .text(maxLength: 64), help: "SHA-256 of the record before"),
        FieldSpec("after_digest", type: .text(maxLength: 64), help: "SHA-256 of the record after"),
        FieldSpec("summary", type: .text(maxLength: 2000), required: true, help: "what happened, in words"),
        FieldSpec("hash", type: .text(maxLength: 64), required: true, help: "the chain's hash up to this record"),
    ]

    public static let filters = Contract([
        .text("entity", max: 100, "only this kind of record, e.g. enterprise"),
        .text("entity_id", max: 100, "only this record's id"),
        .text("actor", max: 64, "only this user"),
        .date("since", "on or after this day"),
        .date("until", "before this day"),
    ])

    static func routes() -> [APIRoute] {
        [
            APIRoute("GET", "/api/v1/audit", summary: "List audit records, newest first", tag: "audit", access: .adminOnly,
                     params: filters, reply: .page(recordFields)) { request in
                let params = request.params
                let since = params.date("since").map { Instant.utc($0.startInstant) }
                let until = params.date("until").map { Instant.utc($0.startInstant) }
                let before = try request.paging.afterID()
                let limit = request.wantsCSV ? 100_000 : request.paging.limit
                let records = try request.core.read {
                    try AuditLog.list($0, entity: params.text("entity"), entityID: params.text("entity_id"), actor: params.text("actor"),
                                      since: since, until: until, before: before, limit: limit + 1)
                }
                let next = records.count > limit ? Cursor.encode(records[limit - 1].id) : nil
                return APIResponse.page(Page(items: records.prefix(limit).map(\.json), next: next), request: request)
            },
            APIRoute("GET", "/api/v1/audit/verify", summary: "Verify the audit hash chain", tag: "audit", access: .adminOnly,
                     reply: .object([FieldSpec("intact", type: .boolean, required: true, help: "whether every link holds"),
                                     FieldSpec("records", type: .integer(range: 0...Int64.max), required: true, help: "records checked"),
                                     FieldSpec("first_broken_id", type: .integer(range: 1...Int64.max), help: "the first record whose link is broken"),
                                     FieldSpec("reason", type: .text(maxLength: 500), help: "why it is broken")])) { request in
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
