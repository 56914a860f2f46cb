// Training records: course, date, class hours, provider, kind (and level for new workers), and
// the exam (pass mark 80 of 100, one make-up).
import Kernel

extension TrainingService {
    static let recordSelect = """
        SELECT x.*, p.name AS person_name, e.name AS enterprise_name FROM training_records x
        JOIN registry_people p ON p.id = x.person_id JOIN registry_enterprises e ON e.id = x.enterprise_id
        """

    func recordJSON(_ row: Row) -> JSON {
        let fact = TrainingStore.trainingFact(row)
        let exam = ExamState.of(fact, rules: rules)
        return .object([
            "id": .int(fact.id), "person_id": .int(fact.personId), "person_name": JSON(row.string("person_name")),
            "enterprise_id": .int(row.requiredInt("enterprise_id")), "enterprise_name": JSON(row.string("enterprise_name")),
            "course": JSON(row.string("course")), "held_on": JSON(row.string("held_on")), "class_hours": .double(fact.hours),
            "provider": JSON(row.string("provider")), "kind": .string(fact.kind.rawValue), "level": JSON(fact.level?.rawValue),
            "exam_score": JSON(fact.examScore), "makeup_score": JSON(fact.makeupScore), "exam": .string(exam.rawValue),
            "counts": .bool(exam == .none || exam == .passed),
            "version": .int(row.requiredInt("version")), "created_at": JSON(row.string("created_at")), "updated_at": JSON(row.string("updated_at")),
        ])
    }

    func record(_ id: Int64, actor: Actor, _ db: Connection) throws -> JSON { try recordJSON(recordRow(id, actor: actor, db)) }

    func recordRow(_ id: Int64, actor: Actor, _ db: Connection) throws -> Row {
        try TrainingStore.row(Self.recordSelect, id: id, scope: TrainingScope.enterprises(actor, column: "x.enterprise_id"), notFound: ("培训记录", "training record"), db)
    }

    func listRecords(_ filters: Values, after: Int64?, limit: Int, actor: Actor, _ db: Connection) throws -> Page {
        var conditions: [String] = [], arguments: [any DatabaseValueConvertible] = []
        if let enterprise = filters.id("enterprise_id") { conditions.append("x.enterprise_id = ?"); arguments.append(enterprise) }
        if let person = filters.id("person_id") { conditions.append("x.person_id = ?"); arguments.append(person) }
        if let kind = filters.choice("kind", TrainingKind.self) { conditions.append("x.kind = ?"); arguments.append(kind.rawValue) }
        if let year = filters.int("year") { conditions.append("substr(x.held_on, 1, 4) = ?"); arguments.append(String(year)) }
        return try TrainingStore.page(db, select: Self.recordSelect, conditions: conditions, arguments: arguments,
                                      scope: TrainingScope.enterprises(actor, column: "x.enterprise_id"), after: after, limit: limit, json: recordJSON)
    }

    /// Records a training of a person who has a training role in the enterprise. An import passes
    /// `refreshColours: false` and re-judges each enterprise's colour once, after its last row.
    func addRecord(_ input: Values, refreshColours refresh: Bool = true, _ tx: WriteTransaction) throws -> JSON {
        try TrainingScope.requireWriter(tx.actor, "record trainings")
        let personID = try need(input.id("person_id"), "person_id"), enterpriseID = try need(input.id("enterprise_id"), "enterprise_id")
        let course = try need(input.text("course"), "course")
        let heldOn = try need(input.date("held_on"), "held_on")
        let hours = try need(input.double("class_hours"), "class_hours").tenths
        let provider = input.text("provider")
        let kind = try need(input.choice("kind", TrainingKind.self), "kind")
        let level = input.choice("level", TrainingLevel.self)
        let score = input.int("exam_score"), makeup = input.int("makeup_score")
        var faults = Faults()
        if kind == .newWorker && level == nil {
            faults.fail("level", "level_for_new_worker", "新上岗人员培训须注明级别 (a new worker's training names its level: plant, workshop or team 厂级/车间级/班组级)")
        }
        if kind != .newWorker, level != nil { faults.fail("level", "not_applicable", "level 只适用于新上岗从业人员培训 (level applies only to kind newWorker)") }
        if makeup != nil && score == nil { faults.fail("makeup_score", "no_exam", "补考须先有首次考试成绩 exam_score (a make-up needs a first exam_score)") }
        if let score, makeup != nil, score >= rules.passMark { faults.fail("makeup_score", "passed", "首次考试已合格（\(score) ≥ \(rules.passMark)），无需补考 (no make-up after a passed exam)") }
        if makeup != nil && rules.makeUpAttempts < 1 { faults.fail("makeup_score", "no_makeup", "不允许补考 (make-up exams are not allowed)") }
        if heldOn > tx.today { faults.fail("held_on", "future", "held_on（\(heldOn.iso)）晚于今天（\(tx.today.iso)） (held_on is after today)") }
        try faults.check()
        let enterprise = try visibleEnterprise(enterpriseID, tx.actor, tx.db)
        let name = try requirePerson(personID, actor: tx.actor, tx.db)
        guard try tx.db.queryOne("SELECT 1 FROM training_people WHERE enterprise_id = ? AND person_id = ?", [enterpriseID, personID]) != nil else {
            throw DomainError.validation([FieldError("person_id", "no_role", "\(name)（人员 \(personID)）在\(enterprise.name)没有培训人员身份，请先登记为培训人员 (\(name) (person \(personID)) has no training role in \(enterprise.name); add them with training people add first)")])
        }
        try tx.db.execute("""
            INSERT INTO training_records (person_id, enterprise_id, course, held_on, class_hours, provider, kind, level, exam_score, makeup_score, version, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
            """, [personID, enterpriseID, course, heldOn.iso, hours, provider, kind.rawValue, level?.rawValue, score, makeup, tx.nowText, tx.nowText])
        let id = tx.db.lastInsertRowID
        // Scores that come with the record count from the training's day.
        if let score { try TrainingHistory.examAttempt(record: id, "exam", score: score, on: heldOn, tx) }
        if let makeup { try TrainingHistory.examAttempt(record: id, "makeup", score: makeup, on: heldOn, tx) }
        let after = try record(id, actor: .system("training"), tx.db)
        try tx.audit(action: "training.record.add", entity: "training_record", entityID: String(id), after: after,
                     summary: "\(name): \(course), \(hours.hoursText) h on \(heldOn.iso)")
        if refresh { try refreshColours(enterprises: [enterpriseID], year: tx.today.year, tx) }
        return after
    }

    /// Records an exam result: the first attempt, or the one make-up after a fail.
    func recordExam(_ id: Int64, _ input: Values, _ tx: WriteTransaction) throws -> JSON {
        try TrainingScope.requireWriter(tx.actor, "record exams")
        let before = try recordRow(id, actor: tx.actor, tx.db)
        let score = try need(input.int("score"), "score")
        let fact = TrainingStore.trainingFact(before)
        let state = ExamState.of(fact, rules: rules)
        let column: String
        switch state {
        case .none: column = "exam_score"
        case .awaitingMakeUp: column = "makeup_score"
        case .passed, .failed:
            throw DomainError(.conflict, (state == .failed ? "培训 \(id) 的补考仍不合格，不能再考 (training \(id)'s exam is failed after its make-up; no further attempt)" : "培训 \(id) 的考试已合格，无需再登记成绩 (training \(id)'s exam is \(state.rawValue); nothing to record)"),
                              extra: [JSON.Member("current_state", .string(state.rawValue)), JSON.Member("allowed_actions", .array([]))])
        }
        try tx.db.execute("UPDATE training_records SET \(column) = ? WHERE id = ?", [score, id])
        try TrainingStore.bump("training_records", id: id, tx)
        // A score recorded later counts from the day it is recorded (an earlier day reads the training without it).
        try TrainingHistory.examAttempt(record: id, column == "exam_score" ? "exam" : "makeup", score: score, on: max(tx.today, fact.heldOn), tx)
        let after = try record(id, actor: .system("training"), tx.db)
        try tx.audit(action: "training.record.exam", entity: "training_record", entityID: String(id), before: recordJSON(before), after: after,
                     summary: "\(before.requiredString("person_name")): \(column == "exam_score" ? "exam" : "make-up") \(score) → \(after["exam"]?.stringValue ?? "")")
        try refreshColours(enterprises: [before.requiredInt("enterprise_id")], year: tx.today.year, tx)
        return after
    }
}
