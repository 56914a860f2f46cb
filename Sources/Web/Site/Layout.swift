// The frame of every page: the head with the embedded stylesheet and script, the title bar with
// who is signed in, the module menu on the left (only what the user's role may open), the content.
import HTTP
import Kernel

/// One entry of the module menu; shown when the user's role may call the route it stands on.
struct MenuEntry: Sendable {
    var label: String
    var path: String
    var standsOn: String?
}

struct MenuSection: Sendable {
    var title: String
    var entries: [MenuEntry]
}

enum Layout {
    static let systemName = "安委工作台"
    static let office = "区安全生产委员会办公室"

    /// The module menu, in the order of the year's work: responsibilities, supervision, hazards,
    /// training, consultations, then the system. A new module adds its section here (and its pages
    /// to `WebSite.allPages`).
    static let menu: [MenuSection] = [
        MenuSection(title: "工作台", entries: [MenuEntry(label: "我的待办", path: "/", standsOn: "GET /api/v1/overview")]),
        ResponsibilityPages.menu,
        MenuSection(title: "督导考核", entries: [
            MenuEntry(label: "督导覆盖矩阵", path: "/supervision/coverage", standsOn: "GET /api/v1/supervision/coverage"),
            MenuEntry(label: "督导组", path: "/supervision/groups", standsOn: "GET /api/v1/supervision/groups"),
            MenuEntry(label: "督导检查", path: "/supervision/inspections", standsOn: "GET /api/v1/supervision/inspections"),
            MenuEntry(label: "整改问题清单", path: "/supervision/findings", standsOn: "GET /api/v1/supervision/findings"),
            MenuEntry(label: "四不两直抽签", path: "/supervision/draws", standsOn: "GET /api/v1/supervision/draws"),
            MenuEntry(label: "整改通知书", path: "/supervision/notices", standsOn: "GET /api/v1/supervision/notices"),
            MenuEntry(label: "督办问责文书", path: "/supervision/instruments", standsOn: "GET /api/v1/supervision/instruments"),
            MenuEntry(label: "升级建议", path: "/supervision/proposals", standsOn: "GET /api/v1/supervision/proposals"),
            MenuEntry(label: "年度考核", path: "/supervision/assessment", standsOn: "GET /api/v1/supervision/assessment/report"),
            MenuEntry(label: "考核加减分项", path: "/supervision/assessment/items", standsOn: "GET /api/v1/supervision/assessment/items"),
            MenuEntry(label: "升级规则", path: "/supervision/rules", standsOn: "GET /api/v1/supervision/rules"),
        ]),
        MenuSection(title: "隐患排查治理", entries: [
            MenuEntry(label: "隐患台账", path: "/hazards", standsOn: "GET /api/v1/hazards"),
            MenuEntry(label: "上报隐患", path: "/hazards/new", standsOn: "POST /api/v1/hazards"),
            MenuEntry(label: "隐患统计", path: "/hazards/dashboard", standsOn: "GET /api/v1/hazards/stats"),
            MenuEntry(label: "隐患统计报告", path: "/hazards/reports", standsOn: "GET /api/v1/hazards/statistics-reports/items"),
            MenuEntry(label: "举报线索", path: "/tipoffs", standsOn: "GET /api/v1/tipoffs"),
        ]),
        TrainingPages.menu,
        ConsultationPages.menu,
        SystemPages.menu,
        MenuSection(title: "个人设置", entries: [MenuEntry(label: "修改密码", path: "/password", standsOn: nil)]),
    ]

    static func head(_ title: String) -> HTML {
        """
        <!DOCTYPE html>
        <html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(title) - \(systemName)</title>
        <link rel="icon" href="\(Assets.url("icon.svg"))" type="image/svg+xml">
        <link rel="stylesheet" href="\(Assets.url("style.css"))">
        <script src="\(Assets.url("app.js"))" defer></script>
        </head>
        """
    }

    /// A page of a signed-in user: title bar, menu (the entry at `active` marked), content.
    static func page(_ context: PageContext, title: String, active: String, status: Int = 200, _ content: HTML) -> Response {
        html(frame(title: title, actor: context.actor, csrf: context.csrf, active: active, site: context.site, core: context.site.core, content), status: status)
    }

    /// Who is signed in, as people read it: the display name and the unit, town or enterprise (else
    /// the role), never the bare username when a name is known.
    static func userLabel(_ actor: Actor, core: Core?) -> String {
        let name = core.flatMap { Directory.displayName($0, actor.username) } ?? actor.username
        let body = core.flatMap { Directory.bodyName($0, actor.scope) }
        let role = Labels.role(actor.role)
        if let body { return name.contains(body) ? name : "\(name)（\(body)）" }
        return name.contains(role) ? name : "\(name)（\(role)）"
    }

    static func frame(title: String, actor: Actor?, csrf: String, active: String, site: WebSite?, core: Core? = nil, _ content: HTML) -> HTML {
        var menu: [HTML] = []
        if let actor {
            for section in Layout.menu {
                let entries = section.entries.filter { entry in entry.standsOn.map { site?.admits($0, actor) ?? false } ?? true }
                guard !entries.isEmpty else { continue }
                let items: [HTML] = entries.map { entry in
                    entry.path == active
                        ? "<li><a href=\"\(entry.path)\" aria-current=\"page\">\(entry.label)</a></li>"
                        : "<li><a href=\"\(entry.path)\">\(entry.label)</a></li>"
                }
                menu.append("<h2>\(section.title)</h2><ul>\(items)</ul>")
            }
        }
        let user: HTML = actor.map { actor in
            """
            <div class="user"><span>\(userLabel(actor, core: core))</span>
            <form method="post" action="/logout">\(hidden("_csrf", csrf))<button type="submit" class="link">退出登录</button></form></div>
            """
        } ?? .empty
        let nav: HTML = menu.isEmpty ? .empty : "<nav class=\"menu\" aria-label=\"功能菜单\">\(menu)</nav>"
        return """
        \(head(title))<body>
        <header class="top"><a class="brand" href="/"><img src="\(Assets.url("icon.svg"))" alt="" width="28" height="28"><span>\(systemName)</span><small>\(office)</small></a>\(user)</header>
        <div class="frame">\(nav)<main id="main"><h1>\(title)</h1>\(content)</main></div>
        </body></html>
        """
    }

    /// A page of the public (no menu, phone-first).
    static func publicPage(title: String, status: Int = 200, _ content: HTML) -> Response {
        html("""
        \(head(title))<body class="public">
        <header class="top"><a class="brand" href="/tipoff"><img src="\(Assets.url("icon.svg"))" alt="" width="28" height="28"><span>群众举报</span><small>\(office)</small></a></header>
        <main id="main" class="narrow"><h1>\(title)</h1>\(content)</main>
        </body></html>
        """, status: status)
    }

    /// The page for a failure (403, 404, 422 …), in Chinese.
    static func failure(_ failure: PageFailure, actor: Actor?, csrf: String, core: Core? = nil) -> Response {
        let title: String
        switch failure.status {
        case 403: title = "无权访问"
        case 404: title = "未找到"
        case 401: title = "请先登录"
        case 409, 422: title = "无法完成"
        case 429: title = "请求过于频繁"
        default: title = failure.status >= 500 ? "系统错误" : "无法完成"
        }
        let back: HTML = actor == nil ? "<p><a href=\"/login\">返回登录页</a> · <a href=\"/tipoff\">群众举报</a></p>" : "<p><a href=\"/\">返回我的待办</a></p>"
        let content: HTML = "<p class=\"error\" role=\"alert\">\(failure.message)</p>\(back)"
        return html(frame(title: title, actor: actor, csrf: csrf, active: "", site: nil, core: core, content), status: failure.status)
    }

    static func html(_ page: HTML, status: Int = 200) -> Response {
        Response(status: status, contentType: "text/html; charset=utf-8", body: page.bytes)
    }

    static func hidden(_ name: String, _ value: String) -> HTML { "<input type=\"hidden\" name=\"\(name)\" value=\"\(value)\">" }

    /// A notice at the top of a page (what was just done, or what went wrong).
    static func notice(_ text: String?, error: Bool = false) -> HTML {
        guard let text, !text.isEmpty else { return .empty }
        return error ? "<p class=\"error\" role=\"alert\">\(text)</p>" : "<p class=\"notice\" role=\"status\">\(text)</p>"
    }
}
