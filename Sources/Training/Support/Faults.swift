// The rules a declaration cannot state (a date after another, a level for a new worker, a record
// that must exist), collected so that every broken one is reported at once, each with its own code.
import Kernel

struct Faults {
    private(set) var errors: [FieldError] = []

    mutating func fail(_ field: String, _ code: String, _ message: String) { errors.append(FieldError(field, code, message)) }

    /// Throws the collected faults as one 422, if any.
    func check() throws {
        if !errors.isEmpty { throw DomainError.validation(errors) }
    }
}

/// A value the contract made required; a service called without it (the demo, a test) gets a 422 too.
func need<T>(_ value: T?, _ name: String) throws -> T {
    guard let value else { throw DomainError.validation([FieldError(name, "required", "\(name) 为必填项 (is required)")]) }
    return value
}
