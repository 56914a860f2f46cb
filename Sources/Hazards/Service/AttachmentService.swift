// Photos and documents: stored once by SHA-256 of their bytes, size-limited, and type-checked
// against the bytes themselves (a "photo" that is not a JPEG or PNG is refused).
import Foundation
import Kernel

struct AttachmentService {
    let settings: HazardsSettings

    /// The media type the bytes really are, if it is one we accept.
    static func sniff(_ bytes: [UInt8]) -> String? {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if bytes.starts(with: Array("%PDF-".utf8)) { return "application/pdf" }
        return nil
    }

    /// Checks a file's content: `field` names it in errors (codes of their own: the declaration
    /// says "text", only the content can say "not a JPEG"). Returns the media type.
    func check(name: String, declaredType: String?, bytes: [UInt8], field: String) throws -> String {
        if bytes.isEmpty { throw DomainError.validation([FieldError(field, "empty", "文件 \(name) 为空 (the file is empty)")]) }
        if bytes.count > settings.maxAttachmentBytes {
            throw DomainError.validation([FieldError(field, "too_large", "文件 \(name) 有 \(bytes.count) 字节，最多 \(settings.maxAttachmentBytes) 字节 (the file is too large)")])
        }
        guard let actual = Self.sniff(bytes), settings.attachmentTypes.contains(actual) else {
            throw DomainError.validation([FieldError(field, "not_accepted", "文件 \(name) 的内容不是 \(settings.attachmentTypes.joined(separator: "、")) (checked by its content: not an accepted type)")])
        }
        if let declaredType, declaredType.lowercased() != actual {
            throw DomainError.validation([FieldError(field, "type_mismatch", "文件 \(name) 声明为 \(declaredType)，内容却是 \(actual) (it says it is \(declaredType) but its content is \(actual))")])
        }
        return actual
    }

    /// Decodes the base64 text of `field` (line breaks and padding as base64 writers leave them).
    static func decode(_ text: String, field: String) throws -> [UInt8] {
        guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters) else {
            throw DomainError.validation([FieldError(field, "base64", "\(field) 须为文件内容的 base64 编码 (must be the file's bytes in base64)")])
        }
        return Array(data)
    }

    /// Stores the bytes (once per hash) and a row pointing at them; returns the row's id and hash.
    func store(name: String, mediaType: String, bytes: [UInt8], hazardID: Int64?, tipOffID: Int64?, actionID: Int64?, _ tx: WriteTransaction) throws -> (id: Int64, sha256: String) {
        let hash = Crypto.sha256Hex(bytes)
        try tx.db.execute("INSERT OR IGNORE INTO hazards_blobs (sha256, media_type, size, bytes) VALUES (?, ?, ?, ?)", [hash, mediaType, bytes.count, bytes])
        let cleanName = String(name.filter { !$0.isNewline && $0 != "/" && $0 != "\\" }.prefix(200))
        try tx.db.execute("INSERT INTO hazards_attachments (hazard_id, tipoff_id, action_id, sha256, name, media_type, size, added_by, added_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                          [hazardID, tipOffID, actionID, hash, cleanName.isEmpty ? "attachment" : cleanName, mediaType, bytes.count, tx.actor.username, tx.nowText])
        return (tx.db.lastInsertRowID, hash)
    }
}

extension HazardService {
    /// Attaches a file to a hazard (on its timeline as an `attach` action).
    public func attach(_ id: Int64, name: String, declaredType: String?, bytes: [UInt8], _ tx: WriteTransaction) throws -> JSON {
        let row = try HazardStore.require(id, actor: tx.actor, tx.db)
        guard tx.actor.role != .inspector || tx.actor.isOffice else { throw DomainError.forbidden("督导组记录发现问题，请把附件加在发现问题上 (an inspector records findings; attach files to the finding)") }
        let service = AttachmentService(settings: settings)
        let type = try service.check(name: name, declaredType: declaredType, bytes: bytes, field: "content_base64")
        let status = HazardStatus(rawValue: row.requiredString("status")) ?? .reported
        let actionID = try recordAction(id, "attach", from: status, to: status, note: name, details: .object([]), tx)
        let stored = try service.store(name: name, mediaType: type, bytes: bytes, hazardID: id, tipOffID: nil, actionID: actionID, tx)
        try tx.audit(action: "hazards.attach", entity: "hazard", entityID: String(id),
                     after: .object(["attachment_id": .int(stored.id), "sha256": .string(stored.sha256), "size": .int(Int64(bytes.count))]),
                     summary: "\(row.requiredString("code")): attached \(name) (\(bytes.count) bytes)")
        let attachment = try tx.db.queryOne("SELECT * FROM hazards_attachments WHERE id = ?", [stored.id])
        return attachment.map(HazardView.attachment) ?? .null
    }

    /// An attachment's bytes, if the hazard is in the actor's scope.
    public func attachment(_ hazardID: Int64, _ attachmentID: Int64, actor: Actor, _ db: Connection) throws -> (name: String, mediaType: String, bytes: [UInt8]) {
        _ = try HazardStore.require(hazardID, actor: actor, db)
        guard let row = try db.queryOne("SELECT a.name, a.media_type, b.bytes FROM hazards_attachments a JOIN hazards_blobs b ON b.sha256 = a.sha256 WHERE a.id = ? AND a.hazard_id = ?", [attachmentID, hazardID]) else {
            throw DomainError.notFound("附件", "attachment", String(attachmentID))
        }
        return (row.requiredString("name"), row.requiredString("media_type"), row.blob("bytes") ?? [])
    }
}
