// 群众举报: anonymous intake answered with a receipt key (256 random bits, kept only as its hash)
// that alone lets the reporter follow progress and say "not fixed". The reporter's contact is
// readable only with the grant `tipoffs.contact.read`, and never appears in lists, exports,
// events, audit records or logs.
import Foundation
import Kernel

public struct TipOffService: Sendable {
    public static let contactGrant = "tipoffs.contact.read"
    let settings: HazardsSettings
    var hazards: HazardService { HazardService(settings: settings) }

    public init(settings: HazardsSettings = HazardsSettings()) { self.settings = settings }

    static func receiptHash(_ key: String) -> String { Crypto.sha256Hex("anwei-tipoff-receipt:" + key) }

    /// Takes a tip-off: text, place, optional territory, contact and photos. Returns the receipt key.
    public func submit(_ values: Given, _ tx: WriteTransaction) throws -> JSON {
        var given = values
        let text = given.text("text", required: true, max: settings.maxTipOffTextCharacters)
        let place = given.text("place", required: true, max: 200)
        let contact = given.text("contact", max: 100)
        var territoryID: Int64?
        if let territory = given.text("territory_id") {
            territoryID = try RegistryLookup.resolve("registry_territories", territory, tx.db)
            if territoryID == nil { given.fail("territory_id", "unknown", "no territory \(territory)") }
        }
        var photos: [(name: String, type: String, bytes: [UInt8])] = []
        let attachments = AttachmentService(settings: settings)
        if let list = given.values["photos"], list != .null {
            guard case .array(let items) = list else { throw DomainError.validation([FieldError("photos", "type", "photos must be a list of {name, media_type, content_base64}")]) }
            if items.count > settings.maxTipOffPhotos {
                given.fail("photos", "too_many", "at most \(settings.maxTipOffPhotos) photos, got \(items.count)")
            } else {
                for (index, item) in items.enumerated() {
                    let field = "photos[\(index)]"
                    let bytes = try AttachmentService.decode(item["content_base64"]?.stringValue, field: field)
                    let name = item["name"]?.stringValue ?? "photo-\(index + 1)"
                    let type = try attachments.check(name: name, declaredType: item["media_type"]?.stringValue, bytes: bytes, field: field)
                    guard type.hasPrefix("image/") else { throw DomainError.validation([FieldError(field, "type", "\(name) is not a photo (JPEG or PNG)")]) }
                    photos.append((name, type, bytes))
                }
            }
        }
        try given.check()
        let key = Crypto.base64URL(Crypto.randomBytes(32))
        try tx.db.execute("""
            INSERT INTO hazards_tipoffs (receipt_hash, text, place, territory_id, contact, status, received_at, version, updated_at)
            VALUES (?, ?, ?, ?, ?, 'received', ?, 1, ?)
            """, [Self.receiptHash(key), text ?? "", place ?? "", territoryID, contact, tx.nowText, tx.nowText])
        let id = tx.db.lastInsertRowID
        for photo in photos {
            _ = try attachments.store(name: photo.name, mediaType: photo.type, bytes: photo.bytes, hazardID: nil, tipOffID: id, actionID: nil, tx)
        }
        try tx.audit(action: "hazards.tipoff.submit", entity: "tipoff", entityID: String(id),
                     after: .object(["place": JSON(place), "territory_id": JSON(territoryID), "photos": .int(Int64(photos.count))]),
                     summary: "tip-off \(id) received")
        return .object([
            "receipt_key": .string(key),
            "status": "received",
            "received_at": .string(tx.nowText),
            "message": "请妥善保存回执码：凭此码查询办理进度，或反馈“未整改”。",
        ])
    }

    /// The tip-off a receipt key opens (404 for any other key: keys are not guessable).
    func byKey(_ key: String?, _ db: Connection) throws -> Row {
        guard let key = key?.trimmingCharacters(in: .whitespaces), key.count >= 16,
              let row = try db.queryOne("SELECT * FROM hazards_tipoffs WHERE receipt_hash = ?", [Self.receiptHash(key)]) else {
            throw DomainError(.notFound, "no tip-off with this receipt key")
        }
        return row
    }

    /// What the reporter may see: the progress, never officials' names or other reports.
    public func progress(key: String?, _ db: Connection) throws -> JSON {
        let row = try byKey(key, db)
        var hazard: JSON = .null
        if let hazardID = row.int("hazard_id"), let h = try db.queryOne("SELECT code, status, deadline, closed_on, merged_into_id FROM hazards_hazards WHERE id = ?", [hazardID]) {
            let status = HazardStatus(rawValue: h.requiredString("status")) ?? .reported
            hazard = .object([
                "code": .string(h.requiredString("code")), "status": .string(status.rawValue), "status_label": .string(status.chinese),
                "deadline": .string(h.requiredString("deadline")), "closed_on": JSON(h.string("closed_on")),
            ])
        }
        return .object([
            "status": .string(row.requiredString("status")),
            "received_at": .string(row.requiredString("received_at")),
            "place": .string(row.requiredString("place")),
            "dismiss_reason": JSON(row.string("dismiss_reason")),
            "reward_decision": JSON(row.string("reward_decision")),
            "hazard": hazard,
            "can_say_not_fixed": .bool(hazard["status"]?.stringValue == HazardStatus.closed.rawValue),
        ])
    }

    /// The reporter says the hazard is not fixed: a closed hazard reopens, keeping its history.
    public func notFixed(key: String?, _ values: Given, _ tx: WriteTransaction) throws -> JSON {
        var given = values
        let row = try byKey(key, tx.db)
        let note = given.text("note", max: 1000)
        try given.check()
        guard let hazardID = row.int("hazard_id") else {
            throw DomainError(.conflict, "this tip-off is \(row.requiredString("status")) and not linked to a hazard; nothing to reopen",
                              extra: [JSON.Member("current_state", .string(row.requiredString("status"))), JSON.Member("allowed_actions", JSON([String]()))])
        }
        var target = hazardID
        // Follow merges to the hazard that carries on.
        while let merged = try tx.db.queryOne("SELECT merged_into_id FROM hazards_hazards WHERE id = ? AND status = 'merged'", [target])?.int("merged_into_id") { target = merged }
        let status = try tx.db.queryOne("SELECT status FROM hazards_hazards WHERE id = ?", [target])?.string("status") ?? ""
        guard status == HazardStatus.closed.rawValue else {
            throw DomainError(.conflict, "the hazard is \(status) (\(HazardStatus(rawValue: status)?.chinese ?? status)), not closed: it is still being dealt with",
                              extra: [JSON.Member("current_state", .string(status)), JSON.Member("allowed_actions", JSON([String]()))])
        }
        _ = try hazards.perform(.reopen, on: target, Given(["reason": .string("群众反馈未整改" + (note.map { "：" + $0 } ?? ""))]), actingAs: .system("hazards.tipoffs"), tx)
        try tx.db.execute("UPDATE hazards_tipoffs SET not_fixed_count = not_fixed_count + 1, version = version + 1, updated_at = ? WHERE id = ?", [tx.nowText, row.requiredInt("id")])
        try tx.audit(action: "hazards.tipoff.not_fixed", entity: "tipoff", entityID: String(row.requiredInt("id")), summary: "reporter says hazard \(target) is not fixed; reopened")
        return try progress(key: key, tx.db)
    }
}
