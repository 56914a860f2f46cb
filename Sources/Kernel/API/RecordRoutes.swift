// `/api/v1/org/<kind>`: list, create, get, update and import for each registry record type,
// the same operations as `anwei org <kind> ...`.
import HTTP

public enum RecordRoutes {
    public static func routes(_ schema: EntitySchema, store: RecordStore, base: String, tag: String) -> [APIRoute] {
        let collection = "\(base)/\(schema.plural)"
        let item = "\(collection)/{id:int}"
        let filters = schema.fields.filter(\.filterable).map { QueryParameter($0.name, "only those with this \($0.label)") }
        let filterNames = schema.fields.filter(\.filterable).map(\.name)
        let recordSchema = OpenAPISchemas.record(schema, store: store)
        let inputSchema = OpenAPISchemas.input(schema)
        return [
            APIRoute("GET", collection, summary: "List \(schema.plural)", tag: tag, access: .anyUser,
                     query: filters + [.q, .limit, .after], responseSchema: OpenAPISchemas.page(recordSchema)) { request in
                try list(schema, store: store, filterNames: filterNames, request)
            },
            APIRoute("POST", collection, summary: "Create a \(schema.name)", tag: tag, access: .anyUser,
                     requestSchema: inputSchema, responseSchema: recordSchema, successStatus: 201) { request in
                let given = try request.object().mapValues { GivenValue.json($0) }
                let record = try request.core.write(request.actor) { tx in try store.create(schema, given, tx) }
                return APIResponse.record(record, status: 201, location: "\(collection)/\(Render.cell(record["id"]))")
            },
            APIRoute("GET", item, summary: "Get one \(schema.name)", tag: tag, access: .anyUser, responseSchema: recordSchema) { request in
                let id = try request.id()
                return try request.core.read { db in
                    try APIResponse.record { body in try store.write(schema, id: id, actor: request.actor, db, into: &body) }
                }
            },
            APIRoute("PATCH", item, summary: "Change fields of one \(schema.name) (If-Match for a conditional update)", tag: tag, access: .anyUser,
                     requestSchema: OpenAPISchemas.input(schema, partial: true), responseSchema: recordSchema) { request in
                let id = try request.id()
                let version = try request.ifMatchVersion()
                let given = try request.object().mapValues { GivenValue.json($0) }
                let record = try request.core.write(request.actor) { tx in try store.update(schema, id: id, given, ifVersion: version, tx) }
                return APIResponse.record(record)
            },
            APIRoute("POST", "\(collection)/import", summary: "Import \(schema.plural) from CSV, all or nothing (?dry_run=true to check only)", tag: tag,
                     access: .anyUser, query: [QueryParameter("dry_run", "check every row, write nothing", schema: .object(["type": "boolean"]))],
                     requestSchema: .object(["type": "string", "description": "CSV text (text/csv), header row naming the fields"]),
                     responseSchema: .object(["type": "object"])) { request in
                guard request.http.headers["Content-Type"]?.lowercased().hasPrefix("text/csv") ?? false else {
                    throw DomainError(.badRequest, "send the file as text/csv", extra: [JSON.Member("status_override", 415)])
                }
                guard let text = String(validating: request.http.body, as: UTF8.self) else {
                    throw DomainError(.validation, "the CSV is not UTF-8 text")
                }
                let dryRun = request.query("dry_run") == "true"
                let result: ImportResult
                do {
                    result = try request.core.write(request.actor) { tx in try store.importCSV(schema, text: text, dryRun: dryRun, tx) }
                } catch let finished as DryRunFinished {
                    result = finished.result
                }
                return APIResponse.json(.object(["imported": .int(Int64(result.dryRun ? 0 : result.rows)), "dry_run": .bool(result.dryRun), "rows": .int(Int64(result.rows))]),
                                        status: result.dryRun ? 200 : 201)
            },
        ]
    }

    /// A page of records (or all of them as CSV). Out of the route's closure, so that the schema is
    /// borrowed rather than copied on each request.
    private static func list(_ schema: EntitySchema, store: RecordStore, filterNames: [String], _ request: APIRequest) throws -> Response {
        var given: [String: GivenValue] = [:]
        for name in filterNames {
            if let value = request.query(name) { given[name] = .text(value) }
        }
        if request.wantsCSV {
            let page = try request.core.read { db in
                try store.list(schema, ListQuery(filters: given, text: request.query("q"), after: request.query("after"), limit: 100_000), actor: request.actor, db)
            }
            return APIResponse.page(page, request: request)
        }
        let query = ListQuery(filters: given, text: request.query("q"), after: request.query("after"), limit: try request.limit())
        return try request.core.read { db in
            // Written straight into the body, with no closure around the writer (one that captured
            // the schema copied it on every request).
            var body = APIResponse.pageBody(capacity: RecordStore.pageCapacity(query.limit))
            let next = try store.writeList(schema, query, actor: request.actor, db, into: &body)
            return APIResponse.page(body, next: next, request: request)
        }
    }
}
