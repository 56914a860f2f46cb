// What each Training list, read, addition and action takes and which service call makes it,
// declared once: the route (RouteKit) and the command (CommandKit) of each are built from the
// same declaration, so HTTP and the CLI cannot take different fields or call different functions.
import Kernel

/// A list: the filters it takes and the page the service reads after a cursor.
struct ListOperation: Sendable {
    typealias Fetch = @Sendable (TrainingService, Values, _ after: Int64?, _ limit: Int, Actor, Core, Connection) throws -> Page
    let filters: Contract
    let fetch: Fetch
}

/// One record by its id, in the actor's scope.
typealias ReadOperation = @Sendable (TrainingService, Int64, Actor, Core, Connection) throws -> JSON

/// One record by its id whose answer also depends on a query (e.g. the day it is seen as of).
struct ViewOperation: Sendable {
    let params: Contract
    let read: @Sendable (TrainingService, Int64, Values, Actor, Core, Connection) throws -> JSON
}

/// An addition: the fields it takes and the service call that writes it.
struct AddOperation: Sendable {
    let contract: Contract
    let write: @Sendable (TrainingService, Values, WriteTransaction) throws -> JSON
}

/// An action on one record by its id; a `nil` contract takes no fields.
struct ActionOperation: Sendable {
    let contract: Contract?
    let write: @Sendable (TrainingService, Int64, Values, WriteTransaction) throws -> JSON
}

enum TrainingOperations {
    // MARK: - People

    static let listPeople = ListOperation(filters: TrainingInputs.peopleFilters) { s, filters, after, limit, actor, _, db in
        try s.listPeople(filters, after: after, limit: limit, actor: actor, db)
    }
    static let person: ReadOperation = { s, id, actor, _, db in try s.person(id, actor: actor, db) }
    static let addPerson = AddOperation(contract: TrainingInputs.personAdd) { s, input, tx in try s.addPerson(input, tx) }
    /// The CLI's `update`; the route is a PATCH with If-Match.
    static let updatePerson = ActionOperation(contract: TrainingInputs.personUpdate) { s, id, input, tx in try s.updatePerson(id, input, tx) }
    static let changeJob = ActionOperation(contract: TrainingInputs.changeJob) { s, id, input, tx in try s.changeJob(id, input, tx) }
    static let leave = ActionOperation(contract: TrainingInputs.leave) { s, id, input, tx in try s.leave(id, input, tx) }
    static let returnToWork = ActionOperation(contract: TrainingInputs.returnToWork) { s, id, input, tx in try s.returnToWork(id, input, tx) }

    // MARK: - Training records

    static let listRecords = ListOperation(filters: TrainingInputs.recordFilters) { s, filters, after, limit, actor, _, db in
        try s.listRecords(filters, after: after, limit: limit, actor: actor, db)
    }
    static let record: ReadOperation = { s, id, actor, _, db in try s.record(id, actor: actor, db) }
    static let addRecord = AddOperation(contract: TrainingInputs.recordAdd) { s, input, tx in try s.addRecord(input, tx) }
    static let exam = ActionOperation(contract: TrainingInputs.exam) { s, id, input, tx in try s.recordExam(id, input, tx) }

    // MARK: - Certificates (their status today, or as of an earlier day `on`)

    static let listCertificates = ListOperation(filters: TrainingInputs.certificateFilters) { s, filters, after, limit, actor, core, db in
        try s.listCertificates(filters, after: after, limit: limit, actor: actor, today: core.today, db)
    }
    static let certificate = ViewOperation(params: TrainingInputs.certificateView) { s, id, params, actor, core, db in
        try s.certificate(id, on: params.date("on"), actor: actor, today: core.today, db)
    }
    static let addCertificate = AddOperation(contract: TrainingInputs.certificateAdd) { s, input, tx in try s.addCertificate(input, tx) }
    static let review = ActionOperation(contract: TrainingInputs.review) { s, id, input, tx in try s.reviewCertificate(id, input, tx) }
    static let revoke = ActionOperation(contract: TrainingInputs.revoke) { s, id, input, tx in try s.revokeCertificate(id, input, tx) }

    // MARK: - Bans and appointments

    static let listBans = ListOperation(filters: TrainingInputs.banFilters) { s, filters, after, limit, actor, _, db in
        try s.listBans(filters, after: after, limit: limit, actor: actor, db)
    }
    static let ban: ReadOperation = { s, id, actor, _, db in try s.ban(id, actor: actor, db) }
    static let addBan = AddOperation(contract: TrainingInputs.banAdd) { s, input, tx in try s.addBan(input, tx) }

    static let listAppointments = ListOperation(filters: TrainingInputs.appointmentFilters) { s, filters, after, limit, actor, _, db in
        try s.listAppointments(filters, after: after, limit: limit, actor: actor, db)
    }
    static let appointment: ReadOperation = { s, id, actor, _, db in s.appointmentJSON(try s.appointmentRow(id, actor: actor, db)) }
    static let appoint = AddOperation(contract: TrainingInputs.appointmentAdd) { s, input, tx in try s.appoint(input, tx) }
    static let endAppointment = ActionOperation(contract: nil) { s, id, _, tx in try s.endAppointment(id, tx) }

    // MARK: - Leaders' study

    static let listSessions = ListOperation(filters: TrainingInputs.sessionFilters) { s, filters, after, limit, actor, _, db in
        try s.listSessions(filters, after: after, limit: limit, actor: actor, db)
    }
    static let session: ReadOperation = { s, id, actor, _, db in try s.session(id, actor: actor, db) }
    static let addSession = AddOperation(contract: TrainingInputs.sessionAdd) { s, input, tx in try s.addSession(input, tx) }
}
