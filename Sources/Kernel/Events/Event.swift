// Events: what one module tells the others (and integrators) that happened.
import Foundation

/// A published event as stored in the log.
public struct Event: Sendable, Hashable {
    public var id: Int64
    public var type: String
    /// The contract's JSON (snake_case keys).
    public var payload: String
    public var actor: String
    public var occurredAt: String

    public init(id: Int64, type: String, payload: String, actor: String, occurredAt: String) {
        self.id = id
        self.type = type
        self.payload = payload
        self.actor = actor
        self.occurredAt = occurredAt
    }

    /// Decodes the payload as contract `E`.
    public func decode<E: EventContract>(_ type: E.Type) throws -> E {
        try EventCoding.decode(E.self, from: payload)
    }

    public var json: JSON {
        .object([
            "id": .int(id), "type": .string(type), "occurred_at": .string(occurredAt),
            "actor": .string(actor), "payload": .raw(payload),
        ])
    }
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

    public init(id: String, pattern: String, handle: @escaping @Sendable (Event, WriteTransaction) throws -> Void) {
        self.id = id
        self.pattern = pattern
        self.handle = handle
    }

    /// A subscription to one contract, decoded for the handler.
    public static func on<E: EventContract>(_ type: E.Type, id: String, _ handle: @escaping @Sendable (E, Event, WriteTransaction) throws -> Void) -> Subscription {
        Subscription(id: id, pattern: E.type) { event, tx in try handle(try event.decode(E.self), event, tx) }
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
