// What the reader made of a request's fields: every value checked against its declaration and of
// the declared type, so a service reads them without parsing again.

/// A checked value.
public enum FieldValue: Sendable {
    case text(String)
    case integer(Int64)
    case number(Double)
    case boolean(Bool)
    case date(CalendarDate)
    case list([FieldValue])
    case object(Values)
    /// Given as JSON `null` (or an empty text): "clear this field" in an update.
    case cleared

    /// The value as a database column value (lists and objects as JSON text).
    public var databaseValue: DatabaseValue {
        switch self {
        case .text(let s): return .text(s)
        case .integer(let v): return .integer(v)
        case .number(let d): return .real(d)
        case .boolean(let b): return .integer(b ? 1 : 0)
        case .date(let d): return .text(d.iso)
        case .list, .object: return .text(json.serialized)
        case .cleared: return .null
        }
    }

    /// The value as JSON (dates as `YYYY-MM-DD`).
    public var json: JSON {
        switch self {
        case .text(let s): return .string(s)
        case .integer(let v): return .int(v)
        case .number(let d): return .double(d)
        case .boolean(let b): return .bool(b)
        case .date(let d): return .string(d.iso)
        case .list(let items): return .array(items.map(\.json))
        case .object(let values): return values.json
        case .cleared: return .null
        }
    }
}

/// The fields a caller gave, checked. Absent fields are absent; `has` tells them apart.
public struct Values: Sendable {
    public private(set) var fields: [String: FieldValue]
    /// The names in the order they were declared, for a stable JSON form.
    let order: [String]

    public init(_ fields: [String: FieldValue] = [:], order: [String] = []) {
        self.fields = fields
        self.order = order.isEmpty ? fields.keys.sorted() : order
    }

    /// Whether the caller gave the field (including an explicit null).
    public func has(_ name: String) -> Bool { fields[name] != nil }
    /// Whether the caller gave the field as null (clear it).
    public func isCleared(_ name: String) -> Bool { if case .cleared? = fields[name] { return true }; return false }
    public subscript(_ name: String) -> FieldValue? { fields[name] }

    public func text(_ name: String) -> String? {
        switch fields[name] {
        case .text(let s)?: return s
        case .integer(let v)?: return String(v)
        case .date(let d)?: return d.iso
        default: return nil
        }
    }
    public func int(_ name: String) -> Int64? { if case .integer(let v)? = fields[name] { return v }; return nil }
    /// A year, or another small whole number, as `Int`.
    public func smallInt(_ name: String) -> Int? { int(name).map { Int($0) } }
    public func double(_ name: String) -> Double? {
        switch fields[name] {
        case .number(let d)?: return d
        case .integer(let v)?: return Double(v)
        default: return nil
        }
    }
    public func bool(_ name: String) -> Bool? { if case .boolean(let b)? = fields[name] { return b }; return nil }
    public func date(_ name: String) -> CalendarDate? { if case .date(let d)? = fields[name] { return d }; return nil }
    /// A `.quarter` field.
    public func quarter(_ name: String) -> Quarter? { text(name).flatMap(Quarter.init(text:)) }
    /// A declared choice as its enumeration (the reader has already checked the code).
    public func choice<E: RawRepresentable>(_ name: String, _ type: E.Type) -> E? where E.RawValue == String { text(name).flatMap(E.init(rawValue:)) }
    /// A reference or record id.
    public func id(_ name: String) -> Int64? { int(name) }
    public func list(_ name: String) -> [FieldValue] { if case .list(let items)? = fields[name] { return items }; return [] }
    public func texts(_ name: String) -> [String] {
        list(name).compactMap { if case .text(let s) = $0 { return s }; if case .integer(let v) = $0 { return String(v) }; return nil }
    }
    public func ids(_ name: String) -> [Int64] { list(name).compactMap { if case .integer(let v) = $0 { return v }; return nil } }
    public func objects(_ name: String) -> [Values] { list(name).compactMap { if case .object(let v) = $0 { return v }; return nil } }
    public func object(_ name: String) -> Values? { if case .object(let v)? = fields[name] { return v }; return nil }

    /// Sets a value (a service filling a default, e.g. today's date).
    public mutating func set(_ name: String, _ value: FieldValue) { fields[name] = value }

    /// The given fields as a JSON object, in declaration order.
    public var json: JSON {
        .object(order.compactMap { name in fields[name].map { JSON.Member(name, $0.json) } })
    }
}
