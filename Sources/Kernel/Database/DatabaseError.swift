// Errors from SQLite that carry its result code and say in words what failed.
import CSQLite

/// What kind of failure a SQLite result code means, in the words an operator needs.
public enum DatabaseFailure: String, Sendable {
    case constraint = "a constraint was violated"
    case busy = "the database is busy (another writer holds the lock)"
    case locked = "a table is locked"
    case corrupt = "the database file is corrupt"
    case readOnly = "the database is read-only"
    case diskFull = "the disk is full"
    case cannotOpen = "the database file cannot be opened"
    case notADatabase = "the file is not a database"
    case ioError = "an I/O error occurred"
    case misuse = "the database was misused (a bug)"
    case other = "the database reported an error"

    init(code: Int32) {
        switch code & 0xff {
        case SQLITE_CONSTRAINT: self = .constraint
        case SQLITE_BUSY: self = .busy
        case SQLITE_LOCKED: self = .locked
        case SQLITE_CORRUPT: self = .corrupt
        case SQLITE_READONLY: self = .readOnly
        case SQLITE_FULL: self = .diskFull
        case SQLITE_CANTOPEN: self = .cannotOpen
        case SQLITE_NOTADB: self = .notADatabase
        case SQLITE_IOERR: self = .ioError
        case SQLITE_MISUSE: self = .misuse
        default: self = .other
        }
    }
}

/// An error from SQLite. Arguments are never included (they may hold personal data).
public struct DatabaseError: Error, Sendable, CustomStringConvertible {
    /// SQLite's extended result code.
    public let code: Int32
    public let failure: DatabaseFailure
    /// SQLite's own message.
    public let message: String
    /// The statement that failed, if any.
    public let sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.failure = DatabaseFailure(code: code)
        self.message = message
        self.sql = sql
    }

    public var isConstraintViolation: Bool { failure == .constraint }
    public var isUniqueViolation: Bool { code == 2067 /* SQLITE_CONSTRAINT_UNIQUE */ || code == 1555 /* PRIMARYKEY */ }

    public var description: String {
        var text = "\(failure.rawValue): \(message) (SQLite code \(code))"
        if let sql { text += " in: \(sql.prefix(200))" }
        return text
    }
}
