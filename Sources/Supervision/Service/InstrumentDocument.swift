// A 督办 instrument (催办, 督促函, 警示通报, 约谈, 挂牌督办, 提级调查) as the document the office
// signs and sends, after GB/T 9704 (`OfficialDocument`): its number is the record's own, its
// addressee the target, its 正文 the reason and what the kind asks of the target by when.
import Kernel

extension InstrumentService {
    /// The printable instrument, read as `GET …/instruments/{id}` reads it (404 out of scope).
    func html(_ id: Int64, actor: Actor) throws -> String {
        let record = try core.read { try json(id, actor: actor, $0) }
        return InstrumentService.document(record, settings: settings).html
    }

    static func document(_ record: JSON, settings: SupervisionSettings = .defaults) -> OfficialDocument {
        let kind = InstrumentKind(rawValue: Render.cell(record["kind"]))
        let target = Render.cell(record["target_name"])
        let office = settings.officeAbbreviation
        let reason = Render.cell(record["reason"]).trimmingCharacters(in: .whitespacesAndNewlines)
        let follow = Render.cell(record["follow_up_deadline"]), report = Render.cell(record["correction_report_due"])
        let by = follow.isEmpty ? "" : "于\(HTML.day(follow))前"
        let hazard = Render.cell(record["hazard_code"])
        let title: String
        var body: [DocumentBlock] = []
        let fact = reason.isEmpty ? [] : [DocumentBlock.paragraph(reason.hasSuffix("。") ? reason : reason + "。")]
        let closing: String
        switch kind {
        case .reminder?:
            title = "关于催办有关安全生产工作事项的通知"
            body = fact + [.paragraph("请你单位抓紧办理，\(by.isEmpty ? "尽快" : by)办理完毕，并将办理情况报送\(office)。")]
            closing = "特此通知。"
        case .urgingLetter?:
            title = "关于督促落实安全生产工作的函"
            body = fact + [.paragraph("请你单位高度重视，认真研究，切实采取有效措施抓好落实，\(by.isEmpty ? "及时" : by)将落实情况书面报送\(office)。")]
            closing = "此函。"
        case .warningNotice?:
            title = "关于对\(target.isEmpty ? "有关单位" : target)予以警示的通报"
            body = fact + [.paragraph("经研究，决定对\(target.isEmpty ? "该单位" : target)予以警示通报。请深刻汲取教训，举一反三，切实整改，\(by.isEmpty ? "及时" : by)将整改落实情况书面报送\(office)。")]
            closing = "特此通报。"
        case .admonitoryInterview?:
            title = "关于约谈\(target.isEmpty ? "有关单位" : target)主要负责人的通知"
            let due = report.isEmpty ? "" : "于\(HTML.day(report))前"
            body = fact + [.paragraph("经研究，决定对你单位主要负责人进行安全生产约谈。请按要求参加约谈，并\(due.isEmpty ? "在约谈后" : due)将书面整改报告报送\(office)。")]
            closing = "特此通知。"
        case .listedSupervision?:
            title = "关于对重大事故隐患实行挂牌督办的通知"
            let listed = hazard.isEmpty ? "该重大事故隐患" : "重大事故隐患（编号\(hazard)）"
            body = fact + [
                .paragraph("经研究，决定对\(listed)实行挂牌督办。请你单位严格落实整改责任，整改期间落实安全防范措施，\(by.isEmpty ? "按期" : by)完成整改，并将整改情况书面报送\(office)。"),
                .paragraph("整改完成后，经核查合格方可销号；逾期未完成整改的，将依照有关规定提级处理。"),
            ]
            closing = "特此通知。"
        case .escalatedInvestigation?, nil:
            title = "关于对有关事项提级调查的通知"
            body = fact + [.paragraph("经研究，决定对上述事项提级调查。请你单位积极配合，如实提供有关材料\(by.isEmpty ? "" : "，" + by + "报送调查所需材料")。")]
            closing = "特此通知。"
        }
        let counts = [("督导检查问题", record["finding_ids"]), ("事故隐患", record["hazard_ids"]), ("工作任务", record["task_ids"])]
            .compactMap { name, ids -> String? in
                let count = ids?.arrayValue?.count ?? 0
                return count > 0 ? "\(name)\(count)项" : nil
            }
        if !counts.isEmpty { body.append(.paragraph("本\(kind?.label ?? "文书")涉及\(counts.joined(separator: "、"))。")) }
        body.append(.paragraph(closing))
        return OfficialDocument(number: Render.cell(record["number"]), title: title, addressees: target.isEmpty ? [] : [target], body: body,
                                date: CalendarDate(iso: Render.cell(record["date"])), copiedTo: HTML.copiedTo)
    }
}
