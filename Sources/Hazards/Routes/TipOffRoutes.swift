// `/api/v1/tipoffs`: the public intake (no account), the reporter's follow-up by receipt key
// (sent in the X-Receipt-Key header or the body, never in the path, so it is never in an access
// log), and the officials' triage.
import HTTP
import Kernel

enum TipOffRoutes {
    static let base = "/api/v1/tipoffs"
    static let tag = "hazards"
    static let object: JSON = .object(["type": "object"])

    static func key(_ request: APIRequest, _ body: Given?) -> String? {
        request.http.headers["X-Receipt-Key"] ?? body?.values["receipt_key"]?.stringValue
    }

    static func routes(_ service: TipOffService, limiter: RateLimiter) -> [APIRoute] {
        var routes: [APIRoute] = [
            APIRoute("POST", base, summary: "Submit a tip-off (群众举报): text, place, optional photos and contact; answers a receipt key", tag: tag,
                     access: .open, requestSchema: object, responseSchema: object, successStatus: 201) { request in
                guard limiter.allow(request.http.remoteAddress, now: request.core.clock.now()) else {
                    throw DomainError(.tooManyRequests, "too many tip-offs from this address; try again later", headers: [("Retry-After", String(Int(limiter.window)))])
                }
                let body = try HazardsRoutes.given(request)
                let json = try request.core.write(request.actor) { tx in try service.submit(body, tx) }
                return APIResponse.json(json, status: 201)
            },
            APIRoute("GET", "\(base)/receipt", summary: "The reporter reads the progress (receipt key in X-Receipt-Key)", tag: tag, access: .open,
                     responseSchema: object) { request in
                APIResponse.json(try request.core.read { try service.progress(key: key(request, nil), $0) })
            },
            APIRoute("POST", "\(base)/receipt/not-fixed", summary: "The reporter says it is not fixed: the closed hazard reopens (receipt key in X-Receipt-Key)", tag: tag,
                     access: .open, requestSchema: object, responseSchema: object) { request in
                guard limiter.allow(request.http.remoteAddress, now: request.core.clock.now()) else {
                    throw DomainError(.tooManyRequests, "too many requests from this address; try again later", headers: [("Retry-After", String(Int(limiter.window)))])
                }
                let body = try HazardsRoutes.given(request)
                return APIResponse.json(try request.core.write(request.actor) { tx in try service.notFixed(key: key(request, body), body, tx) })
            },
            APIRoute("GET", base, summary: "List tip-offs (never with the reporter's contact)", tag: tag, access: .roles(TipOffService.officialRoles),
                     query: [QueryParameter("status", "received | linked | hazardCreated | dismissed"), .limit, .after], responseSchema: object) { request in
                let limit = request.wantsCSV ? 100_000 : try request.limit()
                let after = try request.query("after").map(Cursor.decode)
                let page = try request.core.read { try service.list(status: request.query("status"), actor: request.actor, after: after, limit: limit, $0) }
                return APIResponse.page(page, request: request)
            },
            APIRoute("GET", "\(base)/{id:int}", summary: "Get one tip-off (the contact only with the tipoffs.contact.read grant)", tag: tag,
                     access: .roles(TipOffService.officialRoles), responseSchema: object) { request in
                let id = try request.id()
                return APIResponse.record(try request.core.read { try service.get(id, actor: request.actor, $0) })
            },
        ]
        for action in TipOffAction.allCases {
            routes.append(APIRoute("POST", "\(base)/{id:int}/actions/\(action.rawValue)", summary: action.summary.prefix(1).uppercased() + action.summary.dropFirst(), tag: tag,
                                   access: .roles(TipOffService.officialRoles), requestSchema: object, responseSchema: object) { request in
                let id = try request.id()
                let body = try HazardsRoutes.given(request)
                return APIResponse.record(try request.core.write(request.actor) { tx in try service.perform(action, on: id, body, tx) })
            })
        }
        return routes
    }
}
