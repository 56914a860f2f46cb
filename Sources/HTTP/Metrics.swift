// Request counts, latency histograms, the open-connection gauge and the counts of connections
// reclaimed and refused at the limits, in Prometheus text format.
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

public final class ServerMetrics: Sendable {
    /// Upper bounds of the duration histogram, in seconds.
    public static let buckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct SeriesKey: Hashable { let route: String, method: String }
    private struct Histogram {
        /// Durations by the first bucket that holds them (the exposition adds them up, as
        /// Prometheus buckets are cumulative): one increment a request, not one per bucket.
        var counts = [Int](repeating: 0, count: ServerMetrics.buckets.count)
        var sum = 0.0
        var count = 0
        mutating func record(_ duration: Double) {
            if let i = ServerMetrics.buckets.firstIndex(where: { duration <= $0 }) { counts[i] += 1 }
            sum += duration
            count += 1
        }
        mutating func add(_ other: Histogram) {
            for i in counts.indices { counts[i] += other.counts[i] }
            sum += other.sum
            count += other.count
        }
        /// The count of each bucket as exposed: durations up to its bound.
        var cumulative: [Int] {
            var total = 0
            return counts.map { total += $0; return total }
        }
    }
    /// One route and method: requests by status, and their durations.
    private struct Series {
        /// Counts by status, in the order first seen: a series sees few statuses, and a scan of
        /// a few pairs costs less than hashing.
        var statuses: [(status: Int, count: Int)] = []
        var durations = Histogram()
        mutating func record(_ status: Int, _ duration: Double) {
            add(status, 1)
            durations.record(duration)
        }
        mutating func add(_ status: Int, _ count: Int) {
            if let i = statuses.firstIndex(where: { $0.status == status }) {
                statuses[i].count += count
            } else {
                statuses.append((status, count))
            }
        }
    }
    private typealias Storage = [SeriesKey: Series]

    /// A shard's series, and the key of the last one recorded: a thread serving the same route
    /// again and again finds its series by comparing two strings (the route template is the same
    /// string each time, which `==` sees at once) instead of hashing them.
    private struct Recorded {
        var series: [Series] = []
        var slots: [SeriesKey: Int] = [:]
        var last: (key: SeriesKey, slot: Int)?

        mutating func record(_ key: SeriesKey, _ status: Int, _ duration: Double) {
            let slot: Int
            if let last, last.key.route == key.route, last.key.method == key.method {
                slot = last.slot
            } else if let known = slots[key] {
                slot = known
                last = (key, slot)
            } else {
                slot = series.count
                series.append(Series())
                slots[key] = slot
                last = (key, slot)
            }
            series[slot].record(status, duration)
        }

        var storage: Storage { slots.mapValues { series[$0] } }
    }

    /// One lock per shard: serving threads record into the shard of their thread, so that they
    /// do not all queue on one lock; the exposition adds the shards up.
    private final class Shard: Sendable { let recorded = ThreadLock(Recorded()) }
    private static let shardCount = 8

    private let shards = (0..<ServerMetrics.shardCount).map { _ in Shard() }
    /// The same shards unretained, for `record`: retaining a shard that both workers use on every
    /// request would move its count's cache line between the cores. `shards` holds them for as
    /// long as this object lives, which is at least as long as a call to `record`.
    private let borrowedShards: [Unmanaged<Shard>]
    private let open = Atomic<Int>(0)
    private let reclaimed = Atomic<Int>(0)
    private let refusedOverall = Atomic<Int>(0)
    private let refusedPerClient = Atomic<Int>(0)

    public init() {
        borrowedShards = shards.map { Unmanaged.passUnretained($0) }
    }

    /// Records one finished request. Unknown methods are counted as `OTHER` (bounded label values).
    public func record(route: String, method: String, status: Int, duration: Double) {
        let key = SeriesKey(route: route, method: Self.isKnown(method) ? method : "OTHER")
        let shard = borrowedShards[Int((UInt(bitPattern: Int(bitPattern: UInt(pthread_self()))) >> 12) % UInt(Self.shardCount))]
        shard._withUnsafeGuaranteedRef { $0.recorded.withLock { $0.record(key, status, duration) } }
    }

    private static func isKnown(_ method: String) -> Bool {
        switch method {
        case "GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT": true
        default: false
        }
    }

    private func merged() -> Storage {
        var total = Storage()
        for shard in shards {
            for (key, part) in shard.recorded.withLock({ $0.storage }) {
                for (status, count) in part.statuses { total[key, default: Series()].add(status, count) }
                total[key, default: Series()].durations.add(part.durations)
            }
        }
        return total
    }

    public func connectionOpened() { open.add(1, ordering: .relaxed) }
    public func connectionClosed() { open.subtract(1, ordering: .relaxed) }
    public var openConnections: Int { open.load(ordering: .relaxed) }

    /// Waiting connections closed to make room for new ones.
    func connectionsReclaimed(_ count: Int) { reclaimed.add(count, ordering: .relaxed) }
    public var reclaimedConnections: Int { reclaimed.load(ordering: .relaxed) }

    /// A new connection answered 503 at `limit`.
    func connectionRefused(_ limit: ConnectionLimit) {
        switch limit {
        case .maxConnections: refusedOverall.add(1, ordering: .relaxed)
        case .maxConnectionsPerClient: refusedPerClient.add(1, ordering: .relaxed)
        }
    }
    public func refusedConnections(_ limit: ConnectionLimit) -> Int {
        switch limit {
        case .maxConnections: refusedOverall.load(ordering: .relaxed)
        case .maxConnectionsPerClient: refusedPerClient.load(ordering: .relaxed)
        }
    }

    /// The Prometheus text exposition (version 0.0.4).
    public func prometheusText() -> String {
        let series = merged().sorted { ($0.key.route, $0.key.method) < ($1.key.route, $1.key.method) }
        var out = "# HELP http_requests_total Requests served, by route template, method and status.\n"
        out += "# TYPE http_requests_total counter\n"
        for (key, one) in series {
            for (status, count) in one.statuses.sorted(by: { $0.status < $1.status }) {
                out += "http_requests_total{route=\(Self.label(key.route)),method=\(Self.label(key.method)),status=\"\(status)\"} \(count)\n"
            }
        }
        out += "# HELP http_request_duration_seconds Time to produce a response.\n"
        out += "# TYPE http_request_duration_seconds histogram\n"
        for (key, one) in series {
            let h = one.durations
            let labels = "route=\(Self.label(key.route)),method=\(Self.label(key.method))"
            for (bound, count) in zip(Self.buckets, h.cumulative) {
                out += "http_request_duration_seconds_bucket{\(labels),le=\"\(bound)\"} \(count)\n"
            }
            out += "http_request_duration_seconds_bucket{\(labels),le=\"+Inf\"} \(h.count)\n"
            out += "http_request_duration_seconds_sum{\(labels)} \(h.sum)\n"
            out += "http_request_duration_seconds_count{\(labels)} \(h.count)\n"
        }
        out += "# HELP http_open_connections Connections currently open.\n"
        out += "# TYPE http_open_connections gauge\n"
        out += "http_open_connections \(openConnections)\n"
        out += "# HELP http_connections_reclaimed_total Connections waiting for a request closed to make room for new ones.\n"
        out += "# TYPE http_connections_reclaimed_total counter\n"
        out += "http_connections_reclaimed_total \(reclaimedConnections)\n"
        out += "# HELP http_connections_refused_total New connections answered 503, by the limit reached.\n"
        out += "# TYPE http_connections_refused_total counter\n"
        for limit in ConnectionLimit.allCases {
            out += "http_connections_refused_total{limit=\"\(limit.rawValue)\"} \(refusedConnections(limit))\n"
        }
        return out
    }

    static func label(_ value: String) -> String {
        var out = "\""
        for c in value {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out + "\""
    }
}
