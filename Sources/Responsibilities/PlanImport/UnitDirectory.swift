// 单位名录(由服务从登记库读出后以普通数据传入):成员单位、镇/景区/开发区、专项领导小组办公室所在单位。

/// The registry as plain data, for matching the names written in a plan.
public struct UnitDirectory: Sendable {
    public struct Entry: Sendable, Hashable {
        public var id: Int64
        public var name: String
        public var aliases: [String]

        public init(id: Int64, name: String, aliases: [String] = []) {
            self.id = id
            self.name = name
            self.aliases = aliases
        }
    }

    /// Member units (成员单位), including the committee office (区安委办).
    public var units: [Entry]
    /// Towns, scenic areas and development zones.
    public var territories: [Entry]
    /// Units hosting the special leading groups' offices (专项领导小组办公室所在单位).
    public var specialGroupHostUnitIDs: [Int64]

    public init(units: [Entry], territories: [Entry], specialGroupHostUnitIDs: [Int64]) {
        self.units = units
        self.territories = territories
        self.specialGroupHostUnitIDs = specialGroupHostUnitIDs
    }
}

/// A registry unit a clause makes responsible.
public struct ResolvedUnit: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    /// "unit" or "territory".
    public var kind: String
    public var role: UnitRole
    /// The phrase it came from, e.g. "区安委会各成员单位" or the name itself.
    public var via: String

    public init(id: Int64, name: String, kind: String, role: UnitRole, via: String) {
        self.id = id
        self.name = name
        self.kind = kind
        self.role = role
        self.via = via
    }
}

/// A name in a clause that matches nothing in the registry: reported, never dropped or invented.
public struct UnresolvedName: Sendable, Hashable, Codable {
    public var text: String
    public var line: Int

    public init(text: String, line: Int) {
        self.text = text
        self.line = line
    }
}

/// A phrase that is understood but names no definite set (e.g. "各有关部门"): not an error, nothing expanded.
public struct ResolutionNote: Sendable, Hashable, Codable {
    public var text: String
    public var line: Int
    public var message: String

    public init(text: String, line: Int, message: String) {
        self.text = text
        self.line = line
        self.message = message
    }
}

/// "区安委会有关成员单位", "有关部门", "相关单位": the relevant units, which the office designates (待明确).
public struct PendingDesignation: Sendable, Hashable, Codable {
    public var phrase: String
    public var role: UnitRole
    public var line: Int

    public init(phrase: String, role: UnitRole, line: Int) {
        self.phrase = phrase
        self.role = role
        self.line = line
    }
}

/// Everything resolving a clause's phrases gives.
public struct UnitResolution: Sendable, Hashable, Codable {
    public var units: [ResolvedUnit]
    public var unresolved: [UnresolvedName]
    public var notes: [ResolutionNote]
    /// Phrases naming the relevant units, to be designated by the office.
    public var toDesignate: [PendingDesignation] = []
}
