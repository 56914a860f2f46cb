// 待明确: a clause naming the *relevant* units (区安委会有关成员单位, 有关部门, 相关单位) gives no
// ledger line until the office designates them. Designating makes their lines for the periods that
// have not ended (with the clause's role; a town's is 属地责任); it is done once, audited. Until
// then the assignment stands on the office's overview (待办).
import Kernel

/// Who the office designates: member units and territories by id (names resolved by the contract).
struct DesignationInput: Sendable {
    var unitIDs: [Int64]
    var territoryIDs: [Int64]
    var note: String
    /// One due date instead of the clause's periods (e.g. when they have all passed).
    var due: CalendarDate?

    init(unitIDs: [Int64], territoryIDs: [Int64], note: String = "", due: CalendarDate? = nil) {
        self.unitIDs = unitIDs
        self.territoryIDs = territoryIDs
        self.note = note
        self.due = due
    }

    init(_ values: Values) {
        unitIDs = values.ids("units")
        territoryIDs = values.ids("territories")
        note = values.text("note") ?? ""
        due = values.date("due")
    }
}

enum DesignationService {
    static let select = """
        SELECT d.*, t.number AS task_number, t.title AS task_title, t.plan_id AS plan_id, t.withdrawn_on AS task_withdrawn_on
        FROM responsibilities_designations d JOIN responsibilities_tasks t ON t.id = d.task_id
        """

    static func json(_ row: Row) -> JSON {
        let role = UnitRole(rawValue: row.requiredString("role")) ?? .lead
        return .object([
            "id": .int(row.requiredInt("id")), "task_id": .int(row.requiredInt("task_id")), "plan_id": JSON(row.int("plan_id")),
            "task_number": .string(row.requiredString("task_number")), "task_title": .string(row.requiredString("task_title")),
            "phrase": .string(row.requiredString("phrase")), "role": .string(role.rawValue), "role_label": .string(role.chinese),
            "line": JSON(row.int("line")), "status": .string(row.requiredString("status")), "since": .string(row.requiredString("since")),
            "designated_on": JSON(row.string("designated_on")), "designated_by": JSON(row.string("designated_by")),
            "units": (try? JSONParser.parse(Array(row.requiredString("units").utf8))) ?? .array([]),
            "periods": .array(instances(row).map { .string($0.period) }),
        ])
    }

    static func instances(_ row: Row) -> [DueInstance] {
        guard let items = (try? JSONParser.parse(Array(row.requiredString("instances").utf8)))?.arrayValue else { return [] }
        return items.compactMap { item -> DueInstance? in
            guard let period = item["period"]?.stringValue, let due = item["due"]?.stringValue.flatMap(CalendarDate.init(iso:)) else { return nil }
            let periodStart = item["period_start"]?.stringValue.flatMap(CalendarDate.init(iso:)) ?? due
            return DueInstance(period: period, phrase: item["phrase"]?.stringValue ?? "", due: due, recurring: item["recurring"] == .bool(true),
                               periodStart: periodStart)
        }
    }

    /// The office's list (others see none: the assignments are the office's to settle).
    static func list(status: String?, actor: Actor, _ db: Connection) throws -> [JSON] {
        guard actor.isOffice else { return [] }
        var sql = select + " WHERE t.withdrawn_on IS NULL"
        var args: [any DatabaseValueConvertible] = []
        if let status { sql += " AND d.status = ?"; args.append(status) }
        return try db.query(sql + " ORDER BY d.id", args).map(json)
    }

    static func one(_ id: Int64, actor: Actor, _ db: Connection) throws -> JSON {
        guard actor.isOffice, let row = try db.queryOne(select + " WHERE d.id = ?", [id]) else { throw DomainError.notFound("主责单位指定", "designation", String(id)) }
        return json(row)
    }

    /// Names the units of a 待明确 assignment and makes their lines; once only.
    static func designate(_ id: Int64, _ input: DesignationInput, _ tx: WriteTransaction) throws -> JSON {
        try LedgerScope.requireOffice(tx.actor, "designate the relevant units (明确有关单位)")
        guard let row = try tx.db.queryOne(select + " WHERE d.id = ?", [id]) else { throw DomainError.notFound("主责单位指定", "designation", String(id)) }
        let status = row.requiredString("status")
        if row.string("task_withdrawn_on") != nil || status == "withdrawn" {
            throw stateError("待明确事项\(id)所属任务已撤销,不能再明确单位 (the assignment was withdrawn)", status: "withdrawn")
        }
        guard status == "pending" else {
            throw stateError("待明确事项\(id)已于\(row.string("designated_on") ?? "")由\(row.string("designated_by") ?? "")明确,不能重复明确;如需增减单位,请用任务的增加/移除单位 (already designated)",
                             status: status)
        }
        var units: [(kind: String, id: Int64, name: String)] = []
        for (kind, ids) in [("unit", input.unitIDs), ("territory", input.territoryIDs)] {
            for unitID in ids where !units.contains(where: { $0.kind == kind && $0.id == unitID }) {
                guard let name = try RegistryReader.name(kind: kind, id: unitID, tx.db) else { throw RegistryReader.notFound(kind: kind, id: unitID) }
                units.append((kind, unitID, name))
            }
        }
        guard !units.isEmpty else {
            throw DomainError.validation([FieldError("units", "no_unit", "请至少指定一个成员单位或镇(景区、开发区) (designate at least one unit or territory)")])
        }
        let role = UnitRole(rawValue: row.requiredString("role")) ?? .lead
        let today = tx.today
        // Only periods that have not ended: a unit named today is not born overdue.
        var live = instances(row).filter { $0.due >= today }
        if let due = input.due {
            guard due >= today else { throw DomainError.validation([FieldError("due", "deadline_past", "截止日期\(due.iso)已过 (the due date is in the past)")]) }
            live = [DueInstance(period: due.iso, phrase: "\(due.iso)前", due: due, recurring: false, periodStart: today)]
        }
        guard !live.isEmpty else {
            throw DomainError.validation([FieldError("due", "periods_ended", "该项的各期时限都已过,请给出新的截止日期 due (every period has ended: give due)")])
        }
        var written = 0
        for unit in units {
            for instance in live {
                let start = instance.recurring ? max(today, instance.periodStart) : min(today, instance.due)
                let line = LineDraft(unitKind: unit.kind, unitID: unit.id, unitName: unit.name, role: unit.kind == "territory" ? .territorial : role,
                                     period: instance.period, phrase: instance.phrase, due: instance.due, start: start, recurring: instance.recurring)
                if try LedgerStore.insertLine(taskID: row.requiredInt("task_id"), line, source: "designated", tx) { written += 1 }
            }
        }
        let unitsJSON = JSON.array(units.map { .object(["kind": .string($0.kind), "id": .int($0.id), "name": .string($0.name)]) })
        try tx.db.execute("""
            UPDATE responsibilities_designations SET status = 'designated', designated_on = ?, designated_by = ?, units = ?, updated_at = ? WHERE id = ?
            """, [today.iso, tx.actor.username, unitsJSON.serialized, tx.nowText, id])
        let names = units.map(\.name).joined(separator: "、")
        try tx.audit(action: "responsibilities.designation.designate", entity: "designation", entityID: String(id),
                     before: .object(["status": .string("pending")]),
                     after: .object(["status": .string("designated"), "units": unitsJSON, "ledger_lines": .int(Int64(written)), "note": .string(input.note)]),
                     summary: "明确任务\(row.requiredString("task_number"))“\(row.requiredString("task_title"))”的“\(row.requiredString("phrase"))”为:\(names),生成台账\(written)条")
        guard let after = try tx.db.queryOne(select + " WHERE d.id = ?", [id]) else { throw DomainError.notFound("主责单位指定", "designation", String(id)) }
        guard case .object(var members) = json(after) else { return json(after) }
        members.append(JSON.Member("ledger_lines_created", .int(Int64(written))))
        return .object(members)
    }

    static func stateError(_ message: String, status: String) -> DomainError {
        DomainError(.conflict, message, extra: [JSON.Member("code", .string("state")), JSON.Member("current_state", .string(status))])
    }

    /// 待办: each pending assignment of a task in force, for the office.
    static let overview = OverviewSource(id: "responsibilities.assignments-to-designate") { db, actor, _ in
        guard actor.isOffice else { return [] }
        return try db.query(select + " WHERE d.status = 'pending' AND t.withdrawn_on IS NULL ORDER BY d.since, d.id").map { row in
            let role = UnitRole(rawValue: row.requiredString("role")) ?? .lead
            let number = row.requiredString("task_number"), title = row.requiredString("task_title"), phrase = row.requiredString("phrase")
            return OverviewItem(
                module: "responsibilities", kind: "assignment_to_designate",
                title: "任务\(number)“\(title)”:“\(phrase)”待明确具体单位",
                detail: "计划由“\(phrase)”\(role.chinese),未写明具体单位。请区安委办明确有关单位;明确前不生成台账、不计颜色和考核。"
                    + "(anwei responsibilities plan designate \(row.requiredInt("id")) --units 单位名)",
                since: CalendarDate(iso: row.requiredString("since")),
                link: "\(ResponsibilitiesRoutes.base)/tasks/\(row.requiredInt("task_id"))")
        }
    }
}
