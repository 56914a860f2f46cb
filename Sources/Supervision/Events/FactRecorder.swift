// Supervision keeps its own copy of the facts it consumes from other modules' events (never their
// tables): the assessment and the escalation rules read only these and Supervision's own records.
import Foundation
import Kernel

enum FactRecorder {
    /// Kinds of facts.
    enum Kind: String, CaseIterable {
        case taskDueSoon, taskOverdue, taskCompletedOnTime, taskCompletedLate
        case hazardRegistered, hazardMajorRegistered, hazardClosedOnTime, hazardClosedLate, hazardReopened, hazardOverdue
        case meetingMissing, trainingRed
    }

    struct Subject: Hashable { var kind: String; var id: Int64 }

    static func subject(unitKind: String, id: Int64) -> Subject {
        ["territory", "town", "scenicArea", "developmentZone"].contains(unitKind) ? Subject(kind: "territory", id: id) : Subject(kind: "unit", id: id)
    }

    /// Records one fact per subject, once per event (UNIQUE (event_id, subject)).
    static func record(_ event: Event, _ kind: Kind, subjects: [Subject], date: CalendarDate, reference: String, detail: JSON, _ tx: WriteTransaction) throws {
        let ordered = Set(subjects).sorted(by: { ($0.kind, $0.id) < ($1.kind, $1.id) })
        guard !ordered.isEmpty else { return }
        // One statement for the event's subjects, in the same order (the same rows as one INSERT
        // each), and the values they share made once.
        // The fact's date is most often the day the event happened (known_on): written once then.
        let day = date.iso
        let knownOn = eventDate(event)
        var arguments: [any DatabaseValueConvertible] = [event.id, event.type, kind.rawValue, day, date.year, Quarter(containing: date).description,
                                                         reference, detail.serialized, knownOn == date ? day : knownOn.iso]
        for subject in ordered {
            arguments.append(subject.kind)
            arguments.append(subject.id)
        }
        let wrote = try tx.db.execute(FactInsert.text(count: ordered.count), arguments)
        if wrote > 0 {
            try tx.audit(action: "supervision.fact.record", entity: "supervision_fact", entityID: String(event.id),
                         summary: "\(kind.rawValue) for \(subjects.map { "\($0.kind) \($0.id)" }.joined(separator: ", ")) (\(reference), event \(event.id))")
            // Only what this fact can change (a full evaluation runs on the scheduled check).
            let fact = Escalation.NewFact(kind: kind, date: date, reference: reference)
            for subject in Set(subjects) { try Escalation.evaluate(subject: subject, after: fact, tx) }
        }
    }

    static func eventDate(_ event: Event) -> CalendarDate {
        Instant.parse(event.occurredAt).map { CalendarDate($0) } ?? CalendarDate(year: 2000, month: 1, day: 1)!
    }

    /// A ledger line's fact: the task named by number and title and the unit by name (when the event carries them).
    static func taskDetail(_ line: TaskDeadlineReached, _ extra: [JSON.Member] = []) -> JSON {
        .object([JSON.Member("task_id", .int(line.taskId)), JSON.Member("due", .string(line.due.iso)), JSON.Member("period", JSON(line.period)),
                 JSON.Member("task_number", JSON(line.taskNumber)), JSON.Member("task_title", JSON(line.taskTitle)), JSON.Member("unit_name", JSON(line.unitName))] + extra)
    }

    static func hazardSubjects(_ hazard: HazardFacts) -> [Subject] {
        var subjects: [Subject] = []
        if let t = hazard.territoryId { subjects.append(Subject(kind: "territory", id: t)) }
        if let u = hazard.supervisingUnitId { subjects.append(Subject(kind: "unit", id: u)) }
        return subjects
    }

    static func hazardDetail(_ hazard: HazardFacts, _ extra: [JSON.Member] = []) -> JSON {
        .object([JSON.Member("hazard_id", .int(hazard.hazardId)), JSON.Member("code", .string(hazard.code)), JSON.Member("grade", .string(hazard.grade)),
                 JSON.Member("sector", .string(hazard.sector)), JSON.Member("source", .string(hazard.source))] + extra)
    }

    static var subscriptions: [Subscription] {
        [
            Subscription.on(TaskOverdue.self, id: "supervision.facts.task-overdue") { overdue, event, tx in
                let line = overdue.line
                try record(event, .taskOverdue, subjects: [subject(unitKind: line.unitKind, id: line.unitId)], date: line.due, reference: "ledger-line:\(line.ledgerLineId)",
                           detail: taskDetail(line, [JSON.Member("reason", .string(line.colourReason))]), tx)
            },
            Subscription.on(TaskDueSoon.self, id: "supervision.facts.task-due-soon") { soon, event, tx in
                let line = soon.line
                try record(event, .taskDueSoon, subjects: [subject(unitKind: line.unitKind, id: line.unitId)], date: eventDate(event), reference: "ledger-line:\(line.ledgerLineId)",
                           detail: taskDetail(line), tx)
            },
            Subscription.on(TaskCompleted.self, id: "supervision.facts.task-completed") { done, event, tx in
                try record(event, done.onTime ? .taskCompletedOnTime : .taskCompletedLate, subjects: [subject(unitKind: done.unitKind, id: done.unitId)],
                           date: eventDate(event), reference: "ledger-line:\(done.ledgerLineId)", detail: .object(["task_id": .int(done.taskId), "on_time": .bool(done.onTime), "task_number": JSON(done.taskNumber), "task_title": JSON(done.taskTitle),
                                                                                             "unit_name": JSON(done.unitName)]), tx)
            },
            Subscription.on(HazardRegistered.self, id: "supervision.facts.hazard-registered") { registered, event, tx in
                let hazard = registered.hazard
                try record(event, hazard.grade == "major" ? .hazardMajorRegistered : .hazardRegistered, subjects: hazardSubjects(hazard), date: eventDate(event),
                           reference: "hazard:\(hazard.hazardId)", detail: hazardDetail(hazard), tx)
            },
            Subscription.on(HazardClosed.self, id: "supervision.facts.hazard-closed") { closed, event, tx in
                try record(event, closed.onTime ? .hazardClosedOnTime : .hazardClosedLate, subjects: hazardSubjects(closed.hazard), date: eventDate(event),
                           reference: "hazard:\(closed.hazard.hazardId)", detail: hazardDetail(closed.hazard), tx)
            },
            Subscription.on(HazardReopened.self, id: "supervision.facts.hazard-reopened") { reopened, event, tx in
                try record(event, .hazardReopened, subjects: hazardSubjects(reopened.hazard), date: eventDate(event), reference: "hazard:\(reopened.hazard.hazardId)",
                           detail: hazardDetail(reopened.hazard, [JSON.Member("reason", .string(reopened.reason))]), tx)
            },
            Subscription.on(HazardOverdue.self, id: "supervision.facts.hazard-overdue") { overdue, event, tx in
                try record(event, .hazardOverdue, subjects: hazardSubjects(overdue.hazard), date: eventDate(event), reference: "hazard:\(overdue.hazard.hazardId)",
                           detail: hazardDetail(overdue.hazard, [JSON.Member("days_overdue", .int(Int64(overdue.daysOverdue))), JSON.Member("listed", .bool(overdue.listed))]), tx)
            },
            Subscription.on(MeetingMissing.self, id: "supervision.facts.meeting-missing") { missing, event, tx in
                guard let body = missing.bodyId else { return }
                let date = Quarter(text: missing.quarter)?.end ?? eventDate(event)
                try record(event, .meetingMissing, subjects: [subject(unitKind: missing.bodyKind, id: body)], date: date, reference: "meeting:\(missing.kind):\(missing.quarter)",
                           detail: .object(["body": .string(missing.body), "kind": .string(missing.kind), "quarter": .string(missing.quarter)]), tx)
            },
            Subscription.on(TrainingComplianceRed.self, id: "supervision.facts.training-red") { red, event, tx in
                // Attributed to the enterprise's territory (属地) and its supervising unit (registry data).
                guard let row = try tx.db.queryOne("SELECT territory_id, supervising_unit_id FROM registry_enterprises WHERE id = ?", [red.enterpriseId]) else { return }
                var subjects: [Subject] = []
                if let t = row.int("territory_id") { subjects.append(Subject(kind: "territory", id: t)) }
                if let u = row.int("supervising_unit_id") { subjects.append(Subject(kind: "unit", id: u)) }
                let date = eventDate(event)
                try record(event, .trainingRed, subjects: subjects, date: date.year == red.year ? date : CalendarDate.endOfMonth(year: red.year, month: 12),
                           reference: "enterprise:\(red.enterpriseId)", detail: .object(["enterprise_id": .int(red.enterpriseId), "reasons": JSON(red.reasons)]), tx)
            },
        ]
    }
}

/// The INSERT of one event's facts: `?1`…`?9` what the subjects share, then each subject's kind and id.
enum FactInsert {
    /// The same String values every time (the statement cache finds them by their bytes).
    private static let texts: [String] = (0...4).map(make)

    static func text(count: Int) -> String { count < texts.count ? texts[count] : make(count) }

    private static func make(_ count: Int) -> String {
        "INSERT OR IGNORE INTO supervision_facts (event_id, event_type, kind, subject_kind, subject_id, date, year, quarter, reference, detail, known_on) VALUES "
            + (0..<count).map { "(?1, ?2, ?3, ?\(10 + 2 * $0), ?\(11 + 2 * $0), ?4, ?5, ?6, ?7, ?8, ?9)" }.joined(separator: ", ")
    }
}
