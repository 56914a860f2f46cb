// The one write path (architecture rule 7): a transaction that also appends the audit record
// and publishes events. Services receive one of these; nothing else writes.
import Foundation

/// An open write transaction with its actor and "now".
public final class WriteTransaction {
    public let db: Connection
    public let actor: Actor
    public let now: Date
    public let nowText: String
    public let today: CalendarDate
    let bus: EventBus
    /// The domains' rules on registry writes (see `RegistryRule`).
    let registryRules: [RegistryRule]
    let changesAtStart: Int64
    private(set) var audited = false
    /// Events published in this transaction (ids), for tests and logs.
    public private(set) var published: [Int64] = []

    convenience init(db: Connection, actor: Actor, now: Date, bus: EventBus, registryRules: [RegistryRule] = []) {
        self.init(db: db, actor: actor, now: now, nowText: Instant.utc(now), bus: bus, registryRules: registryRules)
    }

    /// `nowText` is `Instant.utc(now)`, given when it is already made (the dispatcher formats its
    /// batch's "now" once for all its deliveries).
    init(db: Connection, actor: Actor, now: Date, nowText: String, bus: EventBus, registryRules: [RegistryRule]) {
        self.registryRules = registryRules
        self.db = db
        self.actor = actor
        self.now = now
        self.nowText = nowText
        self.today = CalendarDate(now)
        self.bus = bus
        self.changesAtStart = db.totalChanges
    }

    /// Appends an audit record for this change (same transaction).
    public func audit(action: String, entity: String, entityID: String, before: JSON? = nil, after: JSON? = nil, summary: String = "") throws {
        try AuditLog.append(db, at: nowText, actor: actor.username, action: action, entity: entity, entityID: entityID,
                            before: before, after: after, summary: summary)
        audited = true
    }

    /// Appends an audit record whose `after` state is already serialized: `after` is the compact
    /// JSON bytes of that state (`JSON.bytes`, e.g. the reply's body, so a create renders it
    /// once for both). The same record as `audit(after:)` with that JSON.
    public func audit(action: String, entity: String, entityID: String, before: JSON? = nil, afterBytes after: [UInt8], summary: String = "") throws {
        try AuditLog.append(db, at: nowText, actor: actor.username, action: action, entity: entity, entityID: entityID,
                            beforeDigest: AuditLog.digest(before), afterDigest: Crypto.sha256Hex(after), summary: summary)
        audited = true
    }

    /// Publishes a contract event: the event and one pending delivery per subscriber, in this transaction.
    @discardableResult
    public func publish<E: EventContract>(_ event: E) throws -> Int64 {
        try publish(event, summary: nil)
    }

    /// Publishes an event with `summary`: one line a person reads (Chinese, with names, not ids),
    /// kept in the payload as `summary` and sent as the headline of WeCom/DingTalk messages.
    @discardableResult
    public func publish<E: EventContract>(_ event: E, summary: String?) throws -> Int64 {
        // The kernel's JSON, not Foundation's JSONEncoder (issue 23: CPU per create).
        var payload = try EventCoding.encode(event)
        if let summary, !summary.isEmpty, payload.hasSuffix("}") {
            // The kernel's JSON writer, not a JSONEncoder run for one string (issue 23: CPU per create).
            let member = "\"summary\":" + JSON.string(summary).serialized
            payload.removeLast()
            payload += (payload == "{" ? "" : ",") + member + "}"
        }
        return try publish(type: E.type, payload: payload, value: event)
    }

    /// Publishes an event with a raw JSON payload: a delivery for every subscriber of `type`
    /// (there is no contract value to ask a subscription's `accepts`).
    @discardableResult
    public func publish(type: String, payload: String) throws -> Int64 {
        try publish(type: type, payload: payload, value: nil)
    }

    /// The event, and one pending delivery per subscriber that `value` concerns (`Subscription.accepts`).
    private func publish(type: String, payload: String, value: (any EventContract)?) throws -> Int64 {
        try db.execute("INSERT INTO kernel_events (type, payload, actor, occurred_at) VALUES (?, ?, ?, ?)",
                       [type, payload, actor.username, nowText])
        let id = db.lastInsertRowID
        // One INSERT per subscriber: a single statement for all of them was dearer (a multi-row
        // INSERT into a table with a foreign key opens a statement journal).
        var delivered = false
        for subscriber in bus.subscribers(of: type) where subscriber.concerns(value) {
            try db.execute("INSERT INTO kernel_deliveries (event_id, subscriber, status, next_attempt_at) VALUES (?, ?, 'pending', ?)",
                           [id, subscriber.id, nowText])
            delivered = true
        }
        // For this process's dispatcher: the value itself, so that it need not decode the payload.
        if delivered, let value { bus.published.keep(id, payload: payload, value: value) }
        published.append(id)
        return id
    }

    /// Records that a scheduled check fired for `subject` at `threshold`; false if it already had.
    public func fireOnce(check: String, subject: String, threshold: String) throws -> Bool {
        try db.execute("INSERT OR IGNORE INTO kernel_fired_thresholds (check_id, subject, threshold, fired_at) VALUES (?, ?, ?, ?)",
                       [check, subject, threshold, nowText]) == 1
    }

    var changedRows: Bool { db.totalChanges != changesAtStart }
}

/// A write that changed data without an audit record: a bug, refused.
public struct UnauditedWrite: Error, CustomStringConvertible {
    public var description: String { "internal error: a write changed data without an audit record; it was rolled back" }
}
