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
    /// The task's number (e.g. `（七）`) and title, and the unit's name, as the ledger shows them: what
    /// a person reads in a deduction or a proposal (absent in events published before they existed).
    public var taskNumber: String?
    public var taskTitle: String?
    public var unitName: String?
    public init(ledgerLineId: Int64, taskId: Int64, unitId: Int64, unitKind: String, due: CalendarDate, period: String?, colourReason: String,
                origin: String? = nil, taskNumber: String? = nil, taskTitle: String? = nil, unitName: String? = nil) {
        self.origin = origin
        self.taskNumber = taskNumber
        self.taskTitle = taskTitle
        self.unitName = unitName
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
    /// The task's number and title and the unit's name, as the ledger shows them (absent in older events).
    public var taskNumber: String?
    public var taskTitle: String?
    public var unitName: String?
    public init(ledgerLineId: Int64, taskId: Int64, unitId: Int64, unitKind: String, onTime: Bool, origin: String?,
                taskNumber: String? = nil, taskTitle: String? = nil, unitName: String? = nil) {
        self.taskNumber = taskNumber
        self.taskTitle = taskTitle
        self.unitName = unitName
        self.ledgerLineId = ledgerLineId
        self.taskId = taskId
        self.unitId = unitId
        self.unitKind = unitKind
        self.onTime = onTime
        self.origin = origin
    }
}

/// A task was created with its ledger lines (e.g. from a meeting decision or a finding): the module
/// that asked for it (named by `origin`) can show the task and its lines as soon as they exist,
/// not only once the task is completed.
public struct TaskCreated: EventContract {
    public static let type = "responsibilities.task.created"
    public var taskId: Int64
    /// The origin of the task when it came from an event (e.g. `consultations.decision:12`).
    public var origin: String?
    /// The task's title as the ledger shows it.
    public var title: String?
    /// Its ledger lines (one per responsible unit and period); empty when none could be made.
    public var lines: [TaskCreatedLine]
    public init(taskId: Int64, origin: String?, title: String? = nil, lines: [TaskCreatedLine] = []) {
        self.taskId = taskId
        self.origin = origin
        self.title = title
        self.lines = lines
    }
}

/// One ledger line of a `TaskCreated` task.
public struct TaskCreatedLine: Codable, Sendable, Equatable {
    public var ledgerLineId: Int64
    public var unitId: Int64
    public var unitKind: String
    public var due: CalendarDate?
    public init(ledgerLineId: Int64, unitId: Int64, unitKind: String, due: CalendarDate? = nil) {
        self.ledgerLineId = ledgerLineId
        self.unitId = unitId
        self.unitKind = unitKind
        self.due = due
    }
}

/// Ledger lines were withdrawn (撤销): by a plan revision that no longer names them, by withdrawing
/// the plan (`plan withdraw`) or by removing a unit from a task. From `withdrawnOn` they are out of
/// colours and the assessment; facts learnt about them before stay in the history, and an "as of"
/// figure for a day before `withdrawnOn` still counts them.
public struct LinesWithdrawn: EventContract {
    public static let type = "responsibilities.lines.withdrawn"
    public var lines: [LedgerLineRef]
    public var withdrawnOn: CalendarDate
    public var reason: String
    public init(lines: [LedgerLineRef], withdrawnOn: CalendarDate, reason: String) {
        self.lines = lines
        self.withdrawnOn = withdrawnOn
        self.reason = reason
    }
}

/// Withdrawn ledger lines came back (恢复): a later revision, a re-designation or a unit added again
/// names the same task, unit and period, and the line returns with its history. From `restoredOn`
/// its facts count again.
public struct LinesRestored: EventContract {
    public static let type = "responsibilities.lines.restored"
    public var lines: [LedgerLineRef]
    public var restoredOn: CalendarDate
    public init(lines: [LedgerLineRef], restoredOn: CalendarDate) {
        self.lines = lines
        self.restoredOn = restoredOn
    }
}

/// One ledger line named by a `LinesWithdrawn` / `LinesRestored` event.
public struct LedgerLineRef: Codable, Sendable, Equatable {
    public var ledgerLineId: Int64
    public var taskId: Int64
    public var unitId: Int64
    public var unitKind: String
    public var period: String?
    public var taskNumber: String?
    public var taskTitle: String?
    public var unitName: String?
    public init(ledgerLineId: Int64, taskId: Int64, unitId: Int64, unitKind: String, period: String? = nil,
                taskNumber: String? = nil, taskTitle: String? = nil, unitName: String? = nil) {
        self.ledgerLineId = ledgerLineId
        self.taskId = taskId
        self.unitId = unitId
        self.unitKind = unitKind
        self.period = period
        self.taskNumber = taskNumber
        self.taskTitle = taskTitle
        self.unitName = unitName
    }
}
