// `anwei prune`: deletes what is kept only for a while (delivered event deliveries, expired
// idempotency keys; see `Retention.swift`). The server's scheduler and `anwei tick` do the same
// on their own; this is for cron, for a server run with --tick-interval 0, and for a look at
// what the settings delete.
import CLI
import Foundation
import Kernel

enum PruneCommand {
    static let options: [OptionSpec] = [
        .value("deliveries-days", "DAYS", help: "keep delivered event deliveries this many days after delivery (default 30; 0 keeps them all)",
               environment: "ANWEI_RETAIN_DELIVERIES_DAYS"),
        .value("idempotency-hours", "HOURS", help: "keep idempotency keys this many hours (default 24; 0 keeps them all)",
               environment: "ANWEI_RETAIN_IDEMPOTENCY_HOURS"),
        .value("batch", "ROWS", help: "rows deleted per write (default 1000)", environment: "ANWEI_PRUNE_BATCH"),
    ]

    /// The settings from the options (or their environment variables), checked.
    static func settings(_ invocation: Invocation) throws -> RetentionSettings {
        var given: [String: String] = [:]
        for (option, variable) in [("deliveries-days", "ANWEI_RETAIN_DELIVERIES_DAYS"), ("idempotency-hours", "ANWEI_RETAIN_IDEMPOTENCY_HOURS"), ("batch", "ANWEI_PRUNE_BATCH")] {
            given[variable] = invocation.value(option)
        }
        return try RetentionSettings.from(given)
    }

    static func command(_ session: Session) -> Command {
        Command("prune", summary: "delete delivered event deliveries and expired idempotency keys (events and the audit log are kept)",
                discussion: "Deletes event deliveries delivered more than --deliveries-days ago and idempotency keys older than --idempotency-hours, a batch per write so that the server's writes are not held up. Events, receipts and audit records are never deleted. The server's scheduler and 'anwei tick' run the same with the same settings (see Docs/operations.md, 数据保留 / Retention).",
                examples: ["anwei prune", "anwei prune --deliveries-days 90 --json"],
                options: options) { invocation in
            try withDomainErrors {
                let app = try session.application(invocation)
                try Session.requireSystem(try session.actor(invocation, app.core), "prunes the event deliveries and idempotency keys")
                let report = try Retention.prune(app.core, try settings(invocation))
                Render.done(describe(report), report.json, invocation)
            }
        }
    }

    static func describe(_ report: PruneReport) -> String {
        let deliveries = report.deliveriesBefore.map { "\(report.deliveries) event delivery(ies) and \(report.webhookDeliveries) webhook delivery(ies) delivered before \($0)" } ?? "no deliveries (kept forever)"
        let keys = report.idempotencyKeysBefore.map { "\(report.idempotencyKeys) idempotency key(s) made before \($0)" } ?? "no idempotency keys (kept forever)"
        return "deleted \(deliveries) and \(keys)"
    }
}
