// Published by Responsibilities (责任清单).

/// A ledger line is due soon (`.due_soon`) or overdue (`.overdue`); once per line per threshold.
public struct TaskDeadlineReached: EventContract {
    public static let type = "responsibilities.task.deadline" // the concrete types below are what is published
    public var ledgerLineId: Int64
    public var taskId: Int64
    public var unitId: Int64
    public var unitKind: String
    public var due: CalendarDate
    public var period: String?
    public var colourReason: String
    /// The origin of the task when it came from an event (e.g. `consultations.decision:12`), so
    /// the module that asked for it can follow it.
    public var origin: String?
    public init(ledgerLineId: Int64, taskId: Int64, unitId: Int64, unitKind: String, due: CalendarDate, period: String?, colourReason: String,
                origin: String? = nil) {
        self.origin = origin
        self.ledgerLineId = ledgerLineId
        self.taskId = taskId
        self.unitId = unitId
        self.unitKind = unitKind
        self.due = due
        self.period = period
        self.colourReason = colourReason
    }
}

public struct TaskDueSoon: EventContract {
    public static let type = "responsibilities.task.due_soon"
    public var line: TaskDeadlineReached
    public init(_ line: TaskDeadlineReached) { self.line = line }
}

public struct TaskOverdue: EventContract {
    public static let type = "responsibilities.task.overdue"
    public var line: TaskDeadlineReached
    public init(_ line: TaskDeadlineReached) { self.line = line }
}

/// A ledger line was completed (verified by the office: 办结).
public struct TaskCompleted: EventContract {
    public static let type = "responsibilities.task.completed"
    public var ledgerLineId: Int64
    public var taskId: Int64
    public var unitId: Int64
    public var unitKind: String
    public var onTime: Bool
    /// The origin of the task when it came from an event (e.g. `consultations.decision:12`).
    public var origin: String?
    public init(ledgerLineId: Int64, taskId: Int64, unitId: Int64, unitKind: String, onTime: Bool, origin: String?) {
        self.ledgerLineId = ledgerLineId
        self.taskId = taskId
        self.unitId = unitId
        self.unitKind = unitKind
        self.onTime = onTime
        self.origin = origin
    }
}
