// HTTP: `/api/v1/training/...`. What each route takes is declared in TrainingInputs, what it
// answers in TrainingReplies; the service does the work (RouteKit has the shapes).
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
            list("/people", "List people in training roles", params: TrainingInputs.peopleFilters, item: person) { s, filters, after, limit, request, db in
                try s.listPeople(filters, after: after, limit: limit, actor: request.actor, db)
            },
            create("/people", "Give a registry person a training role in an enterprise", body: TrainingInputs.personAdd, reply: person) { s, input, tx in
                try s.addPerson(input, tx)
            },
            get("/people/{id:int}", "Get one training person", reply: person) { s, id, request, db in try s.person(id, actor: request.actor, db) },
            APIRoute("PATCH", base + "/people/{id:int}", summary: "Change a training person's role or dates (null clears hired_on or left_on; If-Match for a conditional update)",
                     tag: tag, access: .anyUser, body: TrainingInputs.personUpdate, reply: .object(person)) { request in
                let id = try request.id(), version = try request.ifMatchVersion()
                return APIResponse.record(try request.core.write(request.actor) { tx in try service.updatePerson(id, request.input, ifVersion: version, tx) })
            },
            action("/people/{id:int}/actions/change-job", "Record a job change (re-training owed)", body: TrainingInputs.changeJob, reply: person) { s, id, input, tx in
                try s.changeJob(id, input, tx)
            },
            action("/people/{id:int}/actions/leave", "Record that a person left the job", body: TrainingInputs.leave, reply: person) { s, id, input, tx in
                try s.leave(id, input, tx)
            },
            action("/people/{id:int}/actions/return", "Record a return to work (re-training owed after a year away)", body: TrainingInputs.returnToWork, reply: person) { s, id, input, tx in
                try s.returnToWork(id, input, tx)
            },
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
            list("/records", "List training records", params: TrainingInputs.recordFilters, item: record) { s, filters, after, limit, request, db in
                try s.listRecords(filters, after: after, limit: limit, actor: request.actor, db)
            },
            create("/records", "Record a training (course, date, class hours, kind, exam)", body: TrainingInputs.recordAdd, reply: record) { s, input, tx in
                try s.addRecord(input, tx)
            },
            get("/records/{id:int}", "Get one training record", reply: record) { s, id, request, db in try s.record(id, actor: request.actor, db) },
            action("/records/{id:int}/actions/exam", "Record an exam score (or the one make-up)", body: TrainingInputs.exam, reply: record) { s, id, input, tx in
                try s.recordExam(id, input, tx)
            },
            importRoute(.trainings, "/records/import", item: record),
        ]
    }

    func certificateRoutes() -> [APIRoute] {
        let certificate = TrainingReplies.certificate
        return [
            list("/certificates", "List certificates with their status today", params: TrainingInputs.certificateFilters, item: certificate) { s, filters, after, limit, request, db in
                try s.listCertificates(filters, after: after, limit: limit, actor: request.actor, today: request.core.today, db)
            },
            create("/certificates", "Record a special-operation or special-equipment certificate", body: TrainingInputs.certificateAdd, reply: certificate) { s, input, tx in
                try s.addCertificate(input, tx)
            },
            get("/certificates/{id:int}", "Get one certificate with its status", reply: certificate) { s, id, request, db in
                try s.certificate(id, actor: request.actor, today: request.core.today, db)
            },
            action("/certificates/{id:int}/actions/review", "Record a review (复审): passed or failed", body: TrainingInputs.review, reply: certificate) { s, id, input, tx in
                try s.reviewCertificate(id, input, tx)
            },
            action("/certificates/{id:int}/actions/revoke", "Revoke a certificate", body: TrainingInputs.revoke, reply: certificate) { s, id, input, tx in
                try s.revokeCertificate(id, input, tx)
            },
            importRoute(.certificates, "/certificates/import", item: certificate),
        ]
    }

    func banRoutes() -> [APIRoute] {
        let appointment = TrainingReplies.appointment
        return [
            list("/bans", "List bans", params: TrainingInputs.banFilters, item: TrainingReplies.ban) { s, filters, after, limit, request, db in
                try s.listBans(filters, after: after, limit: limit, actor: request.actor, db)
            },
            create("/bans", "Record a ban (禁业) with its legal basis and source", body: TrainingInputs.banAdd, reply: TrainingReplies.banWithConflicts) { s, input, tx in
                try s.addBan(input, tx)
            },
            get("/bans/{id:int}", "Get one ban with the appointments it conflicts with", reply: TrainingReplies.banWithConflicts) { s, id, request, db in
                try s.ban(id, actor: request.actor, db)
            },
            list("/appointments", "List appointments of principal persons and safety managers", params: TrainingInputs.appointmentFilters, item: appointment) { s, filters, after, limit, request, db in
                try s.listAppointments(filters, after: after, limit: limit, actor: request.actor, db)
            },
            create("/appointments", "Appoint a principal person or safety manager (a banned person is refused)", body: TrainingInputs.appointmentAdd, reply: appointment) { s, input, tx in
                try s.appoint(input, tx)
            },
            get("/appointments/{id:int}", "Get one appointment", reply: appointment) { s, id, request, db in s.appointmentJSON(try s.appointmentRow(id, actor: request.actor, db)) },
            action("/appointments/{id:int}/actions/end", "End an appointment", body: nil, reply: appointment) { s, id, _, tx in try s.endAppointment(id, tx) },
        ]
    }

    func complianceRoutes() -> [APIRoute] {
        let service = self.service
        return [
            APIRoute("GET", base + "/compliance",
                     summary: "Compliance rolled up by enterprise, territory, industry, person or shortfall (the properties of a row depend on `by`); CSV with Accept: text/csv",
                     tag: tag, access: .anyUser, params: TrainingInputs.compliance, reply: .items(TrainingReplies.complianceRow, csv: true)) { request in
                let items = try request.core.read { db in try service.complianceItems(request.params, actor: request.actor, today: request.core.today, db) }
                return APIResponse.items(items, request: request)
            },
            get("/enterprises/{id:int}", "An enterprise's training view: colour, reasons, people", params: TrainingInputs.enterpriseView,
                reply: TrainingReplies.enterpriseView) { s, id, request, db in
                try s.enterpriseView(id, year: request.params.smallInt("year"), actor: request.actor, today: request.core.today, db)
            },
            list("/leader-sessions", "List leaders' study sessions", params: TrainingInputs.sessionFilters, item: TrainingReplies.session) { s, filters, after, limit, request, db in
                try s.listSessions(filters, after: after, limit: limit, actor: request.actor, db)
            },
            create("/leader-sessions", "Record a leaders' study session of a unit or territory", body: TrainingInputs.sessionAdd, reply: TrainingReplies.session) { s, input, tx in
                try s.addSession(input, tx)
            },
            get("/leader-sessions/{id:int}", "Get one leaders' study session", reply: TrainingReplies.session) { s, id, request, db in
                try s.session(id, actor: request.actor, db)
            },
        ]
    }
}
