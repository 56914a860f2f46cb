// HTTP: /api/v1/supervision/... — thin: the kernel reads what each route declares, the handler
// calls the service and answers what it declares.
import HTTP
import Kernel

struct SupervisionRoutes {
    let base = "/api/v1/supervision"

    func route(_ method: String, _ path: String, _ summary: String, access: RouteAccess = .anyUser, params: Contract = .none, body: Contract? = nil,
               reply: Reply, status: Int = 200, errors: [Int] = [], answersSecret: Bool = false,
               _ handler: @escaping @Sendable (APIRequest) throws -> Response) -> APIRoute {
        APIRoute(method, base + path, summary: summary, tag: "supervision", access: access, params: params, body: body, reply: reply,
                 successStatus: status, errors: errors, answersSecret: answersSecret, handler: handler)
    }

    /// `?year=`, this year by default.
    static func year(_ request: APIRequest) -> Int { request.params.smallInt("year") ?? request.core.today.year }

    /// A short whole list.
    static func items(_ list: [JSON]) -> Response { APIResponse.json(.object(["items": .array(list)])) }

    /// The paging of a list route: none for a CSV export (every matching row).
    static func paging(_ request: APIRequest) -> Paging? { request.wantsCSV ? nil : request.paging }

    func all() -> [APIRoute] {
        groups() + configuration() + inspections() + findings() + notices() + draws() + ladder() + assessment()
    }

    func groups() -> [APIRoute] {
        let group = Reply.object(GroupFields.reply)
        return [
            route("GET", "/groups", "List supervision groups with members and coverage (?year=)", params: GroupFields.year, reply: .items(GroupFields.reply)) { r in
                SupervisionRoutes.items(try GroupService(core: r.core).list(year: SupervisionRoutes.year(r)))
            },
            route("POST", "/groups", "Create a supervision group", access: .office, body: GroupFields.create, reply: group, status: 201) { r in
                let record = try r.core.write(r.actor) { try GroupService(core: r.core).create(r.input, $0) }
                return APIResponse.record(record, status: 201, location: "\(base)/groups/\(Render.cell(record["id"]))")
            },
            route("GET", "/groups/{id:int}", "Get one supervision group (?year=)", params: GroupFields.year, reply: group) { r in
                APIResponse.record(try GroupService(core: r.core).get(try r.id(), year: SupervisionRoutes.year(r)))
            },
            route("PATCH", "/groups/{id:int}", "Change a group's name, leader or note (If-Match)", access: .office, body: GroupFields.update, reply: group) { r in
                let id = try r.id(), version = try r.ifMatchVersion()
                return APIResponse.record(try r.core.write(r.actor) { try GroupService(core: r.core).update(id, r.input, ifVersion: version, $0) })
            },
            route("POST", "/groups/{id:int}/members", "Add a member (a person of a member unit)", access: .office, body: GroupFields.addMember, reply: group, status: 201) { r in
                let id = try r.id()
                return APIResponse.record(try r.core.write(r.actor) { try GroupService(core: r.core).addMember(id, r.input, $0) }, status: 201)
            },
            route("PUT", "/groups/{id:int}/coverage", "Set the territories a group covers in a quarter", access: .office, body: GroupFields.coverage,
                  reply: .object(GroupFields.coverageReply)) { r in
                let id = try r.id()
                return APIResponse.json(try r.core.write(r.actor) { try GroupService(core: r.core).setCoverage(id, r.input, $0) })
            },
            route("GET", "/coverage", "The coverage matrix group × territory × quarter (?year=&quarter=); its cells as CSV with Accept: text/csv",
                  access: .roles([.admin, .office, .unit, .town, .inspector]), params: GroupFields.matrixFilters, reply: GroupFields.matrixReply) { r in
                let matrix = try CoverageService(core: r.core).matrix(year: SupervisionRoutes.year(r), quarter: r.params.smallInt("quarter"), actor: r.actor)
                if r.wantsCSV { return APIResponse.csv(matrix["cells"]?.arrayValue ?? [], columns: GroupFields.cellColumns) }
                return APIResponse.json(matrix)
            },
        ]
    }

    func configuration() -> [APIRoute] {
        [
            route("GET", "/campaigns", "Campaign windows (两会, 中秋, 国庆 …)", reply: .items(GroupFields.campaignReply)) { r in
                SupervisionRoutes.items(try ConfigService(core: r.core).campaigns())
            },
            route("POST", "/campaigns", "Add a campaign window", access: .office, body: GroupFields.campaign, reply: .object(GroupFields.campaignReply), status: 201) { r in
                let record = try r.core.write(r.actor) { try ConfigService(core: r.core).addCampaign(r.input, $0) }
                return APIResponse.record(record, status: 201, location: "\(base)/campaigns/\(Render.cell(record["id"]))")
            },
            route("GET", "/checklists", "Checklists with scored items", reply: .items(GroupFields.checklistReply)) { r in
                SupervisionRoutes.items(try ConfigService(core: r.core).checklists())
            },
            route("GET", "/checklists/{id:int}", "One checklist", reply: .object(GroupFields.checklistReply)) { r in
                let id = try r.id()
                return APIResponse.record(try r.core.read { try ConfigService(core: r.core).checklist(id, $0) })
            },
            route("POST", "/checklists", "Add a checklist with its scored items", access: .office, body: GroupFields.checklist,
                  reply: .object(GroupFields.checklistReply), status: 201) { r in
                let record = try r.core.write(r.actor) { try ConfigService(core: r.core).addChecklist(r.input, $0) }
                return APIResponse.record(record, status: 201, location: "\(base)/checklists/\(Render.cell(record["id"]))")
            },
        ]
    }
}
