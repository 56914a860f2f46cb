// Per-client-address limits for the public intake, in memory (addresses are never stored).
import Foundation
import Kernel

final class RateLimiter: Sendable {
    private let hits = Locked<[String: [Date]]>([:])
    let limit: Int
    let window: Double

    init(limit: Int, window: Double) {
        self.limit = limit
        self.window = window
    }

    /// Counts one request from `address` at `now`; false when it is over the limit.
    func allow(_ address: String, now: Date) -> Bool {
        hits.withLock { table in
            let since = now.addingTimeInterval(-window)
            var recent = (table[address] ?? []).filter { $0 > since }
            if table.count > 10_000 { table = table.filter { $0.value.contains { $0 > since } } }
            guard recent.count < limit else { table[address] = recent; return false }
            recent.append(now)
            table[address] = recent
            return true
        }
    }
}
