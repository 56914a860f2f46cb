// `anwei audit verify|list`: the hash-chained audit log.
import CLI
import Kernel

enum AuditCommands {
    static func command(_ session: Session) -> Command {
        Command("audit", summary: "the tamper-evident audit log of every write", subcommands: [
            Command("verify", summary: "check the hash chain; names the first broken record",
                    examples: ["anwei audit verify --db anwei.db"]) { invocation in
                try withDomainErrors {
                    let app = try session.application(invocation)
                    try Session.requireSystem(try session.actor(invocation, app.core), "verifies the audit log")
                    // Streams the chain (flat memory); on a terminal, records checked so far.
                    let result = try app.core.read { db in
                        let progress = Progress.forPeople(invocation.output, format: invocation.format, label: "audit verify", total: try AuditLog.headCount(db))
                        defer { progress?.finish() }
                        let verdict = try AuditLog.verify(db) { progress?.update($0) }
                        progress?.update(verdict.records)
                        return verdict
                    }
                    if let broken = result.firstBroken {
                        if invocation.format == .json {
                            invocation.output.line(JSON.object(["intact": false, "records": .int(Int64(result.records)), "first_broken_id": .int(broken.id), "reason": .string(broken.reason)]).pretty)
                        }
                        throw CommandError(.failure, "审计链在第 \(broken.id) 条记录处断开：\(broken.reason) (audit chain broken at record \(broken.id))")
                    }
                    Render.done("audit chain intact: \(result.records) record(s)", .object(["intact": true, "records": .int(Int64(result.records))]), invocation)
                }
            },
            Command("list", summary: "list audit records, newest first",
                    examples: ["anwei audit list --entity enterprise --entity-id 12", "anwei audit list --actor fgj --since 2024-03-01"],
                    options: AuditRoutes.filters.options + Paging.contract.options) { invocation in
                try withDomainErrors {
                    let app = try session.application(invocation)
                    try Session.requireSystem(try session.actor(invocation, app.core), "reads the audit log")
                    let filters = try AuditRoutes.filters.values(invocation, nil)
                    let paging = try Paging.read(invocation)
                    let limit = invocation.format == .csv ? 100_000 : paging.limit
                    let found = try app.core.read {
                        try AuditLog.list($0, entity: filters.text("entity"), entityID: filters.text("entity_id"), actor: filters.text("actor"),
                                          since: filters.date("since").map { Instant.utc($0.startInstant) }, until: filters.date("until").map { Instant.utc($0.startInstant) },
                                          before: try paging.afterID(), limit: limit + 1)
                    }
                    let records = Array(found.prefix(limit))
                    if found.count > limit { Render.nextPage(String(records[limit - 1].id), invocation) }
                    Render.list(records.map(\.json), columns: ["id", "at", "actor", "action", "entity", "entity_id", "summary"], invocation)
                }
            },
        ])
    }
}
