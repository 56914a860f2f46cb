// `/api/v1/org/<kind>`: list, create, get, update and import for each registry record type,
// the same operations as `anwei org <kind> ...`.
import HTTP

public enum RecordRoutes {
    public static func routes(_ schema: EntitySchema, store: RecordStore, base: String, tag: String) -> [APIRoute] {
        let collection = "\(base)/\(schema.plural)"
        let item = "\(collection)/{id:int}"
        let filters = schema.filters
        let recordFields = OpenAPISchemas.recordFields(schema)
        let creating = Contract(schema.fields)
        let changing = Contract(schema.fields, partial: true)
        let csvColumns = Contract(schema.fields)
        return [
            APIRoute("GET", collection, summary: "List \(schema.plural)", tag: tag, access: .anyUser, params: filters, reply: .page(recordFields)) { request in
                try list(schema, store: store, request)
            },
            APIRoute("POST", collection, summary: "Create a \(schema.name)", tag: tag, access: .anyUser, body: creating,
                     reply: .object(recordFields), successStatus: 201) { request in
                let given = given(request.input)
                let record = try request.core.write(request.actor) { tx in try store.create(schema, given, tx) }
                return APIResponse.record(record, status: 201, location: "\(collection)/\(Render.cell(record["id"]))")
            },
            APIRoute("GET", item, summary: "Get one \(schema.name)", tag: tag, access: .anyUser, reply: .object(recordFields)) { request in
                let id = try request.id()
                return try request.core.read { db in
                    try APIResponse.record { body in try store.write(schema, id: id, actor: request.actor, db, into: &body) }
                }
            },
            APIRoute("PATCH", item, summary: "Change fields of one \(schema.name) (If-Match for a conditional update)", tag: tag, access: .anyUser,
                     body: changing, reply: .object(recordFields)) { request in
                let id = try request.id()
                let version = try request.ifMatchVersion()
                let given = given(request.input)
                let record = try request.core.write(request.actor) { tx in try store.update(schema, id: id, given, ifVersion: version, tx) }
                return APIResponse.record(record)
            },
            APIRoute("POST", "\(collection)/import", summary: "Import \(schema.plural) from CSV, all or nothing (?dry_run=true to check only)", tag: tag,
                     access: .anyUser, params: Contract([.boolean("dry_run", "check every row, write nothing")]), csvBody: csvColumns,
                     reply: .object([FieldSpec("imported", type: .integer(range: 0...Int64.max), required: true, help: "records written (0 on a dry run)"),
                                     FieldSpec("dry_run", type: .boolean, required: true, help: "whether nothing was written"),
                                     FieldSpec("rows", type: .integer(range: 0...Int64.max), required: true, help: "rows read")]).also(200),
                     successStatus: 201) { request in
                guard request.http.headers["Content-Type"]?.lowercased().hasPrefix("text/csv") ?? false else {
                    throw DomainError(.badRequest, "请以 text/csv 发送文件 (send the file as text/csv)", extra: [JSON.Member("status_override", 415)])
                }
                guard let text = String(validating: request.http.body, as: UTF8.self) else {
                    throw DomainError(.badRequest, "CSV 文件不是 UTF-8 文本 (the CSV is not UTF-8 text)")
                }
                let dryRun = request.params.bool("dry_run") ?? false
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

    /// Read values as the store's given values (references already resolved to ids).
    static func given(_ values: Values) -> [String: GivenValue] {
        var given: [String: GivenValue] = [:]
        for (name, value) in values.fields { given[name] = .checked(value) }
        return given
    }

    /// A page of records (or all of them as CSV). Out of the route's closure, so that the schema is
    /// borrowed rather than copied on each request.
    private static func list(_ schema: EntitySchema, store: RecordStore, _ request: APIRequest) throws -> Response {
        var given: [String: GivenValue] = [:]
        for (name, value) in request.params.fields where name != "q" && name != "limit" && name != "after" {
            if case .cleared = value { continue }
            given[name] = .checked(value)
        }
        let text = request.params.text("q")
        if request.wantsCSV {
            let page = try request.core.read { db in
                try store.list(schema, ListQuery(filters: given, text: text, after: request.paging.after, limit: 100_000), actor: request.actor, db)
            }
            return APIResponse.page(page, request: request)
        }
        let query = ListQuery(filters: given, text: text, after: request.paging.after, limit: request.paging.limit)
        return try request.core.read { db in
            // Written straight into the body, with no closure around the writer (one that captured
            // the schema copied it on every request).
            var body = APIResponse.pageBody(capacity: RecordStore.pageCapacity(query.limit))
            let next = try store.writeList(schema, query, actor: request.actor, db, into: &body)
            return APIResponse.page(body, next: next, request: request)
        }
    }
}
