// The shapes of Training's routes: a paged list with its CSV export, one record, a create, an
// action on a record, a CSV import, each from its declaration in TrainingOperations. The kernel
// reads each route's declared query and body before the handler runs; a handler only calls the
// service and writes the declared answer.
import HTTP
import Kernel

extension TrainingRoutes {
    /// A paged list filtered by `params`; CSV (every matching row, not paged, in the declared
    /// columns) with `Accept: text/csv`.
    func list(_ path: String, _ summary: String, _ list: ListOperation, item: [FieldSpec]) -> APIRoute {
        let service = self.service, fetch = list.fetch
        let columns = item.map(\.name)
        return APIRoute("GET", base + path, summary: summary + "; CSV with Accept: text/csv", tag: tag, access: .anyUser, params: list.filters, reply: .page(item)) { request in
            let page = try request.core.read { db -> Page in
                if request.wantsCSV {
                    return Page(items: try Pages.all { try fetch(service, request.params, $0, Pages.step, request.actor, request.core, db) }, next: nil)
                }
                return try fetch(service, request.params, try request.paging.afterID(), request.paging.limit, request.actor, request.core, db)
            }
            return APIResponse.page(page, request: request, columns: columns)
        }
    }

    func get(_ path: String, _ summary: String, _ read: @escaping ReadOperation, reply: [FieldSpec]) -> APIRoute {
        get(path, summary, reply: reply) { s, id, request, db in try read(s, id, request.actor, request.core, db) }
    }

    func get(_ path: String, _ summary: String, _ view: ViewOperation, reply: [FieldSpec]) -> APIRoute {
        let read = view.read
        return get(path, summary, params: view.params, reply: reply) { s, id, request, db in
            try read(s, id, request.params, request.actor, request.core, db)
        }
    }

    /// One record whose answer also depends on the route's query (`params`).
    func get(_ path: String, _ summary: String, params: Contract = .none, reply: [FieldSpec],
             _ fetch: @escaping @Sendable (TrainingService, Int64, APIRequest, Connection) throws -> JSON) -> APIRoute {
        let service = self.service
        return APIRoute("GET", base + path, summary: summary, tag: tag, access: .anyUser, params: params, reply: .object(reply)) { request in
            let id = try request.id()
            return APIResponse.record(try request.core.read { db in try fetch(service, id, request, db) })
        }
    }

    func create(_ path: String, _ summary: String, _ add: AddOperation, reply: [FieldSpec]) -> APIRoute {
        let service = self.service, write = add.write
        let location = base + path
        return APIRoute("POST", base + path, summary: summary, tag: tag, access: .anyUser, body: add.contract, reply: .object(reply), successStatus: 201) { request in
            let record = try request.core.write(request.actor) { tx in try write(service, request.input, tx) }
            return APIResponse.record(record, status: 201, location: "\(location)/\(Render.cell(record["id"]))")
        }
    }

    /// An action on one record (`POST .../{id}/actions/...`).
    func action(_ path: String, _ summary: String, _ action: ActionOperation, reply: [FieldSpec]) -> APIRoute {
        let service = self.service, write = action.write
        return APIRoute("POST", base + path, summary: summary, tag: tag, access: .anyUser, body: action.contract, reply: .object(reply)) { request in
            let id = try request.id()
            return APIResponse.record(try request.core.write(request.actor) { tx in try write(service, id, request.input, tx) })
        }
    }

    /// `POST .../import`: the CSV text in a JSON body, read row by row with the same declarations as adding one.
    func importRoute(_ kind: ImportKind, _ path: String, item: [FieldSpec]) -> APIRoute {
        let service = self.service
        return APIRoute("POST", base + path,
                        summary: "Import \(kind.rawValue) from CSV, all or nothing (dry_run=true to check only); columns: " + service.columns(kind).joined(separator: ", "),
                        tag: tag, access: .anyUser, params: TrainingInputs.importParams, body: TrainingInputs.importBody,
                        reply: .object(TrainingReplies.imported(item))) { request in
            let text = request.input.text("csv") ?? ""
            let dryRun = request.params.bool("dry_run") ?? false
            do {
                let created = try request.core.write(request.actor) { tx in try service.importCSV(kind, text: text, dryRun: dryRun, tx) }
                return APIResponse.json(TrainingService.imported(created))
            } catch let dry as TrainingDryRun {
                return APIResponse.json(TrainingService.checked(dry))
            }
        }
    }
}
