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

    static func html(_ report: JSON) -> String {
        let year = Render.cell(report["year"])
        var body = "<h1>\(HTML.escape(year))年度安全生产工作考核结果</h1>\n<p class=\"meta\">考核截至 \(HTML.escape(Render.cell(report["as_of"])))　校验码 \(HTML.escape(Render.cell(report["digest"])))</p>\n"
        for (kind, title) in [("territory", "镇（景区、开发区）"), ("unit", "区安委会成员单位")] {
            let results = (report["results"]?.arrayValue ?? []).filter { $0["kind"] == .string(kind) }
            body += "<h2>\(HTML.escape(title))</h2>\n" + HTML.table(["排名", "名称", "得分"], results.map { [Render.cell($0["rank"]), Render.cell($0["name"]), Render.cell($0["score"])] }) + "\n"
        }
        let lines = (report["results"]?.arrayValue ?? []).flatMap { result in
            (result["lines"]?.arrayValue ?? []).map { [Render.cell(result["name"]), Render.cell($0["indicator"]), Render.cell($0["points"]), Render.cell($0["reason"]), Render.cell($0["code"])] }
        }
        body += "<h2>扣分加分明细</h2>\n" + HTML.table(["对象", "指标", "分值", "原因", "代码"], lines)
        return HTML.page(title: "\(year)年度安全生产考核结果", body: body)
    }
}
