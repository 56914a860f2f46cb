// `GET /api/v1/hazards/statistics-reports/items`: the enterprises' filed statistics reports of a
// period with their figures, and who has not filed (filed=false), within scope; CSV with every row.
import HTTP
import Kernel

enum StatisticsReportRoutes {
    static func routes(_ service: HazardService) -> [APIRoute] {
        let reports = StatisticsReportList(settings: service.settings)
        return [
            APIRoute("GET", "\(HazardsRoutes.base)/statistics-reports/items",
                     summary: "The enterprises' statistics reports of a period, with their figures, and who has not filed (filed=false); within scope; CSV with every row",
                     tag: HazardsRoutes.tag, access: .anyUser, params: StatisticsReportList.input, reply: .page(StatisticsReportList.replies)) { request in
                let period = try service.reportPeriod(request.params)
                let filters = StatisticsReportList.filters(request.params)
                let csv = request.wantsCSV
                let after = csv ? nil : try request.paging.afterID()
                let page = try request.core.read {
                    try reports.list(period: period, filters: filters, actor: request.actor, after: after, limit: csv ? nil : request.paging.limit, $0)
                }
                return APIResponse.page(page, request: request, columns: StatisticsReportList.columns)
            },
        ]
    }
}
