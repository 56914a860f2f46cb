// 会议纪要 as a printable document after GB/T 9704 (the kernel's `OfficialDocument`: the 纪要标志
// in red, the number, the 正文 with the agenda, risks, decisions and the minutes, 出席/缺席, the
// 版记); self-contained (one constant style, no scripts, no outside resources), every text escaped.
// The meetings carry no document number: it is derived from the year held and the meeting's id
// (安委办纪〔2024〕7号), stable for the meeting.
import Kernel

public enum MinutesHTML {
    public static func escape(_ text: String) -> String { HTMLText.escape(text) }

    static func text(_ value: JSON?) -> String { Render.cell(value) }

    /// The derived number: 安委办纪〔year held〕id号.
    static func number(_ meeting: JSON) -> String {
        let year = CalendarDate(iso: text(meeting["held_on"]))?.year
        return "安委办纪〔\(year.map(String.init) ?? "")〕\(text(meeting["id"]))号"
    }

    static func day(_ value: JSON?) -> String {
        guard let date = CalendarDate(iso: text(value)) else { return text(value) }
        return "\(date.year)年\(date.month)月\(date.day)日"
    }

    /// The page for a meeting as `MeetingStore.get` shows it.
    public static func render(_ meeting: JSON) -> String { document(meeting).html }

    static func document(_ meeting: JSON) -> OfficialDocument {
        let title = text(meeting["title"])
        var opening = "\(day(meeting["held_on"]))，\(text(meeting["convener"]))"
        if let venue = meeting["venue"]?.stringValue, !venue.isEmpty { opening += "在\(venue)" }
        opening += "主持召开\(title)\(meeting["ad_hoc"] == .bool(true) ? "（专题会商）" : "")。"
        let carried = meeting["carried_decisions"]?.arrayValue ?? []
        opening += carried.isEmpty ? "会议研判了当前安全生产风险，研究部署了有关工作。现纪要如下：" : "会议听取了上次会议决定事项落实情况，研判了当前安全生产风险，研究部署了有关工作。现纪要如下："
        var body: [DocumentBlock] = [.paragraph(opening)]

        body.append(.heading("一、会议议程"))
        var agenda = (meeting["agenda"]?.arrayValue ?? []).map { text($0) }
        if !carried.isEmpty { agenda.append("听取上次会议决定事项落实情况（\(carried.count) 项未办结）") }
        body.append(agenda.isEmpty ? .paragraph("（无）") : .numbered(agenda))
        if !carried.isEmpty { body.append(decisionsTable(carried, caption: "上次会议未办结的决定事项")) }

        body.append(.heading("二、风险研判"))
        let risks = meeting["risks"]?.arrayValue ?? []
        if risks.isEmpty {
            body.append(.paragraph("（无）"))
        } else {
            body.append(.table(caption: nil, columns: ["领域", "风险等级", "风险描述", "管控措施", "责任单位"], rows: risks.map { risk in
                [text(risk["area"]), "\(text(risk["level_colour"]))·\(text(risk["level_name"]))", text(risk["description"]), text(risk["measures"]),
                 (risk["bodies"]?.arrayValue ?? []).map { text($0["name"]) }.joined(separator: "、")]
            }))
        }

        body.append(.heading("三、会议决定事项"))
        body.append(decisionsTable(meeting["decisions"]?.arrayValue ?? [], caption: nil))

        body.append(.heading("四、会议纪要"))
        let minutes = meeting["minutes"]?.stringValue ?? ""
        let paragraphs = minutes.split(whereSeparator: \.isNewline).map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        body += paragraphs.isEmpty ? [.paragraph("（无）")] : paragraphs.map { .paragraph($0) }

        let attachments = meeting["attachments"]?.arrayValue ?? []
        if !attachments.isEmpty {
            body.append(.heading("五、会议材料"))
            body.append(.numbered(attachments.map { "\(text($0["name"]))（\(text($0["size"])) 字节，SHA-256 \(text($0["sha256"]))）" }))
        }

        let present = (meeting["attendees"]?.arrayValue ?? []).map(attendee)
        let absent = (meeting["absent_units"]?.arrayValue ?? []).map(attendee)
        body.append(.plain("出席：\(present.isEmpty ? "（无）" : present.joined(separator: "、"))"))
        if !absent.isEmpty { body.append(.plain("缺席：\(absent.joined(separator: "、"))")) }

        return OfficialDocument(
            mark: "区安全生产委员会会议纪要", number: number(meeting), title: "\(title)纪要", body: body,
            date: CalendarDate(iso: text(meeting["held_on"])), copiedTo: ["区安委会各成员单位", "各镇（景区、开发区）"],
            footnote: "会议编号 \(text(meeting["id"]))，记录人 \(text(meeting["recorded_by"]))，版本 \(text(meeting["version"]))。决定事项状态截至打印之日。")
    }

    static func attendee(_ item: JSON) -> String {
        var name = text(item["name"])
        if let role = item["role"]?.stringValue { name += "（\(role)）" }
        return name
    }

    static func decisionsTable(_ decisions: [JSON], caption: String?) -> DocumentBlock {
        guard !decisions.isEmpty else { return .paragraph("（无）") }
        let rows = decisions.enumerated().map { index, decision -> [String] in
            let status: String
            switch decision["status"]?.stringValue {
            case "done": status = "已办结"
            case "overdue": status = "已逾期"
            case "open": status = "推进中"
            default: status = "—"
            }
            return [caption == nil ? text(decision["position"]) : String(index + 1), text(decision["text"]), text(decision["lead"]?["name"]),
                    day(decision["deadline"]), status]
        }
        return .table(caption: caption, columns: ["序号", "决定事项", "牵头单位", "完成时限", "落实情况"], rows: rows)
    }
}
