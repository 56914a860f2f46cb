// An inspector sees the territories its supervision group covers this quarter. Supervision
// publishes the coverage; the kernel keeps its own copy (it never reads Supervision's tables).

public enum InspectorCoverage {
    /// The kernel's subscriber that keeps `access_group_coverage` in step with Supervision.
    public static let subscription = Subscription.on(GroupCoverageSet.self, id: "kernel.inspector-coverage") { coverage, event, tx in
        try tx.db.execute("DELETE FROM access_group_coverage WHERE group_id = ? AND quarter = ?", [coverage.groupId, coverage.quarter])
        for territory in Set(coverage.territoryIds).sorted() {
            try tx.db.execute("INSERT OR IGNORE INTO access_group_coverage (group_id, quarter, territory_id) SELECT ?, ?, id FROM registry_territories WHERE id = ?",
                              [coverage.groupId, coverage.quarter, territory])
        }
        try tx.audit(action: "access.group_coverage", entity: "group", entityID: String(coverage.groupId),
                     after: .object(["quarter": .string(coverage.quarter), "territories": .array(coverage.territoryIds.map { JSON.int($0) })]),
                     summary: "group \(coverage.groupId) covers \(coverage.territoryIds.count) territories in \(coverage.quarter) (event \(event.id))")
    }

    /// `2024-Q2` for a date.
    public static func quarter(of date: CalendarDate) -> String { Quarter(containing: date).text }

    /// The territories group `groupID` covers in the quarter of `today`.
    public static func territories(group groupID: Int64, today: CalendarDate, _ db: Connection) throws -> Set<Int64> {
        Set(try db.query("SELECT territory_id FROM access_group_coverage WHERE group_id = ? AND quarter = ?", [groupID, quarter(of: today)])
            .compactMap { $0.int("territory_id") })
    }
}
