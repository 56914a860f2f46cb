// 会议纪要 as a printable, self-contained HTML page (inline styles, no scripts, no outside
// resources); every text from the record is escaped.
import Kernel

public enum MinutesHTML {
    public static func escape(_ text: String) -> String { HTMLText.escape(text) }

    static func text(_ value: JSON?) -> String { escape(Render.cell(value)) }

    static let style = """
        body{font-family:"SimSun","Songti SC","Noto Serif CJK SC",serif;max-width:48em;margin:2em auto;color:#000;line-height:1.7}
        h1{text-align:center;font-size:1.6em;margin-bottom:.2em}
        .meta{text-align:center;color:#333;margin-bottom:1.5em}
        h2{font-size:1.15em;border-bottom:1px solid #000;margin-top:1.6em}
        table{border-collapse:collapse;width:100%;margin:.5em 0}
        th,td{border:1px solid #000;padding:.25em .4em;text-align:left;vertical-align:top}
        .level{display:inline-block;padding:0 .4em;border:1px solid #000}
        .major{background:#f4cccc}.large{background:#fce5cd}.general{background:#fff2cc}.low{background:#cfe2f3}
        .minutes p{text-indent:2em;margin:.3em 0}
        footer{margin-top:2em;font-size:.85em;color:#555}
        @media print{body{margin:0}a{color:#000;text-decoration:none}h2{page-break-after:avoid}tr{page-break-inside:avoid}}
        """

    /// The page for a meeting as `MeetingStore.get` shows it.
    public static func render(_ meeting: JSON) -> String {
        var html = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
        html += "<title>\(text(meeting["title"]))纪要</title>\n<style>\(style)</style>\n</head>\n<body>\n"
        html += "<h1>\(text(meeting["title"]))纪要</h1>\n"
        var meta = ["时间：\(text(meeting["held_on"]))"]
        if let venue = meeting["venue"]?.stringValue { meta.append("地点：\(escape(venue))") }
        meta.append("主持：\(text(meeting["convener"]))")
        if meeting["ad_hoc"] == .bool(true) { meta.append("专题会商") }
        html += "<div class=\"meta\">\(meta.joined(separator: "　"))</div>\n"

        let present = meeting["attendees"]?.arrayValue ?? []
        let absent = meeting["absent_units"]?.arrayValue ?? []
        html += "<h2>一、参会单位和人员</h2>\n<p>\(present.map { attendee($0) }.joined(separator: "、"))</p>\n"
        if !absent.isEmpty { html += "<p>缺席单位：\(absent.map { attendee($0) }.joined(separator: "、"))</p>\n" }

        html += "<h2>二、会议议程</h2>\n<ol>\n"
        for item in meeting["agenda"]?.arrayValue ?? [] { html += "<li>\(text(item))</li>\n" }
        let carried = meeting["carried_decisions"]?.arrayValue ?? []
        if !carried.isEmpty { html += "<li>听取上次会议决定事项落实情况（\(carried.count) 项未办结）</li>\n" }
        html += "</ol>\n"
        if !carried.isEmpty { html += decisionsTable(carried, caption: "上次会议未办结的决定事项") }

        let risks = meeting["risks"]?.arrayValue ?? []
        html += "<h2>三、风险研判</h2>\n"
        if risks.isEmpty {
            html += "<p>（无）</p>\n"
        } else {
            html += "<table>\n<tr><th>领域</th><th>风险等级</th><th>风险描述</th><th>管控措施</th><th>责任单位</th></tr>\n"
            for risk in risks {
                let level = risk["level"]?.stringValue ?? "general"
                let bodies = (risk["bodies"]?.arrayValue ?? []).map { text($0["name"]) }.joined(separator: "、")
                html += "<tr><td>\(text(risk["area"]))</td><td><span class=\"level \(escape(level))\">\(text(risk["level_colour"]))·\(text(risk["level_name"]))</span></td>"
                html += "<td>\(text(risk["description"]))</td><td>\(text(risk["measures"]))</td><td>\(bodies)</td></tr>\n"
            }
            html += "</table>\n"
        }

        html += "<h2>四、会议决定事项</h2>\n"
        html += decisionsTable(meeting["decisions"]?.arrayValue ?? [], caption: nil)

        html += "<h2>五、会议纪要</h2>\n<div class=\"minutes\">\n"
        let minutes = meeting["minutes"]?.stringValue ?? ""
        let paragraphs = minutes.split(whereSeparator: \.isNewline).map { String($0) }.filter { !$0.allSatisfy(\.isWhitespace) }
        html += paragraphs.isEmpty ? "<p>（无）</p>\n" : paragraphs.map { "<p>\(escape($0))</p>\n" }.joined()
        html += "</div>\n"

        let attachments = meeting["attachments"]?.arrayValue ?? []
        if !attachments.isEmpty {
            html += "<h2>附件</h2>\n<ol>\n"
            for file in attachments { html += "<li>\(text(file["name"]))（\(text(file["size"])) 字节，SHA-256 \(text(file["sha256"])))</li>\n" }
            html += "</ol>\n"
        }
        html += "<footer>会议编号 \(text(meeting["id"]))，记录人 \(text(meeting["recorded_by"]))，版本 \(text(meeting["version"]))。决定事项状态截至打印之日。</footer>\n"
        html += "</body>\n</html>\n"
        return html
    }

    static func attendee(_ item: JSON) -> String {
        var name = text(item["name"])
        if let role = item["role"]?.stringValue { name += "（\(escape(role))）" }
        return name
    }

    static func decisionsTable(_ decisions: [JSON], caption: String?) -> String {
        guard !decisions.isEmpty else { return "<p>（无）</p>\n" }
        var html = "<table>\n"
        if let caption { html += "<caption>\(escape(caption))</caption>\n" }
        html += "<tr><th>序号</th><th>决定事项</th><th>牵头单位</th><th>完成时限</th><th>落实情况</th></tr>\n"
        for (index, decision) in decisions.enumerated() {
            let status: String
            switch decision["status"]?.stringValue {
            case "done": status = "已办结"
            case "overdue": status = "已逾期"
            case "open": status = "推进中"
            default: status = "—"
            }
            html += "<tr><td>\(caption == nil ? text(decision["position"]) : String(index + 1))</td><td>\(text(decision["text"]))</td>"
            html += "<td>\(text(decision["lead"]?["name"]))</td><td>\(text(decision["deadline"]))</td><td>\(status)</td></tr>\n"
        }
        return html + "</table>\n"
    }
}
