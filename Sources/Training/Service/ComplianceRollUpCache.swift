// The roll-ups of compliance by territory and by industry judge every person of the district (at
// ten years 100,000 people, 1.3 s a request). A server keeps the rows it answered, each with what
// it was asked (roll-up, year, day, filters, the asker's scope) and the count of changes to what
// the judgement reads (`training_changes`, kept by the triggers of Training 009) read in the
// same snapshot; a request finding the same key answers those rows. Any change to a person, a
// record, an attempt, a certificate or its history, a ban, or an enterprise's territory, unit,
// industry or risk moves the count; another day is another key: the judgement is made again.
import Kernel

final class ComplianceRollUpCache: Sendable {
    struct Key: Hashable {
        var changes: Int64
        var by: String
        var year: Int
        var today: CalendarDate
        var territory: Int64?
        var industry: String?
        var enterprise: Int64?
        /// The asker's scope as SQL with its arguments (nil: every enterprise).
        var scope: String?
    }

    /// Rows of this many keys are kept (a few roll-ups, days and scopes); the oldest goes first.
    static let capacity = 32

    private let kept = Locked<[(key: Key, rows: [JSON])]>([])

    init() {}

    /// The count of changes as `db` sees it now.
    static func changes(_ db: Connection) throws -> Int64 {
        try db.scalarInt("SELECT n FROM training_changes WHERE id = 1")
    }

    /// The rows kept for `key`, or those `make` gives, kept.
    func rows(_ key: Key, _ make: () throws -> [JSON]) rethrows -> [JSON] {
        if let found = kept.withLock({ entries in entries.first { $0.key == key }?.rows }) { return found }
        let rows = try make()
        kept.withLock { entries in
            entries.removeAll { $0.key == key }
            entries.append((key, rows))
            if entries.count > Self.capacity { entries.removeFirst(entries.count - Self.capacity) }
        }
        return rows
    }
}
