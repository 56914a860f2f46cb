// Routes of the responsibility lists (leaders' lists, unit lists, chains, internal groups).
import Kernel

enum ListRoutes {
    static let base = ResponsibilitiesRoutes.base
    static let tag = ResponsibilitiesRoutes.tag

    static func strings(_ value: JSON?) -> [String] { (value?.arrayValue ?? []).compactMap { $0.stringValue ?? $0.intValue.map { String($0) } } }

    static func routes(_ core: Core) -> [APIRoute] {
        [
            APIRoute("POST", "\(base)/leader-lists", summary: "Record a leader's duty or work list {kind, year, person, content}", tag: tag, access: .adminOnly, successStatus: 201) { request in
                let body = try request.object()
                let id = try request.core.write(request.actor) { tx in
                    try ListService.fileLeaderList(kind: body["kind"]?.stringValue ?? "", year: Int(body["year"]?.intValue ?? 0),
                                                   person: body["person"]?.stringValue ?? body["person"]?.intValue.map { String($0) } ?? "", content: body["content"]?.stringValue ?? "", tx)
                }
                return APIResponse.json(.object(["id": .int(id)]), status: 201)
            },
            APIRoute("GET", "\(base)/leader-lists", summary: "Who filed (?kind=work&year=2024)", tag: tag, access: .adminOnly,
                     query: [QueryParameter("kind", "duty | work"), QueryParameter("year", "the year")]) { request in
                guard let text = request.query("year") else { throw DomainError.validation([FieldError("year", "required", "give ?year=")]) }
                guard let year = Int(text), CalendarDate.sensibleYears.contains(year) else {
                    throw DomainError.validation([FieldError("year", "range", "year must be a year from \(CalendarDate.sensibleYears.lowerBound) to \(CalendarDate.sensibleYears.upperBound), got '\(text)'")])
                }
                let items = try request.core.read { try ListService.leaderListStatus(kind: request.query("kind") ?? "work", year: year, today: request.core.today, $0) }
                return APIResponse.page(Page(items: items, next: nil), request: request)
            },
            APIRoute("POST", "\(base)/unit-lists", summary: "Add a version of a unit's list {unit, kind, effective_from, items: [{duty, basis}]}", tag: tag,
                     access: .roles([.admin, .unit]), successStatus: 201) { request in
                let body = try request.object()
                guard let effective = body["effective_from"]?.stringValue.flatMap(CalendarDate.init(iso:)) else {
                    throw DomainError.validation([FieldError("effective_from", "date", "expected YYYY-MM-DD")])
                }
                let items = (body["items"]?.arrayValue ?? []).map { ListItem(duty: $0["duty"]?.stringValue ?? "", basis: $0["basis"]?.stringValue ?? "") }
                let list = try request.core.write(request.actor) { tx in
                    try ListService.addUnitList(unit: body["unit"]?.stringValue ?? body["unit"]?.intValue.map { String($0) } ?? "", kind: body["kind"]?.stringValue ?? "",
                                                effectiveFrom: effective, items: items, tx)
                }
                return APIResponse.json(list, status: 201)
            },
            APIRoute("GET", "\(base)/unit-lists", summary: "Unit lists (all versions)", tag: tag, access: .roles([.admin, .unit]), query: [QueryParameter("unit", "a unit")]) { request in
                let items = try request.core.read { try ListService.unitLists(unit: request.query("unit"), actor: request.actor, $0) }
                return APIResponse.page(Page(items: items, next: nil), request: request)
            },
            APIRoute("GET", "\(base)/unit-lists/diff", summary: "Differences between two versions (?unit=&kind=&from=&to=)", tag: tag, access: .roles([.admin, .unit])) { request in
                guard let from = request.query("from").flatMap(Int64.init), let to = request.query("to").flatMap(Int64.init) else {
                    throw DomainError.validation([FieldError("from", "required", "give ?from= and ?to= versions")])
                }
                let diff = try request.core.read { try ListService.diff(unit: request.query("unit") ?? "", kind: request.query("kind") ?? "", from: from, to: to, actor: request.actor, $0) }
                return APIResponse.json(diff)
            },
            APIRoute("POST", "\(base)/chains", summary: "Define a one-matter chain {name, links: [{name, lead_units, cooperating_units}]}", tag: tag, access: .adminOnly, successStatus: 201) { request in
                let body = try request.object()
                let links = (body["links"]?.arrayValue ?? []).map { LinkInput(name: $0["name"]?.stringValue ?? "", leads: strings($0["lead_units"]), cooperating: strings($0["cooperating_units"])) }
                let id = try request.core.write(request.actor) { tx in try ListService.addChain(name: body["name"]?.stringValue ?? "", links: links, tx) }
                return APIResponse.json(.object(["id": .int(id)]), status: 201)
            },
            APIRoute("GET", "\(base)/chains/check", summary: "Links with no unit and links with two leads", tag: tag, access: .roles([.admin, .unit, .town])) { request in
                let issues = try request.core.read { try ListService.checkChains($0) }
                return APIResponse.page(Page(items: issues, next: nil), request: request)
            },
            APIRoute("POST", "\(base)/unit-groups", summary: "Set a unit's internal safety leading group {unit, head, members}; the head must be its principal leader", tag: tag,
                     access: .roles([.admin, .unit])) { request in
                let body = try request.object()
                let group = try request.core.write(request.actor) { tx in
                    try ListService.setGroup(unit: body["unit"]?.stringValue ?? body["unit"]?.intValue.map { String($0) } ?? "",
                                             head: body["head"]?.stringValue ?? body["head"]?.intValue.map { String($0) } ?? "", members: strings(body["members"]), tx)
                }
                return APIResponse.json(group)
            },
        ]
    }
}
