// The webhook sender: turns matching events into deliveries (in event order, per webhook) and
// POSTs them one at a time per webhook — the next waits until the one before succeeded, which
// keeps order. Failures back off exponentially; a webhook failing for a day is paused (the
// circuit opens) until an admin resumes it. Runs on its own threads: receivers never slow the API.
import Foundation

/// What one round of sending did.
public struct WebhookRound: Sendable, Equatable {
    public var delivered = 0
    public var failed = 0
    public var paused = 0
    public init() {}
}

public final class WebhookSender: Sendable {
    /// Seconds a receiver has to answer one POST.
    public let timeout: Double
    /// A webhook whose deliveries have failed for this long is paused.
    public static let circuitSeconds: Double = 24 * 3600
    let core: Core
    let log: @Sendable (String) -> Void
    private let state = Locked(State())
    private let loop = Locked<BackgroundLoop?>(nil)
    private let group = DispatchGroup()

    struct State { var stopping = false; var inFlight: Set<Int64> = [] }

    public init(core: Core, timeout: Double = 10, log: @escaping @Sendable (String) -> Void = { _ in }) {
        self.core = core
        self.timeout = timeout
        self.log = log
    }

    /// Wait before attempt n+1 after n failures: 10 s, 20 s, 40 s … at most an hour.
    public static func backoff(afterAttempts attempts: Int) -> Double { min(3600, 10 * pow(2, Double(max(0, min(attempts, 12) - 1)))) }

    /// Sends everything due for every active webhook, on the calling thread (tests, `anwei webhooks send`).
    @discardableResult
    public func runOnce() -> WebhookRound {
        var round = WebhookRound()
        for id in activeWebhooks() {
            let result = drain(id)
            round.delivered += result.delivered
            round.failed += result.failed
            round.paused += result.paused
        }
        return round
    }

    func activeWebhooks() -> [Int64] {
        (try? core.database.read { db in
            try db.query("SELECT id FROM kernel_webhooks WHERE status = 'active' ORDER BY id").map { $0.requiredInt("id") }
        }) ?? []
    }

    /// Delivers webhook `id`'s queue in order until it is empty, a delivery fails, or it is not yet due.
    func drain(_ id: Int64, limit: Int = 1000) -> WebhookRound {
        var round = WebhookRound()
        while round.delivered < limit && !state.current.stopping {
            do {
                guard let next = try nextDelivery(id) else { return round }
                let response = WebhookTransport.post(next.request, timeout: timeout)
                let outcome = try record(next, response)
                if response.succeeded {
                    round.delivered += 1
                } else {
                    round.failed += 1
                    if outcome == .paused { round.paused += 1 }
                    return round
                }
            } catch {
                log("webhooks: webhook \(id): \(error)")
                return round
            }
        }
        return round
    }

    struct Due {
        var webhook: Int64
        var delivery: Int64
        var attempts: Int
        var request: WebhookRequest
    }

    /// The first pending delivery of the webhook if it is due; queues newly published matching
    /// events first when the queue is empty. Reads first and writes only when there is something
    /// to queue (the sender's own commits wake it, so an idle write would spin).
    func nextDelivery(_ webhookID: Int64) throws -> Due? {
        let now = core.clock.now()
        let nowText = Instant.utc(now)
        func head(_ db: Connection) throws -> Row? {
            try db.queryOne("SELECT * FROM kernel_webhook_deliveries WHERE webhook_id = ? AND status = 'pending' ORDER BY id LIMIT 1", [webhookID])
        }
        let (hookRow, headRow, newEvents) = try core.database.read { db -> (Row?, Row?, Bool) in
            guard let hook = try db.queryOne("SELECT * FROM kernel_webhooks WHERE id = ? AND status = 'active'", [webhookID]) else { return (nil, nil, false) }
            let first = try head(db)
            let fresh = first == nil ? try db.queryOne("SELECT 1 FROM kernel_events WHERE id > ? LIMIT 1", [hook.requiredInt("cursor")]) != nil : false
            return (hook, first, fresh)
        }
        guard let hook = hookRow else { return nil }
        var pending = headRow
        if pending == nil && newEvents {
            pending = try core.database.write { db -> Row? in
                guard var cursor = try db.queryOne("SELECT cursor FROM kernel_webhooks WHERE id = ? AND status = 'active'", [webhookID])?.int("cursor") else { return nil }
                let patterns = hook.requiredString("events")
                var first = try head(db)
                while first == nil {
                    let batch = try db.query("SELECT id, type FROM kernel_events WHERE id > ? ORDER BY id LIMIT 500", [cursor])
                    if batch.isEmpty { break }
                    for event in batch where Webhooks.matches(patterns, event.requiredString("type")) {
                        try db.execute("""
                            INSERT INTO kernel_webhook_deliveries (webhook_id, event_id, status, next_attempt_at, created_at)
                            VALUES (?, ?, 'pending', ?, ?)
                            """, [webhookID, event.requiredInt("id"), nowText, nowText])
                    }
                    cursor = batch[batch.count - 1].requiredInt("id")
                    try db.execute("UPDATE kernel_webhooks SET cursor = ? WHERE id = ?", [cursor, webhookID])
                    first = try head(db)
                }
                return first
            }
        }
        guard let pending, pending.requiredString("next_attempt_at") <= nowText else { return nil }
        guard let row = try core.database.read({ try $0.queryOne("SELECT * FROM kernel_events WHERE id = ?", [pending.requiredInt("event_id")]) }) else { return nil }
        let event = Event(id: row.requiredInt("id"), type: row.requiredString("type"), payload: row.requiredString("payload"),
                          actor: row.requiredString("actor"), occurredAt: row.requiredString("occurred_at"))
        let format = WebhookFormat(rawValue: hook.requiredString("format")) ?? .json
        let request = WebhookMessage.request(url: hook.requiredString("url"), format: format, secret: hook.requiredString("secret"),
                                             deliveryID: pending.requiredInt("id"), webhookID: webhookID, event: event, now: now)
        return Due(webhook: webhookID, delivery: pending.requiredInt("id"), attempts: Int(pending.requiredInt("attempts")), request: request)
    }

    enum Outcome { case delivered, retrying, paused }

    func record(_ due: Due, _ response: WebhookResponse) throws -> Outcome {
        let now = core.clock.now()
        let nowText = Instant.utc(now)
        let error = response.error ?? response.status.map { "HTTP \($0)" }
        return try core.database.write { db -> Outcome in
            if response.succeeded {
                try db.execute("""
                    UPDATE kernel_webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_status = ?, last_error = NULL, delivered_at = ?
                    WHERE id = ?
                    """, [response.status, nowText, due.delivery])
                try db.execute("UPDATE kernel_webhooks SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL", [due.webhook])
                return .delivered
            }
            let attempts = due.attempts + 1
            let next = Instant.utc(now.addingTimeInterval(WebhookSender.backoff(afterAttempts: attempts)))
            try db.execute("UPDATE kernel_webhook_deliveries SET attempts = ?, last_status = ?, last_error = ?, next_attempt_at = ? WHERE id = ?",
                           [attempts, response.status, error.map { String($0.prefix(500)) }, next, due.delivery])
            try db.execute("UPDATE kernel_webhooks SET failing_since = coalesce(failing_since, ?) WHERE id = ?", [nowText, due.webhook])
            let since = try db.queryOne("SELECT failing_since FROM kernel_webhooks WHERE id = ?", [due.webhook])?.string("failing_since")
            if let since, let start = Instant.parse(since), now.timeIntervalSince(start) >= WebhookSender.circuitSeconds {
                let reason = "circuit opened: every delivery since \(since) failed (last: \(error ?? "?")); resume with 'anwei webhooks resume \(due.webhook)'"
                try db.execute("UPDATE kernel_webhooks SET status = 'paused', paused_reason = ?, version = version + 1, updated_at = ? WHERE id = ?",
                               [reason, nowText, due.webhook])
                log("webhooks: webhook \(due.webhook) paused: \(reason)")
                return .paused
            }
            log("webhooks: webhook \(due.webhook) delivery \(due.delivery) failed (\(error ?? "?")), attempt \(attempts); next at \(next)")
            return .retrying
        }
    }

    /// Runs on background threads until `stop()`: every `interval` seconds and after every commit.
    /// Each webhook drains on its own worker, so one dead receiver never holds up another.
    public func start(interval: Double = 1) {
        loop.start {
            state.withLock { $0.stopping = false }
            let made = BackgroundLoop(name: "anwei-webhooks", interval: interval) { [weak self] in self?.dispatchRound() }
            core.database.onCommit { [weak made] in made?.wake() }
            return made
        }
    }

    /// Hands each active webhook with nothing in flight to a worker of its own.
    private func dispatchRound() {
        for id in activeWebhooks() {
            let claimed = state.withLock { $0.stopping ? false : $0.inFlight.insert(id).inserted }
            guard claimed else { continue }
            group.enter()
            DispatchQueue.global().async { [self] in
                _ = drain(id)
                state.withLock { _ = $0.inFlight.remove(id) }
                group.leave()
            }
        }
    }

    /// Stops sending: waits for posts in flight (each ends within `timeout`).
    public func stop() {
        guard loop.stop(before: { state.withLock { $0.stopping = true } }) else { return }
        _ = group.wait(timeout: .now() + timeout + 1)
    }
}
