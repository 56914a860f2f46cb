// Turns a meeting's checked values (read by `Contracts`) into a draft: the rules the schema
// cannot say (a kind that exists, a group for a group's meeting, not in the future, a deadline
// on or after the meeting, a tracked decision's lead and deadline), every fault named at once.
import Foundation
import Kernel

enum MeetingParser {
    static func meeting(_ values: Values, today: CalendarDate, _ db: Connection) throws -> MeetingDraft {
        var faults: [FieldError] = []
        let kindCode = values.text("kind") ?? ""
        let kind = try KindStore.find(kindCode, db)
        if kind == nil { faults.append(try KindStore.unknown(kindCode, field: "kind", db)) }
        let groupID = values.id("group_id")
        if let kind {
            if kind.bodyKind == .specialGroup && groupID == nil {
                faults.append(FieldError("group_id", "required_for_group", "专项领导小组会议须指明专项领导小组 (a \(kind.code) meeting names its special leading group)"))
            }
            if kind.bodyKind != .specialGroup && groupID != nil {
                faults.append(FieldError("group_id", "not_allowed", "只有专项领导小组会议指明专项领导小组 (only special group meetings name a group; \(kind.code) is \(kind.bodyName)'s)"))
            }
        }
        let heldOn = values.date("held_on")
        if let heldOn, heldOn > today {
            faults.append(FieldError("held_on", "future", "会议日期 \(heldOn.iso) 晚于今天 \(today.iso)，请在会议召开后记录 (record a meeting once it is held)"))
        }
        let adHoc = values.bool("ad_hoc") ?? false

        var attendees: [AttendeeDraft] = []
        // A unit or territory is listed once, present or absent: twice, or present and absent, would be counted so.
        var listed: [BodyRef: String] = [:]
        func list(_ attendee: AttendeeDraft, _ path: String) {
            if let body = attendee.body {
                if let first = listed[body] {
                    faults.append(FieldError(path, "listed_twice", "\(path) 与 \(first) 是同一\(body.kind == "unit" ? "成员单位" : "镇（景区、开发区）")，每个只记一次（出席或缺席）(listed twice: a unit or territory is present or absent, once)"))
                    return
                }
                listed[body] = path
            }
            attendees.append(attendee)
        }
        for (index, item) in values.objects("attendees").enumerated() {
            if let attendee = attendee(item, path: "attendees[\(index)]", &faults) { list(attendee, "attendees[\(index)]") }
        }
        for (index, id) in values.ids("absent_units").enumerated() {
            list(AttendeeDraft(body: .unit(id), personName: nil, role: nil, present: false, note: nil), "absent_units[\(index)]")
        }
        for (index, id) in values.ids("absent_territories").enumerated() {
            list(AttendeeDraft(body: .territory(id), personName: nil, role: nil, present: false, note: nil), "absent_territories[\(index)]")
        }
        let risks = values.objects("risks").compactMap(risk)
        var decisions: [DecisionDraft] = []
        for (index, item) in values.objects("decisions").enumerated() {
            if let decision = decision(item, heldOn: heldOn, path: "decisions[\(index)]", &faults) { decisions.append(decision) }
        }
        var attachments: [AttachmentDraft] = []
        for (index, item) in values.objects("attachments").enumerated() {
            if let attachment = attachment(item, path: "attachments[\(index)]", &faults) { attachments.append(attachment) }
        }

        guard faults.isEmpty, let kind, let heldOn, let convener = values.text("convener") else {
            throw DomainError.validation(faults.isEmpty ? [FieldError("convener", "missing", "convener 缺失 (missing)")] : faults)
        }
        let title = try values.text("title") ?? defaultTitle(kind, groupID: groupID, heldOn: heldOn, adHoc: adHoc, db)
        return MeetingDraft(kind: kind, groupID: groupID, title: title, heldOn: heldOn, adHoc: adHoc, convener: convener,
                            convenerUnitID: values.id("convener_unit_id"), venue: values.text("venue"), agenda: values.texts("agenda"),
                            minutes: values.text("minutes") ?? "", attendees: attendees, risks: risks, decisions: decisions, attachments: attachments)
    }

    /// The title a meeting gets when none is given: its period (month, or quarter for a kind required
    /// each quarter), its body, and （专题） for an ad hoc one.
    static func defaultTitle(_ kind: MeetingKind, groupID: Int64?, heldOn: CalendarDate, adHoc: Bool, _ db: Connection) throws -> String {
        let quarter = Quarter(containing: heldOn)
        let body = kind.bodyKind == .specialGroup ? try RegistryNames(db: db).groupName(groupID) : kind.name
        let period = kind.requiredFrom == nil ? "\(heldOn.year)年\(heldOn.month)月" : "\(quarter.year)年第\(quarter.number)季度"
        return "\(period)\(body)\(kind.bodyKind == .specialGroup ? "会议" : "")\(adHoc ? "（专题）" : "")"
    }

    /// One attendee: exactly one of a unit, a territory or a person.
    static func attendee(_ item: Values, path: String, _ faults: inout [FieldError]) -> AttendeeDraft? {
        var body: BodyRef?
        var person: String?
        var given = 0
        if let id = item.id("unit_id") { body = .unit(id); given += 1 }
        if let id = item.id("territory_id") { body = .territory(id); given += 1 }
        if let name = item.text("person") { person = name; given += 1 }
        guard given == 1 else {
            faults.append(FieldError(path, "one_of", "\(path) 须且只须给出 unit_id、territory_id、person 之一 (give exactly one of unit_id, territory_id or person)"))
            return nil
        }
        return AttendeeDraft(body: body, personName: body == nil ? person : nil, role: item.text("role"), present: item.bool("present") ?? true, note: item.text("note"))
    }

    /// One risk judged (the reader has checked every part of it).
    static func risk(_ item: Values) -> RiskDraft? {
        guard let area = item.text("area"), let level = item.choice("level", RiskLevel.self), let description = item.text("description") else { return nil }
        let bodies = item.ids("units").map(BodyRef.unit) + item.ids("territories").map(BodyRef.territory)
        return RiskDraft(area: area, level: level, description: description, measures: item.text("measures"), bodies: bodies)
    }

    /// One decision; nil (with the faults recorded under `path`) when it breaks a rule.
    static func decision(_ item: Values, heldOn: CalendarDate?, path: String, _ faults: inout [FieldError]) -> DecisionDraft? {
        let prefix = path.isEmpty ? "" : path + "."
        let before = faults.count
        let unit = item.id("lead_unit_id"), territory = item.id("lead_territory_id")
        if unit != nil && territory != nil {
            faults.append(FieldError(prefix + "lead_territory_id", "one_lead", "决定事项只能有一个牵头单位 (give lead_unit_id or lead_territory_id, not both)"))
        }
        let lead: BodyRef? = unit.map(BodyRef.unit) ?? territory.map(BodyRef.territory)
        let deadline = item.date("deadline")
        if let deadline, let heldOn, deadline < heldOn {
            faults.append(FieldError(prefix + "deadline", "before_meeting", "期限 \(deadline.iso) 早于会议日期 \(heldOn.iso) (the deadline is before the meeting)"))
        }
        if (lead == nil) != (deadline == nil) {
            faults.append(FieldError(prefix + (lead == nil ? "lead_unit_id" : "deadline"), "lead_and_deadline",
                                     "交办的决定事项须同时有牵头单位和期限；仅记录的决定事项两者都不给 (a tracked decision needs both a lead and a deadline; give neither for one only noted)"))
        }
        guard faults.count == before, let text = item.text("text") else { return nil }
        return DecisionDraft(text: text, lead: lead, deadline: deadline)
    }

    /// One attachment: its content as base64 or as text, within the size kept.
    static func attachment(_ item: Values, path: String, _ faults: inout [FieldError]) -> AttachmentDraft? {
        let prefix = path.isEmpty ? "" : path + "."
        let before = faults.count
        let mediaType = item.text("media_type")?.lowercased() ?? "application/octet-stream"
        if !isMediaType(mediaType) {
            faults.append(FieldError(prefix + "media_type", "media_type", "“\(mediaType.prefix(60))”不是媒体类型，应如 application/pdf (not a media type type/subtype)"))
        }
        var content: [UInt8]?
        switch (item.text("content_base64"), item.text("content")) {
        case (let encoded?, nil):
            if let data = Data(base64Encoded: encoded) {
                content = Array(data)
            } else {
                faults.append(FieldError(prefix + "content_base64", "base64", "不是有效的 base64 (is not valid base64)"))
            }
        case (nil, let text?):
            content = Array(text.utf8)
        case (nil, nil):
            faults.append(FieldError(prefix + "content_base64", "content_missing", "请给出 content_base64 或 content (give content_base64, or content as text)"))
        case (_?, _?):
            faults.append(FieldError(prefix + "content", "one_of", "content_base64 与 content 只能给出一个 (give content_base64 or content, not both)"))
        }
        if let content, content.count > Contracts.maximumAttachmentBytes {
            faults.append(FieldError(prefix + "content_base64", "too_large", "附件 \(content.count) 字节，最多 \(Contracts.maximumAttachmentBytes) 字节 (too large)"))
        }
        guard faults.count == before, let name = item.text("name"), let content else { return nil }
        // Kept and served as what its bytes are, never as the type it was given with.
        do {
            let checked = try AttachmentContent.checkAllowingText(name: name, declaredType: item.text("media_type"), bytes: content,
                                                                  field: prefix + "content_base64", maxBytes: Contracts.maximumAttachmentBytes)
            return AttachmentDraft(name: name, mediaType: checked, content: content)
        } catch let error as DomainError {
            faults += error.fieldErrors
            return nil
        } catch {
            return nil
        }
    }

    /// `type/subtype`, each an RFC 9110 token.
    static func isMediaType(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        let token = Set("abcdefghijklmnopqrstuvwxyz0123456789!#$%&'*+-.^_`|~".unicodeScalars)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.unicodeScalars.allSatisfy(token.contains) }
    }
}
