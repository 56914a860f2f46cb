// Evidence files stored once by SHA-256 (the same file attached twice is kept once).
import Kernel

/// A file given with a report.
struct AttachmentInput: Sendable {
    var fileName: String
    var bytes: [UInt8]
}

enum AttachmentStore {
    /// The largest attachment accepted (10 MiB).
    static let maximumBytes = 10 * 1024 * 1024

    static func validate(_ attachments: [AttachmentInput]) throws {
        var errors: [FieldError] = []
        for (index, file) in attachments.enumerated() {
            if file.bytes.isEmpty { errors.append(FieldError("attachments[\(index)]", "empty", "文件 \(file.fileName) 是空的 (\(file.fileName) is empty)")) }
            if file.bytes.count > maximumBytes {
                errors.append(FieldError("attachments[\(index)]", "too_large", "文件 \(file.fileName) 有 \(file.bytes.count) 字节，超过上限 \(maximumBytes) 字节（10 MiB） (\(file.fileName) is too large)"))
            }
            if file.fileName.isEmpty || file.fileName.count > 200 {
                errors.append(FieldError("attachments[\(index)].file_name", "length", "文件名须为 1 到 200 个字符 (a file name of 1–200 characters is required)"))
            }
            // Checked by its content (what a download is served as), as every module's attachments.
            if !file.bytes.isEmpty, file.bytes.count <= maximumBytes {
                do {
                    _ = try AttachmentContent.checkAllowingText(name: file.fileName, declaredType: nil, bytes: file.bytes, field: "attachments[\(index)]", maxBytes: maximumBytes)
                } catch let error as DomainError {
                    errors += error.fieldErrors
                }
            }
        }
        if !errors.isEmpty { throw DomainError.validation(errors) }
    }

    /// Stores the bytes (once per hash) and links them to a history event; returns the hash.
    @discardableResult
    static func attach(_ file: AttachmentInput, toEvent eventID: Int64, _ tx: WriteTransaction) throws -> String {
        let hash = Crypto.sha256Hex(file.bytes)
        try tx.db.execute("INSERT OR IGNORE INTO responsibilities_attachments (sha256, size, content, created_at) VALUES (?, ?, ?, ?)",
                          [hash, file.bytes.count, file.bytes, tx.nowText])
        try tx.db.execute("INSERT OR IGNORE INTO responsibilities_event_attachments (event_id, sha256, file_name) VALUES (?, ?, ?)",
                          [eventID, hash, file.fileName])
        return hash
    }

    /// The bytes of an attachment, when it belongs to a line the actor sees.
    static func content(_ hash: String, actor: Actor, _ db: Connection) throws -> (fileName: String, bytes: [UInt8]) {
        var sql = """
            SELECT ea.file_name, a.content FROM responsibilities_event_attachments ea
            JOIN responsibilities_attachments a ON a.sha256 = ea.sha256
            JOIN responsibilities_line_events e ON e.id = ea.event_id
            JOIN responsibilities_lines l ON l.id = e.line_id WHERE ea.sha256 = ?
            """
        var args: [any DatabaseValueConvertible] = [hash.lowercased()]
        if let scope = LedgerScope.condition(actor) { sql += " AND (\(scope.sql))"; args += scope.arguments }
        guard let row = try db.queryOne(sql + " LIMIT 1", args) else { throw DomainError.notFound("附件", "attachment", hash) }
        return (row.requiredString("file_name"), row.blob("content") ?? [])
    }
}
