// Routes of new business forms (新业态新领域): raise, list, one, decide.
import Kernel

enum BusinessFormRoutes {
    static let base = "\(ResponsibilitiesRoutes.base)/new-business-forms", tag = ResponsibilitiesRoutes.tag
    static let raisers = RouteAccess.roles([.admin, .office, .unit, .town])

    static func routes() -> [APIRoute] {
        [
            APIRoute("POST", base, summary: "Ask the office to name a lead department for a new business form (新业态新领域): what, where, which departments might lead",
                     tag: tag, access: raisers, body: ListContracts.raiseBusinessForm, reply: .object(ListContracts.businessForm), successStatus: 201) { request in
                let input = ListInput.BusinessForm(request.input)
                let form = try request.core.write(request.actor) { tx in
                    try ListService.raiseBusinessForm(what: input.what, location: input.location, candidates: input.candidates, tx)
                }
                return APIResponse.record(form, status: 201, location: "\(base)/\(Render.cell(form["id"]))")
            },
            APIRoute("GET", base, summary: "List new-business-form requests (a unit or town its own, the office all)", tag: tag, access: raisers,
                     params: ListContracts.businessFormFilter, reply: .page(ListContracts.businessForm)) { request in
                let (after, limit) = try ResponsibilitiesRoutes.paging(request)
                let today = request.core.today
                let page = try request.core.read {
                    try ListService.businessForms(state: request.params.text("state"), after: after, limit: limit, actor: request.actor, today: today, $0)
                }
                return APIResponse.page(page, request: request)
            },
            APIRoute("GET", "\(base)/{id:int}", summary: "Read one new-business-form request", tag: tag, access: raisers, reply: .object(ListContracts.businessForm)) { request in
                let id = try request.id()
                let today = request.core.today
                return APIResponse.json(try request.core.read { try ListService.businessForm(id, actor: request.actor, today: today, $0) })
            },
            APIRoute("POST", "\(base)/{id:int}/actions/decide", summary: "Decide a new business form's lead department, which enters that unit's 三管三必须 list (an open request only)",
                     tag: tag, access: .office, body: ListContracts.decideBusinessForm, reply: .object(ListContracts.businessForm)) { request in
                let id = try request.id()
                let input = ListInput.Decision(request.input)
                return APIResponse.json(try request.core.write(request.actor) { tx in
                    try ListService.decideBusinessForm(id, leadUnitID: input.leadUnitID, note: input.note, tx)
                })
            },
        ]
    }
}
