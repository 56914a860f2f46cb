// A body that must meet every quarter: the body of a required kind, or one special leading group.
import Kernel

public struct RequiredBody: Sendable, Hashable {
    public var kind: MeetingKind
    public var groupID: Int64?
    public var name: String

    /// Stable key: `kind:riskConsultation`, `group:3`.
    public var key: String { groupID.map { "group:\($0)" } ?? "kind:\(kind.code)" }

    /// The agenda subject of this body missing its meeting in `quarter`.
    func missingSubject(_ quarter: Quarter) -> String { "missing:\(key):\(quarter.text)" }

    static func of(kind: MeetingKind, groupID: Int64?, _ names: RegistryNames) throws -> RequiredBody {
        RequiredBody(kind: kind, groupID: groupID, name: groupID == nil ? kind.bodyName : try names.groupName(groupID))
    }
}
