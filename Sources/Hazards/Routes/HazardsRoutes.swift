// `/api/v1/hazards/...`: the register, its lifecycle actions, timeline and attachments. Thin: the
// kernel reads what each route declares (HazardInput) before the handler runs; the handler calls
// the service and answers what it declares (HazardReplies).
import HTTP
import Kernel

enum HazardsRoutes {
    static let base = "/api/v1/hazards"
    static let tag = "hazards"

    static func routes(_ service: HazardService) -> [APIRoute] {
        var routes: [APIRoute] = [
            APIRoute("GET", base, summary: "List hazards (filters, ?q= full text in Chinese, keyset paging; CSV with every matching hazard)", tag: tag,
                     access: .anyUser, params: HazardInput.filters, reply: .page(HazardReplies.summary)) { request in
                let filters = HazardStore.Filters(request.params)
                if request.wantsCSV {
                    let page = try request.core.read { db in
                        try HazardStore.list(filters, actor: request.actor, today: request.core.today, settings: service.settings, after: nil, limit: nil, db)
                    }
                    return APIResponse.csv(page.items, columns: HazardReplies.summaryColumns)
                }
                let after = try request.paging.afterID(), limit = request.paging.limit
                return try request.core.read { db in
                    try APIResponse.page(request: request, capacity: HazardListWriter.pageCapacity(limit)) { out in
                        try HazardListWriter.write(filters, actor: request.actor, today: request.core.today, settings: service.settings,
                                                   after: after, limit: limit, db, into: &out)
                    }
                }
            },
            APIRoute("POST", base, summary: "Register a hazard", tag: tag, access: .roles([.admin, .office, .unit, .town, .inspector, .enterprise]),
                     body: HazardInput.register(), reply: .object(HazardReplies.full), successStatus: 201) { request in
                // Rerunnable: registering reads and writes the database alone (`Database.write(rerunnable:)`).
                let hazard = try request.core.write(request.actor, rerunnable: true) { tx in try service.registered(request.input, tx) }
                // The bytes the audit record's digest was made of are the body (rendered once).
                return APIResponse.record(hazard.json, bytes: hazard.bytes, status: 201, location: "\(base)/\(Render.cell(hazard.json["id"]))")
            },
            APIRoute("GET", "\(base)/{id:int}", summary: "Get one hazard", tag: tag, access: .anyUser, reply: .object(HazardReplies.full)) { request in
                let id = try request.id()
                return APIResponse.record(try request.core.read { try service.get(id, actor: request.actor, today: request.core.today, $0) })
            },
            APIRoute("GET", "\(base)/{id:int}/timeline", summary: "The hazard's history: every action, who, when, attachments", tag: tag, access: .anyUser,
                     reply: .items(HazardReplies.timelineItem, extra: HazardReplies.timelineExtra)) { request in
                let id = try request.id()
                return APIResponse.json(try request.core.read { try service.timeline(id, actor: request.actor, $0) })
            },
            APIRoute("POST", "\(base)/{id:int}/attachments", summary: "Attach a photo or document (JPEG, PNG or PDF, checked by its content)", tag: tag,
                     access: .roles([.admin, .office, .unit, .town, .enterprise]), body: HazardInput.attach(service.settings),
                     reply: .object(HazardReplies.attachment), successStatus: 201) { request in
                let id = try request.id()
                let bytes = try AttachmentService.decode(request.input.text("content_base64") ?? "", field: "content_base64")
                let json = try request.core.write(request.actor) { tx in
                    try service.attach(id, name: request.input.text("name") ?? "", declaredType: request.input.text("media_type"), bytes: bytes, tx)
                }
                return APIResponse.record(json, status: 201, location: "\(base)/\(id)/attachments/\(Render.cell(json["id"]))")
            },
            // The file is served as its own type (JPEG, PNG or PDF): one media type cannot be declared.
            APIRoute("GET", "\(base)/{id:int}/attachments/{attachment:int}", summary: "Download an attachment, as its own type (image/jpeg, image/png or application/pdf)",
                     tag: tag, access: .anyUser, reply: .file("*/*")) { request in
                let id = try request.id()
                let attachment = try request.id("attachment")
                let file = try request.core.read { try service.attachment(id, attachment, actor: request.actor, $0) }
                var response = Response(status: 200, contentType: file.mediaType, body: file.bytes)
                response.headers.set("Content-Disposition", "attachment; filename=\"attachment-\(attachment)\"")
                return response
            },
        ]
        for action in HazardAction.allCases {
            routes.append(APIRoute("POST", "\(base)/{id:int}/actions/\(action.rawValue)", summary: action.summary.prefix(1).uppercased() + action.summary.dropFirst(), tag: tag,
                                   access: .roles(action.roles), body: HazardInput.action(action), reply: .object(HazardReplies.full)) { request in
                let id = try request.id(), version = try request.ifMatchVersion()
                return APIResponse.record(try request.core.write(request.actor) { tx in try service.perform(action, on: id, request.input, expectedVersion: version, tx) })
            })
        }
        return routes + HazardCatalogueRoutes.routes(service)
    }
}
