// Routes of the task ledger: tasks (list, assign, one), ledger lines (list, one) and evidence files.
import HTTP
import Kernel

enum LedgerRoutes {
    static let base = ResponsibilitiesRoutes.base, tag = ResponsibilitiesRoutes.tag, roles = ResponsibilitiesRoutes.ledgerRoles

    static func routes() -> [APIRoute] {
        [
            list("tasks", summary: "Tasks with their three-colour status (红黄绿灯); CSV with Accept: text/csv", reply: LedgerReplies.task, LedgerQueries.taskPage),
            APIRoute("POST", "\(base)/tasks", summary: "Assign a task (交办) to member units or territories, due on a day or each quarter of a year",
                     tag: tag, access: .office, body: LedgerContracts.assignment, reply: .object(LedgerReplies.task), successStatus: 201) { request in
                let input = TaskAssignment(request.input)
                let rules = request.core.settings.colourRules
                let task = try request.core.write(request.actor) { tx -> JSON in
                    let id = try TaskService.assign(input, tx)
                    var filter = LedgerFilter(day: tx.today)
                    filter.taskID = id
                    guard let task = try LedgerQueries.tasks(filter, actor: tx.actor, rules: rules, tx.db).first else { throw DomainError.notFound("任务", "task", String(id)) }
                    return task
                }
                return APIResponse.record(task, status: 201, location: "\(base)/tasks/\(Render.cell(task["id"]))")
            },
            unitRoute("add-unit", summary: "Add a unit to a task by hand (增加责任单位): lines for the task's periods not yet ended", TaskUnits.add),
            unitRoute("remove-unit", summary: "Remove a unit from a task (移除责任单位): its lines withdrawn, kept with their history", TaskUnits.remove),
            APIRoute("GET", "\(base)/tasks/{id:int}", summary: "One task with its colour and its ledger lines", tag: tag, access: roles,
                     params: LedgerContracts.day, reply: .object(LedgerReplies.taskDetail)) { request in
                let id = try request.id()
                let rules = request.core.settings.colourRules, filter = LedgerFilter(request.params, today: request.core.today)
                return APIResponse.json(try request.core.read { try LedgerQueries.task(id, filter, actor: request.actor, rules: rules, $0) })
            },
            list("ledger", summary: "Ledger lines (task × unit × due instance) with colour and reason; CSV with Accept: text/csv", reply: LedgerReplies.line,
                 LedgerQueries.linePage),
            APIRoute("GET", "\(base)/ledger/{id:int}", summary: "One ledger line with its history", tag: tag, access: roles,
                     params: LedgerContracts.day, reply: .object(LedgerReplies.lineDetail)) { request in
                let id = try request.id()
                let rules = request.core.settings.colourRules, day = LedgerFilter(request.params, today: request.core.today).day
                return APIResponse.record(try request.core.read { try LedgerQueries.line(id, day: day, actor: request.actor, rules: rules, $0) })
            },
            APIRoute("GET", "\(base)/attachments/{sha256}", summary: "An evidence file (by its SHA-256) of a line you can see, as the type its content is", tag: tag, access: roles,
                     reply: .file("*/*")) { request in
                let hash = request.http.pathParameter("sha256") ?? ""
                let file = try request.core.read { try AttachmentStore.content(hash, actor: request.actor, $0) }
                return AttachmentContent.response(name: file.fileName, bytes: file.bytes)
            },
        ]
    }

    static func unitRoute(_ action: String, summary: String, _ change: @escaping @Sendable (Int64, TaskUnitInput, WriteTransaction) throws -> Int) -> APIRoute {
        APIRoute("POST", "\(base)/tasks/{id:int}/actions/\(action)", summary: summary, tag: tag, access: .office, body: PlanContracts.taskUnitBody,
                 reply: .object(PlanContracts.taskUnitResult)) { request in
            let id = try request.id()
            let input = TaskUnitInput(request.input)
            let count = try request.core.write(request.actor) { tx in try change(id, input, tx) }
            return APIResponse.record(.object(["task_id": .int(id), "ledger_lines": .int(Int64(count))]))
        }
    }

    /// `GET .../tasks` and `GET .../ledger`: the same filters and paging, a page of tasks or of lines.
    static func list(_ path: String, summary: String, reply: [FieldSpec], _ query: @escaping LedgerQueries.PageQuery) -> APIRoute {
        APIRoute("GET", "\(base)/\(path)", summary: summary, tag: tag, access: roles, params: LedgerContracts.filter, reply: .page(reply)) { request in
            let rules = request.core.settings.colourRules, filter = LedgerFilter(request.params, today: request.core.today)
            let (after, limit) = try ResponsibilitiesRoutes.paging(request)
            return APIResponse.page(try request.core.read { try query(filter, after, limit, request.actor, rules, $0) }, request: request)
        }
    }
}
