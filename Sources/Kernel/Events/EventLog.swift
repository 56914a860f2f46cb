// Reading the event log (for `anwei events list` and `/api/v1/events`).

public enum EventLog {
    public static func list(_ db: Connection, after: Int64, type: String?, limit: Int) throws -> [Event] {
        var sql = "SELECT * FROM kernel_events WHERE id > ?"
        var args: [any DatabaseValueConvertible] = [after]
        if let type {
            if type.hasSuffix(".*") { sql += " AND type >= ? AND type < ?"; let p = String(type.dropLast(1)); args += [p, p + "\u{10FFFF}"] }
            else { sql += " AND type = ?"; args.append(type) }
        }
        sql += " ORDER BY id LIMIT ?"
        args.append(max(1, min(limit, 1000)))
        return try db.query(sql, args).map {
            Event(id: $0.requiredInt("id"), type: $0.requiredString("type"), payload: $0.requiredString("payload"),
                  actor: $0.requiredString("actor"), occurredAt: $0.requiredString("occurred_at"))
        }
    }

    public static func deliveries(_ db: Connection, includeDone: Bool) throws -> [JSON] {
        let sql = "SELECT d.*, e.type FROM kernel_deliveries d JOIN kernel_events e ON e.id = d.event_id" + (includeDone ? "" : " WHERE d.status != 'done'") + " ORDER BY d.event_id, d.subscriber LIMIT 1000"
        return try db.query(sql).map { row in
            .object(["event_id": .int(row.requiredInt("event_id")), "type": .string(row.requiredString("type")),
                     "subscriber": .string(row.requiredString("subscriber")), "status": .string(row.requiredString("status")),
                     "attempts": .int(row.requiredInt("attempts")), "next_attempt_at": .string(row.requiredString("next_attempt_at")),
                     "last_error": JSON(row.string("last_error")), "done_at": JSON(row.string("done_at"))])
        }
    }
}
