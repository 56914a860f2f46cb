// Rectification notices (整改通知): the open findings addressed to one responsible body merged
// into one numbered notice, printable as HTML.
import Kernel

struct NoticeService {
    let core: Core
    var settings = SupervisionSettings.defaults

    func issue(_ values: Values, _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isOffice else { throw DomainError.forbidden("此操作只能由区安委办办理 (only the committee office issues rectification notices)") }
        let db = tx.db
        let (kind, target): (BodyKind, Int64)
        switch BodyFields.responsible.require(values) {
        case .failure(let error): throw DomainError.validation([error])
        case .success(let body): (kind, target) = (body.kind, body.id)
        }
        let findingIDs = Array(Set(values.ids("finding_ids"))).sorted()
        var sql = "SELECT id, deadline, notice_id, responsible_kind, responsible_id, status FROM supervision_findings WHERE responsible_kind = ? AND responsible_id = ?"
        var args: [any DatabaseValueConvertible] = [kind.rawValue, target]
        if findingIDs.isEmpty {
            sql += " AND notice_id IS NULL AND status IN ('open', 'rectifying')"
        } else {
            let missing = try findingIDs.filter { try db.queryOne("SELECT 1 FROM supervision_findings WHERE id = ? AND responsible_kind = ? AND responsible_id = ?", [$0, kind.rawValue, target]) == nil }
            if !missing.isEmpty {
                throw DomainError.validation(missing.map { FieldError("finding_ids", "not_found", "问题 \($0) 的责任主体不是\(Names(db: db).body(kind.rawValue, target)) (finding \($0) is not addressed to \(kind.rawValue) \(target))") })
            }
            sql += " AND id IN (\(Visibility.placeholders(findingIDs.count)))"
            args += findingIDs.map { $0 as any DatabaseValueConvertible }
        }
        let rows = try db.query(sql + " ORDER BY id", args)
        if rows.isEmpty { throw DomainError(.conflict, "\(Names(db: db).body(kind.rawValue, target)) 没有未纳入整改通知的未办结问题，无需签发 (\(kind.rawValue) \(target) has no open finding without a notice)") }
        if let already = rows.first(where: { $0.int("notice_id") != nil }) {
            throw DomainError.conflict("问题 \(already.requiredInt("id")) 已纳入整改通知 \(already.requiredInt("notice_id")) (finding is already in a notice)")
        }
        let year = tx.today.year
        let serial = try db.scalarInt("SELECT count(*) FROM supervision_notices WHERE number LIKE ?", ["%〔\(year)〕%"]) + 1
        let number = "\(settings.officeAbbreviation)整改〔\(year)〕\(serial)号"
        let earliest = rows.compactMap { $0.string("deadline") }.min()
        let deadline: String?
        if let given = values.date("deadline") {
            if given < tx.today {
                throw DomainError.validation([FieldError("deadline", "deadline_past", "报送期限 deadline \(given.iso) 早于今天 \(tx.today.iso)，不能签发回复期限已过的整改通知 (the reply deadline is already past)")])
            }
            deadline = given.iso
        } else if let earliest, earliest < tx.today.iso {
            let late = rows.filter { ($0.string("deadline") ?? "9999") < tx.today.iso }.map { "问题 \($0.requiredInt("id"))（期限 \($0.string("deadline") ?? "")）" }
            throw DomainError.validation([FieldError("deadline", "deadline_past",
                "整改通知的报送期限取问题最早的整改期限 \(earliest)，已早于今天 \(tx.today.iso)：\(late.joined(separator: "、"))。请以 deadline 指定不早于今天的报送期限，或用 finding_ids 选择未到期的问题 (the reply deadline \(earliest) is already past on \(tx.today.iso); give deadline, not before today)")])
        } else {
            deadline = earliest
        }
        try db.execute("INSERT INTO supervision_notices (number, responsible_kind, responsible_id, date, deadline, issued_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [number, kind.rawValue, target, tx.today.iso, deadline, tx.actor.username, tx.nowText])
        let id = db.lastInsertRowID
        for row in rows {
            try db.execute("UPDATE supervision_findings SET notice_id = ?, version = version + 1, updated_at = ? WHERE id = ?", [id, tx.nowText, row.requiredInt("id")])
        }
        let record = try json(id, actor: .localAdministrator, db)
        try tx.audit(action: "supervision.notice.issue", entity: "supervision_notice", entityID: String(id), after: record,
                     summary: "签发整改通知 \(number) 致\(Names(db: db).body(kind.rawValue, target))，含问题 \(rows.count) 项，报送期限 \(deadline ?? "未定")")
        return record
    }

    func json(_ id: Int64, actor: Actor, _ db: Connection) throws -> JSON {
        let scope = Visibility.addressed(actor, kindColumn: "n.responsible_kind", idColumn: "n.responsible_id")
        guard let row = try db.queryOne("SELECT n.* FROM supervision_notices n WHERE n.id = ? AND (\(scope.sql))", [id] + scope.arguments) else {
            throw DomainError.notFound("整改通知书", "rectification notice", String(id))
        }
        return try json(row, db)
    }

    func json(_ row: Row, _ db: Connection) throws -> JSON {
        let id = row.requiredInt("id")
        let kind = BodyKind(rawValue: row.requiredString("responsible_kind")) ?? .unit
        let name = try db.queryOne("SELECT name FROM \(kind.table) WHERE id = ?", [row.requiredInt("responsible_id")])?.string("name")
        let findings = try db.query(FindingStore.select + " WHERE f.notice_id = ? ORDER BY f.id", [id]).map { try FindingStore.json($0, today: core.today, db) }
        return .object([
            "id": .int(id), "number": .string(row.requiredString("number")), "responsible_kind": .string(kind.rawValue),
            "responsible_id": .int(row.requiredInt("responsible_id")), "responsible_name": JSON(name), "date": .string(row.requiredString("date")),
            "deadline": JSON(row.string("deadline")), "issued_by": .string(row.requiredString("issued_by")), "findings": .array(findings),
        ])
    }

    func list(actor: Actor, _ paging: Paging?) throws -> Page {
        let (after, limit) = try Paged.window(paging)
        return try core.read { db in
            let scope = Visibility.addressed(actor, kindColumn: "n.responsible_kind", idColumn: "n.responsible_id")
            var sql = "SELECT n.* FROM supervision_notices n WHERE (\(scope.sql))"
            var args = scope.arguments
            if let after { sql += " AND n.id > ?"; args.append(after) }
            return try Paged.page(try db.query(sql + " ORDER BY n.id LIMIT ?", args + [limit + 1]), limit: limit) { try json($0, db) }
        }
    }

    /// The printable notice (整改通知书) after GB/T 9704: its number is the record's; the open
    /// findings it gathers are its annex (整改问题清单).
    func html(_ id: Int64, actor: Actor) throws -> String {
        let notice = try core.read { try json(id, actor: actor, $0) }
        return NoticeService.document(notice, settings: settings).html
    }

    static func document(_ notice: JSON, settings: SupervisionSettings = .defaults) -> OfficialDocument {
        let findings = notice["findings"]?.arrayValue ?? []
        let rows = findings.enumerated().map { index, f -> [String] in
            [String(index + 1), Render.cell(f["description"]), Render.cell(f["enterprise_name"] ?? f["territory_name"]),
             Severity(rawValue: Render.cell(f["severity"]))?.label ?? Render.cell(f["severity"]),
             f["is_hazard"] == .bool(true) ? "是（\(Render.cell(f["hazard_grade"]) == "major" ? "重大" : "一般")隐患）" : "否",
             HTML.day(Render.cell(f["deadline"]))]
        }
        let to = Render.cell(notice["responsible_name"])
        let deadline = Render.cell(notice["deadline"])
        let due = deadline.isEmpty ? "按各问题的整改期限" : "于\(HTML.day(deadline))前"
        return OfficialDocument(
            number: Render.cell(notice["number"]), title: "关于限期整改安全生产督导检查发现问题的通知", addressees: to.isEmpty ? [] : [to],
            body: [
                .paragraph("经安全生产督导检查，发现你单位（地区）存在\(findings.count)项问题（详见附件），现通知如下："),
                .paragraph("一、请对照问题清单逐项制定整改措施，明确责任人和整改时限，按期整改到位；属于事故隐患的，整改期间应落实安全防范措施。"),
                .paragraph("二、请\(due)将整改情况及佐证材料书面报送\(settings.officeAbbreviation)。"),
                .paragraph("三、逾期未报送或整改不到位的，\(settings.officeAbbreviation)将依照有关规定采取督促函、警示通报、约谈等措施督促落实。"),
                .paragraph("特此通知。"),
            ],
            annexes: [DocumentAnnex(title: "整改问题清单", blocks: [.table(caption: nil, columns: ["序号", "问题描述", "地点/企业", "严重程度", "是否隐患", "整改期限"], rows: rows)])],
            date: CalendarDate(iso: Render.cell(notice["date"])), copiedTo: HTML.copiedTo)
    }
}
