// Planning a 四不两直 round: targets drawn at random, kept sealed (only the commitment is stored;
// the list and secret go to the planner once), revealed and checked after the visit.
import Foundation
import Kernel

struct DrawService {
    let core: Core
    var settings = SupervisionSettings.defaults

    /// Draws are the office's and the groups' (HTTP admits only them; the CLI is refused the same way).
    static func refused(_ actor: Actor) -> DomainError {
        DomainError.forbidden("\(actor.role.chinese)用户无权查看四不两直抽签，抽签只由区安委办和督导组查看 (a \(actor.role.rawValue) user may not read 四不两直 draws)")
    }

    private func visibleRow(_ id: Int64, actor: Actor, _ db: Connection) throws -> Row {
        var sql = "SELECT * FROM supervision_draws WHERE id = ?"
        var args: [any DatabaseValueConvertible] = [id]
        switch actor.scope {
        case .all: break
        case .group(let g): sql += " AND group_id = ?"; args.append(g)
        default: throw Self.refused(actor)
        }
        guard let row = try db.queryOne(sql, args) else { throw DomainError.notFound("抽签", "draw", String(id)) }
        return row
    }

    func json(_ row: Row, _ db: Connection) throws -> JSON {
        let id = row.requiredInt("id")
        let revealed = row.requiredString("status") == "revealed"
        let inspections = try db.query("SELECT id FROM supervision_inspections WHERE draw_id = ? ORDER BY id", [id]).map { JSON.int($0.requiredInt("id")) }
        return .object([
            "id": .int(id), "group_id": .int(row.requiredInt("group_id")), "quarter": .string(row.requiredString("quarter")),
            "territory_count": .int(row.requiredInt("territory_count")), "enterprises_per_territory": .int(row.requiredInt("enterprises_per_territory")),
            "pool": (try? JSONParser.parse(row.requiredString("pool"))) ?? .null,
            "excluded_last_quarter": (try? JSONParser.parse(row.requiredString("excluded"))) ?? .array([]),
            "commitment": .string(row.requiredString("commitment")), "status": .string(row.requiredString("status")),
            "targets": revealed ? ((try? JSONParser.parse(row.requiredString("revealed_list"))) ?? .null) : .null,
            "secret": revealed ? JSON(row.string("secret")) : .null,
            "deviations": revealed ? ((try? JSONParser.parse(row.string("deviations") ?? "[]")) ?? .array([])) : .null,
            "inspection_ids": .array(inspections),
            "group_name": .string(Names(db: db).group(row.requiredInt("group_id"))),
            "redraw_of": JSON(row.int("redraw_of")), "redraw_reason": JSON(row.string("redraw_reason")), "superseded_by": JSON(row.int("superseded_by")),
            "planned_by": .string(row.requiredString("planned_by")), "planned_at": .string(row.requiredString("planned_at")),
            "revealed_at": JSON(row.string("revealed_at")),
        ])
    }

    /// Plans a round; returns the public record and, once only, the sealed envelope (targets + secret).
    func plan(_ values: Values, secret given: [UInt8]? = nil, _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isOffice || tx.actor.role == .inspector else { throw DomainError.forbidden("只有区安委办或督导组可以四不两直抽签 (only the office or a supervision group plans a 四不两直 round)") }
        let db = tx.db
        var group = values.id("group_id")
        let quarter = values.quarter("quarter") ?? Quarter(containing: tx.today)
        let count = values.int("territory_count") ?? 1
        let per = values.int("enterprises_per_territory") ?? Int64(settings.enterprisesPerDrawnTerritory)
        if case .group(let own) = tx.actor.scope {
            if let g = group, g != own { throw DomainError.validation([FieldError("group_id", "scope", "督导组成员只能为本组 (\(own)) 抽签 (an inspector plans rounds of its own group)")]) }
            group = own
        }
        guard let group else { throw DomainError.validation([FieldError("group_id", "group_required", "须指明督导组 group_id (the office names the group)")]) }
        guard try db.queryOne("SELECT 1 FROM supervision_groups WHERE id = ?", [group]) != nil else { throw DomainError.notFound("督导组", "supervision group", String(group)) }
        if quarter.end < tx.today {
            throw DomainError.validation([FieldError("quarter", "quarter_past", "\(quarter) 已于 \(quarter.end.iso) 结束（今天 \(tx.today.iso)），不能为已过去的季度抽签 (the quarter is over; a draw is for a visit still to come)")])
        }
        let covered = try Visibility.coveredTerritories(group: group, quarter: quarter, db)
        if covered.isEmpty { throw DomainError.validation([FieldError("quarter", "no_coverage", "\(Names(db: db).group(group)) 在 \(quarter) 没有负责的属地，请先设置 (group \(group) covers no territory in \(quarter); set its coverage first)")]) }
        let redraw = try redrawOf(group: group, quarter: quarter, reason: values.text("redraw_reason"), db)
        let visitedBefore = Set(try db.query("SELECT DISTINCT territory_id FROM supervision_inspections WHERE group_id = ? AND quarter = ?",
                                             [group, quarter.previous.description]).map { $0.requiredInt("territory_id") })
        var enterprises: [Int64: [Int64]] = [:]
        for territory in covered {
            enterprises[territory] = try db.query("SELECT id FROM registry_enterprises WHERE territory_id = ? ORDER BY id", [territory]).map { $0.requiredInt("id") }
        }
        let pool = DrawPool(eligible: covered.filter { !visitedBefore.contains($0) }, fallback: covered.filter { visitedBefore.contains($0) }, enterprises: enterprises)
        let secret = given ?? Crypto.randomBytes(32)
        let secretHex = Crypto.hex(secret)
        let targets = SealedDraw.draw(pool: pool, count: Int(count), perTerritory: Int(per), secret: secret)
        let commitment = SealedDraw.commitment(group: group, quarter: quarter.description, targets: targets, secretHex: secretHex)
        try db.execute("""
            INSERT INTO supervision_draws (group_id, quarter, territory_count, enterprises_per_territory, pool, excluded, commitment, status, planned_by, planned_at,
                redraw_of, redraw_reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'sealed', ?, ?, ?, ?)
            """, [group, quarter.description, count, per, pool.json.serialized, JSON.array(pool.fallback.map { .int($0) }).serialized, commitment, tx.actor.username, tx.nowText,
                  redraw?.id, redraw?.reason])
        let id = db.lastInsertRowID
        if let redraw {
            try db.execute("UPDATE supervision_draws SET superseded_by = ? WHERE id = ?", [id, redraw.id])
        }
        let record = try json(try visibleRow(id, actor: .localAdministrator, db), db)
        let groupName = Names(db: db).group(group)
        // The audit keeps the public record and the commitment only: never the sealed list or the secret.
        try tx.audit(action: redraw == nil ? "supervision.draw.plan" : "supervision.draw.redraw", entity: "supervision_draw", entityID: String(id), after: record,
                     summary: redraw.map { "\(groupName) \(quarter) 重新抽签（取代抽签 \($0.id)），理由：\($0.reason)；承诺值 \(commitment.prefix(16))…" }
                        ?? "\(groupName) \(quarter) 四不两直密封抽签，承诺值 \(commitment.prefix(16))…")
        let envelope = JSON.object(["targets": .array(targets.map(\.json)), "secret": .string(secretHex),
                                    "note": "密封名单：仅此一次显示，请妥善保管；检查完成后凭此揭示 (reveal)"])
        return .object(["draw": record, "envelope": envelope])
    }

    /// The sealed draw a new plan for `group` and `quarter` would replace: none when there is none;
    /// refused without a recorded reason (one sealed draw per group and quarter), and refused once a
    /// visit follows it (reveal it instead).
    private func redrawOf(group: Int64, quarter: Quarter, reason: String?, _ db: Connection) throws -> (id: Int64, reason: String)? {
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let sealed = try db.queryOne("""
            SELECT id, planned_at FROM supervision_draws WHERE group_id = ? AND quarter = ? AND status = 'sealed' AND superseded_by IS NULL ORDER BY id DESC LIMIT 1
            """, [group, quarter.description]) else {
            if let reason, !reason.isEmpty {
                throw DomainError.validation([FieldError("redraw_reason", "not_redraw", "督导组 \(group) 在 \(quarter) 没有待揭示的密封抽签，无需重新抽签理由 (there is no sealed draw to replace; leave redraw_reason out)")])
            }
            return nil
        }
        let existing = sealed.requiredInt("id")
        let name = Names(db: db).group(group)
        if try db.scalarInt("SELECT count(*) FROM supervision_inspections WHERE draw_id = ?", [existing]) > 0 {
            throw DomainError(.conflict, "\(name) \(quarter) 已按密封抽签 \(existing) 开展检查，不能重新抽签；请先揭示 (a visit already follows draw \(existing); reveal it, then plan a new round)",
                              extra: [JSON.Member("current_state", "sealed"), JSON.Member("allowed_actions", .array(["reveal"])), JSON.Member("draw_id", .int(existing))])
        }
        guard let reason, !reason.isEmpty else {
            throw DomainError(.conflict, "\(name) 在 \(quarter) 已有密封抽签 \(existing)（\(Instant.parse(sealed.requiredString("planned_at")).map { CalendarDate($0).iso } ?? "") 抽取，尚未揭示）；每组每季度只有一份密封抽签，重新抽签须写明理由 redraw_reason，原抽签保留并报区安委办 (one sealed draw per group and quarter: a re-draw needs redraw_reason)",
                              extra: [JSON.Member("current_state", "sealed"), JSON.Member("allowed_actions", .array(["redraw"])), JSON.Member("draw_id", .int(existing))])
        }
        return (existing, reason)
    }

    /// Reveals the sealed list after the visit: the list and secret must match the commitment and the draw.
    func reveal(_ id: Int64, _ values: Values, _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isOffice || tx.actor.role == .inspector else { throw DomainError.forbidden("只有区安委办或督导组可以揭示抽签 (only the office or the group reveals a draw)") }
        let row = try visibleRow(id, actor: tx.actor, tx.db)
        guard row.requiredString("status") == "sealed" else {
            throw DomainError(.conflict, "抽签 \(id) 已揭示 (draw \(id) is already revealed)", extra: [JSON.Member("current_state", "revealed"), JSON.Member("allowed_actions", .array([]))])
        }
        let inspections = try tx.db.query("SELECT id, territory_id FROM supervision_inspections WHERE draw_id = ? ORDER BY id", [id])
        if inspections.isEmpty && row.int("superseded_by") == nil {
            throw DomainError(.conflict, "抽签 \(id) 尚无依据它的检查：请先登记四不两直检查（draw_id \(id)）再揭示 (record the visit before revealing)",
                              extra: [JSON.Member("current_state", "sealed"), JSON.Member("allowed_actions", .array([]))])
        }
        let secretHex = (values.text("secret") ?? "").lowercased()
        guard let bytes = Crypto.fromHex(secretHex), !bytes.isEmpty else {
            throw DomainError.validation([FieldError("secret", "not_hex", "secret 须为密封信封中的十六进制文本 (secret must be the hex text from the sealed envelope)")])
        }
        let targets = values.objects("targets").map { DrawTarget(territoryID: $0.id("territory_id") ?? 0, enterpriseIDs: $0.ids("enterprise_ids")) }
        let check = verify(row: row, targets: targets, secretHex: secretHex)
        guard check.valid else {
            throw DomainError(.validation, "揭示的名单与抽签 \(id) 不符 (the revealed list does not match the commitment): " + check.problems.joined(separator: "; "),
                              fieldErrors: [FieldError("targets", "commitment_mismatch", check.problems.joined(separator: "; "))])
        }
        let deviations = try DrawService.deviations(targets: targets, inspections: inspections, tx.db)
        try tx.db.execute("UPDATE supervision_draws SET status = 'revealed', revealed_list = ?, secret = ?, deviations = ?, revealed_at = ? WHERE id = ?",
                          [JSON.array(targets.map(\.json)).serialized, secretHex, JSON.array(deviations).serialized, tx.nowText, id])
        let record = try json(try visibleRow(id, actor: .localAdministrator, tx.db), tx.db)
        try tx.audit(action: "supervision.draw.reveal", entity: "supervision_draw", entityID: String(id), after: record,
                     summary: "揭示抽签 \(id)：承诺值核验一致，偏差 \(deviations.count) 处" + (deviations.isEmpty ? "" : "（" + deviations.compactMap { $0["reason"]?.stringValue }.joined(separator: "；") + "）"))
        return record
    }

    /// What the visits did against the drawn list, per enterprise: a territory visited but not drawn,
    /// an enterprise visited but not drawn, a drawn enterprise or territory not visited.
    static func deviations(targets: [DrawTarget], inspections: [Row], _ db: Connection) throws -> [JSON] {
        let names = Names(db: db)
        var out: [JSON] = []
        func add(_ code: String, inspection: Int64?, territory: Int64, enterprise: Int64?, _ reason: String) {
            out.append(.object(["code": .string(code), "inspection_id": JSON(inspection), "territory_id": .int(territory), "enterprise_id": JSON(enterprise), "reason": .string(reason)]))
        }
        let drawn = Dictionary(targets.map { ($0.territoryID, $0.enterpriseIDs) }, uniquingKeysWith: { a, b in a + b })
        var visitedEnterprises: [Int64: Set<Int64>] = [:]
        var visitedTerritories = Set<Int64>()
        for inspection in inspections {
            let iid = inspection.requiredInt("id"), territory = inspection.requiredInt("territory_id")
            visitedTerritories.insert(territory)
            let enterprises = try db.query("SELECT enterprise_id FROM supervision_inspection_enterprises WHERE inspection_id = ? ORDER BY enterprise_id", [iid]).map { $0.requiredInt("enterprise_id") }
            visitedEnterprises[territory, default: []].formUnion(enterprises)
            guard let planned = drawn[territory] else {
                add("territory_not_drawn", inspection: iid, territory: territory, enterprise: nil, "检查 \(iid) 到访的\(names.territory(territory))不在抽中名单 (visited a territory that was not drawn)")
                continue
            }
            for enterprise in enterprises where !planned.contains(enterprise) {
                add("enterprise_not_drawn", inspection: iid, territory: territory, enterprise: enterprise,
                    "检查 \(iid) 检查了未抽中的企业\(names.enterprise(enterprise))（\(names.territory(territory))）(visited an enterprise that was not drawn)")
            }
        }
        for target in targets {
            guard visitedTerritories.contains(target.territoryID) else {
                add("territory_not_visited", inspection: nil, territory: target.territoryID, enterprise: nil, "抽中的\(names.territory(target.territoryID))未到访 (a drawn territory was not visited)")
                continue
            }
            for enterprise in target.enterpriseIDs where !(visitedEnterprises[target.territoryID] ?? []).contains(enterprise) {
                add("enterprise_not_visited", inspection: nil, territory: target.territoryID, enterprise: enterprise,
                    "抽中的企业\(names.enterprise(enterprise))（\(names.territory(target.territoryID))）未检查 (a drawn enterprise was not visited)")
            }
        }
        return out
    }

    struct Verification { var commitmentMatches: Bool; var drawMatches: Bool; var problems: [String]; var valid: Bool { commitmentMatches && drawMatches } }

    func verify(row: Row, targets: [DrawTarget], secretHex: String) -> Verification {
        var problems: [String] = []
        let group = row.requiredInt("group_id"), quarter = row.requiredString("quarter")
        let recomputed = SealedDraw.commitment(group: group, quarter: quarter, targets: targets, secretHex: secretHex)
        let commitmentMatches = recomputed == row.requiredString("commitment")
        if !commitmentMatches { problems.append("名单与密钥的 SHA-256 为 \(recomputed)，与密封承诺值 \(row.requiredString("commitment")) 不符 (the commitment does not match)") }
        var drawMatches = false
        if let secret = Crypto.fromHex(secretHex), let poolJSON = try? JSONParser.parse(row.requiredString("pool")), let pool = DrawPool.parse(poolJSON) {
            let redrawn = SealedDraw.draw(pool: pool, count: Int(row.requiredInt("territory_count")), perTerritory: Int(row.requiredInt("enterprises_per_territory")), secret: secret)
            drawMatches = redrawn == targets
            if !drawMatches { problems.append("由密钥和候选范围重新抽取得到的名单与揭示名单不同 (drawing again from the secret gives a different list)") }
        } else {
            problems.append("密钥或候选范围无法读取 (the secret or the stored pool cannot be read)")
        }
        return Verification(commitmentMatches: commitmentMatches, drawMatches: drawMatches, problems: problems)
    }

    /// Anyone who may see the draw can check a revealed draw against its commitment.
    func verify(_ id: Int64, actor: Actor) throws -> JSON {
        try core.read { db in
            let row = try visibleRow(id, actor: actor, db)
            guard row.requiredString("status") == "revealed", let list = row.string("revealed_list"), let secret = row.string("secret"),
                  let targets = (try? JSONParser.parse(list)).flatMap(DrawTarget.parse) else {
                throw DomainError(.conflict, "抽签 \(id) 尚未揭示，揭示后才能核验 (draw \(id) is still sealed; verify it once revealed)",
                                  extra: [JSON.Member("current_state", .string(row.requiredString("status")))])
            }
            let check = verify(row: row, targets: targets, secretHex: secret)
            let message = check.valid ? "抽签 \(id) 核验通过：名单与密钥的 SHA-256 与密封承诺值一致，且可由密钥重现 (valid)"
                : "抽签 \(id) 核验不通过：" + check.problems.joined(separator: "；") + " (invalid)"
            return .object(["draw_id": .int(id), "valid": .bool(check.valid), "verdict": .string(check.valid ? "valid" : "invalid"), "message": .string(message),
                            "commitment": .string(row.requiredString("commitment")),
                            "commitment_matches": .bool(check.commitmentMatches), "draw_matches": .bool(check.drawMatches),
                            "canonical": .string(SealedDraw.canonical(group: row.requiredInt("group_id"), quarter: row.requiredString("quarter"), targets: targets, secretHex: secret)),
                            "problems": JSON(check.problems)])
        }
    }

    func get(_ id: Int64, actor: Actor) throws -> JSON { try core.read { db in try json(try visibleRow(id, actor: actor, db), db) } }

    func list(actor: Actor, _ paging: Paging?) throws -> Page {
        let (after, limit) = try Paged.window(paging)
        return try core.read { db in
            var sql = "SELECT * FROM supervision_draws WHERE 1 = 1"
            var args: [any DatabaseValueConvertible] = []
            switch actor.scope {
            case .all: break
            case .group(let g): sql += " AND group_id = ?"; args.append(g)
            default: throw Self.refused(actor)
            }
            if let after { sql += " AND id > ?"; args.append(after) }
            return try Paged.page(try db.query(sql + " ORDER BY id LIMIT ?", args + [limit + 1]), limit: limit) { try json($0, db) }
        }
    }
}

extension DrawService {
    /// 待办 for the office: every re-draw (重新抽签) whose round is still sealed — which group and
    /// quarter, which draw it replaced, the recorded reason. Others see none.
    static let redrawOverview = OverviewSource(id: "supervision.redraws") { db, actor, _ in
        guard actor.isOffice else { return [] }
        let names = Names(db: db)
        return try db.query("""
            SELECT id, group_id, quarter, redraw_of, redraw_reason, planned_by, planned_at FROM supervision_draws
            WHERE redraw_of IS NOT NULL AND status = 'sealed' ORDER BY planned_at, id
            """).map { row in
            let group = names.group(row.requiredInt("group_id")), quarter = row.requiredString("quarter")
            return OverviewItem(module: "supervision", kind: "redraw",
                                title: "\(group) \(quarter) 四不两直重新抽签（抽签 \(row.requiredInt("id")) 取代抽签 \(row.int("redraw_of") ?? 0)）",
                                detail: "理由：\(row.string("redraw_reason") ?? "")；由 \(row.requiredString("planned_by")) 重新抽取。原密封抽签保留可查，请核实重新抽签是否正当 (a re-draw: check its reason)",
                                since: Instant.parse(row.requiredString("planned_at")).map { CalendarDate($0) },
                                link: "/api/v1/supervision/draws/\(row.requiredInt("id"))")
        }
    }
}
