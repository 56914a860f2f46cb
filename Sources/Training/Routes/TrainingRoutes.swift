// HTTP: `/api/v1/training/...`. What each route takes and the service call it makes are declared
// in TrainingOperations (the fields in TrainingInputs), what it answers in TrainingReplies;
// RouteKit has the shapes.
import HTTP
import Kernel

struct TrainingRoutes {
    let service: TrainingService
    let base = "/api/v1/training"
    let tag = "training"

    func routes() -> [APIRoute] {
        let service = self.service
        var routes: [APIRoute] = [
            APIRoute("GET", base + "/rules", summary: "The training rules in force (hours, pass mark, certificate periods)", tag: tag, access: .anyUser,
                     reply: .object(TrainingReplies.rules)) { _ in APIResponse.json(service.rulesJSON()) },
            APIRoute("GET", base + "/certificate-categories", summary: "The 11 special-operation categories", tag: tag, access: .anyUser,
                     reply: .items(TrainingReplies.category)) { _ in APIResponse.json(.object(["items": .array(TrainingService.categoriesJSON())])) },
        ]
        routes += peopleRoutes() + recordRoutes() + certificateRoutes() + banRoutes() + complianceRoutes()
        routes.sort { $0.path < $1.path }
        return routes
    }

    func peopleRoutes() -> [APIRoute] {
        let service = self.service
        let person = TrainingReplies.trainingPerson
        return [
            list("/people", "List people in training roles", TrainingOperations.listPeople, item: person),
            create("/people", "Give a registry person a training role in an enterprise", TrainingOperations.addPerson, reply: person),
            get("/people/{id:int}", "Get one training person", TrainingOperations.person, reply: person),
            APIRoute("PATCH", base + "/people/{id:int}", summary: "Change a training person's role or dates (null clears hired_on or left_on; If-Match for a conditional update)",
                     tag: tag, access: .anyUser, body: TrainingInputs.personUpdate, reply: .object(person)) { request in
                let id = try request.id(), version = try request.ifMatchVersion()
                return APIResponse.record(try request.core.write(request.actor) { tx in try service.updatePerson(id, request.input, ifVersion: version, tx) })
            },
            action("/people/{id:int}/actions/change-job", "Record a job change (re-training owed)", TrainingOperations.changeJob, reply: person),
            action("/people/{id:int}/actions/leave", "Record that a person left the job", TrainingOperations.leave, reply: person),
            action("/people/{id:int}/actions/return", "Record a return to work (re-training owed after a year away)", TrainingOperations.returnToWork, reply: person),
            APIRoute("POST", base + "/people/sync", summary: "Add the registry's enterprise posts as training people", tag: tag, access: .anyUser,
                     params: TrainingInputs.sync, reply: .object(TrainingReplies.added)) { request in
                let added = try request.core.write(request.actor) { tx in try service.syncFromRegistry(enterprise: request.params.id("enterprise_id"), tx) }
                return APIResponse.json(.object(["added": .int(Int64(added))]))
            },
            importRoute(.people, "/people/import", item: person),
        ]
    }

    func recordRoutes() -> [APIRoute] {
        let record = TrainingReplies.trainingRecord
        return [
            list("/records", "List training records", TrainingOperations.listRecords, item: record),
            create("/records", "Record a training (course, date, class hours, kind, exam)", TrainingOperations.addRecord, reply: record),
            get("/records/{id:int}", "Get one training record", TrainingOperations.record, reply: record),
            action("/records/{id:int}/actions/exam", "Record an exam score (or the one make-up)", TrainingOperations.exam, reply: record),
            importRoute(.trainings, "/records/import", item: record),
        ]
    }

    func certificateRoutes() -> [APIRoute] {
        let certificate = TrainingReplies.certificate
        return [
            list("/certificates", "List certificates with their status today (or as they stood on an earlier day: ?on=)", TrainingOperations.listCertificates, item: certificate),
            create("/certificates", "Record a special-operation or special-equipment certificate", TrainingOperations.addCertificate, reply: certificate),
            get("/certificates/{id:int}", "Get one certificate with its status today (or as it stood on an earlier day: ?on=)", TrainingOperations.certificate, reply: certificate),
            action("/certificates/{id:int}/actions/review", "Record a review (复审): passed or failed", TrainingOperations.review, reply: certificate),
            action("/certificates/{id:int}/actions/revoke", "Revoke a certificate", TrainingOperations.revoke, reply: certificate),
            importRoute(.certificates, "/certificates/import", item: certificate),
        ]
    }

    func banRoutes() -> [APIRoute] {
        let appointment = TrainingReplies.appointment
        return [
            list("/bans", "List bans", TrainingOperations.listBans, item: TrainingReplies.ban),
            create("/bans", "Record a ban (禁业) with its legal basis and source", TrainingOperations.addBan, reply: TrainingReplies.banWithConflicts),
            get("/bans/{id:int}", "Get one ban with the appointments it conflicts with", TrainingOperations.ban, reply: TrainingReplies.banWithConflicts),
            list("/appointments", "List appointments of principal persons and safety managers", TrainingOperations.listAppointments, item: appointment),
            create("/appointments", "Appoint a principal person or safety manager (a banned person is refused)", TrainingOperations.appoint, reply: appointment),
            get("/appointments/{id:int}", "Get one appointment", TrainingOperations.appointment, reply: appointment),
            action("/appointments/{id:int}/actions/end", "End an appointment", TrainingOperations.endAppointment, reply: appointment),
        ]
    }

    func complianceRoutes() -> [APIRoute] {
        let service = self.service
        // The compliance roll-ups this server has answered (by territory, by industry), kept while unchanged.
        let rollUps = ComplianceRollUpCache()
        return [
            APIRoute("GET", base + "/compliance",
                     summary: "Compliance rolled up by enterprise, territory, industry, person or shortfall (the properties of a row depend on `by`); "
                        + "by enterprise, person and shortfall a page holds the rows of `limit` enterprises (`next`: the last one's id), "
                        + "by territory and industry every group on one page; CSV (every row) with Accept: text/csv",
                     tag: tag, access: .anyUser, params: TrainingInputs.compliance, reply: .page(TrainingReplies.complianceRow)) { request in
                // CSV: every row; otherwise the page asked for.
                let after = try request.paging.afterID()
                let whole = request.wantsCSV
                let page = try request.core.read { db in
                    try service.complianceItems(request.params, actor: request.actor, today: request.core.today,
                                                after: whole ? nil : after, limit: whole ? nil : request.paging.limit, cache: rollUps, db)
                }
                return APIResponse.page(page, request: request)
            },
            get("/enterprises/{id:int}", "An enterprise's training view: colour, reasons, people", params: TrainingInputs.enterpriseView,
                reply: TrainingReplies.enterpriseView) { s, id, request, db in
                try s.enterpriseView(id, year: request.params.smallInt("year"), actor: request.actor, today: request.core.today, db)
            },
            list("/leader-sessions", "List leaders' study sessions", TrainingOperations.listSessions, item: TrainingReplies.session),
            create("/leader-sessions", "Record a leaders' study session of a unit or territory", TrainingOperations.addSession, reply: TrainingReplies.session),
            get("/leader-sessions/{id:int}", "Get one leaders' study session", TrainingOperations.session, reply: TrainingReplies.session),
        ]
    }
}
