// Training records: course, date, class hours, provider, kind (and level for new workers), and
// the exam (pass mark 80 of 100, one make-up).
import Kernel

extension TrainingService {
    static let recordFields = ["person_id", "enterprise_id", "course", "held_on", "class_hours", "provider", "kind", "level", "exam_score", "makeup_score"]

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
        var sql = Self.recordSelect + " WHERE x.id = ?"
        var arguments: [any DatabaseValueConvertible] = [id]
        if let scope = TrainingScope.enterprises(actor, column: "x.enterprise_id") { sql += " AND (\(scope.sql))"; arguments += scope.arguments }
        guard let row = try db.queryOne(sql, arguments) else { throw DomainError.notFound("training record", String(id)) }
        return row
    }

    func listRecords(_ filters: Input, after: String?, limit: Int, actor: Actor, _ db: Connection) throws -> Page {
        var fields = Fields(filters)
        let enterprise = fields.id("enterprise_id"), person = fields.id("person_id")
        let kind = fields.choice("kind", TrainingKind.self), year = fields.int("year", range: 2000...2100)
        try fields.check()
        var conditions: [String] = [], arguments: [any DatabaseValueConvertible] = []
        if let enterprise { conditions.append("x.enterprise_id = ?"); arguments.append(enterprise) }
        if let person { conditions.append("x.person_id = ?"); arguments.append(person) }
        if let kind { conditions.append("x.kind = ?"); arguments.append(kind.rawValue) }
        if let year { conditions.append("substr(x.held_on, 1, 4) = ?"); arguments.append(String(year)) }
        return try TrainingStore.page(db, select: Self.recordSelect, conditions: conditions, arguments: arguments,
                                      scope: TrainingScope.enterprises(actor, column: "x.enterprise_id"), after: after, limit: limit, json: recordJSON)
    }

    /// Records a training of a person who has a training role in the enterprise.
    func addRecord(_ input: Input, _ tx: WriteTransaction) throws -> JSON {
        try TrainingScope.requireWriter(tx.actor, "record trainings")
        var fields = Fields(input)
        let personID = fields.id("person_id", required: true), enterpriseID = fields.id("enterprise_id", required: true)
        let course = fields.text("course", required: true)
        let heldOn = fields.date("held_on", required: true)
        let hours = fields.hours("class_hours", required: true)
        let provider = fields.text("provider")
        let kind = fields.choice("kind", TrainingKind.self, required: true)
        let level = fields.choice("level", TrainingLevel.self)
        let score = fields.int("exam_score", range: 0...100), makeup = fields.int("makeup_score", range: 0...100)
        if kind == .newWorker && level == nil { fields.fail("level", "required", "a new worker's training names its level: plant, workshop or team (厂级/车间级/班组级)") }
        if let kind, kind != .newWorker, level != nil { fields.fail("level", "not_applicable", "level applies only to kind newWorker") }
        if makeup != nil && score == nil { fields.fail("makeup_score", "no_exam", "a make-up needs a first exam_score") }
        if let score, makeup != nil, score >= rules.passMark { fields.fail("makeup_score", "passed", "no make-up after a passed exam (\(score) ≥ \(rules.passMark))") }
        if makeup != nil && rules.makeUpAttempts < 1 { fields.fail("makeup_score", "no_makeup", "make-up exams are not allowed") }
        if let heldOn, heldOn > tx.today { fields.fail("held_on", "future", "held_on (\(heldOn.iso)) is after today (\(tx.today.iso))") }
        try fields.check()
        guard let personID, let enterpriseID, let course, let heldOn, let hours, let kind else { return .null }
        let enterprise = try visibleEnterprise(enterpriseID, tx.actor, tx.db)
        let name = try requirePerson(personID, tx.db)
        guard try tx.db.queryOne("SELECT 1 FROM training_people WHERE enterprise_id = ? AND person_id = ?", [enterpriseID, personID]) != nil else {
            throw DomainError.validation([FieldError("person_id", "no_role", "\(name) (person \(personID)) has no training role in \(enterprise.name); add them with training people add first")])
        }
        try tx.db.execute("""
            INSERT INTO training_records (person_id, enterprise_id, course, held_on, class_hours, provider, kind, level, exam_score, makeup_score, version, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)
            """, [personID, enterpriseID, course, heldOn.iso, hours, provider, kind.rawValue, level?.rawValue, score, makeup, tx.nowText, tx.nowText])
        let id = tx.db.lastInsertRowID
        let after = try record(id, actor: .system("training"), tx.db)
        try tx.audit(action: "training.record.add", entity: "training_record", entityID: String(id), after: after,
                     summary: "\(name): \(course), \(hours.hoursText) h on \(heldOn.iso)")
        try refreshColours(enterprises: [enterpriseID], year: tx.today.year, tx)
        return after
    }

    /// Records an exam result: the first attempt, or the one make-up after a fail.
    func recordExam(_ id: Int64, _ input: Input, _ tx: WriteTransaction) throws -> JSON {
        try TrainingScope.requireWriter(tx.actor, "record exams")
        let before = try recordRow(id, actor: tx.actor, tx.db)
        var fields = Fields(input)
        let score = fields.int("score", required: true, range: 0...100)
        try fields.check()
        guard let score else { return .null }
        let fact = TrainingStore.trainingFact(before)
        let state = ExamState.of(fact, rules: rules)
        let column: String
        switch state {
        case .none: column = "exam_score"
        case .awaitingMakeUp: column = "makeup_score"
        case .passed, .failed:
            throw DomainError(.conflict, "training \(id)'s exam is \(state.rawValue)" + (state == .failed ? " after its make-up; no further attempt" : "; nothing to record"),
                              extra: [JSON.Member("current_state", .string(state.rawValue)), JSON.Member("allowed_actions", .array([]))])
        }
        try tx.db.execute("UPDATE training_records SET \(column) = ? WHERE id = ?", [score, id])
        try TrainingStore.bump("training_records", id: id, tx)
        let after = try record(id, actor: .system("training"), tx.db)
        try tx.audit(action: "training.record.exam", entity: "training_record", entityID: String(id), before: recordJSON(before), after: after,
                     summary: "\(before.requiredString("person_name")): \(column == "exam_score" ? "exam" : "make-up") \(score) → \(after["exam"]?.stringValue ?? "")")
        try refreshColours(enterprises: [before.requiredInt("enterprise_id")], year: tx.today.year, tx)
        return after
    }
}
