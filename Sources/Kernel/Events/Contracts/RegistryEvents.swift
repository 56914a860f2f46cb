// Published by the kernel's registry.

/// An enterprise was created or changed (`fields` names what changed).
public struct EnterpriseChanged: EventContract {
    public static let type = "registry.enterprise.changed"
    public var enterpriseId: Int64
    public var change: String
    public var fields: [String]
    public init(enterpriseId: Int64, change: String, fields: [String]) {
        self.enterpriseId = enterpriseId
        self.change = change
        self.fields = fields
    }
}
