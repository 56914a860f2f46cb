// HTTP for 四不两直 draws and the enforcement ladder: instruments, escalation rules, proposals.
import HTTP
import Kernel

extension SupervisionRoutes {
    func draws() -> [APIRoute] {
        let roles = RouteAccess.roles([.admin, .office, .inspector])
        let draw = Reply.object(DrawFields.reply)
        return [
            route("GET", "/draws", "四不两直 draws (sealed ones show only their commitment)", access: roles, reply: .page(DrawFields.reply)) { r in
                APIResponse.page(try DrawService(core: r.core).list(actor: r.actor, SupervisionRoutes.paging(r)), request: r, columns: DrawFields.columns)
            },
            route("POST", "/draws", "Plan a 四不两直 round: returns the sealed envelope once", access: roles, body: DrawFields.plan,
                  reply: .object(DrawFields.planReply), status: 201, answersSecret: true) { r in
                APIResponse.json(try r.core.write(r.actor) { try DrawService(core: r.core).plan(r.input, $0) }, status: 201)
            },
            route("GET", "/draws/{id:int}", "One draw", access: roles, reply: draw) { r in
                APIResponse.json(try DrawService(core: r.core).get(try r.id(), actor: r.actor))
            },
            route("POST", "/draws/{id:int}/actions/reveal", "Reveal the sealed list after the visit", access: roles, body: DrawFields.reveal, reply: draw) { r in
                let id = try r.id()
                return APIResponse.json(try r.core.write(r.actor) { try DrawService(core: r.core).reveal(id, r.input, $0) })
            },
            route("GET", "/draws/{id:int}/verify", "Check a revealed draw against its commitment (409 while it is sealed)", access: roles,
                  reply: .object(DrawFields.verifyReply), errors: [409]) { r in
                APIResponse.json(try DrawService(core: r.core).verify(try r.id(), actor: r.actor))
            },
        ]
    }

    func ladder() -> [APIRoute] {
        let instrument = Reply.object(LadderFields.reply), proposal = Reply.object(LadderFields.proposalReply)
        return [
            route("GET", "/instruments", "Instruments of the enforcement ladder (?kind=)", params: LadderFields.filters, reply: .page(LadderFields.reply)) { r in
                let kind = r.params.choice("kind", InstrumentKind.self)
                return APIResponse.page(try InstrumentService(core: r.core).list(actor: r.actor, kind: kind, SupervisionRoutes.paging(r)), request: r, columns: LadderFields.columns)
            },
            route("POST", "/instruments", "Issue an instrument (催办 … 提级调查)", access: .office, body: LadderFields.issue, reply: instrument, status: 201) { r in
                let record = try r.core.write(r.actor) { try InstrumentService(core: r.core).issue(r.input, $0) }
                return APIResponse.record(record, status: 201, location: "\(base)/instruments/\(Render.cell(record["id"]))")
            },
            route("GET", "/instruments/{id:int}", "One instrument", reply: instrument) { r in
                let id = try r.id()
                return APIResponse.record(try r.core.read { try InstrumentService(core: r.core).json(id, actor: r.actor, $0) })
            },
            route("GET", "/instruments/{id:int}/html", "One instrument as a printable document after GB/T 9704 (督办文书)", reply: .text("text/html")) { r in
                let id = try r.id()
                return Response(status: 200, contentType: "text/html; charset=utf-8", body: Array(try InstrumentService(core: r.core).html(id, actor: r.actor).utf8))
            },
            route("POST", "/instruments/{id:int}/actions/receive-report", "Record the written correction report after a 约谈", access: .roles([.admin, .office, .unit, .town]),
                  body: LadderFields.receiveReport, reply: instrument) { r in
                let id = try r.id()
                return APIResponse.record(try r.core.write(r.actor) { try InstrumentService(core: r.core).receiveReport(id, r.input, $0) })
            },
            route("GET", "/rules", "Escalation rules", access: .office, reply: .items(LadderFields.ruleReply)) { r in
                SupervisionRoutes.items(try InstrumentService(core: r.core).rules(actor: r.actor))
            },
            route("PATCH", "/rules/{id:int}", "Change an escalation rule", access: .office, body: LadderFields.updateRule, reply: .object(LadderFields.ruleReply)) { r in
                let id = try r.id()
                return APIResponse.record(try r.core.write(r.actor) { try InstrumentService(core: r.core).updateRule(id, r.input, $0) })
            },
            route("GET", "/proposals", "Escalation proposals (?status=)", access: .office, params: LadderFields.proposalFilters, reply: .page(LadderFields.proposalReply)) { r in
                let status = r.params.choice("status", ProposalStatus.self)
                return APIResponse.page(try InstrumentService(core: r.core).proposals(status: status, actor: r.actor, SupervisionRoutes.paging(r)), request: r, columns: LadderFields.proposalColumns)
            },
            route("POST", "/proposals/evaluate", "Evaluate the escalation rules now", access: .office, reply: .object(LadderFields.evaluateReply)) { r in
                let made = try r.core.write(r.actor) { try InstrumentService(core: r.core).evaluate($0) }
                return APIResponse.json(.object(["proposed": .int(Int64(made))]))
            },
            route("POST", "/proposals/{id:int}/actions/accept", "Accept: issue the proposed instrument", access: .office, body: LadderFields.accept, reply: proposal) { r in
                let id = try r.id()
                return APIResponse.json(try r.core.write(r.actor) { try InstrumentService(core: r.core).decide(id, accept: true, r.input, $0) })
            },
            route("POST", "/proposals/{id:int}/actions/decline", "Decline with a note", access: .office, body: LadderFields.decline, reply: proposal) { r in
                let id = try r.id()
                return APIResponse.json(try r.core.write(r.actor) { try InstrumentService(core: r.core).decide(id, accept: false, r.input, $0) })
            },
        ]
    }
}
