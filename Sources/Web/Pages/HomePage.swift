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
                <tr><td class="nowrap">\(Labels.module(Format.text(item["module"])))</td><td>\(titled)<div class="detail">\(Format.text(item["detail"]))</div></td>\
                <td class="nowrap">\(Format.date(item["since"]?.stringValue))</td><td class="num">\(age)</td></tr>
                """
            }
            let table: HTML = rows.isEmpty
                ? "<p class=\"empty\">暂无待办事项。</p>"
                : "<table><caption>共 \(items.count) 项，按等待时间由长到短\(items.count > shown ? "；此处列出最久的 \(shown) 项" : "")</caption><thead><tr><th scope=\"col\">模块</th><th scope=\"col\">事项</th><th scope=\"col\">起始日期</th><th scope=\"col\">已等待</th></tr></thead><tbody>\(rows)</tbody></table>"
            return Layout.page(context, title: "我的待办", active: "/", table)
        },
    ]
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
