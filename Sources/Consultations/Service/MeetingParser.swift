// Turns the JSON of a meeting (HTTP body, or what the CLI builds from its options) into a draft:
// every field checked, every name resolved, every fault reported at once.
import Foundation
import Kernel

enum MeetingParser {
    static let meetingFields: Set<String> = ["kind", "group", "title", "held_on", "ad_hoc", "convener", "convener_unit", "venue",
                                             "attendees", "absent_units", "agenda", "risks", "decisions", "minutes", "attachments"]
    /// The largest attachment kept (bytes).
    static let maximumAttachmentBytes = 5 * 1024 * 1024

    static func meeting(_ members: [String: JSON], today: CalendarDate, _ db: Connection) throws -> MeetingDraft {
        let fields = InputFields(members)
        fields.rejectUnknown(meetingFields)
        let names = RegistryNames(db: db)
        let kindText = fields.text("kind", required: true)
        var kind: MeetingKind?
        if let kindText {
            kind = try KindStore.find(kindText, db)
            if kind == nil {
                fields.fail("kind", "unknown", "no meeting kind '\(kindText)'; kinds: \(try KindStore.all(db).map(\.code).joined(separator: ", "))")
            }
        }
        var groupID: Int64?
        if let groupText = fields.text("group") {
            groupID = try names.group(groupText)
            if groupID == nil { fields.fail("group", "unknown", "no special leading group '\(groupText)'") }
        }
        if let kind {
            if kind.bodyKind == .specialGroup && groupID == nil && !fields.has("group") {
                fields.fail("group", "required", "a \(kind.code) meeting names its special leading group")
            }
            if kind.bodyKind != .specialGroup && fields.has("group") {
                fields.fail("group", "not_allowed", "only special group meetings name a group; \(kind.code) is \(kind.bodyName)'s")
            }
        }
        let heldOn = fields.date("held_on", required: true)
        if let heldOn, heldOn > today { fields.fail("held_on", "future", "\(heldOn.iso) is after today (\(today.iso)); record a meeting once it is held") }
        let adHoc = fields.bool("ad_hoc") ?? false
        let convener = fields.text("convener", required: true, maxLength: 100)
        var convenerUnitID: Int64?
        if let text = fields.text("convener_unit") {
            convenerUnitID = try names.unit(text)
            if convenerUnitID == nil { fields.fail("convener_unit", "unknown", "no member unit '\(text)'") }
        }
        let venue = fields.text("venue", maxLength: 200)
        let agenda = fields.texts("agenda")
        let minutes = fields.text("minutes", maxLength: 200_000) ?? ""
        var title = fields.text("title", maxLength: 200)

        var attendees: [AttendeeDraft] = []
        for item in fields.objects("attendees") {
            item.rejectUnknown(["unit", "territory", "person", "role", "present", "note"])
            let given = ["unit", "territory", "person"].filter { item.has($0) }
            guard given.count == 1 else {
                item.fail("unit", "one_of", "give exactly one of unit, territory or person")
                continue
            }
            var attendee = AttendeeDraft(body: nil, personName: nil, role: item.text("role", maxLength: 100), present: item.bool("present") ?? true, note: item.text("note", maxLength: 500))
            switch given[0] {
            case "unit":
                if let text = item.text("unit") {
                    if let id = try names.unit(text) { attendee.body = .unit(id) } else { item.fail("unit", "unknown", "no member unit '\(text)'") }
                }
            case "territory":
                if let text = item.text("territory") {
                    if let id = try names.territory(text) { attendee.body = .territory(id) } else { item.fail("territory", "unknown", "no territory '\(text)'") }
                }
            default:
                attendee.personName = item.text("person", required: true, maxLength: 100)
            }
            attendees.append(attendee)
        }
        for (index, text) in fields.texts("absent_units").enumerated() {
            if let body = try names.body(text) {
                attendees.append(AttendeeDraft(body: body, personName: nil, role: nil, present: false, note: nil))
            } else {
                fields.fail("absent_units[\(index + 1)]", "unknown", "no member unit or territory '\(text)'")
            }
        }

        var risks: [RiskDraft] = []
        for item in fields.objects("risks") {
            if let risk = try risk(item, names) { risks.append(risk) }
        }

        var decisions: [DecisionDraft] = []
        for item in fields.objects("decisions") {
            if let decision = try decision(item, heldOn: heldOn, names) { decisions.append(decision) }
        }

        var attachments: [AttachmentDraft] = []
        for item in fields.objects("attachments") {
            if let attachment = attachment(item) { attachments.append(attachment) }
        }

        try fields.check()
        guard let kind, let heldOn, let convener else { throw DomainError.validation(fields.faults) }
        if title == nil {
            let quarter = Quarter(containing: heldOn)
            let body = kind.bodyKind == .specialGroup ? try names.groupName(groupID) : kind.name
            let period = kind.requiredFrom == nil ? "\(heldOn.year)年\(heldOn.month)月" : "\(quarter.year)年第\(quarter.number)季度"
            title = "\(period)\(body)\(kind.bodyKind == .specialGroup ? "会议" : "")\(adHoc ? "（专题）" : "")"
        }
        return MeetingDraft(kind: kind, groupID: groupID, title: title ?? kind.name, heldOn: heldOn, adHoc: adHoc, convener: convener,
                            convenerUnitID: convenerUnitID, venue: venue, agenda: agenda, minutes: minutes, attendees: attendees,
                            risks: risks, decisions: decisions, attachments: attachments)
    }

    /// One risk judged; nil (with the faults recorded) when it is not valid.
    static func risk(_ item: InputFields, _ names: RegistryNames) throws -> RiskDraft? {
        item.rejectUnknown(["area", "level", "description", "measures", "bodies"])
        let area = item.text("area", required: true, maxLength: 100)
        let levelText = item.text("level", required: true)
        let level = levelText.flatMap { RiskLevel(text: $0) }
        if let levelText, level == nil {
            item.fail("level", "choice", "must be one of major (红), large (橙), general (黄), low (蓝); got '\(levelText)'")
        }
        let description = item.text("description", required: true, maxLength: 2000)
        let measures = item.text("measures", maxLength: 2000)
        var bodies: [BodyRef] = []
        for (index, text) in item.texts("bodies").enumerated() {
            if let body = try names.body(text) { bodies.append(body) } else { item.fail("bodies[\(index + 1)]", "unknown", "no member unit or territory '\(text)'") }
        }
        guard let area, let level, let description else { return nil }
        return RiskDraft(area: area, level: level, description: description, measures: measures, bodies: bodies)
    }

    static let decisionFields: Set<String> = ["text", "lead", "deadline"]

    /// One decision; nil (with the faults recorded) when it is not valid.
    static func decision(_ item: InputFields, heldOn: CalendarDate?, _ names: RegistryNames) throws -> DecisionDraft? {
        item.rejectUnknown(decisionFields)
        let text = item.text("text", required: true, maxLength: 2000)
        var lead: BodyRef?
        if let leadText = item.text("lead") {
            lead = try names.body(leadText)
            if lead == nil { item.fail("lead", "unknown", "no member unit or territory '\(leadText)'") }
        }
        let deadline = item.date("deadline")
        if let deadline, let heldOn, deadline < heldOn {
            item.fail("deadline", "before_meeting", "\(deadline.iso) is before the meeting (\(heldOn.iso))")
        }
        let given = { (name: String) -> Bool in
            item.has(name) && !(item.members[name]?.stringValue?.trimmingCharacters(in: .whitespaces).isEmpty ?? false)
        }
        if given("lead") != given("deadline") {
            item.fail(given("lead") ? "deadline" : "lead", "required", "a tracked decision needs both a lead unit and a deadline (give neither for a decision only noted)")
        }
        guard let text else { return nil }
        return DecisionDraft(text: text, lead: lead, deadline: deadline)
    }

    static func attachment(_ item: InputFields) -> AttachmentDraft? {
        item.rejectUnknown(["name", "media_type", "content_base64", "content"])
        let name = item.text("name", required: true, maxLength: 200)
        let mediaType = item.text("media_type", maxLength: 100) ?? "application/octet-stream"
        var content: [UInt8]?
        if let encoded = item.text("content_base64", maxLength: maximumAttachmentBytes * 2) {
            if let data = Data(base64Encoded: encoded) { content = Array(data) } else { item.fail("content_base64", "base64", "is not valid base64") }
        } else if case .string(let text)? = item.members["content"] {
            content = Array(text.utf8)
        } else {
            item.fail("content_base64", "required", "give content_base64 (or content as text)")
        }
        if let content, content.count > maximumAttachmentBytes {
            item.fail("content_base64", "too_large", "is \(content.count) bytes; at most \(maximumAttachmentBytes)")
            return nil
        }
        guard let name, let content else { return nil }
        return AttachmentDraft(name: name, mediaType: mediaType, content: content)
    }
}
