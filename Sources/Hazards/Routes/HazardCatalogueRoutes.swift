// `/api/v1/hazards/...` beside the register: the stats, the determination-standard catalogue,
// closure warnings and the enterprises' statistics reports.
import HTTP
import Kernel

enum HazardCatalogueRoutes {
    static let base = HazardsRoutes.base
    static let tag = HazardsRoutes.tag

    static func routes(_ service: HazardService) -> [APIRoute] {
        [
            APIRoute("GET", "\(base)/stats", summary: "Stock (存量) vs new, open, overdue, closed this year, by territory, sector or unit (CSV too)", tag: tag,
                     access: .anyUser, params: HazardInput.stats, reply: .items(HazardReplies.statsRow, extra: HazardReplies.statsExtra, csv: true)) { request in
                let by = request.params.choice("by", StatsDimension.self) ?? .territory
                let items = try request.core.read { db in
                    try service.stats(by: by, filters: HazardStore.Filters(request.params), actor: request.actor, today: request.core.today, db)
                }
                if request.wantsCSV { return APIResponse.csv(items) }
                return APIResponse.json(.object(["by": .string(by.rawValue), "as_of": .string(request.core.today.iso), "items": .array(items)]))
            },
            APIRoute("GET", "\(base)/standards", summary: "The determination-standard catalogue (判定标准) with clauses", tag: tag, access: .anyUser,
                     reply: .items(HazardReplies.standard)) { request in
                APIResponse.json(.object(["items": .array(try request.core.read { try service.standards($0) })]))
            },
            APIRoute("POST", "\(base)/standards", summary: "Add a determination standard", tag: tag, access: .office,
                     body: HazardInput.standard, reply: .object(HazardReplies.standard), successStatus: 201) { request in
                let json = try request.core.write(request.actor) { tx in try service.addStandard(request.input, tx) }
                return APIResponse.record(json, status: 201, location: "\(base)/standards")
            },
            APIRoute("POST", "\(base)/standards/{id:int}/clauses", summary: "Add a clause to a determination standard", tag: tag, access: .office,
                     body: HazardInput.clause, reply: .object(HazardReplies.addedClause), successStatus: 201) { request in
                let id = try request.id()
                let json = try request.core.write(request.actor) { tx in try service.addClause(standard: id, request.input, tx) }
                return APIResponse.record(json, status: 201, location: "\(base)/standards")
            },
            APIRoute("GET", "\(base)/closure-warnings", summary: "Enterprises flagged for closure (penalised 3 times in 180 days or 4 in a year; CSV too)", tag: tag,
                     access: .roles([.admin, .office, .unit, .town]), reply: .items(HazardReplies.closureWarning, csv: true)) { request in
                let items = try request.core.read { try service.closureWarnings(actor: request.actor, today: request.core.today, $0) }
                return APIResponse.items(items, request: request, columns: HazardReplies.closureWarningColumns)
            },
            APIRoute("GET", "\(base)/statistics-reports", summary: "Enterprise hazard statistics reports of a period: who filed, who did not", tag: tag,
                     access: .anyUser, params: HazardInput.period, reply: .object(HazardReplies.reportStatus)) { request in
                let period = try service.reportPeriod(request.params)
                return APIResponse.json(try request.core.read { try service.reports(period: period, actor: request.actor, today: request.core.today, $0) })
            },
            APIRoute("POST", "\(base)/statistics-reports", summary: "File the enterprise's hazard statistics report (period, signed_by)", tag: tag,
                     access: .roles([.admin, .office, .enterprise]), body: HazardInput.fileReport, reply: .object(HazardReplies.filedReport), successStatus: 201) { request in
                APIResponse.json(try request.core.write(request.actor) { tx in try service.fileReport(request.input, tx) }, status: 201)
            },
        ]
    }
}
