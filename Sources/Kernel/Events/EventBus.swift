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
    /// A batch stops taking deliveries after this long (seconds): `defaultBatchTime` unless a test
    /// asks for batches cut by size alone (a slowed-down run must not change what a batch holds).
    let batchTime: Double
    private let loop = Locked<BackgroundLoop?>(nil)

    public init(core: Core, batchTime: Double = EventDispatcher.defaultBatchTime) {
        self.core = core
        self.batchTime = batchTime
    }

    /// Backoff before attempt n+1 after n failures: 2, 4, 8 … seconds, at most an hour.
    public static func backoff(afterAttempts attempts: Int) -> Double { min(3600, pow(2, Double(min(attempts, 12)))) }

    /// Deliveries applied in one write transaction at most (each in a savepoint of its own).
    public static let batchSize = 64
    /// A batch stops taking deliveries after this long (seconds), so that the writes of requests
    /// waiting for the writer are not held behind a long batch; the rest wait for the next batch.
    public static let defaultBatchTime = 0.005

    /// Delivers every due delivery now, on the calling thread: in batches of up to `batchSize`,
    /// each batch one write transaction (and so at most one commit and one fsync) in which every
    /// delivery runs in a savepoint of its own.
    @discardableResult
    public func deliverDue(limit: Int = 10_000) -> DeliveryReport {
        var report = DeliveryReport()
        while true {
            let now = Instant.utc(core.clock.now())
            let size = min(EventDispatcher.batchSize, limit - (report.delivered + report.failed + report.skippedDuplicates))
            if size <= 0 { return report }
            let due = (try? core.database.read { db in
                try db.query("""
                    SELECT d.event_id, d.subscriber, d.attempts, e.type, e.payload, e.actor, e.occurred_at
                    FROM kernel_deliveries d JOIN kernel_events e ON e.id = d.event_id
                    WHERE d.status = 'pending' AND d.next_attempt_at <= ? ORDER BY d.event_id, d.subscriber LIMIT ?
                    """, [now, size])
            }) ?? []
            if due.isEmpty { return report }
            let batch = due.map { row in
                Due(event: Event(id: row.requiredInt("event_id"), type: row.requiredString("type"), payload: row.requiredString("payload"),
                                 actor: row.requiredString("actor"), occurredAt: row.requiredString("occurred_at")),
                    subscriber: row.requiredString("subscriber"), attempts: Int(row.requiredInt("attempts")))
            }
            // The rows read are delivered before reading again, even when a batch stops early
            // (`batchTime`): what is left of them is the next batch.
            var rest = batch[...]
            var progressed = false
            while !rest.isEmpty {
                guard let (done, taken) = deliver(Array(rest)) else {
                    // The batch's transaction failed as a whole (nothing of it is on disk): its
                    // deliveries are tried one by one, so that one that keeps failing it fails alone.
                    for item in rest { deliver(item.event, to: item.subscriber, attempts: item.attempts, report: &report) }
                    return report
                }
                rest = rest.dropFirst(taken)
                report.delivered += done.delivered
                report.failed += done.failed
                report.skippedDuplicates += done.skippedDuplicates
                progressed = progressed || done.delivered + done.skippedDuplicates > 0
                if loop.current?.isStopping ?? false { return report }
            }
            // Deliveries that just failed are not due again until their backoff ends, so the loop ends.
            if !progressed { return report }
        }
    }

    /// A pending delivery: the event and the subscriber it is for.
    struct Due {
        var event: Event
        var subscriber: String
        var attempts: Int
    }

    /// Applies `batch` (or the part of it that fits in `batchTime`) in one write transaction, each
    /// delivery in its own savepoint: a handler that fails rolls back its own delivery alone, whose
    /// failure is recorded in the same transaction. Nil if the transaction itself failed (nothing
    /// of the batch is on disk; the deliveries stay pending as they were).
    /// Returns what it did and how many of `batch` it took (at least one).
    private func deliver(_ batch: [Due]) -> (DeliveryReport, Int)? {
        let started = ProcessInfo.processInfo.systemUptime
        return try? core.database.write { db -> (DeliveryReport, Int) in
            var report = DeliveryReport()
            var taken = 0
            for item in batch {
                if taken > 0 && ProcessInfo.processInfo.systemUptime - started > batchTime { break }
                try deliverInSavepoint(item.event, to: item.subscriber, attempts: item.attempts, db, report: &report)
                taken += 1
            }
            return (report, taken)
        }
    }

    /// Delivers `event` to the subscriber `subscriberID` in one transaction that also marks it done.
    /// Delivering the same event twice has the effect of delivering it once.
    public func deliver(_ event: Event, to subscriberID: String, attempts: Int, report: inout DeliveryReport) {
        do {
            report = try core.database.write { db -> DeliveryReport in
                var counted = report
                try deliverInSavepoint(event, to: subscriberID, attempts: attempts, db, report: &counted)
                return counted
            }
        } catch {
            // The transaction itself failed: nothing of it is on disk. The failure is recorded on
            // its own, so that a delivery that always fails its transaction is given up on in time.
            _ = try? core.database.write { db in
                try recordFailure(event.id, subscriberID, attempts: attempts + 1, error: String(describing: error), db)
            }
            report.failed += 1
        }
    }

    /// One delivery inside the open write transaction, in a savepoint: the receipt (the duplicate
    /// skip: a (subscriber, event) already handled is only marked done), the handler, and the
    /// delivery marked done. If the handler throws, the savepoint is rolled back and the failure
    /// recorded (attempts, backoff, the error). Throws only if the transaction itself is lost.
    private func deliverInSavepoint(_ event: Event, to subscriberID: String, attempts: Int, _ db: Connection, report: inout DeliveryReport) throws {
        let now = Instant.utc(core.clock.now())
        guard let subscription = core.bus.subscription(id: subscriberID) else {
            try recordFailure(event.id, subscriberID, attempts: EventDispatcher.maximumAttempts, error: "no subscriber with id \(subscriberID) in this binary", db)
            report.failed += 1
            return
        }
        try db.execute("SAVEPOINT anwei_delivery")
        do {
            let fresh = try db.execute("INSERT OR IGNORE INTO kernel_event_receipts (subscriber, event_id, handled_at) VALUES (?, ?, ?)",
                                       [subscriberID, event.id, now]) == 1
            if fresh {
                let tx = WriteTransaction(db: db, actor: .system(subscriberID), now: core.clock.now(), bus: core.bus, registryRules: core.registryRules)
                try subscription.handle(event, tx)
                if tx.changedRows && !tx.audited { throw UnauditedWrite() }
                // A foreign key the handler left unresolved fails this delivery alone, as its own COMMIT would have.
                if db.hasUnresolvedForeignKeys {
                    throw DatabaseError(code: 787 /* SQLITE_CONSTRAINT_FOREIGNKEY */, message: "FOREIGN KEY constraint failed")
                }
            }
            try db.execute("UPDATE kernel_deliveries SET status = 'done', done_at = ?, attempts = attempts + 1, last_error = NULL WHERE event_id = ? AND subscriber = ?",
                           [now, event.id, subscriberID])
            try db.execute("RELEASE anwei_delivery")
            if fresh { report.delivered += 1 } else { report.skippedDuplicates += 1 }
        } catch {
            // Values derived from rows this delivery made go with them (see `Database.rollBackSavepoint`).
            db.forgetDerivedValues()
            guard db.isInTransaction else { throw error }
            try db.execute("ROLLBACK TO anwei_delivery")
            try db.execute("RELEASE anwei_delivery")
            try recordFailure(event.id, subscriberID, attempts: attempts + 1, error: String(describing: error), db)
            report.failed += 1
        }
    }

    private func recordFailure(_ eventID: Int64, _ subscriber: String, attempts: Int, error: String, _ db: Connection) throws {
        let next = Instant.utc(core.clock.now().addingTimeInterval(EventDispatcher.backoff(afterAttempts: attempts)))
        let status = attempts >= EventDispatcher.maximumAttempts ? "failed" : "pending"
        try db.execute("UPDATE kernel_deliveries SET attempts = ?, next_attempt_at = ?, last_error = ?, status = ? WHERE event_id = ? AND subscriber = ?",
                       [attempts, next, String(error.prefix(500)), status, eventID, subscriber])
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
