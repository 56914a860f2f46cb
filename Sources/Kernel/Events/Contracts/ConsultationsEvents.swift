// Published by Consultations (会商研判).

/// A meeting decision with a lead unit and a deadline: Responsibilities turns it into a task.
public struct DecisionRecorded: EventContract {
    public static let type = "consultations.decision.recorded"
    public var decisionId: Int64
    public var meetingId: Int64
    public var text: String
    public var leadUnitId: Int64
    public var leadUnitKind: String
    public var deadline: CalendarDate
    public init(decisionId: Int64, meetingId: Int64, text: String, leadUnitId: Int64, leadUnitKind: String, deadline: CalendarDate) {
        self.decisionId = decisionId
        self.meetingId = meetingId
        self.text = text
        self.leadUnitId = leadUnitId
        self.leadUnitKind = leadUnitKind
        self.deadline = deadline
    }
}

/// A body that must meet each quarter ended the quarter without the meeting.
public struct MeetingMissing: EventContract {
    public static let type = "consultations.meeting.missing"
    public var body: String
    public var bodyKind: String
    public var bodyId: Int64?
    public var kind: String
    public var quarter: String
    public init(body: String, bodyKind: String, bodyId: Int64?, kind: String, quarter: String) {
        self.body = body
        self.bodyKind = bodyKind
        self.bodyId = bodyId
        self.kind = kind
        self.quarter = quarter
    }
}
