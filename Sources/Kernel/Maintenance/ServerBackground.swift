// What a running server does besides answering requests: the scheduled checks on an interval
// (the first run at start, so a server that was down catches up) and the webhook sender.
import Foundation

/// Runs `tick` now and then every `interval` seconds on its own thread, until `stop()`.
public final class Scheduler: Sendable {
    public let interval: Double
    let tick: @Sendable () throws -> [(check: String, published: Int)]
    let log: @Sendable (String) -> Void
    private let loop = Locked<BackgroundLoop?>(nil)

    public init(interval: Double, tick: @escaping @Sendable () throws -> [(check: String, published: Int)], log: @escaping @Sendable (String) -> Void) {
        self.interval = interval
        self.tick = tick
        self.log = log
    }

    /// Runs the checks once and logs one line about it.
    public func runOnce() {
        let started = Date()
        do {
            let results = try tick()
            let published = results.reduce(0) { $0 + $1.published }
            log("scheduler: ran \(results.count) check(s) in \(Int(Date().timeIntervalSince(started) * 1000)) ms; \(published) event(s) published")
        } catch {
            log("scheduler: the scheduled checks failed: \(error); next try in \(Int(interval)) s")
        }
    }

    public func start() {
        guard interval > 0 else { return }
        loop.start { BackgroundLoop(name: "anwei-scheduler", interval: interval) { [weak self] in self?.runOnce() } }
    }

    public func stop() { loop.stop() }
}

/// The scheduler and the webhook sender of one server, started and stopped together.
public final class ServerBackground: Sendable {
    public let scheduler: Scheduler
    public let webhooks: WebhookSender

    /// `ANWEI_TICK_INTERVAL` (seconds between runs of the scheduled checks; default 300; 0 turns
    /// them off, e.g. when cron runs `anwei tick`), `ANWEI_WEBHOOK_TIMEOUT` (seconds, default 10)
    /// and `ANWEI_WEBHOOK_SENDER=off` (deliveries queue but nothing is sent: a test server whose
    /// webhooks are made up by a fuzzer must not send to the addresses it made up). The retention
    /// settings (`RetentionSettings.from`) are read here too.
    public init(core: Core, tick: @escaping @Sendable () throws -> [(check: String, published: Int)],
                environment: [String: String] = ProcessInfo.processInfo.environment, log: @escaping @Sendable (String) -> Void) {
        let interval = environment["ANWEI_TICK_INTERVAL"].flatMap(Double.init) ?? 300
        let timeout = environment["ANWEI_WEBHOOK_TIMEOUT"].flatMap(Double.init) ?? 10
        // Retention (`Retention.swift`) runs after each round of the checks.
        let retention: RetentionSettings
        do {
            retention = try RetentionSettings.from(environment)
        } catch {
            log("retention: \(error); the defaults are used")
            retention = RetentionSettings()
        }
        let checksThenRetention: @Sendable () throws -> [(check: String, published: Int)] = {
            let results = try tick()
            let pruned = try Retention.prune(core, retention)
            if pruned.deliveries + pruned.webhookDeliveries + pruned.idempotencyKeys > 0 {
                log("retention: deleted \(pruned.deliveries) event delivery(ies), \(pruned.webhookDeliveries) webhook delivery(ies) and \(pruned.idempotencyKeys) idempotency key(s) in \(pruned.batches) batch(es)")
            }
            return results
        }
        scheduler = Scheduler(interval: max(0, interval), tick: checksThenRetention, log: log)
        webhooks = WebhookSender(core: core, timeout: max(1, timeout), log: log)
        scheduler.start()
        if environment["ANWEI_WEBHOOK_SENDER"] != "off" { webhooks.start() }
    }

    public func stop() {
        scheduler.stop()
        webhooks.stop()
    }
}
