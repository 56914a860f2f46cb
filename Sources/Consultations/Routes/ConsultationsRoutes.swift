// `/api/v1/consultations/...`: each route declares what it takes and gives (`Contracts`,
// `Replies`); the kernel reads and checks the query and body before these thin handlers run.
import HTTP
import Kernel

enum ConsultationsRoutes {
    static let base = "/api/v1/consultations"
    static let tag = "consultations"

    static func all(_ service: ConsultationsService) -> [APIRoute] {
        kindRoutes(service) + MeetingRoutes.all(service) + MeetingPartRoutes.all(service) + decisionRoutes() + overviewRoutes()
    }

    static func kindRoutes(_ service: ConsultationsService) -> [APIRoute] {
        [
            APIRoute("GET", "\(base)/kinds", summary: "Meeting kinds (configuration) and whether each must meet every quarter", tag: tag, access: .anyUser,
                     reply: .items(Replies.kind, csv: true)) { request in
                let kinds = try request.core.read { try KindStore.all($0) }
                return APIResponse.items(kinds.map(\.json), request: request, columns: Replies.Columns.kind)
            },
            APIRoute("POST", "\(base)/kinds", summary: "Add a meeting kind (office only; a code in use is 409)", tag: tag, access: .office,
                     body: Contracts.createKind, reply: .object(Replies.kind), successStatus: 201) { request in
                let kind = try request.core.write(request.actor) { tx -> JSON in
                    let id = try service.createKind(request.input, tx)
                    return try KindStore.get(id, tx.db)?.json ?? .null
                }
                return APIResponse.record(kind, status: 201, location: "\(base)/kinds/\(Render.cell(kind["id"]))")
            },
            APIRoute("GET", "\(base)/kinds/{id:int}", summary: "One meeting kind", tag: tag, access: .anyUser, reply: .object(Replies.kind)) { request in
                let id = try request.id()
                guard let kind = try request.core.read({ try KindStore.get(id, $0) }) else { throw NotFound.kind(id) }
                return APIResponse.record(kind.json)
            },
            APIRoute("PATCH", "\(base)/kinds/{id:int}", summary: "Change a meeting kind's name, body name or required_from (office only; required_from null: held as needed)",
                     tag: tag, access: .office, body: Contracts.updateKind, reply: .object(Replies.kind)) { request in
                let id = try request.id()
                let kind = try request.core.write(request.actor) { tx -> JSON in
                    try service.updateKind(id, request.input, tx)
                    return try KindStore.get(id, tx.db)?.json ?? .null
                }
                return APIResponse.record(kind)
            },
        ]
    }

    static func decisionRoutes() -> [APIRoute] {
        [
            APIRoute("GET", "\(base)/decisions", summary: "Decisions with their live status (filters: status, meeting_id, lead_unit_id, lead_territory_id)", tag: tag,
                     access: .anyUser, params: Contracts.decisionFilter, reply: .page(Replies.decision)) { request in
                let filter = try DecisionFilter(request.params, paging: request.paging, csv: request.wantsCSV)
                let page = try request.core.read {
                    try MeetingStore.decisions(filter, actor: request.actor, today: request.core.today, rules: request.core.settings.colourRules, $0)
                }
                return APIResponse.page(page, request: request, columns: Replies.Columns.decision)
            },
            APIRoute("GET", "\(base)/decisions/{id:int}", summary: "One decision with its live status", tag: tag, access: .anyUser,
                     reply: .object(Replies.decision)) { request in
                let id = try request.id()
                let decision = try request.core.read {
                    try MeetingStore.decision(id, actor: request.actor, today: request.core.today, rules: request.core.settings.colourRules, $0)
                }
                return APIResponse.record(decision)
            },
        ]
    }

    static func overviewRoutes() -> [APIRoute] {
        [
            APIRoute("GET", "\(base)/compliance", summary: "Which bodies held their quarterly meeting (green/yellow/red with the reason), as of a day (as_of)", tag: tag,
                     access: .roles([.admin, .office, .unit, .town]), params: Contracts.complianceQuery, reply: .items(Replies.complianceLine, csv: true)) { request in
                let day = try Contracts.asOfDay(request.params, today: request.core.today)
                let quarter = request.params.quarter("quarter") ?? Quarter(containing: day)
                let lines = try request.core.read { try Compliance.lines(quarter: quarter, today: day, rules: request.core.settings.colourRules, $0) }
                return APIResponse.items(lines, request: request, columns: Replies.Columns.complianceLine)
            },
            APIRoute("GET", "\(base)/agenda", summary: "The generated agenda of a body's next meeting as of a day (office only; as_of: only what was known that day)", tag: tag, access: .office,
                     params: Contracts.agendaQuery, reply: .object(Replies.agenda)) { request in
                let day = try Contracts.asOfDay(request.params, today: request.core.today)
                let agenda = try request.core.read {
                    try Agenda.next(kind: request.params.text("kind") ?? "riskConsultation", groupID: request.params.id("group_id"), actor: request.actor,
                                    today: day, rules: request.core.settings.colourRules, $0)
                }
                return APIResponse.json(agenda)
            },
        ]
    }
}
