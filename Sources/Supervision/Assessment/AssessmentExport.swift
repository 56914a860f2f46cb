// The assessment's exports: CSV (the public export) and a printable HTML page, in Chinese, naming
// units and towns, with the stable codes beside. Both take the report as the reader may read it.
import CLI
import Kernel

extension AssessmentService {
    static func csv(_ report: JSON) -> String {
        let tops = (report["scheme"]?["indicators"]?.arrayValue ?? []).map { Render.cell($0["code"]) + " " + Render.cell($0["name"]) }
        let rows = (report["results"]?.arrayValue ?? []).map { result -> [String] in
            let scores = (result["indicators"]?.arrayValue ?? []).map { Render.cell($0["score"]) }
            let padded = scores.isEmpty ? Array(repeating: "", count: tops.count) : scores
            let detail = (result["lines"]?.arrayValue ?? []).map { "\(Render.cell($0["indicator"])) \(Render.cell($0["points"]))：\(Render.cell($0["reason"]))" }.joined(separator: "；")
            return [kindLabel(Render.cell(result["kind"])), Render.cell(result["name"]), Render.cell(result["score"]), Render.cell(result["rank"])] + padded
                + [detail, Render.cell(result["kind"]), Render.cell(result["id"])]
        }
        return CSV.render(columns: ["类别", "名称", "得分", "排名"] + tops + ["扣分/加分明细", "类别代码 (kind)", "编号 (id)"], rows: rows, byteOrderMark: true)
    }

    /// The 考核通报 after GB/T 9704, read as the JSON is (a unit or town sees the ranking and its
    /// own lines). Its number is derived from the year (one bulletin a year, the records carry none):
    /// 安委办考核〔2024〕1号; its date the day the figures stand at (`as_of`).
    static func html(_ report: JSON, settings: SupervisionSettings = .defaults) -> String {
        let year = Render.cell(report["year"])
        let asOf = CalendarDate(iso: Render.cell(report["as_of"]))
        let results = report["results"]?.arrayValue ?? []
        var body: [DocumentBlock] = [
            .paragraph("根据区安全生产委员会年度安全生产工作考核办法，\(settings.officeAbbreviation)对各镇（景区、开发区）和区安委会各成员单位\(year)年度安全生产工作进行了考核（数据截至\(HTML.day(Render.cell(report["as_of"]))))。现将考核结果通报如下："),
        ]
        let numerals = ["一", "二", "三", "四"]
        var section = 0
        for (kind, title) in [("territory", "镇（景区、开发区）"), ("unit", "区安委会成员单位")] {
            let rows = results.filter { $0["kind"] == .string(kind) }.map { [Render.cell($0["rank"]), Render.cell($0["name"]), Render.cell($0["score"])] }
            guard !rows.isEmpty else { continue }
            body.append(.heading("\(numerals[section])、\(title)考核结果"))
            body.append(.table(caption: nil, columns: ["排名", "名称", "得分"], rows: rows))
            section += 1
        }
        let lines = results.flatMap { result in
            (result["lines"]?.arrayValue ?? []).map { [Render.cell(result["name"]), Render.cell($0["indicator"]), Render.cell($0["points"]), Render.cell($0["reason"]), Render.cell($0["code"])] }
        }
        if !lines.isEmpty {
            body.append(.heading("\(numerals[section])、扣分加分明细"))
            body.append(.table(caption: nil, columns: ["对象", "指标", "分值", "原因", "代码"], rows: lines))
            section += 1
        }
        body.append(.paragraph("请各单位对照考核中发现的问题，认真分析原因，制定整改措施，切实抓好整改落实。"))
        body.append(.paragraph("特此通报。"))
        let document = OfficialDocument(
            number: "\(settings.officeAbbreviation)考核〔\(year)〕1号", title: "关于\(year)年度安全生产工作考核结果的通报",
            addressees: ["各镇（景区、开发区）", "区安委会各成员单位"], body: body, date: asOf, copiedTo: HTML.copiedTo,
            footnote: "考核数据截至\(Render.cell(report["as_of"]))，校验码 \(Render.cell(report["digest"]))")
        return document.html
    }
}
