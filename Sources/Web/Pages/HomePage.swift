// 我的待办: what the kernel's overview (`GET /api/v1/overview`) lists for the signed-in user,
// oldest first, each linking to its record's page when there is one (else listed plainly).
import HTTP
import Kernel

enum HomePage {
    static let shown = 100

    static let pages: [WebPage] = [
        WebPage("GET", "/", .signedIn(standsOn: "GET /api/v1/overview")) { context in
            let items = try context.get("/api/v1/overview")["items"]?.arrayValue ?? []
            // The oldest first; a page stays small (under 60 KB) however much waits.
            let rows: [HTML] = items.prefix(shown).map { item in
                let title = Format.text(item["title"])
                let link = context.site.pagePath(forAPI: item["link"]?.stringValue)
                let titled: HTML = link.map { "<a href=\"\($0)\">\(title)</a>" } ?? "\(title)"
                let age: HTML = item["age_days"]?.intValue.map { "\($0) 天" } ?? .empty
                return """
                <tr><td class="nowrap">\(Labels.module(Format.text(item["module"])))</td><td>\(titled)<div class="detail">\(forPeople(Format.text(item["detail"])))</div></td>\
                <td class="nowrap">\(Format.date(item["since"]?.stringValue))</td><td class="num">\(age)</td></tr>
                """
            }
            let table: HTML = rows.isEmpty
                ? "<p class=\"empty\">暂无待办事项。</p>"
                : "<table><caption>共 \(items.count) 项，按等待时间由长到短\(items.count > shown ? "；此处列出最久的 \(shown) 项" : "")</caption><thead><tr><th scope=\"col\">模块</th><th scope=\"col\">事项</th><th scope=\"col\">起始日期</th><th scope=\"col\">已等待</th></tr></thead><tbody>\(rows)</tbody></table>"
            return Layout.page(context, title: "我的待办", active: "/", table)
        },
    ]

    /// An overview line as a page user reads it: the hints meant for operators — a command
    /// (`anwei …`), an API path (`POST /api/v1/…`) — and English glosses in parentheses are left
    /// out (a parenthesis of figures stays); what remains is the Chinese sentence. (The API and the CLI keep the full text.)
    static func forPeople(_ text: String) -> String {
        var out = ""
        var group = ""
        var depth = 0
        for character in text {
            if character == "(" || character == "（" {
                if depth == 0 { group = "" }
                depth += 1
                group.append(character)
            } else if depth > 0 {
                group.append(character)
                if character == ")" || character == "）" {
                    depth -= 1
                    if depth == 0, !operatorsOnly(group) { out += group }
                }
            } else {
                out.append(character)
            }
        }
        if depth > 0, !operatorsOnly(group) { out += group }
        // A bare command or path left in a sentence: drop the sentence's rest.
        for marker in ["anwei ", "/api/v1", "GET /", "POST /"] {
            while let range = out.range(of: marker) {
                let end = out[range.upperBound...].firstIndex { "。；;".contains($0) }.map { out.index(after: $0) } ?? out.endIndex
                out.removeSubrange(range.lowerBound..<end)
            }
        }
        return out.replacingOccurrences(of: "，。", with: "。").replacingOccurrences(of: " 。", with: "。").trimmingCharacters(in: .whitespaces)
    }

    /// A parenthesised part meant for operators: a command, an API path, or English only.
    static func operatorsOnly(_ group: String) -> Bool {
        group.contains("anwei ") || group.contains("/api/")
            || (!group.unicodeScalars.contains(where: Labels.isChinese) && hasWord(group))
    }

    /// Three ASCII letters in a row: a word, not a code like 2024-Q1.
    static func hasWord(_ text: String) -> Bool {
        var run = 0
        for scalar in text.unicodeScalars {
            run = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) ? run + 1 : 0
            if run >= 3 { return true }
        }
        return false
    }
}

extension Labels {
    static func module(_ name: String) -> String {
        switch name {
        case "responsibilities": "责任体系"
        case "supervision": "督导检查"
        case "hazards": "隐患治理"
        case "training": "教育培训"
        case "consultations": "会商研判"
        default: name
        }
    }
}
