// What the ledger's routes answer: a line (task × unit × due instance) with its colour, a line
// with its history, a task with the colour of its lines. Every property the handlers write.
import Kernel

enum LedgerReplies {
    static let positive: ClosedRange<Int64> = 1...Int64.max
    static let count: ClosedRange<Int64> = 0...Int64.max

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
        FieldSpec.choice("role", UnitRole.self, "lead (牵头), cooperating (协同) or separatelyResponsible (分工负责)").always,
        FieldSpec.text("period", "the due instance: a date or a quarter").always,
        FieldSpec.text("deadline_phrase", "the plan's words for the deadline, e.g. 2月底前").always,
        FieldSpec.date("due", "due date").always,
        FieldSpec.date("start", "when the work starts counting").always,
        FieldSpec.boolean("recurring", "one of a recurring obligation's instances (每季度)").always,
        FieldSpec.choice("status", LineStatus.self, "the line's state on as_of").always,
        FieldSpec.integer("progress", 0...100, "the last reported percent; null before any report"),
        FieldSpec.date("completed_on", "the day completion was reported; null while not completed"),
        FieldSpec.choice("colour", LedgerContracts.colours, "the three-colour status on as_of (红黄绿灯)").always,
        FieldSpec.text("colour_reason", "why it has that colour").always,
        FieldSpec.date("as_of", "the day the colour is computed for").always,
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
        FieldSpec.choice("colour", LedgerContracts.colours, "the worst colour of its lines").always,
        FieldSpec.text("colour_reason", "why").always,
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
