// `anwei webhooks …`: receivers of events over HTTP, their delivery log, redelivery.
import CLI
import Foundation
import Kernel

enum WebhookCommands {
    static let columns = ["id", "url", "events", "format", "status", "pending", "delivered", "failing_since"]

    static func command(_ session: Session) -> Command {
        @Sendable func admin(_ invocation: Invocation) throws -> (Application, Actor) {
            let app = try session.application(invocation)
            let actor = try session.actor(invocation, app.core)
            try Session.requireSystem(actor, "manages webhooks")
            return (app, actor)
        }
        return Command("webhooks", summary: "send events to other systems over HTTP (JSON, WeCom or DingTalk robots)",
                       discussion: """
                           Each delivery is a POST with the event as JSON and the headers X-Anwei-Delivery, X-Anwei-Event and \
                           X-Anwei-Signature (sha256=HMAC-SHA256 of the body with the webhook's secret). Deliveries to one webhook go \
                           in event order; a failed one is retried with exponential backoff (10 s doubling to 1 h) before the next is \
                           sent; a webhook failing for a day is paused until 'anwei webhooks resume'. The server sends; 'send' sends now.
                           """,
                       subcommands: [
            Command("add", summary: "add a webhook (its secret is shown once)",
                    examples: ["anwei webhooks add --url https://hooks.example.gov.cn/anwei --events 'hazards.*;responsibilities.task.overdue'",
                               "anwei webhooks add --url 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=KEY' --events 'hazards.*' --format wecom"],
                    options: WebhookRoutes.newWebhook.options) { invocation in
                try withDomainErrors {
                    let (app, actor) = try admin(invocation)
                    let values = try WebhookRoutes.newWebhook.values(invocation, nil)
                    let made = try Webhooks.add(app.core, actor, url: values.text("url") ?? "", events: values.texts("events").joined(separator: ","),
                                                secret: values.text("secret"), format: values.text("format"))
                    let id = Render.cell(made.webhook["id"])
                    Render.done("webhook \(id) added; it receives events from now on.\nsecret (shown once; receivers verify X-Anwei-Signature with it): \(made.secret)",
                                .object(["webhook": made.webhook, "secret": .string(made.secret)]), invocation)
                }
            },
            Command("list", summary: "list webhooks (never their secrets)") { invocation in
                try withDomainErrors {
                    let (app, _) = try admin(invocation)
                    Render.list(try app.core.read { try Webhooks.list($0) }, columns: columns, invocation)
                }
            },
            Command("show", summary: "show one webhook", arguments: [ArgumentSpec("id", help: "the webhook's id")]) { invocation in
                try withDomainErrors {
                    let (app, _) = try admin(invocation)
                    let webhookID = try invocation.id()
                    Render.record(try app.core.read { try Webhooks.find(webhookID, $0) }, invocation)
                }
            },
            Command("remove", summary: "remove a webhook and its delivery log", arguments: [ArgumentSpec("id", help: "the webhook's id")]) { invocation in
                try withDomainErrors {
                    let (app, actor) = try admin(invocation)
                    let webhookID = try invocation.id()
                    try Webhooks.remove(app.core, actor, id: webhookID)
                    Render.done("webhook \(webhookID) removed", .object(["removed": .int(webhookID)]), invocation)
                }
            },
            Command("pause", summary: "stop sending to a webhook (events keep queueing)", arguments: [ArgumentSpec("id", help: "the webhook's id")]) { invocation in
                try withDomainErrors {
                    let (app, actor) = try admin(invocation)
                    let webhookID = try invocation.id()
                    Render.done("webhook \(webhookID) paused", try Webhooks.setPaused(app.core, actor, id: webhookID, paused: true), invocation)
                }
            },
            Command("resume", summary: "send again to a paused webhook (closes its circuit)", arguments: [ArgumentSpec("id", help: "the webhook's id")]) { invocation in
                try withDomainErrors {
                    let (app, actor) = try admin(invocation)
                    let webhookID = try invocation.id()
                    Render.done("webhook \(webhookID) resumed; its queue is due now", try Webhooks.setPaused(app.core, actor, id: webhookID, paused: false), invocation)
                }
            },
            Command("deliveries", summary: "the delivery log, newest first",
                    examples: ["anwei webhooks deliveries --webhook 1 --status pending"],
                    options: [.value("webhook", "ID", help: "only this webhook's"), .value("status", "pending|delivered", help: "only these"),
                              .value("limit", "N", help: "at most N (default 50)")]) { invocation in
                try withDomainErrors {
                    let (app, _) = try admin(invocation)
                    let limit = try invocation.int("limit") ?? 50
                    guard limit > 0 else { throw CommandError.usage("选项 --limit 须至少为 1，收到 \(limit) (--limit must be at least 1)") }
                    let rows = try app.core.read {
                        try Webhooks.deliveries($0, webhook: try invocation.int("webhook").map(Int64.init), status: invocation.value("status"), before: nil, limit: limit)
                    }
                    Render.list(rows, columns: ["id", "webhook_id", "event_id", "event_type", "status", "attempts", "last_status", "last_error", "next_attempt_at"], invocation)
                }
            },
            Command("redeliver", summary: "send a delivery's event again (after those already queued)",
                    arguments: [ArgumentSpec("delivery", help: "the delivery's id (see 'deliveries')")]) { invocation in
                try withDomainErrors {
                    let (app, actor) = try admin(invocation)
                    let delivery = try Webhooks.redeliver(app.core, actor, deliveryID: try invocation.id("delivery"))
                    Render.done("queued again as delivery \(Render.cell(delivery["id"])); the server sends it (or run 'anwei webhooks send')", delivery, invocation)
                }
            },
            Command("send", summary: "send what is due now, from this process (when no server runs)") { invocation in
                try withDomainErrors {
                    let (app, _) = try admin(invocation)
                    let round = WebhookSender(core: app.core).runOnce()
                    Render.done("\(round.delivered) delivered, \(round.failed) failed\(round.paused > 0 ? ", \(round.paused) webhook(s) paused" : "")",
                                .object(["delivered": .int(Int64(round.delivered)), "failed": .int(Int64(round.failed)), "paused": .int(Int64(round.paused))]), invocation)
                }
            },
        ])
    }
}
