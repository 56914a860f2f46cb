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

    /// A new receipt key: 256 random bits in base64url, never starting with "-" (one key in 64 did,
    /// and a reporter's `anwei hazards tipoffs … --key -abc…` read it as an option). Drawn again
    /// when it would; what the key holds is unchanged.
    static func newReceiptKey() -> String {
        while true {
            let key = Crypto.base64URL(Crypto.randomBytes(32))
            if !key.hasPrefix("-") { return key }
        }
    }

    static func receiptHash(_ key: String) -> String { Crypto.sha256Hex("anwei-tipoff-receipt:" + key) }

    /// Takes a tip-off: what `TipOffInput.submit` read (text, place, optional territory, contact
    /// and photos). Returns the receipt key.
    public func submit(_ values: Values, _ tx: WriteTransaction) throws -> JSON {
        let text = values.text("text") ?? "", place = values.text("place") ?? ""
        let contact = values.text("contact")
        let territoryID = values.id("territory_id")
        var photos: [(name: String, type: String, bytes: [UInt8])] = []
        let attachments = AttachmentService(settings: settings)
        for (index, photo) in values.objects("photos").enumerated() {
            let field = "photos[\(index)]"
            let name = photo.text("name") ?? "photo-\(index + 1)"
            let bytes = try AttachmentService.decode(photo.text("content_base64") ?? "", field: "\(field).content_base64")
            let type = try attachments.check(name: name, declaredType: photo.text("media_type"), bytes: bytes, field: field)
            guard type.hasPrefix("image/") else { throw DomainError.validation([FieldError(field, "not_a_photo", "\(name) 不是照片（JPEG 或 PNG）(not a photo)")]) }
            photos.append((name, type, bytes))
        }
        let key = Self.newReceiptKey()
        try tx.db.execute("""
            INSERT INTO hazards_tipoffs (receipt_hash, text, place, territory_id, contact, status, received_at, version, updated_at)
            VALUES (?, ?, ?, ?, ?, 'received', ?, 1, ?)
            """, [Self.receiptHash(key), text, place, territoryID, contact, tx.nowText, tx.nowText])
        let id = tx.db.lastInsertRowID
        for photo in photos {
            _ = try attachments.store(name: photo.name, mediaType: photo.type, bytes: photo.bytes, hazardID: nil, tipOffID: id, actionID: nil, tx)
        }
        try tx.audit(action: "hazards.tipoff.submit", entity: "tipoff", entityID: String(id),
                     after: .object(["place": .string(place), "territory_id": JSON(territoryID), "photos": .int(Int64(photos.count))]),
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
            throw DomainError(.notFound, "没有与此回执码对应的举报，请核对回执码 (no tip-off with this receipt key)")
        }
        return row
    }

    /// What the reporter may see: the progress, never officials' names or other reports.
    public func progress(key: String?, _ db: Connection) throws -> JSON { try progress(try byKey(key, db), db) }

    /// The progress of the tip-off `row` (what `byKey` found).
    /// A merged hazard is followed to the hazard that carries on: the reporter sees its progress.
    func progress(_ row: Row, _ db: Connection) throws -> JSON {
        var hazard: JSON = .null
        if let linked = row.int("hazard_id"), let hazardID = try InstrumentListing.survivor(of: linked, db),
           let h = try db.queryOne("SELECT code, status, deadline, closed_on FROM hazards_hazards WHERE id = ?", [hazardID]) {
            let status = HazardStatus(rawValue: h.requiredString("status")) ?? .reported
            var members: [JSON.Member] = [
                JSON.Member("code", .string(h.requiredString("code"))), JSON.Member("status", .string(status.rawValue)),
                JSON.Member("status_label", .string(status.chinese)), JSON.Member("deadline", .string(h.requiredString("deadline"))),
                JSON.Member("closed_on", JSON(h.string("closed_on"))),
            ]
            if hazardID != linked, let first = try db.queryOne("SELECT code FROM hazards_hazards WHERE id = ?", [linked]) {
                members.append(JSON.Member("merged_from_code", .string(first.requiredString("code"))))
            }
            hazard = .object(members)
        }
        let status = row.requiredString("status")
        let contests = row.int("contest_count") ?? 0
        return .object([
            "status": .string(status),
            "received_at": .string(row.requiredString("received_at")),
            "place": .string(row.requiredString("place")),
            "dismiss_reason": JSON(row.string("dismiss_reason")),
            "reward_decision": JSON(row.string("reward_decision")),
            "hazard": hazard,
            "can_say_not_fixed": .bool(hazard["status"]?.stringValue == HazardStatus.closed.rawValue),
            "contest_count": .int(contests),
            "contested_at": JSON(row.string("contested_at")),
            "can_contest": .bool(status == "dismissed" && contests < settings.tipOffContestsMax),
        ])
    }

    /// The reporter contests a dismissal ("it is not fixed / it is real"): the tip-off returns to
    /// triage (received), its wait counted from now; the dismissal's reason stays on record in the
    /// audit. At most `tipOffContestsMax` times per tip-off.
    public func contest(key: String?, note: String?, _ tx: WriteTransaction) throws -> JSON {
        let row = try byKey(key, tx.db)
        let id = row.requiredInt("id"), status = row.requiredString("status")
        let contests = row.int("contest_count") ?? 0
        guard status == "dismissed" else {
            throw DomainError(.conflict, "此举报当前为“\(TipOffInput.label(status))”，只有不予立案的举报可以提出异议 (only a dismissed tip-off can be contested; it is \(status))",
                              extra: [JSON.Member("current_state", .string(status)), JSON.Member("allowed_actions", JSON([String]()))])
        }
        guard contests < settings.tipOffContestsMax else {
            throw DomainError(.conflict, "此举报已提出异议 \(contests) 次，不能再提出 (contested \(contests) times already; the limit is \(settings.tipOffContestsMax))",
                              extra: [JSON.Member("current_state", .string(status)), JSON.Member("allowed_actions", JSON([String]()))])
        }
        try tx.db.execute("""
            UPDATE hazards_tipoffs SET status = 'received', contest_count = contest_count + 1, contested_at = ?, contest_note = ?,
                version = version + 1, updated_at = ? WHERE id = ?
            """, [tx.nowText, note, tx.nowText, id])
        try tx.audit(action: "hazards.tipoff.contest", entity: "tipoff", entityID: String(id),
                     before: .object(["status": .string(status), "dismiss_reason": JSON(row.string("dismiss_reason")), "triaged_by": JSON(row.string("triaged_by"))]),
                     after: .object(["status": "received", "contest_count": .int(contests + 1)]),
                     summary: "tip-off \(id): the reporter contests the dismissal; back to triage")
        let territory = try row.int("territory_id").flatMap { try tx.db.queryOne("SELECT name FROM registry_territories WHERE id = ?", [$0])?.string("name") }
        try tx.publish(TipOffContested(tipOffId: id, territoryId: row.int("territory_id")), summary: HazardSummary.tipOffContested(id: id, territory: territory))
        return try progress(try byKey(key, tx.db), tx.db)
    }

    /// The reporter says the hazard is not fixed: a closed hazard reopens, keeping its history.
    public func notFixed(key: String?, note: String?, _ tx: WriteTransaction) throws -> JSON {
        let row = try byKey(key, tx.db)
        guard let hazardID = row.int("hazard_id") else {
            throw DomainError(.conflict, "此举报未关联隐患（状态 \(row.requiredString("status"))），无可重新处理的隐患 (this tip-off is \(row.requiredString("status")) and not linked to a hazard; nothing to reopen)",
                              extra: [JSON.Member("current_state", .string(row.requiredString("status"))), JSON.Member("allowed_actions", JSON([String]()))])
        }
        var target = hazardID
        // Follow merges to the hazard that carries on.
        while let merged = try tx.db.queryOne("SELECT merged_into_id FROM hazards_hazards WHERE id = ? AND status = 'merged'", [target])?.int("merged_into_id") { target = merged }
        let status = try tx.db.queryOne("SELECT status FROM hazards_hazards WHERE id = ?", [target])?.string("status") ?? ""
        guard status == HazardStatus.closed.rawValue else {
            throw DomainError(.conflict, "隐患仍在处理中（\(HazardStatus(rawValue: status)?.chinese ?? status)），尚未销号 (the hazard is \(status), not closed: it is still being dealt with)",
                              extra: [JSON.Member("current_state", .string(status)), JSON.Member("allowed_actions", JSON([String]()))])
        }
        let reason = Values(["reason": .text("群众反馈未整改" + (note.map { "：" + $0 } ?? ""))])
        _ = try hazards.perform(.reopen, on: target, reason, actingAs: .system("hazards.tipoffs"), tx)
        try tx.db.execute("UPDATE hazards_tipoffs SET not_fixed_count = not_fixed_count + 1, version = version + 1, updated_at = ? WHERE id = ?", [tx.nowText, row.requiredInt("id")])
        try tx.audit(action: "hazards.tipoff.not_fixed", entity: "tipoff", entityID: String(row.requiredInt("id")), summary: "reporter says hazard \(target) is not fixed; reopened")
        // The row read above: not-fixed changes none of what the progress shows of the tip-off.
        return try progress(row, tx.db)
    }
}
