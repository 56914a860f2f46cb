// 我的待办: what the kernel's overview (`GET /api/v1/overview`) lists for the signed-in user,
// oldest first, each linking to its record's page when there is one (else listed plainly).
import HTTP
import Kernel

enum HomePage {
    /// Items shown per kind of thing waiting; the page stays small (under 60 KB) however much waits.
    static let shownPerKind = 12

    static let pages: [WebPage] = [
        WebPage("GET", "/", .signedIn(standsOn: "GET /api/v1/overview")) { context in
            let items = try context.get("/api/v1/overview")["items"]?.arrayValue ?? []
            // One section per kind of thing waiting (待签收, 待核验办结, 销号核查 …), in the order the
            // oldest item of each came, each with its count and its oldest items: a kind with a few
            // new items is not hidden behind hundreds of old ones of another.
            var order: [String] = []
            var byKind: [String: [JSON]] = [:]
            for item in items {
                let kind = Format.text(item["kind"])
                if byKind[kind] == nil { order.append(kind) }
                byKind[kind, default: []].append(item)
            }
            let sections: [HTML] = order.map { kind in
                let group = byKind[kind] ?? []
                let module = Labels.module(Format.text(group.first?["module"]))
                let rows: [HTML] = group.prefix(shownPerKind).map { item in row(item, context) }
                let more: HTML = group.count > shownPerKind ? "；此处列出等待最久的 \(shownPerKind) 项" : .empty
                return """
                <section class="waiting"><h2>\(Labels.overviewKind(kind, module: module))<span class="count">（\(group.count) 项）</span></h2>
                <table><caption>\(module)，按等待时间由长到短\(more)</caption><thead><tr><th scope="col">事项</th><th scope="col">起始日期</th><th scope="col">已等待</th></tr></thead><tbody>\(rows)</tbody></table></section>
                """
            }
            let content: HTML = sections.isEmpty
                ? "<p class=\"empty\">暂无待办事项。</p>"
                : "<p class=\"summary\">共 \(items.count) 项待办，分 \(sections.count) 类。</p>\(sections)"
            return Layout.page(context, title: "我的待办", active: "/", content)
        },
    ]

    static func row(_ item: JSON, _ context: PageContext) -> HTML {
        let title = Format.text(item["title"])
        let link = context.site.pagePath(forAPI: item["link"]?.stringValue)
        let titled: HTML = link.map { "<a href=\"\($0)\">\(title)</a>" } ?? "\(title)"
        let age: HTML = item["age_days"]?.intValue.map { "\($0) 天" } ?? .empty
        return """
        <tr><td>\(titled)<div class="detail">\(forPeople(Format.text(item["detail"])))</div></td>\
        <td class="nowrap">\(Format.date(item["since"]?.stringValue))</td><td class="num">\(age)</td></tr>
        """
    }

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

    /// The heading of a kind of thing waiting on 我的待办 (an unknown kind: its module's name).
    static func overviewKind(_ kind: String, module: String) -> String {
        switch kind {
        case "line_to_sign": "待签收的任务"
        case "line_due_soon": "即将到期的任务"
        case "line_overdue": "已逾期的任务"
        case "line_to_verify": "待核验办结的任务"
        case "lines_overdue": "有逾期任务的单位"
        case "assignment_to_designate": "待明确责任单位的条款"
        case "new_business_form_open": "待明确监管部门的新业态"
        case "redraw": "重新抽签的督导轮次"
        case "review_due": "待销号核查的隐患"
        case "review_lapsed": "销号核查已超期的隐患"
        case "reviews_due": "有隐患待销号核查的部门"
        case "reviews_lapsed": "销号核查超期的部门"
        case "tipoff_to_triage": "待分办的群众举报"
        case "tipoff_contested": "群众申诉的举报"
        case "meeting_due": "本季度未召开的会议"
        case "certificate_review_due": "待复审的证书"
        case "certificate_expired": "逾期未复审的证书"
        case "certificates_due": "证书待复审的企业"
        default: module
        }
    }
}
