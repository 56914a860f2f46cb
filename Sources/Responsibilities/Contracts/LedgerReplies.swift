// What the ledger's routes answer: a line (task × unit × due instance) with its colour, a line
// with its history, a task with the colour of its lines. Every property the handlers write.
import Kernel

enum LedgerReplies {
    static let positive: ClosedRange<Int64> = 1...Int64.max
    static let count: ClosedRange<Int64> = 0...Int64.max

    static let colourCode = FieldSpec.choice("colour_code", [
        ("completed", "已完成"), ("completed_late", "逾期完成"), ("overdue", "逾期 R1"), ("behind_red", "严重滞后 R2"), ("due_soon", "即将到期 R3"),
        ("behind_yellow", "滞后 R4"), ("on_track", "按期推进"), ("withdrawn", "已撤销"), ("to_designate", "待明确"), ("unassigned", "未分配"),
    ], "a stable code for the colour's reason, for scripts").always

    /// A ledger line as listed.
    static let line: [FieldSpec] = [
        FieldSpec.integer("id", positive, "the line's id").always,
        FieldSpec.integer("task_id", positive, "its task").always,
        FieldSpec.text("task_number", "the task's number in its plan, e.g. (四); empty for an assigned task").always,
        FieldSpec.text("task_title", "the task's title").always,
        FieldSpec.integer("plan_id", positive, "its plan; null for a task assigned directly or from an event"),
        FieldSpec.text("origin", "where a task from another module came from, e.g. consultations.decision:41"),
        FieldSpec.choice("unit_kind", LedgerContracts.unitKinds, "whether unit_id is a member unit or a territory").always,
        FieldSpec.integer("unit_id", positive, "the member unit's or territory's id").always,
        FieldSpec.text("unit_name", "its name").always,
        FieldSpec.choice("role", UnitRole.self, "lead (牵头), cooperating (协同), separatelyResponsible (分工负责) or territorial (属地责任)").always,
        FieldSpec.text("period", "the due instance: a date, a quarter (2024-Q1), a month (2024-03) or a half-year (2024-H1)").always,
        FieldSpec.text("deadline_phrase", "the plan's words for the deadline, e.g. 2月底前").always,
        FieldSpec.date("due", "due date").always,
        FieldSpec.date("start", "when the work starts counting").always,
        FieldSpec.boolean("recurring", "one of a recurring obligation's instances (每季度)").always,
        FieldSpec.choice("status", LineStatus.self, "the line's state on as_of").always,
        FieldSpec.integer("progress", 0...100, "the last reported percent; null before any report"),
        FieldSpec.date("completed_on", "the day completion was reported; null while not completed"),
        FieldSpec.choice("colour", LedgerContracts.colours, "the three-colour status on as_of (红黄绿灯); null when withdrawn"),
        colourCode,
        FieldSpec.text("colour_reason", "why it has that colour (Chinese)").always,
        FieldSpec.date("as_of", "the day the colour is computed for").always,
        FieldSpec.choice("source", [("plan", "计划文本"), ("designated", "区安委办明确"), ("manual", "交办或手工增加"), ("event", "其他模块")],
                         "where the line came from").always,
        FieldSpec.date("withdrawn_on", "the day it was withdrawn (撤销): out of colours and the assessment; null while in force"),
        FieldSpec.text("withdrawn_reason", "why it was withdrawn"),
        FieldSpec.integer("version", positive, "increased on every action; the ETag").always,
        FieldSpec.text("updated_at", "RFC 3339").always,
    ]

    static let attachment: [FieldSpec] = [
        FieldSpec.text("sha256", "the file's SHA-256 (GET .../attachments/{sha256})").always,
        FieldSpec.text("file_name", "its name").always,
        FieldSpec.integer("size", count, "bytes").always,
    ]

    static let event: [FieldSpec] = [
        FieldSpec.integer("id", positive, "the event's id").always,
        FieldSpec.choice("action", LineAction.self, "what was done").always,
        FieldSpec.date("on_date", "the day it was done").always,
        FieldSpec.text("at", "RFC 3339").always,
        FieldSpec.text("actor", "the user who did it").always,
        FieldSpec.text("reporter", "who reported").always,
        FieldSpec.integer("percent", 0...100, "the percent reported; null when the action carries none"),
        FieldSpec.text("text", "the report, or a return's reason").always,
        FieldSpec.choice("status_after", LineStatus.self, "the line's state after it").always,
        FieldSpec.list("attachments", of: .object(attachment), maxItems: 10, "evidence files").always,
    ]

    /// One line with what may be done next and its history.
    static let lineDetail: [FieldSpec] = line + [
        FieldSpec.list("allowed_actions", of: .choice(LineAction.allCases.map { ($0.rawValue, "") }), maxItems: 5, "the actions its state allows now").always,
        FieldSpec.list("history", of: .object(event), maxItems: 10_000, "every action, oldest first").always,
    ]

    /// A task with the colour of its lines.
    static let task: [FieldSpec] = [
        FieldSpec.integer("id", positive, "the task's id").always,
        FieldSpec.integer("plan_id", positive, "its plan; null for a task assigned directly or from an event"),
        FieldSpec.text("number", "its number in the plan, e.g. (四); empty for an assigned task").always,
        FieldSpec.text("title", "its title").always,
        FieldSpec.text("origin", "where a task from another module came from"),
        FieldSpec.date("start_date", "when the work starts counting").always,
        FieldSpec.choice("colour", LedgerContracts.colours, "the worst colour of its lines; null when it has none in force (unassigned, to be designated, withdrawn)"),
        colourCode,
        FieldSpec.text("colour_reason", "why (Chinese)").always,
        FieldSpec.integer("to_designate", count, "有关 units still to be designated by the office (待明确)").always,
        FieldSpec.date("withdrawn_on", "the day the task was withdrawn; null while in force"),
        FieldSpec.integer("lines", count, "its ledger lines (those you see, narrowed by the filters)").always,
        FieldSpec.integer("red", count, "red lines").always,
        FieldSpec.integer("yellow", count, "yellow lines").always,
        FieldSpec.integer("green", count, "green lines").always,
        FieldSpec.date("as_of", "the day colours are computed for").always,
    ]

    /// A task with its lines.
    static let taskDetail: [FieldSpec] = task + [
        FieldSpec.list("ledger_lines", of: .object(line), maxItems: 100_000, "its ledger lines").always,
    ]
}
