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
        self.byID = Dictionary(uniqueKeysWithValues: subscriptions.enumerated().map { ($1.id, $0) })
    }

    public func subscription(id: String) -> Subscription? {
        if let index = byID[id] { return subscriptions[index] }
        return nil
    }

    /// The subscribers to events of `type`, in the bus's order: matched once per type (every
    /// publish matched the type against every subscription's pattern).
    func subscribers(of type: String) -> [Subscription] {
        if let known = byType.withLock({ $0[type] }) { return known }
        let matching = subscriptions.filter { $0.matches(type) }
        byType.withLock { if $0.count < 1024 { $0[type] = matching } }
        return matching
    }

    /// The contract values published by this process, until the dispatcher takes them.
    let published = PublishedValues()

    private let byID: [String: Int]
    private let byType = Locked<[String: [Subscription]]>([:])
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
            // An event's deliveries are adjacent (by event id): they share one Event, read once,
            // which decodes its payload once for all of them. CROSS JOIN keeps the pending index
            // the outer loop whatever the statistics say: with figures for kernel_events and none
            // for a rebuilt kernel_deliveries (Kernel 012), SQLite scanned every event on each pass.
            let batch = (try? core.database.read { db -> [Due] in
                var batch: [Due] = []
                try db.forEachStatementRow("""
                    SELECT d.event_id, d.subscriber, d.attempts, e.type, e.payload, e.actor, e.occurred_at
                    FROM kernel_deliveries d CROSS JOIN kernel_events e ON e.id = d.event_id
                    WHERE d.status = 'pending' AND d.next_attempt_at <= ? ORDER BY d.event_id, d.subscriber LIMIT ?
                    """, [.text(now), .integer(Int64(size))]) { row in
                    let id = row.int64(0)
                    let event = batch.last.flatMap { $0.event.id == id ? $0.event : nil } ?? Self.event(id, row, published: core.bus.published)
                    batch.append(Due(event: event, subscriber: Self.string(row, 1), attempts: Int(row.int64(2))))
                }
                return batch
            }) ?? []
            if batch.isEmpty { return report }
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

    /// Delivers until nothing is due, however large the backlog (a tick after a gap): batch by
    /// batch as `deliverDue`, each batch its own transaction and nothing kept between batches but
    /// the counts, so memory and each transaction stay bounded. Deliveries that fail wait for their
    /// backoff, so the run ends.
    @discardableResult
    public func deliverAll() -> DeliveryReport { deliverDue(limit: .max) }

    private static func string(_ row: StatementRow, _ column: Int) -> String { String(decoding: row.text(column), as: UTF8.self) }

    /// The event of a batch's row, decoded once for all its deliveries: as the value this process
    /// published, when it kept it (`PublishedValues`), else from its payload when a handler asks.
    private static func event(_ id: Int64, _ row: StatementRow, published: PublishedValues) -> Event {
        let payload = string(row, 4)
        return Event(id: id, type: string(row, 3), payload: payload, actor: string(row, 5), occurredAt: string(row, 6))
            .decodingOnce(known: published.take(id, payload: payload))
    }

    /// A pending delivery: the event and the subscriber it is for.
    struct Due {
        var event: Event
        var subscriber: String
        var attempts: Int
    }

    /// Applies `batch` (or the part of it that fits in `batchTime`) in one write transaction.
    /// First without a savepoint per delivery (each cost two statements and a copy of every page
    /// it touched that the batch had touched before): when every handler succeeds, that is all.
    /// When one fails, that transaction is rolled back as a whole (nothing of it is on disk) and
    /// the batch is applied again as it always was, each delivery in its own savepoint, except that
    /// the one that failed is not run again: its failure is recorded (attempts, backoff, the error)
    /// in that transaction, as the savepoint path records one. So a failing handler runs once per
    /// attempt, as before; those before it in the batch run twice (the first run rolled back).
    /// Nil if the transaction itself failed (nothing of the batch is on disk; still pending).
    /// Returns what it did and how many of `batch` it took (at least one).
    private func deliver(_ batch: [Due]) -> (DeliveryReport, Int)? {
        let failure: FailedInBatch
        do {
            return try inOneTransaction(batch) { index, item, now, nowText, db, report in
                do {
                    try deliverUnguarded(item.event, to: item.subscriber, attempts: item.attempts, at: now, nowText, db, report: &report)
                } catch {
                    throw FailedInBatch(index: index, error: error)
                }
            }
        } catch let failed as FailedInBatch {
            failure = failed
        } catch {
            return nil
        }
        return try? inOneTransaction(batch, through: failure.index) { index, item, now, nowText, db, report in
            if index == failure.index {
                try recordFailure(item.event.id, item.subscriber, attempts: item.attempts + 1, error: String(describing: failure.error), db)
                report.failed += 1
            } else {
                try deliverInSavepoint(item.event, to: item.subscriber, attempts: item.attempts, at: now, nowText, db, report: &report)
            }
        }
    }

    /// A delivery of a batch failed (at `index`) where it had no savepoint: the batch starts again.
    private struct FailedInBatch: Error {
        var index: Int
        var error: any Error
    }

    /// Runs `apply` for the deliveries of `batch` in one write transaction, until `batchTime` has
    /// passed (but at least through `through`); returns the report and how many it took.
    private func inOneTransaction(_ batch: [Due], through: Int = 0,
                                  _ apply: (Int, Due, Date, String, Connection, inout DeliveryReport) throws -> Void) throws -> (DeliveryReport, Int) {
        let started = ProcessInfo.processInfo.systemUptime
        // One "now" for the batch (formatting it for each delivery was a tenth of its instructions).
        let now = core.clock.now()
        let nowText = Instant.utc(now)
        // Rerunnable: the handlers already may run twice (see `deliver(_:)`); the counts start afresh.
        return try core.database.write(rerunnable: true) { db -> (DeliveryReport, Int) in
            var report = DeliveryReport()
            var taken = 0
            for (index, item) in batch.enumerated() {
                if taken > through && ProcessInfo.processInfo.systemUptime - started > batchTime { break }
                try apply(index, item, now, nowText, db, &report)
                taken += 1
            }
            return (report, taken)
        }
    }

    /// One delivery inside the open write transaction with no savepoint of its own. Anything that
    /// would fail the delivery (the handler's error, an unaudited write, a foreign key it left
    /// unresolved) throws: in a batch the whole transaction goes with it (see `deliver(_:)`);
    /// `deliverInSavepoint` rolls back its own savepoint instead.
    private func deliverUnguarded(_ event: Event, to subscriberID: String, attempts: Int, at date: Date, _ now: String, _ db: Connection,
                                  report: inout DeliveryReport) throws {
        guard let subscription = core.bus.subscription(id: subscriberID) else {
            try recordFailure(event.id, subscriberID, attempts: EventDispatcher.maximumAttempts, error: "no subscriber with id \(subscriberID) in this binary", db)
            report.failed += 1
            return
        }
        // The receipt (the duplicate skip: a (subscriber, event) already handled is only marked
        // done), the handler, and the delivery marked done.
        let fresh = try db.execute("INSERT OR IGNORE INTO kernel_event_receipts (subscriber, event_id, handled_at) VALUES (?, ?, ?)",
                                   [subscriberID, event.id, now]) == 1
        if fresh {
            let tx = WriteTransaction(db: db, actor: .system(subscriberID), now: date, nowText: now, bus: core.bus, registryRules: core.registryRules)
            try subscription.handle(event, tx)
            if tx.changedRows && !tx.audited { throw UnauditedWrite() }
            // Checked after each delivery (the count was 0 before it), so the one that left it is
            // known and fails alone, as its own COMMIT would have.
            if db.hasUnresolvedForeignKeys {
                throw DatabaseError(code: 787 /* SQLITE_CONSTRAINT_FOREIGNKEY */, message: "FOREIGN KEY constraint failed")
            }
        }
        try db.execute("UPDATE kernel_deliveries SET status = 'done', done_at = ?, attempts = attempts + 1, last_error = NULL WHERE event_id = ? AND subscriber = ?",
                       [now, event.id, subscriberID])
        if fresh { report.delivered += 1 } else { report.skippedDuplicates += 1 }
    }

    /// Delivers `event` to the subscriber `subscriberID` in one transaction that also marks it done.
    /// Delivering the same event twice has the effect of delivering it once.
    public func deliver(_ event: Event, to subscriberID: String, attempts: Int, report: inout DeliveryReport) {
        do {
            report = try core.database.write { db -> DeliveryReport in
                var counted = report
                let now = core.clock.now()
                try deliverInSavepoint(event, to: subscriberID, attempts: attempts, at: now, Instant.utc(now), db, report: &counted)
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

    /// One delivery inside the open write transaction, in a savepoint: `deliverUnguarded`, and if
    /// that throws, the savepoint is rolled back and the failure recorded (attempts, backoff, the
    /// error). Throws only if the transaction itself is lost.
    private func deliverInSavepoint(_ event: Event, to subscriberID: String, attempts: Int, at date: Date, _ now: String, _ db: Connection,
                                    report: inout DeliveryReport) throws {
        try db.execute("SAVEPOINT anwei_delivery")
        do {
            var counted = report
            try deliverUnguarded(event, to: subscriberID, attempts: attempts, at: date, now, db, report: &counted)
            try db.execute("RELEASE anwei_delivery")
            report = counted
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
        loop.start {
            let made = BackgroundLoop(name: "anwei-events", interval: interval) { [weak self] in self?.deliverDue() }
            // Only a running dispatcher needs waking after commits; one used for a single
            // `deliverDue()` (a CLI command, the demo) registers nothing on the database.
            core.database.onCommit { [weak made] in made?.wake() }
            return made
        }
    }

    /// Stops the background thread after its current delivery.
    public func stop() { loop.stop() }

    public func wake() { loop.current?.wake() }

    /// Pending deliveries (the backlog, for /metrics).
    public func backlog() -> Int {
        Int((try? core.database.read { try $0.scalarInt("SELECT count(*) FROM kernel_deliveries WHERE status = 'pending'") }) ?? 0)
    }

    /// Puts failed deliveries back to pending (all, or one event's); returns how many.
    @discardableResult
    public func retryFailed(eventID: Int64? = nil, actor: Actor) throws -> Int {
        try core.write(actor) { tx in
            if let eventID, try tx.db.queryOne("SELECT 1 FROM kernel_events WHERE id = ?", [eventID]) == nil {
                throw DomainError.notFound("事件", "event", String(eventID))
            }
            var sql = "UPDATE kernel_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ? WHERE status IN ('failed', 'pending')"
            var args: [any DatabaseValueConvertible] = [tx.nowText]
            if let eventID { sql += " AND event_id = ?"; args.append(eventID) } else { sql += " AND (status = 'failed' OR attempts > 0)" }
            let count = try tx.db.execute(sql, args)
            try tx.audit(action: "events.retry", entity: "event", entityID: eventID.map(String.init) ?? "*", summary: "\(count) delivery(ies) set to retry")
            return count
        }
    }
}
