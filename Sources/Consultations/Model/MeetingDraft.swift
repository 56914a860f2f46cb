// A meeting as given, checked and resolved against the registry, ready to be written.
import Kernel

struct MeetingDraft {
    var kind: MeetingKind
    var groupID: Int64?
    var title: String
    var heldOn: CalendarDate
    var adHoc: Bool
    var convener: String
    var convenerUnitID: Int64?
    var venue: String?
    var agenda: [String]
    var minutes: String
    var attendees: [AttendeeDraft]
    var risks: [RiskDraft]
    var decisions: [DecisionDraft]
    var attachments: [AttachmentDraft]
}

struct AttendeeDraft {
    var body: BodyRef?
    var personName: String?
    var role: String?
    var present: Bool
    var note: String?
}

struct RiskDraft {
    var area: String
    var level: RiskLevel
    var description: String
    var measures: String?
    var bodies: [BodyRef]
}

/// 决定事项: tracked (a task) when it has a lead body and a deadline; otherwise only noted.
struct DecisionDraft {
    var text: String
    var lead: BodyRef?
    var deadline: CalendarDate?
    var isTracked: Bool { lead != nil && deadline != nil }
}

struct AttachmentDraft {
    var name: String
    var mediaType: String
    var content: [UInt8]
}
