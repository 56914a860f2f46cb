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
        return try db.queryOne("SELECT * FROM consultations_meeting_kinds WHERE code = ? OR name = ? ORDER BY code = ? DESC, id LIMIT 1", [text, text, text])
            .map(MeetingKind.init)
    }

    /// Another kind (not `id`) whose name or code is `text`: a kind is found by either, so a second
    /// one answering to the same text could not be told apart.
    static func answeringTo(_ text: String, except id: Int64?, _ db: Connection) throws -> MeetingKind? {
        try db.queryOne("SELECT * FROM consultations_meeting_kinds WHERE (name = ? OR code = ?) AND id IS NOT ? ORDER BY id LIMIT 1", [text, text, id])
            .map(MeetingKind.init)
    }

    /// 409 when `name` (a kind's new name) already names or codes another kind.
    static func requireFreeName(_ name: String, except id: Int64?, _ db: Connection) throws {
        guard let other = try answeringTo(name, except: id, db) else { return }
        throw DomainError(.conflict, "会议类型名称“\(name)”已被会议类型 \(other.id)（\(other.code)）使用，两个类型同名将无法区分 (the name is taken by meeting kind \(other.id))",
                          fieldErrors: [FieldError("name", "duplicate", "“\(name)”已被会议类型 \(other.id)（\(other.code)）使用 (already taken by meeting kind \(other.id))")])
    }

    /// The fault of a field naming a kind that does not exist, listing the kinds there are.
    static func unknown(_ text: String, field: String, _ db: Connection) throws -> FieldError {
        let codes = try all(db).map(\.code).joined(separator: ", ")
        return FieldError(field, "not_found", "会议类型“\(text.prefix(60))”不存在，现有：\(codes) (no meeting kind '\(text.prefix(60))')")
    }

    /// A kind a field names, or 422 naming the field.
    static func require(_ text: String, field: String, _ db: Connection) throws -> MeetingKind {
        guard let kind = try find(text, db) else { throw DomainError.validation([try unknown(text, field: field, db)]) }
        return kind
    }

    /// A kind a path or an argument names, or "not found".
    static func require(_ text: String, _ db: Connection) throws -> MeetingKind {
        guard let kind = try find(text, db) else {
            throw DomainError(.notFound, "会议类型“\(text.prefix(60))”不存在 (no meeting kind '\(text.prefix(60))'; kinds: \(try all(db).map(\.code).joined(separator: ", ")))")
        }
        return kind
    }
}
