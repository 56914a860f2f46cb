// HTTP: `/api/v1/training/...`. Thin: parse, call the service, render.
import HTTP
import Kernel

struct TrainingRoutes {
    let service: TrainingService
    let base = "/api/v1/training"
    let tag = "training"
    let object: JSON = .object(["type": "object"])

    static func filters(_ request: APIRequest, _ names: [String]) -> Input {
        var values: [String: String] = [:]
        for name in names { if let value = request.query(name) { values[name] = value } }
        return Input(values)
    }

    static func limit(_ request: APIRequest) throws -> Int { request.wantsCSV ? 100_000 : try request.limit() }

    func list(_ path: String, _ summary: String, filters: [String], _ fetch: @escaping @Sendable (TrainingService, Input, String?, Int, APIRequest, Connection) throws -> Page) -> APIRoute {
        let service = self.service
        return APIRoute("GET", base + path, summary: summary, tag: tag, access: .anyUser,
                        query: filters.map { QueryParameter($0, "only those with this \($0)") } + [.limit, .after],
                        responseSchema: .object(["type": "object", "properties": .object(["items": .object(["type": "array"]), "next": .object(["type": "string"])])])) { request in
            let input = Self.filters(request, filters)
            let limit = try Self.limit(request)
            let page = try request.core.read { db in try fetch(service, input, request.query("after"), limit, request, db) }
            return APIResponse.page(page, request: request)
        }
    }

    func get(_ path: String, _ summary: String, _ fetch: @escaping @Sendable (TrainingService, Int64, APIRequest, Connection) throws -> JSON) -> APIRoute {
        let service = self.service
        return APIRoute("GET", base + path, summary: summary, tag: tag, access: .anyUser, responseSchema: object) { request in
            let id = try request.id()
            return APIResponse.record(try request.core.read { db in try fetch(service, id, request, db) })
        }
    }

    func create(_ path: String, _ summary: String, location: String, _ write: @escaping @Sendable (TrainingService, Input, WriteTransaction) throws -> JSON) -> APIRoute {
        let service = self.service
        let base = self.base
        return APIRoute("POST", base + path, summary: summary, tag: tag, access: .anyUser, requestSchema: object, responseSchema: object, successStatus: 201) { request in
            let input = Input(json: try request.object())
            let record = try request.core.write(request.actor) { tx in try write(service, input, tx) }
            return APIResponse.record(record, status: 201, location: "\(base)\(location)/\(Render.cell(record["id"]))")
        }
    }

    func action(_ path: String, _ summary: String, _ write: @escaping @Sendable (TrainingService, Int64, Input, WriteTransaction) throws -> JSON) -> APIRoute {
        let service = self.service
        return APIRoute("POST", base + path, summary: summary, tag: tag, access: .anyUser, requestSchema: object, responseSchema: object) { request in
            let id = try request.id()
            let input = request.http.body.isEmpty ? Input() : Input(json: try request.object())
            return APIResponse.record(try request.core.write(request.actor) { tx in try write(service, id, input, tx) })
        }
    }

    func importRoute(_ kind: ImportKind, _ path: String) -> APIRoute {
        let service = self.service
        return APIRoute("POST", base + path, summary: "Import \(kind.rawValue) from CSV, all or nothing (?dry_run=true to check only)", tag: tag,
                        access: .anyUser, query: [QueryParameter("dry_run", "check every row, write nothing", schema: .object(["type": "boolean"]))],
                        requestSchema: .object(["type": "string", "description": .string("CSV (text/csv) with a header row: " + service.columns(kind).joined(separator: ", "))]),
                        responseSchema: object) { request in
            guard request.http.headers["Content-Type"]?.lowercased().hasPrefix("text/csv") ?? false else {
                throw DomainError(.badRequest, "send the file as text/csv", extra: [JSON.Member("status_override", 415)])
            }
            guard let text = String(validating: request.http.body, as: UTF8.self) else { throw DomainError(.validation, "the CSV is not UTF-8 text") }
            let dryRun = request.query("dry_run") == "true"
            do {
                let created = try request.core.write(request.actor) { tx in try service.importCSV(kind, text: text, dryRun: dryRun, tx) }
                return APIResponse.json(.object(["imported": .int(Int64(created.count)), "dry_run": false, "items": .array(created)]), status: 201)
            } catch let dry as TrainingDryRun {
                return APIResponse.json(.object(["imported": 0, "dry_run": true, "rows": .int(Int64(dry.rows))]))
            }
        }
    }

    func routes() -> [APIRoute] {
        let service = self.service
        var routes: [APIRoute] = [
            APIRoute("GET", base + "/rules", summary: "The training rules in force (hours, pass mark, certificate periods)", tag: tag, access: .anyUser,
                     responseSchema: object) { _ in APIResponse.json(service.rulesJSON()) },
            APIRoute("GET", base + "/certificate-categories", summary: "The 11 special-operation categories", tag: tag, access: .anyUser,
                     responseSchema: object) { _ in
                APIResponse.json(.object(["items": .array(SpecialOperationCategory.all.map { .object(["code": .string($0.code), "label": .string($0.label)]) })]))
            },
            // People
            list("/people", "List people in training roles", filters: ["enterprise_id", "person_id", "role"]) { s, input, after, limit, request, db in
                try s.listPeople(input, after: after, limit: limit, actor: request.actor, db)
            },
            create("/people", "Give a registry person a training role in an enterprise", location: "/people") { s, input, tx in try s.addPerson(input, tx) },
            get("/people/{id:int}", "Get one training person") { s, id, request, db in try s.person(id, actor: request.actor, db) },
            APIRoute("PATCH", base + "/people/{id:int}", summary: "Change a training person's role or dates", tag: tag, access: .anyUser,
                     requestSchema: object, responseSchema: object) { request in
                let id = try request.id()
                let input = Input(json: try request.object())
                return APIResponse.record(try request.core.write(request.actor) { tx in try service.updatePerson(id, input, tx) })
            },
            action("/people/{id:int}/actions/change-job", "Record a job change (re-training owed)") { s, id, input, tx in try s.changeJob(id, input, tx) },
            action("/people/{id:int}/actions/leave", "Record that a person left the job") { s, id, input, tx in try s.leave(id, input, tx) },
            action("/people/{id:int}/actions/return", "Record a return to work (re-training owed after a year away)") { s, id, input, tx in try s.returnToWork(id, input, tx) },
            APIRoute("POST", base + "/people/sync", summary: "Add the registry's enterprise posts as training people", tag: tag, access: .anyUser,
                     query: [QueryParameter("enterprise_id", "only this enterprise")], responseSchema: object) { request in
                let enterprise = try service.idFilter(Self.filters(request, ["enterprise_id"]), "enterprise_id")
                let added = try request.core.write(request.actor) { tx in try service.syncFromRegistry(enterprise: enterprise, tx) }
                return APIResponse.json(.object(["added": .int(Int64(added))]))
            },
            importRoute(.people, "/people/import"),
            // Training records
            list("/records", "List training records", filters: ["enterprise_id", "person_id", "kind", "year"]) { s, input, after, limit, request, db in
                try s.listRecords(input, after: after, limit: limit, actor: request.actor, db)
            },
            create("/records", "Record a training (course, date, class hours, kind, exam)", location: "/records") { s, input, tx in try s.addRecord(input, tx) },
            get("/records/{id:int}", "Get one training record") { s, id, request, db in try s.record(id, actor: request.actor, db) },
            action("/records/{id:int}/actions/exam", "Record an exam score (or the one make-up)") { s, id, input, tx in try s.recordExam(id, input, tx) },
            importRoute(.trainings, "/records/import"),
            // Certificates
            list("/certificates", "List certificates with their status today", filters: ["enterprise_id", "person_id", "type", "status"]) { s, input, after, limit, request, db in
                try s.listCertificates(input, after: after, limit: limit, actor: request.actor, today: request.core.today, db)
            },
            create("/certificates", "Record a special-operation or special-equipment certificate", location: "/certificates") { s, input, tx in try s.addCertificate(input, tx) },
            get("/certificates/{id:int}", "Get one certificate with its status") { s, id, request, db in
                try s.certificate(id, actor: request.actor, today: request.core.today, db)
            },
            action("/certificates/{id:int}/actions/review", "Record a review (复审): passed or failed") { s, id, input, tx in try s.reviewCertificate(id, input, tx) },
            action("/certificates/{id:int}/actions/revoke", "Revoke a certificate") { s, id, input, tx in try s.revokeCertificate(id, input, tx) },
            importRoute(.certificates, "/certificates/import"),
            // Bans and appointments
            list("/bans", "List bans", filters: ["person_id", "industry"]) { s, input, after, limit, request, db in
                try s.listBans(input, after: after, limit: limit, actor: request.actor, db)
            },
            create("/bans", "Record a ban (禁业) with its legal basis and source", location: "/bans") { s, input, tx in try s.addBan(input, tx) },
            get("/bans/{id:int}", "Get one ban with the appointments it conflicts with") { s, id, request, db in try s.ban(id, actor: request.actor, db) },
            list("/appointments", "List appointments of principal persons and safety managers", filters: ["enterprise_id", "person_id", "status"]) { s, input, after, limit, request, db in
                try s.listAppointments(input, after: after, limit: limit, actor: request.actor, db)
            },
            create("/appointments", "Appoint a principal person or safety manager (a banned person is refused)", location: "/appointments") { s, input, tx in try s.appoint(input, tx) },
            get("/appointments/{id:int}", "Get one appointment") { s, id, request, db in s.appointmentJSON(try s.appointmentRow(id, actor: request.actor, db)) },
            action("/appointments/{id:int}/actions/end", "End an appointment") { s, id, _, tx in try s.endAppointment(id, tx) },
            // Compliance
            APIRoute("GET", base + "/compliance", summary: "Compliance rolled up by enterprise, territory, industry, person or shortfall", tag: tag,
                     access: .anyUser, query: ["by", "year", "on", "territory", "industry", "enterprise_id", "status"].map { QueryParameter($0, "compliance \($0)") },
                     responseSchema: object) { request in
                let input = Self.filters(request, ["year", "on", "territory", "industry", "enterprise_id", "status"])
                let items = try request.core.read { db in try service.complianceItems(by: request.query("by") ?? "enterprise", input, actor: request.actor, today: request.core.today, db) }
                return APIResponse.page(Page(items: items, next: nil), request: request)
            },
            get("/enterprises/{id:int}", "An enterprise's training view: colour, reasons, people") { s, id, request, db in
                try s.enterpriseView(id, Self.filters(request, ["year"]), actor: request.actor, today: request.core.today, db)
            },
            // Leaders' study
            list("/leader-sessions", "List leaders' study sessions", filters: ["unit", "territory", "year"]) { s, input, after, limit, request, db in
                try s.listSessions(input, after: after, limit: limit, actor: request.actor, db)
            },
            create("/leader-sessions", "Record a leaders' study session of a unit or territory", location: "/leader-sessions") { s, input, tx in try s.addSession(input, tx) },
        ]
        routes.sort { $0.path < $1.path }
        return routes
    }
}
