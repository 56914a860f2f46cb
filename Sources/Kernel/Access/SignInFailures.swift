// Failed sign-ins under names that are no account, counted as an account's are (in this
// process), so that the lock answers an unknown name exactly as it answers a known one.
import Foundation

final class SignInFailures: Sendable {
    static let shared = SignInFailures()

    struct Key: Hashable, Sendable {
        let database: ObjectIdentifier
        let username: String
    }

    struct Entry: Sendable {
        var failures: Int
        var lockedUntil: Date?
        var last: Date
    }

    enum Outcome: Equatable {
        /// Locked until then: answered 429 whatever the password.
        case locked(Date)
        /// One more failure; `true` when this one locked the name.
        case failed(lockedNow: Bool)
    }

    /// The most names remembered; past it, those quiet for longer than a lock are forgotten first.
    static let capacity = 20_000

    private let entries = Locked<[Key: Entry]>([:])

    func fail(_ key: Key, now: Date, limit: Int, lockSeconds: Double) -> Outcome {
        entries.withLock { table in
            var entry = table[key] ?? Entry(failures: 0, lockedUntil: nil, last: now)
            if let until = entry.lockedUntil, until > now { return .locked(until) }
            entry.failures += 1
            entry.last = now
            let locks = entry.failures >= limit
            entry.lockedUntil = locks ? now.addingTimeInterval(lockSeconds) : nil
            if table[key] == nil, table.count >= Self.capacity {
                table = table.filter { now.timeIntervalSince($0.value.last) < lockSeconds }
                if table.count >= Self.capacity { table.removeAll() }
            }
            table[key] = entry
            return .failed(lockedNow: locks)
        }
    }
}
