// `/api/v1/responsibilities/...`: thin — the kernel reads what each route declares, the handler
// calls the service and renders.
import Kernel

enum ResponsibilitiesRoutes {
    static let base = "/api/v1/responsibilities"
    static let tag = "responsibilities"
    static let ledgerRoles = RouteAccess.roles(LedgerScope.roles)

    static func routes(_ core: Core) -> [APIRoute] {
        PlanRoutes.routes() + LedgerRoutes.routes() + ActionRoutes.routes() + ListRoutes.routes()
    }

    /// The cursor and page size of a paged list, as read by the kernel (`?limit=&after=`); a CSV
    /// export is not paged: every matching row (as `CommandInput.paging` for `--csv`).
    static func paging(_ request: APIRequest) throws -> (after: Int64?, limit: Int?) {
        if request.wantsCSV { return (nil, nil) }
        return (try request.paging.afterID(), request.paging.limit)
    }
}
