// Supervision's configurable numbers, with domain.md's defaults (never constants in the rules).

struct SupervisionSettings: Sendable {
    /// A planned visit turns yellow this many days before its quarter ends.
    var visitDueSoonDays = 14
    /// Enterprises drawn per territory in a 四不两直 round, when not given.
    var enterprisesPerDrawnTerritory = 2
    /// The office's name in document numbers (安委办督促〔2024〕3号).
    var officeAbbreviation = "安委办"

    static let defaults = SupervisionSettings()
}
