// Routes of the responsibility lists (leaders' lists, unit lists, chains, internal groups).
import HTTP
import Kernel

enum ListRoutes {
    static let base = ResponsibilitiesRoutes.base, tag = ResponsibilitiesRoutes.tag
    static let unitRoles = RouteAccess.roles([.admin, .office, .unit])
    static let chainReaders = RouteAccess.roles([.admin, .office, .unit, .town])

    static func routes() -> [APIRoute] { listRoutes() + BusinessFormRoutes.routes() }

    static func listRoutes() -> [APIRoute] {
        [
            APIRoute("POST", "\(base)/leader-lists", summary: "Record a leader's duty list or annual work list", tag: tag, access: .office,
                     body: ListContracts.fileLeaderList, reply: .object(ListContracts.created), successStatus: 201) { request in
                let input = ListInput.LeaderList(request.input)
                let id = try request.core.write(request.actor) { tx in
                    try ListService.fileLeaderList(kind: input.kind, year: input.year, personID: input.personID, content: input.content, tx)
                }
                return APIResponse.json(.object(["id": .int(id)]), status: 201)
            },
            APIRoute("GET", "\(base)/leader-lists", summary: "See who has filed a year's list as of a day (late filings by how many days), and who has not", tag: tag, access: .office,
                     params: ListContracts.leaderListStatus, reply: .items(ListContracts.leaderStatus, csv: true)) { request in
                let query = ListInput.LeaderStatus(request.params)
                let asOf = query.asOf ?? request.core.today, yellow = request.core.settings.colourRules.yellowDaysBefore
                let items = try request.core.read {
                    try ListService.leaderListStatus(kind: query.kind, year: query.year, missingOnly: query.missing, tier: query.tier, asOf: asOf, yellowDays: yellow, $0)
                }
                return APIResponse.items(items, request: request)
            },
            APIRoute("GET", "\(base)/leader-lists/{id:int}", summary: "Read a filed leader's list with its content (the office any; a unit its own principal leader's)", tag: tag,
                     access: unitRoles, reply: .object(ListContracts.leaderList)) { request in
                let id = try request.id()
                return APIResponse.json(try request.core.read { try ListService.leaderList(id, actor: request.actor, $0) })
            },
            APIRoute("POST", "\(base)/leader-lists/committee", summary: "Register one of the committee's responsible comrades (区安委会负责同志)", tag: tag, access: .office,
                     body: ListContracts.addCommitteeLeader, reply: .object(ListContracts.committeeLeader), successStatus: 201) { request in
                let input = ListInput.CommitteeLeader(request.input)
                let leader = try request.core.write(request.actor) { tx in try ListService.addCommitteeLeader(personID: input.personID, title: input.title, tx) }
                return APIResponse.json(leader, status: 201)
            },
            APIRoute("GET", "\(base)/leader-lists/committee", summary: "List the committee's responsible comrades (区安委会负责同志)", tag: tag, access: .office,
                     reply: .items(ListContracts.committeeLeader, csv: true)) { request in
                APIResponse.items(try request.core.read { try ListService.committeeLeaders($0) }, request: request)
            },
            APIRoute("DELETE", "\(base)/leader-lists/committee/{id:int}", summary: "Remove a committee leader from those expected to file (lists filed stay)", tag: tag,
                     access: .office, reply: .empty, successStatus: 204) { request in
                let id = try request.id()
                try request.core.write(request.actor) { tx in try ListService.removeCommitteeLeader(id, tx) }
                return Response(status: 204)
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
            APIRoute("GET", "\(base)/chains", summary: "List one-matter chains: name, version, links and how many have a problem", tag: tag,
                     access: chainReaders, reply: .items(ListContracts.chainSummary, csv: true)) { request in
                APIResponse.items(try request.core.read { try ListService.chains($0) }, request: request)
            },
            APIRoute("GET", "\(base)/chains/{id:int}", summary: "Read one chain with its links, units and problems", tag: tag,
                     access: chainReaders, reply: .object(ListContracts.chain)) { request in
                let id = try request.id()
                return APIResponse.record(try request.core.read { try ListService.chain(id, $0) })
            },
            APIRoute("PATCH", "\(base)/chains/{id:int}", summary: "Revise a chain: its links replaced (and its name, if given) as a new version, audited", tag: tag,
                     access: .office, body: ListContracts.reviseChain, reply: .object(ListContracts.chain)) { request in
                let id = try request.id()
                let input = ListInput.Chain(request.input)
                let chain = try request.core.write(request.actor) { tx in try ListService.reviseChain(id, name: input.named ? input.name : nil, links: input.links, tx) }
                return APIResponse.record(chain)
            },
            APIRoute("GET", "\(base)/chains/check", summary: "Check the chains: links with no unit (gaps), no lead, or two leads (overlaps)", tag: tag,
                     access: chainReaders, reply: .items(ListContracts.chainIssue, csv: true)) { request in
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
