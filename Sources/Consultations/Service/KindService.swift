// Meeting kinds (configuration, office only): a code that is new and plain ASCII, the body that
// holds them, and from which quarter they are required.
import Kernel

extension ConsultationsService {
    /// Adds a kind. `values` were read by `Contracts.createKind`. A code in use is 409.
    public func createKind(_ values: Values, _ tx: WriteTransaction) throws -> Int64 {
        try MeetingScope.requireOffice(tx.actor, "配置会议类型 (only the committee office may configure meeting kinds)")
        let code = values.text("code") ?? ""
        let name = values.text("name") ?? ""
        let bodyKind = values.choice("body_kind", BodyKind.self) ?? .office
        var faults: [FieldError] = []
        if !Self.isKindCode(code) {
            faults.append(FieldError("code", "code_format", "须为以字母开头的英文字母和数字，如 floodSeason (ASCII letters and digits starting with a letter)"))
        }
        let bodyName = values.text("body_name")
        if bodyName == nil && bodyKind != .specialGroup {
            faults.append(FieldError("body_name", "required_for_body", "非专项领导小组的会议类型须给出 body_name (the body that holds it, unless body_kind is specialGroup)"))
        }
        if !faults.isEmpty { throw DomainError.validation(faults) }
        if let existing = try KindStore.answeringTo(code, except: nil, tx.db) {
            throw DomainError(.conflict, "会议类型代码 \(code) 已存在 (a meeting kind '\(code)' exists, id \(existing.id))",
                              fieldErrors: [FieldError("code", "duplicate", "\(code) 已被使用 (already taken by meeting kind \(existing.id))")])
        }
        try KindStore.requireFreeName(name, except: nil, tx.db)
        try tx.db.execute("INSERT INTO consultations_meeting_kinds (code, name, body_kind, body_name, required_from, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                          [code, name, bodyKind.rawValue, bodyName ?? "专项领导小组", values.text("required_from"), tx.nowText, tx.nowText])
        let id = tx.db.lastInsertRowID
        try tx.audit(action: "consultations.kind.create", entity: "meeting_kind", entityID: String(id),
                     after: try KindStore.get(id, tx.db)?.json, summary: "新增会议类型：\(name)")
        return id
    }

    /// Changes a kind's name, body name or `required_from` (null: held as needed).
    /// `values` were read by `Contracts.updateKind`.
    public func updateKind(_ id: Int64, _ values: Values, _ tx: WriteTransaction) throws {
        try MeetingScope.requireOffice(tx.actor, "配置会议类型 (only the committee office may configure meeting kinds)")
        guard let before = try KindStore.get(id, tx.db) else { throw NotFound.kind(id) }
        var faults: [FieldError] = []
        if values.fields.isEmpty {
            faults.append(FieldError("body", "nothing_to_change", "请至少给出 name、body_name、required_from 之一 (give at least one of name, body_name, required_from)"))
        }
        for name in ["name", "body_name"] where values.isCleared(name) {
            faults.append(FieldError(name, "not_clearable", "\(name) 不能清空 (may not be cleared)"))
        }
        if !faults.isEmpty { throw DomainError.validation(faults) }
        if let name = values.text("name") { try KindStore.requireFreeName(name, except: id, tx.db) }
        var sets: [String] = [], args: [any DatabaseValueConvertible] = []
        if let v = values.text("name") { sets.append("name = ?"); args.append(v) }
        if let v = values.text("body_name") { sets.append("body_name = ?"); args.append(v) }
        if values.has("required_from") { sets.append("required_from = ?"); args.append(values.text("required_from")) }
        sets += ["version = version + 1", "updated_at = ?"]; args += [tx.nowText, id]
        try tx.db.execute("UPDATE consultations_meeting_kinds SET \(sets.joined(separator: ", ")) WHERE id = ?", args)
        try tx.audit(action: "consultations.kind.update", entity: "meeting_kind", entityID: String(id),
                     before: before.json, after: try KindStore.get(id, tx.db)?.json, summary: "修改会议类型：\(before.name)")
    }

    /// A kind's code: ASCII letters and digits, starting with a letter (so it never reads as an id).
    static func isKindCode(_ code: String) -> Bool {
        guard let first = code.unicodeScalars.first, first.properties.isAlphabetic, first.isASCII else { return false }
        return code.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }
}
