// HTTP for inspections, findings (the rectification list) and rectification notices.
import HTTP
import Kernel

extension SupervisionRoutes {
    func inspections() -> [APIRoute] {
        let recorders = RouteAccess.roles([.admin, .office, .inspector, .unit])
        return [
            route("GET", "/inspections", "List inspections", params: InspectionFields.filters, reply: .page(InspectionFields.reply)) { r in
                let filter = try InspectionStore.Filter(r.params, SupervisionRoutes.paging(r))
                return APIResponse.page(try r.core.read { try InspectionStore.list(filter, actor: r.actor, $0) }, request: r, columns: InspectionFields.columns)
            },
            route("POST", "/inspections", "Record an inspection (with findings)", access: recorders, body: InspectionFields.record,
                  reply: .object(InspectionFields.reply), status: 201) { r in
                let record = try r.core.write(r.actor) { try InspectionService(core: r.core).record(r.input, $0) }
                return APIResponse.record(record, status: 201, location: "\(base)/inspections/\(Render.cell(record["id"]))")
            },
            route("GET", "/inspections/{id:int}", "One inspection with its findings", reply: .object(InspectionFields.reply)) { r in
                APIResponse.record(try InspectionService(core: r.core).get(try r.id(), actor: r.actor))
            },
            route("POST", "/inspections/{id:int}/findings", "Record a finding of an inspection", access: recorders, body: FindingFields.record,
                  reply: .object(FindingFields.reply), status: 201) { r in
                let id = try r.id()
                let record = try r.core.write(r.actor) { try FindingService(core: r.core).record(inspection: id, r.input, $0) }
                return APIResponse.record(record, status: 201, location: "\(base)/findings/\(Render.cell(record["id"]))")
            },
        ]
    }

    func findings() -> [APIRoute] {
        var routes = [
            route("GET", "/findings", "The rectification list (整改问题清单)", params: FindingFields.filters, reply: .page(FindingFields.reply)) { r in
                let filter = try FindingStore.Filter(r.params, today: r.core.today, SupervisionRoutes.paging(r))
                return APIResponse.page(try r.core.read { try FindingStore.list(filter, actor: r.actor, $0, today: r.core.today) }, request: r, columns: FindingFields.columns)
            },
            route("GET", "/findings/{id:int}", "One finding with its progress, evidence and re-checks", reply: .object(FindingFields.reply)) { r in
                APIResponse.record(try FindingService(core: r.core).get(try r.id(), actor: r.actor))
            },
        ]
        let summaries: [FindingService.Action: String] = [
            .progress: "Report rectification progress (the responsible body or the office)",
            .complete: "Report the rectification complete, with evidence",
            .recheck: "Re-check (回头看): passed closes the finding, failed reopens it",
        ]
        for action in [FindingService.Action.progress, .complete, .recheck] {
            routes.append(route("POST", "/findings/{id:int}/actions/\(action.rawValue)", summaries[action] ?? action.rawValue, body: FindingFields.action(action),
                                reply: .object(FindingFields.reply)) { r in
                let id = try r.id()
                return APIResponse.record(try r.core.write(r.actor) { try FindingService(core: r.core).act(id, action, r.input, $0) })
            })
        }
        return routes
    }

    func notices() -> [APIRoute] {
        [
            route("GET", "/notices", "Rectification notices", reply: .page(NoticeFields.reply)) { r in
                APIResponse.page(try NoticeService(core: r.core).list(actor: r.actor, SupervisionRoutes.paging(r)), request: r, columns: NoticeFields.columns)
            },
            route("POST", "/notices", "Issue a rectification notice merging a body's open findings", access: .office, body: NoticeFields.issue,
                  reply: .object(NoticeFields.reply), status: 201) { r in
                let record = try r.core.write(r.actor) { try NoticeService(core: r.core).issue(r.input, $0) }
                return APIResponse.record(record, status: 201, location: "\(base)/notices/\(Render.cell(record["id"]))")
            },
            route("GET", "/notices/{id:int}", "One rectification notice", reply: .object(NoticeFields.reply)) { r in
                let id = try r.id()
                return APIResponse.record(try r.core.read { try NoticeService(core: r.core).json(id, actor: r.actor, $0) })
            },
            route("GET", "/notices/{id:int}/html", "The printable notice (HTML)", reply: .text("text/html")) { r in
                Response(status: 200, contentType: "text/html; charset=utf-8", body: Array(try NoticeService(core: r.core).html(try r.id(), actor: r.actor).utf8))
            },
        ]
    }
}
