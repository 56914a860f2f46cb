// HTTP for the enforcement ladder and the assessment.
import HTTP
import Kernel

extension SupervisionRoutes {
    private func r(_ method: String, _ path: String, _ summary: String, access: RouteAccess = .anyUser, status: Int = 200,
                   _ handler: @escaping @Sendable (APIRequest) throws -> Response) -> APIRoute {
        APIRoute(method, base + path, summary: summary, tag: "supervision", access: access,
                 requestSchema: method == "GET" ? nil : .object(["type": "object"]), responseSchema: .object(["type": "object"]), successStatus: status, handler: handler)
    }

    func ladder() -> [APIRoute] {
        [
            r("GET", "/instruments", "Instruments of the enforcement ladder (?kind=)") { q in
                SupervisionRoutes.list(try InstrumentService(core: q.core).list(actor: q.actor, kind: q.query("kind")), q)
            },
            r("POST", "/instruments", "Issue an instrument (催办 … 提级调查)", access: .adminOnly, status: 201) { q in
                let body = try q.object()
                let record = try q.core.write(q.actor) { try InstrumentService(core: q.core).issue(body, $0) }
                return APIResponse.record(record, status: 201, location: "\(base)/instruments/\(Render.cell(record["id"]))")
            },
            r("GET", "/instruments/{id:int}", "One instrument") { q in
                let id = try q.id()
                return APIResponse.record(try q.core.read { try InstrumentService(core: q.core).json(id, actor: q.actor, $0) })
            },
            r("POST", "/instruments/{id:int}/actions/receive-report", "Record the written correction report after a 约谈", access: .roles([.admin, .unit, .town])) { q in
                let id = try q.id(), body = try q.object()
                return APIResponse.record(try q.core.write(q.actor) { try InstrumentService(core: q.core).receiveReport(id, body, $0) })
            },
            r("GET", "/rules", "Escalation rules", access: .adminOnly) { q in SupervisionRoutes.list(try InstrumentService(core: q.core).rules(), q) },
            r("PATCH", "/rules/{id:int}", "Change an escalation rule", access: .adminOnly) { q in
                let id = try q.id(), body = try q.object()
                return APIResponse.json(try q.core.write(q.actor) { try InstrumentService(core: q.core).updateRule(id, body, $0) })
            },
            r("GET", "/proposals", "Escalation proposals (?status=proposed|accepted|declined)", access: .adminOnly) { q in
                SupervisionRoutes.list(try InstrumentService(core: q.core).proposals(status: q.query("status")), q)
            },
            r("POST", "/proposals/evaluate", "Evaluate the escalation rules now", access: .adminOnly) { q in
                let made = try q.core.write(q.actor) { try Escalation.evaluateAll($0) }
                return APIResponse.json(.object(["proposed": .int(Int64(made))]))
            },
            r("POST", "/proposals/{id:int}/actions/accept", "Accept: issue the proposed instrument", access: .adminOnly) { q in
                let id = try q.id(), body = try SupervisionRoutes.object(q)
                return APIResponse.json(try q.core.write(q.actor) { try InstrumentService(core: q.core).decide(id, accept: true, body, $0) })
            },
            r("POST", "/proposals/{id:int}/actions/decline", "Decline with a note", access: .adminOnly) { q in
                let id = try q.id(), body = try q.object()
                return APIResponse.json(try q.core.write(q.actor) { try InstrumentService(core: q.core).decide(id, accept: false, body, $0) })
            },
        ]
    }

    func assessment() -> [APIRoute] {
        [
            r("GET", "/assessment/scheme", "The year's indicator tree (?year=)") { q in
                let year = try SupervisionRoutes.year(q)
                return APIResponse.json(try q.core.read { AssessmentScheme.json(try AssessmentScheme.load(year: year, $0), year: year) })
            },
            r("PUT", "/assessment/scheme", "Set the year's indicator tree (?year=)", access: .adminOnly) { q in
                let year = try SupervisionRoutes.year(q), body = try q.object()
                return APIResponse.json(try q.core.write(q.actor) { try AssessmentService(core: q.core).setScheme(year: year, body, $0) })
            },
            r("POST", "/assessment/items", "Record a manual assessment item with evidence", access: .adminOnly, status: 201) { q in
                let body = try q.object()
                return APIResponse.json(try q.core.write(q.actor) { try AssessmentService(core: q.core).addItem(body, $0) }, status: 201)
            },
            r("POST", "/assessment/runs", "Run the assessment {year, as_of}: results, ranking and every deduction", access: .adminOnly) { q in
                let body = try SupervisionRoutes.object(q)
                let input = Input(body)
                let year = input.int("year", range: 2000...2100).map(Int.init) ?? q.core.today.year
                let asOf = input.date("as_of")
                try input.finish()
                return APIResponse.json(try q.core.write(q.actor) { try AssessmentService(core: q.core).run(year: year, asOf: asOf, $0) })
            },
            r("GET", "/assessment/report", "The published results (?year=&as_of=): JSON, CSV (Accept: text/csv) or ?format=html") { q in
                let year = try SupervisionRoutes.year(q)
                var asOf: CalendarDate?
                if let text = q.query("as_of") {
                    guard let d = CalendarDate(iso: text) else { throw DomainError(.badRequest, "as_of must be a date YYYY-MM-DD") }
                    asOf = d
                }
                let report = try q.core.read { try AssessmentService(core: q.core).report(year: year, asOf: asOf, $0) }
                if q.wantsCSV { return Response(status: 200, contentType: "text/csv; charset=utf-8", body: Array(AssessmentService.csv(report).utf8)) }
                if q.query("format") == "html" { return Response(status: 200, contentType: "text/html; charset=utf-8", body: Array(AssessmentService.html(report).utf8)) }
                return APIResponse.json(report)
            },
            r("POST", "/assessment/higher-findings", "The higher level's findings on the district become a rectification list {items}", access: .adminOnly, status: 201) { q in
                let body = try q.object()
                let records = try q.core.write(q.actor) { try AssessmentService(core: q.core).importHigherFindings(body, $0) }
                return APIResponse.json(.object(["items": .array(records)]), status: 201)
            },
        ]
    }
}
