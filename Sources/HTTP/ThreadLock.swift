// A value guarded by a pthread mutex. The HTTP server's shared state uses this rather than
// `Synchronization.Mutex`: on Linux that Mutex locks with futex calls inside the prebuilt Swift
// library, which ThreadSanitizer cannot see, so every access it guards was reported as a data race
// (`swift test --sanitize=thread`: Connection.claim/release, HTTPServer.admit/finish on the slots).
// pthread_mutex_lock/unlock are intercepted by ThreadSanitizer, so its reports stay meaningful.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A lock with nothing in it (to keep an order). Not `ThreadLock<Void>`: TSan reports the accesses
/// to a stored `Void` as a race even under the lock (a two-thread `ThreadLock<Void>` alone is reported).
final class ThreadMutex: @unchecked Sendable {
    private let lock = ThreadLock(0)

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        try lock.withLock { _ in try body() }
    }
}

final class ThreadLock<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deinitialize(count: 1)
        mutex.deallocate()
    }

    /// Runs `body` with the value while holding the lock.
    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
