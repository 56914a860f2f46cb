// `/api/v1/responsibilities/...`: thin — parse, call the service, render.
import Foundation
import HTTP
import Kernel

enum ResponsibilitiesRoutes {
    static let base = "/api/v1/responsibilities"
    static let tag = "responsibilities"
    static let ledgerRoles = RouteAccess.roles([.admin, .unit, .town])

    static func routes(_ core: Core) -> [APIRoute] {
        let filterQuery = [
            QueryParameter("unit", "a member unit or territory (id or name)"), QueryParameter("task", "task id"), QueryParameter("plan", "plan id"),
            QueryParameter("status", "assigned | signed | inProgress | reported | closed"), QueryParameter("colour", "red | yellow | green"),
            QueryParameter("period", "e.g. 2024-02-29 or 2024-Q1"), QueryParameter("on", "the day colours are computed for (default today)"),
        ]
        var routes = [
            APIRoute("POST", "\(base)/plans", summary: "Import a work plan (工作要点) from its text (JSON {year, text | content_base64, dry_run} or text/plain with ?year=)",
                     tag: tag, access: .adminOnly,
                     query: [QueryParameter("year", "the plan's year"), QueryParameter("dry_run", "describe only, write nothing", schema: .object(["type": "boolean"]))],
                     requestSchema: .object(["type": "object", "properties": .object(["year": .object(["type": "integer"]), "text": .object(["type": "string"]),
                                                                                         "content_base64": .object(["type": "string"]), "dry_run": .object(["type": "boolean"])])]),
                     responseSchema: .object(["type": "object"]), successStatus: 201) { request in
                let (bytes, year, dryRun, name) = try importInput(request)
                let result = try PlanService.importPlan(bytes: bytes, year: year, sourceName: name, dryRun: dryRun, core: request.core, actor: request.actor)
                if result.created, let id = result.planID {
                    return APIResponse.record(result.json, status: 201, location: "\(base)/plans/\(id)")
                }
                return APIResponse.json(result.json)
            },
            APIRoute("GET", "\(base)/plans", summary: "List imported work plans", tag: tag, access: ledgerRoles, query: [.limit, .after]) { request in
                let items = try request.core.read { try PlanStore.plans($0) }
                return APIResponse.page(Page(items: items, next: nil), request: request)
            },
            APIRoute("GET", "\(base)/plans/{id:int}", summary: "One plan with its sections, tasks and clauses (units with ids)", tag: tag, access: ledgerRoles) { request in
                let id = try request.id()
                return APIResponse.json(try request.core.read { try PlanStore.plan(id, $0) })
            },
            APIRoute("GET", "\(base)/tasks", summary: "Tasks with their three-colour status (红黄绿灯); CSV with Accept: text/csv", tag: tag, access: ledgerRoles,
                     query: filterQuery + [.limit, .after]) { request in
                let rules = request.core.settings.colourRules
                let limit = request.wantsCSV ? Int.max : try request.limit()
                let after = try request.query("after").map { try Cursor.decode($0) }
                let items = try request.core.read { db in
                    try LedgerQueries.tasks(FilterParsing.filter(request.query, today: request.core.today, db), actor: request.actor, rules: rules, db)
                }.filter { after == nil || ($0["id"]?.intValue ?? 0) > after! }
                let page = Array(items.prefix(limit))
                let next = items.count > limit ? page.last?["id"]?.intValue.map(Cursor.encode) : nil
                return APIResponse.page(Page(items: page, next: next), request: request)
            },
            APIRoute("POST", "\(base)/tasks", summary: "Assign a task (交办) to units or territories: {title, text, units: [name|id], due | quarterly_year}",
                     tag: tag, access: .adminOnly, requestSchema: .object(["type": "object"]), responseSchema: .object(["type": "object"]), successStatus: 201) { request in
                let body = try request.object()
                var input = TaskAssignment(title: body["title"]?.stringValue ?? "", text: body["text"]?.stringValue ?? "",
                                           units: (body["units"]?.arrayValue ?? []).map { $0.stringValue ?? Render.cell($0) }, due: nil, quarterlyYear: nil)
                if let due = body["due"]?.stringValue {
                    guard let date = CalendarDate(iso: due) else { throw DomainError.validation([FieldError("due", "date", "expected YYYY-MM-DD, got '\(due)'")]) }
                    input.due = date
                }
                input.quarterlyYear = body["quarterly_year"]?.intValue.map(Int.init)
                let rules = request.core.settings.colourRules
                let task = try request.core.write(request.actor) { tx -> JSON in
                    let id = try TaskService.assign(input, tx)
                    var filter = LedgerFilter(day: tx.today)
                    filter.taskID = id
                    return try LedgerQueries.tasks(filter, actor: tx.actor, rules: rules, tx.db).first ?? .object(["id": .int(id)])
                }
                return APIResponse.record(task, status: 201, location: "\(base)/tasks/\(Render.cell(task["id"]))")
            },
            APIRoute("GET", "\(base)/tasks/{id:int}", summary: "One task with its colour and its ledger lines", tag: tag, access: ledgerRoles,
                     query: [QueryParameter("on", "the day colours are computed for")]) { request in
                let id = try request.id()
                let rules = request.core.settings.colourRules
                let task = try request.core.read { db -> JSON in
                    var filter = try FilterParsing.filter(request.query, today: request.core.today, db)
                    filter.taskID = id
                    guard case .object(var members)? = try LedgerQueries.tasks(filter, actor: request.actor, rules: rules, db).first else {
                        throw DomainError.notFound("task", String(id))
                    }
                    members.append(JSON.Member("lines", .array(try LedgerQueries.allLines(filter, actor: request.actor, rules: rules, db).map(\.json))))
                    return .object(members)
                }
                return APIResponse.json(task)
            },
            APIRoute("GET", "\(base)/ledger", summary: "Ledger lines (task × unit × due instance) with colour and reason; CSV with Accept: text/csv", tag: tag,
                     access: ledgerRoles, query: filterQuery + [.limit, .after]) { request in
                let rules = request.core.settings.colourRules
                let limit = request.wantsCSV ? Int.max : try request.limit()
                let after = try request.query("after").map { try Cursor.decode($0) }
                let page = try request.core.read { db in
                    try LedgerQueries.linePage(FilterParsing.filter(request.query, today: request.core.today, db), after: after, limit: limit,
                                               actor: request.actor, rules: rules, db)
                }
                return APIResponse.page(page, request: request)
            },
            APIRoute("GET", "\(base)/ledger/{id:int}", summary: "One ledger line with its history", tag: tag, access: ledgerRoles,
                     query: [QueryParameter("on", "the day the colour is computed for")]) { request in
                let id = try request.id()
                let rules = request.core.settings.colourRules
                let line = try request.core.read { db in
                    try LedgerQueries.line(id, day: FilterParsing.filter(request.query, today: request.core.today, db).day, actor: request.actor, rules: rules, db)
                }
                return APIResponse.record(line)
            },
            APIRoute("GET", "\(base)/attachments/{sha256}", summary: "An evidence file (by its SHA-256) of a line you can see", tag: tag, access: ledgerRoles) { request in
                let hash = request.http.pathParameters["sha256"] ?? ""
                let file = try request.core.read { try AttachmentStore.content(hash, actor: request.actor, $0) }
                var response = Response(status: 200, contentType: "application/octet-stream", body: file.bytes)
                response.headers.set("Content-Disposition", "attachment; filename*=UTF-8''\(percentEncode(file.fileName))")
                return response
            },
        ]
        for action in LineAction.allCases {
            routes.append(APIRoute("POST", "\(base)/ledger/{id:int}/actions/\(action.rawValue)", summary: "\(action.chinese) (\(action.rawValue)) a ledger line",
                                   tag: tag, access: action == .verify || action == .return ? .adminOnly : ledgerRoles,
                                   requestSchema: actionSchema, responseSchema: .object(["type": "object"])) { request in
                let id = try request.id()
                let input = try actionInput(request)
                let rules = request.core.settings.colourRules
                let line = try request.core.write(request.actor) { tx in try LedgerService.act(action, lineID: id, input, rules: rules, tx) }
                return APIResponse.record(line)
            })
        }
        return routes + ListRoutes.routes(core)
    }

    static let actionSchema: JSON = .object(["type": "object", "properties": .object([
        "percent": .object(["type": "integer", "minimum": 0, "maximum": 100]), "text": .object(["type": "string"]),
        "reporter": .object(["type": "string"]), "reason": .object(["type": "string"]),
        "attachments": .object(["type": "array", "items": .object(["type": "object", "properties": .object([
            "file_name": .object(["type": "string"]), "content_base64": .object(["type": "string"])])])]),
    ])])

    static func importInput(_ request: APIRequest) throws -> (bytes: [UInt8], year: Int?, dryRun: Bool, name: String) {
        let type = request.http.headers["Content-Type"]?.lowercased() ?? ""
        var year = try request.query("year").map { text -> Int in
            guard let year = Int(text) else { throw DomainError.validation([FieldError("year", "integer", "expected a year, got '\(text)'")]) }
            return year
        }
        var dryRun = request.query("dry_run") == "true"
        if type.hasPrefix("text/plain") || type.hasPrefix("application/octet-stream") {
            guard !request.http.body.isEmpty else { throw DomainError.validation([FieldError("text", "empty", PlanImportError.empty.description)]) }
            return (request.http.body, year, dryRun, "upload")
        }
        let body = try request.object()
        if let value = body["year"] {
            guard let number = value.intValue else { throw DomainError.validation([FieldError("year", "integer", "year must be a whole number")]) }
            year = Int(number)
        }
        if case .bool(let flag)? = body["dry_run"] { dryRun = flag }
        let name = body["source_name"]?.stringValue ?? "upload"
        if let text = body["text"]?.stringValue { return (Array(text.utf8), year, dryRun, name) }
        if let encoded = body["content_base64"]?.stringValue {
            guard let data = Data(base64Encoded: encoded) else { throw DomainError.validation([FieldError("content_base64", "base64", "not valid base64")]) }
            return (Array(data), year, dryRun, name)
        }
        throw DomainError.validation([FieldError("text", "required", "give the plan as text (or content_base64 for GB18030 bytes)")])
    }

    static func actionInput(_ request: APIRequest) throws -> LineActionInput {
        guard !request.http.body.isEmpty else { return LineActionInput() }
        let body = try request.object()
        var input = LineActionInput()
        if let percent = body["percent"] {
            guard let value = percent.intValue else { throw DomainError.validation([FieldError("percent", "integer", "percent must be a whole number 0–100")]) }
            input.percent = Int(value)
        }
        input.text = body["text"]?.stringValue ?? ""
        input.reporter = body["reporter"]?.stringValue
        input.reason = body["reason"]?.stringValue
        for (index, item) in (body["attachments"]?.arrayValue ?? []).enumerated() {
            guard let encoded = item["content_base64"]?.stringValue, let data = Data(base64Encoded: encoded) else {
                throw DomainError.validation([FieldError("attachments[\(index)].content_base64", "base64", "give the file as base64")])
            }
            input.attachments.append(AttachmentInput(fileName: item["file_name"]?.stringValue ?? "attachment-\(index + 1)", bytes: Array(data)))
        }
        return input
    }

    static func percentEncode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "file"
    }
}
