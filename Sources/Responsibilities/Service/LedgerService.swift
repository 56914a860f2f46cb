// The ledger's rules: 签收, progress reports, completion, 办结 (verification) and 退回 (return),
// each an explicit action that appends to the line's history; the office verifies and returns.
import Foundation
import Kernel

/// What an action carries (fields not used by an action are ignored).
struct LineActionInput: Sendable {
    var percent: Int?
    var text: String = ""
    var reporter: String?
    var reason: String?
    var attachments: [AttachmentInput] = []
}

extension LineActionInput {
    /// The input as read by `LedgerContracts.action`; attachments come as base64 (HTTP) or are
    /// added from files (the CLI).
    init(_ values: Values) throws {
        percent = values.smallInt("percent")
        text = values.text("text") ?? ""
        reporter = values.text("reporter")
        reason = values.text("reason")
        for (index, file) in values.objects("attachments").enumerated() {
            guard let encoded = file.text("content_base64"), let data = Data(base64Encoded: encoded) else {
                throw DomainError.validation([FieldError("attachments[\(index)].content_base64", "base64", "不是有效的 base64 (not valid base64)")])
            }
            attachments.append(AttachmentInput(fileName: file.text("file_name") ?? "attachment-\(index + 1)", bytes: Array(data)))
        }
    }
}

enum LedgerService {
    /// Applies `action` to line `lineID` as `tx.actor`; returns the line as it now is.
    static func act(_ action: LineAction, lineID: Int64, _ input: LineActionInput, rules: ColourRules, _ tx: WriteTransaction) throws -> JSON {
        let actor = tx.actor
        try LedgerScope.mayReport(actor)
        let row = try LedgerStore.line(lineID, actor: actor, tx.db)
        if action == .verify || action == .return { try LedgerScope.requireOffice(actor, "\(action.chinese) (\(action.rawValue)) a ledger line") }
        if let withdrawn = row.string("withdrawn_on") ?? row.string("task_withdrawn_on") {
            throw DomainError(.conflict, "台账\(lineID)已于\(withdrawn)撤销,不能再\(action.chinese) (the ledger line is withdrawn)",
                              extra: [JSON.Member("code", .string("state")), JSON.Member("current_state", .string("withdrawn")), JSON.Member("allowed_actions", JSON([String]()))])
        }
        let status = LineStatus(rawValue: row.requiredString("status")) ?? .assigned
        guard status.allowedActions.contains(action) else {
            let allowed = status.allowedActions.map(\.rawValue)
            throw DomainError(.conflict, "台账\(lineID)当前为\(status.chinese),不能\(action.chinese) (ledger line \(lineID) is \(status.rawValue); \(action.rawValue) is not allowed now" +
                              (allowed.isEmpty ? ")" : "; allowed: \(allowed.joined(separator: ", ")))"),
                              extra: [JSON.Member("current_state", .string(status.rawValue)), JSON.Member("allowed_actions", JSON(allowed))])
        }
        // The contract of each action requires its fields (percent and text, text, reason).
        let percent = action == .complete ? 100 : (action == .progress ? input.percent : nil)
        try AttachmentStore.validate(input.attachments)

        let next = action.next(status)
        let text = action == .return ? (input.reason ?? "") : input.text
        let reporter = (input.reporter?.isEmpty == false ? input.reporter : nil) ?? actor.username
        try tx.db.execute("""
            INSERT INTO responsibilities_line_events (line_id, action, on_date, at, actor, reporter, percent, text, status_after)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [lineID, action.rawValue, tx.today.iso, tx.nowText, actor.username, reporter, percent, text, next.rawValue])
        let eventID = tx.db.lastInsertRowID
        for file in input.attachments { try AttachmentStore.attach(file, toEvent: eventID, tx) }
        var sets = ["status = ?", "version = version + 1", "updated_at = ?"]
        var args: [any DatabaseValueConvertible] = [next.rawValue, tx.nowText]
        switch action {
        case .sign: sets.append("signed_at = ?"); args.append(tx.nowText)
        case .progress: sets.append("progress = ?"); args.append(percent)
        case .complete: sets += ["progress = 100", "completed_on = ?"]; args.append(tx.today.iso)
        case .verify: sets.append("closed_at = ?"); args.append(tx.nowText)
        case .return: sets.append("completed_on = NULL")
        }
        args.append(lineID)
        try tx.db.execute("UPDATE responsibilities_lines SET \(sets.joined(separator: ", ")) WHERE id = ?", args)
        let unitName = row.requiredString("unit_name"), period = row.requiredString("period")
        try tx.audit(action: "responsibilities.line.\(action.rawValue)", entity: "ledger_line", entityID: String(lineID),
                     before: .object(["status": .string(status.rawValue)]), after: .object(["status": .string(next.rawValue), "percent": JSON(percent)]),
                     summary: "\(action.chinese): \(row.requiredString("task_number")) \(unitName) \(period)" + (action == .return ? " — \(text)" : ""))
        if action == .verify {
            let completedOn = row.string("completed_on").flatMap(CalendarDate.init(iso:)) ?? tx.today
            let due = CalendarDate(iso: row.requiredString("due")) ?? tx.today
            try tx.publish(TaskCompleted(ledgerLineId: lineID, taskId: row.requiredInt("task_id"), unitId: row.requiredInt("unit_id"),
                                         unitKind: row.requiredString("unit_kind"), onTime: completedOn <= due, origin: row.string("origin"),
                                         taskNumber: row.string("task_number"), taskTitle: row.string("task_title"), unitName: unitName),
                           summary: "\(unitName)\(period)的任务“\(row.requiredString("task_title"))”已办结" + (completedOn <= due ? "(按期完成)" : "(逾期完成,截止\(due.iso))"))
        }
        return try LedgerQueries.line(lineID, day: tx.today, actor: actor, rules: rules, tx.db)
    }
}
