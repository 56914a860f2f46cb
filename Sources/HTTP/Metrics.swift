// Request counts, latency histograms and the open-connection gauge, in Prometheus text format.
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

public final class ServerMetrics: Sendable {
    /// Upper bounds of the duration histogram, in seconds.
    public static let buckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct SeriesKey: Hashable { let route: String, method: String }
    private struct Histogram {
        var counts = [Int](repeating: 0, count: ServerMetrics.buckets.count)
        var sum = 0.0
        var count = 0
        mutating func record(_ duration: Double) {
            for (i, bound) in ServerMetrics.buckets.enumerated() where duration <= bound { counts[i] += 1 }
            sum += duration
            count += 1
        }
        mutating func add(_ other: Histogram) {
            for i in counts.indices { counts[i] += other.counts[i] }
            sum += other.sum
            count += other.count
        }
    }
    /// One route and method: requests by status, and their durations.
    private struct Series {
        var statuses: [Int: Int] = [:]
        var durations = Histogram()
        mutating func record(_ status: Int, _ duration: Double) {
            statuses[status, default: 0] += 1
            durations.record(duration)
        }
    }
    private typealias Storage = [SeriesKey: Series]

    /// One lock per shard: serving threads record into the shard of their thread, so that they
    /// do not all queue on one lock; the exposition adds the shards up.
    private final class Shard: Sendable { let storage = Mutex(Storage()) }
    private static let shardCount = 8

    private let shards = (0..<ServerMetrics.shardCount).map { _ in Shard() }
    private let open = Atomic<Int>(0)

    public init() {}

    /// Records one finished request. Unknown methods are counted as `OTHER` (bounded label values).
    public func record(route: String, method: String, status: Int, duration: Double) {
        let key = SeriesKey(route: route, method: Self.isKnown(method) ? method : "OTHER")
        let shard = shards[Int((UInt(bitPattern: Int(bitPattern: UInt(pthread_self()))) >> 12) % UInt(Self.shardCount))]
        shard.storage.withLock { series in
            series[key, default: Series()].record(status, duration)
        }
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
            for (key, part) in shard.storage.withLock({ $0 }) {
                for (status, count) in part.statuses { total[key, default: Series()].statuses[status, default: 0] += count }
                total[key, default: Series()].durations.add(part.durations)
            }
        }
        return total
    }

    public func connectionOpened() { open.add(1, ordering: .relaxed) }
    public func connectionClosed() { open.subtract(1, ordering: .relaxed) }
    public var openConnections: Int { open.load(ordering: .relaxed) }

    /// The Prometheus text exposition (version 0.0.4).
    public func prometheusText() -> String {
        let series = merged().sorted { ($0.key.route, $0.key.method) < ($1.key.route, $1.key.method) }
        var out = "# HELP http_requests_total Requests served, by route template, method and status.\n"
        out += "# TYPE http_requests_total counter\n"
        for (key, one) in series {
            for (status, count) in one.statuses.sorted(by: { $0.key < $1.key }) {
                out += "http_requests_total{route=\(Self.label(key.route)),method=\(Self.label(key.method)),status=\"\(status)\"} \(count)\n"
            }
        }
        out += "# HELP http_request_duration_seconds Time to produce a response.\n"
        out += "# TYPE http_request_duration_seconds histogram\n"
        for (key, one) in series {
            let h = one.durations
            let labels = "route=\(Self.label(key.route)),method=\(Self.label(key.method))"
            for (i, bound) in Self.buckets.enumerated() {
                out += "http_request_duration_seconds_bucket{\(labels),le=\"\(bound)\"} \(h.counts[i])\n"
            }
            out += "http_request_duration_seconds_bucket{\(labels),le=\"+Inf\"} \(h.count)\n"
            out += "http_request_duration_seconds_sum{\(labels)} \(h.sum)\n"
            out += "http_request_duration_seconds_count{\(labels)} \(h.count)\n"
        }
        out += "# HELP http_open_connections Connections currently open.\n"
        out += "# TYPE http_open_connections gauge\n"
        out += "http_open_connections \(openConnections)\n"
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
