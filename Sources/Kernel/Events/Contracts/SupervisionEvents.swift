// Published by Supervision (督导).

/// A finding was recorded. With `isHazard`, Hazards creates a hazard (source = this finding);
/// with `wantsTask`, Responsibilities creates a task for the responsible unit.
public struct FindingRecorded: EventContract {
    public static let type = "supervision.finding.recorded"
    public var findingId: Int64
    public var inspectionId: Int64
    public var text: String
    public var severity: String
    public var isHazard: Bool
    public var hazardGrade: String?
    public var sector: String?
    public var enterpriseId: Int64?
    public var territoryId: Int64?
    public var responsibleUnitId: Int64?
    public var deadline: CalendarDate?
    public var wantsTask: Bool
    /// A town (territory) answerable for the finding, when the responsible party is a town, not a unit:
    /// with `wantsTask`, Responsibilities makes the task that town's.
    public var responsibleTerritoryId: Int64?
    public init(findingId: Int64, inspectionId: Int64, text: String, severity: String, isHazard: Bool, hazardGrade: String?, sector: String?,
                enterpriseId: Int64?, territoryId: Int64?, responsibleUnitId: Int64?, deadline: CalendarDate?, wantsTask: Bool,
                responsibleTerritoryId: Int64? = nil) {
        self.responsibleTerritoryId = responsibleTerritoryId
        self.findingId = findingId
        self.inspectionId = inspectionId
        self.text = text
        self.severity = severity
        self.isHazard = isHazard
        self.hazardGrade = hazardGrade
        self.sector = sector
        self.enterpriseId = enterpriseId
        self.territoryId = territoryId
        self.responsibleUnitId = responsibleUnitId
        self.deadline = deadline
        self.wantsTask = wantsTask
    }
}

/// An instrument of the enforcement ladder was issued (催办 … 提级调查).
public struct InstrumentIssued: EventContract {
    public static let type = "supervision.instrument.issued"
    public var instrumentId: Int64
    public var kind: String
    public var number: String
    public var targetKind: String
    public var targetId: Int64
    public var reason: String
    public var followUpDeadline: CalendarDate?
    /// The hazard a 挂牌督办 (listedSupervision) instrument lists: Hazards marks it listed.
    public var hazardId: Int64?
    /// The instrument's own date (文书日期), when the publisher gives it; else the event's day.
    public var issuedOn: CalendarDate?
    public init(instrumentId: Int64, kind: String, number: String, targetKind: String, targetId: Int64, reason: String, followUpDeadline: CalendarDate?,
                hazardId: Int64? = nil, issuedOn: CalendarDate? = nil) {
        self.hazardId = hazardId
        self.issuedOn = issuedOn
        self.instrumentId = instrumentId
        self.kind = kind
        self.number = number
        self.targetKind = targetKind
        self.targetId = targetId
        self.reason = reason
        self.followUpDeadline = followUpDeadline
    }
}

/// A quarter ended with a territory not visited by its group.
public struct VisitMissing: EventContract {
    public static let type = "supervision.visit.missing"
    public var groupId: Int64
    public var territoryId: Int64
    public var quarter: String
    public init(groupId: Int64, territoryId: Int64, quarter: String) {
        self.groupId = groupId
        self.territoryId = territoryId
        self.quarter = quarter
    }
}

/// Which territories a supervision group covers in a period (so inspectors' scope can follow it).
public struct GroupCoverageSet: EventContract {
    public static let type = "supervision.group.coverage_set"
    public var groupId: Int64
    public var quarter: String
    public var territoryIds: [Int64]
    public init(groupId: Int64, quarter: String, territoryIds: [Int64]) {
        self.groupId = groupId
        self.quarter = quarter
        self.territoryIds = territoryIds
    }
}
