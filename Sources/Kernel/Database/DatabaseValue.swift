// The values SQLite stores, and a row of them.

/// One SQLite value.
public enum DatabaseValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])
}

extension DatabaseValue {
    /// The value as an integer: a real only when it is a whole number, a text only when it spells one.
    public var int: Int64? {
        switch self {
        case .integer(let v): return v
        case .real(let v): return Int64(exactly: v)
        case .text(let s): return Int64(s)
        default: return nil
        }
    }

    /// The value as a double: an integer converted, a text only when it spells one.
    public var double: Double? {
        switch self {
        case .integer(let v): return Double(v)
        case .real(let v): return v
        case .text(let s): return Double(s)
        default: return nil
        }
    }

    /// The value as text: numbers spelled, a blob read as UTF-8; nil for NULL.
    public var string: String? {
        switch self {
        case .text(let s): return s
        case .integer(let v): return String(v)
        case .real(let v): return String(v)
        case .blob(let b): return String(decoding: b, as: UTF8.self)
        case .null: return nil
        }
    }
}

/// Anything that can be bound as a statement argument.
public protocol DatabaseValueConvertible: Sendable {
    var databaseValue: DatabaseValue { get }
}

extension DatabaseValue: DatabaseValueConvertible { public var databaseValue: DatabaseValue { self } }
extension Int: DatabaseValueConvertible { public var databaseValue: DatabaseValue { .integer(Int64(self)) } }
extension Int64: DatabaseValueConvertible { public var databaseValue: DatabaseValue { .integer(self) } }
extension Double: DatabaseValueConvertible { public var databaseValue: DatabaseValue { .real(self) } }
extension String: DatabaseValueConvertible { public var databaseValue: DatabaseValue { .text(self) } }
extension Bool: DatabaseValueConvertible { public var databaseValue: DatabaseValue { .integer(self ? 1 : 0) } }
extension Array: DatabaseValueConvertible where Element == UInt8 { public var databaseValue: DatabaseValue { .blob(self) } }
extension Optional: DatabaseValueConvertible where Wrapped: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { self?.databaseValue ?? .null }
}

/// One result row: values in column order, with the column names shared by every row of a query.
public struct Row: Sendable {
    public let columns: [String]
    public let values: [DatabaseValue]

    public init(columns: [String], values: [DatabaseValue]) {
        self.columns = columns
        self.values = values
    }

    public subscript(_ column: String) -> DatabaseValue {
        // Names of another length are passed over by their UTF-8 counts (kept in each String):
        // rendering a hazard looks up ~60 names among ~55, and comparing each pair as Strings was
        // ~3 % of a create's instructions (issue 23). Column names are SQL names: a name found
        // this way is the one `firstIndex(of:)` finds. A miss looks again by String equality,
        // which also matches a name spelled in another Unicode normalization.
        let count = column.utf8.count
        for index in columns.indices where columns[index].utf8.count == count && columns[index] == column {
            return values[index]
        }
        guard let index = columns.firstIndex(of: column) else { return .null }
        return values[index]
    }

    public func int(_ column: String) -> Int64? { self[column].int }

    public func double(_ column: String) -> Double? { self[column].double }

    public func string(_ column: String) -> String? { self[column].string }

    public func bool(_ column: String) -> Bool { (int(column) ?? 0) != 0 }

    public func blob(_ column: String) -> [UInt8]? {
        switch self[column] {
        case .blob(let b): return b
        case .text(let s): return Array(s.utf8)
        default: return nil
        }
    }

    /// Required values: a missing one is a programming error in a query, reported as such.
    public func requiredInt(_ column: String) -> Int64 { int(column) ?? 0 }
    public func requiredString(_ column: String) -> String { string(column) ?? "" }
}
