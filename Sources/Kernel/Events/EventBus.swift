// The durable event bus (architecture rule 4): subscriptions are fixed at composition; the
// dispatcher delivers pending deliveries after commit, retries with backoff, and picks up what a
// previous process left pending when it starts.
import Foundation

/// The list of subscribers, fixed before anything is published.
public final class EventBus: Sendable {
    public let subscriptions: [Subscription]

    public init(_ subscriptions: [Subscription]) {
        var seen = Set<String>()
        for subscription in subscriptions {
            precondition(seen.insert(subscription.id).inserted, "two subscribers share the id \(subscription.id)")
        }
        self.subscriptions = subscriptions
    }

    public func subscription(id: String) -> Subscription? { subscriptions.first { $0.id == id } }
}

/// What one round of delivery did.
public struct DeliveryReport: Sendable, Equatable {
    public var delivered = 0
    public var failed = 0
    public var skippedDuplicates = 0
    public init() {}
}

/// Delivers pending events to their subscribers.
public final class EventDispatcher: Sendable {
    /// After this many failed attempts a delivery is marked failed and waits for `anwei events retry`.
    public static let maximumAttempts = 8
    let core: Core
    private let loop = Locked<BackgroundLoop?>(nil)

    public init(core: Core) {
        self.core = core
    }

    /// Backoff before attempt n+1 after n failures: 2, 4, 8 … seconds, at most an hour.
    public static func backoff(afterAttempts attempts: Int) -> Double { min(3600, pow(2, Double(min(attempts, 12)))) }

    /// Delivers every due delivery now, on the calling thread.
    @discardableResult
    public func deliverDue(limit: Int = 10_000) -> DeliveryReport {
        var report = DeliveryReport()
        while true {
            let now = Instant.utc(core.clock.now())
            let due = (try? core.database.read { db in
                try db.query("""
                    SELECT d.event_id, d.subscriber, d.attempts, e.type, e.payload, e.actor, e.occurred_at
                    FROM kernel_deliveries d JOIN kernel_events e ON e.id = d.event_id
                    WHERE d.status = 'pending' AND d.next_attempt_at <= ? ORDER BY d.event_id, d.subscriber LIMIT 200
                    """, [now])
            }) ?? []
            if due.isEmpty { return report }
            for row in due {
                let event = Event(id: row.requiredInt("event_id"), type: row.requiredString("type"), payload: row.requiredString("payload"),
                                  actor: row.requiredString("actor"), occurredAt: row.requiredString("occurred_at"))
                deliver(event, to: row.requiredString("subscriber"), attempts: Int(row.requiredInt("attempts")), report: &report)
                if report.delivered + report.failed + report.skippedDuplicates >= limit { return report }
            }
            if loop.current?.isStopping ?? false { return report }
            // Deliveries that just failed are not due again until their backoff ends, so the loop ends.
            if due.count < 200 && report.delivered + report.skippedDuplicates == 0 { return report }
        }
    }

    /// Delivers `event` to the subscriber `subscriberID` in one transaction that also marks it done.
    /// Delivering the same event twice has the effect of delivering it once.
    public func deliver(_ event: Event, to subscriberID: String, attempts: Int, report: inout DeliveryReport) {
        guard let subscription = core.bus.subscription(id: subscriberID) else {
            recordFailure(event.id, subscriberID, attempts: EventDispatcher.maximumAttempts, error: "no subscriber with id \(subscriberID) in this binary")
            report.failed += 1
            return
        }
        do {
            let duplicate = try core.database.write { db -> Bool in
                let now = Instant.utc(core.clock.now())
                let fresh = try db.execute("INSERT OR IGNORE INTO kernel_event_receipts (subscriber, event_id, handled_at) VALUES (?, ?, ?)",
                                           [subscriberID, event.id, now]) == 1
                if fresh {
                    let tx = WriteTransaction(db: db, actor: .system(subscriberID), now: core.clock.now(), bus: core.bus, registryRules: core.registryRules)
                    try subscription.handle(event, tx)
                    if tx.changedRows && !tx.audited { throw UnauditedWrite() }
                }
                try db.execute("UPDATE kernel_deliveries SET status = 'done', done_at = ?, attempts = attempts + 1, last_error = NULL WHERE event_id = ? AND subscriber = ?",
                               [now, event.id, subscriberID])
                return !fresh
            }
            if duplicate { report.skippedDuplicates += 1 } else { report.delivered += 1 }
        } catch {
            recordFailure(event.id, subscriberID, attempts: attempts + 1, error: String(describing: error))
            report.failed += 1
        }
    }

    private func recordFailure(_ eventID: Int64, _ subscriber: String, attempts: Int, error: String) {
        let next = Instant.utc(core.clock.now().addingTimeInterval(EventDispatcher.backoff(afterAttempts: attempts)))
        let status = attempts >= EventDispatcher.maximumAttempts ? "failed" : "pending"
        _ = try? core.database.write { db in
            try db.execute("UPDATE kernel_deliveries SET attempts = ?, next_attempt_at = ?, last_error = ?, status = ? WHERE event_id = ? AND subscriber = ?",
                           [attempts, next, String(error.prefix(500)), status, eventID, subscriber])
        }
    }

    /// Runs delivery on a background thread until `stop()`: after every commit and every `interval` seconds.
    public func start(interval: Double = 1) {
        let started = loop.withLock { loop -> BackgroundLoop in
            if let loop { return loop }
            let made = BackgroundLoop(name: "anwei-events", interval: interval) { [weak self] in self?.deliverDue() }
            loop = made
            // Only a running dispatcher needs waking after commits; one used for a single
            // `deliverDue()` (a CLI command, the demo) registers nothing on the database.
            core.database.onCommit { [weak made] in made?.wake() }
            return made
        }
        started.start()
    }

    /// Stops the background thread after its current delivery.
    public func stop() {
        guard let running = loop.current else { return }
        running.stop()
        loop.withLock { if $0 === running { $0 = nil } }
    }

    public func wake() { loop.current?.wake() }

    /// Pending deliveries (the backlog, for /metrics).
    public func backlog() -> Int {
        Int((try? core.database.read { try $0.scalarInt("SELECT count(*) FROM kernel_deliveries WHERE status = 'pending'") }) ?? 0)
    }

    /// Puts failed deliveries back to pending (all, or one event's); returns how many.
    @discardableResult
    public func retryFailed(eventID: Int64? = nil, actor: Actor) throws -> Int {
        try core.write(actor) { tx in
            var sql = "UPDATE kernel_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ? WHERE status IN ('failed', 'pending')"
            var args: [any DatabaseValueConvertible] = [tx.nowText]
            if let eventID { sql += " AND event_id = ?"; args.append(eventID) } else { sql += " AND (status = 'failed' OR attempts > 0)" }
            let count = try tx.db.execute(sql, args)
            try tx.audit(action: "events.retry", entity: "event", entityID: eventID.map(String.init) ?? "*", summary: "\(count) delivery(ies) set to retry")
            return count
        }
    }
}
