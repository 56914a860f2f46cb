// Errors that mean the same thing from the CLI and over HTTP: one kind, one message,
// the fields at fault. The CLI maps them to exit codes, HTTP to problem+json statuses.
import CLI

/// One field at fault, e.g. {field: "credit_code", code: "checksum", message: "..."}.
public struct FieldError: Error, Sendable, Hashable, Codable {
    public var field: String
    public var code: String
    public var message: String
    public init(_ field: String, _ code: String, _ message: String) {
        self.field = field
        self.code = code
        self.message = message
    }
}

/// An error a user can act on.
public struct DomainError: Error, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case badRequest, unauthorized, forbidden, notFound, conflict, preconditionFailed, validation, tooManyRequests, unavailable

        public var httpStatus: Int {
            switch self {
            case .badRequest: return 400
            case .unauthorized: return 401
            case .forbidden: return 403
            case .notFound: return 404
            case .conflict: return 409
            case .preconditionFailed: return 412
            case .validation: return 422
            case .tooManyRequests: return 429
            case .unavailable: return 503
            }
        }

        public var exitCode: ExitCode {
            switch self {
            case .badRequest: return .usage
            case .notFound: return .notFound
            case .conflict, .preconditionFailed: return .conflict
            case .validation: return .validation
            case .unauthorized, .forbidden, .tooManyRequests, .unavailable: return .failure
            }
        }

        public var title: String {
            switch self {
            case .badRequest: return "Bad request"
            case .unauthorized: return "Not signed in"
            case .forbidden: return "Not allowed"
            case .notFound: return "Not found"
            case .conflict: return "Conflict"
            case .preconditionFailed: return "Precondition failed"
            case .validation: return "Validation failed"
            case .tooManyRequests: return "Too many requests"
            case .unavailable: return "Unavailable"
            }
        }
    }

    public var kind: Kind
    public var message: String
    public var fieldErrors: [FieldError]
    /// Extra members of the problem document (e.g. `current_state`, `allowed_actions`).
    public var extra: [JSON.Member]
    public var headers: [(String, String)]

    public init(_ kind: Kind, _ message: String, fieldErrors: [FieldError] = [], extra: [JSON.Member] = [], headers: [(String, String)] = []) {
        self.kind = kind
        self.message = message
        self.fieldErrors = fieldErrors
        self.extra = extra
        self.headers = headers
    }

    public var description: String {
        // A message that already is its fields' messages (a bad `limit`) is said once.
        guard !fieldErrors.isEmpty, message != fieldErrors.map(\.message).joined(separator: "; ") else { return message }
        // A message that names its field already is not prefixed with it again.
        return message + ": " + fieldErrors.map { $0.message.contains($0.field) ? $0.message : "\($0.field): \($0.message)" }.joined(separator: "; ")
    }

    /// 404 / exit 3: `what` (中文名称) `id` is unknown, or out of the user's scope, which is told the same way.
    /// `english` names it in the gloss for scripts and logs, e.g. `notFound("隐患", "hazard", "12")`.
    public static func notFound(_ what: String, _ english: String, _ id: String) -> DomainError {
        DomainError(.notFound, "\(what) \(id) 不存在或不在您的查看范围内 (no \(english) with id \(id))")
    }
    public static func validation(_ errors: [FieldError]) -> DomainError {
        DomainError(.validation, errors.count == 1 ? "\(errors[0].field) 有误 (invalid \(errors[0].field))" : "\(errors.count) 个字段有误 (\(errors.count) fields are invalid)", fieldErrors: errors)
    }
    /// The 412 of an `If-Match` naming a version the record has moved past: `what` names it in
    /// Chinese, `english` in the gloss, e.g. `versionMismatch("隐患 YH-2024-000101", "hazard YH-2024-000101", current: 3, expected: 2)`.
    public static func versionMismatch(_ what: String, _ english: String, current: Int64, expected: Int64) -> DomainError {
        DomainError(.preconditionFailed, "\(what) 当前为第 \(current) 版，不是第 \(expected) 版，已被他人修改，请重新读取后再操作"
                    + " (\(english) is at version \(current), not \(expected) (If-Match): read it again and retry)")
    }
    public static func forbidden(_ message: String) -> DomainError { DomainError(.forbidden, message) }
    public static func conflict(_ message: String) -> DomainError { DomainError(.conflict, message) }
}

extension DomainError {
    /// The CLI's view of this error.
    public var commandError: CommandError { CommandError(kind.exitCode, description) }
}
