// The dated history behind "as of a day" (issue 19 item 13): every state a certificate has been
// in (issued, reviewed, failed review, revoked) and every exam attempt of a training, written by
// the services beside the row they change, so a past day reads what was in force then — the same
// bytes whatever was recorded, and whatever `anwei tick` did, after it.
import Kernel

enum TrainingHistory {
    /// The certificate columns an event repeats (the row as it stood after the event).
    static let stateColumns = ["valid_to", "review_base_on", "last_reviewed_on", "compliant_since", "invalid_reason", "version", "updated_at"]

    private static let eventColumns = "certificate_id, kind, effective_on, valid_to, review_base_on, last_reviewed_on, compliant_since, invalid_reason, version, updated_at, recorded_at"

    // MARK: - Certificates

    /// Records the state certificate `id` is in now (just changed), in force from `on`. Call
    /// `baseline` before changing the row, so a certificate without a history keeps its earlier state.
    static func certificateEvent(_ id: Int64, _ kind: String, on: CalendarDate, _ tx: WriteTransaction) throws {
        try tx.db.execute("""
            INSERT INTO training_certificate_events (\(eventColumns))
            SELECT id, ?, max(issued_on, ?), valid_to, review_base_on, last_reviewed_on, compliant_since, invalid_reason, version, updated_at, ?
            FROM training_certificates WHERE id = ?
            """, [kind, on.iso, tx.nowText, id])
    }

    /// Gives a certificate with no history (written before the history was kept, or by the demo's
    /// own SQL) the history its row implies, as the migration does for every certificate.
    static func baseline(certificate id: Int64, _ db: Connection) throws {
        if try db.queryOne("SELECT 1 FROM training_certificate_events WHERE certificate_id = ? LIMIT 1", [id]) != nil { return }
        try db.execute("""
            INSERT INTO training_certificate_events (\(eventColumns))
            SELECT c.id, 'issued', c.issued_on,
                CASE WHEN c.review_base_on IS NULL THEN c.valid_to
                     ELSE min(c.valid_to, date(c.issued_on, '+' || CASE c.type WHEN 'specialOperation' THEN 6 ELSE 4 END || ' years')) END,
                NULL, NULL, c.compliant_since, NULL,
                CASE WHEN c.review_base_on IS NULL AND c.invalid_reason IS NULL THEN c.version ELSE 1 END,
                CASE WHEN c.review_base_on IS NULL AND c.invalid_reason IS NULL THEN c.updated_at ELSE c.created_at END,
                c.created_at
            FROM training_certificates c WHERE c.id = ?
            """, [id])
        try db.execute("""
            INSERT INTO training_certificate_events (\(eventColumns))
            SELECT c.id, 'reviewed', r.on_day, c.valid_to, c.review_base_on, r.on_day, c.compliant_since, NULL,
                CASE WHEN c.invalid_reason IS NULL THEN c.version ELSE max(c.version - 1, 1) END,
                CASE WHEN c.invalid_reason IS NULL THEN c.updated_at ELSE c.created_at END,
                c.created_at
            FROM training_certificates c
            JOIN (SELECT id, max(issued_on, CASE WHEN invalid_reason LIKE '复审不合格%' THEN min(review_base_on, coalesce(last_reviewed_on, review_base_on))
                                                 ELSE coalesce(last_reviewed_on, review_base_on) END) AS on_day
                  FROM training_certificates) r ON r.id = c.id
            WHERE c.review_base_on IS NOT NULL AND c.id = ?
            """, [id])
        try db.execute("""
            INSERT INTO training_certificate_events (\(eventColumns))
            SELECT c.id, CASE WHEN c.invalid_reason LIKE 'revoked:%' THEN 'revoked' ELSE 'reviewFailed' END,
                max(c.issued_on, CASE WHEN c.invalid_reason LIKE 'revoked:%' THEN date(c.updated_at, '+8 hours')
                                      ELSE coalesce(c.last_reviewed_on, date(c.updated_at, '+8 hours')) END),
                c.valid_to, c.review_base_on, c.last_reviewed_on, c.compliant_since, c.invalid_reason, c.version, c.updated_at, c.updated_at
            FROM training_certificates c WHERE c.invalid_reason IS NOT NULL AND c.id = ?
            """, [id])
    }

    /// Every certificate without a history gets the one its row implies (the demo's certificates).
    static func baselineAll(_ db: Connection) throws {
        let ids = try db.query("""
            SELECT id FROM training_certificates c WHERE NOT EXISTS (SELECT 1 FROM training_certificate_events h WHERE h.certificate_id = c.id) ORDER BY id
            """).map { $0.requiredInt("id") }
        for id in ids { try baseline(certificate: id, db) }
    }

    /// The certificate `row` as it stood on `day`: nil if not yet issued; the row itself when
    /// nothing in its history happened after `day` (today's answer never changes); otherwise
    /// the row with its dates, reasons and version from the last event on or before `day`.
    static func certificate(_ row: Row, on day: CalendarDate, _ db: Connection) throws -> Row? {
        try certificate(row, on: day, changedAfter: nil, db)
    }

    /// `certificate(_:on:_:)` when `changedAfter` (from `certificatesChanged(after:)`) names every
    /// certificate with an event after `day`: one not in it is its row, without reading its history.
    static func certificate(_ row: Row, on day: CalendarDate, changedAfter: Set<Int64>?, _ db: Connection) throws -> Row? {
        guard let issued = row.string("issued_on"), issued <= day.iso else { return nil }
        if let changedAfter, !changedAfter.contains(row.requiredInt("id")) { return row }
        let events = try db.query("""
            SELECT * FROM training_certificate_events WHERE certificate_id = ? ORDER BY effective_on, id
            """, [row.requiredInt("id")])
        return certificate(row, on: day, events: events)
    }

    /// The certificates `rows` as they stood on `day` (those issued by then), their histories read
    /// together (one query per 500 certificates instead of one per certificate: a roll-up judges
    /// every special-operation certificate of the district, 24,000 at ten years).
    /// `changedAfter` (from `certificatesChanged(after:)`): only those certificates' histories are read;
    /// the others are their rows.
    static func certificates(_ rows: [Row], on day: CalendarDate, changedAfter: Set<Int64>? = nil, _ db: Connection) throws -> [Row] {
        let issued = rows.filter { ($0.string("issued_on")).map { $0 <= day.iso } ?? false }
        var events: [Int64: [Row]] = [:]
        let withHistory = issued.map { $0.requiredInt("id") }.filter { changedAfter?.contains($0) ?? true }
        for chunk in TrainingStore.chunks(withHistory.sorted()) {
            try db.forEachRow("""
                SELECT certificate_id, effective_on, id, \(stateColumns.joined(separator: ", ")) FROM training_certificate_events
                WHERE certificate_id IN (\(chunk.placeholders)) ORDER BY certificate_id, effective_on, id
                """, chunk.ids) { events[$0.requiredInt("certificate_id"), default: []].append($0) }
        }
        return issued.compactMap { certificate($0, on: day, events: events[$0.requiredInt("id")] ?? []) }
    }

    /// The certificate `row` (issued by `day`) on `day`, from its history `events` in (effective_on, id) order.
    static func certificate(_ row: Row, on day: CalendarDate, events: [Row]) -> Row? {
        guard events.contains(where: { ($0.string("effective_on") ?? "") > day.iso }),
              let then = events.last(where: { ($0.string("effective_on") ?? "") <= day.iso }) else { return row }
        let values = zip(row.columns, row.values).map { column, value in stateColumns.contains(column) ? then[column] : value }
        return Row(columns: row.columns, values: values)
    }

    /// The certificates with an event in their history after `day` (issue 23: the daily colour check
    /// read the history of each of ~24,000 certificates to find the few changed since the day judged).
    static func certificatesChanged(after day: CalendarDate, _ db: Connection) throws -> Set<Int64> {
        var ids = Set<Int64>()
        try db.forEachRow("SELECT DISTINCT certificate_id FROM training_certificate_events WHERE effective_on > ?", [day.iso]) {
            ids.insert($0.requiredInt("certificate_id"))
        }
        return ids
    }

    // MARK: - Exams

    static func examAttempt(record id: Int64, _ attempt: String, score: Int64, on: CalendarDate, _ tx: WriteTransaction) throws {
        try tx.db.execute("""
            INSERT INTO training_exam_attempts (record_id, attempt, score, taken_on, recorded_at) VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (record_id, attempt) DO UPDATE SET score = excluded.score, taken_on = excluded.taken_on, recorded_at = excluded.recorded_at
            """, [id, attempt, score, on.iso, tx.nowText])
    }

    /// The day each exam attempt of the given records counts from, by record and attempt.
    static func attempts(records ids: [Int64], _ db: Connection) throws -> [Int64: [String: String]] {
        var result: [Int64: [String: String]] = [:]
        for chunk in TrainingStore.chunks(ids.sorted()) {
            // By position (issue 23: ~80,000 records a day in the colour check).
            try db.forEachStatementRow("SELECT record_id, attempt, taken_on FROM training_exam_attempts WHERE record_id IN (\(chunk.placeholders))",
                                       chunk.ids.map { .integer($0) }) { row in
                result[row.int(0) ?? 0, default: [:]][row.string(1) ?? ""] = row.string(2) ?? ""
            }
        }
        return result
    }

    /// The training as it stood on `day`: a score taken after it is not there yet. A score with no
    /// dated attempt came with the record (it counts from the training's day).
    static func training(_ fact: TrainingFact, attempts: [String: String]?, on day: CalendarDate) -> TrainingFact {
        var fact = fact
        if let taken = attempts?["exam"], taken > day.iso { fact.examScore = nil; fact.makeupScore = nil }
        if let taken = attempts?["makeup"], taken > day.iso { fact.makeupScore = nil }
        return fact
    }
}
