// Request counts, latency histograms and the open-connection gauge, in Prometheus text format.
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

public final class ServerMetrics: Sendable {
    /// Upper bounds of the duration histogram, in seconds.
    public static let buckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct CounterKey: Hashable { let route: String, method: String, status: Int }
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
    private struct Storage {
        var requests: [CounterKey: Int] = [:]
        var durations: [SeriesKey: Histogram] = [:]
    }

    /// One lock per shard: serving threads record into the shard of their thread, so that they
    /// do not all queue on one lock; the exposition adds the shards up.
    private final class Shard: Sendable { let storage = Mutex(Storage()) }
    private static let shardCount = 8

    private static let knownMethods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"]

    private let shards = (0..<ServerMetrics.shardCount).map { _ in Shard() }
    private let open = Atomic<Int>(0)

    public init() {}

    /// Records one finished request. Unknown methods are counted as `OTHER` (bounded label values).
    public func record(route: String, method: String, status: Int, duration: Double) {
        let method = Self.knownMethods.contains(method) ? method : "OTHER"
        let shard = shards[Int((UInt(bitPattern: Int(bitPattern: UInt(pthread_self()))) >> 12) % UInt(Self.shardCount))]
        shard.storage.withLock { s in
            s.requests[CounterKey(route: route, method: method, status: status), default: 0] += 1
            s.durations[SeriesKey(route: route, method: method), default: Histogram()].record(duration)
        }
    }

    private func merged() -> Storage {
        var total = Storage()
        for shard in shards {
            let part = shard.storage.withLock { $0 }
            for (key, value) in part.requests { total.requests[key, default: 0] += value }
            for (key, value) in part.durations { total.durations[key, default: Histogram()].add(value) }
        }
        return total
    }

    public func connectionOpened() { open.add(1, ordering: .relaxed) }
    public func connectionClosed() { open.subtract(1, ordering: .relaxed) }
    public var openConnections: Int { open.load(ordering: .relaxed) }

    /// The Prometheus text exposition (version 0.0.4).
    public func prometheusText() -> String {
        let s = merged()
        var out = "# HELP http_requests_total Requests served, by route template, method and status.\n"
        out += "# TYPE http_requests_total counter\n"
        for (key, value) in s.requests.sorted(by: { ($0.key.route, $0.key.method, $0.key.status) < ($1.key.route, $1.key.method, $1.key.status) }) {
            out += "http_requests_total{route=\(Self.label(key.route)),method=\(Self.label(key.method)),status=\"\(key.status)\"} \(value)\n"
        }
        out += "# HELP http_request_duration_seconds Time to produce a response.\n"
        out += "# TYPE http_request_duration_seconds histogram\n"
        for (key, h) in s.durations.sorted(by: { ($0.key.route, $0.key.method) < ($1.key.route, $1.key.method) }) {
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
