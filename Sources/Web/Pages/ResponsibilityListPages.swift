// The responsibility lists: leaders' lists (领导班子责任清单: who has filed a year's duty or work
// list, late or not, and recording one for the office), the member units' versioned lists
// (三管三必须, 权责 …) and the differences between two versions, one-matter chains (一件事全链条)
// with their check (gaps, no lead, two leads) and defining a chain for the office.
import HTTP
import Kernel

enum ResponsibilityListPages {
    typealias R = ResponsibilityPages

    static let leaderKinds: [(code: String, label: String)] = [("duty", "职责清单"), ("work", "工作清单")]
    static let unitListKinds: [(code: String, label: String)] = [
        ("threeManages", "三管三必须清单"), ("powerDuty", "权责清单"), ("publicService", "公共服务清单"), ("intermediaryService", "中介服务清单"),
    ]
    static let problems: [(code: String, label: String)] = [("no_unit", "环节无责任单位"), ("no_lead", "环节无牵头单位"), ("two_leads", "环节有多个牵头单位")]

    static let pages: [WebPage] = [
        WebPage("GET", "/responsibilities/leader-lists", .signedIn(standsOn: R.leaderLists)) { context in try leaderListsPage(context, error: nil) },
        WebPage("POST", "/responsibilities/leader-lists", .signedIn(standsOn: R.fileLeaderList)) { context in
            let reply = context.api("POST", "\(R.api)/leader-lists", json: ContractForm.json(context.site.body(R.fileLeaderList), context.form))
            guard reply.ok, let id = reply.json["id"]?.intValue else {
                return try leaderListsPage(context, error: "登记未完成：\(reply.problem)", status: reply.status == 403 ? 403 : 422)
            }
            return WebSite.redirect("/responsibilities/leader-lists/\(id)?done=file")
        },
        WebPage("GET", "/responsibilities/leader-lists/export", .signedIn(standsOn: R.leaderLists)) { context in
            try R.csv(context, "\(R.api)/leader-lists", query: R.chosen(context, R.leaderLists), file: "leader-lists.csv", chinese: "领导责任清单.csv")
        },
        WebPage("GET", "/responsibilities/leader-lists/{id:int}", .signedIn(standsOn: R.leaderList), leaderListPage),
        WebPage("GET", "/responsibilities/unit-lists", .signedIn(standsOn: R.unitLists), unitListsPage),
        WebPage("GET", "/responsibilities/unit-lists/diff", .signedIn(standsOn: R.unitListDiff), diffPage),
        WebPage("GET", "/responsibilities/chains", .signedIn(standsOn: R.chains)) { context in try chainsPage(context, error: nil) },
        WebPage("POST", "/responsibilities/chains", .signedIn(standsOn: R.addChain)) { context in
            let links = (context.form.value("links") ?? "").split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map(link)
            var members: [JSON.Member] = [JSON.Member("links", .array(links))]
            if let name = context.form.value("name")?.trimmingCharacters(in: .whitespaces), !name.isEmpty { members.append(JSON.Member("name", .string(name))) }
            let reply = context.api("POST", "\(R.api)/chains", json: .object(members))
            guard reply.ok, let id = reply.json["id"]?.intValue else {
                return try chainsPage(context, error: "新建未完成：\(reply.problem)", status: reply.status == 403 ? 403 : 422)
            }
            return WebSite.redirect("/responsibilities/chains/\(id)?done=add")
        },
        WebPage("GET", "/responsibilities/chains/check", .signedIn(standsOn: R.chainCheck), checkPage),
        WebPage("GET", "/responsibilities/chains/{id:int}", .signedIn(standsOn: R.chain), chainPage),
    ]

    static func facts(_ facts: [(String, HTML)]) -> HTML { "<dl class=\"facts\">\(facts.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" as HTML })</dl>" }

    // MARK: - Leaders' lists

    /// The year shown: the page's, else the latest plan's, else this year.
    static func year(_ context: PageContext) -> String {
        if let year = context.request.query("year"), !year.isEmpty { return year }
        let plans = context.api("GET", "\(R.api)/plans", query: [("limit", "50")]).json["items"]?.arrayValue ?? []
        if let latest = plans.compactMap({ $0["year"]?.intValue }).max() { return String(latest) }
        return String(context.site.core.today.year)
    }

    static func leaderListsPage(_ context: PageContext, error: String?, status: Int = 200) throws -> Response {
        let year = year(context)
        var query = R.chosen(context, R.leaderLists).filter { $0.name != "year" }
        query.append(("year", year))
        let reply = context.api("GET", "\(R.api)/leader-lists", query: query)
        var values: [String: String] = [:]
        for (name, value) in query { values[name] = value }
        let filter: HTML = """
        <form method="get" action="/responsibilities/leader-lists" class="filters" role="search">
        \(ContractForm.fields(context.site.params(R.leaderLists), prefix: "filter", values: values, options: ["kind": leaderKinds],
                              labels: ["kind": "清单（默认工作清单）", "year": "年度", "missing": "只看未报送的", "tier": "层级", "as_of": "统计截至日期"], compact: true))
        <div class="actions"><button type="submit" class="primary">查询</button> <a href="/responsibilities/leader-lists">清除条件</a></div></form>
        """
        guard reply.ok else {
            if reply.status == 400 || reply.status == 422 {
                return Layout.page(context, title: "领导责任清单", active: "/responsibilities/leader-lists", status: 422, filter + Layout.notice("筛选条件有误：\(reply.problem)", error: true))
            }
            throw PageFailure.from(reply)
        }
        let rows: [HTML] = (reply.json["items"]?.arrayValue ?? []).map { item in
            let filed: HTML = item["list_id"]?.intValue.map { "<a href=\"/responsibilities/leader-lists/\($0)\">\(Format.date(item["filed_on"]?.stringValue))</a>" } ?? "未报送"
            return """
            <tr><td class="nowrap">\(Format.dot(item["colour"]?.stringValue, reason: item["reason"]?.stringValue)) \(Format.text(item["name"]))</td><td>\(Format.text(item["tier_label"]))</td>\
            <td>\(Format.text(item["title"]))</td><td>\(Format.text(item["unit"]))</td><td class="nowrap">\(filed)</td>\
            <td class="nowrap">\(Format.date(item["due"]?.stringValue))</td><td>\(Format.text(item["reason"]))</td></tr>
            """
        }
        let table = R.table(["领导", "层级", "职务", "单位", "报送日期", "截止日期", "情况"], rows, caption: "\(year)年 共 \(rows.count) 人", empty: "没有符合条件的领导。")
        let csvQuery = Format.query(query)
        var form: HTML = .empty
        if context.may(R.fileLeaderList) {
            var values: [String: String] = ["year": year]
            for spec in context.site.body(R.fileLeaderList) where context.form.value(spec.name) != nil { values[spec.name] = context.form.value(spec.name) ?? "" }
            form = """
            <details class="action"\(error == nil ? HTML.empty : HTML(" open"))><summary>登记领导清单</summary>
            <form method="post" action="/responsibilities/leader-lists" class="stack">\(context.csrfField)
            \(ContractForm.fields(context.site.body(R.fileLeaderList), prefix: "file", values: values, options: ["kind": leaderKinds],
                                  labels: ["kind": "清单", "year": "年度", "person_id": "领导（姓名或编号）", "content": "清单内容"]))
            <button type="submit" class="primary">登记</button></form></details>
            """
        }
        return Layout.page(context, title: "领导责任清单", active: "/responsibilities/leader-lists", status: status,
                           Layout.notice(error, error: true) + filter + "<div class=\"toolbar\"><a class=\"button\" href=\"/responsibilities/leader-lists/export?\(csvQuery)\">导出 CSV</a></div>"
                           + form + table)
    }

    static func leaderListPage(_ context: PageContext) throws -> Response {
        let id = try R.id(context, what: "清单")
        let list = try context.get("\(R.api)/leader-lists/\(id)")
        let done: String? = context.request.query("done") == "file" ? "清单已登记。" : nil
        let content = Layout.notice(done) + facts([
            ("领导", "\(Format.text(list["name"]))（\(Format.text(list["tier_label"]))，\(Format.text(list["body"]))）"),
            ("清单", "\(Format.text(list["year"]))年\(Format.text(list["kind_label"]))"),
            ("报送", "\(Format.dot(list["colour"]?.stringValue, reason: list["reason"]?.stringValue)) \(Format.date(list["filed_on"]?.stringValue))（截止\(Format.date(list["due"]?.stringValue))，\(Format.text(list["reason"]))）"),
            ("登记人", "\(Format.actor(list["filed_by"]))"),
        ]) + "<section><h2>清单内容</h2><div class=\"card prewrap\">\(Format.text(list["content"]))</div></section>"
        return Layout.page(context, title: "\(Format.text(list["name"]))的\(Format.text(list["kind_label"]))", active: "/responsibilities/leader-lists", content)
    }

    // MARK: - Unit lists

    static func unitListsPage(_ context: PageContext) throws -> Response {
        let chosen = R.chosen(context, R.unitLists)
        let reply = context.api("GET", "\(R.api)/unit-lists", query: R.chosen(context, R.unitLists, paging: true) + [("limit", String(R.pageSize))])
        guard reply.ok else { throw PageFailure.from(reply) }
        var values: [String: String] = [:]
        for (name, value) in chosen { values[name] = value }
        var options: ContractForm.Options = ["kind": unitListKinds]
        if context.actor?.isOffice == true { options["unit_id"] = R.units(context) }
        let filterSpecs = context.site.params(R.unitLists).filter { context.actor?.isOffice == true || $0.name != "unit_id" }
        let filter: HTML = """
        <form method="get" action="/responsibilities/unit-lists" class="filters" role="search">
        \(ContractForm.fields(filterSpecs, prefix: "filter", values: values, options: options, labels: ["unit_id": "成员单位", "kind": "清单类别"], compact: true))
        <div class="actions"><button type="submit" class="primary">查询</button> <a href="/responsibilities/unit-lists">清除条件</a></div></form>
        """
        let page = reply.json  // parsed once
        let rows: [HTML] = (page["items"]?.arrayValue ?? []).map { list in
            let items = list["items"]?.arrayValue ?? []
            let duties: [HTML] = items.prefix(30).map { "<li>\(Format.text($0["duty"]))<span class=\"detail\">依据：\(Format.text($0["basis"]))</span></li>" }
            let more: HTML = items.count > 30 ? "<li>……另有 \(items.count - 30) 项</li>" : .empty
            let version = list["version"]?.intValue ?? 1
            let diff: HTML = version > 1
                ? "<a href=\"/responsibilities/unit-lists/diff?\(Format.query([("unit_id", Format.text(list["unit_id"])), ("kind", Format.text(list["kind"])), ("from", String(version - 1)), ("to", String(version))]))\">与上一版比较</a>"
                : .empty
            return """
            <tr><td>\(Format.text(list["unit_name"]))</td><td class="nowrap">\(R.label(unitListKinds, list["kind"]))</td><td class="num">第 \(version) 版</td>\
            <td class="nowrap">\(Format.date(list["effective_from"]?.stringValue))</td>\
            <td><details><summary>\(items.count) 项职责</summary><ul class="plain">\(duties)\(more)</ul></details></td><td class="nowrap">\(diff)</td></tr>
            """
        }
        let table = R.table(["成员单位", "清单", "版本", "生效日期", "职责及依据", "差异"], rows, empty: "没有符合条件的清单。")
        return Layout.page(context, title: "部门责任清单", active: "/responsibilities/unit-lists",
                           filter + table + R.pager("/responsibilities/unit-lists", chosen, context: context, next: page["next"]?.stringValue))
    }

    static func diffPage(_ context: PageContext) throws -> Response {
        let chosen = R.chosen(context, R.unitListDiff)
        var values: [String: String] = [:]
        for (name, value) in chosen { values[name] = value }
        var options: ContractForm.Options = ["kind": unitListKinds]
        if context.actor?.isOffice == true { options["unit_id"] = R.units(context) }
        let form: HTML = """
        <form method="get" action="/responsibilities/unit-lists/diff" class="filters">
        \(ContractForm.fields(context.site.params(R.unitListDiff), prefix: "diff", values: values, options: options,
                              labels: ["unit_id": "成员单位（名称或编号）", "kind": "清单类别", "from": "原版本", "to": "新版本"], compact: true))
        <div class="actions"><button type="submit" class="primary">比较</button></div></form>
        """
        guard !chosen.isEmpty else { return Layout.page(context, title: "清单版本差异", active: "/responsibilities/unit-lists", form) }
        let reply = context.api("GET", "\(R.api)/unit-lists/diff", query: chosen)
        guard reply.ok else {
            if reply.status == 404 { throw PageFailure.from(reply) }
            return Layout.page(context, title: "清单版本差异", active: "/responsibilities/unit-lists", status: reply.status == 403 ? 403 : 422,
                               form + Layout.notice("无法比较：\(reply.problem)", error: true))
        }
        let diff = reply.json
        let added: [HTML] = (diff["added"]?.arrayValue ?? []).map { "<tr><td>新增</td><td>\(Format.text($0["duty"]))</td><td></td><td>\(Format.text($0["basis"]))</td></tr>" }
        let removed: [HTML] = (diff["removed"]?.arrayValue ?? []).map { "<tr><td>删除</td><td>\(Format.text($0["duty"]))</td><td>\(Format.text($0["basis"]))</td><td></td></tr>" }
        let changed: [HTML] = (diff["changed"]?.arrayValue ?? []).map {
            "<tr><td>依据变更</td><td>\(Format.text($0["duty"]))</td><td>\(Format.text($0["basis_before"]))</td><td>\(Format.text($0["basis_after"]))</td></tr>"
        }
        let heading = "\(Format.text(diff["unit_name"]))\(R.label(unitListKinds, diff["kind"]))：第 \(Format.text(diff["from"])) 版 → 第 \(Format.text(diff["to"])) 版"
        return Layout.page(context, title: "清单版本差异", active: "/responsibilities/unit-lists",
                           form + "<h2>\(heading)</h2>" + R.table(["变化", "职责", "原依据", "新依据"], added + removed + changed, empty: "两个版本没有差异。"))
    }

    // MARK: - Chains

    /// "储存：区城市管理局、区应急管理局；区市场监管局": the leads before "；", cooperating units after
    /// (as the CLI's `--link`; full-width or ASCII punctuation, names split by 、 or ,).
    static func link(_ text: String) -> JSON {
        let normal = text.replacingOccurrences(of: "：", with: ":").replacingOccurrences(of: "；", with: ";")
            .replacingOccurrences(of: "，", with: ",").replacingOccurrences(of: "、", with: ",")
        let parts = normal.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let roles = (parts.dropFirst().first ?? "").split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        func names(_ s: String?) -> [JSON] {
            (s ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map { Int64($0).map(JSON.int) ?? .string($0) }
        }
        return .object(["name": .string((parts.first ?? "").trimmingCharacters(in: .whitespaces)),
                        "lead_units": .array(names(roles.first)), "cooperating_units": .array(names(roles.dropFirst().first))])
    }

    static func chainsPage(_ context: PageContext, error: String?, status: Int = 200) throws -> Response {
        let items = try context.get("\(R.api)/chains")["items"]?.arrayValue ?? []
        let rows: [HTML] = items.map { chain in
            let problems = chain["problems"]?.intValue ?? 0
            return """
            <tr><td><a href="/responsibilities/chains/\(chain["id"]?.intValue ?? 0)">\(Format.text(chain["name"]))</a></td><td class="num">第 \(Format.text(chain["version"])) 版</td>\
            <td class="num">\(Format.text(chain["links"]))</td><td class="num">\(problems > 0 ? HTML("<strong>\(problems)</strong>") : "0")</td><td class="nowrap">\(Format.date(chain["updated_at"]?.stringValue))</td></tr>
            """
        }
        var form: HTML = .empty
        if context.may(R.addChain) {
            form = """
            <details class="action"\(error == nil ? HTML.empty : HTML(" open"))><summary>新建一件事全链条</summary>
            <form method="post" action="/responsibilities/chains" class="stack">\(context.csrfField)
            <div class="field"><label for="chain-name">事项名称<span class="req" aria-hidden="true">*</span></label><input id="chain-name" name="name" type="text" maxlength="100" value="\(context.form.value("name") ?? "")" required></div>
            <div class="field"><label for="chain-links">环节（每行一个，按顺序：环节名：牵头单位；协同单位，多个单位以顿号分隔）<span class="req" aria-hidden="true">*</span></label>\
            <textarea id="chain-links" name="links" rows="6" required placeholder="生产：区应急管理局；区市场监管局">\(context.form.value("links") ?? "")</textarea></div>
            <button type="submit" class="primary">新建</button></form></details>
            """
        }
        let toolbar: HTML = "<div class=\"toolbar\"><a class=\"button\" href=\"/responsibilities/chains/check\">检查链条问题</a></div>"
        return Layout.page(context, title: "一件事全链条", active: "/responsibilities/chains", status: status,
                           Layout.notice(error, error: true) + toolbar + form + R.table(["事项", "版本", "环节数", "问题环节", "更新时间"], rows, empty: "尚未建立一件事全链条。"))
    }

    static func chainPage(_ context: PageContext) throws -> Response {
        let id = try R.id(context, what: "链条")
        let chain = try context.get("\(R.api)/chains/\(id)")
        let rows: [HTML] = (chain["links"]?.arrayValue ?? []).map { link in
            let problem: HTML = link["problem"]?.stringValue.map { _ in "<strong>\(R.label(problems, link["problem"]))</strong>：\(Format.text(link["message"]))" } ?? "无"
            return """
            <tr><td class="num">\(Format.text(link["position"]))</td><td>\(Format.text(link["name"]))</td>\
            <td>\(R.unitNames(link["lead_units"]?.arrayValue ?? [], withRole: false))</td><td>\(R.unitNames(link["cooperating_units"]?.arrayValue ?? [], withRole: false))</td><td>\(problem)</td></tr>
            """
        }
        let done: String? = context.request.query("done") == "add" ? "链条已建立。" : nil
        return Layout.page(context, title: "一件事全链条：\(Format.text(chain["name"]))", active: "/responsibilities/chains",
                           Layout.notice(done) + facts([("版本", "第 \(Format.text(chain["version"])) 版"), ("问题环节", "\(Format.text(chain["problems"])) 个"), ("更新时间", "\(Format.date(chain["updated_at"]?.stringValue))")])
                           + R.table(["序号", "环节", "牵头单位", "协同单位", "问题"], rows, empty: "该链条没有环节。"))
    }

    static func checkPage(_ context: PageContext) throws -> Response {
        let items = try context.get("\(R.api)/chains/check")["items"]?.arrayValue ?? []
        let rows: [HTML] = items.map { issue in
            """
            <tr><td>\(Format.text(issue["chain"]))</td><td class="num">\(Format.text(issue["position"]))</td><td>\(Format.text(issue["link"]))</td>\
            <td>\(R.label(problems, issue["problem"]))</td><td>\(Format.text(issue["leads"]))</td><td>\(Format.text(issue["message"]))</td></tr>
            """
        }
        return Layout.page(context, title: "全链条检查", active: "/responsibilities/chains",
                           "<p class=\"hint\">列出没有责任单位（缺位）、没有牵头单位或有多个牵头单位（交叉）的环节。</p>"
                           + R.table(["事项", "序号", "环节", "问题", "牵头单位", "说明"], rows, caption: "共 \(items.count) 个问题", empty: "各链条均无问题。"))
    }
}
