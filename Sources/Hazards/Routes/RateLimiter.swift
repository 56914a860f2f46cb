// Per-client limits for the public intake, in memory (addresses are never stored). A client is
// the address `Request.remoteAddress` gives: the socket's peer, or behind a trusted proxy the
// address X-Forwarded-For names (`anwei serve --trusted-proxy`). Each client has its own budget —
// one client's flood never uses another's — and a request refused by the service (422, 409…)
// gives back what it took. Docs/rules/tipoff-limits.md.
import Foundation
import Kernel

final class RateLimiter: Sendable {
    private struct Table {
        var hits: [String: [Date]] = [:]
    }

    private let table = Locked(Table())
    let limit: Int
    let window: Double
    /// Most clients remembered; past it, those whose hits have all expired are forgotten, then the
    /// ones seen least recently (forgetting only ever gives a client more room, never less).
    let maxClients: Int

    init(limit: Int, window: Double, maxClients: Int = 100_000) {
        self.limit = limit
        self.window = window
        self.maxClients = max(1, maxClients)
    }

    /// Counts one request from `address` at `now`; false (nothing counted) when it is over the limit.
    func reserve(_ address: String, now: Date) -> Bool {
        table.withLock { table in
            let since = now.addingTimeInterval(-window)
            var recent = (table.hits[address] ?? []).filter { $0 > since }
            guard recent.count < limit else { table.hits[address] = recent; return false }
            recent.append(now)
            table.hits[address] = recent
            if table.hits.count > maxClients { forget(&table, since: since) }
            return true
        }
    }

    /// Gives back the hit `reserve` counted at `at` (the request was refused, so it does not count).
    func release(_ address: String, at: Date) {
        table.withLock { table in
            guard var recent = table.hits[address], let index = recent.lastIndex(of: at) else { return }
            recent.remove(at: index)
            table.hits[address] = recent.isEmpty ? nil : recent
        }
    }

    /// Seconds until `address` may send again (0: now).
    func retryAfter(_ address: String, now: Date) -> Int {
        table.withLock { table in
            guard let oldest = table.hits[address]?.first else { return 0 }
            return max(1, Int((oldest.addingTimeInterval(window).timeIntervalSince(now)).rounded(.up)))
        }
    }

    private func forget(_ table: inout Table, since: Date) {
        table.hits = table.hits.filter { $0.value.contains { $0 > since } }
        guard table.hits.count > maxClients else { return }
        let byLastSeen = table.hits.sorted { ($0.value.last ?? .distantPast) < ($1.value.last ?? .distantPast) }
        // A tenth more than needed, so that a stream of new addresses sorts rarely.
        for (address, _) in byLastSeen.prefix(table.hits.count - maxClients * 9 / 10) { table.hits[address] = nil }
    }

    /// Runs `body` for `address` within the limit: 429 with Retry-After when over it. With
    /// `refund`, a request the body refuses (it throws) does not count.
    func within<T>(_ address: String, now: Date, message: String, refund: Bool = true, _ body: () throws -> T) throws -> T {
        guard reserve(address, now: now) else {
            throw DomainError(.tooManyRequests, message, headers: [("Retry-After", String(retryAfter(address, now: now)))])
        }
        do { return try body() } catch {
            if refund { release(address, at: now) }
            throw error
        }
    }
}

/// The intake's two budgets, from the settings and the server's environment
/// (ANWEI_TIPOFF_SUBMISSIONS, ANWEI_TIPOFF_FOLLOWUPS, ANWEI_TIPOFF_WINDOW_SECONDS).
struct TipOffLimits: Sendable {
    let submissions: RateLimiter
    let followUps: RateLimiter

    init(_ settings: HazardsSettings, environment: [String: String] = [:]) {
        func number(_ name: String, _ fallback: Int) -> Int { environment[name].flatMap(Int.init).flatMap { $0 > 0 ? $0 : nil } ?? fallback }
        let window = environment["ANWEI_TIPOFF_WINDOW_SECONDS"].flatMap(Double.init).flatMap { $0 > 0 ? $0 : nil } ?? settings.tipOffWindowSeconds
        submissions = RateLimiter(limit: number("ANWEI_TIPOFF_SUBMISSIONS", settings.tipOffsPerWindow), window: window, maxClients: settings.tipOffTrackedClients)
        followUps = RateLimiter(limit: number("ANWEI_TIPOFF_FOLLOWUPS", settings.tipOffFollowUpsPerWindow), window: window, maxClients: settings.tipOffTrackedClients)
    }
}
