// SQL of meeting kinds.
import Kernel

enum KindStore {
    static func all(_ db: Connection) throws -> [MeetingKind] {
        try db.query("SELECT * FROM consultations_meeting_kinds ORDER BY id").map(MeetingKind.init)
    }

    static func get(_ id: Int64, _ db: Connection) throws -> MeetingKind? {
        try db.queryOne("SELECT * FROM consultations_meeting_kinds WHERE id = ?", [id]).map(MeetingKind.init)
    }

    /// A kind by id, code or name.
    static func find(_ text: String, _ db: Connection) throws -> MeetingKind? {
        if let id = Int64(text) { return try get(id, db) }
        return try db.queryOne("SELECT * FROM consultations_meeting_kinds WHERE code = ? OR name = ?", [text, text]).map(MeetingKind.init)
    }

    static func require(_ text: String, _ db: Connection) throws -> MeetingKind {
        guard let kind = try find(text, db) else {
            let codes = try all(db).map(\.code).joined(separator: ", ")
            throw DomainError(.notFound, "no meeting kind '\(text)'; kinds: \(codes)")
        }
        return kind
    }
}
