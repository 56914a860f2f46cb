// A plain mutual-exclusion lock over pthreads, for state shared between threads.
import Foundation

/// A lock whose `withLock` may return any value and throw any error.
public final class Lock: @unchecked Sendable {
    private let mutex = NSLock()
    public init() {}

    public func withLock<T>(_ body: () throws -> T) rethrows -> T {
        mutex.lock()
        defer { mutex.unlock() }
        return try body()
    }
}

/// A value guarded by a lock.
public final class Locked<Value>: @unchecked Sendable {
    private let lock = Lock()
    private var value: Value
    public init(_ value: Value) { self.value = value }

    public func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        try lock.withLock { try body(&value) }
    }

    public var current: Value { lock.withLock { value } }
}
