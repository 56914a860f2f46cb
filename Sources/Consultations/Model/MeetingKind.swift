// A kind of meeting (configuration): whose meeting it is and from which quarter it is required.
import Kernel

public struct MeetingKind: Sendable, Hashable {
    public var id: Int64
    public var code: String
    public var name: String
    public var bodyKind: BodyKind
    public var bodyName: String
    /// Required every quarter from this quarter on (nil: held as needed).
    public var requiredFrom: Quarter?
    public var version: Int64

    init(row: Row) {
        id = row.requiredInt("id")
        code = row.requiredString("code")
        name = row.requiredString("name")
        bodyKind = BodyKind(rawValue: row.requiredString("body_kind")) ?? .office
        bodyName = row.requiredString("body_name")
        requiredFrom = row.string("required_from").flatMap { Quarter(text: $0) }
        version = row.requiredInt("version")
    }

    public var json: JSON {
        .object([
            "id": .int(id), "code": .string(code), "name": .string(name), "body_kind": .string(bodyKind.rawValue),
            "body_name": .string(bodyName), "required_each_quarter": .bool(requiredFrom != nil),
            "required_from": JSON(requiredFrom?.text), "version": .int(version),
        ])
    }
}
