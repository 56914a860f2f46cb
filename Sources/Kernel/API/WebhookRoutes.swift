// `/api/v1/webhooks`: receivers of events over HTTP, and their delivery log (admins only).
import HTTP

public enum WebhookRoutes {
    static let formats: [(code: String, label: String)] = [("json", "JSON"), ("wecom", "企业微信"), ("dingtalk", "钉钉")]

    static let webhookFields: [FieldSpec] = [
        FieldSpec("id", type: .integer(range: 1...Int64.max), required: true, help: "the webhook's id"),
        FieldSpec("url", type: .text(maxLength: 2000), required: true, help: "where deliveries go (its query, which may hold a robot's key, is not shown)"),
        FieldSpec("events", type: .textList, required: true, help: "event types or patterns, e.g. hazards.*"),
        FieldSpec("format", type: .choice(formats), required: true, help: "the body's shape"),
        FieldSpec("status", type: .choice([("active", "启用"), ("paused", "暂停")]), required: true, help: "active or paused"),
        FieldSpec("paused_reason", type: .text(maxLength: 500), help: "why it is paused"),
        FieldSpec("failing_since", type: .text(maxLength: 40), help: "RFC 3339: deliveries have failed since"),
        FieldSpec("last_event_seen", type: .integer(range: 0...Int64.max), required: true, help: "the last event id queued for it"),
        FieldSpec("pending", type: .integer(range: 0...Int64.max), required: true, help: "deliveries waiting"),
        FieldSpec("delivered", type: .integer(range: 0...Int64.max), required: true, help: "deliveries made"),
        FieldSpec("version", type: .integer(range: 1...Int64.max), required: true, help: "增加 on every change; the ETag"),
        FieldSpec("created_at", type: .text(maxLength: 40), required: true, help: "RFC 3339"),
        FieldSpec("updated_at", type: .text(maxLength: 40), required: true, help: "RFC 3339"),
    ]

    static let deliveryFields: [FieldSpec] = [
        FieldSpec("id", type: .integer(range: 1...Int64.max), required: true, help: "the delivery's id"),
        FieldSpec("webhook_id", type: .integer(range: 1...Int64.max), required: true, help: "to which webhook"),
        FieldSpec("event_id", type: .integer(range: 1...Int64.max), required: true, help: "which event"),
        FieldSpec("event_type", type: .text(maxLength: 100), required: true, help: "the event's type"),
        FieldSpec("status", type: .choice([("pending", "待发送"), ("delivered", "已送达")]), required: true, help: "pending or delivered"),
        FieldSpec("attempts", type: .integer(range: 0...Int64.max), required: true, help: "tries so far"),
        FieldSpec("last_status", type: .integer(range: 0...999), help: "the receiver's last HTTP status"),
        FieldSpec("last_error", type: .text(maxLength: 2000), help: "the last failure"),
        FieldSpec("next_attempt_at", type: .text(maxLength: 40), required: true, help: "RFC 3339"),
        FieldSpec("created_at", type: .text(maxLength: 40), required: true, help: "RFC 3339"),
        FieldSpec("delivered_at", type: .text(maxLength: 40), help: "RFC 3339"),
        FieldSpec("redelivery_of", type: .integer(range: 1...Int64.max), help: "the delivery this one repeats"),
    ]

    public static let newWebhook = Contract([
        .text("url", max: 2000, required: true, "http:// or https:// address of the receiver", example: "https://oa.example.gov.cn/anwei/events"),
        FieldSpec("events", type: .textList, required: true, help: "event types or patterns (hazards.*, *); the CLI separates them with ';'", example: JSON(["hazards.*"])),
        .text("secret", max: 200, "the signing secret (8 to 200 characters; default: one is made and shown once)"),
        .choice("format", formats, "the body's shape (default json)"),
    ])

    static let deliveryQuery = Contract([
        .integer("webhook", 1...Int64.max, "only this webhook's deliveries"),
        .choice("status", [("pending", "待发送"), ("delivered", "已送达")], "only deliveries in this state"),
    ])

    public static func routes() -> [APIRoute] {
        [
            APIRoute("GET", "/api/v1/webhooks", summary: "List webhooks (secrets are never shown)", tag: "webhooks", access: .adminOnly,
                     reply: .page(webhookFields)) { request in
                let items = try request.core.read { try Webhooks.list($0) }
                if request.wantsCSV { return APIResponse.csv(items) }
                let after = try request.paging.afterID() ?? 0
                let page = items.filter { ($0["id"]?.intValue ?? 0) > after }
                let next = page.count > request.paging.limit ? page[request.paging.limit - 1]["id"]?.intValue.map(Cursor.encode) : nil
                return APIResponse.page(Page(items: Array(page.prefix(request.paging.limit)), next: next), request: request)
            },
            APIRoute("POST", "/api/v1/webhooks", summary: "Add a webhook; the answer shows its secret once", tag: "webhooks", access: .adminOnly,
                     body: newWebhook,
                     reply: .object(webhookFields + [FieldSpec("secret", type: .text(maxLength: 200), required: true, help: "the signing secret, shown this once")]),
                     successStatus: 201, answersSecret: true) { request in
                let input = request.input
                let made = try Webhooks.add(request.core, request.actor, url: input.text("url") ?? "", events: input.texts("events").joined(separator: ","),
                                            secret: input.text("secret"), format: input.text("format"))
                guard case .object(var members) = made.webhook else { return APIResponse.json(made.webhook, status: 201) }
                members.append(JSON.Member("secret", .string(made.secret)))
                return APIResponse.record(.object(members), status: 201, location: "/api/v1/webhooks/\(Render.cell(made.webhook["id"]))")
            },
            APIRoute("GET", "/api/v1/webhooks/deliveries", summary: "The delivery log, newest first", tag: "webhooks", access: .adminOnly,
                     params: deliveryQuery, reply: .page(deliveryFields)) { request in
                let before = try request.paging.afterID()
                let limit = request.wantsCSV ? 100_000 : request.paging.limit
                let rows = try request.core.read {
                    try Webhooks.deliveries($0, webhook: request.params.int("webhook"), status: request.params.text("status"), before: before, limit: limit + 1)
                }
                let next = rows.count > limit ? rows[limit - 1]["id"]?.intValue.map(Cursor.encode) : nil
                return request.wantsCSV ? APIResponse.csv(rows) : APIResponse.page(Page(items: Array(rows.prefix(limit)), next: next), request: request)
            },
            APIRoute("POST", "/api/v1/webhooks/deliveries/{id:int}/actions/redeliver", summary: "Send a delivery's event again", tag: "webhooks",
                     access: .adminOnly, reply: .object(deliveryFields), successStatus: 201) { request in
                let delivery = try Webhooks.redeliver(request.core, request.actor, deliveryID: try request.id())
                return APIResponse.json(delivery, status: 201)
            },
            APIRoute("GET", "/api/v1/webhooks/{id:int}", summary: "One webhook", tag: "webhooks", access: .adminOnly, reply: .object(webhookFields)) { request in
                let id = try request.id()
                return APIResponse.record(try request.core.read { try Webhooks.find(id, $0) })
            },
            APIRoute("DELETE", "/api/v1/webhooks/{id:int}", summary: "Remove a webhook and its delivery log", tag: "webhooks", access: .adminOnly,
                     reply: .empty, successStatus: 204) { request in
                try Webhooks.remove(request.core, request.actor, id: try request.id())
                return Response(status: 204)
            },
            APIRoute("POST", "/api/v1/webhooks/{id:int}/actions/pause", summary: "Pause a webhook (events keep queueing)", tag: "webhooks", access: .adminOnly,
                     reply: .object(webhookFields)) { request in
                APIResponse.record(try Webhooks.setPaused(request.core, request.actor, id: try request.id(), paused: true))
            },
            APIRoute("POST", "/api/v1/webhooks/{id:int}/actions/resume", summary: "Resume a webhook (closes its circuit)", tag: "webhooks", access: .adminOnly,
                     reply: .object(webhookFields)) { request in
                APIResponse.record(try Webhooks.setPaused(request.core, request.actor, id: try request.id(), paused: false))
            },
        ]
    }
}
