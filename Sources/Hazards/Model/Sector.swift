// Sectors of hazards: the registry's industries plus the public-facing sectors that get their own
// views (campus, hospital, gas, self-built houses, traffic) and fire safety.
import Kernel

public enum Sector {
    /// Code, Chinese label, public-facing.
    public static let extra: [(code: String, label: String, publicFacing: Bool)] = [
        ("campus", "校园", true),
        ("hospital", "医院", true),
        ("selfBuiltHouse", "自建房", true),
        ("traffic", "交通", true),
        ("fire", "消防", false),
    ]

    /// Public-facing sectors (gas is also one of the registry's industries).
    public static let publicFacing: Set<String> = Set(extra.filter(\.publicFacing).map(\.code)).union(["gas"])

    public static var codes: [String] { Industry.all.map(\.code) + extra.map(\.code) }

    /// Every sector's code with its Chinese label, for a declared choice (either is accepted).
    public static var choices: [(code: String, label: String)] {
        Industry.all.map { ($0.code, $0.label) } + extra.map { ($0.code, $0.label) }
    }

    public static func isKnown(_ code: String) -> Bool { codes.contains(code) }

    public static func label(_ code: String) -> String {
        extra.first { $0.code == code }?.label ?? Industry.label(code)
    }
}
