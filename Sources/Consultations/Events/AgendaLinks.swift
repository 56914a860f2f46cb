// Where the records behind agenda items live in the HTTP API (other modules' published paths).
// One place, so a module's route change is one edit here.

enum AgendaLinks {
    static func hazard(_ id: Int64) -> String { "/api/v1/hazards/\(id)" }
    static func tipOff(_ id: Int64) -> String { "/api/v1/tipoffs/\(id)" }
    static func task(_ id: Int64) -> String { "/api/v1/responsibilities/tasks/\(id)" }
    static func ledgerLine(_ id: Int64) -> String { "/api/v1/responsibilities/ledger/\(id)" }
    static func certificate(_ id: Int64) -> String { "/api/v1/training/certificates/\(id)" }
    static func finding(_ id: Int64) -> String { "/api/v1/supervision/findings/\(id)" }
    static func supervisionGroup(_ id: Int64) -> String { "/api/v1/supervision/groups/\(id)" }
    static func compliance(_ quarter: String) -> String { "/api/v1/consultations/compliance?quarter=\(quarter)" }
    static func decision(_ id: Int64) -> String { "/api/v1/consultations/decisions/\(id)" }
}
