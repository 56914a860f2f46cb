// `/api/v1/tipoffs`: the public intake (no account), the reporter's follow-up by receipt key
// (sent in the X-Receipt-Key header or the body, never in the path, so it is never in an access
// log), and the officials' triage. The intake is read by its declaration like every input.
import HTTP
import Kernel

enum TipOffRoutes {
    static let base = "/api/v1/tipoffs"
    static let tag = "hazards"

    static func key(_ request: APIRequest) -> String? {
        request.http.headers["X-Receipt-Key"] ?? request.input.text("receipt_key")
    }

    /// The client: the socket's peer, or behind a trusted proxy the address it forwards for.
    static func client(_ request: APIRequest) -> String { request.http.remoteAddress }

    static func routes(_ service: TipOffService, limits: TipOffLimits) -> [APIRoute] {
        var routes: [APIRoute] = [
            APIRoute("POST", base, summary: "Submit a tip-off (群众举报): text, place, optional photos and contact; answers a receipt key (a client's accepted submissions are limited per hour)", tag: tag,
                     access: .open, body: TipOffInput.submit(service.settings), reply: .object(TipOffReplies.receipt), successStatus: 201,
                     answersSecret: true) { request in
                try limits.submissions.within(client(request), now: request.core.clock.now(), message: "此地址提交举报过于频繁，请稍后再试 (too many tip-offs from this address; try again later)") {
                    APIResponse.json(try request.core.write(request.actor) { tx in try service.submit(request.input, tx) }, status: 201)
                }
            },
            APIRoute("GET", "\(base)/receipt", summary: "The reporter reads the progress (receipt key in X-Receipt-Key)", tag: tag, access: .open,
                     reply: .object(TipOffReplies.progress)) { request in
                APIResponse.json(try request.core.read { try service.progress(key: key(request), $0) })
            },
            APIRoute("POST", "\(base)/receipt/not-fixed", summary: "The reporter says it is not fixed: the closed hazard reopens (receipt key in X-Receipt-Key)", tag: tag,
                     access: .open, body: TipOffInput.notFixed, reply: .object(TipOffReplies.progress)) { request in
                try limits.followUps.within(client(request), now: request.core.clock.now(), message: "此地址请求过于频繁，请稍后再试 (too many requests from this address; try again later)", refund: false) {
                    APIResponse.json(try request.core.write(request.actor) { tx in try service.notFixed(key: key(request), note: request.input.text("note"), tx) })
                }
            },
            APIRoute("POST", "\(base)/receipt/contest", summary: "The reporter contests a dismissal: the tip-off returns to triage (receipt key in X-Receipt-Key)", tag: tag,
                     access: .open, body: TipOffInput.contest, reply: .object(TipOffReplies.progress)) { request in
                try limits.followUps.within(client(request), now: request.core.clock.now(), message: "此地址请求过于频繁，请稍后再试 (too many requests from this address; try again later)", refund: false) {
                    APIResponse.json(try request.core.write(request.actor) { tx in try service.contest(key: key(request), note: request.input.text("note"), tx) })
                }
            },
            APIRoute("GET", base, summary: "List tip-offs (never with the reporter's contact; CSV with every tip-off)", tag: tag, access: .roles(TipOffService.officialRoles),
                     params: TipOffInput.list, reply: .page(TipOffReplies.listed)) { request in
                let csv = request.wantsCSV
                let after = csv ? nil : try request.paging.afterID()
                let page = try request.core.read {
                    try service.list(status: request.params.text("status"), actor: request.actor, after: after, limit: csv ? nil : request.paging.limit, $0)
                }
                return APIResponse.page(page, request: request, columns: TipOffReplies.listedColumns)
            },
            APIRoute("GET", "\(base)/{id:int}", summary: "Get one tip-off (the contact only with the tipoffs.contact.read grant)", tag: tag,
                     access: .roles(TipOffService.officialRoles), reply: .object(TipOffReplies.one)) { request in
                let id = try request.id()
                return APIResponse.record(try service.show(id, actor: request.actor, core: request.core))
            },
        ]
        for action in TipOffAction.allCases {
            routes.append(APIRoute("POST", "\(base)/{id:int}/actions/\(action.rawValue)", summary: action.summary.prefix(1).uppercased() + action.summary.dropFirst(), tag: tag,
                                   access: .roles(TipOffService.officialRoles), body: TipOffInput.action(action), reply: .object(TipOffReplies.one)) { request in
                let id = try request.id(), version = try request.ifMatchVersion()
                return APIResponse.record(try request.core.write(request.actor) { tx in try service.perform(action, on: id, request.input, expectedVersion: version, tx) })
            })
        }
        return routes
    }
}
