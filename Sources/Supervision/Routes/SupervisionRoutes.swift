// HTTP: /api/v1/supervision/... — thin: parse, call the service, render.
import HTTP
import Kernel

struct SupervisionRoutes {
    let base = "/api/v1/supervision"

    private func route(_ method: String, _ path: String, _ summary: String, access: RouteAccess = .anyUser, query: [QueryParameter] = [],
                       status: Int = 200, _ handler: @escaping @Sendable (APIRequest) throws -> Response) -> APIRoute {
        APIRoute(method, base + path, summary: summary, tag: "supervision", access: access, query: query,
                 requestSchema: method == "GET" ? nil : .object(["type": "object"]), responseSchema: .object(["type": "object"]),
                 successStatus: status, handler: handler)
    }

    static func year(_ request: APIRequest) throws -> Int {
        guard let text = request.query("year") else { return request.core.today.year }
        guard let year = Int(text), (2000...2100).contains(year) else { throw DomainError(.badRequest, "year must be a year such as 2024, got '\(text)'") }
        return year
    }

    static func int(_ request: APIRequest, _ name: String) throws -> Int64? {
        guard let text = request.query(name) else { return nil }
        guard let v = Int64(text), v > 0 else { throw DomainError(.badRequest, "\(name) must be a positive id, got '\(text)'") }
        return v
    }

    static func list(_ items: [JSON], _ request: APIRequest) -> Response {
        APIResponse.page(Page(items: items, next: nil), request: request)
    }

    static func object(_ request: APIRequest) throws -> [String: JSON] {
        request.http.body.isEmpty ? [:] : try request.object()
    }

    func all() -> [APIRoute] {
        groups() + inspections() + findings() + draws() + ladder() + assessment()
    }

    func groups() -> [APIRoute] {
        [
            route("GET", "/groups", "List supervision groups with members and coverage (?year=)", query: [QueryParameter("year", "coverage of this year")]) { r in
                SupervisionRoutes.list(try GroupService(core: r.core).list(year: try SupervisionRoutes.year(r)), r)
            },
            route("POST", "/groups", "Create a supervision group", access: .adminOnly, status: 201) { r in
                let body = try r.object()
                let record = try r.core.write(r.actor) { try GroupService(core: r.core).create(body, $0) }
                return APIResponse.record(record, status: 201, location: "\(base)/groups/\(Render.cell(record["id"]))")
            },
            route("GET", "/groups/{id:int}", "Get one supervision group", query: [QueryParameter("year", "coverage of this year")]) { r in
                APIResponse.record(try GroupService(core: r.core).get(try r.id(), year: try SupervisionRoutes.year(r)))
            },
            route("PATCH", "/groups/{id:int}", "Change a group's name, leader or note (If-Match)", access: .adminOnly) { r in
                let id = try r.id(), version = try r.ifMatchVersion(), body = try r.object()
                return APIResponse.record(try r.core.write(r.actor) { try GroupService(core: r.core).update(id, body, ifVersion: version, $0) })
            },
            route("POST", "/groups/{id:int}/members", "Add a member (a person of a member unit)", access: .adminOnly, status: 201) { r in
                let id = try r.id(), body = try r.object()
                return APIResponse.record(try r.core.write(r.actor) { try GroupService(core: r.core).addMember(id, body, $0) }, status: 201)
            },
            route("PUT", "/groups/{id:int}/coverage", "Set the territories a group covers in a quarter {quarter, territory_ids}", access: .adminOnly) { r in
                let id = try r.id(), body = try r.object()
                return APIResponse.json(try r.core.write(r.actor) { try GroupService(core: r.core).setCoverage(id, body, $0) })
            },
            route("GET", "/coverage", "The coverage matrix group × territory × quarter (?year=&quarter=)",
                  query: [QueryParameter("year", "the year"), QueryParameter("quarter", "1-4: one quarter only")]) { r in
                var quarter: Int?
                if let q = r.query("quarter") {
                    guard let n = Int(q), (1...4).contains(n) else { throw DomainError(.badRequest, "quarter must be 1, 2, 3 or 4, got '\(q)'") }
                    quarter = n
                }
                let matrix = try CoverageService(core: r.core).matrix(year: try SupervisionRoutes.year(r), quarter: quarter, actor: r.actor)
                if r.wantsCSV { return APIResponse.csv(matrix["cells"]?.arrayValue ?? []) }
                return APIResponse.json(matrix)
            },
            route("GET", "/campaigns", "Campaign windows (两会, 中秋, 国庆 …)") { r in SupervisionRoutes.list(try ConfigService(core: r.core).campaigns(), r) },
            route("POST", "/campaigns", "Add a campaign window", access: .adminOnly, status: 201) { r in
                let body = try r.object()
                let record = try r.core.write(r.actor) { try ConfigService(core: r.core).addCampaign(body, $0) }
                return APIResponse.record(record, status: 201, location: "\(base)/campaigns/\(Render.cell(record["id"]))")
            },
            route("GET", "/checklists", "Checklists with scored items") { r in SupervisionRoutes.list(try ConfigService(core: r.core).checklists(), r) },
            route("GET", "/checklists/{id:int}", "One checklist") { r in
                let id = try r.id()
                return APIResponse.record(try r.core.read { try ConfigService(core: r.core).checklist(id, $0) })
            },
            route("POST", "/checklists", "Add a checklist {name, items: [{code, text, points}]}", access: .adminOnly, status: 201) { r in
                let body = try r.object()
                let record = try r.core.write(r.actor) { try ConfigService(core: r.core).addChecklist(body, $0) }
                return APIResponse.record(record, status: 201, location: "\(base)/checklists/\(Render.cell(record["id"]))")
            },
        ]
    }

    func inspections() -> [APIRoute] {
        [
            route("GET", "/inspections", "List inspections", query: [QueryParameter("group_id", "by group"), QueryParameter("territory_id", "by territory"),
                                                                     QueryParameter("mode", "overt|covert|unannounced|expert"), QueryParameter("quarter", "e.g. 2024-Q2"), .limit, .after]) { r in
                let filter = InspectionStore.Filter(groupID: try SupervisionRoutes.int(r, "group_id"), territoryID: try SupervisionRoutes.int(r, "territory_id"),
                                                    mode: r.query("mode"), quarter: r.query("quarter"), after: try r.query("after").map(Cursor.decode),
                                                    limit: r.wantsCSV ? 100_000 : try r.limit())
                return APIResponse.page(try r.core.read { try InspectionStore.list(filter, actor: r.actor, $0) }, request: r)
            },
            route("POST", "/inspections", "Record an inspection (with findings)", access: .roles([.admin, .inspector, .unit]), status: 201) { r in
                let body = try r.object()
                let record = try r.core.write(r.actor) { try InspectionService(core: r.core).record(body, $0) }
                return APIResponse.record(record, status: 201, location: "\(base)/inspections/\(Render.cell(record["id"]))")
            },
            route("GET", "/inspections/{id:int}", "One inspection with its findings") { r in
                APIResponse.record(try InspectionService(core: r.core).get(try r.id(), actor: r.actor))
            },
            route("POST", "/inspections/{id:int}/findings", "Record a finding of an inspection", access: .roles([.admin, .inspector, .unit]), status: 201) { r in
                let id = try r.id(), body = try r.object()
                let record = try r.core.write(r.actor) { try FindingService(core: r.core).record(inspection: id, body, $0) }
                return APIResponse.record(record, status: 201, location: "\(base)/findings/\(Render.cell(record["id"]))")
            },
        ]
    }

    func findings() -> [APIRoute] {
        var routes = [
            route("GET", "/findings", "The rectification list (整改问题清单)",
                  query: [QueryParameter("status", "open|rectifying|rectified|closed"), QueryParameter("responsible_kind", "unit|territory|enterprise"),
                          QueryParameter("responsible_id", "the body"), QueryParameter("territory_id", "where"), QueryParameter("is_hazard", "true|false"),
                          QueryParameter("overdue", "true: past deadline, not rectified"), QueryParameter("year", "deadline year"), .limit, .after]) { r in
                var year: Int?
                if r.query("year") != nil { year = try SupervisionRoutes.year(r) }
                let filter = FindingStore.Filter(inspectionID: nil, status: r.query("status"), responsibleKind: r.query("responsible_kind"),
                                                 responsibleID: try SupervisionRoutes.int(r, "responsible_id"), territoryID: try SupervisionRoutes.int(r, "territory_id"),
                                                 isHazard: r.query("is_hazard").map { $0 == "true" }, overdueOn: r.query("overdue") == "true" ? r.core.today : nil,
                                                 year: year, after: try r.query("after").map(Cursor.decode), limit: r.wantsCSV ? 100_000 : try r.limit())
                return APIResponse.page(try r.core.read { try FindingStore.list(filter, actor: r.actor, $0, today: r.core.today) }, request: r)
            },
            route("GET", "/findings/{id:int}", "One finding with its progress, evidence and re-checks") { r in
                APIResponse.record(try FindingService(core: r.core).get(try r.id(), actor: r.actor))
            },
        ]
        for action in [FindingService.Action.progress, .complete, .recheck] {
            routes.append(route("POST", "/findings/{id:int}/actions/\(action.rawValue)", "Finding: \(action.rawValue)") { r in
                let id = try r.id(), body = try r.object()
                return APIResponse.record(try r.core.write(r.actor) { try FindingService(core: r.core).act(id, action, body, $0) })
            })
        }
        routes += [
            route("GET", "/notices", "Rectification notices") { r in SupervisionRoutes.list(try NoticeService(core: r.core).list(actor: r.actor), r) },
            route("POST", "/notices", "Issue a rectification notice merging a body's open findings", access: .adminOnly, status: 201) { r in
                let body = try r.object()
                let record = try r.core.write(r.actor) { try NoticeService(core: r.core).issue(body, $0) }
                return APIResponse.record(record, status: 201, location: "\(base)/notices/\(Render.cell(record["id"]))")
            },
            route("GET", "/notices/{id:int}", "One rectification notice") { r in
                let id = try r.id()
                return APIResponse.record(try r.core.read { try NoticeService(core: r.core).json(id, actor: r.actor, $0) })
            },
            route("GET", "/notices/{id:int}/html", "The printable notice (HTML)") { r in
                Response(status: 200, contentType: "text/html; charset=utf-8", body: Array(try NoticeService(core: r.core).html(try r.id(), actor: r.actor).utf8))
            },
        ]
        return routes
    }

    func draws() -> [APIRoute] {
        let roles = RouteAccess.roles([.admin, .inspector])
        return [
            route("GET", "/draws", "四不两直 draws (sealed ones show only their commitment)", access: roles) { r in
                SupervisionRoutes.list(try DrawService(core: r.core).list(actor: r.actor), r)
            },
            route("POST", "/draws", "Plan a 四不两直 round: returns the sealed envelope once", access: roles, status: 201) { r in
                let body = try SupervisionRoutes.object(r)
                let result = try r.core.write(r.actor) { try DrawService(core: r.core).plan(body, $0) }
                return APIResponse.json(result, status: 201)
            },
            route("GET", "/draws/{id:int}", "One draw", access: roles) { r in APIResponse.json(try DrawService(core: r.core).get(try r.id(), actor: r.actor)) },
            route("POST", "/draws/{id:int}/actions/reveal", "Reveal the sealed list after the visit {targets, secret}", access: roles) { r in
                let id = try r.id(), body = try r.object()
                return APIResponse.json(try r.core.write(r.actor) { try DrawService(core: r.core).reveal(id, body, $0) })
            },
            route("GET", "/draws/{id:int}/verify", "Check a revealed draw against its commitment", access: roles) { r in
                APIResponse.json(try DrawService(core: r.core).verify(try r.id(), actor: r.actor))
            },
        ]
    }
}
