// Events: what one module tells the others (and integrators) that happened.
import Foundation

/// A published event as stored in the log.
public struct Event: Sendable, Hashable {
    public var id: Int64
    public var type: String
    /// The contract's JSON (snake_case keys).
    public var payload: String { didSet { decoded = nil } }
    public var actor: String
    public var occurredAt: String
    /// The payload once decoded, shared by the copies of this value the dispatcher hands to each
    /// of the event's subscribers (a payload was decoded again for every subscriber).
    private var decoded: DecodedPayload?

    public init(id: Int64, type: String, payload: String, actor: String, occurredAt: String) {
        self.id = id
        self.type = type
        self.payload = payload
        self.actor = actor
        self.occurredAt = occurredAt
    }

    /// The same event, whose copies decode its payload once between them; `known` is the contract
    /// value the payload was encoded from, when the publisher kept it (then nothing is decoded).
    func decodingOnce(known value: (any Sendable)? = nil) -> Event {
        var copy = self
        let decoded = DecodedPayload()
        if let value { decoded.value.withLock { $0 = value } }
        copy.decoded = decoded
        return copy
    }

    /// Decodes the payload as contract `E` (once for all copies made by `decodingOnce`).
    public func decode<E: EventContract>(_ type: E.Type) throws -> E {
        guard let decoded else { return try EventCoding.decode(E.self, from: payload) }
        if let value = decoded.value.current as? E { return value }
        let value = try EventCoding.decode(E.self, from: payload)
        decoded.value.withLock { $0 = value }
        return value
    }

    public static func == (a: Event, b: Event) -> Bool {
        a.id == b.id && a.type == b.type && a.payload == b.payload && a.actor == b.actor && a.occurredAt == b.occurredAt
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(type)
        hasher.combine(payload)
        hasher.combine(actor)
        hasher.combine(occurredAt)
    }

    public var json: JSON {
        .object([
            "id": .int(id), "type": .string(type), "occurred_at": .string(occurredAt),
            "actor": .string(actor), "payload": .raw(payload),
        ])
    }
}

/// A decoded payload (a contract value: Sendable, immutable once made).
final class DecodedPayload: Sendable {
    let value = Locked<(any Sendable)?>(nil)
}

/// A cross-module event: a Codable struct with a stable type name (architecture rule 8).
public protocol EventContract: Codable, Sendable {
    static var type: String { get }
}

/// Payloads: JSON objects with snake_case keys in byte order, nil members left out (what
/// Foundation's JSONEncoder with `.convertToSnakeCase` and `.sortedKeys` wrote before; the
/// kernel's own coder since issue 23, `ContractCoding.swift`).
enum EventCoding {
    static func encode<E: Encodable>(_ event: E) throws -> String { try ContractEncoder.encode(event) }
    static func decode<E: Decodable>(_ type: E.Type, from payload: String) throws -> E { try ContractDecoder.decode(type, from: payload) }
}

/// A subscriber: a stable id (never derived from a function name), the event types it takes
/// (exact, or a prefix ending in `*`), and its handler. The handler runs inside a write
/// transaction that also marks its delivery done: effectively exactly-once.
public struct Subscription: Sendable {
    public var id: String
    public var pattern: String
    public var handle: @Sendable (Event, WriteTransaction) throws -> Void
    /// Whether a published contract value concerns this subscriber at all, asked when it is
    /// published (`WriteTransaction.publish`): no delivery is written for an event it refuses.
    /// Nil: every event of `pattern`. Only a filter that the handler would answer with doing
    /// nothing belongs here (the handler keeps its own check: an event published as a raw payload
    /// is delivered unfiltered).
    public var accepts: (@Sendable (any EventContract) -> Bool)?

    public init(id: String, pattern: String, handle: @escaping @Sendable (Event, WriteTransaction) throws -> Void) {
        self.id = id
        self.pattern = pattern
        self.handle = handle
    }

    /// A subscription to one contract, decoded for the handler.
    public static func on<E: EventContract>(_ type: E.Type, id: String, _ handle: @escaping @Sendable (E, Event, WriteTransaction) throws -> Void) -> Subscription {
        Subscription(id: id, pattern: E.type) { event, tx in try handle(try event.decode(E.self), event, tx) }
    }

    /// A subscription to the events of one contract that `accepts` says concern it: the others
    /// get no delivery (no pending row, dispatch, receipt or done mark; issue 23). `accepts` is a
    /// pure test of the event's own fields.
    public static func on<E: EventContract>(_ type: E.Type, id: String, only accepts: @escaping @Sendable (E) -> Bool,
                                            _ handle: @escaping @Sendable (E, Event, WriteTransaction) throws -> Void) -> Subscription {
        var subscription = on(type, id: id, handle)
        subscription.accepts = { event in (event as? E).map(accepts) ?? true }
        return subscription
    }

    /// Whether `event` (published as a contract value, or nil for a raw payload) gets a delivery.
    func concerns(_ event: (any EventContract)?) -> Bool {
        guard let accepts, let event else { return true }
        return accepts(event)
    }

    public func matches(_ type: String) -> Bool { EventPattern.matches(pattern, type) }
}

public enum EventPattern {
    /// `hazards.*` matches `hazards.hazard.closed`; `*` matches everything; otherwise exact.
    public static func matches(_ pattern: String, _ type: String) -> Bool {
        if pattern == "*" { return true }
        if pattern.hasSuffix(".*") { return type.hasPrefix(String(pattern.dropLast(1))) }
        return pattern == type
    }
}
