// Planning a 四不两直 round: targets drawn at random, kept sealed (only the commitment is stored;
// the list and secret go to the planner once), revealed and checked after the visit.
import Kernel

struct DrawService {
    let core: Core
    var settings = SupervisionSettings.defaults

    private func visibleRow(_ id: Int64, actor: Actor, _ db: Connection) throws -> Row {
        var sql = "SELECT * FROM supervision_draws WHERE id = ?"
        var args: [any DatabaseValueConvertible] = [id]
        switch actor.scope {
        case .all: break
        case .group(let g): sql += " AND group_id = ?"; args.append(g)
        default: throw DomainError.notFound("draw", String(id))
        }
        guard let row = try db.queryOne(sql, args) else { throw DomainError.notFound("draw", String(id)) }
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
            "planned_by": .string(row.requiredString("planned_by")), "planned_at": .string(row.requiredString("planned_at")),
            "revealed_at": JSON(row.string("revealed_at")),
        ])
    }

    /// Plans a round; returns the public record and, once only, the sealed envelope (targets + secret).
    func plan(_ values: Values, secret given: [UInt8]? = nil, _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isOffice || tx.actor.role == .inspector else { throw DomainError.forbidden("only the office or a supervision group plans a 四不两直 round") }
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
        guard try db.queryOne("SELECT 1 FROM supervision_groups WHERE id = ?", [group]) != nil else { throw DomainError.notFound("supervision group", String(group)) }
        let covered = try Visibility.coveredTerritories(group: group, quarter: quarter, db)
        if covered.isEmpty { throw DomainError.validation([FieldError("quarter", "no_coverage", "督导组 \(group) 在 \(quarter) 没有负责的属地，请先设置 (group \(group) covers no territory in \(quarter); set its coverage first)")]) }
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
            INSERT INTO supervision_draws (group_id, quarter, territory_count, enterprises_per_territory, pool, excluded, commitment, status, planned_by, planned_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, 'sealed', ?, ?)
            """, [group, quarter.description, count, per, pool.json.serialized, JSON.array(pool.fallback.map { .int($0) }).serialized, commitment, tx.actor.username, tx.nowText])
        let id = db.lastInsertRowID
        let record = try json(try visibleRow(id, actor: .localAdministrator, db), db)
        // The audit keeps the public record and the commitment only: never the sealed list or the secret.
        try tx.audit(action: "supervision.draw.plan", entity: "supervision_draw", entityID: String(id), after: record,
                     summary: "sealed 四不两直 draw for group \(group) in \(quarter), commitment \(commitment.prefix(16))…")
        let envelope = JSON.object(["targets": .array(targets.map(\.json)), "secret": .string(secretHex),
                                    "note": "密封名单：仅此一次显示，请妥善保管；检查完成后凭此揭示 (reveal)"])
        return .object(["draw": record, "envelope": envelope])
    }

    /// Reveals the sealed list after the visit: the list and secret must match the commitment and the draw.
    func reveal(_ id: Int64, _ values: Values, _ tx: WriteTransaction) throws -> JSON {
        guard tx.actor.isOffice || tx.actor.role == .inspector else { throw DomainError.forbidden("only the office or the group reveals a draw") }
        let row = try visibleRow(id, actor: tx.actor, tx.db)
        guard row.requiredString("status") == "sealed" else {
            throw DomainError(.conflict, "draw \(id) is already revealed", extra: [JSON.Member("current_state", "revealed"), JSON.Member("allowed_actions", .array([]))])
        }
        let inspections = try tx.db.query("SELECT id, territory_id FROM supervision_inspections WHERE draw_id = ? ORDER BY id", [id])
        if inspections.isEmpty {
            throw DomainError(.conflict, "draw \(id) is still sealed: record the visit (an unannounced inspection naming draw \(id)) before revealing",
                              extra: [JSON.Member("current_state", "sealed"), JSON.Member("allowed_actions", .array([]))])
        }
        let secretHex = (values.text("secret") ?? "").lowercased()
        guard let bytes = Crypto.fromHex(secretHex), !bytes.isEmpty else {
            throw DomainError.validation([FieldError("secret", "not_hex", "secret 须为密封信封中的十六进制文本 (secret must be the hex text from the sealed envelope)")])
        }
        let targets = values.objects("targets").map { DrawTarget(territoryID: $0.id("territory_id") ?? 0, enterpriseIDs: $0.ids("enterprise_ids")) }
        let check = verify(row: row, targets: targets, secretHex: secretHex)
        guard check.valid else {
            throw DomainError(.validation, "the revealed list does not match draw \(id): " + check.problems.joined(separator: "; "),
                              fieldErrors: [FieldError("targets", "commitment_mismatch", check.problems.joined(separator: "; "))])
        }
        let drawn = Set(targets.map(\.territoryID))
        let deviations = inspections.filter { !drawn.contains($0.requiredInt("territory_id")) }.map { insp -> JSON in
            .object(["inspection_id": .int(insp.requiredInt("id")), "territory_id": .int(insp.requiredInt("territory_id")), "reason": "visited a territory that was not drawn"])
        }
        try tx.db.execute("UPDATE supervision_draws SET status = 'revealed', revealed_list = ?, secret = ?, deviations = ?, revealed_at = ? WHERE id = ?",
                          [JSON.array(targets.map(\.json)).serialized, secretHex, JSON.array(deviations).serialized, tx.nowText, id])
        let record = try json(try visibleRow(id, actor: .localAdministrator, tx.db), tx.db)
        try tx.audit(action: "supervision.draw.reveal", entity: "supervision_draw", entityID: String(id), after: record,
                     summary: "revealed draw \(id): commitment verified, \(deviations.count) deviation(s)")
        return record
    }

    struct Verification { var commitmentMatches: Bool; var drawMatches: Bool; var problems: [String]; var valid: Bool { commitmentMatches && drawMatches } }

    func verify(row: Row, targets: [DrawTarget], secretHex: String) -> Verification {
        var problems: [String] = []
        let group = row.requiredInt("group_id"), quarter = row.requiredString("quarter")
        let recomputed = SealedDraw.commitment(group: group, quarter: quarter, targets: targets, secretHex: secretHex)
        let commitmentMatches = recomputed == row.requiredString("commitment")
        if !commitmentMatches { problems.append("SHA-256 of the list and secret is \(recomputed), the sealed commitment is \(row.requiredString("commitment"))") }
        var drawMatches = false
        if let secret = Crypto.fromHex(secretHex), let poolJSON = try? JSONParser.parse(row.requiredString("pool")), let pool = DrawPool.parse(poolJSON) {
            let redrawn = SealedDraw.draw(pool: pool, count: Int(row.requiredInt("territory_count")), perTerritory: Int(row.requiredInt("enterprises_per_territory")), secret: secret)
            drawMatches = redrawn == targets
            if !drawMatches { problems.append("drawing again from the secret and the pool gives a different list") }
        } else {
            problems.append("the secret or the stored pool cannot be read")
        }
        return Verification(commitmentMatches: commitmentMatches, drawMatches: drawMatches, problems: problems)
    }

    /// Anyone who may see the draw can check a revealed draw against its commitment.
    func verify(_ id: Int64, actor: Actor) throws -> JSON {
        try core.read { db in
            let row = try visibleRow(id, actor: actor, db)
            guard row.requiredString("status") == "revealed", let list = row.string("revealed_list"), let secret = row.string("secret"),
                  let targets = (try? JSONParser.parse(list)).flatMap(DrawTarget.parse) else {
                throw DomainError(.conflict, "draw \(id) is still sealed; it can be verified once revealed",
                                  extra: [JSON.Member("current_state", .string(row.requiredString("status")))])
            }
            let check = verify(row: row, targets: targets, secretHex: secret)
            return .object(["draw_id": .int(id), "valid": .bool(check.valid), "commitment": .string(row.requiredString("commitment")),
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
            default: return Page(items: [], next: nil)
            }
            if let after { sql += " AND id > ?"; args.append(after) }
            return try Paged.page(try db.query(sql + " ORDER BY id LIMIT ?", args + [limit + 1]), limit: limit) { try json($0, db) }
        }
    }
}
