// Webhooks: receivers of events over HTTP (admins manage them; the sender delivers). Every
// change is audited; the secret is kept to sign deliveries and is never shown again.
import Foundation

/// How a delivery body is shaped.
public enum WebhookFormat: String, Sendable, CaseIterable {
    /// `{"delivery_id", "webhook_id", "event": {...}}`
    case json
    /// WeCom (企业微信) group robot: `{"msgtype": "text", "text": {"content": "…"}}`
    case wecom
    /// DingTalk (钉钉) group robot: the same text shape; a `SEC…` secret also signs the URL.
    case dingtalk
}

public enum Webhooks {
    static let columns = "id, url, events, format, status, paused_reason, cursor, failing_since, version, created_at, updated_at"

    /// Adds a receiver of the events matching `events` (comma-separated patterns). New
    /// webhooks receive events published from now on. Returns the webhook and its secret.
    public static func add(_ core: Core, _ actor: Actor, url: String, events: String, secret: String?, format: String?) throws -> (webhook: JSON, secret: String) {
        var errors: [FieldError] = []
        if let problem = urlProblem(url) { errors.append(FieldError("url", "invalid", problem)) }
        let patterns = events.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if patterns.isEmpty { errors.append(FieldError("events", "required", "events 须至少写一个事件类型或模式，如 'hazards.*' (name at least one event type or pattern, e.g. 'hazards.*')")) }
        for pattern in patterns where !validPattern(pattern) {
            errors.append(FieldError("events", "invalid", "events 中的 '\(pattern.prefix(40))' 不是事件类型或模式：只用字母、数字、'_' 和 '.'，可以 '.*' 结尾；或 '*' (not an event type or pattern: letters, digits, '_' and '.', optionally ending in '.*'; or '*')"))
        }
        let kind = WebhookFormat(rawValue: format ?? "json")
        if kind == nil { errors.append(FieldError("format", "invalid", "format 须为 json、wecom 或 dingtalk，收到 '\((format ?? "").prefix(40))' (format must be json, wecom or dingtalk)")) }
        if let secret, secret.count < 8 || secret.count > 200 {
            errors.append(FieldError("secret", "invalid", "secret 须为 8 到 200 个字符 (a secret has 8 to 200 characters)"))
        }
        guard errors.isEmpty, let kind else { throw DomainError.validation(errors) }
        let key = secret ?? "whsec_" + Crypto.hex(Crypto.randomBytes(24))
        let webhook = try core.write(actor) { tx -> JSON in
            let cursor = try tx.db.scalarInt("SELECT coalesce(max(id), 0) FROM kernel_events")
            try tx.db.execute("""
                INSERT INTO kernel_webhooks (url, events, secret, format, status, cursor, version, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'active', ?, 1, ?, ?)
                """, [url, patterns.joined(separator: ","), key, kind.rawValue, cursor, tx.nowText, tx.nowText])
            let id = tx.db.lastInsertRowID
            let made = try find(id, tx.db)
            try tx.audit(action: "webhooks.add", entity: "webhook", entityID: String(id), after: made, summary: "webhook \(id) → \(redacted(url)) for \(patterns.joined(separator: ","))")
            return made
        }
        return (webhook, key)
    }

    /// Every webhook with its queue (never its secret).
    public static func list(_ db: Connection) throws -> [JSON] {
        try db.query("SELECT \(columns) FROM kernel_webhooks ORDER BY id").map { try json($0, db) }
    }

    public static func find(_ id: Int64, _ db: Connection) throws -> JSON {
        guard let row = try db.queryOne("SELECT \(columns) FROM kernel_webhooks WHERE id = ?", [id]) else { throw DomainError.notFound("Webhook", "webhook", String(id)) }
        return try json(row, db)
    }

    static func json(_ row: Row, _ db: Connection) throws -> JSON {
        let id = row.requiredInt("id")
        let pending = try db.scalarInt("SELECT count(*) FROM kernel_webhook_deliveries WHERE webhook_id = ? AND status = 'pending'", [id])
        let delivered = try db.scalarInt("SELECT count(*) FROM kernel_webhook_deliveries WHERE webhook_id = ? AND status = 'delivered'", [id])
        return .object([
            "id": .int(id), "url": .string(redacted(row.requiredString("url"))),
            "events": JSON(row.requiredString("events").split(separator: ",").map(String.init)),
            "format": .string(row.requiredString("format")), "status": .string(row.requiredString("status")),
            "paused_reason": JSON(row.string("paused_reason")), "failing_since": JSON(row.string("failing_since")),
            "last_event_seen": .int(row.requiredInt("cursor")), "pending": .int(pending), "delivered": .int(delivered),
            "version": .int(row.requiredInt("version")), "created_at": .string(row.requiredString("created_at")),
            "updated_at": .string(row.requiredString("updated_at")),
        ])
    }

    /// Removes a webhook and its delivery log.
    public static func remove(_ core: Core, _ actor: Actor, id: Int64) throws {
        try core.write(actor) { tx in
            let before = try find(id, tx.db)
            try tx.db.execute("DELETE FROM kernel_webhook_deliveries WHERE webhook_id = ?", [id])
            try tx.db.execute("DELETE FROM kernel_webhooks WHERE id = ?", [id])
            try tx.audit(action: "webhooks.remove", entity: "webhook", entityID: String(id), before: before, summary: "webhook \(id) removed")
        }
    }

    /// Pauses a webhook (nothing is sent; events keep queueing) or resumes it (its queue is due at once).
    public static func setPaused(_ core: Core, _ actor: Actor, id: Int64, paused: Bool, reason: String? = nil) throws -> JSON {
        try core.write(actor) { tx in
            let before = try find(id, tx.db)
            if paused {
                try tx.db.execute("UPDATE kernel_webhooks SET status = 'paused', paused_reason = ?, version = version + 1, updated_at = ? WHERE id = ?",
                                  [reason ?? "paused by \(tx.actor.username)", tx.nowText, id])
            } else {
                try tx.db.execute("UPDATE kernel_webhooks SET status = 'active', paused_reason = NULL, failing_since = NULL, version = version + 1, updated_at = ? WHERE id = ?",
                                  [tx.nowText, id])
                try tx.db.execute("UPDATE kernel_webhook_deliveries SET next_attempt_at = ? WHERE webhook_id = ? AND status = 'pending'", [tx.nowText, id])
            }
            let after = try find(id, tx.db)
            try tx.audit(action: paused ? "webhooks.pause" : "webhooks.resume", entity: "webhook", entityID: String(id), before: before, after: after,
                         summary: "webhook \(id) \(paused ? "paused" : "resumed")")
            return after
        }
    }

    /// The delivery log, newest first (`before`: a delivery id for the next page).
    public static func deliveries(_ db: Connection, webhook: Int64?, status: String?, before: Int64?, limit: Int) throws -> [JSON] {
        if let status, !["pending", "delivered"].contains(status) {
            throw DomainError.validation([FieldError("status", "invalid", "status 须为 pending 或 delivered，收到 '\(status.prefix(40))' (status must be pending or delivered)")])
        }
        var sql = """
            SELECT d.*, e.type FROM kernel_webhook_deliveries d JOIN kernel_events e ON e.id = d.event_id WHERE 1 = 1
            """
        var args: [any DatabaseValueConvertible] = []
        if let webhook { sql += " AND d.webhook_id = ?"; args.append(webhook) }
        if let status { sql += " AND d.status = ?"; args.append(status) }
        if let before { sql += " AND d.id < ?"; args.append(before) }
        sql += " ORDER BY d.id DESC LIMIT ?"
        args.append(limit)
        return try db.query(sql, args).map(deliveryJSON)
    }

    static func deliveryJSON(_ row: Row) -> JSON {
        .object([
            "id": .int(row.requiredInt("id")), "webhook_id": .int(row.requiredInt("webhook_id")), "event_id": .int(row.requiredInt("event_id")),
            "event_type": .string(row.requiredString("type")), "status": .string(row.requiredString("status")),
            "attempts": .int(row.requiredInt("attempts")), "last_status": JSON(row.int("last_status")), "last_error": JSON(row.string("last_error")),
            "next_attempt_at": .string(row.requiredString("next_attempt_at")), "created_at": .string(row.requiredString("created_at")),
            "delivered_at": JSON(row.string("delivered_at")), "redelivery_of": JSON(row.int("redelivery_of")),
        ])
    }

    /// Queues a delivery's event again for its webhook (after the ones already queued).
    public static func redeliver(_ core: Core, _ actor: Actor, deliveryID: Int64) throws -> JSON {
        try core.write(actor) { tx in
            guard let original = try tx.db.queryOne("SELECT webhook_id, event_id FROM kernel_webhook_deliveries WHERE id = ?", [deliveryID]) else {
                throw DomainError.notFound("投递记录", "delivery", String(deliveryID))
            }
            try tx.db.execute("""
                INSERT INTO kernel_webhook_deliveries (webhook_id, event_id, status, next_attempt_at, redelivery_of, created_at)
                VALUES (?, ?, 'pending', ?, ?, ?)
                """, [original.requiredInt("webhook_id"), original.requiredInt("event_id"), tx.nowText, deliveryID, tx.nowText])
            let id = tx.db.lastInsertRowID
            try tx.audit(action: "webhooks.redeliver", entity: "webhook", entityID: String(original.requiredInt("webhook_id")),
                         summary: "delivery \(deliveryID) queued again as \(id)")
            guard let row = try tx.db.queryOne("SELECT d.*, e.type FROM kernel_webhook_deliveries d JOIN kernel_events e ON e.id = d.event_id WHERE d.id = ?", [id]) else {
                throw DomainError.notFound("投递记录", "delivery", String(id))
            }
            return deliveryJSON(row)
        }
    }

    static func urlProblem(_ url: String) -> String? {
        let lowered = url.lowercased()
        guard lowered.hasPrefix("http://") || lowered.hasPrefix("https://") else {
            return "url 须以 http:// 或 https:// 开头，收到 '\(url.prefix(80))' (the url must start with http:// or https://)"
        }
        guard let parts = URLComponents(string: url) else {
            return "url 不是有效的网址：'\(url.prefix(80))' (not a valid URL: a space, a bracket or a character that must be escaped)"
        }
        guard let host = parts.host, !host.isEmpty else { return "url 没有主机名：'\(url.prefix(80))' (the url names no host)" }
        if let port = parts.port, !(1...65535).contains(port) {
            return "url 的端口 \(port) 无效，须在 1 到 65535 之间 (the port must be 1–65535)"
        }
        if url.count > 2000 { return "url 超过 2000 个字符 (the url is longer than 2000 characters)" }
        return nil
    }

    static func validPattern(_ pattern: String) -> Bool {
        if pattern == "*" { return true }
        let body = pattern.hasSuffix(".*") ? String(pattern.dropLast(2)) : pattern
        guard !body.isEmpty, !body.hasPrefix("."), !body.hasSuffix("."), !body.contains("..") else { return false }
        return body.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }
    }

    /// A URL for logs and audit summaries: scheme, host, port and path, without the query
    /// (robot URLs carry their access token there).
    public static func redacted(_ url: String) -> String {
        guard var parts = URLComponents(string: url) else { return "?" }
        if parts.query != nil { parts.query = "…" }
        parts.user = nil
        parts.password = nil
        return parts.string ?? "?"
    }

    static func matches(_ patterns: String, _ type: String) -> Bool {
        patterns.split(separator: ",").contains { EventPattern.matches(String($0), type) }
    }
}
