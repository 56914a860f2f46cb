// The demo's instruments: a reminder, an urging letter, a warning notice and a 约谈 with its
// correction report, addressed to demo units and territories.
import Kernel

extension SupervisionDemo {
    static func loadLadder(_ base: Core, territories: [Int64]) throws {
        let admin = Actor.localAdministrator
        let items: [(String, [String: JSON])] = [
            ("2024-02-20", ["kind": "reminder", "target_unit_id": "区住房城乡建设局", "reason": "建筑施工领域隐患整改进度滞后，请加快推进",
                            "follow_up_deadline": "2024-03-05"]),
            ("2024-03-18", ["kind": "urgingLetter", "target_territory_id": .int(territories[1]), "reason": "一季度督导发现问题整改逾期未报送",
                            "finding_ids": .array([]), "follow_up_deadline": "2024-04-10"]),
            ("2024-04-26", ["kind": "warningNotice", "target_territory_id": .int(territories[3]), "reason": "危化品仓储问题整改不到位，予以警示通报",
                            "follow_up_deadline": "2024-05-20"]),
            ("2024-05-15", ["kind": "admonitoryInterview", "target_territory_id": .int(territories[3]), "reason": "警示通报后问题仍未整改到位，约谈主要负责同志",
                            "correction_report_due": "2024-05-31", "follow_up_deadline": "2024-06-30"]),
        ]
        var interview: Int64?
        for (day, fields) in items {
            let at = core(base, at: CalendarDate(iso: day)!)
            let record = try at.write(admin) { try InstrumentService(core: at).issue(try values(LadderFields.issue, fields.merging(["date": .string(day)]) { a, _ in a }, $0.db), $0) }
            if record["kind"] == "admonitoryInterview" { interview = record["id"]?.intValue }
        }
        if let interview {
            let at = core(base, at: CalendarDate(year: 2024, month: 5, day: 29)!)
            _ = try at.write(admin) { try InstrumentService(core: at).receiveReport(interview, try values(LadderFields.receiveReport, ["report": "已召开专题会议，制定整改方案，明确责任人和完成时限。"], $0.db), $0) }
        }
    }
}
