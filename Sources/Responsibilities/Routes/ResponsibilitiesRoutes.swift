// `/api/v1/responsibilities/...`: thin — the kernel reads what each route declares, the handler
// calls the service and renders.
import HTTP
import Kernel

enum ResponsibilitiesRoutes {
    static let base = "/api/v1/responsibilities"
    static let tag = "responsibilities"
    static let ledgerRoles = RouteAccess.roles([.admin, .unit, .town])

    static func routes(_ core: Core) -> [APIRoute] {
        PlanRoutes.routes() + LedgerRoutes.routes() + ActionRoutes.routes() + ListRoutes.routes()
    }

    /// A short whole list: `{"items": [...]}`, or CSV when asked (`Accept: text/csv`).
    static func items(_ items: [JSON], _ request: APIRequest) -> Response {
        request.wantsCSV ? APIResponse.csv(items) : APIResponse.json(.object(["items": .array(items)]))
    }

    /// The page size of a paged list; nil (every row) for a CSV export.
    static func limit(_ request: APIRequest) -> Int? { request.wantsCSV ? nil : request.paging.limit }

    /// The cursor of a paged list; nil for a CSV export (every row).
    static func after(_ request: APIRequest) throws -> Int64? { request.wantsCSV ? nil : try request.paging.afterID() }
}
