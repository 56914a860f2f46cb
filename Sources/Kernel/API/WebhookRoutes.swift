// `/api/v1/webhooks`: receivers of events over HTTP, and their delivery log (admins only).
import HTTP

public enum WebhookRoutes {
    static let webhookSchema: JSON = .object(["type": "object", "properties": .object([
        "id": .object(["type": "integer"]), "url": .object(["type": "string"]), "events": .object(["type": "array", "items": .object(["type": "string"])]),
        "format": .object(["type": "string", "enum": .array(["json", "wecom", "dingtalk"])]), "status": .object(["type": "string", "enum": .array(["active", "paused"])]),
    ])])
    static let inputSchema: JSON = .object(["type": "object", "required": .array(["url", "events"]), "properties": .object([
        "url": .object(["type": "string"]), "events": .object(["description": "comma-separated patterns or an array of them", "type": .array(["string", "array"])]),
        "secret": .object(["type": "string"]), "format": .object(["type": "string", "enum": .array(["json", "wecom", "dingtalk"])]),
    ])])

    public static func routes() -> [APIRoute] {
        [
            APIRoute("GET", "/api/v1/webhooks", summary: "List webhooks (secrets are never shown)", tag: "webhooks", access: .adminOnly,
                     responseSchema: OpenAPISchemas.page(webhookSchema)) { request in
                let items = try request.core.read { try Webhooks.list($0) }
                return request.wantsCSV ? APIResponse.csv(items) : APIResponse.json(.object(["items": .array(items), "next": .null]))
            },
            APIRoute("POST", "/api/v1/webhooks", summary: "Add a webhook; the answer shows its secret once", tag: "webhooks", access: .adminOnly,
                     requestSchema: inputSchema, responseSchema: webhookSchema, successStatus: 201) { request in
                let body = try request.object()
                var errors: [FieldError] = []
                let url = body["url"]?.stringValue
                if url == nil { errors.append(FieldError("url", "required", "url is required (a string)")) }
                var events: String?
                switch body["events"] {
                case .string(let text)?: events = text
                case .array(let items)?: events = items.compactMap(\.stringValue).joined(separator: ",")
                default: errors.append(FieldError("events", "required", "events is required: a comma-separated string or an array of patterns"))
                }
                for key in ["secret", "format"] where body[key] != nil && body[key]?.stringValue == nil {
                    errors.append(FieldError(key, "invalid", "\(key) must be a string"))
                }
                for key in body.keys where !["url", "events", "secret", "format"].contains(key) {
                    errors.append(FieldError(key, "unknown", "unknown field '\(key)'"))
                }
                guard errors.isEmpty, let url, let events else { throw DomainError.validation(errors) }
                let made = try Webhooks.add(request.core, request.actor, url: url, events: events, secret: body["secret"]?.stringValue, format: body["format"]?.stringValue)
                guard case .object(var members) = made.webhook else { return APIResponse.json(made.webhook, status: 201) }
                members.append(JSON.Member("secret", .string(made.secret)))
                return APIResponse.record(.object(members), status: 201, location: "/api/v1/webhooks/\(Render.cell(made.webhook["id"]))")
            },
            APIRoute("GET", "/api/v1/webhooks/deliveries", summary: "The delivery log, newest first", tag: "webhooks", access: .adminOnly,
                     query: [QueryParameter("webhook", "one webhook's id", schema: .object(["type": "integer"])),
                             QueryParameter("status", "pending or delivered"), .limit, .after]) { request in
                let webhook = try request.query("webhook").map { text -> Int64 in
                    guard let id = Int64(text), id > 0 else { throw DomainError(.badRequest, "webhook must be a webhook id, got '\(text)'") }
                    return id
                }
                let before = try request.query("after").map { try Cursor.decode($0) }
                let limit = request.wantsCSV ? 100_000 : try request.limit()
                let rows = try request.core.read { try Webhooks.deliveries($0, webhook: webhook, status: request.query("status"), before: before, limit: limit + 1) }
                let next = rows.count > limit ? rows[limit - 1]["id"]?.intValue.map(Cursor.encode) : nil
                return request.wantsCSV ? APIResponse.csv(rows) : APIResponse.page(Page(items: Array(rows.prefix(limit)), next: next), request: request)
            },
            APIRoute("POST", "/api/v1/webhooks/deliveries/{id:int}/actions/redeliver", summary: "Send a delivery's event again", tag: "webhooks",
                     access: .adminOnly, successStatus: 201) { request in
                let delivery = try Webhooks.redeliver(request.core, request.actor, deliveryID: try request.id())
                return APIResponse.json(delivery, status: 201)
            },
            APIRoute("GET", "/api/v1/webhooks/{id:int}", summary: "One webhook", tag: "webhooks", access: .adminOnly, responseSchema: webhookSchema) { request in
                let id = try request.id()
                return APIResponse.record(try request.core.read { try Webhooks.find(id, $0) })
            },
            APIRoute("DELETE", "/api/v1/webhooks/{id:int}", summary: "Remove a webhook and its delivery log", tag: "webhooks", access: .adminOnly) { request in
                try Webhooks.remove(request.core, request.actor, id: try request.id())
                return Response(status: 204)
            },
            APIRoute("POST", "/api/v1/webhooks/{id:int}/actions/pause", summary: "Pause a webhook (events keep queueing)", tag: "webhooks", access: .adminOnly,
                     responseSchema: webhookSchema) { request in
                APIResponse.record(try Webhooks.setPaused(request.core, request.actor, id: try request.id(), paused: true))
            },
            APIRoute("POST", "/api/v1/webhooks/{id:int}/actions/resume", summary: "Resume a webhook (closes its circuit)", tag: "webhooks", access: .adminOnly,
                     responseSchema: webhookSchema) { request in
                APIResponse.record(try Webhooks.setPaused(request.core, request.actor, id: try request.id(), paused: false))
            },
        ]
    }
}
