// What a scheduled check already fired (`kernel_fired_thresholds`), read once for a whole run
// (issue 23: at ten years a check asked the table once per candidate and threshold — 55,000
// overdue hazards, 4 thresholds each, ~7,000 instructions a probe — where one pass over the
// check's ~150,000 marks costs ~1,000 each). A check skips what this says it fired and still
// marks the rest with `fireOnce`, so what it publishes is the same: a mark read here exists for
// the whole transaction (only the writer adds marks, and none are deleted).
public struct FiredThresholds {
    /// The bit standing for each threshold read (the first 64 distinct ones).
    private var bits: [String: UInt64] = [:]
    /// Each subject's thresholds that have a bit.
    private var masks: [String: UInt64] = [:]
    /// The marks whose threshold has no bit: subject, U+001F, threshold.
    private var others: Set<String> = []

    /// How many marks were read.
    public private(set) var count = 0

    /// Whether the check fired `threshold` for `subject`.
    public func contains(subject: String, threshold: String) -> Bool {
        if let bit = bits[threshold] { return (masks[subject] ?? 0) & bit != 0 }
        return !others.isEmpty && others.contains(subject + "\u{1F}" + threshold)
    }

    /// Every mark of `check`.
    public static func read(check: String, _ db: Connection) throws -> FiredThresholds {
        var fired = FiredThresholds()
        // The key's order gives a subject's marks one after another: its mask is stored once.
        var subject = "", mask: UInt64 = 0
        try db.forEachStatementRow("SELECT subject, threshold FROM kernel_fired_thresholds WHERE check_id = ? ORDER BY subject", [.text(check)]) { row in
            let next = String(decoding: row.text(0), as: UTF8.self)
            if next != subject {
                if mask != 0 { fired.masks[subject, default: 0] |= mask }
                subject = next
                mask = 0
            }
            let threshold = String(decoding: row.text(1), as: UTF8.self)
            if let bit = fired.bits[threshold] {
                mask |= bit
            } else if fired.bits.count < 64 {
                let bit = UInt64(1) << UInt64(fired.bits.count)
                fired.bits[threshold] = bit
                mask |= bit
            } else {
                fired.others.insert(subject + "\u{1F}" + threshold)
            }
            fired.count += 1
        }
        if mask != 0 { fired.masks[subject, default: 0] |= mask }
        return fired
    }
}

extension WriteTransaction {
    /// Every threshold `check` fired so far (see `FiredThresholds`).
    public func firedThresholds(check: String) throws -> FiredThresholds {
        try FiredThresholds.read(check: check, db)
    }
}
