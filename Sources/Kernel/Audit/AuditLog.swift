// The append-only, hash-chained audit log: every write appends a record in its own transaction.
import CCrypto
import Foundation

/// One audit record.
public struct AuditRecord: Sendable {
    public var id: Int64
    public var at: String
    public var actor: String
    public var action: String
    public var entity: String
    public var entityID: String
    public var beforeDigest: String?
    public var afterDigest: String?
    public var summary: String
    public var hash: String

    public var json: JSON {
        .object([
            "id": .int(id), "at": .string(at), "actor": .string(actor), "action": .string(action),
            "entity": .string(entity), "entity_id": .string(entityID), "before_digest": JSON(beforeDigest),
            "after_digest": JSON(afterDigest), "summary": .string(summary), "hash": .string(hash),
        ])
    }
}

/// The verdict of `anwei audit verify`.
public struct AuditVerification: Sendable {
    public var records: Int
    /// The first record whose link is broken, and why; nil when the chain is whole.
    public var firstBroken: (id: Int64, reason: String)?
    public var isIntact: Bool { firstBroken == nil }
}

public enum AuditLog {
    static let genesis = String(repeating: "0", count: 64)

    /// The digest of a record's state (nil when there is none, e.g. "before" of a create).
    public static func digest(_ value: JSON?) -> String? {
        // The serialized bytes themselves (the same as hashing `serialized`, without making a
        // String of them and reading its UTF-8 back).
        value.map { Crypto.sha256Hex($0.bytes) }
    }

    static func linkHash(previous: String, id: Int64, at: String, actor: String, action: String, entity: String,
                         entityID: String, before: String?, after: String?, summary: String) -> String {
        // The fields joined by U+001F ("-" for a digest that is NULL), written as bytes into one
        // buffer and hashed from there: the same bytes as joining the Strings, with no String made.
        var input: [UInt8] = []
        input.reserveCapacity(160 + at.utf8.count + actor.utf8.count + action.utf8.count + entity.utf8.count
                              + entityID.utf8.count + summary.utf8.count)
        input.append(contentsOf: previous.utf8)
        for field in [String(id), at, actor, action, entity, entityID, before ?? "-", after ?? "-", summary] {
            input.append(0x1F)
            input.append(contentsOf: field.utf8)
        }
        return Crypto.hex(Crypto.sha256(input))
    }

    /// Appends a record on `db` (which must be in a write transaction).
    static func append(_ db: Connection, at: String, actor: String, action: String, entity: String, entityID: String,
                       before: JSON?, after: JSON?, summary: String) throws {
        try append(db, at: at, actor: actor, action: action, entity: entity, entityID: entityID,
                   beforeDigest: digest(before), afterDigest: digest(after), summary: summary)
    }

    /// Appends a record whose state digests are already made.
    static func append(_ db: Connection, at: String, actor: String, action: String, entity: String, entityID: String,
                       beforeDigest: String?, afterDigest: String?, summary: String) throws {
        // The head read in place (no Row is built for its two columns).
        var previous = genesis, id: Int64 = 1
        try db.forEachStatementRow("SELECT last_id, last_hash FROM kernel_audit_head WHERE id = 1", []) { head in
            id = head.int64(0) + 1
            previous = String(decoding: head.text(1), as: UTF8.self)
        }
        let hash = linkHash(previous: previous, id: id, at: at, actor: actor, action: action, entity: entity,
                            entityID: entityID, before: beforeDigest, after: afterDigest, summary: summary)
        try db.execute("""
            INSERT INTO kernel_audit (id, at, actor, action, entity, entity_id, before_digest, after_digest, summary, prev_hash, hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [id, at, actor, action, entity, entityID, beforeDigest, afterDigest, summary, previous, hash])
        try db.execute("INSERT INTO kernel_audit_head (id, last_id, last_hash) VALUES (1, ?, ?) ON CONFLICT(id) DO UPDATE SET last_id = excluded.last_id, last_hash = excluded.last_hash", [id, hash])
    }

    /// Walks the chain from the first record and reports the first broken link. Streams: one
    /// statement steps through the records in id order and each is checked from SQLite's own
    /// bytes (no row is kept, no string made), so memory stays flat however long the chain.
    /// `progress`, when given, is called with the count of records checked every 65,536 records.
    public static func verify(_ db: Connection, progress: ((Int) -> Void)? = nil) throws -> AuditVerification {
        var previous = Array(genesis.utf8)
        var expectedID: Int64 = 1
        var count = 0
        var broken: (Int64, String)?
        var input: [UInt8] = []
        input.reserveCapacity(1024)
        var digest = [UInt8](repeating: 0, count: 32)
        var computed = [UInt8](repeating: 0, count: 64)
        try db.forEachStatementRow("""
            SELECT id, at, actor, action, entity, entity_id, before_digest, after_digest, summary, prev_hash, hash
            FROM kernel_audit ORDER BY id
            """, []) { row in
            guard broken == nil else { return }
            count += 1
            if count & 0xFFFF == 0 { progress?(count) }
            let id = row.int64(0)
            if id != expectedID {
                broken = (id, "record \(expectedID) is missing (found \(id) next): a record was deleted")
                return
            }
            if !row.text(9).elementsEqual(previous) {
                broken = (id, "record \(id) does not link to record \(id - 1): a record before it was altered or deleted")
                return
            }
            // The bytes `linkHash` hashes: the fields joined by U+001F, "-" for a digest that is NULL.
            input.removeAll(keepingCapacity: true)
            input.append(contentsOf: previous)
            input.append(0x1F)
            input.append(contentsOf: String(id).utf8)
            for column in 1...8 {
                input.append(0x1F)
                if (column == 6 || column == 7), row.type(column) == .null {
                    input.append(UInt8(ascii: "-"))
                } else {
                    input.append(contentsOf: row.text(column))
                }
            }
            sha256(input, into: &digest)
            hex(digest, into: &computed)
            if !row.text(10).elementsEqual(computed) {
                broken = (id, "record \(id) was altered: its contents no longer match its hash")
                return
            }
            swap(&previous, &computed)
            expectedID += 1
        }
        if broken == nil, let head = try db.queryOne("SELECT last_id, last_hash FROM kernel_audit_head WHERE id = 1") {
            let lastID = head.requiredInt("last_id")
            if lastID != expectedID - 1 || Array(head.requiredString("last_hash").utf8) != previous {
                broken = (expectedID, "the chain ends at record \(expectedID - 1) but \(lastID) were written: records at the end were deleted")
            }
        }
        return AuditVerification(records: count, firstBroken: broken)
    }

    /// How many records the chain holds by its head (what `verify` will walk), for a progress bar.
    public static func headCount(_ db: Connection) throws -> Int {
        Int(try db.queryOne("SELECT last_id FROM kernel_audit_head WHERE id = 1")?.int("last_id") ?? 0)
    }

    /// Records filtered by entity, actor and time (RFC 3339 or date bounds), newest first.
    public static func list(_ db: Connection, entity: String?, entityID: String?, actor: String?, since: String?, until: String?,
                            before: Int64?, limit: Int) throws -> [AuditRecord] {
        var sql = "SELECT * FROM kernel_audit WHERE 1 = 1"
        var args: [any DatabaseValueConvertible] = []
        if let entity { sql += " AND entity = ?"; args.append(entity) }
        if let entityID { sql += " AND entity_id = ?"; args.append(entityID) }
        if let actor { sql += " AND actor = ?"; args.append(actor) }
        if let since { sql += " AND at >= ?"; args.append(since) }
        if let until { sql += " AND at < ?"; args.append(until) }
        if let before { sql += " AND id < ?"; args.append(before) }
        sql += " ORDER BY id DESC LIMIT ?"
        args.append(limit)
        return try db.query(sql, args).map { row in
            AuditRecord(id: row.requiredInt("id"), at: row.requiredString("at"), actor: row.requiredString("actor"),
                        action: row.requiredString("action"), entity: row.requiredString("entity"),
                        entityID: row.requiredString("entity_id"), beforeDigest: row.string("before_digest"),
                        afterDigest: row.string("after_digest"), summary: row.requiredString("summary"),
                        hash: row.requiredString("hash"))
        }
    }
}

/// SHA-256 of `bytes` into `digest` (32 bytes), with no array made per call.
private func sha256(_ bytes: [UInt8], into digest: inout [UInt8]) {
    var length: UInt32 = 0
    bytes.withUnsafeBytes { input in
        digest.withUnsafeMutableBytes { out in
            _ = EVP_Digest(input.baseAddress, input.count, out.baseAddress?.assumingMemoryBound(to: UInt8.self), &length, Crypto.sha256Algorithm, nil)
        }
    }
}

/// `bytes` as lowercase hex digits into `out` (twice as long), as `Crypto.hex` writes them.
private func hex(_ bytes: [UInt8], into out: inout [UInt8]) {
    let digits: StaticString = "0123456789abcdef"
    digits.withUTF8Buffer { digits in
        for (index, byte) in bytes.enumerated() {
            out[2 * index] = digits[Int(byte >> 4)]
            out[2 * index + 1] = digits[Int(byte & 0x0f)]
        }
    }
}
