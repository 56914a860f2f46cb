// How values read on a page: dates as 2024年2月29日, instants in Beijing time, the 红/黄/绿 dot
// with its reason, query strings for links.
import Foundation
import Kernel

enum Format {
    /// `2024-02-29` → 2024年2月29日; an RFC 3339 instant → its day and time in Beijing; else as it is.
    static func date(_ text: String?) -> String {
        guard let text, !text.isEmpty else { return "" }
        if let day = CalendarDate(iso: text) { return chinese(day) }
        if let instant = Instant.parse(text) {
            let shown = Instant.shanghai(instant)   // 2024-03-01T10:03:04+08:00
            guard let day = CalendarDate(iso: String(shown.prefix(10))) else { return text }
            return chinese(day) + " " + shown.dropFirst(11).prefix(5)
        }
        return text
    }

    static func chinese(_ day: CalendarDate) -> String { "\(day.year)年\(day.month)月\(day.day)日" }

    /// A JSON value as text (numbers, texts, booleans as 是/否).
    /// Who acted, as a person reads it: the system's own actions (`system:…`, e.g. a hazard made
    /// from a supervision finding) as 系统自动, the demo's seeded actions (`demo:区安委办`) by the
    /// office they stand for; a user's name as it is.
    static func actor(_ value: JSON?) -> String {
        let name = text(value)
        if name.hasPrefix("system:") { return "系统自动" }
        if name.hasPrefix("demo:") { return String(name.dropFirst("demo:".count)) }
        return name
    }

    static func text(_ value: JSON?) -> String {
        switch value {
        case .string(let s)?: return s
        case .int(let v)?: return String(v)
        case .double(let v)?: return String(v)
        case .bool(let b)?: return b ? "是" : "否"
        default: return ""
        }
    }

    /// The colour dot: 红 overdue, 黄 due soon, 绿 on track; its reason as title text and for screen readers.
    static func dot(_ colour: String?, reason: String?) -> HTML {
        let name: String
        switch colour {
        case "red": name = "红"
        case "yellow": name = "黄"
        case "green": name = "绿"
        default: return .empty
        }
        let why = Labels.colourReason(reason)
        return "<span class=\"dot dot-\(colour ?? "")\" title=\"\(why)\"><span class=\"sr\">\(name)：\(why)</span></span>"
    }

    /// `a=1&b=2`, percent-encoded.
    static func query(_ items: [(name: String, value: String)]) -> String {
        items.map { "\(APIResponse.percentEncode($0.name))=\(APIResponse.percentEncode($0.value))" }.joined(separator: "&")
    }
}
