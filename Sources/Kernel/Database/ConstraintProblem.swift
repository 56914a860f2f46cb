// A database constraint that a request ran into, said as the problem it is for the caller:
// NOT NULL and CHECK name the field (422), UNIQUE names what conflicts (409), a full-text query
// SQLite cannot read is a malformed request (400). Never a 500 for bad input.

extension DatabaseError {
    /// The caller's problem this error stands for, nil when it is the server's (I/O, corruption, a bug).
    public var domainError: DomainError? {
        let column = constrainedColumn
        switch code {
        case 1299:  // SQLITE_CONSTRAINT_NOTNULL
            let field = column ?? "value"
            return DomainError.validation([FieldError(field, "required", "\(field) 不能为空 (may not be empty or null)")])
        case 2067, 1555:  // SQLITE_CONSTRAINT_UNIQUE, PRIMARYKEY
            let what = column ?? "the record"
            return DomainError(.conflict, "已存在相同 \(what) 的记录 (a record with this \(what) already exists)",
                               fieldErrors: column.map { [FieldError($0, "duplicate", "\($0) 已被使用 (already taken)")] } ?? [])
        case 275:  // SQLITE_CONSTRAINT_CHECK
            let field = column ?? "value"
            return DomainError.validation([FieldError(field, "invalid", "\(field) 不符合规则 (breaks a rule of the record)")])
        case 787:  // SQLITE_CONSTRAINT_FOREIGNKEY
            return DomainError.validation([FieldError(column ?? "reference", "not_found", "引用的记录不存在 (refers to a record that does not exist)")])
        default:
            break
        }
        let unreadableSearch = message.hasPrefix("fts5:") || message.contains("unterminated string") || message.contains("unknown special query")
            || message.contains("syntax error") && (sql?.contains("MATCH") ?? false)
        if failure == .other, unreadableSearch {
            return DomainError(.badRequest, "无法理解的全文检索词 (the search text cannot be read as a full-text query)", fieldErrors: [FieldError("q", "format", "the search text cannot be read")])
        }
        return nil
    }

    /// The column a constraint message names: `NOT NULL constraint failed: registry_units.is_office` → `is_office`.
    var constrainedColumn: String? {
        guard let colon = message.lastIndex(of: ":") else { return nil }
        let names = message[message.index(after: colon)...].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard let first = names.first, !first.isEmpty else { return nil }
        let column = first.split(separator: ".").last.map(String.init) ?? first
        return column.unicodeScalars.allSatisfy({ $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) }) ? column : nil
    }
}
