// A 挂牌督办 instrument (supervision.instrument.issued, kind listedSupervision) that names a hazard
// lists it: the instrument's number and date become the hazard's listing, on its timeline, audited.
// Once per instrument (a redelivered event finds its timeline entry and changes nothing). A merged
// hazard's survivor is listed; a finished (closed) hazard only records the instrument.
import Kernel

enum InstrumentListing {
    static let kind = "listedSupervision"

    static func apply(_ instrument: InstrumentIssued, event: Event, service: HazardService, _ tx: WriteTransaction) throws {
        guard instrument.kind == kind, let named = instrument.hazardId else { return }
        let db = tx.db
        guard let target = try survivor(of: named, db), let row = try HazardStore.row(target, actor: .system("hazards"), db) else { return }
        let already = try db.queryOne("""
            SELECT 1 FROM hazards_actions WHERE hazard_id = ? AND action = 'list-for-supervision' AND json_extract(details, '$.instrument_id') = ?
            """, [target, instrument.instrumentId])
        if already != nil { return }
        let date = instrument.issuedOn ?? CalendarDate(Instant.parse(event.occurredAt) ?? tx.now)
        let status = HazardStatus(rawValue: row.requiredString("status")) ?? .reported
        let level = "区级", body = "区安委办"
        var details: [JSON.Member] = [
            JSON.Member("instrument_id", .int(instrument.instrumentId)), JSON.Member("notice_number", .string(instrument.number)),
            JSON.Member("listed_on", .string(date.iso)), JSON.Member("level", .string(level)), JSON.Member("supervising_body", .string(body)),
        ]
        if target != named { details.append(JSON.Member("named_hazard_id", .int(named))) }
        var note = "挂牌督办 \(instrument.number)（督办文书，\(date.iso)）"
        if status.isOpen {
            try db.execute("""
                UPDATE hazards_hazards SET listed = 1, listing_level = ?, listing_notice_number = ?, listing_body = ?, listed_on = ?,
                    version = version + 1, updated_at = ? WHERE id = ?
                """, [level, instrument.number, body, date.iso, tx.nowText, target])
        } else {
            note += "；隐患已\(status.chinese)，不再挂牌"
            details.append(JSON.Member("listed", .bool(false)))
        }
        _ = try service.recordAction(target, HazardAction.listForSupervision.rawValue, from: status, to: status, note: note, details: .object(details), tx)
        try tx.audit(action: "hazards.list-from-instrument", entity: "hazard", entityID: String(target),
                     before: .object(["listed": .bool(row.bool("listed"))]), after: .object(["listed": .bool(status.isOpen || row.bool("listed"))]),
                     summary: "\(row.requiredString("code")): \(status.isOpen ? "listed for supervision by" : "instrument recorded,") \(instrument.number)")
    }

    /// The hazard that carries on for `id` (itself unless merged), or nil when there is none.
    static func survivor(of id: Int64, _ db: Connection) throws -> Int64? {
        var target = id
        var seen: Set<Int64> = []
        while let row = try db.queryOne("SELECT status, merged_into_id FROM hazards_hazards WHERE id = ?", [target]) {
            guard row.string("status") == HazardStatus.merged.rawValue, let next = row.int("merged_into_id"), seen.insert(target).inserted else { return target }
            target = next
        }
        return nil
    }
}
