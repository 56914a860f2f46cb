// 责任体系: the pages over `/api/v1/responsibilities/*` — plans (import with its preview, withdraw),
// 待明确 clauses to designate, the ledger (台账) and a line's page with its actions, tasks, leaders'
// lists, unit lists and their differences, matter chains. What this file holds: the routes the pages
// stand on, the Chinese of the module's codes, and small helpers the pages share.
import Foundation
import HTTP
import Kernel

enum ResponsibilityPages {
    static let api = "/api/v1/responsibilities"
    static let plans = "GET \(api)/plans"
    static let plan = "GET \(api)/plans/{id:int}"
    static let importPlan = "POST \(api)/plans"
    static let withdrawPlan = "POST \(api)/plans/{id:int}/actions/withdraw"
    static let designations = "GET \(api)/designations"
    static let designation = "GET \(api)/designations/{id:int}"
    static let designate = "POST \(api)/designations/{id:int}/actions/designate"
    static let ledger = "GET \(api)/ledger"
    static let line = "GET \(api)/ledger/{id:int}"
    static let attachment = "GET \(api)/attachments/{sha256}"
    static func lineAction(_ verb: String) -> String { "POST \(api)/ledger/{id:int}/actions/\(verb)" }
    static let tasks = "GET \(api)/tasks"
    static let task = "GET \(api)/tasks/{id:int}"
    static func taskUnit(_ verb: String) -> String { "POST \(api)/tasks/{id:int}/actions/\(verb)" }
    static let leaderLists = "GET \(api)/leader-lists"
    static let leaderList = "GET \(api)/leader-lists/{id:int}"
    static let fileLeaderList = "POST \(api)/leader-lists"
    static let unitLists = "GET \(api)/unit-lists"
    static let unitListDiff = "GET \(api)/unit-lists/diff"
    static let chains = "GET \(api)/chains"
    static let chain = "GET \(api)/chains/{id:int}"
    static let chainCheck = "GET \(api)/chains/check"
    static let addChain = "POST \(api)/chains"

    static let pageSize = 20

    static var pages: [WebPage] {
        ResponsibilityPlanPages.pages + ResponsibilityDesignationPages.pages + ResponsibilityLedgerPages.pages
            + ResponsibilityLinePage.pages + ResponsibilityTaskPages.pages + ResponsibilityListPages.pages
    }

    static let menu = MenuSection(title: "责任体系", entries: [
        MenuEntry(label: "任务台账", path: "/responsibilities/ledger", standsOn: ledger),
        MenuEntry(label: "工作任务", path: "/responsibilities/tasks", standsOn: tasks),
        MenuEntry(label: "工作要点", path: "/responsibilities/plans", standsOn: plans),
        MenuEntry(label: "待明确单位", path: "/responsibilities/designations", standsOn: designations),
        MenuEntry(label: "领导责任清单", path: "/responsibilities/leader-lists", standsOn: leaderLists),
        MenuEntry(label: "部门责任清单", path: "/responsibilities/unit-lists", standsOn: unitLists),
        MenuEntry(label: "一件事全链条", path: "/responsibilities/chains", standsOn: chains),
    ])

    // MARK: - Chinese of the module's codes

    static let statuses: [(code: String, label: String)] = [
        ("assigned", "待签收"), ("signed", "已签收"), ("inProgress", "进行中"), ("reported", "已报完成"), ("closed", "已办结"),
    ]
    static let roles: [(code: String, label: String)] = [
        ("lead", "牵头"), ("cooperating", "协同"), ("separatelyResponsible", "分工负责"), ("territorial", "属地责任"),
    ]
    static let sources: [String: String] = ["plan": "计划文本", "designated": "区安委办明确", "manual": "交办或手工增加", "event": "其他模块"]
    static let designationStatuses: [(code: String, label: String)] = [("pending", "待明确"), ("designated", "已明确"), ("withdrawn", "已撤销")]

    /// The actions on a line, in the order they come, with their Chinese names.
    static let actions: [(verb: String, label: String)] = [
        ("sign", "签收"), ("progress", "报送进展"), ("complete", "报送完成"), ("verify", "核验办结"), ("return", "退回"),
    ]
    static func actionLabel(_ verb: String) -> String { actions.first { $0.verb == verb }?.label ?? verb }

    static func label(_ table: [(code: String, label: String)], _ value: JSON?) -> String {
        let code = Format.text(value)
        return table.first { $0.code == code }?.label ?? code
    }

    // MARK: - Shared helpers

    /// The positive id in the path parameter `name`, else the 404 page.
    static func id(_ context: PageContext, _ name: String = "id", what: String = "记录") throws -> Int64 {
        guard let id = context.request.pathParameter(name).flatMap(Int64.init), id > 0 else { throw PageFailure(status: 404, message: "未找到该\(what)。") }
        return id
    }

    /// A CSV download of an API list (its `Accept: text/csv`), with a Chinese file name.
    static func csv(_ context: PageContext, _ path: String, query: [(name: String, value: String)], file: String, chinese: String) throws -> Response {
        let reply = context.api("GET", path, query: query, accept: "text/csv")
        guard reply.ok else { throw PageFailure.from(reply) }
        var response = Response(status: 200, contentType: "text/csv; charset=utf-8", body: reply.body)
        response.headers.set("Content-Disposition", "attachment; filename=\"\(file)\"; filename*=UTF-8''\(APIResponse.percentEncode(chinese))")
        return response
    }

    /// The page's query filtered to what the API route declares (and the cursor, when paging).
    static func chosen(_ context: PageContext, _ route: String, paging: Bool = false) -> [(name: String, value: String)] {
        let known = Set(context.site.params(route).map(\.name) + (paging ? ["after"] : []))
        return context.query.filter { known.contains($0.name) && !$0.value.isEmpty }
    }

    /// 第一页 / 下一页 links of a keyset-paged list.
    static func pager(_ path: String, _ filters: [(name: String, value: String)], context: PageContext, next: String?) -> HTML {
        var links: [HTML] = []
        let base = filters.filter { $0.name != "after" }
        if context.query.contains(where: { $0.name == "after" }) {
            links.append("<a href=\"\(path)\(base.isEmpty ? "" : "?" + Format.query(base))\">第一页</a>")
        }
        if let next { links.append("<a href=\"\(path)?\(Format.query(base + [("after", next)]))\" rel=\"next\">下一页</a>") }
        return links.isEmpty ? .empty : "<nav class=\"pager\" aria-label=\"分页\">\(links)</nav>"
    }

    /// A table with a caption and column heads; `empty` when there are no rows.
    static func table(_ heads: [String], _ rows: [HTML], caption: String? = nil, empty: String) -> HTML {
        guard !rows.isEmpty else { return "<p class=\"empty\">\(empty)</p>" }
        let th: [HTML] = heads.map { "<th scope=\"col\">\($0)</th>" }
        let cap: HTML = caption.map { "<caption>\($0)</caption>" } ?? .empty
        return "<table class=\"list\">\(cap)<thead><tr>\(th)</tr></thead><tbody>\(rows)</tbody></table>"
    }

    /// Registry choices (member units, territories) by id, when the user may read them.
    static func units(_ context: PageContext) -> [(code: String, label: String)]? { HazardPages.registryOptions(context, "/api/v1/org/units") }
    static func territories(_ context: PageContext) -> [(code: String, label: String)]? { HazardPages.registryOptions(context, "/api/v1/org/territories") }

    /// The units of a clause or designation: 区发改局（牵头）、东城镇（属地责任）.
    static func unitNames(_ units: [JSON], withRole: Bool = true) -> String {
        units.map { unit in
            let name = Format.text(unit["name"])
            guard withRole, unit["role"] != nil else { return name }
            return "\(name)（\(label(roles, unit["role"]))）"
        }.joined(separator: "、")
    }

    /// A section's number as the plan writes it: 一、
    static func sectionNumber(_ section: JSON) -> String {
        let number = Format.text(section["number"])
        guard let last = number.last, !"、.．)）".contains(last) else { return number }
        return number + "、"
    }

    /// The deadlines of a clause or task: 2月底前（2024年2月29日）.
    static func deadlines(_ list: [JSON]) -> String {
        list.map { deadline in
            let phrase = Format.text(deadline["phrase"])
            if let due = deadline["due"]?.stringValue { return "\(phrase)（\(Format.date(due))）" }
            let count = deadline["occurrences"]?.arrayValue?.count ?? 0
            return count > 0 ? "\(phrase)（\(count) 次）" : phrase
        }.joined(separator: "；")
    }
}
