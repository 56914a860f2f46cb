// Retention (issue 23, "ten years on one file"): what is kept only for a while is deleted once
// its time is over, by the server's scheduler and by `anwei tick` / `anwei prune`:
// - deliveries of events that were delivered more than N days ago, between modules (`done`) and
//   to webhooks (`delivered`); pending and failed ones stay until they are delivered or retried;
// - idempotency keys older than their lifetime (a retried create within it still gets its first
//   answer; after it, the key is forgotten).
// Events, their receipts and the audit chain are never deleted here: they are the record.
// Deletion goes in small batches, each its own short write, so that it never holds the writer
// for long; the rows of a batch are found on a reader first.
import Foundation

/// How long what is kept only for a while is kept.
public struct RetentionSettings: Sendable, Equatable {
    /// Days a delivered event delivery is kept after it was delivered; 0 keeps them forever.
    public var deliveryDays: Int
    /// Hours an idempotency key is kept after the create it answers; 0 keeps them forever.
    public var idempotencyKeyHours: Int
    /// Rows deleted per write.
    public var batch: Int

    public init(deliveryDays: Int = 30, idempotencyKeyHours: Int = 24, batch: Int = 1000) {
        self.deliveryDays = deliveryDays
        self.idempotencyKeyHours = idempotencyKeyHours
        self.batch = batch
    }

    /// `ANWEI_RETAIN_DELIVERIES_DAYS` (default 30), `ANWEI_RETAIN_IDEMPOTENCY_HOURS` (default 24)
    /// and `ANWEI_PRUNE_BATCH` (default 1000); a value that is not a whole number ≥ 0 (≥ 1 for the
    /// batch) is an error that names the setting.
    public static func from(_ environment: [String: String]) throws -> RetentionSettings {
        func number(_ name: String, _ fallback: Int, least: Int) throws -> Int {
            guard let text = environment[name], !text.isEmpty else { return fallback }
            guard let value = Int(text), value >= least else {
                throw DomainError(.validation, "\(name) 须为不小于 \(least) 的整数 (must be a whole number ≥ \(least)), got '\(text.prefix(40))'")
            }
            return value
        }
        return RetentionSettings(deliveryDays: try number("ANWEI_RETAIN_DELIVERIES_DAYS", 30, least: 0),
                                 idempotencyKeyHours: try number("ANWEI_RETAIN_IDEMPOTENCY_HOURS", 24, least: 0),
                                 batch: try number("ANWEI_PRUNE_BATCH", 1000, least: 1))
    }
}

/// What one prune deleted.
public struct PruneReport: Sendable, Equatable {
    /// Deliveries between modules (`kernel_deliveries`).
    public var deliveries = 0
    /// Deliveries to webhooks (`kernel_webhook_deliveries`).
    public var webhookDeliveries = 0
    public var idempotencyKeys = 0
    /// The writes it took.
    public var batches = 0
    /// The cut-off times used (RFC 3339 UTC), nil for what is kept forever.
    public var deliveriesBefore: String?
    public var idempotencyKeysBefore: String?
    public init() {}

    public var json: JSON {
        .object(["deliveries": .int(Int64(deliveries)), "webhook_deliveries": .int(Int64(webhookDeliveries)), "idempotency_keys": .int(Int64(idempotencyKeys)), "batches": .int(Int64(batches)),
                 "deliveries_done_before": JSON(deliveriesBefore), "idempotency_keys_before": JSON(idempotencyKeysBefore)])
    }
}

public enum Retention {
    /// Deletes what `settings` no longer keeps, as of the clock's now.
    public static func prune(_ core: Core, _ settings: RetentionSettings) throws -> PruneReport {
        var report = PruneReport()
        let now = core.clock.now()
        if settings.deliveryDays > 0 {
            let before = Instant.utc(now.addingTimeInterval(-Double(settings.deliveryDays) * 86_400))
            report.deliveriesBefore = before
            // Walked by rowid like the others (issue 23: the walk in key order looked up each
            // delivery's row from the key's index: 0.62 G instructions for 228,000 kept deliveries at
            // ten years, 0.22 G in rowid order). The same deliveries are deleted.
            report.deliveries = try pruneByRowid(core.database, table: "kernel_deliveries", condition: "status = 'done' AND done_at < ?",
                                                 before: before, batch: settings.batch, batches: &report.batches)
            report.webhookDeliveries = try pruneByRowid(core.database, table: "kernel_webhook_deliveries", condition: "status = 'delivered' AND delivered_at < ?",
                                                        before: before, batch: settings.batch, batches: &report.batches)
        }
        if settings.idempotencyKeyHours > 0 {
            let before = Instant.utc(now.addingTimeInterval(-Double(settings.idempotencyKeyHours) * 3_600))
            report.idempotencyKeysBefore = before
            report.idempotencyKeys = try pruneByRowid(core.database, table: "kernel_idempotency_keys", condition: "created_at < ?",
                                                      before: before, batch: settings.batch, batches: &report.batches)
        }
        return report
    }

    /// Rows of `table` that meet `condition` (one `?`: `before`), walked by rowid.
    static func pruneByRowid(_ database: Database, table: String, condition: String, before: String, batch: Int, batches: inout Int) throws -> Int {
        var deleted = 0
        var after: Int64 = 0
        while true {
            let rowids: [Int64] = try database.read { db in
                var rowids: [Int64] = []
                try db.forEachStatementRow("SELECT rowid FROM \(table) WHERE rowid > ? AND \(condition) ORDER BY rowid LIMIT ?",
                                           [.integer(after), .text(before), .integer(Int64(batch))]) { rowids.append($0.int64(0)) }
                return rowids
            }
            guard let last = rowids.last else { return deleted }
            // Checked again in the write: only what still meets the condition is deleted.
            deleted += try database.write { db in
                var count = 0
                for rowid in rowids {
                    count += try db.execute("DELETE FROM \(table) WHERE rowid = ? AND \(condition)", [rowid, before])
                }
                return count
            }
            batches += 1
            after = last
            if rowids.count < batch { return deleted }
        }
    }
}
