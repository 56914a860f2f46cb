// `/api/v1/hazards/...`: the register, its actions, timeline, attachments, stats and catalogues.
// Thin: parse, call the service, render.
import HTTP
import Kernel

enum HazardsRoutes {
    static let base = "/api/v1/hazards"
    static let tag = "hazards"
    static let object: JSON = .object(["type": "object"])

    static func given(_ request: APIRequest) throws -> Given {
        request.http.body.isEmpty ? Given([:]) : Given(try request.object())
    }

    static func routes(_ service: HazardService) -> [APIRoute] {
        let filterQuery = HazardService.filterNames.filter { $0 != "q" }.map { QueryParameter($0, "only hazards with this \($0)") }
        var routes: [APIRoute] = [
            APIRoute("GET", base, summary: "List hazards (filters, ?q= full text in Chinese, keyset paging, CSV)", tag: tag, access: .anyUser,
                     query: filterQuery + [.q, .limit, .after], responseSchema: object) { request in
                let after = try request.query("after").map(Cursor.decode)
                if request.wantsCSV {
                    let page = try request.core.read { db in
                        try HazardStore.list(try service.filters(request.query, db), actor: request.actor, today: request.core.today,
                                             settings: service.settings, after: after, limit: 100_000, db)
                    }
                    return APIResponse.page(page, request: request)
                }
                let limit = try request.limit()
                return try request.core.read { db in
                    let filters = try service.filters(request.query, db)
                    return try APIResponse.page(request: request, capacity: HazardListWriter.pageCapacity(limit)) { out in
                        try HazardListWriter.write(filters, actor: request.actor, today: request.core.today, settings: service.settings,
                                                   after: after, limit: limit, db, into: &out)
                    }
                }
            },
            APIRoute("POST", base, summary: "Register a hazard", tag: tag, access: .roles([.admin, .unit, .town, .inspector, .enterprise]),
                     requestSchema: object, responseSchema: object, successStatus: 201) { request in
                let body = try given(request)
                let json = try request.core.write(request.actor) { tx in try service.register(body, tx) }
                return APIResponse.record(json, status: 201, location: "\(base)/\(Render.cell(json["id"]))")
            },
            APIRoute("GET", "\(base)/{id:int}", summary: "Get one hazard", tag: tag, access: .anyUser, responseSchema: object) { request in
                let id = try request.id()
                return APIResponse.record(try request.core.read { try service.get(id, actor: request.actor, today: request.core.today, $0) })
            },
            APIRoute("GET", "\(base)/{id:int}/timeline", summary: "The hazard's history: every action, who, when, attachments", tag: tag, access: .anyUser,
                     responseSchema: object) { request in
                let id = try request.id()
                return APIResponse.json(try request.core.read { try service.timeline(id, actor: request.actor, $0) })
            },
            APIRoute("POST", "\(base)/{id:int}/attachments", summary: "Attach a photo or document (name, media_type, content_base64)", tag: tag,
                     access: .roles([.admin, .unit, .town, .enterprise]), requestSchema: object, responseSchema: object, successStatus: 201) { request in
                let id = try request.id()
                var body = try given(request)
                let name = body.text("name", required: true, max: 200)
                let type = body.text("media_type")
                try body.check()
                let bytes = try AttachmentService.decode(body.values["content_base64"]?.stringValue, field: "content_base64")
                let json = try request.core.write(request.actor) { tx in try service.attach(id, name: name ?? "", declaredType: type, bytes: bytes, tx) }
                return APIResponse.record(json, status: 201, location: "\(base)/\(id)/attachments/\(Render.cell(json["id"]))")
            },
            APIRoute("GET", "\(base)/{id:int}/attachments/{attachment:int}", summary: "Download an attachment", tag: tag, access: .anyUser) { request in
                let id = try request.id()
                let attachment = try request.id("attachment")
                let file = try request.core.read { try service.attachment(id, attachment, actor: request.actor, $0) }
                var response = Response(status: 200, contentType: file.mediaType, body: file.bytes)
                response.headers.set("Content-Disposition", "attachment; filename=\"attachment-\(attachment)\"")
                return response
            },
            APIRoute("GET", "\(base)/stats", summary: "Stock (存量) vs new, open, overdue, closed this year, by territory, sector or unit", tag: tag,
                     access: .anyUser, query: [QueryParameter("by", "territory | sector | unit")] + filterQuery, responseSchema: object) { request in
                let byText = request.query("by") ?? "territory"
                guard let by = StatsDimension(rawValue: byText) else {
                    throw DomainError.validation([FieldError("by", "choice", "by must be territory, sector or unit, got '\(byText)'")])
                }
                let items = try request.core.read { db in
                    try service.stats(by: by, filters: try service.filters(request.query, db), actor: request.actor, today: request.core.today, db)
                }
                if request.wantsCSV { return APIResponse.csv(items) }
                return APIResponse.json(.object(["by": .string(by.rawValue), "as_of": .string(request.core.today.iso), "items": .array(items)]))
            },
            APIRoute("GET", "\(base)/standards", summary: "The determination-standard catalogue (判定标准) with clauses", tag: tag, access: .anyUser,
                     responseSchema: object) { request in
                APIResponse.json(.object(["items": .array(try request.core.read { try service.standards($0) })]))
            },
            APIRoute("POST", "\(base)/standards", summary: "Add a determination standard", tag: tag, access: .adminOnly,
                     requestSchema: object, responseSchema: object, successStatus: 201) { request in
                let body = try given(request)
                let json = try request.core.write(request.actor) { tx in try service.addStandard(body, tx) }
                return APIResponse.record(json, status: 201, location: "\(base)/standards")
            },
            APIRoute("POST", "\(base)/standards/{id:int}/clauses", summary: "Add a clause to a determination standard", tag: tag, access: .adminOnly,
                     requestSchema: object, responseSchema: object, successStatus: 201) { request in
                let id = try request.id()
                let body = try given(request)
                let json = try request.core.write(request.actor) { tx in try service.addClause(standard: id, body, tx) }
                return APIResponse.record(json, status: 201, location: "\(base)/standards")
            },
            APIRoute("GET", "\(base)/closure-warnings", summary: "Enterprises flagged for closure (penalised 3 times in 180 days or 4 in a year)", tag: tag,
                     access: .roles([.admin, .unit, .town]), responseSchema: object) { request in
                let items = try request.core.read { try service.closureWarnings(actor: request.actor, today: request.core.today, $0) }
                return request.wantsCSV ? APIResponse.csv(items) : APIResponse.json(.object(["items": .array(items)]))
            },
            APIRoute("GET", "\(base)/statistics-reports", summary: "Enterprise hazard statistics reports of a period: who filed, who did not", tag: tag,
                     access: .anyUser, query: [QueryParameter("period", "YYYY-Qn or YYYY")], responseSchema: object) { request in
                guard let period = request.query("period") else { throw DomainError.validation([FieldError("period", "required", "period is required (YYYY-Qn or YYYY)")]) }
                return APIResponse.json(try request.core.read { try service.reports(period: period, actor: request.actor, today: request.core.today, $0) })
            },
            APIRoute("POST", "\(base)/statistics-reports", summary: "File the enterprise's hazard statistics report (period, signed_by)", tag: tag,
                     access: .roles([.admin, .enterprise]), requestSchema: object, responseSchema: object, successStatus: 201) { request in
                let body = try given(request)
                return APIResponse.json(try request.core.write(request.actor) { tx in try service.fileReport(body, tx) }, status: 201)
            },
        ]
        for action in HazardAction.allCases {
            routes.append(APIRoute("POST", "\(base)/{id:int}/actions/\(action.rawValue)", summary: action.summary.prefix(1).uppercased() + action.summary.dropFirst(), tag: tag,
                                   access: .roles(action.roles), requestSchema: object, responseSchema: object) { request in
                let id = try request.id()
                let body = try given(request)
                return APIResponse.record(try request.core.write(request.actor) { tx in try service.perform(action, on: id, body, tx) })
            })
        }
        return routes
    }
}
