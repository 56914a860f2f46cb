// Three-colour status (红黄绿灯): green on track, yellow due soon or behind, red overdue or far behind.
// Every colour says why. Thresholds are configuration with these defaults.

public enum StatusColour: String, Sendable, Codable, CaseIterable, Comparable {
    case green, yellow, red

    public static func < (a: StatusColour, b: StatusColour) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }

    public var chinese: String {
        switch self {
        case .green: return "绿"
        case .yellow: return "黄"
        case .red: return "红"
        }
    }
}

/// A colour and the reason for it, e.g. red: "due 2024-02-29, no completion report (rule R1)".
public struct ColourVerdict: Sendable, Hashable, Codable {
    public var colour: StatusColour
    public var reason: String
    public init(_ colour: StatusColour, _ reason: String) {
        self.colour = colour
        self.reason = reason
    }
}

/// The configurable rules behind the three colours.
public struct ColourRules: Sendable, Hashable, Codable {
    /// Yellow when due within this many days (R3).
    public var yellowDaysBefore: Int = 7
    /// Yellow when progress is behind the elapsed share of time by more than this (percentage points) (R4).
    public var behindYellowPercent: Int = 10
    /// Red when behind by more than this (R2).
    public var behindRedPercent: Int = 30

    public init() {}

    /// The colour of one obligation on `today`.
    /// - Parameters:
    ///   - start: when work could start (to compute the expected share of progress).
    ///   - due: the due date (inclusive).
    ///   - progress: reported progress in percent (0–100), nil when never reported.
    ///   - completed: whether completion was reported.
    public func verdict(today: CalendarDate, start: CalendarDate, due: CalendarDate, progress: Int?, completed: Bool) -> ColourVerdict {
        if completed { return ColourVerdict(.green, "completed") }
        if today > due {
            return ColourVerdict(.red, "overdue: due \(due.iso), no completion report (rule R1)")
        }
        let total = max(1, start.days(until: due))
        let elapsed = max(0, start.days(until: today))
        let expected = min(100, elapsed * 100 / total)
        let actual = progress ?? 0
        let behind = expected - actual
        if behind > behindRedPercent {
            return ColourVerdict(.red, "behind schedule: \(actual)% done, \(expected)% expected by \(today.iso) (rule R2, > \(behindRedPercent) points)")
        }
        let daysLeft = today.days(until: due)
        if daysLeft <= yellowDaysBefore {
            return ColourVerdict(.yellow, "due soon: due \(due.iso), \(daysLeft) day(s) left (rule R3, ≤ \(yellowDaysBefore) days)")
        }
        if behind > behindYellowPercent {
            return ColourVerdict(.yellow, "behind schedule: \(actual)% done, \(expected)% expected by \(today.iso) (rule R4, > \(behindYellowPercent) points)")
        }
        return ColourVerdict(.green, "on track: due \(due.iso), \(daysLeft) day(s) left")
    }
}
