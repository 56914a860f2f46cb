// Routes of the responsibility lists (leaders' lists, unit lists, chains, internal groups).
import Kernel

enum ListRoutes {
    static let base = ResponsibilitiesRoutes.base, tag = ResponsibilitiesRoutes.tag
    static let unitRoles = RouteAccess.roles([.admin, .office, .unit])

    static func routes() -> [APIRoute] {
        [
            APIRoute("POST", "\(base)/leader-lists", summary: "Record a leader's duty list or annual work list", tag: tag, access: .office,
                     body: ListContracts.fileLeaderList, reply: .object(ListContracts.created), successStatus: 201) { request in
                let input = ListInput.LeaderList(request.input)
                let id = try request.core.write(request.actor) { tx in
                    try ListService.fileLeaderList(kind: input.kind, year: input.year, personID: input.personID, content: input.content, tx)
                }
                return APIResponse.json(.object(["id": .int(id)]), status: 201)
            },
            APIRoute("GET", "\(base)/leader-lists", summary: "Who has filed a year's list, and who has not", tag: tag, access: .office,
                     params: ListContracts.leaderListStatus, reply: .items(ListContracts.leaderStatus, csv: true)) { request in
                let query = ListInput.LeaderStatus(request.params)
                let items = try request.core.read {
                    try ListService.leaderListStatus(kind: query.kind, year: query.year, missingOnly: query.missing, today: request.core.today, $0)
                }
                return APIResponse.items(items, request: request)
            },
            APIRoute("POST", "\(base)/unit-lists", summary: "Add a version of a unit's list (三管三必须, 权责, 公共服务, 中介服务)", tag: tag,
                     access: unitRoles, body: ListContracts.addUnitList, reply: .object(ListContracts.unitList), successStatus: 201) { request in
                let input = ListInput.UnitList(request.input)
                let list = try request.core.write(request.actor) { tx in
                    try ListService.addUnitList(unitID: input.unitID, kind: input.kind, effectiveFrom: input.effectiveFrom, items: input.items, tx)
                }
                return APIResponse.json(list, status: 201)
            },
            APIRoute("GET", "\(base)/unit-lists", summary: "Unit lists, every version", tag: tag, access: unitRoles,
                     params: ListContracts.unitListFilter, reply: .page(ListContracts.unitList)) { request in
                let (after, limit) = try ResponsibilitiesRoutes.paging(request)
                let page = try request.core.read { db in
                    try ListService.unitLists(unitID: request.params.id("unit_id"), kind: request.params.choice("kind", UnitListKind.self),
                                              after: after, limit: limit, actor: request.actor, db)
                }
                return APIResponse.page(page, request: request)
            },
            APIRoute("GET", "\(base)/unit-lists/diff", summary: "What changed between two versions of a unit's list", tag: tag, access: unitRoles,
                     params: ListContracts.diff, reply: .object(ListContracts.diffReply)) { request in
                let query = ListInput.Diff(request.params)
                let diff = try request.core.read {
                    try ListService.diff(unitID: query.unitID, kind: query.kind, from: query.from, to: query.to, actor: request.actor, $0)
                }
                return APIResponse.json(diff)
            },
            APIRoute("POST", "\(base)/chains", summary: "Define a one-matter chain (一件事全链条) and its links", tag: tag, access: .office,
                     body: ListContracts.addChain, reply: .object(ListContracts.created), successStatus: 201) { request in
                let input = ListInput.Chain(request.input)
                let id = try request.core.write(request.actor) { tx in try ListService.addChain(name: input.name, links: input.links, tx) }
                return APIResponse.json(.object(["id": .int(id)]), status: 201)
            },
            APIRoute("GET", "\(base)/chains/check", summary: "Links with no unit (gaps) and links with two leads (overlaps)", tag: tag,
                     access: .roles([.admin, .office, .unit, .town]), reply: .items(ListContracts.chainIssue, csv: true)) { request in
                APIResponse.items(try request.core.read { try ListService.checkChains($0) }, request: request)
            },
            APIRoute("POST", "\(base)/unit-groups", summary: "Set a unit's internal safety leading group; its head must be the unit's principal leader", tag: tag,
                     access: unitRoles, body: ListContracts.setGroup, reply: .object(ListContracts.group)) { request in
                let input = ListInput.Group(request.input)
                let group = try request.core.write(request.actor) { tx in
                    try ListService.setGroup(unitID: input.unitID, headID: input.headID, members: input.members, tx)
                }
                return APIResponse.json(group)
            },
        ]
    }
}
