// HTTP for the yearly assessment (考核): the indicator tree, manual items, runs, the published
// report (JSON, CSV with Accept: text/csv, printable HTML at its own path) and the higher
// level's findings.
import HTTP
import Kernel

extension SupervisionRoutes {
    func assessment() -> [APIRoute] {
        let scheme = Reply.object(AssessmentFields.schemeReply), report = Reply.object(AssessmentFields.reportReply)
        let readers = RouteAccess.roles([.admin, .office, .unit, .town])
        return [
            route("GET", "/assessment/scheme", "The year's indicator tree (?year=)", params: AssessmentFields.yearOnly, reply: scheme) { r in
                let year = SupervisionRoutes.year(r)
                return APIResponse.json(try r.core.read { AssessmentScheme.json(try AssessmentScheme.load(year: year, $0), year: year) })
            },
            route("PUT", "/assessment/scheme", "Set the year's indicator tree (?year=)", access: .office, params: AssessmentFields.yearOnly,
                  body: AssessmentFields.scheme, reply: scheme) { r in
                let year = SupervisionRoutes.year(r)
                return APIResponse.json(try r.core.write(r.actor) { try AssessmentService(core: r.core).setScheme(year: year, r.input, $0) })
            },
            route("POST", "/assessment/items", "Record a manual assessment item with evidence", access: .office, body: AssessmentFields.item,
                  reply: .object(AssessmentFields.itemReply), status: 201) { r in
                APIResponse.json(try r.core.write(r.actor) { try AssessmentService(core: r.core).addItem(r.input, $0) }, status: 201)
            },
            route("GET", "/assessment/items", "The year's manual items, withdrawn ones included (?year=)", access: .office, params: AssessmentFields.yearOnly,
                  reply: .items(AssessmentFields.itemReply)) { r in
                let year = SupervisionRoutes.year(r)
                return SupervisionRoutes.items(try r.core.read { try AssessmentService(core: r.core).items(year: year, actor: r.actor, $0) })
            },
            route("POST", "/assessment/items/{id:int}/actions/withdraw", "Withdraw a manual item (撤销), with the reason; it is kept and audited", access: .office,
                  body: AssessmentFields.withdraw, reply: .object(AssessmentFields.itemReply)) { r in
                let id = try r.id()
                return APIResponse.json(try r.core.write(r.actor) { try AssessmentService(core: r.core).withdrawItem(id, r.input, $0) })
            },
            route("POST", "/assessment/runs", "Run the assessment: results, ranking and every deduction", access: .office, body: AssessmentFields.yearAndDate,
                  reply: report) { r in
                let year = r.input.smallInt("year") ?? r.core.today.year, asOf = r.input.date("as_of")
                return APIResponse.json(try r.core.write(r.actor) { try AssessmentService(core: r.core).run(year: year, asOf: asOf, $0) })
            },
            route("GET", "/assessment/report", "The results (?year=&as_of=): the office all; a unit or town its own result and the ranking; JSON, or CSV with Accept: text/csv; printable HTML at /assessment/report/html",
                  access: readers, params: AssessmentFields.yearAndDate, reply: Reply(.object(AssessmentFields.reportReply), csv: true)) { r in
                let report = try self.report(r)
                if r.wantsCSV { return Response(status: 200, contentType: "text/csv; charset=utf-8", body: Array(AssessmentService.csv(report).utf8)) }
                return APIResponse.json(report)
            },
            route("GET", "/assessment/report/html", "The results as a printable HTML page (?year=&as_of=), read as the JSON is", access: readers, params: AssessmentFields.yearAndDate,
                  reply: .text("text/html")) { r in
                Response(status: 200, contentType: "text/html; charset=utf-8", body: Array(AssessmentService.html(try self.report(r)).utf8))
            },
            route("POST", "/assessment/higher-findings", "The higher level's findings on the district become a rectification list", access: .office,
                  body: AssessmentFields.higherFindings, reply: .items(FindingFields.reply), status: 201) { r in
                let records = try r.core.write(r.actor) { try AssessmentService(core: r.core).importHigherFindings(r.input, $0) }
                return APIResponse.json(.object(["items": .array(records)]), status: 201)
            },
        ]
    }

    private func report(_ r: APIRequest) throws -> JSON {
        let year = SupervisionRoutes.year(r), asOf = r.params.date("as_of")
        return try r.core.read { try AssessmentService(core: r.core).report(year: year, asOf: asOf, actor: r.actor, $0) }
    }
}
